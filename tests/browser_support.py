"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright (no browser download)."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextmanager
def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watch_requests(page, base_url: str) -> list[str]:
    """Collect every request that leaves the local server."""
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(base_url) and not request.url.startswith("data:") else None)
    return outside


#: Reports every Content-Security-Policy violation of every page to the test (a listener added
#: before any of the page's own scripts run, in every page the context opens).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", event => window.__showcaseCsp({
    page: location.href, directive: event.effectiveDirective, blocked: event.blockedURI,
    sample: event.sample, line: event.lineNumber,
}));
"""


def new_context(browser, **options):
    """``browser.new_context`` whose ``csp_violations`` lists every CSP violation of its pages."""
    context = browser.new_context(**options)
    violations: list[dict] = []
    context.expose_binding("__showcaseCsp", lambda source, violation: violations.append(violation))
    context.add_init_script(_CSP_LISTENER)
    context.csp_violations = violations
    return context


def close_checked(context) -> None:
    """Close a context from :func:`new_context`, asserting that its pages violated no CSP."""
    violations = list(context.csp_violations)
    context.close()
    assert violations == [], f"Content-Security-Policy violations: {violations}"


@contextmanager
def browser_context(browser, **options):
    """A browser context whose pages must cause no CSP violation (asserted when the block ends
    without an error)."""
    context = new_context(browser, **options)
    try:
        yield context
    except BaseException:
        context.close()
        raise
    close_checked(context)


@contextmanager
def phone_page(browser, base_url: str):
    """A page as on a 360 px phone; ``page.outside`` collects requests that leave the local server;
    any CSP violation fails the test."""
    with browser_context(browser, viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True) as context:
        page = context.new_page()
        page.outside = watch_requests(page, base_url)
        yield page


def image_loads(image) -> bool:
    """Whether a lazy ``<img>`` (a Playwright locator), once scrolled into view, loads a picture."""
    image.scroll_into_view_if_needed()
    return image.evaluate("""img => new Promise(resolve => {
        if (img.complete && img.naturalWidth) return resolve(true);
        img.addEventListener("load", () => resolve(img.naturalWidth > 0));
        img.addEventListener("error", () => resolve(false));
    })""")

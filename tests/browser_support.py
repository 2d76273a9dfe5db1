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


@contextmanager
def phone_page(browser, base_url: str):
    """A page as on a 360 px phone; ``page.outside`` collects requests that leave the local server."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.outside = watch_requests(page, base_url)
    try:
        yield page
    finally:
        context.close()


def image_loads(image) -> bool:
    """Whether a lazy ``<img>`` (a Playwright locator), once scrolled into view, loads a picture."""
    image.scroll_into_view_if_needed()
    return image.evaluate("""img => new Promise(resolve => {
        if (img.complete && img.naturalWidth) return resolve(true);
        img.addEventListener("load", () => resolve(img.naturalWidth > 0));
        img.addEventListener("error", () => resolve(false));
    })""")

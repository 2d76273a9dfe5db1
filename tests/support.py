"""What the tests share: running build.py and building a fixture site as a person would, serving
a built site on 127.0.0.1, and driving Debian's Chromium with Playwright (no browser download)."""

from __future__ import annotations

import filecmp
import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from conftest import REPO

# --- LibreOffice as a second reader ------------------------------------------------------------


def soffice_convert(source: Path, target: str, *, timeout: float) -> subprocess.CompletedProcess:
    """LibreOffice converts ``source`` to ``target`` (``pdf``, ``fods``, …) in the same folder,
    with a profile of its own there (tests running at once do not share one)."""
    folder = source.parent
    return subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
    )


# --- build.py in a terminal ----------------------------------------------------------------------


def run_build_py(root: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """``python build.py <args>`` with ``root`` as the project (build.py is linked into it)."""
    link = root / "build.py"
    if not link.exists():
        link.symlink_to(REPO / "build.py")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "build.py", *args],
        cwd=root,
        env=env,
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


OWNERS_PATHS = """paths:
  - owners.yml
  - featured.yml
  - projects/
  - .github/
"""


def write_owners(root: Path, bureau: list[str] | None = None) -> Path:
    """An ``owners.yml`` with the given bureau accounts and a few bureau paths."""
    path = root / "owners.yml"
    path.write_text(f"bureau: [{', '.join(bureau or [])}]\n" + OWNERS_PATHS, encoding="utf-8")
    return path


def set_editors(root: Path, school_id: str, editors: list[str]) -> None:
    path = root / "schools" / school_id / "school.yml"
    text = path.read_text(encoding="utf-8").replace("editors: []", f"editors: [{', '.join(editors)}]")
    path.write_text(text, encoding="utf-8")


# --- a fixture site built with the real configuration --------------------------------------------


def link_project_files(root: Path) -> None:
    """Make ``root`` a project: the repository's configuration beside the fixture content (the
    content is copied: the check refuses links in it)."""
    for name in ("mkdocs.yml", "overrides", "hooks", "build.py", "templates", "showcase"):
        target = root / name
        if not target.exists():
            target.symlink_to(REPO / name)
    for name in ("content", "news", "compilation", "featured.yml", "assessment.yml", "site.yml", "synonyms.yml"):
        target = root / name
        if not target.exists() and not target.is_symlink():
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, target)
    (root / "demo").mkdir(exist_ok=True)


def build_site(
    root: Path, *, publish: bool = False, extra_args: list[str] | None = None, environ: dict | None = None
) -> subprocess.CompletedProcess:
    link_project_files(root)
    command = [sys.executable, "build.py", "build", *(["--publish"] if publish else []), *(extra_args or [])]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(environ or {}))
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)


# --- serving and the browser --------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address gets the site's 404.html with status 404, as nginx serves it
        (deploy/nginx/showcase.conf: error_page 404 /404.html), whatever its depth."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


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
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(base_url) and not request.url.startswith("data:")
            else None
        ),
    )
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
    with browser_context(
        browser, viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    ) as context:
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


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> str:
    """The page as served, without the number MkDocs' live-reload script changes each build."""
    import re

    with urllib.request.urlopen(url, timeout=10) as response:
        return re.sub(r"livereload\(\d+, \d+\)", "livereload()", response.read().decode("utf-8"))


def wait_for(url: str, ready, timeout: float = 90) -> str:
    """The page at ``url`` once ``ready(page)`` holds (it is served and up to date)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            body = get(url)
            if ready(body):
                return body
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not become ready")


# --- hostile input -------------------------------------------------------------------------------

#: Script that would run with no click, or take over the page: each must be neutralised.
HOSTILE_MARKDOWN = {
    "attr-list-onload": '![图](images/a.png){: onload="window.pwned=1" }',
    "attr-list-style-overlay": '段落\n{: style="position:fixed;top:0;left:0;width:100%;height:100%" }',
    "attr-list-onclick-heading": '## 标题 { onclick="window.pwned=1" }',
    "svg-slash-onload": "<svg/onload=window.pwned=1>",
    "img-slash-onerror": "<img/src/onerror=window.pwned=1>",
    "details-handler-next-line": '<details open\nontoggle="window.pwned=1">x</details>',
    "reference-link-javascript": "[点我][x]\n\n[x]: javascript:window.pwned=1",
    "entity-javascript": '<a href="&#106;avascript:window.pwned=1">y</a>',
    "hex-entity-javascript": '<a href="&#x6A;avascript&#x3A;window.pwned=1">y</a>',
    "tab-in-scheme": '<a href="java\tscript:window.pwned=1">y</a>',
    "upper-case-scheme": "[y](JaVaScRiPt:window.pwned=1)",
    "data-url-link": "[y](data:text/html;base64,PHNjcmlwdD4=)",
    "vbscript": '<a href="vbscript:msgbox(1)">y</a>',
    "script-tag": "<script>window.pwned=1</script>",
    "script-after-unclosed-fence": "```\ncode\n\n<script>window.pwned=1</script>",
    "indented-fence": "    ```\n<img src=x onerror=window.pwned=1>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object-embed": '<object data="x.swf"></object><embed src="y.swf">',
    "form-button": '<form action="https://evil.example/"><button formaction="javascript:1">x</button></form>',
    "base-href": '<base href="https://evil.example/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "style-element": "<style>body{display:none}</style>",
    "math-mxss": "<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=1>",
    "noscript-mxss": '<noscript><p title="</noscript><img src=x onerror=window.pwned=1>">',
    "svg-use": '<svg><use href="data:image/svg+xml,<svg id=x/>#x"/></svg>',
    "protocol-relative-link": "[y](//evil.example/)",
    "backslash-link": '<a href="\\\\evil.example">y</a>',
    "outside-image": "![图](https://evil.example/track.png)",
    "class-takeover": "段落\n{: .md-dialog .md-dialog--active }",
    "id-clobbering": "## 配置 { #__config }",
    "id-clobbering-raw": '<p id="sc-search">x</p>',
    "nested-div-markdown": '<div markdown="1"><div onclick="window.pwned=1" markdown="1">x</div></div>',
    "srcdoc": '<iframe srcdoc="<script>window.pwned=1</script>"></iframe>',
    "formaction-input": '<input type="image" src="x" onerror="window.pwned=1">',
}


@contextmanager
def serving_preview(root: Path, log_path: Path):
    """``build.py serve`` of the project at ``root`` on a free loopback port, its output in
    ``log_path``; yields the base URL once the home page is served, and stops it afterwards."""
    port = free_port()
    log = open(log_path, "w+", encoding="utf-8")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, lambda body: "<html" in body, timeout=180)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def tree_differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two folders, or are in one only."""

    def walk(comparison: filecmp.dircmp) -> list[str]:
        found = [
            f"{comparison.left}/{name}" for name in comparison.diff_files + comparison.left_only + comparison.right_only
        ]
        for sub in comparison.subdirs.values():
            found += walk(sub)
        return found

    return walk(filecmp.dircmp(left, right, ignore=[]))

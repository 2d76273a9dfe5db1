"""deploy/nginx: the shipped server blocks pass `nginx -t`, and a real nginx on loopback serves a
small site with the security headers on every response, gzip, immutable caching of
fingerprinted assets only, the 404 page and no dotfiles.

Debian's nginx is installed by `bash scripts/dev.sh test`; missing, the test fails (CI has it).
The certificate is a throwaway self-signed one made with the openssl command (ca-certificates
depends on it, so every Debian machine with pip has it).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO

DEPLOY = REPO / "deploy" / "nginx"
HOST = "showcase.example.gov.cn"
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
HSTS = "max-age=31536000"
IMMUTABLE = "public, max-age=31536000, immutable"
CSS = "/assets/stylesheets/main.57a0d79d.min.css"
JS = "/assets/javascripts/bundle.a5f9d56c.min.js"
WORKER = "/assets/javascripts/workers/search.a7633da7.min.js"
NOT_FOUND_PAGE = "<!doctype html><title>页面不存在</title><h1>404 页面不存在</h1>\n"


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        pytest.fail("nginx is not installed: run `bash scripts/dev.sh test` (it installs Debian's nginx)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_site(site: Path) -> None:
    """A few files shaped like a built site, text large enough for gzip."""
    filler = "正文内容。" * 200
    files = {
        "index.html": f"<!doctype html><title>首页</title><p>{filler}</p>\n",
        "404.html": NOT_FOUND_PAGE,
        "guide/index.html": f"<!doctype html><title>投稿指南</title><p>{filler}</p>\n",
        CSS[1:]: "body{color:#333}" * 100,
        JS[1:]: "console.log(1);" * 100,
        WORKER[1:]: "self.onmessage=function(){};" * 50,
        "assets/showcase.css": ".sc-card{margin:0}" * 100,
        "assets/javascripts/lunr/min/lunr.zh.min.js": "var a=1;" * 100,
        "feed.xml": '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        + "<entry><title>新材料</title></entry>" * 20
        + "</feed>\n",
        "news/feed.xml": '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>\n',
        "sitemap.xml": '<?xml version="1.0" encoding="UTF-8"?><urlset/>\n',
        "data/cases.csv": "\ufeff编号,标题\r\n" + "caimao/2018-case,以诊促改的实践\r\n" * 50,
        "data/cases.json": '{"count": 0, "cases": []}\n' + " " * 300,
        "manifest.webmanifest": '{"name": "太原市中职教育改革发展项目试点成果展示"}\n',
        "search/g/0.bin": "\0" * 64,
        "admin/index.html": "<!doctype html><title>网页投稿</title>\n",
        "admin/config.yml": "locale: zh_Hans\n",
        "admin/decap-cms.js": "var cms=1;" * 100,
        ".env": "SECRET=1\n",
        ".git/config": "[core]\n",
        "assets/.hidden.css": "secret{}",
    }
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def substitute(text: str, replacements: dict[str, str]) -> str:
    """Replace each placeholder, insisting that it is there (the test follows the shipped file)."""
    for old, new in replacements.items():
        assert old in text, f"{old!r} not in the shipped configuration"
        text = text.replace(old, new)
    return text


class Nginx:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.http_port, self.https_port = free_port(), free_port()
        while self.https_port == self.http_port:
            self.https_port = free_port()
        self.error_log = root / "error.log"
        site, snippets, ssl_dir = root / "site", root / "snippets", root / "ssl"
        make_site(site)
        snippets.mkdir()
        for snippet in sorted((DEPLOY / "snippets").glob("*.conf")):
            shutil.copy(snippet, snippets)
        ssl_dir.mkdir()
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                f"/CN={HOST}",
                "-keyout",
                str(ssl_dir / "key.pem"),
                "-out",
                str(ssl_dir / "cert.pem"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        server = substitute(
            (DEPLOY / "showcase.conf").read_text(encoding="utf-8"),
            {
                "/srv/showcase/site": str(site),
                "/etc/nginx/snippets/": f"{snippets}/",
                f"/etc/nginx/ssl/{HOST}.pem": str(ssl_dir / "cert.pem"),
                f"/etc/nginx/ssl/{HOST}.key": str(ssl_dir / "key.pem"),
                "listen 80;": f"listen 127.0.0.1:{self.http_port};",
                "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
                "listen [::]:80;": "",
                "listen [::]:443 ssl http2;": "",
            },
        )
        (root / "showcase.conf").write_text(server, encoding="utf-8")
        temp = root / "temp"
        temp.mkdir()
        # The http {} block of Debian's nginx.conf, with every path in the temporary folder.
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the 0700 tmp folder
        self.conf = root / "nginx.conf"
        self.conf.write_text(
            f"""{user}worker_processes 1;
pid {root}/nginx.pid;
error_log {self.error_log} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {root}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {root}/showcase.conf;
}}
""",
            encoding="utf-8",
        )
        self.binary = nginx_binary()
        self.process: subprocess.Popen | None = None

    def command(self, *extra: str) -> list[str]:
        return [self.binary, "-p", f"{self.root}/", "-e", str(self.error_log), "-c", str(self.conf), *extra]

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=60)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"nginx stopped: {self.process.stderr.read().decode()} {self.error_log.read_text()}"
                )
            try:
                for port in (self.http_port, self.https_port):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("nginx did not start listening within 15 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # fast shutdown of the master and its worker
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    server = Nginx(tmp_path_factory.mktemp("nginx"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def running(nginx):
    nginx.start()
    return nginx


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(server: Nginx, path: str, *, https: bool = True, gzip_ok: bool = False):
    """(status, headers, body bytes) of a GET on loopback; redirects are not followed."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the throwaway self-signed certificate
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        urllib.request.HTTPSHandler(context=context),
        NoRedirect(),
    )
    port = server.https_port if https else server.http_port
    url = f"{'https' if https else 'http'}://127.0.0.1:{port}{path}"
    headers = {"Host": HOST, "Accept-Encoding": "gzip" if gzip_ok else "identity"}
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def assert_security_headers(headers, *, https: bool = True) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], name
    assert headers.get_all("Strict-Transport-Security") == ([HSTS] if https else None)
    assert headers["Server"] == "nginx"  # server_tokens off: no version


# --- the configuration ------------------------------------------------------------------------


def test_nginx_t_accepts_the_shipped_configuration(nginx):
    result = nginx.check()
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_hsts_only_in_the_https_server():
    text = (DEPLOY / "showcase.conf").read_text(encoding="utf-8")
    http_server, https_server = text.split("\nserver {")[1:]
    assert "Strict-Transport-Security" not in http_server
    assert "Strict-Transport-Security" in https_server
    assert "Strict-Transport-Security" not in (DEPLOY / "snippets" / "showcase-security-headers.conf").read_text(
        encoding="utf-8"
    )


def blocks(text: str, keyword: str) -> list[str]:
    """The bodies of the ``keyword ... { ... }`` blocks of an nginx file (comments removed,
    nested braces matched)."""
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    found = []
    for match in re.finditer(rf"(^|[;{{}}\s]){keyword}\s[^{{;]*\{{", text):
        depth, start = 1, match.end()
        at = start
        while depth:
            depth += {"{": 1, "}": -1}.get(text[at], 0)
            at += 1
        found.append(text[start : at - 1])
    return found


def test_no_location_drops_the_servers_headers():
    """nginx's pitfall: a location with an add_header of its own inherits none of the server's."""
    text = (DEPLOY / "showcase.conf").read_text(encoding="utf-8")
    locations = blocks(text, "location")
    assert len(locations) >= 5
    for body in locations:
        if "add_header" in body:
            assert "showcase-security-headers.conf" in body, body
    for server in blocks(text, "server"):
        assert "include /etc/nginx/snippets/showcase-security-headers.conf;" in server


# --- a running server -------------------------------------------------------------------------


def test_http_redirects_to_https(running):
    status, headers, _ = fetch(running, "/guide/?q=1", https=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/guide/?q=1"
    assert_security_headers(headers, https=False)


def test_page_with_headers_and_no_cache(running):
    status, headers, body = fetch(running, "/")
    assert status == 200 and "首页" in body.decode("utf-8")
    assert_security_headers(headers)
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, headers, body = fetch(running, "/guide/")
    assert status == 200 and "投稿指南" in body.decode("utf-8")


def test_folder_without_slash_redirects(running):
    status, headers, _ = fetch(running, "/guide")
    assert status == 301 and headers["Location"] == "/guide/"
    assert_security_headers(headers)


def test_404_page(running):
    status, headers, body = fetch(running, "/no/such/page/")
    assert status == 404
    assert body.decode("utf-8") == NOT_FOUND_PAGE
    assert_security_headers(headers)
    assert headers["Cache-Control"] == "no-cache"
    # A missing fingerprinted asset is not cached for a year either.
    status, headers, _ = fetch(running, "/assets/stylesheets/main.00000000.min.css")
    assert status == 404 and headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", [CSS, JS, WORKER])
def test_fingerprinted_assets_are_immutable_and_gzipped(running, path):
    status, headers, plain = fetch(running, path)
    assert status == 200 and headers["Cache-Control"] == IMMUTABLE
    assert_security_headers(headers)
    assert headers.get("Content-Encoding") is None
    status, headers, packed = fetch(running, path, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(packed) == plain and len(packed) < len(plain)
    assert_security_headers(headers)


@pytest.mark.parametrize(
    "path", ["/assets/showcase.css", "/assets/javascripts/lunr/min/lunr.zh.min.js", "/search/g/0.bin", "/feed.xml"]
)
def test_other_files_are_revalidated(running, path):
    status, headers, _ = fetch(running, path)
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    assert_security_headers(headers)


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/news/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/data/cases.csv", "text/csv; charset=utf-8"),
        ("/data/cases.json", "application/json; charset=utf-8"),
        ("/manifest.webmanifest", "application/manifest+json; charset=utf-8"),
        (CSS, "text/css; charset=utf-8"),
    ],
)
def test_content_types(running, path, content_type):
    status, headers, _ = fetch(running, path)
    assert status == 200 and headers["Content-Type"] == content_type


@pytest.mark.parametrize("path", ["/", "/feed.xml", "/data/cases.csv", "/data/cases.json"])
def test_text_is_gzipped_when_asked(running, path):
    _, _, plain = fetch(running, path)
    status, headers, packed = fetch(running, path, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == plain


@pytest.mark.parametrize("path", ["/.env", "/.git/config", "/assets/.hidden.css", "/.git/"])
def test_dotfiles_are_denied(running, path):
    status, headers, body = fetch(running, path)
    assert status in (403, 404)
    assert b"SECRET" not in body and b"[core]" not in body and b"secret" not in body
    assert_security_headers(headers)


def test_admin_has_its_own_policy_beside_the_servers_headers(running):
    """/admin/ (the web form) gets the policy generated from cms.yml, and keeps every other header."""
    snippet = (DEPLOY / "snippets" / "showcase-admin-csp.conf").read_text(encoding="utf-8")
    policy = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', snippet).group(1)
    status, headers, body = fetch(running, "/admin/")
    assert status == 200 and "网页投稿" in body.decode("utf-8")
    assert headers.get_all("Content-Security-Policy") == [SECURITY_HEADERS["Content-Security-Policy"], policy]
    for name, value in SECURITY_HEADERS.items():
        if name != "Content-Security-Policy":
            assert headers[name] == value
    assert headers["Strict-Transport-Security"] == HSTS
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, headers, _ = fetch(running, "/admin/config.yml")
    assert status == 200 and headers["Content-Type"].startswith("text/yaml")
    status, headers, _ = fetch(running, "/")
    assert headers.get_all("Content-Security-Policy") == [SECURITY_HEADERS["Content-Security-Policy"]]


def test_the_sites_own_404_page_at_depth_in_a_browser(tmp_path, demo_site, browser):
    """The built site's 404.html through the shipped configuration, for a deep address: Chinese,
    styled, its links and search form work, under the server's headers and the page's own policy."""
    from support import browser_context, watch_requests

    server = Nginx(tmp_path)
    shutil.rmtree(tmp_path / "site")
    shutil.copytree(demo_site, tmp_path / "site")
    server.start()
    try:
        base = f"https://127.0.0.1:{server.https_port}/"
        with browser_context(browser, viewport={"width": 360, "height": 740}, ignore_https_errors=True) as context:
            page = context.new_page()
            outside = watch_requests(page, base)
            response = page.goto(base + "no/such/deep/path/")
            assert response.status == 404
            assert page.locator("h1").inner_text().strip() == "页面未找到"
            assert page.locator(".md-header").evaluate("node => getComputedStyle(node).position") == "sticky"
            page.locator(".sc-notfound__sections").get_by_role("link", name="新闻").click()
            assert page.url == base + "news/"
            page.goto(base + "x/y/")
            page.get_by_label("搜索本站").fill("实训")
            page.get_by_label("搜索本站").press("Enter")
            page.locator(".cs-results li").first.wait_for()
            assert outside == []
    finally:
        server.stop()

"""Hostile submissions in the local preview, loaded in Chromium: no script of theirs ever runs.

The preview (``build.py serve``) shows submissions that have errors, sanitised, so that a school
sees what it wrote; its pages allow inline scripts (for live reload), so this test checks the
sanitiser alone, with the Content-Security-Policy's second line of defence switched off.  Every
page of the site is loaded, the search runs over the hostile words, and a sentinel that any
payload would set must stay unset.
"""

from __future__ import annotations

import re
import urllib.request

import pytest

from conftest import VALID_FRONT, make_tree
from support import HOSTILE_MARKDOWN, link_project_files, new_context, serving_preview

#: Sets the sentinel if it ever runs.
SENTINEL = "window.pwned=1"


def _case(title: str, body: str, **front: str) -> str:
    text = VALID_FRONT.replace("以诊促改的实践", title).replace("正文内容。", body)
    for key, value in front.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    return text


def hostile_files() -> dict[str, str]:
    files = {}
    for number, (name, payload) in enumerate(sorted(HOSTILE_MARKDOWN.items())):
        files[f"schools/caimao/2018-hostile-{number:02d}.md"] = _case(f"恶意输入第{number}篇（{name}）", payload)
    # Values that pass the front-matter rules but are markup to Markdown or to a template.
    files["schools/weisheng/2018-hostile-front.md"] = _case(
        "标题 {{ 7*7 }} [x](javascript:window.pwned=1) { onclick='window.pwned=1' }",
        '正文 {: onclick="window.pwned=1" }\n\n[链接](javascript:window.pwned=1)',
        summary="'摘要 [x](javascript:window.pwned=1) {: onmouseover=window.pwned=1 }'",
        authors="['作者 `x` *y*', '{{ 1 }}']",
        tags="['标签 [t](javascript:window.pwned=1)']",
    )
    files["news/2019-hostile.md"] = (
        "---\ntitle: 恶意新闻\ndate: 2019-05-01\nkind: 工作动态\nsummary: 新闻摘要。\n---\n\n"
        "<img src=x onerror=window.pwned=1>\n\n[点](javascript:window.pwned=1)\n"
    )
    return files


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    root = make_tree(tmp / "project", hostile_files())
    link_project_files(root)
    with serving_preview(root, tmp / "serve.log") as base:
        yield base, tmp / "serve.log"


def _pages(base: str) -> list[str]:
    with urllib.request.urlopen(base + "sitemap.xml", timeout=10) as response:
        sitemap = response.read().decode("utf-8")
    paths = sorted(
        {re.sub(r"^.*?//[^/]+/", "", loc) if "//" in loc else loc for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)}
    )
    return [base + path.lstrip("/") for path in paths]


def test_no_payload_runs_on_any_page(preview, browser):
    base, log = preview
    pages = _pages(base)
    assert any("2018-hostile-" in url for url in pages) and any("news/2019-hostile" in url for url in pages)
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fired = []
    for url in pages:
        page.goto(url, wait_until="load")
        page.mouse.move(5, 5)
        page.mouse.move(640, 450)
        if page.evaluate("window.pwned === 1"):
            fired.append(url)
    # The search: results and snippets of the hostile cases, built in the browser from the index.
    for term in ("pwned", "javascript", "恶意输入"):
        page.goto(f"{base}search/?q={term}", wait_until="load")
        page.wait_for_selector("[data-search-page][data-state=done]", timeout=30_000)
        if page.evaluate("window.pwned === 1"):
            fired.append(f"search {term}")
    context.close()
    assert fired == []
    # The preview said what it had to remove (the same problems check reports).
    text = log.read_text(encoding="utf-8")
    assert "sanitized" in text and "raw-html" in text


def test_every_link_and_image_address_is_safe(preview, browser):
    """No page of the preview has a script address, a handler or a style attribute in its markup."""
    base, _ = preview
    bad = []
    for url in _pages(base):
        with urllib.request.urlopen(url, timeout=10) as response:
            html = response.read().decode("utf-8")
        main = html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
        bad += [
            f"{url}: {m}"
            for m in re.findall(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data):[^"' >]*""", main, re.I)
        ]
        bad += [f"{url}: {m}" for m in re.findall(r"<[a-z][^>]*\son[a-z]+\s*=", main, re.I)]
        bad += [f"{url}: {m}" for m in re.findall(r"<[a-z][^>]*\sstyle\s*=", main, re.I)]
    assert bad == []

"""A WeChat article as a reader's phone shows it: article.html of the demo's richest case opened
in Chromium at 360 px, with nothing wider than the screen, every image loaded from its numbered
file and no request anywhere else."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from showcase.output import wechat
from support import CHROMIUM, CHROMIUM_ARGS

CASE_ID = "dachang-qiche/2019-xiaoqi-gongjian-shixun"


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    root = tmp_path_factory.mktemp("wechat")
    for name in ("projects", "schools", "demo", "content"):
        shutil.copytree(REPO / name, root / name)
    lines: list[str] = []
    assert wechat.run(root, [CASE_ID], featured=False, demo=True, out_dir=root / "out", echo=lines.append) == 0, lines
    return root / "out" / CASE_ID / "article.html"


def test_article_reads_on_a_360_px_phone(article, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(article.as_uri(), wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            images = page.evaluate(
                "[...document.images].map(i => [i.getAttribute('src'), i.naturalWidth, i.getBoundingClientRect().width])"
            )
            assert [src for src, _, _ in images] == ["01.jpg", "02.png", "03.png"]
            assert all(natural > 0 and 0 < shown <= 360 for _, natural, shown in images)
            paragraph = page.evaluate(
                "(() => { const p = [...document.querySelectorAll('p')].find(p => p.textContent.startsWith('汽车后市场'));"
                " const s = getComputedStyle(p); return [s.fontSize, s.lineHeight, s.textAlign]; })()"
            )
            assert paragraph == ["16px", "28.8px", "justify"]
            page.screenshot(path=tmp_path / "article-360.png", full_page=True)
            assert all(url.startswith("file://") for url in requests), requests
        finally:
            browser.close()

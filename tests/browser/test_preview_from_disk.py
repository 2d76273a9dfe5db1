"""The pull-request preview, as a teacher opens it: unzipped and double-clicked (``file://``).

Chromium with default settings opens the pages, follows links to folders (they name their
``index.html``), opens a case and searches, with no CSP violation and no request that leaves
the folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_tree
from showcase.output.offline import rewrite_page, to_index_html
from support import browser_context, build_site, link_project_files, watch_requests


@pytest.mark.parametrize(
    "url, expected",
    [
        ("schools/", "schools/index.html"),
        (".", "./index.html"),
        ("..", "../index.html"),
        ("../..", "../../index.html"),
        ("./", "./index.html"),
        ("../search/?q=诊改", "../search/index.html?q=诊改"),
        ("../cases/#筛选", "../cases/index.html#筛选"),
        ("#主要做法", "#主要做法"),
        ("?year=2018", "?year=2018"),
        ("", ""),
        ("https://example.org/a/", "https://example.org/a/"),
        ("//example.org/", "//example.org/"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("../assets/showcase.css", "../assets/showcase.css"),
        ("images/a.png", "images/a.png"),
        ("feed.xml", "feed.xml"),
    ],
)
def test_folder_links_name_their_index_html(url, expected):
    assert to_index_html(url) == expected


def test_inline_scripts_are_left_alone():
    """The CSP pins inline scripts by hash: their text must not change."""
    html = '<a href="schools/">学校</a><script>var a = \' href="x/"\';</script><form action="../search/">'
    assert rewrite_page(html) == (
        '<a href="schools/index.html">学校</a><script>var a = \' href="x/"\';</script>'
        '<form action="../search/index.html">'
    )


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    root = make_tree(tmp_path_factory.mktemp("offline"), with_demo=True)
    result = build_site(root, extra_args=["--offline"])
    assert result.returncode == 0, result.stderr
    assert "可以直接双击其中的 index.html" in result.stderr
    return root / "site"


def test_no_page_links_to_a_bare_folder(offline_site):
    """Every relative link in every page leads to a file that exists in the folder.  (The 404
    page is left out: only a web server shows it, at any depth, so its links start at the root.)"""
    missing = []
    for page in sorted(offline_site.rglob("*.html")):
        if page.name == "404.html":
            continue
        html = re.sub(r"<script\b.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
        for url in re.findall(r'\shref="([^"#?]+)', html):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url):
                continue
            target = (page.parent / url).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(offline_site)} → {url}")
    assert missing == []


def test_a_teacher_opens_the_preview_from_disk(offline_site, browser):
    home = offline_site.as_uri() + "/"
    with browser_context(browser, viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        outside = watch_requests(page, home)
        page.goto(home + "index.html")
        assert "试点成果展示" in page.title()
        # The tab to the schools, then a school, then one of its cases.
        page.locator(".md-tabs a", has_text="试点学校").first.click()
        page.wait_for_load_state()
        assert page.url == home + "schools/index.html"
        assert page.locator("h1").first.inner_text().strip().rstrip("¶") == "试点学校"
        page.locator("article a[href*='weisheng/index.html']").first.click()
        page.wait_for_load_state()
        assert page.url == home + "schools/weisheng/index.html"
        assert "太原市卫生学校" in page.locator("h1").first.inner_text()
        page.locator("article a[href$='2018-zhengai-baogao/index.html']").first.click()
        page.wait_for_load_state()
        assert page.url == home + "schools/weisheng/2018-zhengai-baogao/index.html"
        assert "诊改报告" in page.locator("h1").first.inner_text()
        # Back to the home page through the logo, which names index.html too.
        page.locator("a.md-logo").first.click()
        page.wait_for_load_state()
        assert page.url == home + "index.html"
        # And searches, from the header box: the results page opens from disk with its results.
        page.locator("#cs-header-q").press_sequentially("诊改", delay=20)
        page.locator("#cs-live-list [role=option]").first.wait_for()
        page.locator("#cs-header-q").press("Enter")
        page.wait_for_url(re.compile(r"/search/index\.html\?q="))
        page.wait_for_selector("[data-search-page][data-state=done]")
        assert re.search(r"找到 \d+ 个包含“诊改”的案例", page.inner_text("#cs-status"))
        page.locator("li.cs-result a").first.click()
        page.wait_for_load_state()
        assert page.url.startswith(home + "schools/") and page.url.endswith("/index.html")
        assert outside == []


def test_the_preview_step_writes_the_three_steps_to_the_job_summary(tmp_path):
    """ci-steps.sh preview builds the openable preview and tells the pull request where it is."""
    root = make_tree(tmp_path / "repo")
    link_project_files(root)
    (root / "scripts").mkdir()
    (root / "scripts" / "ci-steps.sh").symlink_to(REPO / "scripts" / "ci-steps.sh")
    summary = tmp_path / "summary.md"
    env = dict(
        os.environ,
        PYTHON=sys.executable,
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_SERVER_URL="https://github.com",
        GITHUB_REPOSITORY="taiyuan/showcase",
        GITHUB_RUN_ID="42",
        NO_MKDOCS_2_WARNING="1",
    )
    result = subprocess.run(
        ["bash", "scripts/ci-steps.sh", "preview"], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert summary.read_text(encoding="utf-8").splitlines() == [
        "## 预览网站",
        "",
        "1. 打开[本次运行的页面](https://github.com/taiyuan/showcase/actions/runs/42#artifacts)，"
        "在页面底部的 Artifacts 中下载 **site-preview**；",
        "2. 解压下载的 site-preview.zip；",
        "3. 双击解压后文件夹里的 index.html，用浏览器打开（不需要网络和网页服务器，搜索也能用）。",
    ]
    assert 'href="schools/index.html"' in (root / "site" / "index.html").read_text(encoding="utf-8")

"""The frame of every page in headless Chromium: the footer (site.yml empty and filled), the
breadcrumb and active tab of detail pages, the site map, the 404 page at any depth, the logo and
/favicon.ico.  No Content-Security-Policy violation and no request to another host anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, make_tree
from support import browser_context, build_site, phone_page, serve, watch_requests

SHOTS = REPO / "tests" / "screenshots"
CASE = "schools/dachang-qiche/2019-xiaoqi-gongjian-shixun/"
CASE_TITLE = "【示例】校企共建“教学—生产”一体化实训环境的探索"
#: One page of every type (the 404 page is reached through an address that does not exist).
PAGE_TYPES = [
    "",
    "projects/",
    "projects/school-enterprise/",
    "schools/",
    "schools/dachang-qiche/",
    CASE,
    "cases/",
    "compilation/",
    "search/?q=诊改",
    "progress/",
    "news/",
    "news/2018-03-15-liehui-jiyao/",
    "notice/",
    "guide/",
    "sitemap/",
    "no/such/deep/path/",
]
FILLED = """host: 太原市教育局
operator: 太原市教育局职成科
address: 太原市某某路 1 号
postcode: 030000
phone: 0351-1234567
email: office@example.gov.cn
icp: 晋ICP备12345678号-1
police: 晋公网安备 14010502000000号
site_code: 1401000000
"""


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def filled_site(tmp_path_factory) -> Path:
    """A publish build (no materials at all) with every value of site.yml given."""
    root = make_tree(tmp_path_factory.mktemp("filled"), {"site.yml": FILLED})
    result = build_site(root, publish=True)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture
def desktop(browser, site_url):
    with browser_context(browser, viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.outside = watch_requests(page, site_url)
        yield page
    assert page.outside == []


@pytest.fixture
def phone(browser, site_url):
    with phone_page(browser, site_url) as page:
        yield page
    assert page.outside == []


def footer_text(page) -> str:
    return page.locator(".md-footer-meta").inner_text()


def breadcrumb(page) -> list[str]:
    return [text.strip() for text in page.locator('nav[aria-label="面包屑"] ol > li').all_inner_texts()]


# --- footer ------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [360, 1280])
def test_empty_site_file_leaves_only_the_site_links_in_every_footer(browser, site_url, width):
    """The repository's site.yml is empty: every page's footer links the site map and the guide,
    and shows no label without a value, no copyright line, no registration number."""
    with browser_context(browser, viewport={"width": width, "height": 900}) as context:
        page = context.new_page()
        outside = watch_requests(page, site_url)
        for path in PAGE_TYPES:
            page.goto(site_url + path)
            footer = page.locator(".sc-footer")
            assert footer.count() == 1, path
            assert footer.get_by_role("link").all_inner_texts() == ["网站地图", "投稿指南"], path
            assert footer.inner_text().split() == ["网站地图", "投稿指南"], path
        assert outside == []


def test_filled_site_file_in_every_page_of_the_built_site(filled_site):
    pages = sorted(filled_site.rglob("*.html"))
    assert len(pages) > 40
    for html_path in pages:
        html = html_path.read_text(encoding="utf-8")
        assert '<a href="https://beian.miit.gov.cn/">晋ICP备12345678号-1</a>' in html, html_path
        assert "主办单位：太原市教育局" in html and "版权所有 © 太原市教育局" in html, html_path
    # The repository's own site.yml is empty, so the demo build does not have any of it.
    assert "主办单位" not in (REPO / "tests" / "golden" / "index.md").read_text(encoding="utf-8")


def test_filled_footer_as_a_reader_sees_it(browser, filled_site):
    with serve(filled_site) as url, browser_context(browser, viewport={"width": 360, "height": 740}) as context:
        page = context.new_page()
        outside = watch_requests(page, url)
        for path in ("", "schools/caimao/", "no/such/page/"):
            page.goto(url + path)
            lines = [line.strip() for line in footer_text(page).splitlines() if line.strip()]
            assert lines[-6:] == [
                "网站地图",
                "投稿指南",
                "主办单位：太原市教育局 承办单位：太原市教育局职成科",
                "地址：太原市某某路 1 号 邮编：030000 电话：0351-1234567 邮箱：office@example.gov.cn",
                "晋ICP备12345678号-1 晋公网安备 14010502000000号 网站标识码：1401000000",
                "版权所有 © 太原市教育局",
            ], path
        footer = page.locator(".sc-footer")
        assert footer.get_by_role("link", name="晋ICP备12345678号-1").get_attribute("href") == (
            "https://beian.miit.gov.cn/"
        )
        assert footer.get_by_role("link", name="晋公网安备 14010502000000号").get_attribute("href") == (
            "https://beian.mps.gov.cn/#/query/webSearch?code=14010502000000"
        )
        assert footer.get_by_role("link", name="0351-1234567").get_attribute("href") == "tel:03511234567"
        # Centred, as the ICP number is to be shown at the bottom centre of the page.
        assert footer.evaluate("node => getComputedStyle(node).textAlign") == "center"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        footer.get_by_role("link", name="网站地图").click()
        assert page.locator("h1").inner_text().rstrip("¶").strip() == "网站地图"
        assert outside == []  # the registry links are links: nothing is requested from them


# --- where the reader is -----------------------------------------------------------------------

DETAIL_PAGES = [
    pytest.param("schools/dachang-qiche/", "试点学校", ["首页", "试点学校", "山西大昌汽车专业学校"], id="school"),
    pytest.param(CASE, "试点学校", ["首页", "试点学校", "山西大昌汽车专业学校", CASE_TITLE], id="case"),
    pytest.param("projects/school-enterprise/", "试点项目", ["首页", "试点项目", "校企合作模式"], id="project"),
    pytest.param("news/2018-03-15-liehui-jiyao/", "新闻", ["首页", "新闻", "【示例】试点工作例会纪要"], id="news-item"),
    pytest.param("progress/summary/", "试点进展", ["首页", "试点进展", "统计图表"], id="listed-page"),
]


@pytest.mark.parametrize(("path", "tab", "crumbs"), DETAIL_PAGES)
def test_breadcrumb_and_active_tab(desktop, site_url, path, tab, crumbs):
    desktop.goto(site_url + path)
    assert desktop.locator(".md-tabs__item--active").all_inner_texts() == [tab]
    assert desktop.locator(".md-tabs__item--active a").get_attribute("aria-current") in ("true", "page")
    assert breadcrumb(desktop) == crumbs
    current = desktop.locator('nav[aria-label="面包屑"] [aria-current="page"]')
    assert current.inner_text().strip() == crumbs[-1]
    # Every crumb but the last is a link that leads to its page.
    links = desktop.locator('nav[aria-label="面包屑"] a')
    assert links.all_inner_texts() == crumbs[:-1]
    links.nth(len(crumbs) - 2).click()
    heading = desktop.locator("h1").first.inner_text().rstrip("¶").strip()
    assert heading.endswith(crumbs[-2]) or crumbs[-2] == "首页"


def test_detail_page_hides_the_empty_sidebar_on_a_desktop_and_keeps_the_menu_on_a_phone(desktop, phone, site_url):
    desktop.goto(site_url + CASE)
    assert not desktop.locator(".md-sidebar--primary").is_visible()
    assert desktop.locator(".md-sidebar--secondary").is_visible()  # the case's contents stay
    phone.goto(site_url + CASE)
    phone.locator(".md-header .sc-menu-button").click()
    menu = phone.locator(".md-sidebar--primary")
    menu.get_by_role("link", name="试点学校").wait_for(state="visible")
    menu.get_by_role("link", name="试点学校").click()
    assert phone.url == site_url + "schools/"


# --- site map, 404, logo and favicon ------------------------------------------------------------


def test_every_link_of_the_site_map_resolves(desktop, site_url, demo_site):
    desktop.goto(site_url + "sitemap/")
    hrefs = desktop.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    targets = sorted({href.split("#")[0] for href in hrefs if not href.endswith("#")})
    assert len(targets) >= 20 + 8 + 10
    for target in targets:
        assert target.startswith(site_url), target
        response = desktop.request.get(target)
        assert response.status == 200, target
    assert site_url + "schools/caimao/" in targets and site_url + "news/2018-03-15-liehui-jiyao/" in targets
    # The footer of every page links to it.
    desktop.goto(site_url + CASE)
    desktop.locator(".sc-footer").get_by_role("link", name="网站地图").click()
    assert desktop.url == site_url + "sitemap/"


@pytest.mark.parametrize("width", [360, 1280])
def test_not_found_page_at_any_depth(browser, site_url, width):
    with browser_context(browser, viewport={"width": width, "height": 800}) as context:
        page = context.new_page()
        outside = watch_requests(page, site_url)
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/no/such/" not in r.url else None)
        response = page.goto(site_url + "no/such/deep/path/")
        assert response.status == 404
        assert page.locator("html").get_attribute("lang") == "zh"
        assert page.title() == "页面未找到 - 太原市中职教育改革发展项目试点成果展示"
        assert page.locator("h1").inner_text().strip() == "页面未找到"
        # Styled: the theme's stylesheet and the site's own loaded from the root, not from /no/such/.
        assert page.locator(".md-header").evaluate("node => getComputedStyle(node).position") == "sticky"
        assert page.locator(".sc-notfound__search").evaluate("node => getComputedStyle(node).display") == "flex"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.wait_for_load_state("networkidle")
        assert failed == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"404-{width}.png"), full_page=True)
        sections = page.locator(".sc-notfound__sections a")
        assert sections.all_inner_texts() == [
            "首页", "试点项目", "试点学校", "案例", "搜索", "试点进展", "新闻", "通知与指南", "网站地图"
        ]  # fmt: skip
        for href in sections.evaluate_all("links => links.map(a => a.href)"):
            assert page.request.get(href).status == 200, href
        sections.get_by_text("试点学校").click()
        assert page.url == site_url + "schools/"
        # The search form goes to the search page, which finds the cases.
        page.goto(site_url + "a/b/c/d/e/")
        page.get_by_label("搜索本站").fill("实训")
        page.get_by_label("搜索本站").press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q="))
        assert page.url == site_url + "search/?q=%E5%AE%9E%E8%AE%AD"
        page.locator(".cs-results li").first.wait_for()
        assert outside == []


def test_case_page_screenshots(browser, site_url):
    for width, height in ((360, 740), (1280, 900)):
        with browser_context(browser, viewport={"width": width, "height": height}) as context:
            page = context.new_page()
            page.goto(site_url + CASE)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"case-frame-{width}.png"), full_page=True)


def test_logo_and_favicon(desktop, site_url, demo_site):
    desktop.goto(site_url)
    logo = desktop.locator(".md-header .md-logo img")
    assert logo.get_attribute("alt") == "太原中职"
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert desktop.locator('link[rel="icon"]').get_attribute("href") == "assets/favicon.svg"
    response = desktop.request.get(site_url + "favicon.ico")
    assert response.status == 200
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response.body() == (REPO / "content" / "favicon.ico").read_bytes()


def test_no_repository_widget(desktop, site_url):
    """Material's repository widget (repo_url) fetches api.github.com from every page: not used."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^(repo_url|repo_name|edit_uri):", config, re.MULTILINE)
    desktop.goto(site_url)
    assert desktop.locator(".md-source").count() == 0

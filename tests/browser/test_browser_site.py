"""The built site in headless Chromium, as a reader on a phone uses it."""

from __future__ import annotations

import pytest

from conftest import REPO
from support import browser_context, image_loads, phone_page, serve, watch_requests

SHOTS = REPO / "tests" / "screenshots"


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve(demo_site) as url:
        yield url


@pytest.fixture
def phone(browser, site_url):
    with phone_page(browser, site_url) as page:
        yield page


def heading(page) -> str:
    return page.locator("h1").first.inner_text().rstrip("¶").strip()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_home_on_a_phone(phone, site_url):
    phone.goto(site_url)
    assert heading(phone).startswith("太原市中等职业教育改革发展项目试点成果展示")
    assert phone.locator(".sc-stat__value").all_inner_texts()[:3] == ["8", "20", "29"]
    assert no_horizontal_scroll(phone)
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SHOTS / "home-360.png"))
    assert phone.outside == []


def test_reader_goes_from_project_to_school_to_case(phone, site_url):
    phone.goto(site_url + "projects/")
    phone.get_by_role("link", name="现代学徒制探索").first.click()
    assert heading(phone) == "（七）现代学徒制探索"
    phone.get_by_role("link", name="太原市交通学校").first.click()
    assert heading(phone) == "太原市交通学校"
    phone.locator(".sc-list a").first.click()
    assert "示例内容" in phone.locator("article").inner_text()
    assert phone.locator(".sc-meta").is_visible()
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "case-360.png"), full_page=True)
    assert phone.outside == []


def test_progress_matrix_scrolls_inside_its_table(phone, site_url):
    phone.goto(site_url + "progress/")
    assert phone.locator(".sc-matrix tbody tr").count() == 21
    assert no_horizontal_scroll(phone)
    cell = phone.locator(".sc-matrix a[href*='#teaching-diagnosis']").first
    cell.click()
    assert phone.url.endswith("#teaching-diagnosis")
    assert phone.outside == []


def test_every_image_has_alt_text_and_loads(phone, site_url):
    phone.goto(site_url + "schools/dachang-qiche/2019-xiaoqi-gongjian-shixun/")
    images = phone.locator("article img")
    assert images.count() >= 3
    for index in range(images.count()):
        image = images.nth(index)
        assert image.get_attribute("alt")
        assert image_loads(image)


def test_pages_request_nothing_that_fails(phone, site_url):
    """Every resource a page asks for exists (no 404 from a theme feature looking for files)."""
    failed = []
    phone.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    for path in ("", "schools/weisheng/", "news/", "cases/", "search/?q=诊改"):
        phone.goto(site_url + path)
        phone.wait_for_load_state("networkidle")
    assert failed == []
    assert phone.outside == []


def test_every_published_svg_opened_on_its_own_runs_nothing(browser, demo_site, site_url):
    """An SVG opened directly is a document of the site's own origin: only the site's own SVG is
    published (schools' and news SVG are refused by check), and none of it holds a script."""
    svgs = sorted(
        p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*") if p.suffix.lower() in (".svg", ".svgz")
    )
    assert svgs == ["assets/favicon.svg", "assets/logo.svg"]
    with phone_page(browser, site_url) as page:
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        for path in svgs:
            response = page.goto(site_url + path)
            assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
            assert (
                page.evaluate(
                    "document.querySelectorAll('script, foreignObject, [onload], [onclick], [onerror]').length"
                )
                == 0
            )
            assert page.evaluate("window.pwned === undefined")
        assert all(url.startswith(site_url) for url in requests)


def test_every_page_of_the_site_runs_under_its_policy_with_no_violation(browser, demo_site, site_url):
    """Every page the site has (its sitemap), at both widths, under the strict policy of a built
    site: no Content-Security-Policy violation, nothing requested from another host."""
    import re

    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    paths = sorted({re.sub(r"^/", "", loc) for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)})
    assert len(paths) > 40
    for width, height in ((360, 740), (1280, 900)):
        with browser_context(browser, viewport={"width": width, "height": height}) as context:
            page = context.new_page()
            outside = watch_requests(page, site_url)
            for path in [*paths, "404.html", "search/?q=诊改"]:
                page.goto(site_url + path, wait_until="load")
            assert outside == []
            assert context.csp_violations == []

"""The progress matrix in Chromium: on a phone the school column and the header row stay in view
while the table scrolls inside its own box; printed, it takes one A4 landscape page with all eight
projects across."""

from __future__ import annotations

import re
import subprocess

import pytest
from pypdf import PdfReader

from conftest import REPO
from support import browser_context, phone_page, serve

SHOTS = REPO / "tests" / "screenshots"
PROJECTS = [
    "（一）教学诊断与改进",
    "（二）重点专业建设",
    "（三）强化学校管理",
    "（四）规范实习管理",
    "（五）深化教学改革",
    "（六）校企合作模式",
    "（七）现代学徒制探索",
    "（八）职业教育信息化建设",
]
A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve(demo_site) as url:
        yield url


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_phone_keeps_school_column_and_header_row_in_view(browser, site_url):
    with phone_page(browser, site_url) as phone:
        phone.goto(site_url + "progress/")
        matrix = phone.locator(".sc-matrix")
        sizes = matrix.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]")
        assert sizes[0] > sizes[1] + 200, sizes  # the table is wider than the phone: it scrolls inside
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        school = phone.locator(".sc-matrix tbody tr").first.locator("td").first
        other = phone.locator(".sc-matrix tbody tr").first.locator("td").nth(5)
        header = phone.locator(".sc-matrix thead th").nth(5)
        cells = {"school": school, "other": other, "header": header}
        # The reader has scrolled the page down to the matrix; now they swipe the matrix sideways.
        matrix.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 60)")
        phone.wait_for_timeout(100)
        before = {name: _box(cell) for name, cell in cells.items()}
        matrix.evaluate("e => { e.scrollLeft = 300; }")
        phone.wait_for_timeout(100)
        after = {name: _box(cell) for name, cell in cells.items()}
        assert abs(after["school"]["x"] - before["school"]["x"]) < 1  # the school column stays
        assert after["other"]["x"] < before["other"]["x"] - 250  # the rest moves under it
        # The school cell is drawn above the cells that pass under it.
        centre = (after["school"]["x"] + 5, after["school"]["y"] + after["school"]["height"] / 2)
        on_top = phone.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('td').cellIndex", list(centre))
        assert on_top == 0
        phone.screenshot(path=str(SHOTS / "progress-360-scrolled.png"))

        # At 320 px the page still does not scroll sideways (WCAG 2.1 1.4.10): only the matrix does.
        phone.set_viewport_size({"width": 320, "height": 640})
        phone.goto(site_url + "progress/")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert phone.outside == []


def test_phone_header_row_stays_while_rows_scroll(browser, site_url):
    """On a short screen the matrix is taller than its box: the header row stays on top."""
    with phone_page(browser, site_url) as phone:
        phone.set_viewport_size({"width": 360, "height": 560})
        phone.goto(site_url + "progress/")
        matrix = phone.locator(".sc-matrix")
        assert matrix.evaluate("e => e.scrollHeight > e.clientHeight + 200")
        header = phone.locator(".sc-matrix thead th").first
        row = phone.locator(".sc-matrix tbody tr").first
        matrix.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 60)")
        top, row_top = _box(header)["y"], _box(row)["y"]
        matrix.evaluate("e => { e.scrollTop = 300; }")
        phone.wait_for_timeout(100)
        assert abs(_box(header)["y"] - top) < 1
        assert _box(row)["y"] < row_top - 250
        phone.screenshot(path=str(SHOTS / "progress-360-rows-scrolled.png"))


def test_desktop_screenshot(browser, site_url):
    with browser_context(browser, viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.goto(site_url + "progress/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(SHOTS / "progress-1280.png"), full_page=True)


def test_matrix_prints_on_a4_landscape_with_all_eight_projects(browser, site_url, tmp_path):
    with browser_context(browser, viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.goto(site_url + "progress/")
        pdf = tmp_path / "progress.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1  # the whole matrix, header to totals row, on one sheet
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == tuple(round(v) for v in A4_LANDSCAPE)
    # Text in drawing order (cell by cell), whitespace removed: each project's heading is whole.
    raw = subprocess.run(
        ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", raw)
    for name in PROJECTS:
        assert name in flat, name
    assert "太原市财贸学校" in flat and "合计" in flat
    # Nothing is cut off at the right edge: every word of the page lies inside it.
    layout = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', layout)]
    assert right_edges and max(right_edges) <= width - 20
    assert flat.index(PROJECTS[-1]) < flat.index("太原市小店区第一高级职业中学校") < flat.rindex("合计")


def test_keyboard_scrolls_the_matrix(browser, site_url):
    """The matrix box is a labelled region in the tab order: arrow keys scroll it (WCAG 2.1.1)."""
    with browser_context(browser, viewport={"width": 360, "height": 740}) as context:
        page = context.new_page()
        page.goto(site_url + "progress/")
        matrix = page.get_by_role("region", name="各校各项目已发布的材料篇数")
        matrix.focus()
        assert page.evaluate("document.activeElement.classList.contains('sc-matrix')")
        for _ in range(6):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        assert matrix.evaluate("e => e.scrollLeft") > 100

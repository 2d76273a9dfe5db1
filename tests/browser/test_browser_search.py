"""Search and the case browser on the built demo site, in Chromium at 360 px, as a reader on a phone.

Ground truth comes from the same index the page reads (``site/search/``): a doc matches a query
when its searchable text, rebuilt in Python exactly as search.js rebuilds it, contains every term.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import REPO
from showcase.output.search.index import ALPHABET
from showcase.output.search.textnorm import normalize, query_terms
from support import (
    close_checked,
    image_loads,
    new_context,
    phone_page,
    serve,
    watch_requests,
)

SHOTS = REPO / "tests" / "screenshots"
TERM = "现代学徒制"


class Index:
    """The built search index, read back: facet columns, chunk rows and searchable texts."""

    def __init__(self, folder: Path) -> None:
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        n, per = self.meta["n"], self.meta["chunk"]
        self.rows = []
        for k in range((n + per - 1) // per):
            self.rows += json.loads((folder / "c" / f"{k}.json").read_text(encoding="utf-8"))
        self.cols = {name: self._column(f, n) for name, f in self.meta["facets"].items() if "col" in f}
        for name, f in self.meta["facets"].items():
            if f.get("by"):
                self.cols[name] = [f["map"][v] for v in self.cols[f["by"]]]

    @staticmethod
    def _column(facet: dict, n: int) -> list:
        def codes(s: str) -> list[int]:
            w = facet["width"]
            out = []
            for p in range(0, len(s), w):
                v = 0
                for ch in s[p : p + w]:
                    v = v * 64 + ALPHABET.index(ch)
                out.append(v)
            return out

        if facet.get("multi"):
            return [codes(part) for part in facet["col"].split(",")]
        return codes(facet["col"])

    def label(self, facet: str, i: int) -> str:
        return self.meta["facets"][facet]["labels"][self.cols[facet][i]]

    def key(self, facet: str, i: int) -> str:
        return self.meta["facets"][facet]["keys"][self.cols[facet][i]]

    def text(self, i: int) -> str:
        title, _url, _date, summary, tags, body = self.rows[i][:6]
        return normalize(
            " ".join(
                [
                    title,
                    summary,
                    " ".join(tags),
                    self.label("school", i),
                    self.label("project", i),
                    self.label("type", i),
                    body,
                ]
            )
        )

    def alternatives(self, term: str) -> list[str]:
        """The term and its synonyms (the bureau's list, as the page reads it from meta.json)."""
        return next((group for group in self.meta["syn"] if term in group), [term])

    def matching(self, query: str) -> list[int]:
        """Every page (cases first) holding each term of the query or one of its synonyms."""
        alternatives = [self.alternatives(t) for t in query_terms(query)]
        return [i for i in range(self.meta["n"]) if all(any(a in self.text(i) for a in alts) for alts in alternatives)]

    def count_text(self, query: str) -> str:
        """The count the page must show for a query, computed here from the corpus."""
        found = self.matching(query)
        cases = sum(i < self.meta["cases"] for i in found)
        others = len(found) - cases
        what = "包含" + "".join(f"“{t}”" for t in query.split()) + "的"
        if not cases and others:
            return f"找到 {others} 个{what}网站页面（没有案例）"
        return f"找到 {cases} 个{what}案例" + (f"，另有 {others} 个网站页面" if others else "")

    def where(self, **filters: str) -> list[int]:
        return [i for i in range(self.meta["n"]) if all(self.key(f, i) == v for f, v in filters.items())]


@pytest.fixture(scope="module")
def built(demo_site):
    with serve(demo_site) as url:
        yield url, Index(demo_site / "search")


@pytest.fixture
def phone(browser, built):
    url, _ = built
    with phone_page(browser, url) as page:
        yield page
        assert page.outside == [], "requests left 127.0.0.1"


def done(page) -> None:
    page.wait_for_selector("[data-search-page][data-state=done]")


def shown_docs(page) -> list[int]:
    return [int(x) for x in page.eval_on_selector_all("[data-search-results] > li", "e => e.map(x => x.dataset.doc)")]


def show_all(page) -> None:
    more = page.locator("[data-search-more]")
    while more.is_visible():
        more.click()
        done(page)


def heading(page) -> str:
    return page.locator("h1").first.inner_text().rstrip("¶").strip()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def shot(page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=full_page)


# --- search --------------------------------------------------------------------------------------


def test_search_finds_every_case_about_the_term_and_nothing_else(phone, built):
    url, index = built
    truth = index.matching(TERM)
    assert len(truth) >= 2, "the demo should have several cases about 现代学徒制"
    phone.goto(url + "search/")
    done(phone)
    phone.fill("#cs-q", TERM)
    phone.press("#cs-q", "Enter")
    done(phone)
    show_all(phone)
    assert sorted(shown_docs(phone)) == truth
    assert index.count_text(TERM) in phone.inner_text("#cs-status")
    for item in phone.locator("li.cs-result").all():
        assert TERM in item.inner_text(), item.inner_text()
        assert TERM in item.locator("mark").all_inner_texts()  # and it is highlighted
    shot(phone, "search-360.png", full_page=True)

    first = shown_docs(phone)[0]
    phone.locator("li.cs-result a.cs-result__title").first.click()
    assert urlparse(phone.url).path == "/" + index.rows[first][1]
    assert heading(phone) == index.rows[first][0]


def test_absent_term_says_so(phone, built):
    url, _ = built
    phone.goto(url + "search/?q=" + "低空经济")
    done(phone)
    assert "没有找到包含“低空经济”的案例" in phone.inner_text("#cs-status")
    assert phone.locator("li.cs-result").count() == 0


def test_header_search_on_the_home_page_leads_to_results(phone, browser, built):
    url, index = built
    # on a phone the header shows the search button; the search page takes the query
    phone.goto(url)
    phone.locator(".cs-header-search button").tap()
    phone.wait_for_url(re.compile(r"/search/"))
    done(phone)
    phone.fill("#cs-q", TERM)
    phone.press("#cs-q", "Enter")
    done(phone)
    assert index.count_text(TERM) in phone.inner_text("#cs-status")
    # wider screens type into the header box itself
    context = new_context(browser, viewport={"width": 1280, "height": 800})
    desk = context.new_page()
    outside = watch_requests(desk, url)
    desk.goto(url)
    desk.fill("#cs-header-q", "诊改")
    desk.press("#cs-header-q", "Enter")
    done(desk)
    assert query(desk)["q"] == ["诊改"]
    truth = index.matching("诊改")
    assert set(shown_docs(desk)) <= set(truth) and len(shown_docs(desk)) == min(10, len(truth))
    assert outside == []
    close_checked(context)


# --- the case browser ----------------------------------------------------------------------------


def test_case_browser_filters_by_project_then_school_in_two_taps(phone, built):
    url, index = built
    phone.goto(url + "cases/")
    done(phone)
    n = index.meta["cases"]  # the case browser lists the cases only
    assert f"共 {n} 篇" in phone.inner_text("#cs-status")
    assert shown_docs(phone) == list(range(min(n, 30)))  # the static cards, adopted
    assert phone.locator("[data-browse-static]").is_hidden()
    # facets are collapsed until tapped
    assert phone.locator("[data-facet-panel]:visible").count() == 0
    shot(phone, "cases-360.png")

    project = "apprenticeship"
    toggle = phone.locator("button[data-facet-toggle=project]")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true"
    shot(phone, "cases-project-open-360.png")
    phone.locator(f"button[data-facet=project][data-key={project}]").tap()
    done(phone)
    assert query(phone) == {"project": [project]}
    in_project = index.where(project=project)
    assert sorted(shown_docs(phone)) == in_project
    assert f"筛选出 {len(in_project)} 篇" in phone.inner_text("#cs-status")

    # the school: one tap opens the list, one tap chooses
    taps = 0
    phone.locator("button[data-facet-toggle=school]").tap()
    taps += 1
    school_button = phone.locator("button[data-facet=school]").first
    school = school_button.get_attribute("data-key")
    count = int(school_button.locator(".cs-count").inner_text())
    school_button.tap()
    taps += 1
    done(phone)
    assert taps <= 2
    assert query(phone) == {"project": [project], "school": [school]}
    expected = index.where(project=project, school=school)
    assert count == len(expected) and sorted(shown_docs(phone)) == expected
    for card, doc in zip(phone.locator("[data-search-results] > li").all(), shown_docs(phone)):
        meta = card.locator(".sc-card__meta").inner_text()
        assert index.label("school", doc) in meta and index.label("project", doc) in meta
        assert card.locator(".sc-card__title").inner_text() == index.rows[doc][0]
        assert (card.locator(".sc-badge--demo").count() == 1) == bool(index.rows[doc][6])
    shot(phone, "cases-filtered-360.png", full_page=True)

    # the shared link reproduces the view; the back button returns to the previous one
    filtered = shown_docs(phone)
    phone.reload()
    done(phone)
    assert shown_docs(phone) == filtered
    assert phone.locator(".cs-active button").count() == 2
    phone.go_back()
    done(phone)
    assert query(phone) == {"project": [project]}
    assert sorted(shown_docs(phone)) == in_project


def test_case_browser_covers_and_sort_oldest(phone, built):
    url, index = built
    with_cover = [i for i, row in enumerate(index.rows) if row[7]]
    assert with_cover, "the demo has cases with covers"
    phone.goto(url + "cases/?sort=oldest")
    done(phone)
    assert phone.locator("select[data-search-sort]").input_value() == "oldest"
    show_all(phone)
    docs = shown_docs(phone)
    assert docs == sorted(docs, reverse=True)  # ids are newest first
    dates = phone.locator("[data-search-results] .sc-card__meta time").evaluate_all("e => e.map(x => x.dateTime)")
    assert dates == sorted(dates) and len(dates) == index.meta["cases"]
    covers = phone.locator("[data-search-results] img.sc-card__cover")
    assert covers.count() == len(with_cover)
    image = covers.first
    assert image_loads(image)
    shot(phone, "cases-oldest-360.png")
    # choosing the sort with the select updates the URL
    phone.select_option("select[data-search-sort]", "")
    done(phone)
    assert query(phone) == {}
    assert shown_docs(phone)[0] == 0


def test_tag_facet_and_text_in_the_browser(phone, built):
    url, index = built
    phone.goto(url + "cases/?tag=" + TERM)
    done(phone)
    expected = [i for i, row in enumerate(index.rows) if TERM in row[4]]
    assert expected and sorted(shown_docs(phone)) == expected
    phone.goto(url + "cases/?q=" + TERM)
    done(phone)
    show_all(phone)
    assert sorted(shown_docs(phone)) == [i for i in index.matching(TERM) if i < index.meta["cases"]]


def test_facets_are_keyboard_operable_and_readable(phone, built):
    url, _ = built
    phone.goto(url + "cases/")
    done(phone)
    toggle = phone.locator("button[data-facet-toggle=school]")
    toggle.focus()
    phone.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    panel = phone.locator("#" + toggle.get_attribute("aria-controls"))
    assert panel.is_visible()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and panel.is_hidden()
    assert phone.evaluate("document.activeElement.dataset.facetToggle") == "school"
    toggle.click()
    # text contrast of the browser's controls, against the first opaque background behind them
    ratios = phone.evaluate(r"""() => {
        const lum = c => { const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const bg = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
            const a = c.match(/[\d.]+/g); if (a && (a.length < 4 || Number(a[3]) > 0.9)) return c; } return 'rgb(255,255,255)'; };
        const rgba = c => { const v = c.match(/[\d.]+/g).map(Number); return v.length < 4 ? [...v, 1] : v; };
        const blend = (fg, back) => { const f = rgba(fg), b = rgba(back);
            return `rgb(${[0, 1, 2].map(k => f[k] * f[3] + b[k] * (1 - f[3])).join(',')})`; };
        const sel = '.cs-facet__toggle, .cs-facet button, .cs-status, .cs-sort, .sc-card__meta';
        return [...document.querySelectorAll(sel)].filter(e => e.offsetParent).map(e => {
            const back = bg(e), a = lum(blend(getComputedStyle(e).color, back)), b = lum(back);
            return [e.className || e.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; });
    }""")
    assert ratios and all(r >= 4.5 for _, r in ratios), ratios

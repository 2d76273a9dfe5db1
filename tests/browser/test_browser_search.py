"""Search and the case browser on the built demo site, in Chromium at 360 px, as a reader on a phone.

Ground truth comes from the same index the page reads (``site/search/``): a doc matches a query
when its searchable text, rebuilt in Python exactly as search.js rebuilds it, contains every term.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import REPO
from showcase.output.search.query import IndexReader
from showcase.output.search.textnorm import query_terms
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


class Index(IndexReader):
    """The built search index, read back with the reference reader (facet columns, chunk rows,
    searchable texts); the ground truth below scans every text and never uses the postings."""

    @property
    def rows(self) -> list[list]:
        return [self.row(i) for i in range(self.n)]

    def key(self, facet: str, i: int) -> str:
        return self.meta["facets"][facet]["keys"][self.columns[facet][i]]

    def matching(self, query: str) -> list[int]:
        """Every page (cases first) holding each term of the query or one of its synonyms."""
        alternatives = [self.alternatives(t) for t in query_terms(query)]
        return [
            i for i in range(self.meta["n"]) if all(any(a in self.doc_text(i) for a in alts) for alts in alternatives)
        ]

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


# --- the whole site, synonyms, suggestions, the header box, pages opened from disk (#11, #10) ----


def result_urls(page) -> list[str]:
    return page.eval_on_selector_all("li.cs-result a.cs-result__title", "e => e.map(x => x.getAttribute('href'))")


def test_the_compilation_and_the_news_are_found(phone, built):
    url, index = built
    phone.goto(url + "search/?q=典型案例汇编")
    done(phone)
    show_all(phone)
    found = index.matching("典型案例汇编")
    assert sorted(shown_docs(phone)) == found
    kinds = {index.rows[i][1]: index.label("kind", i) for i in found}
    assert kinds["compilation/"] == "栏目页面"
    assert "新闻" in kinds.values()
    assert index.count_text("典型案例汇编") in phone.inner_text("#cs-status")
    # cases first, then the other pages, each labelled with its kind
    docs = shown_docs(phone)
    assert docs == sorted(docs, key=lambda i: i >= index.meta["cases"])
    labels = phone.locator("li.cs-result .cs-kind").all_inner_texts()
    assert sorted(labels) == sorted(index.label("kind", i) for i in docs if i >= index.meta["cases"])


def test_an_abbreviation_and_its_full_form_find_the_same_cases(phone, built):
    url, index = built
    assert ["诊改", "诊断与改进"] in index.meta["syn"]
    shown = {}
    for term in ("诊改", "诊断与改进"):
        phone.goto(url + "search/?q=" + term)
        done(phone)
        show_all(phone)
        shown[term] = sorted(shown_docs(phone))
        assert index.count_text(term) in phone.inner_text("#cs-status")
    assert shown["诊改"] == shown["诊断与改进"] == index.matching("诊改")
    # without the list, the two would differ: the demo has cases with only one of the forms
    plain = {t: [i for i in range(index.meta["n"]) if t in index.doc_text(i)] for t in ("诊改", "诊断与改进")}
    assert plain["诊改"] != plain["诊断与改进"]
    # both forms are highlighted
    marks = set(phone.locator("li.cs-result mark").all_inner_texts())
    assert {"诊改", "诊断与改进"} <= marks


def test_nothing_found_offers_near_terms_facets_and_popular_keywords(phone, built):
    url, index = built
    phone.goto(url + "search/?q=低空经济")
    done(phone)
    assert "没有找到包含“低空经济”的案例" in phone.inner_text("#cs-status")
    suggest = phone.locator("[data-search-suggest]")
    suggest.locator("a").first.wait_for()
    near = suggest.locator("ul[aria-labelledby=cs-s-near] li")
    first = near.first
    # a piece of the query the index holds, with its true count
    assert first.locator("a").inner_text() == "经济"
    expected = len([i for i in range(index.meta["n"]) if "经济" in index.doc_text(i)])
    assert (
        first.locator(".cs-count").text_content() == f"{expected} 个结果"
    )  # the number, and its words for a screen reader
    projects = [label for label in index.meta["facets"]["project"]["labels"] if label]
    links = suggest.locator("a").all_inner_texts()
    assert all(p in links for p in projects)
    popular = suggest.locator("ul[aria-labelledby=cs-s-pop] a").all_inner_texts()
    assert popular == index.meta["popular"] and popular
    first.locator("a").click()
    done(phone)
    assert query(phone)["q"] == ["经济"] and len(shown_docs(phone)) == min(10, expected)


def test_facet_counts_are_true(phone, built):
    url, index = built
    phone.goto(url + "search/?q=" + TERM)
    done(phone)
    truth = index.matching(TERM)
    for facet in ("project", "school", "type", "kind"):
        counts = phone.eval_on_selector_all(
            f"button[data-facet={facet}]",
            "e => e.map(b => [b.dataset.key, b.querySelector('.cs-count').textContent])",
        )
        expected = {}
        for i in truth:
            expected[index.key(facet, i)] = expected.get(index.key(facet, i), 0) + 1
        assert counts and {k: int(v) for k, v in counts} == {k: v for k, v in expected.items() if k}


def test_header_box_lists_results_as_the_reader_types(browser, built):
    url, index = built
    context = new_context(browser, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    outside = watch_requests(page, url)
    page.goto(url)
    box = page.locator("#cs-header-q")
    box.press_sequentially("诊断与改进", delay=30)
    options = page.locator("#cs-live-list [role=option]")
    options.first.wait_for()
    truth = index.matching("诊断与改进")
    hrefs = options.evaluate_all("e => e.map(x => x.dataset.href)")
    by_url = {url + index.rows[i][1]: i for i in truth}
    assert len(hrefs) == min(6, len(truth)) and all(h in by_url for h in hrefs)
    assert box.get_attribute("aria-expanded") == "true"
    assert f"共 {len(truth)} 个结果" in page.inner_text("#cs-live-status")
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "cs-live-1"
    assert options.nth(1).get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(hrefs[1])
    assert heading(page) == index.rows[by_url[hrefs[1]]][0]
    # Enter without choosing a result opens the full results page
    page.goto(url + "news/")
    page.locator("#cs-header-q").press_sequentially("诊改", delay=30)
    page.locator("#cs-live-list [role=option]").first.wait_for()
    page.locator("#cs-header-q").press("Escape")
    assert page.locator("[data-search-live]").is_hidden()
    page.locator("#cs-header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    done(page)
    assert query(page)["q"] == ["诊改"]
    assert index.count_text("诊改") in page.inner_text("#cs-status")
    assert outside == []
    close_checked(context)


def test_search_works_from_disk(browser, demo_site):
    """The preview unzipped and opened by double-click: Chromium refuses fetch() from file:, the
    index comes from its .js twins through script tags, under the pages' own strict policy."""
    index = Index(demo_site / "search")
    context = new_context(browser, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    root = demo_site.as_uri() + "/"
    page.goto(root + "search/index.html?q=诊改")
    done(page)
    show_all(page)
    assert sorted(shown_docs(page)) == index.matching("诊改")
    assert index.count_text("诊改") in page.inner_text("#cs-status")
    first = shown_docs(page)[0]
    assert result_urls(page)[0] == root + index.rows[first][1] + "index.html"
    page.goto(root + "search/index.html?q=低空经济")
    done(page)
    assert "没有找到" in page.inner_text("#cs-status")
    page.locator("[data-search-suggest] a").first.wait_for()
    # the header box from the home page, then Enter: the results page on disk
    page.goto(root + "index.html")
    page.locator("#cs-header-q").press_sequentially("典型案例汇编", delay=30)
    page.locator("#cs-live-list [role=option]").first.wait_for()
    page.locator("#cs-header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/index\.html\?q="))
    done(page)
    assert sorted(shown_docs(page)) == index.matching("典型案例汇编")
    assert all(r.startswith("file://") for r in requests), [r for r in requests if not r.startswith("file://")]
    assert any(r.endswith("/search/meta.json.js") for r in requests)
    close_checked(context)

"""End-to-end test of search.js in Chromium against a 50-doc index served locally."""

import http.server
import shutil
import threading
from functools import partial
from urllib.parse import parse_qs, urlparse

import pytest

from showcase.output.csp import add_policy
from showcase.output.search import (
    ASSETS,
    build_search_index,
    search_page_markdown,
    searchable_text,
)
from showcase.output.search.index import order_docs
from showcase.output.search.textnorm import normalize, query_terms
from support import close_checked, new_context

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from corpus import generate, search_docs

    docs = search_docs(generate(50, seed=7))
    docs[0] = docs[0].__class__(**{**docs[0].__dict__, "demo": True})
    root = tmp_path_factory.mktemp("site")
    repo = root / "repo"  # served under a sub-path
    build_search_index(docs, repo / "search")
    (repo / "assets" / "search").mkdir(parents=True)
    for a in ASSETS:
        shutil.copy(a, repo / "assets" / "search" / a.name)
    head = (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title>'
        '<link rel="stylesheet" href="{p}assets/search/search.css"></head><body>'
        '<header><nav class="md-header__inner"></nav></header>'
    )
    # Under the site's Content-Security-Policy, as every built page is.
    (repo / "search" / "index.html").write_text(
        add_policy(
            head.format(p="../")
            + search_page_markdown()
            + '<script src="../assets/search/search.js"></script></body></html>'
        ),
        "utf-8",
    )
    # an ordinary page with Material's __config: gets the header search box
    (repo / "schools" / "x").mkdir(parents=True)
    (repo / "schools" / "x" / "index.html").write_text(
        add_policy(
            head.format(p="../../") + '<script id="__config" type="application/json">{"base": "../.."}</script>'
            '<p>page</p><script src="../../assets/search/search.js"></script></body></html>'
        ),
        "utf-8",
    )
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    ordered = order_docs(docs)
    yield {
        "base": f"http://127.0.0.1:{srv.server_address[1]}/repo/",
        "docs": ordered,
        "texts": [searchable_text(d) for d in ordered],
    }
    srv.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def truth(site, q, pred=lambda d: True):
    terms = query_terms(q)
    return {i for i, t in enumerate(site["texts"]) if all(x in t for x in terms) and pred(site["docs"][i])}


def wait_done(page):
    page.wait_for_selector("[data-search-page][data-state=done]")


def shown_ids(page):
    return [int(x) for x in page.eval_on_selector_all("li.cs-result", "e => e.map(x => x.dataset.doc)")]


def test_search_page_end_to_end(site, browser):
    ctx = new_context(browser, viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    hosts = []
    page.on("request", lambda r: hosts.append(urlparse(r.url).hostname))
    page.goto(site["base"] + "search/")
    wait_done(page)

    # type a Chinese query (word-internal substring) and submit with the keyboard
    page.fill("#cs-q", "园区")
    page.press("#cs-q", "Enter")
    wait_done(page)
    expected = truth(site, "园区")
    assert expected, "corpus should contain 园区"
    ids = shown_ids(page)
    assert len(ids) == min(10, len(expected)) and set(ids) <= expected
    status = page.inner_text("#cs-status")
    assert f"找到 {len(expected)} 个包含“园区”的案例" in status
    marks = page.eval_on_selector_all("li.cs-result .cs-result__snippet mark", "e => e.map(x => x.textContent)")
    assert marks and all(normalize(m) == "园区" for m in marks)
    first = page.locator("li.cs-result").first
    assert first.locator(".cs-result__meta").inner_text().strip()
    href = first.locator("a.cs-result__title").get_attribute("href")
    assert href.startswith(site["base"] + "schools/")
    assert parse_qs(urlparse(page.url).query)["q"] == ["园区"]

    # longer term (verified against text) and snippet highlighting
    page.fill("#cs-q", "产业园区")
    page.press("#cs-q", "Enter")
    wait_done(page)
    expected = truth(site, "产业园区")
    ids = shown_ids(page)
    assert set(ids) <= expected and len(ids) == min(10, len(expected))

    # facet click filters, counts match, state goes into the URL
    page.fill("#cs-q", "实训")
    page.press("#cs-q", "Enter")
    wait_done(page)
    btn = page.locator("button[data-facet=school]").first
    if not btn.is_visible():
        page.click("button[data-facet-toggle=school]")  # facets fold under one button each
    key = btn.get_attribute("data-key")
    count = int(btn.locator(".cs-count").inner_text())
    btn.click()
    wait_done(page)
    q = parse_qs(urlparse(page.url).query)
    assert q["school"] == [key] and q["q"] == ["实训"]
    exp = truth(site, "实训", lambda d: d.school_id == key)
    assert count == len(exp)
    assert set(shown_ids(page)) <= exp and len(shown_ids(page)) == min(10, len(exp))
    assert page.locator(".cs-active button").count() == 1

    # shared URL reproduces the view in a fresh page
    p2 = ctx.new_page()
    p2.goto(page.url)
    wait_done(p2)
    assert shown_ids(p2) == shown_ids(page)
    p2.close()

    # absent term says so instead of listing loosely related pages
    page.fill("#cs-q", "低空经济")
    page.press("#cs-q", "Enter")
    wait_done(page)
    assert "没有找到包含“低空经济”的案例" in page.inner_text("#cs-status")
    assert page.locator("li.cs-result").count() == 0
    assert page.get_attribute("#cs-status", "aria-live") == "polite"

    assert set(hosts) == {"127.0.0.1"}
    close_checked(ctx)


def test_header_box_and_normalisation_parity(site, browser):
    ctx = new_context(browser)
    page = ctx.new_page()
    page.goto(site["base"] + "schools/x/")
    form = page.locator(".md-header__inner form.cs-header-search")
    assert form.count() == 1
    assert page.evaluate("document.querySelector('.cs-header-search').action") == site["base"] + "search/"
    samples = [
        "Ｐｙｔｈｏｎ编程",
        "6Ｓ管理\u3000实训",
        "产业\u200b园区",
        "e\u0301",
        "１＋Ｘ证书制度",
        "  多  空格\n换行\t",
        "ⅧⅫ㈠①",
        "ﬁ",
        "ΣΑΣ",
        "İ",
        "𠀀𠀁",
    ]
    js = page.evaluate("s => s.map(x => __csSearch.normalize(x))", samples)
    assert js == [normalize(s) for s in samples]
    from showcase.output.search.textnorm import fnv1a

    assert page.evaluate("s => s.map(x => __csSearch.fnv1a(x))", samples) == [fnv1a(s) for s in samples]
    close_checked(ctx)


def test_counts_are_true_bounds_until_every_candidate_is_verified(site, browser):
    """A term over three characters whose candidates' texts are too many to fetch at once: the
    count is shown as two true bounds, never as an estimate; paging verifies the rest, and the
    count becomes exact (issue #11)."""
    import re

    term = "校企合作"
    expected = truth(site, term)
    assert len(expected) > 24, "needs more candidates than the page fetches at once"
    ctx = new_context(browser, viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(site["base"] + "search/?q=" + term)
    wait_done(page)
    status = page.inner_text("#cs-status")
    bounds = re.search(r"至少 (\d+) 个、至多 (\d+) 个包含“校企合作”的结果", status)
    assert bounds, status
    low, high = int(bounds.group(1)), int(bounds.group(2))
    assert low <= len(expected) <= high and low >= len(shown_ids(page)) == 10
    assert "下限" in page.inner_text("[data-search-facets]")
    more = page.locator("[data-search-more]")
    while more.is_visible():
        more.click()
        wait_done(page)
    assert set(shown_ids(page)) == expected
    assert f"找到 {len(expected)} 个包含“校企合作”的案例" in page.inner_text("#cs-status")
    close_checked(ctx)

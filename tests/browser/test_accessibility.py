"""Accessibility of every page type, measured in Debian's Chromium (issue #11, WCAG 2.1 AA).

- axe-core, pinned in package.json and installed by ``npm ci``, runs with its default rules (none
  disabled, no element excluded) on every page type at 360 px and 1280 px: no serious and no
  critical violation. It is evaluated through the DevTools protocol, as the browser's own tools
  do, so it neither adds an inline script the pages' Content-Security-Policy would refuse nor
  switches that policy off: every page still runs under its policy with no violation.
- Every page type reflows at 320 CSS px with no horizontal scrolling of the page (WCAG 1.4.10);
  wide tables scroll inside their own box. Every image has a text alternative.
- The keyboard reaches the skip link, the search box, the main navigation and the content, with a
  focus ring that can be seen, on the home page and a case page.

To cover a new kind of page, add a row to ``PAGE_TYPES``: every test here runs over all rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from conftest import REPO
from support import browser_context, new_context, serve

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: The version package.json pins (npm ci installs exactly that one).
AXE_VERSION = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]

#: Shown once a search page or the case browser has finished its query.
SEARCH_DONE = "[data-search-page][data-state=done]"


@dataclass(frozen=True)
class PageType:
    """One kind of page of the demo build: a name for messages, its address, and what to wait for."""

    name: str
    path: str
    #: A selector present once the page's own script has drawn it.
    ready: str = "body"
    #: The HTTP status the server answers with.
    status: int = 200


#: Every kind of page a reader meets, in the demo build (tests/conftest.py demo_site).
PAGE_TYPES = [
    PageType("home", ""),
    PageType("project list", "projects/"),
    PageType("project", "projects/apprenticeship/"),
    PageType("school list", "schools/"),
    PageType("school", "schools/dachang-qiche/"),
    PageType("case", "schools/dachang-qiche/2019-xiaoqi-gongjian-shixun/"),
    PageType("case browser", "cases/", ready=SEARCH_DONE),
    PageType("search with results", "search/?q=诊改", ready=SEARCH_DONE + " [data-search-results] > li"),
    PageType("search without results", "search/?q=量子纠缠", ready=SEARCH_DONE + " >> text=没有找到"),
    PageType("progress", "progress/"),
    PageType("news list", "news/"),
    PageType("news item", "news/2018-03-15-liehui-jiyao/"),
    PageType("compilation", "compilation/"),
    PageType("notice", "notice/"),
    PageType("guide", "guide/"),
    PageType("guide: fields", "guide/fields/"),
    PageType("404", "no/such/page/", status=404),
    PageType("site map", "sitemap/"),
]


def page_types():
    return [pytest.param(kind, id=kind.name) for kind in PAGE_TYPES]


# --- the site, served as nginx serves it --------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(demo_site):
    """The demo site, served as nginx serves it (a missing address gets 404.html, status 404)."""
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run `npm ci --ignore-scripts` (scripts/dev.sh test does)"
    return AXE.read_text(encoding="utf-8")


def open_page(context, site_url: str, kind: PageType):
    """The page of ``kind`` in a new tab of ``context``, loaded and drawn; nothing it requests
    leaves the local server."""
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(site_url) else outside.append(request.url))
    response = page.goto(site_url + kind.path)
    assert response.status == kind.status, f"{kind.name} ({kind.path}): HTTP {response.status}"
    page.wait_for_selector(kind.ready, state="attached")
    page.wait_for_load_state("load")
    assert outside == [], f"{kind.name} ({kind.path}) asked another host for {outside}"
    return page


# --- axe-core ------------------------------------------------------------------------------------

_RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return {
        version: axe.version,
        violations: results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), summary: n.failureSummary})),
        })),
    };
}"""


def run_axe(page, source: str) -> dict:
    """axe-core's result for the page as it is now. The library is evaluated through the DevTools
    protocol (Runtime.evaluate), which no Content-Security-Policy of the page governs."""
    session = page.context.new_cdp_session(page)
    loaded = session.send("Runtime.evaluate", {"expression": source + "\n;typeof axe", "returnByValue": True})
    session.detach()
    assert loaded["result"].get("value") == "object", f"axe-core did not load: {loaded}"
    return page.evaluate(_RUN_AXE)


def describe(kind: PageType, width: int, version: str, violations: list[dict]) -> str:
    lines = [f"axe-core {version}: {kind.name} ({kind.path or '/'}) at {width} px:"]
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}  — {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("kind", page_types())
def test_axe_finds_no_serious_or_critical_violation(browser, site_url, axe_source, kind, width):
    with browser_context(browser, viewport={"width": width, "height": 800}) as context:
        page = open_page(context, site_url, kind)
        result = run_axe(page, axe_source)
    assert result["version"] == AXE_VERSION
    severe = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert severe == [], describe(kind, width, result["version"], severe)


def test_axe_runs_with_the_pages_policy_in_force(browser, site_url, axe_source):
    """Evaluating axe-core through the DevTools protocol leaves the page's policy as it was: axe
    runs with no violation, and an inline script added afterwards is still refused."""
    context = new_context(browser)
    try:
        page = open_page(context, site_url, PAGE_TYPES[0])
        run_axe(page, axe_source)
        assert context.csp_violations == []
        page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.head.append(script);
        }""")
        page.wait_for_timeout(200)
        assert page.evaluate("window.inlineRan") is None
        assert [violation["directive"] for violation in context.csp_violations] == ["script-src-elem"]
    finally:
        context.close()


# --- reflow and text alternatives ---------------------------------------------------------------

#: Elements reaching past the right edge of the window outside any box that scrolls on its own.
_OVERFLOWING = """() => {
    const width = window.innerWidth;
    const scrolls = e => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            const x = getComputedStyle(p).overflowX;
            if (x === "auto" || x === "scroll" || x === "hidden") return true;
        }
        return false;
    };
    return [...document.body.querySelectorAll("*")]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 1 && !scrolls(e))
        .slice(0, 10)
        .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
             (e.classList.length ? "." + [...e.classList].join(".") : "") +
             " right=" + Math.round(e.getBoundingClientRect().right));
}"""

#: Images with no text alternative: an <img> needs a non-empty alt, or alt="" together with
#: role="presentation" (or "none") to say it is decoration on purpose.
_IMAGES_WITHOUT_ALT = """() => [...document.querySelectorAll("img")]
    .filter(img => !(img.getAttribute("alt") || "").trim()
                   && !["presentation", "none"].includes(img.getAttribute("role")))
    .map(img => img.outerHTML.slice(0, 160))"""


@pytest.mark.parametrize("kind", page_types())
def test_page_reflows_at_320_px_and_every_image_has_a_text_alternative(browser, site_url, kind):
    with browser_context(browser, viewport={"width": 320, "height": 640}) as context:
        page = open_page(context, site_url, kind)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        overflowing = page.evaluate(_OVERFLOWING)
        without_alt = page.evaluate(_IMAGES_WITHOUT_ALT)
    assert widths[0] <= widths[1], f"{kind.name} ({kind.path}) scrolls sideways at 320 px: {widths}, {overflowing}"
    assert without_alt == [], f"{kind.name} ({kind.path}): images without a text alternative: {without_alt}"


# --- keyboard ------------------------------------------------------------------------------------

#: Where focus is, and how it is shown.
_FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    // The ring is drawn over the parent: the first background colour from there up.
    let background = "rgb(255, 255, 255)";
    for (let p = e.parentElement; p; p = p.parentElement) {
        const colour = getComputedStyle(p).backgroundColor;
        if (colour !== "transparent" && !/, 0\\)$/.test(colour)) { background = colour; break; }
    }
    return {
        element: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " " +
                 (e.getAttribute("aria-label") || e.textContent || "").trim().slice(0, 30),
        where: e.closest(".md-header") ? "header" : e.closest(".md-tabs") ? "tabs"
             : e.closest(".md-sidebar--primary") ? "menu" : e.closest(".md-content") ? "content" : "other",
        skip: e.matches(".md-skip"),
        search: e.matches("input[type=search]"),
        text_link: e.matches("a[href]:not(.headerlink)"),
        shown: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
               && style.visibility === "visible" && !e.closest("[aria-hidden=true]"),
        outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
        outline_colour: style.outlineColor,
        background: background,
    };
}"""


def _rgb(colour: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in colour[colour.index("(") + 1 : -1].replace("/", ",").split(",")]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (the first over the second)."""

    def luminance(rgb) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    *fg, alpha = _rgb(foreground)
    bg = _rgb(background)[:3]
    fg = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True)]
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_the_wcag_ratio():
    assert round(contrast("rgb(198, 203, 233)", "rgb(64, 81, 181)"), 2) == 4.28
    assert round(contrast("rgba(0, 0, 0, 0.6)", "rgb(255, 255, 255)"), 2) == 5.74
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == 21.0
    assert contrast("rgb(255, 255, 255)", "rgb(255, 255, 255)") == 1.0


def tab_through(page, stops: int) -> list[dict]:
    """Where focus goes on each of ``stops`` presses of Tab."""
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(_FOCUSED))
    return seen


def tab_until(page, reached, limit: int = 80) -> list[dict]:
    """Focus stops from the top of the page until ``reached(stops)`` holds (at most ``limit``)."""
    seen = []
    while len(seen) < limit and not reached(seen):
        seen += tab_through(page, 1)
    return seen


def badly_shown(stops: list[dict]) -> list[dict]:
    """Focus stops a sighted keyboard user cannot see: off screen or hidden, or a focus ring
    thinner than 2 px or below 3:1 against what is behind it (WCAG 2.4.7, 1.4.11)."""
    return [
        stop
        for stop in stops
        if stop is None
        or not stop["shown"]
        or stop["outline"] < 2
        or contrast(stop["outline_colour"], stop["background"]) < 3
    ]


@pytest.mark.parametrize(
    "kind", [kind for kind in PAGE_TYPES if kind.name in ("home", "case")], ids=lambda kind: kind.name
)
def test_keyboard_reaches_search_navigation_and_content_with_a_visible_focus_ring(browser, site_url, kind):
    with browser_context(browser, viewport={"width": 1280, "height": 800}) as context:
        page = open_page(context, site_url, kind)
        tabs = page.locator(".md-tabs a[href]").count()

        def everything(stops: list[dict]) -> bool:
            return (
                any(stop["search"] and stop["where"] == "header" for stop in stops)
                and sum(stop["where"] == "tabs" for stop in stops) == tabs
                and any(stop["text_link"] and stop["where"] == "content" for stop in stops)
            )

        stops = tab_until(page, everything)
    assert tabs >= 8
    assert stops[0]["skip"], stops[0]
    assert everything(stops), (
        f"{kind.name}: the keyboard did not reach the search box, all tabs and the content: {stops}"
    )
    assert badly_shown(stops) == [], f"{kind.name}: focus not seen at {badly_shown(stops)}"


@pytest.mark.parametrize(
    "kind", [kind for kind in PAGE_TYPES if kind.name in ("home", "case")], ids=lambda kind: kind.name
)
def test_skip_link_takes_the_keyboard_to_the_content(browser, site_url, kind):
    with browser_context(browser, viewport={"width": 1280, "height": 800}) as context:
        page = open_page(context, site_url, kind)
        first = tab_through(page, 1)[0]
        assert first["skip"] and first["shown"], first
        page.keyboard.press("Enter")
        after = tab_through(page, 1)[0]
    assert after["where"] == "content", after
    assert badly_shown([first, after]) == [], f"{kind.name}: focus not seen at {badly_shown([first, after])}"


def test_menu_of_a_narrow_screen_works_by_keyboard(browser, site_url):
    """At 360 px (or a desktop zoomed to 400 %) the main navigation is in a drawer: the menu button
    opens it by keyboard, focus goes into it, Escape closes it; closed, it takes no focus."""
    with browser_context(browser, viewport={"width": 360, "height": 740}) as context:
        page = open_page(context, site_url, PAGE_TYPES[0])
        stops = tab_through(page, 6)
        assert [stop["where"] for stop in stops[:3]] == ["other", "header", "header"], stops
        assert all(stop["where"] != "menu" for stop in stops), stops
        button = page.get_by_role("button", name="导航菜单")
        assert button.get_attribute("aria-expanded") == "false"
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)  # the drawer slides in
        assert button.get_attribute("aria-expanded") == "true"
        in_menu = [page.evaluate(_FOCUSED), *tab_through(page, 4)]
        assert [stop["where"] for stop in in_menu] == ["menu"] * 5, in_menu
        assert badly_shown(in_menu) == [], f"focus not seen in the menu at {badly_shown(in_menu)}"
        page.keyboard.press("Escape")
        closed = page.evaluate(_FOCUSED)
        assert closed["element"].startswith("button") and closed["where"] == "header", closed
        assert button.get_attribute("aria-expanded") == "false"
        page.keyboard.press(" ")
        assert button.get_attribute("aria-expanded") == "true"

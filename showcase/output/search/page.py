"""Markdown body of the search page (site URL ``search/``)."""

from __future__ import annotations

import re

#: The page's own content in a built page (Material's ``<article class="md-content__inner">``;
#: the export's templates keep it).
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)
#: Where the part of a project's or a school's page worth searching ends: the lists of cases
#: below it would make the page match every word of its cases' titles.
_CUT = {
    "project": re.compile(r"<h2\b[^>]*>\s*(?:典型案例推荐|项目材料)"),
    "school": re.compile(r'(?s)<div class="sc-meta">.*?</div>'),
}


def page_search_html(kind: str, page_html: str) -> str:
    """The part of a built page (not a case: a news item, the notice, a project…) the search
    indexes: its article, without a project's or school's lists of cases.  The hook and the
    export's post-build step both read it from the built page, so both write the same index."""
    match = _ARTICLE.search(page_html)
    html = match.group(1) if match else ""
    cut = _CUT.get(kind)
    found = cut.search(html) if cut else None
    if found is None:
        return html
    return html[: found.start()] if kind == "project" else html[: found.end()]


def search_page_markdown(root: str = "../", index: str | None = None) -> str:
    """HTML block (valid Markdown) for the search page.

    ``root`` is the site root relative to the search page (``../`` for a page
    at ``search/`` with directory URLs); ``index`` the index folder relative
    to the site root (default ``search/``). Without JavaScript a notice shows.
    """
    idx = f' data-search-index="{index}"' if index else ""
    return f"""<div class="cs-search" data-search-page data-search-root="{root}"{idx}>
<form role="search" action="" method="get">
<label class="cs-sr-only" for="cs-q">搜索全站（案例、新闻、通知、指南）</label>
<input id="cs-q" type="search" name="q" placeholder="输入关键词，如：现代学徒制" autocomplete="off" enterkeyhint="search" aria-describedby="cs-status">
<button type="submit">搜索</button>
</form>
<p id="cs-status" class="cs-status" data-search-status role="status" aria-live="polite" aria-atomic="true"></p>
<div class="cs-facets-box" data-search-facets></div>
<ol class="cs-results" data-search-results></ol>
<div class="cs-suggest" data-search-suggest></div>
<button type="button" class="cs-more" data-search-more hidden>显示更多结果</button>
<noscript><p>搜索功能需要启用 JavaScript。</p></noscript>
</div>
"""


def browse_markdown(root: str = "../", index: str | None = None) -> str:
    """HTML block for the case browser (filters, sort, cards) on the all-cases page.

    Hidden until search.js enhances it; it then hides the page's static cards
    (``data-browse-static``), which stay what readers without JavaScript and
    crawlers see. Results are rendered with the static cards' markup.
    """
    idx = f' data-search-index="{index}"' if index else ""
    return f"""<div class="cs-search cs-browse" data-search-page data-search-mode="browse" data-search-root="{root}"{idx} hidden>
<form role="search" action="" method="get">
<label class="cs-sr-only" for="cs-q">在全部材料中查找</label>
<input id="cs-q" type="search" name="q" placeholder="在全部材料中查找" autocomplete="off" enterkeyhint="search" aria-describedby="cs-status">
<button type="submit">查找</button>
</form>
<div class="cs-toolbar">
<div class="cs-facets-box" data-search-facets></div>
<label class="cs-sort"><span>排序</span> <select name="sort" data-search-sort><option value="">最新在前</option><option value="oldest">最早在前</option></select></label>
</div>
<p id="cs-status" class="cs-status" data-search-status role="status" aria-live="polite" aria-atomic="true"></p>
<div class="grid cards sc-cards cs-cards"><ul data-search-results></ul></div>
<button type="button" class="cs-more" data-search-more hidden>显示更多</button>
</div>
"""

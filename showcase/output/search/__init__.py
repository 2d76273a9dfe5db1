"""Static full-text search for the case-study site.

Why our own engine (measured on generated sites of 10,000 Chinese cases):

* Material for MkDocs' built-in search (lunr, even with jieba segmentation)
  downloads its whole index on the first query – 21.6 MB at 10k cases – which
  is unusable on phones, and a word segmenter misses word-internal terms
  (园区 inside 产业园区).
* Pagefind 1.5.2 / 1.6.0 reached recall 0.95 / 0.99 but matches a query's
  segments anywhere in a page: 806 results for 475 true ones, and an absent
  term (低空经济) returned every page containing 经济.

Readers need exact substring semantics ("pages whose text contains the
query"), an honest "no results" for absent terms, and a small cold download.

Design
------
* ``normalize``: NFC, then per code point NFKC + lower-case, zero-width chars
  dropped, whitespace collapsed (same code in search.js).
* Every 1-, 2- and 3-character gram of a doc's searchable text (title,
  summary, tags, school, project, type, body; never across a space) is
  indexed. Trigrams (not only bigrams) because bigram intersection let
  common-character traps through: 教学生 matched all 1,000 docs via 教学 +
  学生 although none contains it, and verifying those is a full download. Posting lists are doc-id sets, encoded as delta-varint, bitmap or
  complement (smallest wins) and sharded into ``g/<k>.bin`` by FNV-1a(gram)
  mod K, with K chosen from the total postings size so shards stay ~6 KB.
  Each entry also carries the title postings (title hits rank first).
* Doc ids are ordered newest first, so result order needs no extra data.
* A query is split on whitespace into AND terms; a term's candidate set is
  the intersection of its gram postings – exact for terms of 1–3 characters,
  a superset (trigram intersection) for longer ones, so recall is 100% by
  construction.
* Candidates are *verified* in the browser against the doc text, fetched from
  small ``c/<k>.json`` chunks only for the results being shown; the text
  also yields the highlighted snippet. Counts are exact when every candidate
  is verified (at once when their texts fit in 24 chunks); until then the page
  shows two true bounds, "至少 V 个、至多 M 个", never an estimate. One page
  request verifies at most 60 candidates; if that finds nothing the page says
  so and offers "继续查找" (rare: needs every trigram present, never adjacent).
* The whole site: after the cases (positions 0 … cases-1) come the news, the
  notice, the compilation page, the projects, the schools and the guide
  (``SearchDoc.kind``); results list cases first and label the others.
* Synonyms (the bureau's ``synonyms.yml``, normalised into ``meta.syn``): a
  term of a group matches any term of the group (union of their candidates).
* Pages opened from disk (``file:``) cannot ``fetch()`` in Chromium: every
  index file has a ``.js`` twin (:func:`~showcase.output.search.index.script_twin`)
  that search.js loads with a ``<script>`` tag instead.
* ``meta.json`` holds facet labels and per-doc facet columns (project,
  school, type, year; district via the school; the most used tags as a
  multi-valued column), so facet counts over the whole candidate set cost
  one small request.
* The same index drives the case browser (``cases/``, ``browse_markdown``):
  an empty query with filters and a date sort; the chunk rows carry the
  summary and cover image for its cards. Its default view adopts the static
  cards of the page, so a first visit downloads only ``meta.json``.
* All URLs are relative to the site root (``data-search-root`` or
  Material's ``__config.base``), so the site works under a sub-path and on
  intranets; there are no third-party requests.

Wiring (showcase/generate/pages.py, showcase/engine/mkdocs/state.py, showcase/output/postbuild.py)
-------------------------------------------------------------------------------------------------
* ``plugins:`` must not contain ``search`` (Material's header button and its
  whole-index download disappear with it); ``mkdocs.yml`` lists
  ``assets/search/search.js`` and ``search.css``, which the core publishes
  from ``ASSETS_DIR`` at ``ASSET_SITE_PATHS``, beside the search page
  (``search_page_markdown()``, URL ``search/``).
* While pages render, each case's body and each of the site's other pages
  (``page.page_search_html``) go to a
  :class:`~showcase.output.search.worker.BackgroundIndexer`, which writes the
  index to ``<site>/search`` after the last page; the export's post-build step
  feeds it the same texts from the built pages.
"""

from __future__ import annotations

from pathlib import Path

from showcase.output.search.index import SearchDoc, build_search_index, searchable_text
from showcase.output.search.page import browse_markdown, search_page_markdown
from showcase.output.search.textnorm import html_to_text, normalize, query_terms

ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS: list[Path] = [ASSETS_DIR / "search.js", ASSETS_DIR / "search.css"]
#: where the site publishes each of ASSETS (showcase/generate/pages.py)
ASSET_SITE_PATHS: dict[str, str] = {"search.js": "assets/search/search.js", "search.css": "assets/search/search.css"}

__all__ = [
    "SearchDoc",
    "build_search_index",
    "search_page_markdown",
    "browse_markdown",
    "html_to_text",
    "normalize",
    "query_terms",
    "searchable_text",
    "ASSETS",
    "ASSET_SITE_PATHS",
]

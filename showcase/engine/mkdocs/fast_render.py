"""Convert each page's Markdown with one reused python-markdown instance, as MkDocs would.

MkDocs 1.x builds a new ``markdown.Markdown`` (every extension, every processor) for each page
and runs an HTML parser over the whole Markdown source to find anchors in raw HTML.  Measured
with bench/pipeline_bench.py at 1,000 cases, that was about 2 of the 4.5 ms a case page spends in
``Page.render``, while the conversion itself takes 2.1 ms.  Here ``Page.render`` is replaced by
the same steps on an instance that is reset between pages (python-markdown's documented way to
convert many documents: ``md.reset()`` clears the footnotes, the table of contents, the HTML
stash and the references), with MkDocs' own per-page processors registered afresh for each page,
and the raw-HTML anchor scan skipped where the source has no ``<`` at all (it would find
nothing).  Output is identical: tests/engine/test_build_e2e.py builds with and without this module and
compares every file.

For ``serve`` it also keeps each page's result, keyed by the page's Markdown, every file's
address and the Markdown settings, so that a rebuild after an edit converts only what changed
(a render during which MkDocs logged anything is not kept, so its messages come again).

Like showcase/engine/mkdocs/parallel_render.py this relies on MkDocs internals, acceptable because MkDocs is pinned
below 2.0 and 1.x is no longer developed; ``SHOWCASE_FAST_RENDER=0`` turns it off, and a move to
another engine drops this module.
"""

from __future__ import annotations

import html as htmllib
import logging
import os
import re
from pathlib import Path

import markdown
from mkdocs.structure import pages as mkdocs_pages

from showcase.engine.mkdocs import guard

#: Page.render and its private processors are those of these releases (see guard).
VERIFIED_ON = {"mkdocs": ("1.6.1",), "markdown": ("3.11.3",)}

_original_render = mkdocs_pages.Page.render
_instance: tuple[object, markdown.Markdown] | None = None  # (the config it was made for, instance)


class _RawHTMLPreprocessor(mkdocs_pages._RawHTMLPreprocessor):
    """MkDocs' scan for ``id``/``name`` anchors in raw HTML, skipped when there is no tag."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("<" in line for line in lines):
            self.present_anchor_ids = set()
            return lines
        return super().run(lines)


def _markdown_for(config) -> markdown.Markdown:
    global _instance
    if _instance is None or _instance[0] is not config:
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        _instance = (config, md)
    return _instance[1].reset()


class _Counter(logging.Handler):
    """Counts what MkDocs logs about pages (a render that said something is not cached)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_said = _Counter()
logging.getLogger("mkdocs.structure.pages").addHandler(_said)

#: For ``serve``: (page, its Markdown, the site's files, mkdocs.yml) -> what render() produced.
#: A rebuild after editing one case converts that case (and the listings it appears in) only.
_cache: dict[tuple, tuple] | None = None
_signatures: tuple = (None, None)


def _signature(config, files) -> tuple:
    """What besides its own Markdown a page's HTML depends on: the files it may link to and
    the Markdown settings (mkdocs.yml, and this project's own extension)."""
    global _signatures
    if _signatures[0] is not files:
        sources = [Path(config.config_file_path)] + [Path(__file__).resolve().parents[2] / "generate" / "mdext.py"]
        settings = tuple(p.read_bytes() if p.is_file() else b"" for p in sources)
        _signatures = (files, hash((tuple((f.src_uri, f.url) for f in files), settings)))
    return _signatures[1]


def render(self: mkdocs_pages.Page, config, files) -> None:
    """``mkdocs.structure.pages.Page.render`` (MkDocs 1.6), on a reused instance."""
    if self.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    key = None
    if _cache is not None:
        key = (self.file.src_uri, self.markdown, _signature(config, files))
        hit = _cache.get(key)
        if hit is not None:
            content, toc_tokens, title, anchors, links = hit
            self.content = content
            self.toc = mkdocs_pages.get_toc(toc_tokens)
            self._title_from_render = title
            self.present_anchor_ids = set(anchors)
            if links is not None:
                self.links_to_anchors = {files.get_file_from_path(uri): dict(found) for uri, found in links.items()}
            return
    if _prerendered is not None and _from_core(self, _prerendered(self.file.src_uri)):
        return
    said = _said.count
    md = _markdown_for(config)

    raw_html_ext = _RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    self.content = md.convert(self.markdown)
    toc_tokens = getattr(md, "toc_tokens", [])
    self.toc = mkdocs_pages.get_toc(toc_tokens)
    self._title_from_render = extract_title_ext.title
    self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relative_path_ext.links_to_anchors
    if key is not None and _said.count == said:  # what MkDocs said would not be said again
        # Linked files by address: the next rebuild has new File objects.
        links = (
            None
            if self.links_to_anchors is None
            else {file.src_uri: dict(found) for file, found in self.links_to_anchors.items()}
        )
        _cache[key] = (self.content, toc_tokens, self._title_from_render, frozenset(self.present_anchor_ids), links)


#: ``src_uri -> (html, toc tokens)`` for pages the core rendered already (a case page is one HTML
#: block below its front matter, see showcase.generate.page.Page.html), or None.
_prerendered = None
#: Elements with an id in the core's HTML (attributes double-quoted; "<" in text is escaped).
_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')


def _from_core(page: mkdocs_pages.Page, prerendered: tuple[str, tuple] | None) -> bool:
    """Take a page's HTML from the core, as python-markdown would output that one block as it is
    (raw HTML passes through unchanged; tests/engine/test_build_e2e.py compares with MkDocs' own path).
    It holds no h1 and no Markdown link, so no title and no link to check; its anchors are its
    ids."""
    if prerendered is None or page.markdown.strip() != prerendered[0]:
        return False
    html, toc = prerendered
    page.content = html
    page.toc = mkdocs_pages.get_toc([dict(entry) for entry in toc])
    page._title_from_render = None
    page.present_anchor_ids = {htmllib.unescape(anchor) for anchor in _ID.findall(html)}
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}
    return True


def install(*, cache: bool = False, prerendered=None) -> None:
    """Use :func:`render` for every page, unless ``SHOWCASE_FAST_RENDER=0``; with ``cache``
    (``serve``), keep what each page gave for the next rebuild.  ``prerendered(src_uri)`` gives
    (HTML, table of contents) of a page the core rendered already, or None."""
    global _cache, _prerendered
    _prerendered = prerendered
    enabled = os.environ.get("SHOWCASE_FAST_RENDER", "1") != "0" and guard.verified("fast_render", VERIFIED_ON)
    mkdocs_pages.Page.render = render if enabled else _original_render
    if not (enabled and cache):
        _cache = None
    elif _cache is None:
        _cache = {}
    if _cache is not None and len(_cache) > 50_000:
        _cache.clear()  # a long session: start afresh rather than grow without bound


def cache() -> dict | None:
    """The results kept for ``serve`` (None when not caching)."""
    return _cache

"""Convert each page's Markdown with one reused python-markdown instance, as MkDocs would.

MkDocs 1.x builds a new ``markdown.Markdown`` (every extension, every processor) for each page
and runs an HTML parser over the whole Markdown source to find anchors in raw HTML.  Measured
with bench/pipeline_bench.py at 1,000 cases, that was about 2 of the 4.5 ms a case page spends in
``Page.render``, while the conversion itself takes 2.1 ms.  Here ``Page.render`` is replaced by
the same steps on an instance that is reset between pages (python-markdown's documented way to
convert many documents: ``md.reset()`` clears the footnotes, the table of contents, the HTML
stash and the references), with MkDocs' own per-page processors registered afresh for each page,
and the raw-HTML anchor scan skipped where the source has no ``<`` at all (it would find
nothing).  Output is identical: tests/test_build_e2e.py builds with and without this module and
compares every file.

Like hooks/parallel_render.py this relies on MkDocs internals, acceptable because MkDocs is pinned
below 2.0 and 1.x is no longer developed; ``SHOWCASE_FAST_RENDER=0`` turns it off, and a move to
another engine drops this module.
"""

from __future__ import annotations

import logging
import os

import markdown
from mkdocs.structure import pages as mkdocs_pages

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


def render(self: mkdocs_pages.Page, config, files) -> None:
    """``mkdocs.structure.pages.Page.render`` (MkDocs 1.6), on a reused instance."""
    if self.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
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
    self.toc = mkdocs_pages.get_toc(getattr(md, "toc_tokens", []))
    self._title_from_render = extract_title_ext.title
    self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relative_path_ext.links_to_anchors


def install() -> None:
    """Use :func:`render` for every page, unless ``SHOWCASE_FAST_RENDER=0``."""
    enabled = os.environ.get("SHOWCASE_FAST_RENDER", "1") != "0"
    mkdocs_pages.Page.render = render if enabled else _original_render

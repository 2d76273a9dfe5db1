"""State shared by the MkDocs events of one build, kept out of the hook so it can be tested.

``serve`` rebuilds many times in one process: everything is recomputed in :meth:`BuildState.load`
at each ``on_config``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase.generate import render
from showcase.generate.page import DataFile, Page
from showcase.generate.pages import assets, other_search_docs, search_doc
from showcase.load.model import Asset, Site
from showcase.output import images
from showcase.output.search import worker
from showcase.output.search.page import page_search_html
from showcase.output.search.worker import BackgroundIndexer
from showcase.pipeline import run
from showcase.problems import Problems

#: Marker written into every page that shows sample content; the publish guard looks for it.  It
#: is a tag: a school's text could contain the words, never the tag (the sanitiser escapes "<").
DEMO_MARKER = '<meta name="showcase-demo"'


class PublishGuardError(Exception):
    """A publish build would have put sample content online (the adapter turns it into the
    engine's own error: a Chinese message, no traceback)."""


def _index_written(stats: dict) -> str:
    """The log line for a search index the worker wrote, from its statistics."""
    return f"已生成搜索索引：{stats['cases']} 篇材料和 {stats['docs'] - stats['cases']} 个其他页面，{stats['files']} 个文件"


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@dataclass
class BuildState:
    command: str = "build"
    site_url: str = ""
    """The configured ``site_url`` (absolute links in feeds), or empty."""
    site: Site | None = None
    problems: Problems = field(default_factory=Problems)
    _pages: list[Page] = field(default_factory=list)
    _data_files: list[DataFile] = field(default_factory=list)
    _cache_dir: Path | None = None
    _by_uri: dict = field(default_factory=dict)
    _indexer: BackgroundIndexer | None = None
    _writing: tuple | None = None
    _images: images.Prefetch | None = None
    _pages_by_uri: dict = field(default_factory=dict)
    _others_by_uri: dict = field(default_factory=dict)
    _done: int = 0
    _total: int = 0

    def demo_enabled(self, options: dict) -> bool:
        """Samples are shown unless ``SHOWCASE_PUBLISH`` is set or ``extra.showcase.demo`` is false."""
        if _truthy(os.environ.get("SHOWCASE_PUBLISH", "")):
            return False
        return _truthy(options.get("demo", True))

    def load(self, root: Path, *, demo: bool, docs_dir: str | None = None) -> tuple[Site, Problems]:
        self._cache_dir = root / ".cache" / "images"
        self._collect_index()
        if self._indexer is not None:
            self._indexer.close()
        # Forked before the content is loaded, so that the workers do not carry a copy of it.
        self._indexer = BackgroundIndexer()
        if self.command == "serve" and worker.TEXT_CACHE is None:
            worker.TEXT_CACHE = {}  # a rebuild extracts the text of changed pages only
        if self.command == "serve":
            render.keep_renders()  # and renders only the texts that changed
        if self._images is not None:
            self._images.close()
        self._images = images.Prefetch(images.candidates(root, demo=demo), self._cache_dir)
        result = run(root, demo=demo, docs_dir=docs_dir, site_url=self.site_url)
        self.site, self.problems, self._pages, self._data_files = (
            result.site,
            result.problems,
            result.pages,
            result.data_files,
        )
        self._done = 0
        # Search position = rank among the submissions (newest first), known before rendering.
        self._by_uri = {s.uri: (position, s) for position, s in enumerate(self.site.submissions)}
        # The site's other pages follow the cases in the index (a page not rendered leaves a gap).
        n_cases = len(self.site.submissions)
        self._others_by_uri = {d.id: (n_cases + k, d) for k, d in enumerate(other_search_docs(self.site))}
        self._pages_by_uri = {page.uri: page for page in self._pages}
        self._indexer.start(n_cases + len(self._others_by_uri), n_cases, self.site.synonyms)
        return self.site, self.problems

    def page_html(self, uri: str, html: str) -> str:
        """The page as the engine rendered it; a case's own text, as the core rendered it, goes
        to the search index."""
        entry = self._by_uri.get(uri)
        if entry is not None:
            position, submission = entry
            self._indexer.add(position, search_doc(self.site, submission, ""), self._pages_by_uri[uri].body_html)
        return html

    def page_output(self, uri: str, output: str) -> None:
        """A built page: one of the site's other pages the search finds goes to the index, as
        the export's post-build step reads it (the same text, so the same index)."""
        other = self._others_by_uri.get(uri)
        if other is not None:
            position, doc = other
            self._indexer.add(position, doc, page_search_html(doc.kind, output))

    def prerendered(self, uri: str) -> tuple[str, tuple] | None:
        """(HTML, table of contents) of a page that is one HTML block below its front matter."""
        page = self._pages_by_uri.get(uri)
        return (page.html, page.toc) if page is not None and page.html else None

    def page_toc(self, uri: str) -> tuple | None:
        """The table of contents of a page whose text the core rendered (None for the others)."""
        page = self._pages_by_uri.get(uri)
        return page.toc if page is not None and page.body_html else None

    def text_cache(self) -> dict | None:
        """The page texts kept for ``serve`` (None when not caching)."""
        return worker.TEXT_CACHE

    def pages(self) -> list[Page]:
        return self._pages

    def data_files(self) -> list[DataFile]:
        return self._data_files

    def assets(self) -> list[Asset]:
        if not self.site:
            return []
        try:
            return assets(self.site, self._cache_dir, self._images)
        finally:
            if self._images is not None:
                self._images.close()
                self._images = None

    def page_done(self, log: logging.Logger) -> None:
        if not self._total:
            self._total = len(self._pages) + 20  # plus the bureau's own pages, roughly
        self._done += 1
        step = max(1, self._total // 10)
        if self._total > 200 and self._done % step == 0:
            log.info(f"正在生成页面：{self._done}/{self._total}")

    def abandon(self) -> None:
        """The build failed: stop the search worker without writing anything."""
        if self._images is not None:
            self._images.close()
            self._images = None
        if self._indexer is not None:
            self._indexer.close()
            self._indexer = None

    def start_index(self, site_dir: Path) -> None:
        """Every page is rendered: the worker writes the search index while we go on."""
        self._indexer.request_write(site_dir / "search")

    def finish(self, site_dir: Path, log: logging.Logger) -> None:
        if self.site is not None and not self.site.demo:
            marker = DEMO_MARKER.encode()
            leaked = [
                str(path.relative_to(site_dir))
                for path in sorted(site_dir.rglob("*.html"))
                if marker in path.read_bytes()
            ]
            if leaked:
                self.abandon()
                raise PublishGuardError(f"发布构建中出现了示例内容（{len(leaked)} 页，如 {leaked[0]}），已停止。")
        if self.command == "serve":
            # The preview shows the edited page at once; the worker finishes the search index
            # meanwhile and is waited for before the next rebuild cleans the site folder.
            self._writing, self._indexer = (self._indexer, log), None
            return
        stats = self._indexer.written()
        self._indexer = None
        log.info(f"{_index_written(stats)}，{stats['bytes'] / 1024:.0f} KB，用时 {stats['seconds']} 秒")

    def shutdown(self) -> None:
        self._collect_index()

    def _collect_index(self) -> None:
        """``serve``: wait for the index the previous rebuild left being written."""
        if self._writing is None:
            return
        (indexer, log), self._writing = self._writing, None
        try:
            stats = indexer.written()
            log.info(_index_written(stats))
        except RuntimeError as error:
            log.error(str(error))

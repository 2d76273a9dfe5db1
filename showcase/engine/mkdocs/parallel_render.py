"""Render half of the case pages in a forked process: MkDocs 1.x renders pages one at a time on
one core, and the machines that build this site have two.

Measured with bench/pipeline_bench.py at 1,000 cases: Markdown and templates took 9 of the
build's 15 seconds, nearly all of it case pages.  After the navigation is known (``on_nav``) we
fork; the child renders its share exactly as MkDocs' own build loop does (populate, then build
each page, then check anchors) and exits; the parent marks that share as excluded so its own
loop skips it, and waits for the child before ``on_post_build`` finishes.  Output is identical
to a serial build (tests/engine/test_build_e2e.py compares the two byte for byte); the sitemap, which
MkDocs writes from the pages it built itself, is rewritten here to list every page.

This leans on MkDocs internals (``mkdocs.commands.build._populate_page`` and ``_build_page``),
acceptable because MkDocs is pinned below 2.0 and 1.x is no longer developed; a move to another
engine drops this module.  It runs for ``build`` and each ``serve`` rebuild (an excluded page is
skipped by both) on systems with ``fork``; ``SHOWCASE_PARALLEL=0`` turns it off.
"""

from __future__ import annotations

import gzip
import logging
import os
import pickle
import sys
import traceback
from pathlib import Path

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from showcase.engine.mkdocs import guard

log = logging.getLogger("mkdocs.plugins.showcase")

#: _populate_page, _build_page, the inclusion levels, the warning counter and the wording of the
#: "excluded from the built site" note are those of this release.
VERIFIED_ON = {"mkdocs": ("1.6.1",)}


def enabled() -> bool:
    """Whether pages may be rendered in a second process (and the sitemap written here)."""
    return (
        os.environ.get("SHOWCASE_PARALLEL", "1") != "0"
        and hasattr(os, "fork")
        and guard.verified("parallel_render", VERIFIED_ON)
    )


#: Below this many case pages a second process costs more than it saves.
MIN_PAGES = 60


def _warning_count() -> int:
    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, utils.CountHandler)]
    return sum(count for counter in counters for _, count in counter.get_counts())


class ParallelRender:
    """Fork at ``on_nav`` to render a share of the pages; ``wait`` before the build ends."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.shared: list[File] = []
        self._quiet: logging.Filter | None = None

    def start(self, files: Files, nav, config, page_uris: list[str], *, send_back=None, receive=None) -> None:
        """Fork and render a share of ``page_uris`` in the child.  ``send_back`` (called in the
        child when it is done) may return something picklable for ``receive`` in the parent:
        ``serve`` passes what the child's pages put in the caches, for the next rebuild."""
        if not hasattr(os, "fork") or len(page_uris) < MIN_PAGES:
            return
        # Every other case, plus a few more: the parent also renders all listing pages.
        share = page_uris[1::2] + page_uris[0::2][: len(page_uris) // 10]
        wanted = set(share)
        shared = [f for f in files.documentation_pages() if f.src_uri in wanted]
        sys.stdout.flush()
        sys.stderr.flush()
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: render its share, report through the exit code
            os.close(reader)
            code = 1
            try:
                code = _render(shared, files, nav, config)
                with os.fdopen(writer, "wb") as out:
                    pickle.dump(send_back() if send_back and code == 0 else None, out)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(writer)
        self.pid, self.shared, self._reader, self._receive = pid, shared, reader, receive
        log.info(
            f"用两个进程生成案例页：另一进程 {len(shared)} 页，本进程其余 {len(page_uris) - len(shared)} 页及栏目页"
        )
        for file in shared:
            file.inclusion = InclusionLevel.EXCLUDED
        # Links to the other process's pages are fine: keep MkDocs from saying they are not.
        self._quiet = _QuietAboutShared({file.src_uri for file in shared})
        logging.getLogger("mkdocs.structure.pages").addFilter(self._quiet)

    def wait(self, files: Files, config) -> None:
        """Wait for the child; fail the build if it failed or warned (strict mode)."""
        if self.pid is None:
            return
        with os.fdopen(self._reader, "rb") as incoming:  # read before waiting: the pipe is small
            data = incoming.read()
        _, status = os.waitpid(self.pid, 0)
        if data and self._receive is not None and os.waitstatus_to_exitcode(status) == 0:
            payload = pickle.loads(data)
            if payload is not None:
                self._receive(payload)
        self.pid = None
        logging.getLogger("mkdocs.structure.pages").removeFilter(self._quiet)
        for file in self.shared:
            file.inclusion = InclusionLevel.INCLUDED
        if os.waitstatus_to_exitcode(status) != 0:
            raise Abort("并行生成页面时出现错误或警告（见上方信息），已停止构建。")

    def abandon(self) -> None:
        logging.getLogger("mkdocs.structure.pages").removeFilter(self._quiet)
        if self.pid is not None:
            try:
                os.close(self._reader)
            except OSError:
                pass
            try:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None


class _QuietAboutShared(logging.Filter):
    """Drops MkDocs' note that a page links to a page "excluded from the built site" when that
    page is only being rendered by the other process."""

    def __init__(self, shared_uris: set[str]) -> None:
        super().__init__()
        self.shared_uris = shared_uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.endswith("which is excluded from the built site."):
            return True
        target = message.split("contains a link to '", 1)[-1].split("'", 1)[0]
        return target not in self.shared_uris


def _render(shared: list[File], files: Files, nav, config) -> int:
    """What mkdocs.commands.build.build does for each page, for ``shared`` only."""
    before = _warning_count()
    # The menu needs every navigation page's title; mkdocs.yml gives them all, so the other
    # pages need not be read here (some are large at 10,000 cases).
    for file in shared:
        if file.page is None:
            Page(None, file, config)
        mkdocs_build._populate_page(file.page, config, files, False)
    env = config.theme.get_env()
    env = config.plugins.on_env(env, config=config, files=files)
    doc_files = files.documentation_pages()
    for file in shared:
        mkdocs_build._build_page(file.page, config, doc_files, nav, env, False, excluded=False)
    for file in shared:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    return 0 if config.strict is False or _warning_count() == before else 1


def write_sitemap(files: Files, config) -> None:
    """The sitemap of every page, as MkDocs' template writes it; always rewritten, so that a
    parallel build (where MkDocs saw only the parent's pages) gives the same bytes as a serial one."""
    site_url = config.site_url or ""
    build_date = utils.get_build_date()
    entries = []
    for file in files.documentation_pages():
        if file.inclusion.is_excluded():
            continue
        url = "" if file.url == "./" else file.url  # the home page: "/", not "/./"
        location = (site_url.rstrip("/") + "/" + url) if site_url else "/" + url
        entries.append(
            f"    <url>\n         <loc>{location}</loc>\n         <lastmod>{build_date}</lastmod>\n    </url>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n"
    )
    site_dir = Path(config.site_dir)
    (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as archive:
        archive.write(xml.encode("utf-8"))

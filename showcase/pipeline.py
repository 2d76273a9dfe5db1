"""The whole pipeline in one call: load → check → generate, as `build.py` and the hook use it.

Gathering everything first and rendering last (as MkDocs' own build does) lets the link rule
know every page that will exist before it judges a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import attachments, gate
from .load import load_site
from .model import Site
from .forking import PARALLEL_FROM, Background
from .pages import DataFile, Page, data_files, generate
from .problems import Problems
from .bounds import check_markup
from .sources import is_folder, list_folder, read_text


@dataclass
class Result:
    site: Site
    problems: Problems
    pages: list[Page]
    data_files: list[DataFile]


def run(root: Path, *, demo: bool, docs_dir: str = "content", site_url: str = "") -> Result:
    """Load and check the content under ``root`` and generate the site's pages and data files
    (``site_url``, when configured, makes the feeds' links absolute)."""
    site, problems = load_site(root, demo=demo)
    # The data files (JSON, CSV, XLSX, feeds) need only the site: made meanwhile in a fork.
    background = Background("生成数据文件", data_files, site, site_url) if len(site.submissions) >= PARALLEL_FROM else None
    pages = generate(site)
    files = background.result() if background else data_files(site, site_url)
    linked = check_references(site, pages, files, root / docs_dir, problems)
    gate.check_unlinked_attachments(
        {a.uri: a.abs_path.relative_to(root).as_posix() for a in site.assets if a.abs_path.suffix.lower() in attachments.FORMATS},
        linked, problems,
    )
    check_rendered(pages, problems)
    return Result(site, problems, pages, files)


def check_rendered(pages: list[Page], problems: Problems) -> None:
    """What the sanitiser removed from a page, where no other rule has explained it already:
    the published page never silently differs from what the school wrote."""
    explained = {(p.path, p.line) for p in problems if p.severity == "error"}
    for page in pages:
        for path, line, removal in page.removed:
            if (path, line) in explained:
                continue
            problems.error(path, line, "正文", f"{removal.what}不能在网站上显示，已被去掉", removal.hint, code="sanitized")


def check_references(site: Site, pages: list[Page], files: list[DataFile], docs_dir: Path, problems: Problems) -> set[str]:
    """Images and links in every submission must lead to something the site will contain.
    Returns every site path linked or shown."""
    static = set()
    if is_folder(docs_dir, docs_dir.name, problems):
        for entry in list_folder(docs_dir, docs_dir.parent, problems):
            if entry.is_folder:
                continue
            static.add(entry.path.relative_to(docs_dir).as_posix())
            if entry.path.suffix == ".md":  # the engine renders these pages: the same bounds
                source = read_text(entry.path, entry.rel, problems)
                if source.ok and source.bounded:
                    check_markup(source.text, 1, entry.rel, problems)
    known_pages = {page.uri for page in pages} | {uri for uri in static if uri.endswith(".md")}
    known_files = {asset.uri for asset in site.assets} | site.withheld_files | {f.uri for f in files} | static
    suggestions = [gate.SITE_SUGGESTIONS]
    linked: set[str] = set()
    for submission in site.submissions:
        linked |= gate.check_references(
            submission.path, submission.uri, submission.school_id, submission.body, submission.body_line,
            known_pages, known_files, problems, suggestions,
        )
    return linked


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
    return Result(site, problems, pages, files)


def check_references(site: Site, pages: list[Page], files: list[DataFile], docs_dir: Path, problems: Problems) -> set[str]:
    """Images and links in every submission must lead to something the site will contain.
    Returns every site path linked or shown."""
    static = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()} if docs_dir.is_dir() else set()
    known_pages = {page.uri for page in pages} | {uri for uri in static if uri.endswith(".md")}
    known_files = {asset.uri for asset in site.assets} | site.withheld_files | {f.uri for f in files} | static
    linked: set[str] = set()
    for submission in site.submissions:
        linked |= gate.check_references(
            submission.path, submission.uri, submission.school_id, submission.body, submission.body_line,
            known_pages, known_files, problems,
        )
    return linked


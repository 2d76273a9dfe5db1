"""The whole pipeline in one call: load → check → generate, as `build.py` and the hook use it.

Gathering everything first and rendering last (as MkDocs' own build does) lets the link rule
know every page that will exist before it judges a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from showcase.check import attachments, gate
from showcase.check.rules import check_references, check_rendered
from showcase.config import site_config
from showcase.forking import PARALLEL_FROM, Background
from showcase.generate.page import DataFile, Page
from showcase.generate.site import data_files, generate
from showcase.load.content import load_site
from showcase.load.model import Site
from showcase.problems import Problems


@dataclass
class Result:
    site: Site
    problems: Problems
    pages: list[Page]
    data_files: list[DataFile]


def run(root: Path, *, demo: bool, docs_dir: str | Path | None = None, site_url: str = "") -> Result:
    """Load and check the content under ``root`` and generate the site's pages and data files
    (``site_url``, when configured, makes the feeds' links absolute and gives each case page a
    QR code of its address).  The static pages are in
    ``docs_dir`` (relative to ``root``, or absolute; by default the configuration's)."""
    docs = root / (docs_dir if docs_dir is not None else site_config(root).docs_dir)
    site, problems = load_site(root, demo=demo)
    # The data files (JSON, CSV, XLSX, feeds) need only the site: made meanwhile in a fork.
    background = (
        Background("生成数据文件", data_files, site, site_url) if len(site.submissions) >= PARALLEL_FROM else None
    )
    pages = generate(site, site_url)
    files = background.result() if background else data_files(site, site_url)
    linked = check_references(site, pages, files, docs, problems)
    gate.check_unlinked_attachments(
        {
            a.uri: a.abs_path.relative_to(root).as_posix()
            for a in site.assets
            if a.abs_path.suffix.lower() in attachments.FORMATS
        },
        linked,
        problems,
    )
    check_rendered(pages, problems)
    return Result(site, problems, pages, files)

"""Post-build: what the MkDocs hook does at the end of a build, for a site that a stock engine
built from an export (:mod:`showcase.output.export`), working on the built files only.

- the search index, from the BUILT pages: each case's body is taken from its page (the core
  wraps it in ``<div class="sc-case__body">``) and indexed with the search document the export
  wrote in its manifest, at the same position: the same index as the hook's build;
- the publish guard: a publish export fails if any page carries the demo marker;
- the theme's skip link on pages whose table of contents came with the front matter (cases, news
  items: see ``showcase/output/export_overrides/partials/toc.html``): Material drew none there, or one
  to the page's title, as it saw no other heading;
- the sitemap, if the engine wrote none (``sitemap.xml`` and ``sitemap.xml.gz``, as MkDocs does);
- the Content-Security-Policy meta tag of every page (:func:`showcase.output.csp.add_policy_to_tree`),
  last, since it hashes each page's inline scripts.

No engine is imported.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from showcase.engine.mkdocs.state import DEMO_MARKER
from showcase.output import csp
from showcase.output.export import MANIFEST, MANIFEST_FORMAT
from showcase.output.search.index import SearchDoc
from showcase.output.search.page import page_search_html
from showcase.output.search.worker import BackgroundIndexer

#: The element that holds a case's own text in its page (showcase/generate/templates/submission.md.jinja).
BODY_CLASS = "sc-case__body"


class PostBuildError(Exception):
    """The site is not as the export said (a message in Chinese)."""


@dataclass
class PostBuildResult:
    search: dict = field(default_factory=dict)
    csp_pages: int = 0
    sitemap_written: bool = False
    skip_links: int = 0
    seconds: float = 0.0


#: The opening tag of a case's body element.
_BODY_START = re.compile(
    r"""<div\b[^>]*?\bclass\s*=\s*["'](?:[^"']*\s)?""" + BODY_CLASS + r"""(?:\s[^"']*)?["'][^>]*>"""
)
#: Any tag, its quoted attribute values taken whole (a value may hold "<" or ">").
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")


def case_body(html: str) -> str | None:
    """The inner HTML of a built case page's body element, or None if it has none.

    The body is the core's sanitised HTML: its text has no "<" (escaped) and no comments, so
    counting the ``div`` tags from the body's own, quoted values skipped, finds its end."""
    start = _BODY_START.search(html)
    if start is None:
        return None
    depth = 1
    for tag in _TAG.finditer(html, start.end()):
        if tag.group(2).lower() != "div" or tag.group(0).endswith("/>"):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.end() : tag.start()]
    return None


#: Material's skip link (base.html, outside any template block, so the export's template
#: overrides cannot supply it), exactly as Material 9.8 writes it for a page with a table of
#: contents; and its container, with or without a link.
SKIP_LINK = '<div data-md-component="skip">\n      \n        \n        <a href="{href}" class="md-skip">\n          {label}\n        </a>\n      \n    </div>'
#: Material's skip link container: empty (the engine saw no heading), or with a link.
_SKIP = re.compile(
    re.escape('<div data-md-component="skip">\n      \n    </div>')
    + "|"
    + re.escape(SKIP_LINK).replace(re.escape("{href}"), '[^"]*').replace(re.escape("{label}"), "[^<]*")
)
#: Material's label of the skip link in the site's language (zh).
SKIP_LABEL = "跳转至"


def add_skip_links(site_dir: Path, skip_links: dict[str, str]) -> int:
    """Point the skip link of each page whose table of contents came with its front matter to
    its first heading there, as the theme does with the hook (the engine drew none, or one to
    the page title); returns how many pages changed."""
    changed = 0
    for url, href in sorted(skip_links.items()):
        path = page_file(site_dir, url)
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        found = list(_SKIP.finditer(html))
        if len(found) != 1:
            continue  # another theme or engine: it draws its own
        updated = html[: found[0].start()] + SKIP_LINK.format(href=href, label=SKIP_LABEL) + html[found[0].end() :]
        if updated != html:
            path.write_text(updated, encoding="utf-8")
            changed += 1
    return changed


def read_manifest(path: Path) -> dict:
    if not path.is_file():
        raise PostBuildError(f"找不到导出清单 {path}：请先运行 python build.py export，再用构建引擎生成网站。")
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != MANIFEST_FORMAT:
        raise PostBuildError(
            f"导出清单 {path} 的格式（{data.get('format')}）与本程序（{MANIFEST_FORMAT}）不符，请重新导出。"
        )
    return data


def page_file(site_dir: Path, url: str) -> Path:
    """The built file of a page URL (directory URLs: ``a/b/`` → ``a/b/index.html``)."""
    return site_dir / (url + "index.html" if url.endswith("/") or url == "" else url)


def _search_doc(entry: dict) -> SearchDoc:
    """A page's search document as the manifest gives it (without its text, which the indexer
    takes from the built page)."""
    fields = {key: value for key, value in entry.items() if key != "position"}
    return SearchDoc(text="", **{**fields, "tags": tuple(fields["tags"])})


def start_index(site_dir: Path, manifest: dict) -> BackgroundIndexer:
    """Feed each case's built body to a search indexer in a second process (as the hook feeds it
    while pages render) and have it write the index under ``site_dir/search``; its
    :meth:`~showcase.output.search.worker.BackgroundIndexer.written` waits for the statistics."""
    entries = manifest["search"]
    others = manifest.get("search_others", [])
    indexer = BackgroundIndexer()
    indexer.start(len(entries) + len(others), len(entries), manifest.get("synonyms", []))
    missing = []
    for entry in entries:
        doc = _search_doc(entry)
        path = page_file(site_dir, doc.url)
        body = case_body(path.read_text(encoding="utf-8")) if path.is_file() else None
        if body is None:
            missing.append(doc.url)
            continue
        indexer.add(entry["position"], doc, body)
    for entry in others:  # the site's other pages: a page the engine did not build leaves a gap
        doc = _search_doc(entry)
        path = page_file(site_dir, doc.url)
        if path.is_file():
            indexer.add(entry["position"], doc, page_search_html(doc.kind, path.read_text(encoding="utf-8")))
    if missing:
        indexer.close()
        raise PostBuildError(
            f"{len(missing)} 个案例页没有生成或缺少正文（如 {missing[0]}），未生成搜索索引：网站是不是从这次导出生成的？"
        )
    indexer.request_write(site_dir / "search")
    return indexer


def demo_pages(site_dir: Path) -> list[str]:
    marker = DEMO_MARKER.encode()
    return [str(p.relative_to(site_dir)) for p in sorted(site_dir.rglob("*.html")) if marker in p.read_bytes()]


def sitemap_needed(site_dir: Path, manifest: dict) -> bool:
    """No sitemap, or one without a single page (MkDocs and ProperDocs list none when no
    ``site_url`` is configured; the hook lists every page with site-relative addresses)."""
    path = site_dir / "sitemap.xml"
    return bool(manifest["pages"]) and (not path.is_file() or "<loc>" not in path.read_text(encoding="utf-8"))


def write_sitemap(site_dir: Path, manifest: dict) -> None:
    """The sitemap the hook writes (showcase/engine/mkdocs/parallel_render.py), in the same order, dated as MkDocs
    dates a build (today, or ``SOURCE_DATE_EPOCH``)."""
    site_url = (manifest.get("site_url") or "").rstrip("/")
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    today = time.strftime("%Y-%m-%d", time.gmtime(int(stamp) if stamp else None))
    entries = [
        f"    <url>\n         <loc>{site_url}/{url}</loc>\n         <lastmod>{today}</lastmod>\n    </url>"
        for url in manifest["pages"]
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )
    (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as archive:
        archive.write(xml.encode("utf-8"))


def postbuild(site_dir: Path, manifest_path: Path | None = None) -> PostBuildResult:
    """Finish a site built by a stock engine from an export (by default the manifest is the
    export's, beside the ``site/`` folder)."""
    started = time.perf_counter()
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise PostBuildError(f"{site_dir} 中没有 index.html：请先用构建引擎生成网站。")
    manifest = read_manifest(Path(manifest_path) if manifest_path else site_dir.parent / MANIFEST)
    if not manifest["demo"]:
        leaked = demo_pages(site_dir)
        if leaked:
            raise PostBuildError(f"发布构建中出现了示例内容（{len(leaked)} 页，如 {leaked[0]}），已停止。")
    result = PostBuildResult()
    # The index is encoded and written in the indexer's process meanwhile.
    indexer = start_index(site_dir, manifest)
    try:
        result.skip_links = add_skip_links(site_dir, manifest.get("skip_links", {}))
        if sitemap_needed(site_dir, manifest):
            write_sitemap(site_dir, manifest)
            result.sitemap_written = True
        result.csp_pages = csp.add_policy_to_tree(site_dir)
    except BaseException:
        indexer.close()
        raise
    try:
        result.search = indexer.written()
    except RuntimeError as error:
        raise PostBuildError(str(error)) from None
    result.seconds = time.perf_counter() - started
    return result

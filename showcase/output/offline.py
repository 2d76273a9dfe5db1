"""Output: a built site that opens from disk (``file://``), for the pull-request preview.

A teacher downloads the preview artifact, unzips it and double-clicks ``index.html``.  Served
over HTTP, ``schools/`` means ``schools/index.html``; opened from disk, the browser shows a
folder listing instead.  This pass rewrites every link to a folder in the built pages
(``href="schools/"``, ``href=".."``, ``action="../search/"``) to name its ``index.html``.
The search loads its index without ``fetch()`` when opened from disk
(:mod:`showcase.output.search`), so that it works offline too.

Only attribute values in tags are rewritten, never the text of inline scripts (whose hashes the
pages' Content-Security-Policy pins).  Every page is read and written once: linear in the size
of the site, and the same bytes for the same site.
"""

from __future__ import annotations

import re
from pathlib import Path

from showcase.output.html_files import rewrite_html_files

#: href/action/src attributes in double quotes (Material and our templates always quote so).
_ATTRIBUTE = re.compile(r'(\s(?:href|action)=")([^"<>]*)(")')
_SCRIPT = re.compile(r"(<script\b[^>]*>.*?</script>)", re.IGNORECASE | re.DOTALL)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def to_index_html(url: str) -> str:
    """``schools/`` → ``schools/index.html``, ``..`` → ``../index.html``; others unchanged."""
    if not url or _EXTERNAL.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i != -1), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path == "":
        return url  # "?q=…" or "#…" on the same page
    last = path.rsplit("/", 1)[-1]
    if path.endswith("/"):
        path += "index.html"
    elif last in (".", ".."):
        path += "/index.html"
    else:
        return url
    return path + rest


def _rewrite_tags(html: str) -> str:
    return _ATTRIBUTE.sub(lambda m: m.group(1) + to_index_html(m.group(2)) + m.group(3), html)


def rewrite_page(html: str) -> str:
    """The page with its folder links made to open from disk; inline scripts untouched."""
    pieces = _SCRIPT.split(html)
    # split() with one group: odd items are the scripts themselves.
    return "".join(piece if i % 2 else _rewrite_tags(piece) for i, piece in enumerate(pieces))


def make_openable_from_disk(site_dir: Path) -> int:
    """Rewrite every HTML page under ``site_dir``; return how many pages changed."""
    return rewrite_html_files(site_dir, rewrite_page)

"""Output: rewrite every built HTML page of a site folder in place, once each (the passes that
run after an engine has written the site: the CSP, the preview that opens from disk)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def rewrite_html_files(site_dir: Path, transform: Callable[[str], str]) -> int:
    """Apply ``transform`` to every ``.html`` file under ``site_dir`` (links and other
    non-regular files are skipped), in a stable order; return how many files changed."""
    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        if path.is_symlink() or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        updated = transform(text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed += 1
    return changed

"""Output: a Content-Security-Policy for every built page, as a meta tag in its ``<head>``.

The policy allows no host but the site's own and no inline script except the theme's own, each
allowed by the SHA-256 of its exact text, computed per page at build time (the theme's inline
scripts differ from page to page: they hold the page's relative path to the site root).  Inline
style attributes are not allowed either: the site writes none (tables align with ``align``), and
the sanitiser (:mod:`showcase.generate.render`) removes every ``style`` from a school's text.  So even if
markup from a submission ever got past the sanitiser, a reader's browser would not run it.

Directives that cannot be set by a meta tag (``frame-ancestors``) and the other security headers
are set by the web server: see ``deploy/``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from showcase.output.html_files import rewrite_html_files

#: The policy without the script hashes.  ``data:`` images: the theme's stylesheet draws its icons
#: as inline SVG data.  Fonts are the reader's own (no web fonts are loaded).
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
#: Marks a page that has its policy already (``serve`` may hand the same text over twice).
MARKER = 'http-equiv="Content-Security-Policy"'


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` sources for every inline script a browser would run, in page order."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _TYPE.search(attributes)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue  # a data block (the theme's JSON configuration) is never run
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy_for(html: str, *, preview: bool = False) -> str:
    """The policy of one page: :data:`POLICY` with the hashes of its inline scripts.

    ``preview``: for the local preview (``serve``), whose live-reload script is put into each
    page as it is served, with a number that changes every time: inline scripts are allowed
    there (the sanitiser, not the policy, keeps a school's text from running anything; the
    browser tests check the published pages under the strict policy)."""
    directives = []
    for name, sources in POLICY.items():
        if name == "script-src":
            sources = [*sources, "'unsafe-inline'"] if preview else [*sources, *inline_script_hashes(html)]
        directives.append(f"{name} {' '.join(sources)}")
    return "; ".join(directives)


def add_policy(html: str, *, preview: bool = False) -> str:
    """``html`` with its policy as the first thing after the charset declaration (a policy in a
    meta tag covers only what follows it)."""
    if MARKER in html[:4096] or "<head" not in html[:4096].lower():
        return html
    tag = f'<meta {MARKER} content="{policy_for(html, preview=preview)}">'
    charset = _CHARSET.search(html, 0, 4096)
    if charset:
        return html[: charset.end()] + "\n    " + tag + html[charset.end() :]
    head = re.search(r"<head\b[^>]*>", html, re.IGNORECASE)
    return html[: head.end()] + tag + html[head.end() :]


def add_policy_to_tree(site_dir: Path) -> int:
    """Add the policy to every HTML file under ``site_dir`` (for a site built by an engine this
    package does not hook into); returns how many files were changed."""
    return rewrite_html_files(site_dir, add_policy)

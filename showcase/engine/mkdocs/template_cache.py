"""Render Material's navigation and tabs once for all the pages that are not in the navigation.

Material renders the whole site navigation (``partials/nav.html``) and the tabs
(``partials/tabs.html``) into every page: measured with bench/pipeline_bench.py at 1,000 cases,
that was more than half of the 2.2 ms a case page spends in the theme's templates.  For a page
that is not itself in the navigation (every case page, school page and listing page here: the
navigation lists sections only) nothing in those partials depends on the page except the
relative links, so the output is the same for every page whose relative links to the
navigation's targets are the same and that names the same section as its parent (the active
tab of a detail page).  The cache is keyed by exactly those; pages in the
navigation (and pages without a ``page``, such as 404.html) are rendered as usual.

It wraps the compiled template's render function, which is what Jinja's ``{% include %}`` calls;
output is identical (tests/engine/test_build_e2e.py builds with and without it and compares every
file).  ``SHOWCASE_FAST_RENDER=0`` turns it off with showcase/engine/mkdocs/fast_render.py.
"""

from __future__ import annotations

import os

import jinja2
import jinja2.bccache
from mkdocs.structure.nav import Section
from mkdocs.utils import normalize_url

from showcase.engine.mkdocs import guard

#: Material's navigation partials and MkDocs' template context are those of these releases.
VERIFIED_ON = {"mkdocs": ("1.6.1",), "mkdocs-material": ("9.8.1",), "jinja2": ("3.1.6",)}

CACHED_PARTIALS = ("partials/nav.html", "partials/tabs.html")


def _targets(items) -> list[str]:
    urls = []
    for item in items:
        if isinstance(item, Section):
            urls += _targets(item.children)
        elif getattr(item, "url", None) is not None:  # pages and links
            urls.append(item.url)
    return urls


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the whole ``serve`` session: MkDocs makes a new
    Jinja environment for every rebuild, which compiled Material's templates again (about a
    third of a second, in each rendering process).  Jinja checks each template's source
    checksum, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()


def install(env, config, nav) -> None:
    """Wrap the partials in ``env`` (one cache per environment, i.e. per build and process)."""
    if os.environ.get("SHOWCASE_FAST_RENDER", "1") == "0" or nav is None:
        return
    if not guard.verified("template_cache", VERIFIED_ON):
        return
    env.bytecode_cache = _compiled
    in_nav = {id(page) for page in nav.pages}
    targets = _targets(nav.items)
    homepage = config.extra.get("homepage") or (nav.homepage.url if nav.homepage else "")
    targets.append(homepage)

    for name in CACHED_PARTIALS:
        template = env.get_template(name)
        if getattr(template.root_render_func, "showcase_cached", False):
            continue
        template.root_render_func = _cached(template.root_render_func, in_nav, targets)


def _section(page) -> str | None:
    """The section a detail page names as its first parent (front matter ``sc_trail``, written by
    showcase/generate/chrome.py): the tabs mark it active (overrides/partials/tabs-item.html)."""
    trail = (getattr(page, "meta", None) or {}).get("sc_trail")
    return trail[0].get("url") if isinstance(trail, list) and trail and isinstance(trail[0], dict) else None


def _cached(render, in_nav: set[int], targets: list[str]):
    cache: dict[tuple, str] = {}

    def root_render_func(context):
        page = context.get("page")
        if page is None or id(page) in in_nav or not hasattr(page, "url"):
            yield from render(context)
            return
        base = context.get("base_url")
        key = (base, _section(page), *(normalize_url(url, page=page, base=base) for url in targets))
        text = cache.get(key)
        if text is None:
            text = cache[key] = "".join(render(context))
        yield text

    root_render_func.showcase_cached = True
    return root_render_func

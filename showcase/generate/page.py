"""Generate: the page types and the template environment every generated page is made with.

Templates escape every value by default; see :func:`environment`.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from showcase.generate.render import Rendered, line_of
from showcase.generate.urls import href, relative
from showcase.load.model import Site, Submission
from showcase.load.schema import SUBMISSION_TYPES

TEMPLATES = Path(__file__).parent / "templates"
#: The sample-content notice, shown on every page and card that carries samples.
DEMO_NOTICE = "本页为演示用的示例内容，不是该校提交的材料，所述做法与数据均为虚构，不代表学校的实际情况。正式发布的网站不包含示例内容。"

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Page:
    """A generated page: its path in the docs tree and its Markdown.

    A page that shows what a school wrote (a case, a news item) carries it already rendered and
    sanitised (:mod:`showcase.render`) as an HTML block in ``content``, which every engine passes
    through as it is; ``body_html`` is that text alone (for the search index), ``toc`` its table
    of contents, and ``removed`` what the sanitiser took out, as (file, line, removal) for
    ``check`` to report.
    """

    uri: str
    content: str
    body_html: str = ""
    toc: tuple = ()
    removed: tuple = ()
    html: str = ""
    """When the whole page below its front matter is one HTML block: that block, exactly as a
    Markdown engine outputs it (a case page), so that an adapter may skip the Markdown parse."""


@dataclass(frozen=True)
class DataFile:
    """A generated non-page file of the site (a feed, a CSV or XLSX export, a JSON data file)."""

    uri: str
    data: bytes


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates escape every value by default (autoescape).  A value in a Markdown context goes
    through ``md`` (Markdown markup escaped too); front matter through ``yaml``.  HTML that is
    inserted as it is (``Markup``) is either made by this package (listings, charts) or has been
    through the sanitiser (:mod:`showcase.render`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = markdown_escape
    env.filters["attr"] = html_escape
    env.filters["yaml"] = front_matter_value
    env.filters["cn_date"] = cn_date
    env.filters["numeral"] = numeral
    return env


def numeral(number: int) -> str:
    """一 to 十 (the notice numbers its projects so), digits beyond."""
    return CHINESE_NUMERALS[number - 1] if 1 <= number <= 10 else str(number)


def markdown_escape(text: object) -> Markup:
    """A value for a line of Markdown: HTML-escaped, and Markdown's markup characters escaped."""
    out = []
    for char in str(text):
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char == '"':
            out.append("&quot;")
        elif char in "\\`*_[]#|{}":
            out.append("\\" + char)
        else:
            out.append(char)
    return Markup("".join(out))


def html_escape(text: object) -> Markup:
    return Markup.escape(str(text))


#: What an engine's templates could read as markup if a front-matter value reached them as it is
#: (MkDocs and Material do not escape page titles and descriptions), mapped to the full-width
#: forms.  Titles never contain these (``check`` refuses them); summaries may, and the page's
#: meta description shows the full-width form.
_META_UNSAFE = str.maketrans({"&": "＆", "<": "＜", ">": "＞", '"': "＂"})


def meta_text(text: object) -> str:
    """A text value that is safe in an engine template that does not escape it."""
    return str(text).translate(_META_UNSAFE)


def front_matter_value(value: object) -> Markup:
    """A value for the generated pages' YAML front matter (JSON is YAML), made safe for the
    engine's templates (:func:`meta_text`)."""
    return Markup(json.dumps(_meta_values(value), ensure_ascii=False))


def _meta_values(value: object) -> object:
    """Every text in ``value`` (a string, or lists and mappings of them) through :func:`meta_text`."""
    if isinstance(value, str):
        return meta_text(value)
    if isinstance(value, (list, tuple)):
        return [_meta_values(item) for item in value]
    if isinstance(value, dict):
        return {key: _meta_values(item) for key, item in value.items()}
    return value


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def render_page(
    template: str,
    uri: str,
    site: Site,
    *,
    rendered: Rendered | None = None,
    source: tuple[str, str, int] | None = None,
    **context: object,
) -> Page:
    """Render ``template`` for the page at ``uri``; ``rendered`` is a school's text that the page
    shows (given to the template as ``body``), ``source`` its (file, Markdown, first line)."""

    def link(target: str) -> str:
        return relative(uri, target)

    def page_href(target: str) -> str:
        return href(uri, target)

    env = environment()
    values = dict(
        site=site,
        link=link,
        href=page_href,
        cover_uri=cover_uri,
        uri=uri,
        types=SUBMISSION_TYPES,
        demo_notice=DEMO_NOTICE,
        **context,
    )
    if rendered is None:
        return Page(uri, env.get_template(template).render(**values))
    values["body"] = Markup(rendered.html)
    return Page(
        uri, env.get_template(template).render(**values), rendered.html, rendered.toc, removals(rendered, source)
    )


def removals(rendered: Rendered, source: tuple[str, str, int] | None) -> tuple:
    """What the sanitiser removed from a school's text, as (file, line, removal)."""
    if not rendered.removed or source is None:
        return ()
    path, text, first_line = source
    return tuple((path, line_of(removal, text, first_line), removal) for removal in rendered.removed)


def cover_uri(submission: Submission) -> str:
    """Site path of a submission's cover image (its front matter is relative to the file), or ""."""
    if not submission.meta.cover:
        return ""
    return posixpath.normpath(posixpath.join(posixpath.dirname(submission.uri), submission.meta.cover))

"""A small Atom 1.0 writer (RFC 4287) for the site's feeds (news; later, cases).

Deterministic: the feed's ``updated`` is the newest entry's date, never the build time, so an
unchanged site gives the same bytes.  With ``site_url`` configured, links and ids are absolute
(what feed readers need); without it, links are relative to the feed and ids are tag URIs.

Always well-formed, whatever the text holds: characters XML does not allow are dropped and
URLs made from non-UTF-8 file names are percent-encoded (:mod:`showcase.generate.safe_text`).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from showcase.generate.safe_text import url_text, xml_text

#: Dates carry no time; entries are stamped at midnight in China Standard Time.
TIMEZONE = "+08:00"
#: Authority of the tag: URIs used as ids when the site has no address (RFC 4151; ``.invalid``
#: is reserved and can never clash with a real domain).
TAG_AUTHORITY = "tyzz-showcase.invalid,2017"


@dataclass(frozen=True)
class FeedEntry:
    """One entry: ``url`` is the site-relative URL of its page (``news/2018-x/``)."""

    url: str
    title: str
    updated: dt.date
    summary: str
    categories: tuple[str, ...] = ()
    author: str = ""


def escape(text: str) -> str:
    # A literal CR would be read back as LF (XML normalises line ends); a reference keeps it.
    return _escape(xml_text(text), {"\r": "&#13;"})


def quoteattr(text: str) -> str:
    return _quoteattr(xml_text(text))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{TIMEZONE}"


def _href(site_url: str, feed_url: str, url: str) -> str:
    site_url, feed_url, url = url_text(site_url), url_text(feed_url), url_text(url)
    if site_url:
        return site_url.rstrip("/") + "/" + url.lstrip("/")
    base = posixpath.dirname(feed_url) or "."
    target = posixpath.relpath(url or ".", base)
    return target + ("/" if url.endswith("/") and not target.endswith("/") else "")


def _id(site_url: str, url: str) -> str:
    site_url, url = url_text(site_url), url_text(url)
    if site_url:
        return site_url.rstrip("/") + "/" + url.lstrip("/")
    return f"tag:{TAG_AUTHORITY}:{url}"


def atom(
    feed_url: str,
    title: str,
    entries: list[FeedEntry],
    *,
    site_url: str = "",
    page_url: str = "",
    subtitle: str = "",
    author: str = "",
) -> bytes:
    """The Atom document for ``entries`` (newest first), published at site-relative ``feed_url``."""
    entries = sorted(entries, key=lambda e: (-e.updated.toordinal(), e.url))
    newest = entries[0].updated if entries else dt.date(2017, 1, 1)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <id>{escape(_id(site_url, feed_url))}</id>",
        f"  <title>{escape(title)}</title>",
    ]
    if subtitle:
        lines.append(f"  <subtitle>{escape(subtitle)}</subtitle>")
    lines.append(f"  <updated>{_stamp(newest)}</updated>")
    if author:
        lines.append(f"  <author><name>{escape(author)}</name></author>")
    lines.append(
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(_href(site_url, feed_url, feed_url))}/>'
    )
    if page_url:
        lines.append(
            f'  <link rel="alternate" type="text/html" href={quoteattr(_href(site_url, feed_url, page_url))}/>'
        )
    for entry in entries:
        lines += [
            "  <entry>",
            f"    <id>{escape(_id(site_url, entry.url))}</id>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <updated>{_stamp(entry.updated)}</updated>",
            f"    <published>{_stamp(entry.updated)}</published>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(_href(site_url, feed_url, entry.url))}/>',
        ]
        if entry.author:
            lines.append(f"    <author><name>{escape(entry.author)}</name></author>")
        for category in entry.categories:
            lines.append(f"    <category term={quoteattr(category)}/>")
        lines += [f"    <summary>{escape(entry.summary)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")

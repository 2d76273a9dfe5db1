"""Render: what a school wrote (Markdown) to the HTML a reader gets, in the engine-free core.

Every fragment that comes from a submission or a news item is converted here, then passed through
nh3 (Ammonia, a maintained allow-list sanitiser) before any engine sees a page: the engine gets a
finished HTML block, so no engine, export or extension can bypass the allow-list.  This follows
GitHub's html-pipeline: parse, render, then sanitise; nothing is trusted because a regular
expression looked at the source first.  The gate (:mod:`showcase.check.gate`) still explains problems to
authors line by line; this module guarantees the output.  Where the sanitiser had to remove
something, :func:`render` says what, and ``check`` reports it as an error on the file, so the
site never silently differs from the source.

Relative links are rewritten here as well (``x.md`` → ``../x/``, ``images/a.png`` →
``../images/a.png``), in the sanitiser's attribute filter, so that links in Markdown and in raw
HTML get the same treatment.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from pymdownx.slugs import slugify

from showcase.generate.urls import href, relpath, url_of

#: The Markdown extensions a submission may use.  mkdocs.yml lists the same for the pages the
#: engine renders itself (the notice, the guide, the listings); a test keeps them in step.
SUBMISSION_EXTENSIONS = ["admonition", "attr_list", "fenced_code", "footnotes", "md_in_html", "tables"]
#: With the table of contents (anchors on headings) and lazy images, for the site's pages.
MARKDOWN_EXTENSIONS = [*SUBMISSION_EXTENSIONS, "toc", "showcase.generate.mdext"]
MARKDOWN_CONFIGS = {
    # Alignment as the align attribute, not style="…": the pages' CSP allows no inline style.
    "tables": {"use_align_attribute": True},
    "footnotes": {"BACKLINK_TITLE": "返回正文第 %d 处引用"},
    # Keep Chinese headings readable in anchors (#主要做法, not #_2).
    "toc": {"slugify": slugify(case="lower"), "permalink": "¶", "permalink_title": "本节链接"},
}

#: Elements a case needs: headings, text, lists, tables, images, figures, footnotes, code, links.
TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "div",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "sub",
    "sup",
    "small",
    "abbr",
    "kbd",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "img",
    "figure",
    "figcaption",
    "a",
    "code",
    "pre",
    "details",
    "summary",
}
#: Elements removed together with everything inside them.
CONTENT_REMOVED = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
    "noembed",
    "noframes",
    "xmp",
}
#: Attributes per element ("*": on any of them).  No event handlers, no style.
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
#: Schemes allowed in links; images must be files of the site itself (relative URLs).
URL_SCHEMES = {"http", "https", "mailto"}
#: Classes that the Markdown extensions produce, per element; any other class is removed.
_ADMONITION_TYPES = {
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
}
CLASSES = {
    "div": {"admonition", "footnote", *_ADMONITION_TYPES},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref", "headerlink"},
}
_CODE_CLASS = re.compile(r"^language-[a-z0-9+#_-]{1,30}$")
#: Ids the site's own pages use (Material's ``__…`` and ``md-…``, ours ``sc-…``): an id from a
#: submission that starts so could take over the page's own elements (DOM clobbering).
RESERVED_ID_PREFIXES = ("__", "md-", "sc-")
_FIXED_VALUES = {
    "align": {"left", "center", "right"},
    "loading": {"lazy"},
    "decoding": {"async"},
}
_NUMBER = re.compile(r"^[0-9]{1,4}$")
#: How many removals of one body are reported one by one (the rest are counted).
MAX_REPORTED = 20
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_URL_TRIM = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class Removal:
    """Something in a school's text that the sanitiser removed."""

    what: str
    """What was removed, in Chinese, e.g. ``HTML 标签 <script>``."""
    needle: str
    """Text to look for in the source to find the line it came from."""
    hint: str


@dataclass(frozen=True)
class Rendered:
    """A body as the reader gets it."""

    html: str
    toc: tuple
    """The table of contents: python-markdown's tokens (level, id, name, children), with every
    name escaped text."""
    removed: tuple[Removal, ...] = ()


def rewrite_url(value: str, uri: str | None, tag: str, trusted: frozenset[str] = frozenset()) -> str | None:
    """The URL to publish for a link or image in the page at docs path ``uri``, or None when it
    cannot be published (a script scheme, an outside image, a path outside the site).  Without
    ``uri`` relative URLs are kept as they are (the printed compilation resolves them itself)."""
    # As a browser reads a URL: tabs and newlines anywhere, and controls and spaces around it,
    # do not count ("java\tscript:" is "javascript:").
    url = _IGNORED_IN_URL.sub("", value).strip(_URL_TRIM)
    if not url:
        return None
    if any(char.isspace() for char in url):
        # Markdown turns a tab into spaces: "java\tscript:" arrives as "java    script:".
        if _SCHEME.match("".join(url.split())):
            return None
        url = url.replace(" ", "%20")
    if url in trusted or url.startswith("#"):
        return url
    scheme = _SCHEME.match(url)
    if scheme:
        return url if tag == "a" and scheme.group(1).lower() in URL_SCHEMES else None
    if url.startswith(("/", "\\")):
        return None  # site-absolute or protocol-relative: breaks under a sub-path, or leaves the site
    if uri is None:
        return url
    path, hash_mark, fragment = url.partition("#")
    path, question_mark, query = path.partition("?")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), path)) if path else uri
    if target == ".." or target.startswith("../"):
        return None
    if target.endswith(".md"):
        published = href(uri, target)
    else:
        published = relpath(target, url_of(uri).rstrip("/"))
    return published + (question_mark + query) + (hash_mark + fragment)


def _attribute_filter(uri: str | None, refused_ids: set[str], trusted: frozenset[str]):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return rewrite_url(value, uri, tag, trusted)
        if attribute == "id":
            if value.startswith(RESERVED_ID_PREFIXES):
                refused_ids.add(value)
                return None
            return value
        if attribute == "class":
            allowed = CLASSES.get(tag, ())
            tokens = [t for t in value.split() if t in allowed or (tag == "code" and _CODE_CLASS.match(t))]
            return " ".join(tokens) or None
        if attribute in _FIXED_VALUES:
            return value if value in _FIXED_VALUES[attribute] else None
        if attribute in ("width", "height", "colspan", "rowspan", "start"):
            return value if _NUMBER.match(value) else None
        return value

    return keep


def _passthrough_filter(uri: str | None, trusted: frozenset[str]):
    """The same link rewriting, refusing nothing: the baseline the allow-list is compared with."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            rewritten = rewrite_url(value, uri, tag, trusted)
            return value if rewritten is None else rewritten
        return value

    return keep


_TAG_NAME = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9:-]*)")


def _schemes_in(text: str) -> set[str]:
    # As a browser reads a URL: entities decoded, tabs and newlines dropped.
    plain = re.sub(r"[\t\n\r]", "", html.unescape(text))
    return {m.lower() for m in re.findall(r"([a-zA-Z][a-zA-Z0-9+.-]*):", plain)}


def sanitize(
    fragment: str, uri: str | None, *, trusted_urls: frozenset[str] = frozenset()
) -> tuple[str, list[Removal]]:
    """``fragment`` through the allow-list, links rewritten for the page at ``uri``; and what the
    allow-list removed (compared with the same fragment passed through with nothing removed).
    ``trusted_urls`` are addresses this program wrote itself (the printed compilation's image
    files), kept as they are."""
    refused_ids: set[str] = set()
    clean = nh3.clean(
        fragment,
        tags=TAGS,
        clean_content_tags=CONTENT_REMOVED,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter(uri, refused_ids, trusted_urls),
        url_schemes=URL_SCHEMES | ({"file"} if trusted_urls else set()),
        link_rel=None,
        strip_comments=True,
    )
    baseline = nh3.clean(
        fragment,
        tags=TAGS | {name.lower() for name in _TAG_NAME.findall(fragment)},
        clean_content_tags=set(),
        generic_attribute_prefixes={""},
        attributes={},
        attribute_filter=_passthrough_filter(uri, trusted_urls),
        url_schemes=URL_SCHEMES | _schemes_in(fragment),
        link_rel=None,
        strip_comments=True,
    )
    if baseline == clean:
        return clean, []
    return clean, _differences(baseline, clean)


class _Inventory(HTMLParser):
    """The elements and attributes of a fragment, counted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: Counter = Counter()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value if name in ("href", "src", "class", "id") else "")] += 1

    handle_startendtag = handle_starttag


def _inventory(fragment: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser


def _differences(baseline: str, clean: str) -> list[Removal]:
    before, after = _inventory(baseline), _inventory(clean)
    removed: list[Removal] = []
    for tag in sorted(before.tags - after.tags):
        removed.append(
            Removal(
                f"HTML 标签 <{tag}>",
                f"<{tag}",
                "网站只允许标题、段落、列表、表格、图片、链接、脚注和代码；请删除这个标签，改用 Markdown 写法",
            )
        )
    gone_tags = set(before.tags - after.tags)
    for tag, name, value in sorted(before.attributes - after.attributes):
        if tag in gone_tags and tag not in after.tags:
            continue
        if name in ("href", "src"):
            what = f"地址“{value[:60]}”（<{tag}> 的 {name}）"
            hint = "链接只能用 http、https、mailto 或站内相对路径；图片只能用本校文件夹里的文件（相对路径）"
            needle = value[:40]
        elif name == "class":
            kept = next((v for (t, n, v) in after.attributes if t == tag and n == "class"), "")
            extra = " ".join(t for t in value.split() if t not in kept.split())
            what = f"样式类“{extra or value}”（<{tag}> 的 class）"
            hint = "提示框只能用 note、tip、warning 等常用类型；请删除自定义的 class"
            needle = (extra or value).split()[0] if (extra or value).split() else name
        elif name == "id":
            what = f"编号“{value}”（<{tag}> 的 id）"
            hint = "以 __、md-、sc- 开头的 id 是网站自己用的；请换一个 id"
            needle = value
        else:
            what = f"HTML 属性 {name}（在 <{tag}> 上）"
            hint = "不允许事件（on…）、style 等属性；请删除它"
            needle = name
        removed.append(Removal(what, needle, hint))
    if not removed:
        removed.append(Removal("一段无法安全显示的 HTML", "<", "请删除正文中的 HTML 代码，改用 Markdown 写法"))
    if len(removed) > MAX_REPORTED:
        # Each is looked for in the body to find its line: a bounded number keeps that linear.
        rest = len(removed) - MAX_REPORTED
        removed = [
            *removed[:MAX_REPORTED],
            Removal(f"另有 {rest} 处 HTML", "", "请删除正文中的 HTML 代码，改用 Markdown 写法"),
        ]
    return removed


_markdown: markdown.Markdown | None = None
#: For ``serve``: what :func:`render` gave for each (text, page), so that a rebuild after an edit
#: renders only what changed (None: not kept; a build renders each text once anyway).
_cache: dict[tuple[str, str], Rendered] | None = None
#: A long preview session starts afresh rather than grow without bound.
CACHE_LIMIT = 20_000


def keep_renders(keep: bool = True) -> None:
    """Remember every render from now on (the local preview rebuilds after every edit)."""
    global _cache
    _cache = ({} if _cache is None else _cache) if keep else None


def keeps_renders() -> bool:
    return _cache is not None


def _converter() -> markdown.Markdown:
    global _markdown
    if _markdown is None:
        _markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIGS)
    return _markdown.reset()


def _safe_toc(tokens: list, refused_ids: set[str]) -> tuple:
    entries = []
    for token in tokens:
        if token["id"] in refused_ids:
            continue
        name = html.escape(html.unescape(re.sub(r"<[^>]*>", "", token["name"])), quote=False)
        entries.append(
            {
                "level": token["level"],
                "id": token["id"],
                "name": name,
                "children": list(_safe_toc(token["children"], refused_ids)),
            }
        )
    return tuple(entries)


def render(markdown_text: str, uri: str) -> Rendered:
    """The reader's HTML of a Markdown body that belongs to the page at docs path ``uri``."""
    if _cache is not None:
        kept = _cache.get((markdown_text, uri))
        if kept is None:
            if len(_cache) > CACHE_LIMIT:
                _cache.clear()
            kept = _cache[(markdown_text, uri)] = _render(markdown_text, uri)
        return kept
    return _render(markdown_text, uri)


def _render(markdown_text: str, uri: str) -> Rendered:
    converter = _converter()
    raw = converter.convert(markdown_text)
    tokens = getattr(converter, "toc_tokens", [])
    clean, removed = sanitize(raw, uri)
    kept_ids = set(re.findall(r'\sid="([^"]*)"', clean))
    refused = {t for t in _all_ids(tokens) if t not in kept_ids}
    return Rendered(clean, _safe_toc(tokens, refused), tuple(removed))


def _all_ids(tokens: list) -> list[str]:
    ids = []
    for token in tokens:
        ids.append(token["id"])
        ids.extend(_all_ids(token["children"]))
    return ids


def line_of(removal: Removal, body: str, first_line: int) -> int:
    """The line of the body where what was removed most likely came from (its first mention)."""
    index = body.lower().find(removal.needle.lower()) if removal.needle else -1
    if index < 0:
        return first_line
    return first_line + body.count("\n", 0, index)

"""Text normalisation, HTML-to-text and gram extraction.

The JavaScript client (assets/search.js) implements *exactly* the same
normalisation, so the rules here are deliberately simple and defined per code
point (no locale, no context-dependent casing):

1. NFC of the whole string (composes e + U+0301 into é, maps CJK
   compatibility ideographs to unified ones);
2. every code point is replaced by ``NFKC(ch).lower()`` (full-width Ａ→a,
   ，→, , ㈠→(一)); zero-width characters are dropped;
3. runs of whitespace collapse to one ASCII space; the result is stripped.

Grams (1–3 characters) are taken over code points, never across a space.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from html.parser import HTMLParser

# Same class in search.js (WS_RE). Explicit, because Python's \s and JS's \s differ.
WS_CHARS = "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WS_RE = re.compile("[" + WS_CHARS + "]+")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_FOLD_CACHE: dict[str, str] = {}
_FOLD_TABLE: dict[int, str] = {}


def fold_char(ch: str) -> str:
    """Per-code-point folding: NFKC then lower-case; zero-width chars vanish."""
    r = _FOLD_CACHE.get(ch)
    if r is None:
        r = "" if ch in _ZERO_WIDTH else unicodedata.normalize("NFKC", ch).lower()
        _FOLD_CACHE[ch] = r
    return r


def normalize(text: str) -> str:
    """Normalise text for indexing, querying and ground truth."""
    if not text:
        return ""
    s = unicodedata.normalize("NFC", text)
    if not s.isascii():
        # fold_char for every character, as one str.translate (a tenth of the time of a loop)
        unseen = [c for c in set(s) if ord(c) not in _FOLD_TABLE]
        for c in unseen:
            _FOLD_TABLE[ord(c)] = fold_char(c)
        s = s.translate(_FOLD_TABLE)
    else:
        s = s.lower()
    return _WS_RE.sub(" ", s).strip()


def query_terms(query: str) -> list[str]:
    """Split a query into normalised, de-duplicated AND terms.

    A term that is a substring of another term is dropped (it is implied).
    """
    terms: list[str] = []
    for t in normalize(query).split(" "):
        if t and t not in terms:
            terms.append(t)
    return [t for t in terms if not any(t != o and t in o for o in terms)]


def term_alternatives(term: str, groups: list[list[str]]) -> list[str]:
    """A normalised query term and, when it is one of the terms of a synonym group (normalised,
    as in ``meta.json``), the group's other terms: 诊改 finds what 诊断与改进 finds."""
    for group in groups:
        if term in group:
            return [term, *(t for t in group if t != term)]
    return [term]


def grams_of_text(norm_text: str) -> set[str]:
    """All 1-, 2- and 3-character grams of normalised text; none spans a space."""
    out: set[str] = set()
    for tok in norm_text.split(" "):
        if not tok:
            continue
        out.update(tok)
        n = len(tok)
        if n > 1:
            out.update([tok[i : i + 2] for i in range(n - 1)])
        if n > 2:
            out.update([tok[i : i + 3] for i in range(n - 2)])
    return out


def term_grams(term: str, cap: int = 12) -> list[str]:
    """Grams whose postings are intersected for one normalised term.

    Terms of 1–3 characters are grams themselves (their postings are exact);
    longer terms use their distinct trigrams (at most ``cap``, spread over
    the term, first and last always included), a superset to be verified.
    """
    if len(term) <= 3:
        return [term]
    grams: list[str] = []
    for i in range(len(term) - 2):
        g = term[i : i + 3]
        if g not in grams:
            grams.append(g)
    if len(grams) > cap:
        step = (len(grams) - 1) / (cap - 1)
        grams = [grams[int(k * step + 0.5)] for k in range(cap)]
    return grams


def fnv1a(s: str) -> int:
    """32-bit FNV-1a over code points (mirrored in search.js)."""
    h = 0x811C9DC5
    for c in s:
        h ^= ord(c)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


# --------------------------------------------------------------------------
# HTML → visible text

_DROP = frozenset(
    {"script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object", "button", "select"}
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
        "body",
        "html",
    }
)
_CELL = frozenset({"td", "th"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, dropping)
        self.drop_depth = 0

    def _dropping_for(self, tag: str, attrs) -> bool:
        if tag in _DROP:
            return True
        a = dict(attrs)
        if "hidden" in a or a.get("aria-hidden") == "true":
            return True
        cls = (a.get("class") or "").split()
        return "headerlink" in cls  # MkDocs permalink "¶"

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if tag in ("br", "hr") and not self.drop_depth:
                self.parts.append("\n")
            return
        drop = self._dropping_for(tag, attrs)
        self.stack.append((tag, drop))
        if drop:
            self.drop_depth += 1
        elif not self.drop_depth:
            if tag in _BLOCK:
                self.parts.append("\n")
            elif tag in _CELL:
                self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        # pop to the matching tag (tolerates unclosed <p>, <li> …)
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                for _t, drop in self.stack[k:]:
                    if drop:
                        self.drop_depth -= 1
                del self.stack[k:]
                break
        else:
            return
        if not self.drop_depth:
            if tag in _BLOCK:
                self.parts.append("\n")
            elif tag in _CELL:
                self.parts.append(" ")

    def handle_data(self, data):
        if not self.drop_depth:
            self.parts.append(data)


_LINE_WS_RE = re.compile("[" + WS_CHARS.replace("\n", "") + "]+")
#: A tag as python-markdown writes one: name, attributes with quoted values, optional "/".
_TAG_RE = re.compile(
    r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>"""
)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
#: Markup the fast path leaves to HTMLParser: comments, declarations, processing instructions and
#: elements whose content is not HTML.
_UNUSUAL_RE = re.compile(
    r"<[!?]|<(?:script|style|textarea|title|xmp|plaintext|noscript|iframe|noembed|noframes)\b", re.IGNORECASE
)


def _visible_parts_fast(html: str) -> list[str] | None:
    """What :class:`_TextExtractor` collects, for the HTML that python-markdown writes: tags are
    found with one regular expression and fed to the same handlers, instead of going through
    HTMLParser's tokenizer (twice as fast on case pages; the search index reads the text of
    every case page).  None where the HTML has anything unusual: HTMLParser decides then."""
    if _UNUSUAL_RE.search(html):
        return None
    extractor = _TextExtractor()
    position = 0
    for match in _TAG_RE.finditer(html):
        text = html[position : match.start()]
        if "<" in text:
            return None  # a "<" that opens no tag: let HTMLParser judge
        if text:
            extractor.handle_data(unescape(text) if "&" in text else text)
        position = match.end()
        closing, tag, attrs, self_closing = match.groups()
        tag = tag.lower()
        if closing:
            extractor.handle_endtag(tag)
            continue
        # Attributes matter only for dropping hidden elements and permalinks: parse them then.
        pairs = (
            [
                (m.group(1).lower(), unescape(next((v for v in m.group(2, 3, 4) if v is not None), "")))
                for m in _ATTR_RE.finditer(attrs)
            ]
            if "hidden" in attrs or "headerlink" in attrs
            else []
        )
        if self_closing:
            extractor.handle_startendtag(tag, pairs)
        else:
            extractor.handle_starttag(tag, pairs)
    text = html[position:]
    if "<" in text:
        return None
    if text:
        extractor.handle_data(unescape(text) if "&" in text else text)
    return extractor.parts


def html_to_text(html: str) -> str:
    """Visible text of rendered HTML.

    Scripts, styles, templates, hidden elements and permalink anchors are
    dropped; block elements, list items, table rows and <br> become line
    breaks, table cells are separated by spaces. Entities are decoded.
    Whitespace inside a line is collapsed, empty lines are removed.
    """
    parts = _visible_parts_fast(html or "")
    if parts is None:
        p = _TextExtractor()
        p.feed(html or "")
        p.close()
        parts = p.parts
    raw = "".join(parts)
    lines = []
    for line in raw.split("\n"):
        line = _LINE_WS_RE.sub(" ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)

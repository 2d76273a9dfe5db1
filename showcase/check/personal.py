"""Finding personal data in text: mainland ID numbers, mobile numbers and e-mail addresses, in the
forms people write them and the forms used to slip them past a check.

- Numbers: full-width and other Unicode digits, groups joined by spaces, dashes or dots (also
  full-width), a ``+86``/``0086`` prefix; 18-digit ID numbers with a valid check digit (``x``
  in either case) and 15-digit ones of the old format, each with a real birth date and area.
- E-mail: ``@`` written full-width or as ``&#64;``/``&#x40;``/``%40``, or as ``[at]``/``(at)``
  (with ``.`` or ``[dot]``) or `` at `` … `` dot ``.
- Markup that does not show on the page is looked through: HTML comments and tags, character
  references (``&#49;``), Markdown and YAML escapes, emphasis marks between digits
  (``139**1234**5678``).

Masked values (``138****1234``, ``1101**********1234``, ``z***@example.com``) do not match: a
mask leaves too few digits, or no character before the ``@``.

Every scan is linear in the length of the text: the regular expressions have bounded or
unambiguous repetition, and the number check looks at no more than 22 digits from each group.
Positions are those of the original text, whatever was looked through.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass

from showcase.problems import Problems

#: Characters that join the digit groups of one number: space, no-break and ideographic space,
#: hyphens and dashes, minus, dots (ASCII, full-width, middle dots).
_SEP = "[ \u00a0\u3000\\-\u2010-\u2015\u2212\ufe63\uff0d.\uff0e\u00b7\u30fb\uff65]"
#: A run of digits in groups (at most three separators between two groups), optionally ending in
#: the X of an ID number.  ``\d`` is every Unicode decimal digit, full-width ones included.
_NUMBER_RUN = re.compile(r"\d+(?:" + _SEP + r"{1,3}\d+)*[XxＸｘ]?")
_GROUP = re.compile(r"\d+[XxＸｘ]?")
#: At most this many groups make one number (an ID number written 4-4-4-4-2 has five).
_MAX_GROUPS = 5

#: Ways of writing a mobile number's digits in groups (after a +86 prefix is taken off).
_MOBILE_GROUPINGS = {(11,), (3, 4, 4), (3, 8), (7, 4), (4, 3, 4), (3, 3, 5)}
_MOBILE = re.compile(r"1[3-9]\d{9}")
#: First two digits of a mainland ID number: provinces, Hong Kong, Macao, Taiwan, foreigners.
_PROVINCES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
    "83",
    "91",
}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_L = "A-Za-z0-9\uff21-\uff3a\uff41-\uff5a\uff10-\uff19"  # letters and digits, also full-width
_OPEN = "[\\[(（【{<〔［]"
_CLOSE = "[\\])）】}>〕］]"
_AT = (
    r"(?P<at>@|＠|﹫|%40|&#0{0,3}64;?|&#[xX]0{0,3}40;?|&commat;"
    rf"|[ \t]{{0,3}}{_OPEN}[ \t]{{0,3}}at[ \t]{{0,3}}{_CLOSE}[ \t]{{0,3}}"
    r"|(?P<word>[ \t]{1,3}at[ \t]{1,3}))"
)
_DOT = (
    r"(?:[.．。｡]|&#0{0,3}46;?|&period;"
    rf"|[ \t]{{0,3}}{_OPEN}[ \t]{{0,3}}dot[ \t]{{0,3}}{_CLOSE}[ \t]{{0,3}}|[ \t]{{1,3}}dot[ \t]{{1,3}})"
)
_LABEL = rf"[{_L}\-－]{{1,63}}"
_EMAIL = re.compile(
    rf"(?<![{_L}._%+\-])(?P<local>[{_L}._%+\-]{{1,64}}){_AT}"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,6}}{_DOT}[A-Za-z\uff21-\uff3a\uff41-\uff5a]{{2,24}})(?![{_L}\-])",
    re.IGNORECASE,
)
_WORD_DOT = re.compile(rf"{_OPEN}?[ \t]*dot[ \t]*{_CLOSE}?", re.IGNORECASE)
_ANY_DOT = re.compile(_DOT, re.IGNORECASE)
#: Quick test: no character that can start or stand for an ``@``.
_AT_HINT = re.compile(r"[@＠﹫]|%40|&#|&commat;|\bat\b", re.IGNORECASE)

#: What the page shows differently from the source: character references, YAML and Markdown
#: escapes, HTML comments (their end is looked up separately) and tags, emphasis between digits.
_FOLD = re.compile(
    r"&#[0-9]{1,7};?|&#[xX][0-9a-fA-F]{1,6};?|&[A-Za-z][A-Za-z0-9]{1,31};"
    r"|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\[!-/:-@\[-`{-~]"
    r"|<!--|</?[A-Za-z][A-Za-z0-9-]{0,30}(?:[\s/][^<>]{0,2000})?>"
    r"|(?<=\d)[*_~`]{1,3}(?=\d)"
)
#: Tags after which a browser starts a new line or cell: their place is not joined up.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|tr|td|th|table|h[1-6]|pre|blockquote|section|article|dd|dt)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: where it starts in the text and how to show it masked."""

    kind: str
    """``id``, ``phone`` or ``email``."""
    start: int
    masked: str
    """The value with its middle hidden, safe to repeat in a public log."""


def valid_id_number(number: str) -> bool:
    """GB 11643 check digit of an 18-digit mainland ID number (ASCII digits)."""
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def _ascii(text: str) -> str:
    """Unicode digits (full-width and others) and the full-width X as ASCII."""
    if text.isascii():
        return text
    return "".join(ch if ch.isascii() else "X" if ch in "Ｘｘ" else str(unicodedata.digit(ch, 0)) for ch in text)


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        birth = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= birth <= dt.date.today()


def _id_kind(groups: list[str]) -> str:
    """The masked ID number when these digit groups are one, else ''."""
    value = "".join(groups)
    if value[:2] not in _PROVINCES:
        return ""
    if len(value) == 18 and len(groups) <= 5 and value[:17].isdigit():
        if _real_date(int(value[6:10]), int(value[10:12]), int(value[12:14])) and valid_id_number(value):
            return f"{value[:6]}********{value[-4:]}"
    elif len(value) == 15 and len(groups) <= 4 and value.isdigit():
        if _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])):
            return f"{value[:6]}*****{value[-4:]}"
    return ""


def _phone_kind(groups: list[str]) -> str:
    """The masked mobile number when these groups are one (with or without +86), else ''."""
    if len(groups) > 1 and groups[0] in ("86", "0086"):
        groups = groups[1:]
    elif groups[0].startswith("86") and len(groups[0]) == 13 or groups[0].startswith("0086") and len(groups[0]) == 15:
        groups = [groups[0][-11:], *groups[1:]]
    if tuple(len(g) for g in groups) not in _MOBILE_GROUPINGS:
        return ""
    value = "".join(groups)
    return f"{value[:3]}****{value[-4:]}" if _MOBILE.fullmatch(value) else ""


def _numbers(text: str) -> list[Finding]:
    found = []
    for run in _NUMBER_RUN.finditer(text):
        if run.end() - run.start() < 11:
            continue  # too short for any of them: the usual case, decided without more work
        digits = run.group()
        spans = [group.span() for group in _GROUP.finditer(digits)]
        totals = [0]
        for start, end in spans:
            totals.append(totals[-1] + end - start)
        count = len(spans)
        index = 0
        while index < count:
            last = min(index + _MAX_GROUPS, count)
            if totals[last] - totals[index] < 11:
                index += 1  # not enough digits in the next few groups: nothing starts here
                continue
            best: tuple[int, Finding] | None = None
            for end in range(index, last):
                total = totals[end + 1] - totals[index]
                if total > 22:
                    break
                if total < 11:
                    continue
                window = [_ascii(digits[a:b]) for a, b in spans[index : end + 1]]
                start = run.start() + spans[index][0]
                masked = _id_kind(window)
                if masked:
                    best = (end, Finding("id", start, masked))
                elif window[-1][-1] not in "Xx" and (masked := _phone_kind(window)):
                    best = (end, Finding("phone", start, masked))
            if best:
                found.append(best[1])
                index = best[0] + 1
            else:
                index += 1
    return found


def _emails(text: str) -> list[Finding]:
    if not _AT_HINT.search(text):
        return []
    found = []
    for match in _EMAIL.finditer(text):
        domain = match.group("domain")
        if match.group("word") and not _WORD_DOT.search(domain):
            continue  # "look at example.com": English, not an address written out
        domain = unicodedata.normalize("NFKC", _ANY_DOT.sub(".", domain))
        local = unicodedata.normalize("NFKC", match.group("local"))
        found.append(Finding("email", match.start("local"), f"{local[:1]}***@{domain}"))
    return found


class _Folded:
    """The text as a reader sees it, with a map from its offsets back to the original's."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        self._starts: list[int] = []  # offset in the folded text where each piece starts
        self._origins: list[int] = []  # offset in the original text of the same piece
        self._copied: list[bool] = []
        position = length = 0
        comments_may_close = True  # False once a comment is known not to close: no later one does
        match = _FOLD.search(text)
        while match:
            start, end = match.span()
            token = match.group()
            if token == "<!--":
                close = text.find("-->", end) if comments_may_close else -1
                if close < 0:
                    comments_may_close = False
                    match = _FOLD.search(text, end)
                    continue
                replacement, end = "", close + 3
            elif token[0] == "&":
                replacement = html.unescape(token)
                replacement = replacement if len(replacement) == 1 else token
            elif token[0] == "\\":
                replacement = chr(int(token[2:], 16)) if len(token) > 2 else token[1]
            elif token[0] == "<":
                replacement = "\n" if _BLOCK_TAG.match(token) else ""
            else:
                replacement = ""
            self._add(pieces, text[position:start], position, length, True)
            length += start - position
            self._add(pieces, replacement, start, length, False)
            length += len(replacement)
            position = end
            match = _FOLD.search(text, position)
        self._add(pieces, text[position:], position, length, True)
        self.text = "".join(pieces)

    def _add(self, pieces: list[str], piece: str, origin: int, at: int, copied: bool) -> None:
        if not piece and copied:
            return
        pieces.append(piece)
        self._starts.append(at)
        self._origins.append(origin)
        self._copied.append(copied)

    def origin(self, offset: int) -> int:
        index = bisect.bisect_right(self._starts, offset) - 1
        if self._copied[index]:
            return self._origins[index] + offset - self._starts[index]
        return self._origins[index]


def find(text: str) -> list[Finding]:
    """Every piece of personal data in ``text``, in order of position (original offsets).

    The text is searched as written and as a reader sees it (markup looked through), so that data
    hidden in a comment and data split by markup are both found, each once.
    """
    found = {(f.kind, f.start): f for f in _numbers(text) + _emails(text)}
    if _FOLD.search(text):
        folded = _Folded(text)
        for finding in _numbers(folded.text) + _emails(folded.text):
            start = folded.origin(finding.start)
            found.setdefault((finding.kind, start), Finding(finding.kind, start, finding.masked))
    # One number can show as two findings when markup moved its start: keep the first per place.
    return sorted(found.values(), key=lambda f: (f.start, f.kind))


def report(
    problems: Problems, rel: str, line: int, field: str, finding: Finding, column: int = 0, *, where: str = "这里"
) -> None:
    """One finding as a problem, the value masked; ``where`` begins the message."""
    value = finding.masked
    if finding.kind == "id":
        problems.error(
            rel,
            line,
            field,
            f"{where}有一个身份证号码（{value}），公开网站不能刊登",
            "请删除；确需保留时写成遮盖形式，如 140102********1234",
            code="personal-id",
            column=column,
        )
    elif finding.kind == "phone":
        problems.error(
            rel,
            line,
            field,
            f"{where}有一个手机号码（{value}），公开网站不能刊登个人联系方式",
            f"请删除，或遮盖中间四位，写成 {value}",
            code="personal-phone",
            column=column,
        )
    else:
        problems.error(
            rel,
            line,
            field,
            f"{where}有一个电子邮箱地址（{value}），公开网站不能刊登个人联系方式",
            f"请删除，或遮盖为 {value}",
            code="personal-email",
            column=column,
        )

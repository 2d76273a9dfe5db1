"""Bounds on the structure of a Markdown body, checked in linear time before anything renders it.

python-markdown recurses once per level of list, quote or HTML block (``md_in_html``), and some of
its inline patterns scan from every opening bracket to its partner: 5,000 nested ``<div markdown>``
end in a RecursionError, and 20,000 ``[`` in one paragraph take minutes.  A school never needs
more than a few levels, and its brackets close near where they open; a body beyond these bounds
is reported here and never rendered.

* :data:`MAX_NESTING` levels of lists and quotes (counted from each line's leading ``>``, list
  markers and indentation), and of HTML elements (counted from the tags);
* :data:`MAX_SCAN` characters that the renderer would scan looking for the partners of ``[``,
  ``](`` and ``<`` (the distance from each to its partner, or to the end of its paragraph).
"""

from __future__ import annotations

import re

from showcase.problems import Problems

#: Levels of nested lists, quotes or HTML elements.  Three or four is usual in a case study.
MAX_NESTING = 20
#: Characters python-markdown may scan looking for closing brackets in one body (the sum over
#: every opening bracket of the distance to its partner).  A long case with 300 links is about
#: 10,000; a million is a fraction of a second's work.
MAX_SCAN = 1_000_000

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
#: A line that starts deep enough to be MAX_NESTING levels down: every level takes at least one
#: character of the line's prefix (a ``>``, a list marker, or four spaces of indentation).
_DEEP_PREFIX = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}", re.MULTILINE)
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ORDERED_MARKER = re.compile(r"\d{1,9}[.)](?=[ \t]|$)")
#: Elements whose end tag may be left out (HTML's optional end tags) and elements without
#: content: they do not nest reliably, and are not counted unless marked ``markdown``.
_NOT_NESTING = {
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "option",
    "optgroup",
    "colgroup",
    "caption",
    "rt",
    "rp",
    "br",
    "hr",
    "img",
    "input",
    "wbr",
    "col",
    "area",
    "base",
    "embed",
    "link",
    "meta",
    "param",
    "source",
    "track",
}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]{0,300})")
#: What _scan_cost follows: brackets, a ``<`` that may open a tag (``成绩<60`` does not), ``>``,
#: and blank lines (the end of a paragraph).
_SCANNED = re.compile(r"[\[\]()>]|<(?=[A-Za-z/!?])|\n[ \t]*(?=\n)")


def check_markup(body: str, first_line: int, rel: str, problems: Problems) -> bool:
    """Report a body nested or bracketed beyond the bounds; True when it is within them."""
    # The usual body is decided here, in a few passes of C code: no line starts deep enough, too
    # few tags to nest too deep, too few brackets to scan too far even if none closed.
    brackets = body.count("[") + body.count("](") + body.count("<")
    if not (_DEEP_PREFIX.search(body) or body.count("<") > MAX_NESTING or brackets * len(body) > MAX_SCAN):
        return True
    lines = _visible(body)
    ok = True
    deepest = _deepest_line(lines)
    if deepest is not None:
        number, depth = deepest
        problems.error(
            rel,
            first_line + number,
            "正文",
            f"列表或引用嵌套太深：这一行在第 {depth} 层，最多 {MAX_NESTING} 层",
            "请减少缩进或行首的 >、- 符号；需要更多层次时，请改用小标题分节",
            code="nesting-too-deep",
        )
        ok = False
    html = _html_depth(lines)
    if html is not None:
        number, tag = html
        problems.error(
            rel,
            first_line + number,
            "正文",
            f"HTML 标签嵌套太深：这里的 <{tag}> 已经在第 {MAX_NESTING + 1} 层，最多 {MAX_NESTING} 层",
            "请检查每个 HTML 标签是否都有结束标签；材料里一般不需要 HTML，请改用 Markdown 写法",
            code="nesting-too-deep",
        )
        ok = False
    scan = _scan_cost(lines)
    if scan is not None:
        problems.error(
            rel,
            first_line + scan,
            "正文",
            "方括号 [ ]、圆括号 ( ) 或尖括号 < > 太多且没有配对，网站无法在合理的时间内转换这篇材料",
            "请检查这里起的括号是否成对；要显示括号本身，请改用全角的［］（）＜＞",
            code="markup-too-complex",
        )
        ok = False
    return ok


def _visible(body: str) -> list[str]:
    """The body's lines with fenced code blanked (code is shown as text: neither nested nor
    scanned for brackets), so that line numbers stay."""
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            lines[index] = ""
        elif marker:
            fence = marker.group(1)
    return lines


def _depth(line: str) -> int:
    """Levels of lists and quotes that a line's prefix opens: each ``>`` and list marker, and
    each four columns of a run of indentation (the space after a marker is not indentation);
    0 when the prefix has no marker (an indented line of text or code nests nothing)."""
    markers = 0
    levels = 0
    run = 0
    index = 0
    length = len(line)
    while index < length:
        char = line[index]
        if char == " " or char == "\t":
            run += 1 if char == " " else 4
            index += 1
            continue
        levels += run // 4
        run = 0
        if char == ">" or char in "-*+" and (index + 1 == length or line[index + 1] in " \t"):
            markers += 1
        elif char.isdigit():
            match = _ORDERED_MARKER.match(line, index)
            if not match:
                break
            markers += 1
            index = match.end()
            continue
        else:
            break
        index += 1
    return markers + levels if markers else 0


def _deepest_line(lines: list[str]) -> tuple[int, int] | None:
    for number, line in enumerate(lines):
        if len(line) > MAX_NESTING and _DEEP_PREFIX.match(line) and not _THEMATIC_BREAK.match(line):
            depth = _depth(line)
            if depth > MAX_NESTING:
                return number, depth
    return None


def _html_depth(lines: list[str]) -> tuple[int, str] | None:
    """The first tag that opens an element more than MAX_NESTING levels deep, with its line."""
    depth = 0
    for number, line in enumerate(lines):
        if "<" not in line:
            continue
        for match in _TAG.finditer(line):
            closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
            if name in _NOT_NESTING and "markdown" not in rest:
                continue
            if closing:
                depth = max(0, depth - 1)
            elif not rest.rstrip().endswith("/"):
                depth += 1
                if depth > MAX_NESTING:
                    return number, name
    return None


def _scan_cost(lines: list[str]) -> int | None:
    """The line where the characters the renderer would scan for closing brackets pass
    MAX_SCAN, or None.  Each ``[`` costs the distance to its ``]`` (or to the end of its
    paragraph), each ``](`` the distance to its ``)``, each ``<`` the distance to the next ``>``
    (the HTML parser reads across paragraphs)."""
    text = "\n".join(lines)
    cost = 0
    squares: list[int] = []
    rounds: list[tuple[int, bool]] = []
    angles: list[int] = []
    for match in _SCANNED.finditer(text):
        char, position = match.group(), match.start()
        if char == "[":
            squares.append(position)
        elif char == "]":
            if squares:
                cost += position - squares.pop()
        elif char == "(":
            rounds.append((position, position > 0 and text[position - 1] == "]"))
        elif char == ")":
            if rounds:
                start, link = rounds.pop()
                if link:
                    cost += position - start
        elif char == "<":
            angles.append(position)
        elif char == ">":
            cost += sum(position - start for start in angles)
            angles.clear()
        else:  # a blank line: the paragraph ends, its open brackets were scanned to here
            cost += sum(position - start for start in squares)
            cost += sum(position - start for start, link in rounds if link)
            squares.clear()
            rounds.clear()
        if cost > MAX_SCAN:
            return text.count("\n", 0, position)
    end = len(text)
    cost += (
        sum(end - start for start in squares)
        + sum(end - start for start, link in rounds if link)
        + sum(end - start for start in angles)
    )
    if cost > MAX_SCAN:
        return text.count("\n", 0, (squares or [s for s, _ in rounds] or angles or [end])[0])
    return None

"""The safety gate for public content: what a submission may not contain on a government website.

Every rule reports the file, line and column and a fix, in Chinese; nothing is stripped or
changed silently.  The rules:

- raw HTML that runs code or changes the page (``<script>``, ``<iframe>``, ``on*=`` handlers,
  ``javascript:``/``data:`` URLs …);
- personal data: mainland ID numbers (with a valid check digit; old 15-digit ones too), mobile
  numbers and e-mail addresses, unless masked (``138****1234``), however they are written (see
  :mod:`showcase.personal`), in the text and in file and folder names;
- attachments: read for the same personal data, refused when they cannot be read or would run
  something (see :mod:`showcase.attachments`), and an error when no page links to them;
- images: inside the school's folder, an allowed format (checked by content, not only by name),
  alt text, a size cap, SVG without script, nothing loaded from another site;
- links to pages or files of this site that do not exist; file names that are not URL-safe.

python-markdown would strip nothing of this by itself (raw HTML passes through), and
bleach-style sanitising would alter what schools wrote, so we reject instead, with the line.
"""

from __future__ import annotations

import bisect
import difflib
import posixpath
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from showcase.check import attachments, personal
from showcase.load.schema import is_valid_id, suggest_id
from showcase.problems import Problems, did_you_mean

#: Image formats published as they are.  GIF/BMP/TIFF/HEIC photos must be converted first.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
#: SVG is a document, not a picture: opened on its own it runs in the site's origin, and no
#: pattern can prove one safe (scripts hide in entities, animations, links, styles).  Schools and
#: the bureau's news send diagrams as PNG; the site's own SVG (logo, charts) is made by us.
REFUSED_FORMATS = {".svg", ".svgz"}
#: Image formats people have but browsers or print do not handle well; they must be converted.
CONVERT_FORMATS = {".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif"}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: Above this an image is refused (a phone photo is 2–6 MB; a scan can be 30 MB).
IMAGE_MAX_BYTES = 10 * 1024 * 1024

_DANGEROUS_TAGS = (
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "form",
    "frame",
    "frameset",
    "applet",
    "base",
    "link",
    "meta",
)
# Every pattern below is linear in the length of the text: no two neighbouring repetitions can
# match the same characters, and what a match may span is bounded by brackets it cannot cross
# (bench/gate_bench.py measures it on pathological inputs).
_TAG_RE = re.compile(r"<\s*(?:(/)\s*)?(" + "|".join(_DANGEROUS_TAGS) + r")\b", re.IGNORECASE)
#: An HTML start tag as the browser reads it: name, then attributes (name, optional = value,
#: quoted or not); "<" does not end a tag, ">" outside quotes does.  An unclosed quote is read as
#: an unquoted value, so the attributes after it are still looked at.
_START_TAG = re.compile(
    r"<[a-zA-Z][^\s/>]*(?:[\s/]*[^\s/>][^\s/>=]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*[\s/]*>?"
)
_TAG_NAME = re.compile(r"[^\s/>]*")
_ATTRIBUTE = re.compile(r"[\s/]*([^\s/>][^\s/>=]*)(\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_HANDLER_NAME = re.compile(r"on[a-z]+", re.IGNORECASE)
#: Quick test for an event handler attribute anywhere (starts only at the start of a word).
_HANDLER_HINT = re.compile(r"(?<![a-z])on[a-z]+\s*=", re.IGNORECASE)
_SCHEME_RE = re.compile(
    r"(?:\]\(\s*<?|(?:href|src|action|formaction|xlink:href)\s*=\s*(?:[\"']\s*)?)((?:javascript|vbscript|data)\s*:)",
    re.IGNORECASE,
)

# The text in brackets and the target stop at the next bracket or parenthesis: each opening
# bracket is looked at once, however many there are on a line.
#: A Markdown destination: ``<any text but angle brackets>`` (spaces allowed, as CommonMark and
#: python-markdown read it) or a bare one, then an optional title.
_DESTINATION = r"""\(\s*(?:<([^<>\n]*)>|([^()\[\]\s<>]*))(?:\s+["'][^"']*["'])?\s*\)"""
_IMAGE_MD = re.compile(r"!\[([^\[\]]*)\]" + _DESTINATION)
_IMAGE_HTML = re.compile(r"<img\b[^<>]*?\bsrc\s*=\s*[\"']([^\"'<>]*)[\"'][^<>]*>", re.IGNORECASE)
_LINK_MD = re.compile(r"(?<!!)\[([^\[\]]*)\]" + _DESTINATION)
#: A reference-style link definition, ``[1]: files/plan.pdf`` (not a footnote, ``[^1]: …``).
_LINK_DEF = re.compile(r"^ {0,3}\[([^\[\]^][^\[\]]{0,998})\]:[ \t]*<?([^\s<>]+)>?")


@dataclass(frozen=True)
class Reference:
    """An image or link in a submission's body, where it stands."""

    kind: str  # "image" or "link"
    target: str
    text: str
    line: int
    column: int


def valid_id_number(number: str) -> bool:
    """GB 11643 check digit of an 18-digit mainland ID number."""
    return personal.valid_id_number(number)


_INLINE_CODE = re.compile(r"`[^`]*`")
#: A fence opener as python-markdown's fenced_code reads it: at the start of the line, with at
#: most a language or ``{attributes}`` after it.  It opens a code block only if the same fence
#: closes it later; an unclosed or indented "fence" is text, and HTML after it is rendered.
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\2[ ]*)?)")
_FENCE_ONLY = re.compile(r"`{3,}|~{3,}")
#: A line that starts a raw HTML block: python-markdown leaves its backticks alone (a block that
#: starts with a tag may go on past blank lines, one that starts with a comment ends with it).
_HTML_BLOCK_START = re.compile(r" {0,3}<")
_COMMENT_START = re.compile(r" {0,3}<!--")
_COMMENT_END = re.compile(r"--!?>")


def _code_lines(lines: list[str]) -> list[bool]:
    """Which lines are inside fenced code blocks (fences included), as python-markdown finds them."""
    closers: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line[:3] in ("```", "~~~") and _FENCE_ONLY.fullmatch(line.rstrip(" ")):
            closers.setdefault(line.rstrip(" "), []).append(index)
    code = [False] * len(lines)
    index = 0
    while index < len(lines):
        opener = _FENCE_OPEN.fullmatch(lines[index]) if lines[index][:3] in ("```", "~~~") else None
        if opener:
            candidates = closers.get(opener.group(1), [])
            after = bisect.bisect_right(candidates, index)
            if after < len(candidates):
                for inside in range(index, candidates[after] + 1):
                    code[inside] = True
                index = candidates[after] + 1
                continue
        index += 1
    return code


def _certain_code_spans(lines: list[str], code: list[bool]) -> list[bool]:
    """Lines whose inline code (`…`) is code whatever block python-markdown puts them in.

    That is: no raw HTML block starting with a tag anywhere; the line not in an HTML comment block;
    and in its paragraph (lines between blank lines) every line has an even number of single,
    unescaped backticks, so that no backtick pairs with one on another line.
    """
    certain = [False] * len(lines)
    if any(
        not code[i] and _HTML_BLOCK_START.match(line) and not _COMMENT_START.match(line) for i, line in enumerate(lines)
    ):
        return certain
    in_comment = [False] * len(lines)
    index = 0
    while index < len(lines):
        opening = _COMMENT_START.match(lines[index]) if not code[index] else None
        if opening:
            end, position = index, opening.end()
            while end < len(lines) and not _COMMENT_END.search(lines[end], position if end == index else 0):
                end += 1
            for inside in range(index, min(end, len(lines) - 1) + 1):
                in_comment[inside] = True
            index = end + 1
            continue
        index += 1
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or not lines[index].strip() or code[index]:
            paragraph = range(start, index)
            if all(lines[i].count("`") % 2 == 0 and "``" not in lines[i] and "\\`" not in lines[i] for i in paragraph):
                for i in paragraph:
                    certain[i] = not in_comment[i]
            start = index + 1
    return certain


def _visible_lines(text: str, first_line: int, *, hide_comments: bool = False) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code, with inline code blanked (same columns) where it certainly is
    code (see :func:`_certain_code_spans`): code is shown as text, so markup inside it is
    harmless and not a reference.  With ``hide_comments``, HTML comments are blanked as well
    (for references: a comment is not shown; not for raw HTML, which must be judged as written).
    """
    lines = text.split("\n")
    code = _code_lines(lines) if "```" in text or "~~~" in text else [False] * len(lines)
    certain = _certain_code_spans(lines, code) if "`" in text else [False] * len(lines)
    visible = [
        " " * len(line)
        if code[index]
        else _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        if certain[index] and "`" in line
        else line
        for index, line in enumerate(lines)
    ]
    if hide_comments and "<!--" in text:
        joined = "\n".join(visible)
        pieces, position = [], 0
        while (start := joined.find("<!--", position)) >= 0:
            end = _COMMENT_END.search(joined, start + 2)
            if not end:
                break  # not closed: left as it is
            pieces += [joined[position:start], re.sub(r"[^\n]", " ", joined[start : end.end()])]
            position = end.end()
        visible = ("".join(pieces) + joined[position:]).split("\n")
    for offset, line in enumerate(visible):
        if not code[offset]:
            yield first_line + offset, line


def _visible_text(text: str) -> str:
    """The text with fenced and inline code blanked, same length and lines, so that an offset in
    it is an offset in ``text`` and markup may be matched across lines."""
    lines = [" " * len(line) for line in text.split("\n")]
    for number, line in _visible_lines(text, 0):
        lines[number] = line
    return "\n".join(lines)


class _Positions:
    """Line and column (both 1-based) of an offset in a text."""

    def __init__(self, text: str, first_line: int) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._first = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._first + index, offset - self._starts[index] + 1


def check_raw_html(rel: str, body: str, first_line: int, problems: Problems) -> None:
    """Reject markup that would run code or change the page, wherever it stands (a tag may
    span lines)."""
    if not (_TAG_RE.search(body) or _HANDLER_HINT.search(body) or _SCHEME_RE.search(body)):
        return  # the usual case, decided in one pass over the text
    text = _visible_text(body)
    where = _Positions(text, first_line)
    for match in _TAG_RE.finditer(text):
        if match.group(1):  # the closing tag of one already reported
            continue
        tag = match.group(2).lower()
        number, column = where(match.start())
        problems.error(
            rel,
            number,
            "正文",
            f"不允许使用 <{tag}> 标签：材料中不能嵌入脚本、外部页面、样式或表单",
            "请删除这段 HTML；视频、问卷等请写成普通链接",
            code="raw-html",
            column=column,
        )
    if _HANDLER_HINT.search(text):
        for tag in _START_TAG.finditer(text):
            if not _HANDLER_HINT.search(text, tag.start(), tag.end()):
                continue
            position = _TAG_NAME.match(text, tag.start() + 1, tag.end()).end()
            while position < tag.end():
                attribute = _ATTRIBUTE.match(text, position, tag.end())
                if not attribute or attribute.end() == position:
                    break
                position = attribute.end()
                if attribute.group(2) and _HANDLER_NAME.fullmatch(attribute.group(1)):
                    number, column = where(attribute.start(1))
                    problems.error(
                        rel,
                        number,
                        "正文",
                        f"HTML 标签里不允许写事件属性“{attribute.group(1)}=”（会在读者浏览器里运行代码）",
                        "请删除这个属性",
                        code="raw-html",
                        column=column,
                    )
    for match in _SCHEME_RE.finditer(text):
        scheme = re.sub(r"\s", "", match.group(1)).lower()
        number, column = where(match.start(1))
        problems.error(
            rel,
            number,
            "正文",
            f"链接或图片地址不能以“{scheme}”开头",
            "链接请用 https:// 开头的网址；图片请放在本校的 images 文件夹里，用相对路径引用",
            code="unsafe-url",
            column=column,
        )


def check_personal_data(rel: str, text: str, problems: Problems, first_line: int = 1) -> None:
    """Block ID numbers, mobile numbers and e-mail addresses in the whole file (front matter,
    image descriptions and link targets too), however they are written (see :mod:`personal`).

    The message shows the value masked: the log of a public pull request should not repeat it.
    """
    findings = personal.find(text)
    if not findings:
        return
    where = _Positions(text, first_line)
    for finding in findings:
        number, column = where(finding.start)
        personal.report(problems, rel, number, "个人信息", finding, column)


def check_name_personal_data(rel: str, name: str, problems: Problems) -> bool:
    """A file or folder name is part of a URL: no personal data in it either.  False when some."""
    findings = personal.find(name)
    for finding in findings:
        personal.report(problems, rel, 0, "文件名", finding, where="文件名里")
    return not findings


def references(body: str, first_line: int) -> list[Reference]:
    """Images and links in a body, outside code, in reading order."""
    found: list[Reference] = []
    if "](" not in body and "]:" not in body and "<img" not in body.lower():
        return found
    for number, line in _visible_lines(body, first_line, hide_comments=True):
        for match in _IMAGE_MD.finditer(line):
            target = match.group(2) if match.group(2) is not None else match.group(3)
            found.append(Reference("image", target, match.group(1), number, match.start() + 1))
        for match in _IMAGE_HTML.finditer(line):
            alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)[\"']", match.group(0), re.IGNORECASE)
            found.append(Reference("image", match.group(1), alt.group(1) if alt else "", number, match.start() + 1))
        for match in _LINK_MD.finditer(line):
            target = match.group(2) if match.group(2) is not None else match.group(3)
            found.append(Reference("link", target, match.group(1), number, match.start() + 1))
        if line.lstrip(" ").startswith("[") and "]:" in line:
            definition = _LINK_DEF.match(line)
            if definition:
                found.append(
                    Reference("link", definition.group(2), definition.group(1), number, definition.start(2) + 1)
                )
    return found


def _is_external(target: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", target, re.IGNORECASE))


def resolve(base_uri: str, target: str) -> str:
    """Resolve a relative link against a docs path (POSIX, ``..`` allowed)."""
    parts = base_uri.split("/")[:-1]
    for piece in target.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if not parts:
                return "../" + target  # leaves the site
            parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def check_references(
    rel: str,
    uri: str,
    school_id: str | None,
    body: str,
    first_line: int,
    known_pages: set[str],
    known_files: set[str],
    problems: Problems,
    site_suggestions: list[int] | None = None,
) -> set[str]:
    """Images must be this school's files with alt text; internal links must lead somewhere.

    A "did you mean" compares a name with every file of the site: only the first few missing
    targets of a body get one, and of the whole site when the caller shares ``site_suggestions``
    (a one-item list counted down), so that broken links cost no more than their number.
    Returns the site paths the body links to or shows (for :func:`check_unlinked_attachments`).
    """
    # A school's images are its own; the bureau's news (school_id None) shows its own, in news/.
    school_prefix = f"schools/{school_id}/" if school_id else "news/"
    budget = site_suggestions if site_suggestions is not None else [_SUGGESTIONS]
    suggestions = _SUGGESTIONS
    linked: set[str] = set()
    for ref in references(body, first_line):
        # The browser decodes %20 and the like before asking for the file: so does the check.
        target = urllib.parse.unquote(ref.target.split("#", 1)[0].split("?", 1)[0])
        if re.search(r"\s", target) and not _is_external(target):
            what = "图片" if ref.kind == "image" else "链接"
            problems.error(
                rel,
                ref.line,
                what,
                f"{what}地址“{ref.target[:80]}”里有空格，网址里不能有空格",
                "请把文件改名，用连字符代替空格（如 shixun-1.jpg），再照新名字修改这里的地址",
                code="space-in-link",
                column=ref.column,
            )
            continue
        if ref.kind == "image":
            if not ref.text.strip():
                problems.error(
                    rel,
                    ref.line,
                    "图片",
                    "图片缺少说明文字（替代文本），看不见图片的读者和读屏软件需要它",
                    f"请在方括号里写上图片内容，如 ![实训室布局]({ref.target})",
                    code="image-alt",
                    column=ref.column,
                )
            if re.match(r"^\s*(javascript|vbscript|data)\s*:", ref.target, re.IGNORECASE):
                continue  # reported by check_raw_html as an unsafe URL
            if _is_external(ref.target):
                problems.error(
                    rel,
                    ref.line,
                    "图片",
                    f"不能直接引用其他网站的图片（{ref.target[:60]}）：读者打开页面时会访问那个网站，图片也可能失效",
                    "请在确认有权使用后，把图片下载到本校的 images 文件夹，并改成相对路径，如 images/photo.jpg",
                    code="external-image",
                    column=ref.column,
                )
                continue
            resolved = resolve(uri, target)
            linked.add(resolved)
            if not resolved.startswith(school_prefix):
                problems.error(
                    rel,
                    ref.line,
                    "图片",
                    f"图片“{ref.target}”不在本校文件夹里" if school_id else f"图片“{ref.target}”不在 news 文件夹里",
                    f"请把图片复制到 {school_prefix}images/ 并写成 images/文件名",
                    code="image-outside",
                    column=ref.column,
                )
            elif resolved not in known_files:
                suggestions = min(suggestions, budget[0]) - 1
                budget[0] -= 1
                same_folder = (
                    [f.split("/")[-1] for f in known_files if f.rsplit("/", 1)[0] == resolved.rsplit("/", 1)[0]]
                    if suggestions >= 0
                    else []
                )
                case_match = [f for f in known_files if f.lower() == resolved.lower()] if suggestions >= 0 else []
                if case_match:
                    hint = f"文件名的大小写不一致：实际文件是“{case_match[0].split('/')[-1]}”，请照抄"
                else:
                    hint = (
                        did_you_mean(resolved.split("/")[-1], same_folder)
                        or "请检查文件名和所在文件夹（路径相对于本文件）"
                    )
                problems.error(
                    rel, ref.line, "图片", f"找不到图片“{ref.target}”", hint, code="missing-image", column=ref.column
                )
            continue
        # links
        if not target or _is_external(ref.target) or ref.target.startswith("#"):
            continue
        if ref.target.startswith("/"):
            problems.error(
                rel,
                ref.line,
                "链接",
                f"链接“{ref.target}”以 / 开头，网站放在子目录或内网时会失效",
                "请写相对路径，如 ../weisheng/2018-zhengai-baogao.md，或写完整的 https:// 网址",
                code="absolute-link",
                column=ref.column,
            )
            continue
        resolved = resolve(uri, target)
        linked.add(resolved)
        candidates = {resolved, resolved.rstrip("/") + ".md", resolved.rstrip("/") + "/index.md", resolved + "index.md"}
        if candidates.isdisjoint(known_pages) and candidates.isdisjoint(known_files):
            suggestions = min(suggestions, budget[0]) - 1
            budget[0] -= 1
            close = (
                difflib.get_close_matches(resolved, sorted(known_pages | known_files), n=1, cutoff=0.6)
                if suggestions >= 0
                else []
            )
            hint = (
                f"你是不是想写“{posixpath.relpath(close[0], posixpath.dirname(uri))}”？"
                if close
                else "站内链接请写相对本文件的路径，如 ../weisheng/2018-zhengai-baogao.md"
            )
            problems.error(
                rel,
                ref.line,
                "链接",
                f"链接“{ref.target}”指向的页面或文件不存在",
                hint,
                code="broken-link",
                column=ref.column,
            )
    return linked


def check_unlinked_attachments(attachment_uris: dict[str, str], linked: set[str], problems: Problems) -> None:
    """An attachment (``uri`` → source path) that no page links to is an error: it would be
    published at an address nobody reviewing the pages ever opens."""
    for uri, rel in sorted(attachment_uris.items()):
        if uri in linked:
            continue
        problems.error(
            rel,
            0,
            "附件",
            "这个附件没有被任何（通过检查的）材料链接：它会发布在网站上，却没有页面指向它，审核时也看不到",
            f"请在介绍它的材料里加上链接，如 [附件：实施方案]({uri.split('/', 2)[-1]})（路径相对于材料文件）；"
            "如果那篇材料还有其他错误，请先改正；不需要的附件请删除",
            code="attachment-unlinked",
        )


#: Missing images and broken links per body that get a "did you mean" (see check_references).
_SUGGESTIONS = 10
#: The same for the whole site.
SITE_SUGGESTIONS = 30


def check_markdown_name(rel: str, path: Path, problems: Problems, example: str, how: str) -> bool:
    """A Markdown file's name becomes its URL: lowercase ASCII, digits and hyphens only, and no
    personal data (a phone number is a valid name)."""
    if not check_name_personal_data(rel, path.name, problems):
        return False
    if is_valid_id(path.stem):
        return True
    suggestion = suggest_id(path.stem)
    problems.error(
        rel,
        0,
        "文件名",
        f"文件名“{path.name}”会出现在网址里，只能用小写英文字母、数字和连字符",
        f"请改名为 {suggestion}.md"
        if suggestion and suggestion != path.stem
        else f"请改成类似 {example} 的名字（{how}）",
        code="file-name",
    )
    return False


def check_asset(rel: str, path: Path, problems: Problems) -> bool:
    """An image or attachment file in a school folder: name, format by content, size, SVG safety;
    attachments are scanned for personal data (see :mod:`attachments`).

    Returns False when the file must not be published.
    """
    ok = check_name_personal_data(rel, rel.split("/", 2)[-1], problems)
    stem, suffix = path.stem, path.suffix.lower()
    if not _SAFE_NAME.match(stem):
        suggestion = suggest_id(stem)
        problems.error(
            rel,
            0,
            "文件名",
            f"文件名“{path.name}”会出现在网址里，只能用英文字母、数字和连字符",
            f"请改名为 {suggestion}{suffix}（并修改引用它的地方）"
            if suggestion
            else f"请改成英文或拼音，如 shixunshi{suffix}（并修改引用它的地方）",
            code="file-name",
        )
    size = path.stat().st_size
    if size > IMAGE_MAX_BYTES:
        problems.error(
            rel,
            0,
            "文件大小",
            f"文件有 {size / 1024 / 1024:.2f} MB，超过了 {IMAGE_MAX_BYTES // 1024 // 1024} MB 的上限",
            "照片请先缩小（例如用手机或画图软件另存为宽 1600 像素的 JPG）；大型文档请压缩或拆分",
            code="file-too-large",
        )
        ok = False
    if suffix in REFUSED_FORMATS:
        problems.error(
            rel,
            0,
            "图片格式",
            "网站不发布 SVG 图片：SVG 文件里可以藏有在读者浏览器中运行的代码",
            "请把图另存为 PNG（在绘图软件或 WPS 中“导出为图片”），再修改引用它的地方",
            code="svg-refused",
        )
        return False
    if suffix in CONVERT_FORMATS:
        problems.error(
            rel,
            0,
            "图片格式",
            f"不支持 {suffix} 格式的图片，部分浏览器无法显示",
            "请用画图或手机相册把它另存为 JPG 或 PNG，再修改引用它的地方",
            code="image-format",
        )
        return False
    if suffix in attachments.LEGACY_FORMATS:
        attachments.refuse_legacy(rel, suffix, problems)
        return False
    if suffix in attachments.FORMATS:
        # A file over the size cap is not opened at all.
        return attachments.check_attachment(rel, path, problems) and ok if size <= IMAGE_MAX_BYTES else False
    if suffix not in IMAGE_FORMATS:
        return ok
    if size > IMAGE_MAX_BYTES:
        return False  # not read at all
    with open(path, "rb") as stream:
        head = stream.read(4096)
    actual = _sniff(head)
    expected = IMAGE_FORMATS[suffix]
    if actual != expected:
        found = {
            "HEIC": "苹果手机的 HEIC 照片",
            "GIF": "GIF 动图",
            "BMP": "BMP 位图",
            "TIFF": "TIFF 图片",
            None: "无法识别的文件",
        }.get(actual, actual)
        problems.error(
            rel,
            0,
            "图片格式",
            f"文件扩展名是 {suffix}，但内容是{found}，浏览器可能无法显示",
            "请用画图或手机相册把它另存为 JPG 或 PNG，再替换这个文件",
            code="image-format",
        )
        return False
    return ok


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:2] == b"BM":
        return "BMP"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "HEIC"
    if re.search(rb"<svg[\s>]", head[:2048]):
        return "SVG"
    return None

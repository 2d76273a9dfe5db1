"""Reading source files: text decoding, front matter, and YAML with the line of every value.

PyYAML's ``compose`` gives the node tree with start marks; we construct the Python values from
the same nodes so that each key and list item can be traced back to its line.  Duplicate keys
(which PyYAML silently resolves to the last one) and YAML syntax errors are reported, never
swallowed (MkDocs' own ``utils/meta.py`` turns broken front matter into ``{}``).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from showcase.problems import Problems, visible

#: A path into a YAML document: keys and list indexes, e.g. ``("authors", 1)``.
Loc = tuple[Any, ...]


#: Above this a text file (Markdown, YAML) is refused unread.  A long case is 100 KB; a megabyte
#: is ten of them, and bounds what every later rule costs in time and memory.
MAX_TEXT_BYTES = 1024 * 1024
#: Characters per line.  A paragraph is one line in Markdown; 20,000 characters is ten pages.
MAX_LINE_CHARS = 20_000
#: Levels of nested lists or mappings in YAML (front matter needs two: authors inside the header).
MAX_YAML_DEPTH = 20
#: Digits in a number in YAML: more than any year, order or count needs (a 5,000-digit number
#: makes Python refuse to turn it into text).
MAX_NUMBER_DIGITS = 20


# --- the file system: never follow a link, never read what is not a regular file ---------------
#
# Every folder and file of the content is listed and read through the functions below.  A
# symbolic link is reported and never followed (a school could otherwise publish /etc/passwd as
# images/x.pdf, or hang the check on a link to /dev/zero or on a link loop); so is anything that
# is not a regular file or folder (a FIFO blocks a reader forever, a device never ends).

FILE = "file"
FOLDER = "folder"
LINK = "link"
OTHER = "other"
UNREADABLE = "unreadable"

#: Characters no text of the site may hold, in files or in file names: C0 controls except tab,
#: line feed and carriage return; DEL and the C1 controls; the line and paragraph separators
#: (Python and JavaScript read them as line ends, editors do not); the bidirectional overrides
#: and isolates, which make a text read differently from what it shows ("Trojan Source"); and the
#: non-characters U+FFFE/U+FFFF.  Any of them makes an XML feed malformed or a message misleading.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
#: The same, and the lone surrogates that stand for the bytes of a file name that is not UTF-8.
_BAD_NAME_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")

_LINK_HINT = "请把链接换成文件本身（把真正的文件复制到这里），或删除这个链接"
_OTHER_HINT = "请删除它；网站内容只能是普通的文件和文件夹"


def kind_of(path: Path) -> str | None:
    """What is at ``path``, without following a link: :data:`FILE`, :data:`FOLDER`, :data:`LINK`,
    :data:`OTHER` (FIFO, socket, device), :data:`UNREADABLE`, or None when nothing is there."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return UNREADABLE
    if stat.S_ISREG(mode):
        return FILE
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISLNK(mode):
        return LINK
    return OTHER


def shown(text: str) -> str:
    """A file name as a message can show it: bytes that are not UTF-8 as ``\\xNN``, control
    and direction characters as ``\\uNNNN`` (a name could otherwise forge lines of the report)."""
    return visible(text)


def report_kind(kind: str | None, rel: str, problems: Problems | None) -> None:
    """Report what :func:`kind_of` found when it is neither a file nor a folder."""
    if problems is None or kind in (FILE, FOLDER, None):
        return
    name = shown(rel)
    if kind == LINK:
        problems.error(
            name,
            0,
            "文件",
            "这是一个符号链接（快捷方式）：网站不会顺着链接去读别处的文件",
            _LINK_HINT,
            code="not-regular-file",
        )
    elif kind == OTHER:
        problems.error(
            name,
            0,
            "文件",
            "这不是普通文件（是管道、套接字或设备文件），不能作为网站内容",
            _OTHER_HINT,
            code="not-regular-file",
        )
    else:
        problems.error(
            name,
            0,
            "文件",
            "无法读取（没有读取权限，或文件已损坏）",
            "请检查文件的权限，或重新复制一份",
            code="unreadable-file",
        )


def is_file(path: Path, rel: str, problems: Problems | None = None) -> bool:
    """True when ``path`` is a regular file; a link or anything else there is reported."""
    kind = kind_of(path)
    report_kind(kind, rel, problems)
    return kind == FILE


def is_folder(path: Path, rel: str, problems: Problems | None = None) -> bool:
    """True when ``path`` is a folder (not a link to one); a link or anything else is reported."""
    kind = kind_of(path)
    report_kind(kind, rel, problems)  # a plain file there is for the caller to explain
    return kind == FOLDER


@dataclass(frozen=True)
class Entry:
    """A file or folder found by :func:`list_folder`."""

    path: Path
    rel: str
    """Path relative to the project root, with forward slashes."""
    is_folder: bool


def bad_name(name: str) -> str | None:
    """Why a file name cannot be used (Chinese), or None."""
    match = _BAD_NAME_CHARS.search(name)
    if match is None:
        return None
    if 0xD800 <= ord(match.group()) <= 0xDFFF:
        return "文件名不是有效的 UTF-8 文字（可能是在使用其他编码的电脑上命名的）"
    return "文件名里有看不见的控制字符（如换行符或文字方向控制符）"


def list_folder(folder: Path, root: Path, problems: Problems | None, *, recursive: bool = True) -> list[Entry]:
    """The files and folders in ``folder`` (and below it when ``recursive``), sorted by path.

    Nothing is followed or opened: links, FIFOs, sockets and devices are reported to
    ``problems`` (when given) and left out, and so are names that are not valid UTF-8 or hold
    control characters (with everything inside such a folder).  ``folder`` itself is expected to
    be a folder that :func:`is_folder` accepted.
    """
    found: list[Entry] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as scan:
                items = list(scan)
        except OSError:
            report_kind(UNREADABLE, _relative(current, root), problems)
            continue
        for item in items:
            path = current / item.name
            rel = _relative(path, root)
            reason = bad_name(item.name)
            if reason is not None:
                if problems is not None:
                    problems.error(
                        shown(rel),
                        0,
                        "文件名",
                        f"{reason}，无法在网址和检查报告里使用",
                        "请把它改名为英文字母、数字和连字符组成的名字，如 2018-zhengai-baogao.md",
                        code="file-name",
                    )
                continue
            try:
                if item.is_symlink():
                    kind = LINK
                elif item.is_dir(follow_symlinks=False):
                    kind = FOLDER
                elif item.is_file(follow_symlinks=False):
                    kind = FILE
                else:
                    kind = OTHER
            except OSError:
                kind = UNREADABLE
            if kind == FOLDER:
                found.append(Entry(path, rel, True))
                if recursive:
                    pending.append(path)
            elif kind == FILE:
                found.append(Entry(path, rel, False))
            else:
                report_kind(kind, rel, problems)
    found.sort(key=lambda entry: entry.path)
    return found


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_bytes(
    abs_path: Path, rel: str, problems: Problems, *, limit: int = MAX_TEXT_BYTES, what: str = "文本文件"
) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, or None with the reason reported.

    Opened without following a link and without blocking (a FIFO would block a plain open), then
    checked on the open file: no moment exists between the check and the read for the file to be
    swapped.  The size is checked before reading: a larger file is never read.
    """
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        if not hasattr(os, "O_NOFOLLOW") and kind_of(abs_path) != FILE:  # pragma: no cover - Windows
            report_kind(kind_of(abs_path) or UNREADABLE, rel, problems)
            return None
        handle = os.open(abs_path, flags)
    except OSError as exc:
        report_kind(LINK if exc.errno == errno.ELOOP else UNREADABLE, rel, problems)
        return None
    with os.fdopen(handle, "rb", buffering=0) as stream:
        try:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode):
                report_kind(OTHER, rel, problems)
                return None
            if info.st_size > limit:
                _too_large(rel, info.st_size, limit, what, problems)
                return None
            chunks = []
            size = 0
            while size <= limit:
                chunk = stream.read(limit + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError:
            report_kind(UNREADABLE, rel, problems)
            return None
    data = b"".join(chunks)
    if len(data) > limit:  # grew since it was measured
        _too_large(rel, len(data), limit, what, problems)
        return None
    return data


def _too_large(rel: str, size: int, limit: int, what: str, problems: Problems) -> None:
    problems.error(
        shown(rel),
        0,
        "文件大小",
        f"文件有 {size / 1024 / 1024:.1f} MB，超过了{what} {limit // 1024 // 1024} MB 的上限，没有读取",
        "材料请精简或拆成几篇；图片和附件请作为单独的文件放在 images 文件夹里，不要写进文本文件",
        code="file-too-large",
    )


@dataclass
class SourceText:
    """A decoded text file."""

    path: str
    text: str
    ok: bool = True
    """False when the bytes could not be decoded as UTF-8 (the file is then not processed)."""
    bounded: bool = True
    """False when a line is longer than :data:`MAX_LINE_CHARS` (the text is then not rendered)."""


def read_text(abs_path: Path, rel_path: str, problems: Problems) -> SourceText:
    """Decode a file as UTF-8; report other encodings instead of guessing silently.

    A UTF-8 byte-order mark is accepted and dropped (it carries no character); Windows line ends
    are turned into ``\\n`` (no character is lost).  Files saved as GBK/GB18030, as Windows
    Notepad and older Word versions do, are reported with the command that converts them.
    """
    data = read_bytes(abs_path, rel_path, problems)
    if data is None:
        return SourceText(rel_path, "", ok=False)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            problems.error(
                rel_path,
                line,
                "文件编码",
                "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本或旧版 Word 的默认编码）",
                "请用编辑器“另存为 UTF-8”，或运行 python build.py fix 自动转换（转换前会征求你的同意，不会丢失任何字符）",
                code="encoding",
            )
        except UnicodeDecodeError:
            problems.error(
                rel_path,
                line,
                "文件编码",
                f"第 {line} 行有无法识别的字节，文件不是 UTF-8 编码的文本",
                "请用文本编辑器打开后“另存为 UTF-8”；如果这不是文本文件，请不要以 .md 或 .yml 结尾",
                code="encoding",
            )
        return SourceText(rel_path, "", ok=False)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(rel_path, text, bounded=check_text(text, rel_path, problems))


#: At most this many lines with control characters are listed per file (then a count).
_MAX_LISTED = 20


def check_text(text: str, rel_path: str, problems: Problems) -> bool:
    """Control characters (with line and column) and over-long lines, in one pass each; False
    when a line is too long."""
    if CONTROL_CHARS.search(text):
        _report_controls(text, rel_path, problems)
    bounded = True
    if len(text) > MAX_LINE_CHARS:
        for number, line in enumerate(text.split("\n"), start=1):
            if len(line) > MAX_LINE_CHARS:
                bounded = False
                problems.error(
                    rel_path,
                    number,
                    "行长度",
                    f"这一行有 {len(line):,} 个字符，超过了每行 {MAX_LINE_CHARS:,} 个字符的上限",
                    "请在句子之间换行分段（Markdown 里空一行才是新段落，单个换行不影响显示）",
                    code="line-too-long",
                )
    return bounded


_CONTROL_NAMES = {"\u2028": "行分隔符 U+2028", "\u2029": "段分隔符 U+2029", "\x00": "空字符 U+0000"}


def _control_name(char: str) -> str:
    code = ord(char)
    if char in _CONTROL_NAMES:
        return _CONTROL_NAMES[char]
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"文字方向控制符 U+{code:04X}"
    if code in (0xFFFE, 0xFFFF):
        return f"非字符 U+{code:04X}"
    return f"控制字符 U+{code:04X}"


def _report_controls(text: str, rel_path: str, problems: Problems) -> None:
    line, line_start, position = 1, 0, 0
    listed, last_line, more_lines = 0, 0, 0
    for match in CONTROL_CHARS.finditer(text):
        start = match.start()
        newlines = text.count("\n", position, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", position, start) + 1
        position = start
        if line == last_line:
            continue
        last_line = line
        if listed == _MAX_LISTED:
            more_lines += 1
            continue
        listed += 1
        problems.error(
            rel_path,
            line,
            "文字",
            f"第 {start - line_start + 1} 列有一个看不见的{_control_name(match.group())}",
            "请删除它（常见于从网页、PDF 或 Word 复制的文字）；它会让订阅源（feed.xml）等文件出错，或让文字显示得与实际不同",
            code="control-char",
            column=start - line_start + 1,
        )
    if more_lines:
        problems.error(
            rel_path,
            last_line,
            "文字",
            f"另有 {more_lines} 行也有看不见的控制字符（上面只列出了前 {_MAX_LISTED} 行）",
            "请用编辑器的“显示不可见字符”功能查找并删除",
            code="control-char",
        )


@dataclass
class FrontMatter:
    """The YAML header of a Markdown file and the body after it."""

    yaml_text: str | None
    """The YAML between the ``---`` lines, or None when the file has no front matter."""
    yaml_first_line: int
    """Line number (1-based) of the first YAML line in the file."""
    body: str
    body_first_line: int
    """Line number (1-based) of the first body line in the file."""
    closed: bool = True


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(text: str) -> FrontMatter:
    """Split ``---``-delimited front matter from a Markdown text."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter(None, 0, text, 1)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return FrontMatter("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2)
    return FrontMatter("\n".join(lines[1:]), 2, "", len(lines) + 1, closed=False)


def front_matter_of(text: str, rel_path: str, problems: Problems, how: str):
    """The front matter of a Markdown file, or None with the problem reported: missing (``how``
    says what the first lines should be) or not closed."""
    front = split_front_matter(text)
    if front.yaml_text is None:
        first = text.lstrip("\n").split("\n", 1)[0]
        if first.strip() in ("－－－", "——", "———", "—", "--", "- - -"):
            how = "第一行的 --- 要用三个英文半角减号，不能用中文破折号或全角符号"
        problems.error(rel_path, 1, "文件头", "文件开头缺少文件头（front matter）", how, code="missing-front-matter")
        return None
    if not front.closed:
        problems.error(
            rel_path,
            1,
            "文件头",
            "文件头没有结束：第一行的 --- 之后找不到结束的 ---",
            "请在最后一个字段后面单独写一行 ---，再写正文",
            code="unclosed-front-matter",
        )
        return None
    return front


@dataclass
class YamlDoc:
    """A parsed YAML mapping with the line of each key and value."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    """Line of each value, by location; ``()`` is the document itself."""
    key_lines: dict[str, int] = field(default_factory=dict)
    """Line of each top-level key."""

    def line(self, loc: Loc) -> int:
        """The line of the value at ``loc``, or of its closest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            if len(loc) == 1 and loc[0] in self.key_lines:
                return self.key_lines[loc[0]]
            loc = loc[:-1]
        return self.lines.get((), 0)


def _yaml_error_message(exc: yaml.MarkedYAMLError) -> tuple[str, str]:
    """Chinese explanation and fix for the usual YAML slips."""
    problem = (exc.problem or "") + " " + (exc.context or "")
    if "'\\t'" in problem or "\\t" in problem:
        return ("这一行用了制表符（Tab）缩进，YAML 不允许", "请把 Tab 换成空格")
    if "mapping values are not allowed" in problem:
        return (
            "这一行的值里有英文冒号加空格“: ”，YAML 会把它当成新的字段",
            '请把这个冒号改成中文冒号“：”，或给整个值加上英文引号，例如 title: "标题: 副标题"',
        )
    if "could not find expected ':'" in problem or "could not find expected" in problem:
        return (
            "这一行不是“字段名: 值”的格式（可能漏了英文冒号，或用了中文冒号“：”）",
            "请写成“字段名: 值”，冒号用英文半角并在后面加一个空格",
        )
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return ("引号没有配对：有开头的引号，没有结尾的引号", "请补上结尾的引号，或去掉多余的引号")
    if "expected <block end>" in problem or "did not find expected" in problem:
        return ("缩进或列表格式不对", "同一层的字段要左对齐；列表项以“- ”开头，或写成 [甲, 乙]")
    if "found character" in problem and "cannot start any token" in problem:
        return ("这一行以 YAML 不允许的字符开头（如 @ 或 `）", "请给整个值加上英文引号")
    if "block sequence entries are not allowed" in problem:
        return (
            "这一行的值以“- ”开头，YAML 会把它当成列表",
            "列表的每一项要另起一行、缩进后以“- ”开头；如果是文字，请给整个值加上英文引号",
        )
    if "expected a single document" in problem:
        return ("这里又开始了一个新的 YAML 文档（--- 或 ...），一个文件里只能有一个", "请删除多余的 --- 或 ... 行")
    if "unknown escape character" in problem:
        return ("双引号里的反斜杠 \\ 后面跟了 YAML 不认识的字符", "请改用单引号，或把 \\ 写成 \\\\")
    return (f"YAML 格式错误（{(exc.problem or exc.context or '').strip()}）", "请对照模板检查这一行的写法")


_FULLWIDTH_KEY = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_-]*|[\u4e00-\u9fff]+)\s*：")
_KEY_NO_SPACE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?=[^\s/])")


def lint_yaml_lines(text: str, rel_path: str, problems: Problems, first_line: int = 1, what: str = "文件头") -> bool:
    """Catch the slips people make most, with a precise message, before the YAML parser does
    with a vague one.  Returns True when something was reported (the YAML is then not parsed)."""
    found = False
    for offset, line in enumerate(text.split("\n")):
        number = first_line + offset
        if line.lstrip(" ").startswith("\t") or (line.strip() and "\t" in line[: len(line) - len(line.lstrip())]):
            problems.error(
                rel_path,
                number,
                what,
                "这一行用了制表符（Tab）缩进，YAML 不允许",
                "请把行首的 Tab 换成空格",
                code="yaml-tab",
            )
            found = True
            continue
        match = _FULLWIDTH_KEY.match(line)
        if match and not line.lstrip().startswith("#"):
            key = match.group(2)
            problems.error(
                rel_path,
                number,
                key,
                f"字段名“{key}”后面用了中文冒号“：”",
                f"请改成英文冒号加一个空格：{key}: …",
                code="fullwidth-colon",
            )
            found = True
            continue
        match = _KEY_NO_SPACE.match(line)
        if match:
            key = match.group(1)
            problems.error(
                rel_path, number, key, f"“{key}:”后面缺少空格", f"请在冒号后面加一个空格：{key}: …", code="colon-space"
            )
            found = True
    return found


# libyaml's parser where PyYAML was built with it (5–10× faster; at 10,000 submissions parsing
# front matter was the largest part of loading), the pure-Python one otherwise.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader that leaves dates as text: PyYAML raises a bare ValueError on 2018-02-30, and
    :func:`showcase.load.schema.parse_date` reads every date format with a Chinese message instead."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(
    text: str, rel_path: str, problems: Problems, first_line: int = 1, what: str = "文件头"
) -> YamlDoc | None:
    """Parse YAML, recording lines; report syntax errors and duplicate keys to ``problems``.

    ``first_line`` is the file line of the text's first line (front matter starts at line 2).
    Returns None when the text is not valid YAML.
    """
    offset = first_line - 1
    if _may_exceed_limits(text) and not _within_limits(text, rel_path, problems, offset, what):
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {(): first_line})
        doc = YamlDoc(None)
        _collect_lines(node, (), doc, offset, rel_path, problems, what)
        doc.data = loader.construct_document(node)
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        if "found unhashable key" in (exc.problem or ""):  # a list or mapping as a key
            problems.error(rel_path, line, what, *_COLLECTION_KEY, code="yaml-key")
            return None
        message, hint = _yaml_error_message(exc)
        problems.error(rel_path, line, what, message, hint, code="yaml-syntax")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        if not CONTROL_CHARS.search(text):  # else reported with its line and column by check_text
            line = text.count("\n", 0, exc.position) + first_line
            problems.error(
                rel_path, line, what, "这一行有 YAML 不允许的字符", "请删除看不见的控制字符", code="yaml-syntax"
            )
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        problems.error(rel_path, first_line, what, f"YAML 格式错误：{exc}", "请对照模板检查写法", code="yaml-syntax")
        return None
    finally:
        loader.dispose()


_COLLECTION_KEY = (
    "字段名只能是文字，这里是一个列表或几个子字段",
    "请写成“字段名: 值”；值里有 [ ] 或 { } 时，请给整个值加上英文引号",
)
#: A run of characters that a long number could be written with (``0x…``, ``1_000``, ``1:30``).
_LONG_NUMBER = re.compile(rf"[0-9A-Fa-f_:.xXoObB+-]{{{MAX_NUMBER_DIGITS + 1}}}")
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _may_exceed_limits(text: str) -> bool:
    """A quick look, whether :func:`_within_limits` must read the events: anchors, aliases and
    tags need ``&``, ``*`` or ``!``; a long number a long run of digits; and each level of nesting
    a bracket, a brace, a ``-`` before a space, a ``:`` or a ``?`` (the usual front matter has about
    ten of these together and is decided here, in a few microseconds)."""
    if "&" in text or "*" in text or "!" in text:
        return True
    indicators = (
        text.count(":")
        + text.count("?")
        + text.count("[")
        + text.count("{")
        + text.count("- ")
        + text.count("-\n")
        + text.count("-\t")
        + 1
    )
    return indicators > MAX_YAML_DEPTH or _LONG_NUMBER.search(text) is not None


def _within_limits(text: str, rel_path: str, problems: Problems, offset: int, what: str) -> bool:
    """Read the YAML's events (nothing is built) and report what it may not hold: anchors and
    aliases (a "billion laughs" of 700 bytes expands to gigabytes), tags, keys that are lists or
    mappings, more than :data:`MAX_YAML_DEPTH` levels of nesting, numbers longer than
    :data:`MAX_NUMBER_DIGITS` digits.  Stops at too deep a nesting (libyaml's parser slows down
    with every level, and its composer recurses).  Syntax errors are left to the parser proper.
    Returns True when nothing was found."""
    loader = _Loader(text)
    found: set[str] = set()

    def report(kind: str, mark: Any, message: str, hint: str, *, code: str) -> None:
        if kind not in found:
            found.add(kind)
            problems.error(rel_path, mark.line + 1 + offset, what, message, hint, code=code)

    # One entry per open collection: "seq", or what the next node of a mapping is ("key"/"value").
    stack: list[str] = []
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            is_key = bool(stack) and stack[-1] == "key"
            if stack and stack[-1] != "seq":
                stack[-1] = "value" if is_key else "key"
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
                report(
                    "anchor",
                    mark,
                    "YAML 的锚点和别名（& 和 *）在这里不能用",
                    "请把内容直接写出来；如果 & 或 * 是文字的一部分，请给整个值加上英文引号",
                    code="yaml-anchor",
                )
                if isinstance(event, yaml.AliasEvent):
                    continue
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                report(
                    "tag",
                    mark,
                    f"YAML 的类型标签（{shown(tag[:20])}）在这里不能用",
                    "请删除以 ! 开头的标签；如果 ! 是文字的一部分，请给整个值加上英文引号",
                    code="yaml-tag",
                )
            if isinstance(event, yaml.ScalarEvent):
                if (
                    not event.style
                    and len(event.value) > MAX_NUMBER_DIGITS
                    and loader.resolve(yaml.ScalarNode, event.value, event.implicit) in _NUMBER_TAGS
                ):
                    report(
                        "number",
                        mark,
                        f"数字太长：超过了 {MAX_NUMBER_DIGITS} 位",
                        "请核对这个数字；如果它是文字（如编号），请给它加上英文引号",
                        code="number-too-long",
                    )
                continue
            if is_key:
                report("key", mark, *_COLLECTION_KEY, code="yaml-key")
            if len(stack) >= MAX_YAML_DEPTH:
                report(
                    "depth",
                    mark,
                    f"层次太深：列表或子字段嵌套超过了 {MAX_YAML_DEPTH} 层",
                    "请对照模板检查缩进和方括号、花括号；文件头只需要一两层",
                    code="yaml-depth",
                )
                break
            stack.append("key" if isinstance(event, yaml.MappingStartEvent) else "seq")
    except yaml.YAMLError:
        pass  # reported by the parser proper, when nothing above stopped it
    finally:
        loader.dispose()
    return not found


def _collect_lines(
    node: yaml.Node, loc: Loc, doc: YamlDoc, offset: int, rel_path: str, problems: Problems, what: str
) -> None:
    doc.lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_line = key_node.start_mark.line + 1 + offset
            if key in seen:
                problems.error(
                    rel_path,
                    key_line,
                    str(key),
                    f"字段“{key}”写了两次（第一次在第 {seen[key]} 行），只能保留一个",
                    "请删除重复的一行，或把两处内容合并",
                    code="duplicate-key",
                )
            seen[key] = key_line
            if not loc:
                doc.key_lines.setdefault(str(key), key_line)
            _collect_lines(value_node, loc + (key,), doc, offset, rel_path, problems, what)
            if isinstance(value_node, yaml.ScalarNode) and value_node.value == "":
                # An empty value (``date:``) starts wherever the next token is; report the key's line.
                doc.lines[loc + (key,)] = key_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, loc + (index,), doc, offset, rel_path, problems, what)

"""Reading source files: text decoding, front matter, and YAML with the line of every value.

PyYAML's ``compose`` gives the node tree with start marks; we construct the Python values from
the same nodes so that each key and list item can be traced back to its line.  Duplicate keys
(which PyYAML silently resolves to the last one) and YAML syntax errors are reported, never
swallowed (MkDocs' own ``utils/meta.py`` turns broken front matter into ``{}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

#: A path into a YAML document: keys and list indexes, e.g. ``("authors", 1)``.
Loc = tuple[Any, ...]


@dataclass
class SourceText:
    """A decoded text file."""

    path: str
    text: str
    ok: bool = True
    """False when the bytes could not be decoded as UTF-8 (the file is then not processed)."""


def read_text(abs_path: Path, rel_path: str, problems: Problems) -> SourceText:
    """Decode a file as UTF-8; report other encodings instead of guessing silently.

    A UTF-8 byte-order mark is accepted and dropped (it carries no character); Windows line ends
    are turned into ``\\n`` (no character is lost).  Files saved as GBK/GB18030, as Windows
    Notepad and older Word versions do, are reported with the command that converts them.
    """
    data = abs_path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            problems.error(
                rel_path, line, "文件编码",
                "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本或旧版 Word 的默认编码）",
                "请用编辑器“另存为 UTF-8”，或运行 python build.py fix 自动转换（转换前会征求你的同意，不会丢失任何字符）",
                code="encoding",
            )
        except UnicodeDecodeError:
            problems.error(
                rel_path, line, "文件编码",
                f"第 {line} 行有无法识别的字节，文件不是 UTF-8 编码的文本",
                "请用文本编辑器打开后“另存为 UTF-8”；如果这不是文本文件，请不要以 .md 或 .yml 结尾",
                code="encoding",
            )
        return SourceText(rel_path, "", ok=False)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(rel_path, text)


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
            "请给整个值加上英文引号，例如 title: \"标题：副标题\"",
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
            problems.error(rel_path, number, what, "这一行用了制表符（Tab）缩进，YAML 不允许", "请把行首的 Tab 换成空格", code="yaml-tab")
            found = True
            continue
        match = _FULLWIDTH_KEY.match(line)
        if match and not line.lstrip().startswith("#"):
            key = match.group(2)
            problems.error(
                rel_path, number, key, f"字段名“{key}”后面用了中文冒号“：”",
                f"请改成英文冒号加一个空格：{key}: …", code="fullwidth-colon",
            )
            found = True
            continue
        match = _KEY_NO_SPACE.match(line)
        if match:
            key = match.group(1)
            problems.error(rel_path, number, key, f"“{key}:”后面缺少空格", f"请在冒号后面加一个空格：{key}: …", code="colon-space")
            found = True
    return found


# libyaml's parser where PyYAML was built with it (5–10× faster; at 10,000 submissions parsing
# front matter was the largest part of loading), the pure-Python one otherwise.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader that leaves dates as text: PyYAML raises a bare ValueError on 2018-02-30, and
    :func:`showcase.schema.parse_date` reads every date format with a Chinese message instead."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, rel_path: str, problems: Problems, first_line: int = 1, what: str = "文件头") -> YamlDoc | None:
    """Parse YAML, recording lines; report syntax errors and duplicate keys to ``problems``.

    ``first_line`` is the file line of the text's first line (front matter starts at line 2).
    Returns None when the text is not valid YAML.
    """
    offset = first_line - 1
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
        message, hint = _yaml_error_message(exc)
        problems.error(rel_path, line, what, message, hint, code="yaml-syntax")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        problems.error(rel_path, first_line, what, f"YAML 格式错误：{exc}", "请对照模板检查写法", code="yaml-syntax")
        return None
    finally:
        loader.dispose()


def _collect_lines(node: yaml.Node, loc: Loc, doc: YamlDoc, offset: int, rel_path: str, problems: Problems, what: str) -> None:
    doc.lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_line = key_node.start_mark.line + 1 + offset
            if key in seen:
                problems.error(
                    rel_path, key_line, str(key),
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

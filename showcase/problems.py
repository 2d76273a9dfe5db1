"""Problems found in the content, collected across all files and reported together.

Every problem names the file, the line, the field, what is wrong and how to fix it, in Chinese:
the people who read these messages are school staff, mostly not programmers.  Each problem also
carries a stable ``code`` that the contributor guide explains under the same anchor, so a message
can always be looked up (``guide/errors.md#<code>``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

#: Where the contributor guide explains each problem code (site-relative URL).
GUIDE_ERRORS_URL = "guide/errors/"

#: Characters a report never prints as they are: controls (a line feed in a value quoted by a
#: message would forge a line of the report), line separators, direction overrides, and the
#: stand-ins for bytes of a file name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with every :data:`_UNPRINTABLE` character written out: ``\\xNN`` for a byte of
    a non-UTF-8 file name, ``\\uNNNN`` for the others."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
            return f"\\x{code - 0xDC00:02x}"
        return f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place."""

    path: str
    """File path relative to the project root, with forward slashes."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    field: str
    """The key or part of the file concerned (for example ``project`` or ``正文``)."""
    message: str
    """What is wrong, in Chinese, including what was expected and what was found."""
    hint: str = ""
    """How to fix it, in Chinese."""
    code: str = "invalid"
    """Stable identifier, also the anchor of the explanation in the contributor guide."""
    severity: Severity = "error"
    column: int = 0
    """1-based column where it helps (personal data, raw HTML); 0 when not relevant."""

    def location(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def format(self) -> str:
        """``path:line: field: message；hint [code]`` on one line."""
        text = f"{self.location()}: {self.field}: {self.message}"
        if self.hint:
            text += f"；{self.hint}"
        label = "错误" if self.severity == "error" else "提醒"
        return visible(f"{text} [{label} {self.code}]")

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on its line in a pull request."""
        kind = "error" if self.severity == "error" else "warning"
        params = [f"file={_gh_escape_property(visible(self.path))}"]
        if self.line:
            params.append(f"line={self.line}")
        if self.column:
            params.append(f"col={self.column}")
        params.append(f"title={_gh_escape_property(visible(f'{self.field}（{self.code}）'))}")
        body = visible(f"{self.message}" + (f"；{self.hint}" if self.hint else ""))
        return f"::{kind} {','.join(params)}::{_gh_escape_data(body)}"


def _gh_escape_data(text: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Problems:
    """An ordered collection of problems; never stops at the first one."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def error(
        self, path: str, line: int, field_: str, message: str, hint: str = "", code: str = "invalid", column: int = 0
    ) -> None:
        self.add(Problem(path, line, field_, message, hint, code, "error", column))

    def warning(
        self, path: str, line: int, field_: str, message: str, hint: str = "", code: str = "invalid", column: int = 0
    ) -> None:
        self.add(Problem(path, line, field_, message, hint, code, "warning", column))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        """Deterministic order: by file, then line, column, field and message."""
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.column, p.field, p.code, p.message))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(set(self.items))

    def __bool__(self) -> bool:
        return bool(self.items)

    def markdown_table(self) -> str:
        """Every problem as a Markdown table, for a pull request's job summary (GitHub shows only
        ten annotations per step; the summary lists them all, in Chinese)."""
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "## 内容检查通过\n\n没有发现问题。\n"
        lines = [
            f"## 内容检查：{errors} 个错误、{warnings} 个提醒",
            "",
            "错误必须改正后才能合并；提醒建议处理。每个代码的含义和改法见网站“投稿指南 → 错误说明”页。",
            "",
            "| 文件 | 行 | 字段 | 问题 | 改法 | 类别 |",
            "| ---- | -: | ---- | ---- | ---- | ---- |",
        ]
        for problem in self.sorted():
            label = "错误" if problem.severity == "error" else "提醒"
            cells = [
                problem.path,
                str(problem.line or ""),
                problem.field,
                problem.message,
                problem.hint,
                f"{label} `{problem.code}`",
            ]
            lines.append("| " + " | ".join(_table_cell(cell) for cell in cells) + " |")
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        files = len({p.path for p in self.items})
        if not errors and not warnings:
            return "检查通过：没有发现问题。"
        parts = []
        if errors:
            parts.append(f"{errors} 个错误")
        if warnings:
            parts.append(f"{warnings} 个提醒")
        return (
            f"共发现 {'、'.join(parts)}，涉及 {files} 个文件。错误必须改正后才能发布；提醒建议处理。"
            f"每条末尾方括号里是问题代码，含义和改法见网站“投稿指南 → 错误说明”页（{GUIDE_ERRORS_URL}#代码）。"
        )


def _table_cell(text: str) -> str:
    """Text that stays in its Markdown table cell: no line break, no column separator, no HTML."""
    return (
        " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    )


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """A Chinese 'did you mean' clause for a misspelled key or id, or '' when nothing is close."""
    matches = difflib.get_close_matches(str(value), sorted(set(candidates)), n=1, cutoff=0.6)
    return f"你是不是想写“{matches[0]}”？" if matches else ""

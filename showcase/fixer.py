"""Fixing text files saved the Windows way: GBK/GB18030 or UTF-16 encodings, a UTF-8 byte-order
mark, CRLF line ends.  ``python build.py fix`` lists what it would change, asks, then converts to
UTF-8 without BOM with ``\\n`` line ends.

No character is ever lost: a file is converted only when decoding it and encoding it back gives
exactly the original bytes, and the new UTF-8 text decodes to the same characters.  A file with
bytes that no encoding explains, or with two encodings mixed, is refused with an explanation.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: Folders whose text files are checked (those that exist), and single files at the root.
FOLDERS = ("schools", "demo", "projects", "news")
ROOT_FILES = ("featured.yml", "owners.yml")
TEXT_SUFFIXES = {".md", ".markdown", ".yml", ".yaml"}

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ENCODING_NAMES = {
    "gb18030": "GBK/GB18030 编码（Windows 记事本或旧版 Word 的默认编码）",
    "utf-16-le": "UTF-16 编码（记事本里的“Unicode”）",
    "utf-16-be": "UTF-16 编码（记事本里的“Unicode big endian”）",
}


@dataclass
class FilePlan:
    """What is wrong with one file and what converting it gives."""

    path: str
    """Relative to the root, with forward slashes."""
    changes: list[str] = field(default_factory=list)
    """What would change, in Chinese."""
    new_bytes: bytes | None = None
    refusal: str = ""
    """Why the file cannot be converted safely, in Chinese; empty when it can."""

    @property
    def convertible(self) -> bool:
        return self.new_bytes is not None and not self.refusal


def candidate_files(root: Path) -> list[Path]:
    """The text files the site reads, in a stable order."""
    found = []
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            found += [p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES]
    found += [root / name for name in ROOT_FILES if (root / name).is_file()]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8: a UTF-8 file with a pasted foreign part."""
    text = data.decode("utf-8", errors="surrogateescape")
    valid = sum(len(ch.encode("utf-8")) for ch in text if ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF)
    invalid = sum(1 for ch in text if 0xDC80 <= ord(ch) <= 0xDCFF)
    return valid > invalid


def plan(data: bytes, rel_path: str) -> FilePlan:
    """Decide what converting ``data`` would change; ``new_bytes`` is None when nothing would."""
    result = FilePlan(rel_path)
    body = data
    encoding = "utf-8"
    for bom, name in _UTF16_BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom):]
            break
    else:
        if data.startswith(_UTF8_BOM):
            body = data[len(_UTF8_BOM):]
            result.changes.append("去掉文件开头的 UTF-8 标记（BOM）")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            result.refusal = f"第 {_line_of(body, exc.start)} 行有不符合 UTF-16 编码的字节，无法确定原来的字符"
            return result
        if _mostly_utf8(body):
            result.refusal = (
                f"文件大部分是 UTF-8 编码，但第 {_line_of(body, exc.start)} 行混有其他编码的文字（可能是从别处粘贴的），"
                "自动转换会把其中一部分变成乱码"
            )
            return result
        try:
            text = body.decode("gb18030")
        except UnicodeDecodeError as gb_exc:
            result.refusal = f"第 {_line_of(body, gb_exc.start)} 行有既不是 UTF-8 也不是 GBK/GB18030 的字节，无法确定原来的字符"
            return result
        encoding = "gb18030"
    if encoding != "utf-8":
        # Round trip: the decoded characters must give back exactly the original bytes.
        if text.encode(encoding) != body:
            result.refusal = "按原编码读出后再写回与原文件不一致，为避免丢失字符，不做转换"
            return result
        result.changes.append(f"{_ENCODING_NAMES[encoding]} → UTF-8")
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    if crlf:
        result.changes.append(f"Windows 换行（CRLF，{crlf} 处）→ 统一换行（LF）")
    if lone_cr:
        result.changes.append(f"旧式 Mac 换行（CR，{lone_cr} 处）→ 统一换行（LF）")
    if not result.changes:
        return result
    fixed = text.replace("\r\n", "\n").replace("\r", "\n")
    new_bytes = fixed.encode("utf-8")
    # Every character other than the line ends is kept, in order.
    if new_bytes.decode("utf-8") != fixed or re.sub(r"\r\n?|\n", "", text) != fixed.replace("\n", ""):
        result.refusal = "转换结果校验不一致，为避免丢失字符，不做转换"  # pragma: no cover - defensive
        return result
    result.new_bytes = new_bytes
    return result


def scan(root: Path) -> list[FilePlan]:
    """Every file that would change or cannot be converted, in a stable order."""
    plans = []
    for path in candidate_files(root):
        file_plan = plan(path.read_bytes(), path.relative_to(root).as_posix())
        if file_plan.changes or file_plan.refusal:
            plans.append(file_plan)
    return plans


def apply(root: Path, plans: list[FilePlan]) -> list[str]:
    """Write the converted files (atomically, keeping permissions); returns the paths written."""
    written = []
    for file_plan in plans:
        if not file_plan.convertible:
            continue
        target = root / file_plan.path
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".fix-", suffix=target.suffix)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(file_plan.new_bytes or b"")
            os.chmod(temp, target.stat().st_mode & 0o7777)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        written.append(file_plan.path)
    return written


def describe(plans: list[FilePlan]) -> str:
    """The list shown before asking, in Chinese."""
    lines = []
    convertible = [p for p in plans if p.convertible]
    refused = [p for p in plans if p.refusal]
    if convertible:
        lines.append(f"以下 {len(convertible)} 个文件需要转换为 UTF-8（无 BOM、统一换行）：")
        for file_plan in convertible:
            lines.append(f"  {file_plan.path}：{'；'.join(file_plan.changes)}")
    if refused:
        lines.append(f"以下 {len(refused)} 个文件无法安全转换，不会修改：")
        for file_plan in refused:
            lines.append(f"  {file_plan.path}：{file_plan.refusal}")
        lines.append(
            "  请用文本编辑器（如 VS Code）打开这些文件，找到提示的那一行，把乱码处改成正确的文字，"
            "再“另存为 UTF-8”；如果原文来自 Word，可以从 Word 里重新复制。"
        )
    return "\n".join(lines)

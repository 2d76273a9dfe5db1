"""Fixing text files saved the Windows way: GBK/GB18030 or UTF-16 encodings, a UTF-8 byte-order
mark, CRLF line ends.  ``python build.py fix`` lists what it would change, asks, then converts to
UTF-8 without BOM with ``\\n`` line ends.

The fix never guesses.  It converts only from an encoding it can prove:

- a byte-order mark (UTF-8, UTF-16, UTF-32) is proof, if the rest decodes strictly;
- UTF-16 without a mark only if exactly one byte order decodes, with no control characters, to
  plausible text;
- GBK/GB18030 only if the bytes decode strictly, encode back to the same bytes, and read as
  plausible Chinese: common characters (GB2312), punctuation and ASCII, hardly a rare
  character and no kana, Hangul, private-use or control characters.  Big5 (traditional Chinese),
  Shift-JIS (Japanese) and Latin-1 files often decode as GB18030, into characters no Chinese
  text is made of; they fail this test.

Anything else is refused with an explanation, and the file is left byte for byte as it was.  No
character is lost: the new UTF-8 text decodes to the same characters.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: Folders whose text files are checked (those that exist), and single files at the root.
FOLDERS = ("schools", "demo", "projects", "news")
ROOT_FILES = ("featured.yml", "owners.yml")
TEXT_SUFFIXES = {".md", ".markdown", ".yml", ".yaml"}

_UTF8_BOM = codecs.BOM_UTF8
#: UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ENCODING_NAMES = {
    "gb18030": "GBK/GB18030 编码（Windows 记事本或旧版 Word 的默认编码）",
    "utf-16-le": "UTF-16 编码（记事本里的“Unicode”）",
    "utf-16-be": "UTF-16 编码（记事本里的“Unicode big endian”）",
    "utf-32-le": "UTF-32 编码",
    "utf-32-be": "UTF-32 编码",
}
#: What to do when the encoding cannot be proven.
_SAVE_AS = "未做修改；请用原来编辑它的软件（如记事本、WPS）打开，确认文字显示正常后“另存为”UTF-8 编码"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Symbols and punctuation outside GB2312 that Chinese text uses (quotes, dashes, ①, ℃, arrows …).
_SYMBOL_BLOCKS = (
    (0x2000, 0x206F),
    (0x2100, 0x21FF),
    (0x2200, 0x22FF),
    (0x2460, 0x24FF),
    (0x2500, 0x25FF),
    (0x2600, 0x26FF),
    (0x3000, 0x303F),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
_CJK_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
#: At most these shares of the non-ASCII characters may be rare ideographs (outside GB2312:
#: names, extension B) and odd characters (kana, Hangul, Greek, box drawing, private use …).
_MAX_RARE = 0.10
_MAX_ODD = 0.02


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


def plausible_chinese(text: str) -> bool:
    """Text as Chinese writers produce it: no control characters; among the non-ASCII characters,
    common ideographs and punctuation, at most a few rare ideographs and hardly anything else."""
    if _CONTROL.search(text):
        return False
    counts = Counter(ch for ch in text if ord(ch) > 127)
    total = sum(counts.values())
    rare = odd = 0
    for ch, count in counts.items():
        kind = _kind(ch)
        if kind == "rare":
            rare += count
        elif kind == "odd":
            odd += count
    return rare <= _MAX_RARE * total and odd <= _MAX_ODD * total


def _kind(ch: str) -> str:
    """``common`` (GB2312 ideograph or punctuation), ``rare`` (other ideograph) or ``odd``."""
    try:
        row = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        code = ord(ch)
        if unicodedata.category(ch) in ("Co", "Cn", "Cs") or ch == "\ufffd":
            return "odd"
        if any(low <= code <= high for low, high in _CJK_BLOCKS):
            return "rare"
        return "common" if any(low <= code <= high for low, high in _SYMBOL_BLOCKS) else "odd"
    # GB2312 rows: 0xA1–0xA3 symbols and full-width forms, 0xA2 numbered items, 0xA8 pinyin and
    # bopomofo, 0xB0– ideographs; kana (0xA4, 0xA5), Greek, Cyrillic, box drawing are odd here.
    return "common" if row in (0xA1, 0xA2, 0xA3, 0xA8) or row >= 0xB0 else "odd"


def _utf16_without_mark(body: bytes) -> tuple[str, str] | None:
    """(encoding, text) when exactly one byte order of UTF-16 explains the bytes plausibly."""
    if len(body) % 2:
        return None
    found = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.encode(encoding) == body and plausible_chinese(text):
            found.append((encoding, text))
    return found[0] if len(found) == 1 else None


def _gb18030(body: bytes) -> str | None:
    """The text when the bytes are provably GBK/GB18030 Chinese, else None."""
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if text.encode("gb18030") == body and plausible_chinese(text) else None


def plan(data: bytes, rel_path: str) -> FilePlan:
    """Decide what converting ``data`` would change; ``new_bytes`` is None when nothing would."""
    result = FilePlan(rel_path)
    body = data
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    else:
        if data.startswith(_UTF8_BOM):
            body = data[len(_UTF8_BOM) :]
            result.changes.append("去掉文件开头的 UTF-8 标记（BOM）")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            kind = "UTF-32" if encoding.startswith("utf-32") else "UTF-16"
            result.refusal = f"第 {_line_of(body, exc.start)} 行有不符合 {kind} 编码的字节，无法确定原来的字符"
            return result
        if data.startswith(_UTF8_BOM):
            result.refusal = f"文件开头的标记（BOM）表明是 UTF-8 编码，但第 {_line_of(body, exc.start)} 行有不符合 UTF-8 的字节，无法确定原来的字符"
            return result
        if _mostly_utf8(body):
            result.refusal = (
                f"文件大部分是 UTF-8 编码，但第 {_line_of(body, exc.start)} 行混有其他编码的文字（可能是从别处粘贴的），"
                "自动转换会把其中一部分变成乱码"
            )
            return result
        utf16, gb = _utf16_without_mark(body), _gb18030(body)
        if utf16 is not None and gb is not None:
            result.refusal = f"文件既可以读成 UTF-16 编码，也可以读成 GBK/GB18030 编码，无法确定是哪一种，{_SAVE_AS}"
            return result
        if utf16 is not None:
            encoding, text = utf16
        elif gb is not None:
            text, encoding = gb, "gb18030"
        else:
            try:
                body.decode("gb18030")
            except UnicodeDecodeError as gb_exc:
                result.refusal = (
                    f"第 {_line_of(body, gb_exc.start)} 行有既不是 UTF-8 也不是 GBK/GB18030 的字节，无法确定原来的字符"
                )
                return result
            result.refusal = (
                "无法确定文件的编码：按 GBK/GB18030 读出的文字不像正常的中文（可能是繁体中文 Big5、日文 Shift-JIS 或西文编码），"
                + _SAVE_AS
            )
            return result
    else:
        if encoding == "utf-8" and "\x00" in text:
            # NUL characters: UTF-16 or UTF-32 without a mark, read as UTF-8.
            utf16 = _utf16_without_mark(body)
            if utf16 is None:
                result.refusal = f"第 {_line_of(body, body.index(0))} 行有空字符（NUL），可能是 UTF-16 或 UTF-32 编码但没有开头标记，无法确定文件的编码，{_SAVE_AS}"
                return result
            encoding, text = utf16
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

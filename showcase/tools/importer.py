"""Word import: a school's ``.docx`` to a submission (``python build.py import 文件.docx``).

The pipeline: the file is inspected (kind by content, size, a zip bomb guard that inflates every
entry with a cap and rebuilds a clean copy, so pandoc only ever reads bounded data); pandoc reads
it into its document tree (JSON, ``--sandbox``, bounded memory and time); the tree is cleaned and
written as the Markdown python-markdown renders on the site, with the images beside it.

Cleaning makes the result read like a hand-written submission: empty paragraphs and manual line
breaks become paragraph breaks, full-width spaces used as indentation go, Word's typed heading
numbers (一、 （一） 1. 1.1) are taken off the headings, heading levels start at ``##`` (the page
title is the front matter's), and a document without heading styles gets its ``一、`` and
``（一）`` lines as headings.  No other text is changed or dropped: text that Markdown would read
as markup is escaped, tables with merged cells become HTML tables with ``rowspan``/``colspan``
(the sanitiser allows them), and the caption under a picture becomes its alt text while staying
on the page.  The title and summary are proposed from the document (its title, or first heading;
its abstract, or first paragraph); the importer never decides them for the user.
"""

from __future__ import annotations

import errno
import html
import io
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from showcase.check.gate import IMAGE_FORMATS
from showcase.load.sources import FILE, FOLDER, LINK, kind_of
from showcase.output import images as site_images

#: A Word document with photos is a few MB; 50 MB is far beyond any case study.
MAX_DOCX_BYTES = 50 * 1024 * 1024
#: What the document may inflate to (all parts together), and how many parts it may have.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ENTRIES = 2000
#: pandoc's limits: memory (its runtime's heap) and time.
PANDOC_MEMORY = "1000m"
PANDOC_SECONDS = 120

#: Image formats published as they are (the gate's, ``.jpeg`` written as ``.jpg``); those converted
#: to PNG here; those a school must convert.
KEEP_FORMATS = {suffix: ".jpg" if fmt == "JPEG" else suffix for suffix, fmt in IMAGE_FORMATS.items()}
CONVERT_TO_PNG = {".gif", ".bmp", ".tif", ".tiff"}
VECTOR_FORMATS = {".emf": "EMF", ".wmf": "WMF", ".svg": "SVG", ".emz": "EMF", ".wmz": "WMF"}

_SAVE_AS = "请在 Word 或 WPS 中打开它，选“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入新的 .docx 文件"
#: What to say about files that are not ``.docx``, by extension.
OTHER_FORMATS = {
    ".doc": "这是旧版 Word 文档（.doc），不能直接导入。" + _SAVE_AS,
    ".wps": "这是 WPS 文字的文档（.wps），不能直接导入。" + _SAVE_AS,
    ".docm": "这是含宏的 Word 文档（.docm），不能导入。" + _SAVE_AS,
    ".dot": "这是 Word 模板（.dot），不能导入。" + _SAVE_AS,
    ".dotx": "这是 Word 模板（.dotx），不能导入。" + _SAVE_AS,
    ".wpt": "这是 WPS 模板（.wpt），不能导入。" + _SAVE_AS,
    ".rtf": "这是 RTF 文档，不能直接导入。" + _SAVE_AS,
    ".odt": "这是 OpenDocument 文档（.odt），不能直接导入。请在 WPS 或 LibreOffice 中打开它，"
    "选“文件 → 另存为”，保存类型选“Word 2007-365（.docx）”，再导入新的 .docx 文件",
    ".pdf": "PDF 不能可靠地转回文字（段落、标题和表格会错乱），不能导入。请找到生成这个 PDF 的 Word 或 WPS "
    "原文件（.docx）来导入；只有 PDF 时，可以在 WPS 中用“PDF 转 Word”转换，核对文字后另存为 .docx 再导入",
    ".txt": "这是纯文本文件，不需要导入：请用 python build.py new 新建材料，把文字粘贴到正文中",
    ".md": "这已经是 Markdown 文件，不需要导入：请把它放到 schools/<学校编号>/ 里，再运行 python build.py check",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportRefused(Exception):
    """A document that cannot be imported; the message says why and what to do, in Chinese."""


@dataclass
class Picture:
    """An image of the document, in order: where it goes and what to write for it."""

    number: int
    alt: str
    source: Path | None
    """The extracted file (None when the document only links to it)."""
    suffix: str
    """The suffix written (``.png`` after a conversion)."""
    problem: str = ""
    """Why it is not written (vector formats, too many pixels), in Chinese; empty when it is."""


@dataclass
class Converted:
    """A document read and cleaned: the proposals, the Markdown body and its images."""

    title: str
    summary: str
    body: str
    pictures: list[Picture]
    notes: list[str] = field(default_factory=list)
    """What the import changed or could not keep, in Chinese, one line each."""
    work: tempfile.TemporaryDirectory | None = None

    def close(self) -> None:
        if self.work is not None:
            self.work.cleanup()
            self.work = None


# --- the input ------------------------------------------------------------------------------------


def inspect(path: Path) -> str | None:
    """Why ``path`` cannot be imported (Chinese), or None for a regular ``.docx`` file to read."""
    kind = kind_of(path)
    if kind is None:
        return "找不到这个文件"
    if kind == LINK:
        return "这是一个链接（快捷方式），不是文件本身；请导入它指向的 .docx 文件"
    if kind != FILE:
        return "这不是普通的文件（文件夹、管道或设备）；请给出 .docx 文件"
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix != ".docx":
        return OTHER_FORMATS.get(
            suffix, f"不能导入 {suffix or '没有扩展名的'}文件：只能导入 Word 文档（.docx）。" + _SAVE_AS
        )
    if size > MAX_DOCX_BYTES:
        return (
            f"文件有 {size / 1024 / 1024:.1f} MB，超过了 {MAX_DOCX_BYTES // 1024 // 1024} MB 的上限；"
            "请在 Word 中压缩图片（选中图片 → 图片格式 → 压缩图片），或把文档拆成几篇再导入"
        )
    with open(path, "rb") as stream:
        head = stream.read(8)
    if head.startswith(b"%PDF"):
        return "文件扩展名是 .docx，但内容是 PDF。" + OTHER_FORMATS[".pdf"]
    if head.startswith(_OLE_MAGIC):
        return "文件扩展名是 .docx，但内容是旧版 Word 或 WPS 文档（.doc/.wps）。" + _SAVE_AS
    if head.startswith(b"{\\rtf"):
        return "文件扩展名是 .docx，但内容是 RTF 文档。" + _SAVE_AS
    if not head.startswith(b"PK\x03\x04"):
        return "文件扩展名是 .docx，但内容不是 Word 文档（可能已损坏，或是改了扩展名的其他文件）。" + _SAVE_AS
    return None


def _bounded_copy(path: Path, target: Path) -> None:
    """Inflate every part of the document with a cap and write a clean copy to ``target``.

    A zip file's directory can lie about sizes, so the bytes are counted as they are inflated;
    nothing beyond :data:`MAX_UNCOMPRESSED` is ever produced.  XML with a document type
    declaration (the way to entity expansion bombs) is refused.
    """
    damaged = "文件已损坏，无法作为 Word 文档读取。请在 Word 或 WPS 中打开并重新保存为 .docx 后再导入"
    try:
        # Not through a link, and still a regular file of bounded size (it may have changed
        # since it was inspected).
        handle = os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")
    except OSError:
        raise ImportRefused("无法打开这个文件（它可能是一个链接，或没有读取权限）") from None
    status = os.fstat(handle.fileno())
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_DOCX_BYTES:
        handle.close()
        raise ImportRefused("这不是普通的文件，或超过了大小上限；请给出 .docx 文件")
    try:
        source = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        handle.close()
        raise ImportRefused(damaged) from None
    with handle, source:
        entries = source.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ImportRefused(
                f"文件里有 {len(entries)} 个部件，超过了 {MAX_ENTRIES} 个的上限，不像是正常的 Word 文档；"
                "请在 Word 中另存为一个新的 .docx 再导入"
            )
        names = {entry.filename for entry in entries}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            if "mimetype" in names and "content.xml" in names:
                raise ImportRefused("文件扩展名是 .docx，但内容是 OpenDocument 文档（.odt）。" + OTHER_FORMATS[".odt"])
            raise ImportRefused("文件扩展名是 .docx，但里面没有 Word 文档的正文。" + _SAVE_AS)
        total = 0
        try:
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
                for entry in entries:
                    if entry.is_dir() or entry.filename in copy.NameToInfo:
                        continue
                    if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
                        raise ImportRefused(damaged)
                    data = io.BytesIO()
                    with source.open(entry) as stream:
                        while chunk := stream.read(1024 * 1024):
                            total += len(chunk)
                            if total > MAX_UNCOMPRESSED:
                                raise ImportRefused(
                                    f"文件解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB（可能是恶意构造的压缩包），不能导入；"
                                    "正常的 Word 文档请先压缩其中的图片再导入"
                                )
                            data.write(chunk)
                    content = data.getvalue()
                    if entry.filename.endswith((".xml", ".rels")) and re.search(rb"<!DOCTYPE|<!ENTITY", content[:4096]):
                        raise ImportRefused(
                            "文件里的 XML 带有文档类型声明，正常的 Word 文档没有；不能导入。" + _SAVE_AS
                        )
                    copy.writestr(entry.filename, content)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            raise ImportRefused(damaged) from None


def _pandoc(docx: Path, media: Path) -> dict:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise ImportRefused("找不到 pandoc：导入 Word 文档需要它（Debian/Ubuntu：sudo apt install pandoc）")
    command = [
        pandoc,
        "+RTS",
        f"-M{PANDOC_MEMORY}",
        "-RTS",
        "--sandbox",
        str(docx),
        "--from",
        "docx+styles",
        "--to",
        "json",
        f"--extract-media={media}",
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=PANDOC_SECONDS, cwd=media.parent)
    except subprocess.TimeoutExpired:
        raise ImportRefused(f"读取超过 {PANDOC_SECONDS} 秒仍未完成，文档可能已损坏。" + _SAVE_AS) from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ImportRefused(
            "无法读取这个 Word 文档（可能已损坏）。" + _SAVE_AS + (f"（pandoc：{detail[-1][:200]}）" if detail else "")
        )
    return json.loads(result.stdout)


def convert(path: Path) -> Converted:
    """Read the ``.docx`` at ``path`` (see :func:`inspect` first) into a :class:`Converted`."""
    work = tempfile.TemporaryDirectory(prefix="import-")
    try:
        folder = Path(work.name)
        clean = folder / "document.docx"
        _bounded_copy(path, clean)
        try:
            tree = _pandoc(clean, folder / "media")
            converted = _Writer(folder).document(tree, path.stem)
        except RecursionError:
            # The tree is read and written recursively: a hostile document nested beyond
            # Python's limit (tables in tables …) is refused in Chinese, never as a traceback.
            raise ImportRefused(
                "这个文档的结构套了太多层（表格里套表格、列表里套列表等），没有导入。"
                "请在 Word 中把内容整理成普通的段落、列表和表格后再试"
            ) from None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            # A document tree of a shape this writer does not know: said plainly, not as a traceback.
            raise ImportRefused(
                "这个文档里有导入程序不认识的结构，没有导入。请在 Word 中另存为一个新的 .docx 再试；"
                f"仍不行时，请把文档发给网站管理员（{type(exc).__name__}）"
            ) from None
    except BaseException:
        work.cleanup()
        raise
    converted.work = work
    return converted


# --- cleaning -------------------------------------------------------------------------------------

#: Word's typed heading numbers: 一、 （一） (1) 1. 1、 1.1 1.1.1 ① 第一章/节/部分.
HEADING_NUMBER = re.compile(
    r"^\s*(?:"
    r"[一二三四五六七八九十百零〇]{1,4}\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十百零〇]{1,4}\s*[）)]\s*[、.．]?"
    r"|[（(]\s*\d{1,3}\s*[）)]\s*[、.．]?"
    r"|\d{1,2}(?:[.．]\d{1,2}){2,}[.．、]?"
    r"|\d{1,2}[.．]\d{1,2}(?:[.．、]|\s)"
    r"|\d{1,2}\s*[、.．](?!\d)"
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十百零〇\d]{1,4}(?:章|节|部分|篇)\s*[、.．:：]?"
    r")\s*"
)
_CHAPTER_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_SECTION_NUMBER = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
#: Spaces that start a paragraph as indentation: ideographic, no-break, ordinary, tabs.
_INDENT = "\u3000\u00a0\u2002\u2003\u2007\u202f\u200b\ufeff \t"
_CAPTION_STYLES = {"caption", "题注", "图表标题", "image caption", "figure caption"}
#: Word's styles of the lines of a table of contents (``toc 1`` …, ``目录 1`` in a Chinese Word).
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d$")
#: Links of a table of contents lead to bookmarks: ``_Toc…`` in Word, ``__RefHeading…`` in LibreOffice.
_TOC_TARGET = re.compile(r"^#(?:_Toc|__RefHeading)")
_CAPTION_TEXT = re.compile(r"^\s*(?:图|圖|Figure|Fig\.)\s*[0-9０-９一二三四五六七八九十]")
_SENTENCE_END = "。！？；!?;"


def strip_heading_number(text: str) -> str:
    """A heading's text without Word's typed number (一、实施背景 → 实施背景); never empty."""
    stripped = HEADING_NUMBER.sub("", text, count=1).strip()
    return stripped or text.strip()


def _escape_text(text: str) -> str:
    """Text that python-markdown shows as it is: markup characters escaped, ``<`` and entities
    written as entities (python-markdown passes ``\\<`` through as a tag)."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text)
    text = text.replace("<", "&lt;")
    text = re.sub(r"([`*_\[\]{}])", r"\\\1", text)
    # "](" would still read as a link to the gate's eye: the parenthesis is escaped too.
    return text.replace("\\](", "\\]\\(")


_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s|$)|\d+(?=[.)](?:\s|$))|=+\s*$|!!!|\?\?\?|:)")


def _escape_line_start(line: str) -> str:
    """A line that Markdown would read as a heading, quote, list, rule or admonition, escaped."""
    match = _LINE_START.match(line)
    if not match:
        return line
    start = match.end(1)
    marker = match.group(2)
    if marker[0].isdigit():
        end = start + len(marker)
        return line[:end] + "\\" + line[end:]
    return line[:start] + "\\" + line[start:]


def _plain(inlines: list) -> str:
    """The text of pandoc inlines (no markup), as a reader sees it."""
    out: list[str] = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            out.append(_plain(content))
        elif kind in ("Span", "Link", "Quoted", "Cite"):
            inner = _plain(content[1])
            if kind == "Quoted":
                quotes = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
                inner = quotes[0] + inner + quotes[1]
            out.append(inner)
        elif kind == "Image":
            continue
        elif kind in ("Code", "Math"):
            out.append(content[1])
    return "".join(out)


def _blocks_plain(blocks: list) -> str:
    parts = []
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            parts.append(_plain(content))
        elif kind == "Header":
            parts.append(_plain(content[2]))
        elif kind == "Div":
            parts.append(_blocks_plain(content[1]))
    return " ".join(p for p in parts if p)


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(_INDENT + "\n")


def _single_line(text: str, limit: int, forbidden: str) -> str:
    """A proposal for a front-matter value: one line, within ``limit``, unsafe characters made
    full-width (``<`` → ``＜``), cut at the end of a sentence where it is too long."""
    text = _tidy(text)
    for char in forbidden:
        text = text.replace(char, chr(ord(char) + 0xFEE0))
    if len(text) <= limit:
        return text
    cut = max((text.rfind(end, 0, limit) for end in _SENTENCE_END), default=-1)
    return text[: cut + 1] if cut >= limit // 3 else text[: limit - 1] + "…"


def _is_empty(inlines: list) -> bool:
    return not _plain(inlines).strip(_INDENT) and not any(node["t"] in ("Image", "Note") for node in _walk(inlines))


def _walk(inlines: list):
    for node in inlines:
        yield node
        kind, content = node["t"], node.get("c")
        if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            yield from _walk(content)
        elif kind in ("Span", "Link", "Quoted", "Cite"):
            yield from _walk(content[1])


def _style(block: dict) -> str:
    """The Word paragraph style of a block wrapped by ``docx+styles`` (lowercase), or ``""``."""
    if block["t"] != "Div":
        return ""
    return next((value.lower() for key, value in block["c"][0][2] if key == "custom-style"), "")


def _unwrap(blocks: list) -> list:
    """Blocks without the Divs that only carry a Word style; the caption style is kept as a mark."""
    out = []
    for block in blocks:
        if block["t"] == "Div":
            inner = _unwrap(block["c"][1])
            style = _style(block)
            mark = "caption" if style in _CAPTION_STYLES else "toc" if _TOC_STYLE.match(style) else ""
            if mark:
                for child in inner:
                    child = dict(child)
                    child[mark] = True
                    out.append(child)
            else:
                out.extend(inner)
        else:
            out.append(block)
    return out


def _split_breaks(inlines: list) -> list[list]:
    """A paragraph's inlines split at its manual line breaks (Shift+Enter in Word)."""
    pieces: list[list] = [[]]
    for node in inlines:
        if node["t"] == "LineBreak":
            pieces.append([])
        else:
            pieces[-1].append(node)
    return pieces


def _trim(inlines: list) -> list:
    """Indentation (full-width spaces, tabs) taken off the start of a paragraph, spaces off its end."""
    inlines = list(inlines)
    while inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
        inlines.pop(0)
    if inlines and inlines[0]["t"] == "Str":
        text = inlines[0]["c"].lstrip(_INDENT)
        inlines[0] = {"t": "Str", "c": text}
        if not text:
            return _trim(inlines[1:])
    while inlines and inlines[-1]["t"] in ("Space", "SoftBreak"):
        inlines.pop()
    if inlines and inlines[-1]["t"] == "Str":
        inlines[-1] = {"t": "Str", "c": inlines[-1]["c"].rstrip(_INDENT)}
    return inlines


# --- writing Markdown -----------------------------------------------------------------------------

_INLINE_TAGS = {"Superscript": "sup", "Subscript": "sub"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")


class _Writer:
    """pandoc's tree to the Markdown of a submission body (python-markdown with the site's
    extensions: tables, footnotes, md_in_html)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.pictures: list[Picture] = []
        self.notes_md: list[str] = []
        self.notes: list[str] = []
        self.pending_alt: dict[int, str] = {}
        self.toc_lines = 0
        self.merged_tables = 0
        self.removed: Counter[str] = Counter()
        """Characters the cleaning took away on purpose (heading numbers, the table of contents)."""

    # -- the document

    def document(self, tree: dict, stem: str) -> Converted:
        meta = tree.get("meta", {})
        blocks = _unwrap(tree["blocks"])
        blocks = self._drop_toc(blocks)
        title = _meta_text(meta.get("title"))
        leading: list[str] = []
        for key in ("subtitle", "author", "date"):
            value = meta.get(key)
            values = value["c"] if value and value["t"] == "MetaList" else [value] if value else []
            leading += [_meta_text(item) for item in values if _meta_text(item)]
        summary = _meta_text(meta.get("abstract"))
        blocks = [b for b in blocks if not (b["t"] in ("Para", "Plain") and _is_empty(b["c"]))]
        headers = [b for b in blocks if b["t"] == "Header"]
        if not title and blocks:
            first = blocks[0]
            if first["t"] == "Header" and all(h["c"][0] > first["c"][0] for h in headers[1:]):
                title = _plain(first["c"][2])
                blocks = blocks[1:]
                headers = headers[1:]
            elif first["t"] == "Para" and _is_title_line(first["c"]):
                title = _plain(first["c"])
                blocks = blocks[1:]
        if not headers:
            blocks = self._promote_numbered_lines(blocks)
            headers = [b for b in blocks if b["t"] == "Header"]
        self.shift = 2 - min((h["c"][0] for h in headers), default=2)
        # Without a title in the document, a Chinese file name is usually the title; else the
        # first heading is the best guess (the user confirms it either way).
        named = re.search(r"[\u4e00-\u9fff]", stem) and not re.match(r"(新建|未命名|文档)", stem)
        proposed_title = (
            title
            or (stem.strip() if named else "")
            or (strip_heading_number(_plain(headers[0]["c"][2])) if headers else "")
        )
        body_blocks = [self._paragraph_md(text) for text in leading] + self.blocks(blocks)
        if not summary:
            first_para = next((b for b in blocks if b["t"] in ("Para", "Plain") and not b.get("caption")), None)
            summary = _plain(first_para["c"]) if first_para else ""
        if self.notes_md:
            body_blocks.append("\n\n".join(self.notes_md))
        body = "\n\n".join(b for b in body_blocks if b) + "\n"
        notes = list(self.notes)
        if self.toc_lines:
            notes.insert(0, f"已去掉 Word 自动生成的目录（{self.toc_lines} 行）：网页会按小标题自动生成目录。")
        if self.merged_tables:
            notes.append(
                f"{self.merged_tables} 个表格有合并单元格，已写成 HTML 表格（<table>），合并保持不变；"
                "修改其中的文字时请保留 <tr>、<td> 等标记。"
            )
        converted = Converted(
            title=_single_line(title or proposed_title, 80, '<>&"'),
            summary=_single_line(summary, 200, "<>"),
            body=body,
            pictures=self.pictures,
            notes=notes,
        )
        missing = missing_text(tree, body, converted.title + converted.summary, self.removed)
        if missing:
            shown = "".join(sorted(set(missing)))[:30]
            notes.append(
                f"注意：与 Word 原文相比，导入的文件少了 {len(missing)} 个字符（{shown}），请对照原文检查并补上。"
            )
        return converted

    def _drop_toc(self, blocks: list) -> list:
        """Word's table of contents: paragraphs whose links lead to ``_Toc`` bookmarks."""
        kept = []
        for block in blocks:
            if block["t"] in ("Para", "Plain") and (
                block.get("toc")
                or any(node["t"] == "Link" and _TOC_TARGET.match(node["c"][2][0]) for node in _walk(block["c"]))
            ):
                self.toc_lines += 1
                self.removed.update(normalised_text(_plain(block["c"])))
                continue
            kept.append(block)
        # The contents list's own heading, with nothing under it once the list is gone.
        for index in range(len(kept) - 1, -1, -1):
            block = kept[index]
            if (
                block["t"] in ("Header", "Para", "Plain")
                and re.sub(r"\s", "", _plain(block["c"][2] if block["t"] == "Header" else block["c"])) == "目录"
                and (index + 1 == len(kept) or kept[index + 1]["t"] == "Header")
            ):
                self.removed.update("目录")
                self.toc_lines += 1
                del kept[index]
        return kept

    def _promote_numbered_lines(self, blocks: list) -> list:
        """Without heading styles, short lines numbered 一、 or （一） are the headings."""
        out = []
        for block in blocks:
            if block["t"] == "Para" and len(_split_breaks(block["c"])) == 1:
                text = _plain(_trim(block["c"])).strip()
                level = 2 if _CHAPTER_NUMBER.match(text) else 3 if _SECTION_NUMBER.match(text) else 0
                if level and len(text) <= 40 and text[-1] not in "。；;，,：:":
                    out.append({"t": "Header", "c": [level, ["", [], []], _trim(block["c"])]})
                    continue
            out.append(block)
        return out

    # -- blocks

    def blocks(self, blocks: list) -> list[str]:
        for index, block in enumerate(blocks):
            if block.get("caption") or self._is_caption(blocks, index):
                self._caption_for(blocks, index)
        out: list[str] = []
        for block in blocks:
            out.extend(self.block(block))
        return out

    def _is_caption(self, blocks: list, index: int) -> bool:
        block = blocks[index]
        return (
            block["t"] in ("Para", "Plain")
            and bool(_CAPTION_TEXT.match(_plain(block["c"])))
            and len(_plain(block["c"])) <= 80
            and any(0 <= near < len(blocks) and _images_in(blocks[near]) for near in (index - 1, index + 1))
        )

    def _caption_for(self, blocks: list, index: int) -> None:
        """The caption at ``index`` becomes the alt text of the picture next to it (the one
        above first, as Word places captions under pictures)."""
        caption = _tidy(_plain(blocks[index]["c"]))
        for near in (index - 1, index + 1):
            if 0 <= near < len(blocks):
                images = _images_in(blocks[near])
                if images:
                    self.pending_alt[id(images[-1] if near < index else images[0])] = caption
                    return

    def block(self, block: dict) -> list[str]:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            return [self._paragraph(piece) for piece in _split_breaks(content) if not _is_empty(piece)]
        if kind == "Header":
            level = max(2, min(6, content[0] + self.shift))
            text = self.inlines(_trim(content[2]), heading=True)
            number = HEADING_NUMBER.match(text)
            if number and text[number.end() :].strip():
                self.removed.update(normalised_text(number.group()))
                text = text[number.end() :].strip()
            return ["#" * level + " " + text]
        if kind == "BulletList":
            return [self._list(content, None)]
        if kind == "OrderedList":
            return [self._list(content[1], content[0][0])]
        if kind == "Table":
            return [self._table(content)]
        if kind == "BlockQuote":
            inner = "\n\n".join(self.blocks(_unwrap(content)))
            return ["\n".join("> " + line if line else ">" for line in inner.split("\n"))]
        if kind == "CodeBlock":
            fence = "```" if "```" not in content[1] else "~~~~"
            return [f"{fence}\n{content[1]}\n{fence}"]
        if kind == "HorizontalRule":
            return ["* * *"]
        if kind == "LineBlock":
            return [self._paragraph(line) for line in content if not _is_empty(line)]
        if kind == "DefinitionList":
            out = []
            for term, definitions in content:
                out.append(self._paragraph(term))
                for definition in definitions:
                    out.extend(self.blocks(_unwrap(definition)))
            return out
        if kind == "Div":
            return self.blocks(_unwrap(content[1]))
        return []  # RawBlock and anything unknown

    def _paragraph_md(self, text: str) -> str:
        return _escape_line_start(_escape_text(text))

    def _paragraph(self, inlines: list) -> str:
        return self._paragraph_md_inline(self.inlines(_trim(inlines)).strip(_INDENT))

    def _list(self, items: list, start: int | None) -> str:
        lines = []
        loose = any(len(_unwrap(item)) > 1 for item in items)
        for number, item in enumerate(items, start or 1):
            marker = f"{number}. " if start is not None else "- "
            lines.append(marker + self._continued(item))
        return ("\n\n" if loose else "\n").join(lines)

    def _continued(self, blocks: list) -> str:
        """Blocks written after a list marker or a footnote label: lines after the first indented
        by four spaces, so that they stay in the item."""
        text = "\n\n".join(self.blocks(_unwrap(blocks)) or [""])
        return "\n".join(("    " + line if line else "") for line in text.split("\n"))[4:]

    # -- tables

    def _table(self, content: list) -> str:
        _attr, caption, _specs, head, bodies, foot = content
        rows: list[tuple[bool, list]] = [(True, row[1]) for row in head[1]]
        for body in bodies:
            rows += [(True, row[1]) for row in body[2]] + [(False, row[1]) for row in body[3]]
        rows += [(False, row[1]) for row in foot[1]]
        caption_text = self.inlines(_flatten_blocks(caption[1])) if caption and caption[1] else ""
        spans = any(cell[2] != 1 or cell[3] != 1 for _, cells in rows for cell in cells)
        if spans:
            self.merged_tables += 1
            return self._html_table(rows, caption_text)
        width = max((len(cells) for _, cells in rows), default=0)
        if width == 0:
            return ""
        text_rows = [[self._cell(cell[4]) for cell in cells] + [""] * (width - len(cells)) for _, cells in rows]
        lines = ["| " + " | ".join(text_rows[0]) + " |", "|" + "|".join([" --- "] * width) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in text_rows[1:]]
        table = "\n".join(lines)
        return (self._paragraph_md_inline(caption_text) + "\n\n" + table) if caption_text else table

    def _paragraph_md_inline(self, text: str) -> str:
        """Markdown text whose lines Markdown would read as block markup, escaped."""
        return "\n".join(_escape_line_start(line) for line in text.split("\n"))

    def _cell(self, blocks: list, html: bool = False) -> str:
        """A table cell on one line: its paragraphs (and list items) joined by ``<br>``."""
        pieces = []
        for block in _unwrap(blocks):
            for inlines in _cell_inlines(block):
                for piece in _split_breaks(inlines):
                    if not _is_empty(piece):
                        pieces.append(self.inlines(_trim(piece), cell=not html))
        return "<br>".join(pieces)

    def _html_table(self, rows: list[tuple[bool, list]], caption: str) -> str:
        lines = ['<table markdown="1">']
        if caption:
            lines.append(f'<caption markdown="span">{caption}</caption>')
        for is_head, cells in rows:
            tag = "th" if is_head else "td"
            out = []
            for cell in cells:
                attributes = (f' rowspan="{cell[2]}"' if cell[2] != 1 else "") + (
                    f' colspan="{cell[3]}"' if cell[3] != 1 else ""
                )
                out.append(f'<{tag} markdown="span"{attributes}>{self._cell(cell[4], html=True)}</{tag}>')
            lines.append('<tr markdown="1">' + "".join(out) + "</tr>")
        lines.append("</table>")
        return "\n".join(lines)

    # -- inlines

    def inlines(self, inlines: list, *, heading: bool = False, cell: bool = False) -> str:
        out: list[str] = []
        for node in inlines:
            out.append(self.inline(node, heading=heading, cell=cell))
        text = "".join(out)
        return text.replace("|", "\\|") if cell else text

    def inline(self, node: dict, *, heading: bool = False, cell: bool = False) -> str:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            return _escape_text(content)
        if kind == "Space":
            return " "
        if kind == "SoftBreak":
            return ""
        if kind == "LineBreak":
            return "<br>"
        if kind in ("Strong", "Emph"):
            inner = self.inlines(content, heading=heading)
            if heading or not inner.strip():
                return inner
            mark = "**" if kind == "Strong" else "*"
            stripped = inner.strip(" ")
            lead = inner[: len(inner) - len(inner.lstrip(" "))]
            tail = inner[len(inner.rstrip(" ")) :]
            if stripped.startswith("*") or stripped.endswith("*"):
                return inner  # nested emphasis of the same kind: keep the text
            return f"{lead}{mark}{stripped}{mark}{tail}"
        if kind in _INLINE_TAGS:
            tag = _INLINE_TAGS[kind]
            return f"<{tag}>{self.inlines(content, heading=heading)}</{tag}>"
        if kind in ("Underline", "Strikeout", "SmallCaps"):
            return self.inlines(content, heading=heading)
        if kind == "Quoted":
            quotes = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            return quotes[0] + self.inlines(content[1], heading=heading) + quotes[1]
        if kind in ("Cite", "Span"):
            return self.inlines(content[1], heading=heading)
        if kind == "Code":
            text = content[1]
            fence = "``" if "`" in text else "`"
            return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"
        if kind == "Math":
            return _escape_text(content[1])
        if kind == "Link":
            text = self.inlines(content[1], heading=heading)
            target = content[2][0]
            if target.lower().startswith(_LINK_SCHEMES) and not re.search(r"[\s()<>\[\]]", target):
                return f"[{text}]({target})"
            return text
        if kind == "Image":
            return self._image(node)
        if kind == "Note":
            number = len(self.notes_md) + 1
            self.notes_md.append(f"[^{number}]: " + self._continued(content))
            return f"[^{number}]"
        return ""  # RawInline (Word fields) and anything unknown

    def _image(self, node: dict) -> str:
        attr, inlines, (target, _title) = node["c"]
        number = len(self.pictures) + 1
        alt = _tidy(_plain(inlines)) or self.pending_alt.get(id(node), "")
        if _generic_alt(alt):
            alt = self.pending_alt.get(id(node), "")
        source = (self.folder / target) if not re.match(r"^[a-z]+:", target, re.I) else None
        if source is not None and not source.is_file():
            source = None
        suffix = (source.suffix.lower() if source else Path(target).suffix.lower()) or ".png"
        picture = Picture(number, alt, source, KEEP_FORMATS.get(suffix, ".png"))
        if source is None:
            picture.problem = (
                f"第 {number} 张图片没有嵌入文档，只是链接到 {target[:80]}；"
                "请把图片文件保存下来，放到 images/ 里并使用这里写好的文件名"
            )
        elif suffix in VECTOR_FORMATS:
            picture.problem = (
                f"第 {number} 张图片是 {VECTOR_FORMATS[suffix]} 格式（Word 的矢量图，常见于从 Visio 或 Excel 粘贴的图表），"
                "网站不能显示；请在 Word 中右键这张图片，选“另存为图片”，保存类型选 PNG，"
                "用这里写好的文件名保存到 images/ 里"
            )
        elif suffix in CONVERT_TO_PNG or suffix in KEEP_FORMATS:
            size = _pixels(source)
            if size is None and suffix in CONVERT_TO_PNG:
                picture.problem = (
                    f"第 {number} 张图片（{suffix}）无法读取，没有导出；请在 Word 中右键这张图片，选“另存为图片”，"
                    "保存类型选 PNG，用这里写好的文件名保存到 images/ 里"
                )
            elif size is not None and size[0] * size[1] > site_images.MAX_PIXELS:
                picture.problem = (
                    f"第 {number} 张图片有 {size[0]} × {size[1]} 像素，超过了 "
                    f"{site_images.MAX_PIXELS // 10_000:,} 万像素的上限，没有导出；"
                    "请在 Word 中把它另存为较小的 JPG 或 PNG，用这里写好的文件名保存到 images/ 里"
                )
        else:
            picture.problem = (
                f"第 {number} 张图片的格式（{suffix}）网站不能显示；请在 Word 中右键这张图片，选“另存为图片”，"
                "保存类型选 PNG 或 JPG，用这里写好的文件名保存到 images/ 里"
            )
        if not alt:
            self.notes.append(f"第 {number} 张图片没有说明文字（题注），暂用“图{number}”；请改成描述图片内容的文字。")
            alt = f"图{number}"
        picture.alt = alt
        self.pictures.append(picture)
        alt_md = re.sub(r"([`*_\\])", r"\\\1", alt.replace("[", "【").replace("]", "】")).replace("<", "&lt;")
        return f"![{alt_md}](images/{{image{number}}})"


def _generic_alt(alt: str) -> bool:
    """Word's default descriptions say nothing about the picture (``图片 1``, ``Picture 3``)."""
    return bool(
        re.fullmatch(
            r"(?:图片|圖片|Picture|Image|image|图像|屏幕截图|Screenshot)\s*\d*|.*\.(?:png|jpe?g|gif|emf|wmf)", alt, re.I
        )
    )


def _pixels(path: Path) -> tuple[int, int] | None:
    suffix = path.suffix.lower()
    if suffix in KEEP_FORMATS:
        return site_images.image_size(path)
    from PIL import Image

    try:
        with Image.open(path) as image:  # reads the header only
            return image.size
    except Exception:  # noqa: BLE001 - a broken or hostile file: Pillow may raise anything
        return None


def _images_in(block: dict) -> list:
    if block["t"] not in ("Para", "Plain"):
        return []
    return [node for node in _walk(block["c"]) if node["t"] == "Image"]


def _is_title_line(inlines: list) -> bool:
    """A first paragraph that is a title: all bold, short, not a sentence."""
    content = [n for n in _trim(inlines) if n["t"] not in ("Space", "SoftBreak")]
    text = _plain(inlines).strip(_INDENT)
    return (
        bool(content)
        and all(n["t"] == "Strong" for n in content)
        and 0 < len(text) <= 60
        and text[-1] not in _SENTENCE_END + "，,："
    )


def _meta_text(value: dict | None) -> str:
    if not value:
        return ""
    kind, content = value["t"], value.get("c")
    if kind == "MetaInlines":
        return _tidy(_plain(content))
    if kind == "MetaString":
        return _tidy(content)
    if kind == "MetaBlocks":
        return _tidy(_blocks_plain(content))
    if kind == "MetaList":
        return "、".join(_meta_text(item) for item in content)
    return ""


def _flatten_blocks(blocks: list) -> list:
    out: list = []
    for block in _unwrap(blocks):
        for inlines in _cell_inlines(block):
            if out:
                out.append({"t": "Space"})
            out.extend(inlines)
    return out


def _cell_inlines(block: dict) -> list[list]:
    """The runs of text in a cell's block, one per line (lists and nested tables flattened)."""
    kind, content = block["t"], block.get("c")
    if kind in ("Para", "Plain"):
        return [content]
    if kind == "Header":
        return [content[2]]
    if kind == "LineBlock":
        return list(content)
    if kind in ("BulletList", "OrderedList"):
        items = content if kind == "BulletList" else content[1]
        return [inl for item in items for child in _unwrap(item) for inl in _cell_inlines(child)]
    if kind in ("BlockQuote",):
        return [inl for child in _unwrap(content) for inl in _cell_inlines(child)]
    if kind == "Div":
        return [inl for child in _unwrap(content[1]) for inl in _cell_inlines(child)]
    if kind == "Table":
        _attr, _caption, _specs, head, bodies, foot = content
        rows = list(head[1])
        for body in bodies:
            rows += body[2] + body[3]
        rows += foot[1]
        return [inl for row in rows for cell in row[1] for child in _unwrap(cell[4]) for inl in _cell_inlines(child)]
    if kind == "CodeBlock":
        return [[{"t": "Str", "c": line}] for line in content[1].split("\n")]
    return []


# --- writing the submission -----------------------------------------------------------------------


def image_name(name: str, picture: Picture) -> str:
    """``images/<name>-<n><suffix>``: named after the case, numbered in the document's order."""
    return f"images/{name}-{picture.number}{picture.suffix}"


def targets(root: Path, rel_path: str, name: str, converted: Converted) -> list[Path]:
    """Every file the import would write (the Markdown file first)."""
    folder = (root / rel_path).parent
    return [root / rel_path] + [folder / image_name(name, p) for p in converted.pictures if not p.problem]


def markdown_text(front_matter: str, name: str, converted: Converted) -> str:
    """The new file's text: the front matter, then the body with the image names filled in."""
    body = converted.body
    for picture in converted.pictures:
        body = body.replace(f"images/{{image{picture.number}}}", image_name(name, picture))
    return front_matter + "\n" + body


def write(root: Path, rel_path: str, name: str, front_matter: str, converted: Converted) -> list[Path]:
    """Write the Markdown file and its images; nothing is overwritten (FileExistsError, and
    nothing written, when any target exists)."""
    paths = targets(root, rel_path, name, converted)
    for path in paths:
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, "已经存在", str(path))
    written: list[Path] = []
    try:
        for picture, path in zip([p for p in converted.pictures if not p.problem], paths[1:], strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            assert picture.source is not None
            if picture.source.suffix.lower() in CONVERT_TO_PNG:
                _to_png(picture.source, path)
            else:
                with open(path, "xb") as out:
                    out.write(picture.source.read_bytes())
            written.append(path)
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        with open(paths[0], "x", encoding="utf-8", newline="\n") as out:
            out.write(markdown_text(front_matter, name, converted))
        written.insert(0, paths[0])
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _to_png(source: Path, target: Path) -> None:
    """A GIF, BMP or TIFF (already known to be within the pixel limit) as PNG (its first frame)."""
    from PIL import Image

    with Image.open(source) as image:
        image.seek(0)
        frame = image.convert("RGBA" if "A" in image.mode or image.mode == "P" else "RGB")
        with open(target, "xb") as out:
            frame.save(out, "PNG")


def tree_text(node) -> str:
    """Every character of text in a pandoc tree (or part of one): what a reader of the Word
    document sees, without link targets or image file names."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            kind, content = value.get("t"), value.get("c")
            if kind in ("Str", "MetaString"):
                out.append(content)
            elif kind in ("Code", "Math", "CodeBlock"):
                out.append(content[1])
            elif kind in ("Link", "Image"):
                walk(content[1])
            elif kind not in ("RawInline", "RawBlock"):
                walk(content)
                for key, item in value.items():
                    if key not in ("t", "c"):
                        walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return "".join(out)


def missing_text(tree: dict, body: str, front_matter: str, removed: Counter[str]) -> str:
    """The characters of the document that are neither in the rendered ``body`` (its text and
    alt texts) nor in ``front_matter`` text, apart from those ``removed`` on purpose; in order."""
    from showcase.generate.render import render

    page = render(body, "schools/import/import.md").html
    page = re.sub(r'<img[^>]*\balt="([^"]*)"[^>]*>', r" \1 ", page)
    have = Counter(normalised_text(html.unescape(re.sub(r"<[^>]+>", " ", page)) + front_matter))
    wanted = Counter(normalised_text(tree_text(tree.get("meta", {})) + tree_text(tree["blocks"])))
    short = wanted - removed - have
    return "".join(sorted(short.elements()))


def normalised_text(text: str) -> str:
    """Text compared for the never-lose-text guarantee: NFKC, without whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --- what to import -------------------------------------------------------------------------------


def collect(inputs: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The documents to import from files and folders given on the command line (a folder's
    ``.docx`` files in name order, not its subfolders), and those refused with the reason.

    Word's lock files (``~$名称.docx``, left while a document is open) are skipped."""
    documents: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for given in inputs:
        kind = kind_of(given)
        if kind == FOLDER:
            found = 0
            for path in sorted(given.iterdir(), key=lambda p: p.name):
                if path.name.startswith("~$") or path.name.startswith("."):
                    continue
                suffix = path.suffix.lower()
                if suffix != ".docx" and suffix not in OTHER_FORMATS:
                    continue
                found += 1
                reason = inspect(path)
                if reason:
                    refused.append((path, reason))
                else:
                    documents.append(path)
            if not found:
                refused.append((given, "文件夹里没有 Word 文档（.docx）"))
            continue
        reason = inspect(given)
        if reason:
            refused.append((given, reason))
        else:
            documents.append(given)
    return documents, refused

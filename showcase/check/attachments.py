"""Attachments beside submissions (PDF, Word, Excel, PowerPoint): read for personal data with the
rules of the text files, or refused when they cannot be read.

A school's attachment is published as it is, for anyone to download, so it is treated like the
Markdown: every ID number, mobile number and e-mail address in it is reported with where it is
(page, paragraph, cell, slide).  What cannot be checked is refused with what to do instead:

- the old binary formats ``.doc``/``.xls``/``.ppt`` (save as ``.docx``/``.xlsx``/``.pptx``/PDF);
- encrypted, damaged or oversized files, zip bombs, documents with embedded files or macros;
- content that runs or loads something when a reader opens the file (PDF JavaScript and launch
  actions, Office templates or objects loaded from another address).

A PDF without any text (a scan) cannot be read by a program: it passes with a warning asking for
a check by eye.  Reading is bounded: members, sizes and compression ratio of the zip container,
pages and time of a PDF; XML is read as a stream (expat) and any DTD refused.
"""

from __future__ import annotations

import logging
import posixpath
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.parsers import expat

from showcase.check import personal
from showcase.problems import Problems

#: Attachment formats that are read and published.
FORMATS = {".pdf", ".docx", ".xlsx", ".pptx"}
#: Old binary Office formats: no bounded reader for them, so they are refused.
LEGACY_FORMATS = {".doc": ".docx", ".xls": ".xlsx", ".ppt": ".pptx"}

#: Limits of the zip container of .docx/.xlsx/.pptx (a 10 MB document has a few hundred members
#: and some tens of MB of XML; these are several times what Word, WPS or Excel write).
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_TOTAL_BYTES = 200 * 1024 * 1024
ZIP_MAX_MEMBER_BYTES = 50 * 1024 * 1024
#: Above this, a member's uncompressed size divided by its compressed size means a zip bomb
#: (XML compresses 5–20 times, a sheet of repeated values up to about 100).
ZIP_MAX_RATIO = 200
PDF_MAX_PAGES = 1000
#: Seconds of reading per attachment before it is refused as too complex to check.
MAX_SECONDS = 60.0


class Refused(Exception):
    """The attachment cannot be checked; the message (Chinese) says why, the hint what to do."""

    def __init__(self, message: str, hint: str, code="attachment-unreadable") -> None:
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


def refuse_legacy(rel: str, suffix: str, problems: Problems) -> None:
    modern = LEGACY_FORMATS[suffix]
    problems.error(
        rel,
        0,
        "附件格式",
        f"不支持旧版 Office 格式 {suffix}：网站无法检查其中是否有身份证号、手机号等个人信息",
        f"请用 Word/WPS/Excel/PowerPoint 打开，“另存为” {modern} 或 PDF，再修改引用它的地方",
        code="attachment-format",
    )


def check_attachment(rel: str, path: Path, problems: Problems) -> bool:
    """Scan one attachment; report what was found.  False when it must not be published."""
    suffix = path.suffix.lower()
    found = Problems()
    try:
        data = path.read_bytes()
        if suffix == ".pdf":
            _check_pdf(rel, data, found)
        else:
            _check_office(rel, data, suffix, found)
    except Refused as refusal:
        problems.error(rel, 0, "附件", refusal.message, refusal.hint, code=refusal.code)
        return False
    problems.extend(found)
    return not found.errors


def _report(problems: Problems, rel: str, location: str, text: str) -> None:
    for finding in personal.find(text):
        personal.report(problems, rel, 0, location, finding)


def _resolve(value):
    """A PDF object with indirect references followed."""
    return value.get_object() if hasattr(value, "get_object") else value


# --- PDF ---------------------------------------------------------------------------------------

_PDF_UNSAFE_ACTIONS = {
    "/JavaScript": "JavaScript 脚本",
    "/Launch": "启动程序",
    "/SubmitForm": "提交表单",
    "/ImportData": "导入数据",
    "/RichMedia": "多媒体插件",
}


def _check_pdf(rel: str, data: bytes, problems: Problems) -> None:
    if b"%PDF-" not in data[:1024]:
        raise Refused(
            "文件扩展名是 .pdf，但内容不是 PDF",
            "请用 WPS/Word 重新“导出为 PDF”，再替换这个文件",
            code="attachment-format",
        )
    import io

    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not ours to show
    damaged = Refused(
        "PDF 文件已损坏或格式不标准，无法检查其中是否有个人信息", "请用 WPS/Word 重新“导出为 PDF”，再替换这个文件"
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused(
                "PDF 文件设置了密码（加密，包括只限制编辑或打印的权限密码），无法检查其中是否有个人信息",
                "请导出不带密码的 PDF（导出时不勾选“加密”或“权限设置”），再替换这个文件",
            )
        pages = len(reader.pages)
        if pages > PDF_MAX_PAGES:
            raise Refused(f"PDF 有 {pages} 页，超过了 {PDF_MAX_PAGES} 页的上限，无法检查", "请拆分成几个较小的 PDF")
        root = reader.trailer["/Root"]
        _pdf_unsafe(root.get("/OpenAction"), "打开文件时")
        _pdf_unsafe(root.get("/AA"), "打开文件时")
        names = root.get("/Names")
        names = names.get_object() if names is not None else None
        if isinstance(names, DictionaryObject):
            if "/JavaScript" in names:
                _pdf_unsafe({"/S": "/JavaScript"}, "打开文件时")
            if "/EmbeddedFiles" in names:
                raise Refused(
                    "PDF 里嵌入了其他文件（附件），无法检查其中的内容",
                    "请删除 PDF 里的附件，需要时把它们作为单独的附件提交",
                    code="attachment-unsafe",
                )
        metadata = reader.metadata or {}
        _report(problems, rel, "文档属性", "\n".join(str(metadata[key]) for key in metadata))
        deadline = time.monotonic() + MAX_SECONDS
        text_found = False
        for number, page in enumerate(reader.pages, 1):
            if time.monotonic() > deadline:
                raise Refused(
                    "PDF 内容过于复杂，在限定时间内未能检查完", "请用 WPS/Word 重新“导出为 PDF”，或拆分成几个较小的 PDF"
                )
            _pdf_unsafe(page.get("/AA"), f"第 {number} 页")
            for annotation in _resolve(page.get("/Annots")) or []:
                annotation = _resolve(annotation)
                if not isinstance(annotation, DictionaryObject):
                    continue
                action = _resolve(annotation.get("/A"))
                _pdf_unsafe(action, f"第 {number} 页")
                _pdf_unsafe(annotation.get("/AA"), f"第 {number} 页")
                if isinstance(action, DictionaryObject) and action.get("/URI") is not None:
                    _report(problems, rel, f"第 {number} 页的链接", str(_resolve(action.get("/URI"))))
                if annotation.get("/Contents") is not None:
                    _report(problems, rel, f"第 {number} 页的批注", str(_resolve(annotation.get("/Contents"))))
            text = page.extract_text() or ""
            text_found = text_found or bool(text.strip())
            _report(problems, rel, f"第 {number} 页", text)
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the reader means: cannot be checked
        raise damaged from exc
    if pages and not text_found:
        problems.warning(
            rel,
            0,
            "附件",
            "PDF 里没有可以读取的文字（可能是扫描件或图片），网站无法自动检查其中是否有身份证号、手机号等个人信息",
            "请逐页人工核对；有个人信息时，请先遮盖再扫描",
            code="attachment-unchecked",
        )


def _pdf_unsafe(action, where: str) -> None:
    """Refuse an action (or an additional-actions dictionary) that runs or submits something."""
    from pypdf.generic import ArrayObject, DictionaryObject

    action = _resolve(action)
    if action is None:
        return
    if isinstance(action, ArrayObject):
        return  # a destination (go to a page), not an action
    if not isinstance(action, (DictionaryObject, dict)):
        return
    kind = str(action.get("/S", ""))
    if kind in _PDF_UNSAFE_ACTIONS:
        raise Refused(
            f"PDF 在{where}会执行“{_PDF_UNSAFE_ACTIONS[kind]}”动作，可能危害下载文件的读者，不能发布",
            "请用 WPS/Word 从原文档重新“导出为 PDF”（普通导出不含脚本），再替换这个文件",
            code="attachment-unsafe",
        )
    if "/S" not in action:  # an additional-actions dictionary: each of its entries is an action
        for value in action.values():
            value = _resolve(value)
            if isinstance(value, DictionaryObject) and "/S" in value:
                _pdf_unsafe(value, where)


# --- Office Open XML (.docx, .xlsx, .pptx) -----------------------------------------------------

_OOXML_NAMES = {".docx": "Word", ".xlsx": "Excel", ".pptx": "PowerPoint"}
#: Relationship types that make Office load something from another address when the file opens.
_EXTERNAL_OK = re.compile(r"/hyperlink$")
_XML = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
#: Other members read as plain text (a reader who unzips the file sees them too).
_PLAIN = re.compile(r"\.(txt|csv|json|html?|svg|md)$", re.IGNORECASE)


class _Zip:
    """The members of an OOXML file, read with limits."""

    def __init__(self, data: bytes, suffix: str) -> None:
        import io

        name = _OOXML_NAMES[suffix]
        if not data.startswith(b"PK\x03\x04"):
            raise Refused(
                f"文件扩展名是 {suffix}，但内容不是 {name} 文档",
                f"请用 {name} 或 WPS 打开后另存为 {suffix}，再替换这个文件",
                code="attachment-format",
            )
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise Refused(
                f"{name} 文件已损坏，无法检查其中是否有个人信息",
                f"请用 {name} 或 WPS 打开后另存为 {suffix}，再替换这个文件",
            ) from exc
        if len(members) > ZIP_MAX_MEMBERS:
            raise Refused(
                f"文件内部有 {len(members)} 个部分，超过了 {ZIP_MAX_MEMBERS} 个的上限，无法检查",
                "请拆分成几个较小的文件",
            )
        self.names = {info.filename: info for info in members}
        if len(self.names) != len(members):
            raise Refused(
                f"{name} 文件内部结构异常（有重名的部分），无法检查其中是否有个人信息",
                f"请用 {name} 或 WPS 打开后另存为 {suffix}，再替换这个文件",
            )
        if "[Content_Types].xml" not in self.names:
            raise Refused(
                f"文件扩展名是 {suffix}，但内容不是 {name} 文档",
                f"请用 {name} 或 WPS 打开后另存为 {suffix}，再替换这个文件",
                code="attachment-format",
            )
        self.read_bytes = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.suffix, self.kind = suffix, name
        self.done: set[str] = set()
        """Members already read for their text."""

    def read(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's bytes in chunks, refused past the limits whatever its header says."""
        if info.flag_bits & 0x1:
            raise Refused("文件设置了密码（加密），无法检查其中是否有个人信息", "请去掉密码后另存，再替换这个文件")
        if (
            info.file_size > ZIP_MAX_MEMBER_BYTES
            or info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1) + 1024 * 1024
        ):
            raise self._bomb()
        size = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(1 << 16):
                    size += len(chunk)
                    self.read_bytes += len(chunk)
                    if (
                        size > ZIP_MAX_MEMBER_BYTES
                        or size > ZIP_MAX_RATIO * max(info.compress_size, 1) + 1024 * 1024
                        or self.read_bytes > ZIP_MAX_TOTAL_BYTES
                    ):
                        raise self._bomb()
                    if time.monotonic() > self.deadline:
                        raise Refused(
                            f"{self.kind} 文件内容过于复杂，在限定时间内未能检查完",
                            "请拆分成几个较小的文件，或导出为 PDF",
                        )
                    yield chunk
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
            raise Refused(
                f"{self.kind} 文件已损坏，无法检查其中是否有个人信息",
                f"请用 {self.kind} 或 WPS 打开后另存为 {self.suffix}，再替换这个文件",
            ) from exc

    def _bomb(self) -> Refused:
        return Refused(
            "文件解压后异常巨大（可能是“压缩炸弹”），无法检查",
            f"请用 {self.kind} 或 WPS 打开后另存为 {self.suffix}，或拆分成较小的文件",
        )


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _parse(
    source: _Zip,
    info: zipfile.ZipInfo,
    start: Callable[[str, dict], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
) -> None:
    """Stream one XML member through expat (namespaces resolved; a DTD is refused)."""
    parser = expat.ParserCreate(namespace_separator="}")

    def no_dtd(*_args) -> None:
        raise Refused(
            f"{source.kind} 文件内部含有不应出现的 XML 声明（DTD），无法安全检查",
            f"请用 {source.kind} 或 WPS 打开后另存为 {source.suffix}，再替换这个文件",
        )

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    parser.EndElementHandler = lambda name: end(_local(name))
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        for chunk in source.read(info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise Refused(
            f"{source.kind} 文件已损坏（第 {exc.lineno} 行 XML 格式错误），无法检查其中是否有个人信息",
            f"请用 {source.kind} 或 WPS 打开后另存为 {source.suffix}，再替换这个文件",
        ) from exc


#: Elements whose text a reader sees as one piece: paragraphs (Word, DrawingML), spreadsheet
#: cells and shared strings.  Text elements are collected into the innermost open one.
_UNITS = {"p", "c", "si"}
_TEXT = {"t", "v", "f", "instrText", "delText"}
_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n"}
#: Attributes that hold text a reader sees (alternative text, titles, link targets).
_TEXT_ATTRIBUTES = {"descr", "title", "tooltip", "Target", "location", "display", "name"}


class _Units:
    """Collects the text of each unit of one XML part, calling ``emit(element, attributes, text)``
    as each ends, and the text outside any unit (``loose``), element by element on its own line."""

    def __init__(self, emit: Callable[[str, dict, str], None]) -> None:
        self.stack: list[tuple[str, dict, list[str]]] = []
        self.in_text = 0
        self.emit = emit
        self.loose: list[str] = []  # text outside any unit (properties, titles …)

    def start(self, name: str, attrs: dict) -> None:
        for key, value in attrs.items():
            if _local(key) in _TEXT_ATTRIBUTES and value:
                self.loose.append("\n" + value + "\n")
        if not self.stack:
            self.loose.append("\n")  # the text of two elements is never one number
        if name in _UNITS:
            self.stack.append((name, attrs, []))
        elif name in _TEXT:
            self.in_text += 1
        elif name in _BREAKS and self.stack:
            self.stack[-1][2].append(_BREAKS[name])

    def end(self, name: str) -> None:
        if name in _UNITS and self.stack and self.stack[-1][0] == name:
            unit, attrs, parts = self.stack.pop()
            self.emit(unit, attrs, "".join(parts))
        elif name in _TEXT:
            self.in_text = max(0, self.in_text - 1)
            if self.stack and name in ("v", "f"):
                self.stack[-1][2].append("\n")  # a formula and its value are two texts
        if not self.stack:
            self.loose.append("\n")

    def text(self, data: str) -> None:
        if self.stack:
            if self.in_text:
                self.stack[-1][2].append(data)
        else:
            self.loose.append(data)


def _rels(source: _Zip, part: str) -> dict[str, tuple[str, str, str]]:
    """Relationships of a part: id → (type, target path, target mode)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    info = source.names.get(rels_name)
    found: dict[str, tuple[str, str, str]] = {}
    if info is None:
        return found

    def start(element: str, attrs: dict) -> None:
        if element == "Relationship":
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") != "External":
                target = (
                    posixpath.normpath(posixpath.join(folder, target))
                    if not target.startswith("/")
                    else target.lstrip("/")
                )
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), target, attrs.get("TargetMode", ""))

    _parse(source, info, start, lambda _name: None, lambda _data: None)
    return found


def _check_office(rel: str, data: bytes, suffix: str, problems: Problems) -> None:
    source = _Zip(data, suffix)
    names = source.names
    for name in names:
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.endswith(".bin") and "activex" in lowered:
            raise Refused(
                "文档里含有宏（VBA 代码）或控件，可能危害下载文件的读者，不能发布",
                f"请另存为不含宏的 {suffix}（或导出为 PDF），再替换这个文件",
                code="attachment-unsafe",
            )
        if "/embeddings/" in lowered:
            raise Refused(
                "文档里嵌入了其他文件（如 Excel 表格、Word 文档或其他对象），无法检查其中的内容",
                "请删除嵌入的对象（需要时改成普通表格或文字，或作为单独的附件提交），再替换这个文件",
                code="attachment-unsafe",
            )
    # Anything Office would fetch from another address when the file opens (templates, frames,
    # linked objects or pictures) is refused; ordinary hyperlinks are only read for personal data.
    for name, info in names.items():
        if not name.endswith(".rels"):
            continue
        targets: list[str] = []

        def start(element: str, attrs: dict) -> None:
            if element != "Relationship":
                return
            if attrs.get("TargetMode") == "External":
                if not _EXTERNAL_OK.search(attrs.get("Type", "")):
                    raise Refused(
                        "文档打开时会从外部网址加载内容（如模板、图片或对象），可能危害下载文件的读者，不能发布",
                        f"请把外部内容改为嵌入在文档里的普通图片或文字，另存为 {suffix}（或导出为 PDF），再替换这个文件",
                        code="attachment-unsafe",
                    )
                targets.append(attrs.get("Target", ""))

        _parse(source, info, start, lambda _name: None, lambda _data: None)
        if targets:
            _report(problems, rel, "文档里的链接", "\n".join(targets))
    if suffix == ".xlsx":
        _check_xlsx(rel, source, problems)
    else:
        _check_paragraphs(rel, source, suffix, problems)
    # Everything else with text (document properties, comments, charts …), part by part.
    for name, info in names.items():
        if name in source.done or name.endswith(".rels"):
            continue
        if _XML.search(name):
            _scan_part(rel, source, info, _part_label(name), problems)
        elif _PLAIN.search(name):
            _report(problems, rel, f"文档内部的 {name}", b"".join(source.read(info)).decode("utf-8", errors="replace"))


def _part_label(name: str) -> str:
    lowered = name.lower()
    for key, label in (
        ("docprops/", "文档属性"),
        ("header", "页眉"),
        ("footer", "页脚"),
        ("footnotes", "脚注"),
        ("endnotes", "尾注"),
        ("comments", "批注"),
        ("chart", "图表"),
        ("notesslide", "备注"),
        ("slidemaster", "幻灯片母版"),
        ("slidelayout", "幻灯片版式"),
        ("diagrams/", "SmartArt 图形"),
    ):
        if key in lowered:
            return label
    return f"文档内部的 {name}"


def _scan_part(rel: str, source: _Zip, info: zipfile.ZipInfo, label: str, problems: Problems) -> None:
    texts: list[str] = []
    units = _Units(lambda _unit, _attrs, text: texts.append(text))
    _parse(source, info, units.start, units.end, units.text)
    _report(problems, rel, label, "\n".join(texts + ["".join(units.loose)]))
    source.done.add(info.filename)


def _check_paragraphs(rel: str, source: _Zip, suffix: str, problems: Problems) -> None:
    """Word: the body by paragraph; PowerPoint: each slide (in presentation order) by slide."""
    if suffix == ".docx":
        parts = [("word/document.xml", "第 {n} 段")]
    else:
        order = source.names.get("ppt/presentation.xml")
        slides: list[str] = []
        if order is not None:
            rels = _rels(source, "ppt/presentation.xml")
            ids: list[str] = []
            _parse(
                source,
                order,
                lambda element, attrs: ids.extend(
                    value for key, value in attrs.items() if element == "sldId" and _local(key) == "id" and key != "id"
                ),
                lambda _name: None,
                lambda _data: None,
            )
            slides = [rels[i][1] for i in ids if i in rels]
        slides += sorted(
            (n for n in source.names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n) and n not in slides),
            key=lambda n: int(re.sub(r"\D", "", n.rsplit("/", 1)[-1])),
        )
        parts = [(slide, f"第 {number} 张幻灯片") for number, slide in enumerate(slides, 1)]
    for part, label in parts:
        info = source.names.get(part)
        if info is None:
            continue
        count = 0
        texts: list[str] = []

        def emit(_unit: str, _attrs: dict, text: str) -> None:
            nonlocal count
            if not text.strip():
                return
            count += 1
            if "{n}" in label:
                _report(problems, rel, label.format(n=count), text)
            else:
                texts.append(text)

        units = _Units(emit)
        _parse(source, info, units.start, units.end, units.text)
        _report(problems, rel, label.replace("第 {n} 段", "正文"), "\n".join(texts + ["".join(units.loose)]))
        source.done.add(part)


def _column_row(reference: str) -> str:
    return reference if re.fullmatch(r"[A-Z]{1,3}[0-9]{1,7}", reference or "") else ""


def _check_xlsx(rel: str, source: _Zip, problems: Problems) -> None:
    """Excel: every cell (shared strings resolved, formulas too) by sheet name and cell."""
    shared: list[str] = []
    info = source.names.get("xl/sharedStrings.xml")
    if info is not None:
        units = _Units(lambda unit, _attrs, text: shared.append(text) if unit == "si" else None)
        _parse(source, info, units.start, units.end, units.text)
        source.done.add(info.filename)
    used = [False] * len(shared)
    sheets: list[tuple[str, str]] = []
    workbook = source.names.get("xl/workbook.xml")
    if workbook is not None:
        rels = _rels(source, "xl/workbook.xml")

        def sheet(element: str, attrs: dict) -> None:
            if element == "sheet":
                rid = next((value for key, value in attrs.items() if _local(key) == "id" and key != "id"), "")
                if rid in rels:
                    sheets.append((attrs.get("name", ""), rels[rid][1]))

        _parse(source, workbook, sheet, lambda _name: None, lambda _data: None)
    listed = {part for _, part in sheets}
    sheets += [
        (n.rsplit("/", 1)[-1][:-4], n)
        for n in sorted(source.names)
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n) and n not in listed
    ]
    for sheet_name, part in sheets:
        info = source.names.get(part)
        if info is None:
            continue

        def emit(unit: str, attrs: dict, text: str) -> None:
            if unit != "c":
                return
            if attrs.get("t") == "s":
                try:
                    index = int(text.strip())
                    text = shared[index]
                    used[index] = True
                except (ValueError, IndexError):
                    return
            cell = _column_row(attrs.get("r", ""))
            _report(problems, rel, f"工作表“{sheet_name}”的 {cell} 单元格" if cell else f"工作表“{sheet_name}”", text)

        units = _Units(emit)
        _parse(source, info, units.start, units.end, units.text)
        _report(problems, rel, f"工作表“{sheet_name}”", "".join(units.loose))
        source.done.add(part)
    unused = [text for text, seen in zip(shared, used) if not seen]
    _report(problems, rel, "未被单元格使用的文字", "\n".join(unused))

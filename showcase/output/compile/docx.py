"""The compilation as a Word file the bureau can edit: pandoc converts the HTML (headings keep
Word's heading styles, tables stay tables, footnotes become Word footnotes via ``notes.lua``,
``--toc`` inserts a TOC field) using a reference document made here with python-docx: A4 pages
with the PDF's margins, Chinese fonts (宋体 body, 黑体 headings) set as the East Asian fonts of
the styles, each case starting on a new page, the title in the running header and the page
number in the footer (not on the cover).

The table of contents is filled in (:func:`fill_toc`): pandoc leaves the field empty, which
WPS, LibreOffice, and Word when its "update fields" prompt is declined, show as nothing.  Its
page numbers come from LibreOffice (:func:`page_numbers`): the finished file is converted to PDF
once and each heading looked up in the PDF's outline.  Body text has a fixed line height, so
that another program with other fonts breaks pages in nearly the same places; Word is still
asked to refresh the field on opening, which it does with the fonts of the machine at hand.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from showcase.output.compile.document import Target, build_html
from showcase.output.compile.editions import MARGINS_MM, PAGE_MM, TEXT_WIDTH_MM, Edition
from showcase.output.compile.gather import Compilation

LUA_FILTER = Path(__file__).with_name("notes.lua")
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"


class PandocMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class DocxResult:
    path: Path
    toc_pages: tuple[int, ...] | None
    """The page of each table-of-contents entry, or None when LibreOffice could not count them."""
    count_seconds: float
    """The time LibreOffice took to count the pages (0 when they were given)."""


def _set_fonts(style, east_asia: str, latin: str = LATIN_FONT) -> None:
    from docx.oxml.ns import qn

    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _grid_borders(table_style) -> None:
    """Thin lines around and between all cells, as tables in Chinese reports are ruled (pandoc's
    own table style has only a line under the header)."""
    from docx.oxml.ns import qn

    properties = table_style.element.find(qn("w:tblPr"))
    if properties is None:
        properties = table_style.element.makeelement(qn("w:tblPr"), {})
        table_style.element.append(properties)
    borders = properties.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attributes = {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0", qn("w:color"): "808080"}
        borders.append(borders.makeelement(qn(f"w:{edge}"), attributes))
    # Schema order inside w:tblPr: … tblInd, tblBorders, … tblCellMar …
    indent = properties.find(qn("w:tblInd"))
    if indent is not None:
        indent.addnext(borders)
    else:
        properties.insert(0, borders)


def _page_field(paragraph) -> None:
    """Append a PAGE field (Word fills in the number) to ``paragraph``."""
    from docx.oxml.ns import qn

    field = paragraph._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    run = field.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def make_reference_docx(pandoc: str, target: Path, running_title: str, demo: bool) -> Path:
    """pandoc's default reference.docx, restyled for a Chinese compilation."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    with target.open("wb") as out:
        subprocess.run([pandoc, "--print-default-data-file", "reference.docx"], stdout=out, check=True)
    document = Document(str(target))
    styles = document.styles
    # Looked up by the names pandoc's file uses: python-docx's styles["Heading 1"] translates
    # the name to Word's internal "heading 1", which pandoc's reference.docx does not use.
    named = {style.name: style for style in styles}

    # Document defaults: Chinese language so Word breaks lines and picks glyphs correctly.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")

    for name in (
        "Normal",
        "Body Text",
        "First Paragraph",
        "Compact",
        "Block Text",
        "Footnote Text",
        "Table",
        "Date",
        "Author",
        "Abstract",
    ):
        if name in named:
            _set_fonts(named[name], BODY_FONT)
    named["Normal"].font.size = Pt(12)
    for name in ("Body Text", "First Paragraph"):
        fmt = named[name].paragraph_format
        fmt.first_line_indent = Pt(24)
        # A fixed line height (about 1.5 lines of 小四): fonts differ between Word, WPS and
        # LibreOffice in their line gaps, and "1.5 lines" would break pages differently.
        fmt.line_spacing, fmt.line_spacing_rule = Pt(22), WD_LINE_SPACING.EXACTLY
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    for level, size in ((1, 16), (2, 14), (3, 12), (4, 12)):
        style = named[f"Heading {level}"]
        _set_fonts(style, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = True
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    named["Heading 1"].paragraph_format.page_break_before = True
    # Table cells and tight lists (pandoc's "Compact") are not body paragraphs: no indent.
    named["Compact"].paragraph_format.first_line_indent = Pt(0)
    _grid_borders(named["Table"])
    for name, size in (("Title", 26), ("Subtitle", 16), ("TOC Heading", 16)):
        _set_fonts(named[name], HEADING_FONT)
        named[name].font.size = Pt(size)
        named[name].font.color.rgb = RGBColor(0, 0, 0)
        named[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    named["Title"].paragraph_format.space_before = Pt(160)
    named["Title"].paragraph_format.space_after = Pt(24)
    named["TOC Heading"].paragraph_format.page_break_before = True
    for name in ("Author", "Date"):
        named[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        named[name].font.size = Pt(14)
    named["Author"].paragraph_format.space_before = Pt(120)

    # The compilation's own paragraph styles (pandoc applies them through custom-style).
    def paragraph_style(name: str, size: float, color: tuple[int, int, int] = (0, 0, 0), indent: float = 0):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = named["Normal"]
        _set_fonts(style, BODY_FONT)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(*color)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.left_indent = Pt(indent)
        return style

    paragraph_style("Case Meta", 10.5, (0x44, 0x44, 0x44))
    paragraph_style("Recommendation", 11, (0x99, 0x1B, 0x1B), indent=12)
    paragraph_style("Summary", 11, (0x33, 0x33, 0x33))
    paragraph_style("Admonition", 10.5, (0x1E, 0x3A, 0x8A), indent=12)
    paragraph_style("Demo Notice", 11, (0xB4, 0x53, 0x09))
    # The entries of the table of contents: title, dot leader, page number at the right margin.
    toc = styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    toc.base_style = named["Normal"]
    _set_fonts(toc, BODY_FONT)
    toc.font.size = Pt(12)
    toc.paragraph_format.space_before, toc.paragraph_format.space_after = Pt(0), Pt(6)
    toc.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    # A4 with the PDF's margins; the header and footer sit in the top and bottom margins.
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    top, right, bottom, left = MARGINS_MM
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)
    section.different_first_page_header_footer = True  # a bare cover

    # Running header (title; 示例 on a demo) and the page number in the footer.
    header = section.header.paragraphs[0]
    header.text = running_title + ("　·　示例，非正式材料" if demo else "")
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in header.runs:
        run.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    document.save(str(target))
    return target


#: What an entry shows while LibreOffice counts the pages: as wide as any real number, so that
#: filling in the numbers moves nothing.
PLACEHOLDER = ("000",)


def _finish(path: Path, pages: tuple[int, ...] | None) -> list[str]:
    """After pandoc: the table of contents after the preface and filled in (with ``pages``,
    :data:`PLACEHOLDER` numbers, or titles alone when None), images centred on lines of their
    own height; returns the titles of the entries."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    body = document.element.body
    toc = next((el for el in body.iterchildren(qn("w:sdt")) if "TOC" in _text(el, "w:instrText")), None)
    headings = [p for p in body.iterchildren(qn("w:p")) if _style_of(p) == "Heading1"]
    if toc is not None and len(headings) > 1 and _text(headings[0]) == "前言":
        # Cover, preface, contents, cases: the same order as the PDF.  pandoc opens the first
        # case's bookmark just before its heading: the contents go before that too.
        first = headings[1]
        while first.getprevious() is not None and first.getprevious().tag == qn("w:bookmarkStart"):
            first = first.getprevious()
        first.addprevious(toc)
    if toc is not None:
        fill_toc(toc, [(_text(h), _bookmark(h, number)) for number, h in enumerate(headings, start=1)], pages)
    for paragraph in body.iter(qn("w:p")):
        if next(paragraph.iter(qn("w:drawing")), None) is not None:
            _picture_paragraph(paragraph)
    for drawing in body.iter(qn("w:drawing")):
        # pandoc describes the picture itself (pic:cNvPr) by its source path: on this computer,
        # a folder of the person who compiled.  The file is handed around: its alt text instead.
        alt = next(drawing.iter(qn("wp:docPr")), None)
        for picture in drawing.iter(qn("pic:cNvPr")):
            picture.set("descr", alt.get("descr", "") if alt is not None else "")
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = settings.makeelement(qn("w:updateFields"), {qn("w:val"): "true"})
        settings.append(update)
    document.core_properties.title = "".join(_text(p) for p in body.iterchildren(qn("w:p")) if _style_of(p) == "Title")
    document.save(str(path))
    return [_text(h) for h in headings]


def _element(tag: str, attributes: dict[str, str] | None = None, text: str | None = None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag, {qn(k): v for k, v in (attributes or {}).items()})
    if text is not None:
        element.text = text
        if text != text.strip():
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def _field_runs(instruction: str, result: str | None) -> tuple[list, list]:
    """The runs that open a field (begin, instruction, separate, cached result) and close it."""
    opening = [
        _run(_element("w:fldChar", {"w:fldCharType": "begin"})),
        _run(_element("w:instrText", text=f" {instruction} ")),
        _run(_element("w:fldChar", {"w:fldCharType": "separate"})),
    ]
    if result is not None:
        opening.append(_run(_element("w:t", text=result)))
    return opening, [_run(_element("w:fldChar", {"w:fldCharType": "end"}))]


def _run(child):
    run = _element("w:r")
    run.append(child)
    return run


def fill_toc(toc, entries: list[tuple[str, str]], pages: tuple[int | str, ...] | None) -> None:
    """Fill pandoc's empty TOC field (``toc``, its ``w:sdt``) with one paragraph a heading: the
    title linked to the heading, a dot leader and the page number as a PAGEREF field whose
    result is written in.  The TOC field stays around the entries, so Word can refresh them.
    Filling again replaces the entries."""
    from docx.oxml.ns import qn

    content = toc.find(qn("w:sdtContent"))
    paragraphs = [p for p in content.iterchildren(qn("w:p")) if _style_of(p) != "TOCHeading"]
    instruction = next(
        (" ".join(i.text.split()) for p in paragraphs for i in p.iter(qn("w:instrText")) if "TOC" in i.text),
        'TOC \\o "1-1" \\h \\z \\u',
    )
    opening, closing = _field_runs(instruction, None)
    for index, (title, anchor) in enumerate(entries):
        paragraph = _element("w:p")
        properties = _element("w:pPr")
        properties.append(_element("w:pStyle", {"w:val": "toc1"}))
        paragraph.append(properties)
        if index == 0:
            paragraph.extend(opening)
        link = _element("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
        link.append(_run(_element("w:t", text=title)))
        if pages is not None:  # without numbers, no dot leader to nothing either
            link.append(_run(_element("w:tab")))
            number = str(pages[0] if pages is PLACEHOLDER else pages[index])
            page_open, page_close = _field_runs(f"PAGEREF {anchor} \\h", number)
            link.extend(page_open + page_close)
        paragraph.append(link)
        if index == len(entries) - 1:
            paragraph.extend(closing)
        content.append(paragraph)
    for old in paragraphs:  # pandoc's empty field, or the entries of an earlier fill
        content.remove(old)


def _bookmark(paragraph, number: int) -> str:
    """The name of a bookmark around the heading ``paragraph`` (made the first time), for the
    contents to link to and count the page of.  Names starting ``_Toc`` are hidden in Word's
    bookmark list, like those of the tables of contents Word makes itself."""
    from docx.oxml.ns import qn

    name = f"_TocCase{number}"
    if not any(mark.get(qn("w:name")) == name for mark in paragraph.iter(qn("w:bookmarkStart"))):
        identifier = str(900_000 + number)  # far above the ids pandoc gives
        start = _element("w:bookmarkStart", {"w:id": identifier, "w:name": name})
        properties = paragraph.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph.insert(0, start)
        paragraph.append(_element("w:bookmarkEnd", {"w:id": identifier}))
    return name


def _picture_paragraph(paragraph) -> None:
    """A paragraph holding a picture: centred, not indented, as tall as the picture (the fixed
    line height of body text would cut it off)."""
    from docx.oxml.ns import qn

    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = _element("w:pPr")
        paragraph.insert(0, properties)
    for tag in ("w:spacing", "w:ind", "w:jc"):
        old = properties.find(qn(tag))
        if old is not None:
            properties.remove(old)
    # Schema order inside w:pPr: … spacing, ind, … jc …; rPr, sectPr, pPrChange come last.
    tail = next((child for child in properties if child.tag in {qn("w:rPr"), qn("w:sectPr")}), None)
    for element in (
        _element("w:spacing", {"w:before": "120", "w:after": "120", "w:line": "240", "w:lineRule": "auto"}),
        _element("w:ind", {"w:firstLine": "0", "w:firstLineChars": "0"}),
        _element("w:jc", {"w:val": "center"}),
    ):
        if tail is not None:
            tail.addprevious(element)
        else:
            properties.append(element)


def page_numbers(path: Path, titles: list[str]) -> tuple[int, ...] | None:
    """The page on which each of ``titles`` (the first-level headings, in order) starts when
    LibreOffice lays out the Word file at ``path``, or None when it is not installed or its
    outline does not match the headings."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="huibian-lo-") as work:
        work_dir = Path(work)
        # A profile of its own: two runs at once (or an open LibreOffice window) do not clash.
        command = [
            soffice,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            str(path),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=600, check=False)
            pdf = work_dir / (path.stem + ".pdf")
            if not pdf.exists():
                return None
            reader = PdfReader(str(pdf))
            outline = [
                (item.title, reader.get_destination_page_number(item) + 1)
                for item in reader.outline
                if not isinstance(item, list)
            ]
        except (subprocess.TimeoutExpired, OSError, ValueError, KeyError):
            return None
    if [_squash(title) for title, _ in outline] != [_squash(title) for title in titles]:
        return None
    return tuple(page for _, page in outline)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(element, tag: str = "w:t") -> str:
    from docx.oxml.ns import qn

    return "".join(node.text or "" for node in element.iter(qn(tag)))


def _style_of(paragraph) -> str:
    from docx.oxml.ns import qn

    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def write_docx(
    compilation: Compilation,
    target: Path,
    edition: Edition,
    cache_dir: Path,
    progress: Callable[[str], None] = lambda _: None,
    *,
    toc_pages: tuple[int, ...] | None = None,
    count_pages: bool = True,
) -> DocxResult:
    """Write the Word version of ``compilation``'s ``edition`` to ``target``.  The table of
    contents gets ``toc_pages`` when given (both editions lay out alike), else LibreOffice's
    count (unless ``count_pages`` is False: titles alone then)."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise PandocMissing(
            "找不到 pandoc：生成 Word 版需要 Debian 软件包 pandoc（bash scripts/dev.sh test 会安装），或用 --format pdf 只生成 PDF"
        )
    html = build_html(compilation, Target("word", edition, cache_dir), progress)
    settings = compilation.settings
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="huibian-") as work:
        work_dir = Path(work)
        reference = make_reference_docx(pandoc, work_dir / "reference.docx", compilation.title, compilation.demo)
        source = work_dir / "compilation.html"
        source.write_text(html, encoding="utf-8")
        command = [
            pandoc,
            str(source),
            "--from",
            "html",
            "--to",
            "docx",
            "--output",
            str(target),
            "--reference-doc",
            str(reference),
            "--lua-filter",
            str(LUA_FILTER),
            "--toc",
            "--toc-depth",
            "1",
            "--metadata",
            f"title={compilation.title}",
            "--metadata",
            "toc-title=目录",
            "--metadata",
            "lang=zh-CN",
        ]
        if settings.subtitle:
            command += ["--metadata", f"subtitle={settings.subtitle}"]
        if settings.issuer:
            command += ["--metadata", f"author={settings.issuer}"]
        if settings.date:
            command += ["--metadata", f"date={settings.date}"]
        progress("正在生成 Word 版（pandoc）……")
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"pandoc 生成 Word 版失败：{result.stderr.strip()}")
    if toc_pages is not None or not count_pages or not (shutil.which("soffice") or shutil.which("libreoffice")):
        _finish(target, toc_pages)
        return DocxResult(target, toc_pages, 0.0)
    titles = _finish(target, PLACEHOLDER)
    progress("正在用 LibreOffice 排版一遍，计算目录页码……")
    started = time.perf_counter()
    counted = page_numbers(target, titles)
    seconds = time.perf_counter() - started
    _finish(target, counted)
    return DocxResult(target, counted, seconds)

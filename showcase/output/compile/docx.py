"""The compilation as a Word file the bureau can edit: pandoc converts the HTML (headings keep
Word's heading styles, tables stay tables, footnotes become Word footnotes via ``notes.lua``,
``--toc`` inserts a real TOC field) using a reference document made here with python-docx:
Chinese fonts (宋体 body, 黑体 headings) set as the East Asian fonts of the styles, each case
starting on a new page, the title in the running header and the page number in the footer.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from showcase.output.compile.document import WORD, build_html
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
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

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
        fmt.line_spacing = 1.5
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

    # Running header (title; 示例 on a demo) and the page number in the footer.
    section = document.sections[0]
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


def _finish(path: Path) -> None:
    """After pandoc: the table of contents after the preface, and Word asked to refresh it."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    body = document.element.body
    toc = next((el for el in body.iterchildren(qn("w:sdt")) if "TOC" in _text(el, "w:instrText")), None)
    headings = [p for p in body.iterchildren(qn("w:p")) if _style_of(p) == "Heading1"]
    if toc is not None and len(headings) > 1 and _text(headings[0]) == "前言":
        headings[1].addprevious(toc)  # cover, preface, contents, cases: the same order as the PDF
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = settings.makeelement(qn("w:updateFields"), {qn("w:val"): "true"})
        settings.append(update)
    document.core_properties.title = "".join(_text(p) for p in body.iterchildren(qn("w:p")) if _style_of(p) == "Title")
    document.save(str(path))


def _text(element, tag: str = "w:t") -> str:
    from docx.oxml.ns import qn

    return "".join(node.text or "" for node in element.iter(qn(tag)))


def _style_of(paragraph) -> str:
    from docx.oxml.ns import qn

    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def write_docx(compilation: Compilation, target: Path, progress: Callable[[str], None] = lambda _: None) -> DocxResult:
    """Write the Word version of ``compilation`` to ``target``."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise PandocMissing(
            "找不到 pandoc：生成 Word 版需要 Debian 软件包 pandoc（bash scripts/dev.sh test 会安装），或用 --format pdf 只生成 PDF"
        )
    html = build_html(compilation, WORD, progress)
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
    _finish(target)
    return DocxResult(target)

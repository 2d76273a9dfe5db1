"""The 典型案例汇编: `python build.py compile --demo` on the sample featured list; the PDF and
DOCX are opened and their text asserted on, and PDF pages are rendered to PNG (look at them:
``pytest tests/output/test_compile.py --basetemp=/tmp/huibian`` keeps them under /tmp/huibian).
The official compilation, its two editions and the Word file read through LibreOffice are in
test_compile_editions.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import REPO, make_tree
from showcase.load.content import load_site
from showcase.output.compile.command import run
from showcase.output.compile.document import (
    chinese_number,
    inline_footnotes,
    markdown_to_html,
)
from showcase.output.compile.gather import rebase_markdown
from support import run_build_py


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    root = make_tree(tmp_path_factory.mktemp("compile"), with_demo=True)
    shutil.copytree(REPO / "compilation", root / "compilation")
    lines: list[str] = []
    code = run(root, demo=True, out_dir=root / "dist", editions=("screen",), echo=lines.append)
    assert code == 0, "\n".join(lines)
    site, _ = load_site(root, demo=True)
    titles = [f.submission.title for f in site.featured]
    return root, lines, titles


PDF_NAME = "典型案例汇编（示例·屏幕版）.pdf"
DOCX_NAME = "典型案例汇编（示例·屏幕版）.docx"


def _pdf(root: Path) -> PdfReader:
    return PdfReader(str(root / "dist" / PDF_NAME))


def _page_texts(root: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in _pdf(root).pages]


def test_progress_lines(compiled):
    root, lines, titles = compiled
    assert len(titles) == 6
    assert f"正在排版第 3/6 篇：{titles[2]}" in lines
    assert "第 2 步：汇编 6 篇典型案例（含示例材料：每页标注“示例”，仅供演示），按推荐列表的顺序：" in lines
    assert "  屏幕版（适合发邮件、在电脑和手机上阅读）：" in lines
    assert any(line.startswith(f"    PDF：{root / 'dist' / PDF_NAME}（23 页，") for line in lines), lines
    assert any(line.startswith(f"    Word：{root / 'dist' / DOCX_NAME}（") for line in lines)
    assert sorted(path.name for path in (root / "dist").iterdir() if path.suffix in (".pdf", ".docx")) == sorted(
        [PDF_NAME, DOCX_NAME]
    )


def test_pdf_cases_in_the_bureaus_order(compiled):
    root, _, titles = compiled
    texts = _page_texts(root)
    starts = [
        next(
            i
            for i, text in enumerate(texts)
            if f"典型案例{chinese_number(n)}" in text and title.replace(" ", "") in text
        )
        for n, title in enumerate(titles, start=1)
    ]
    assert starts == sorted(starts) and len(set(starts)) == 6
    assert "典型案例汇编" in texts[0] and "太原市中等职业教育改革发展项目试点" in texts[0]


def test_pdf_table_of_contents_has_the_right_page_numbers(compiled):
    root, _, titles = compiled
    texts = _page_texts(root)
    toc = next(text for text in texts if text.startswith("典型案例汇编（示例）目录目录") or "目录" in text[:20])
    for n, title in enumerate(titles, start=1):
        match = re.search(re.escape(title.replace(" ", "")) + r"\.+(\d+)", toc)
        assert match, title
        page = int(match.group(1))
        assert f"典型案例{chinese_number(n)}" in texts[page - 1]
        assert f"—{page}—" in texts[page - 1]  # the printed page number is the PDF page
    assert re.search(r"前言\.+\d+", toc)


def test_pdf_chinese_is_text_and_every_page_says_sample(compiled):
    root, _, _ = compiled
    texts = _page_texts(root)
    assert all("示例" in text for text in texts)
    assert "并教职〔2017〕1号" in "".join(texts)
    assert len(re.findall(r"[\u4e00-\u9fff]", "".join(texts))) > 5000


def test_pdf_fonts_are_embedded(compiled):
    root, _, _ = compiled
    fonts = {}
    for page in _pdf(root).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert any("NotoSerifCJK" in name.replace("-", "") for name in fonts)
    assert any("NotoSansCJK" in name.replace("-", "") for name in fonts)


def test_pdf_pages_render_to_png(compiled):
    root, _, _ = compiled
    reader = _pdf(root)
    case_page = next(i for i, page in enumerate(reader.pages, start=1) if "典型案例一" in page.extract_text())
    for number in (1, case_page):
        prefix = root / "dist" / f"page-{number}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(root / "dist" / PDF_NAME),
                str(prefix),
            ],
            check=True,
        )
        png = prefix.with_suffix(".png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_docx_headings_toc_footnotes_and_fonts(compiled):
    root, _, titles = compiled
    path = root / "dist" / DOCX_NAME
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["前言", *titles]
    assert document.paragraphs[0].text == "典型案例汇编（示例）" and document.paragraphs[0].style.name == "Title"
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode()
        footnotes = archive.read("word/footnotes.xml").decode()
        settings = archive.read("word/settings.xml").decode()
        header = archive.read("word/header1.xml").decode()
        footer = archive.read("word/footer1.xml").decode()
    assert 'TOC \\o "1-1"' in body and "目录" in body
    assert body.index("前言") < body.index("TOC \\o") < body.index(titles[0])  # same order as the PDF
    assert '<w:updateFields w:val="true"/>' in settings
    assert "并教职〔2017〕1号" in footnotes
    assert "示例" in header and 'w:instr="PAGE"' in footer
    fonts = document.styles.element.xpath('//w:style[@w:styleId="Normal"]//w:rFonts')[0]
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    heading_fonts = document.styles.element.xpath('//w:style[@w:styleId="Heading1"]//w:rFonts')[0]
    assert heading_fonts.get(qn("w:eastAsia")) == "黑体"
    assert len(document.inline_shapes) >= 6


def test_no_featured_cases_explains_and_fails(tmp_path):
    root = make_tree(tmp_path)
    (root / "featured.yml").write_text("[]\n", encoding="utf-8")
    lines: list[str] = []
    assert run(root, demo=False, out_dir=root / "dist", echo=lines.append) == 1
    assert lines[-1] == (
        "推荐列表是空的，没有可以汇编的典型案例。请市教育局在仓库根目录的 featured.yml 中按顺序列出推荐的材料（每项写 id 和 reason），再运行本命令。"
        "（只想看看汇编的样子，可以加 --demo，用示例推荐列表 demo/featured.yml 生成示例汇编。）"
    )
    assert not (root / "dist").exists()


def test_build_py_compile_without_featured_exits_non_zero(tmp_path):
    result = run_build_py(make_tree(tmp_path), "compile")
    assert result.returncode == 1
    assert "推荐列表是空的" in result.stderr and "可以加 --demo" in result.stderr


# --- pieces -----------------------------------------------------------------------------------


def test_rebase_markdown_moves_links_footnotes_and_headings():
    body = (
        "## 背景\n\n![图](images/a.png) 见[^1]。[另一篇](../weisheng/x.md)\n\n```\n## 代码 [^1]\n```\n\n[^1]: 注释。\n"
    )
    moved = rebase_markdown(body, "schools/caimao/x.md", lambda uri: "@" + uri, footnote_prefix="c2-", demote=1)
    assert moved == (
        "### 背景\n\n![图](@schools/caimao/images/a.png) 见[^c2-1]。[另一篇](@schools/weisheng/x.md)\n\n"
        "```\n## 代码 [^1]\n```\n\n[^c2-1]: 注释。\n"
    )


def test_footnotes_become_inline_for_word():
    html = inline_footnotes(markdown_to_html("正文[^a]。\n\n[^a]: 注释 *一*。"))
    assert html == '<p>正文<span class="fn">注释 <em>一</em>。</span>。</p>\n'


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text

"""The official 典型案例汇编 (plain ``compile``) in its two editions, with a 5 MB phone photo made
at test time, and its Word file read by a second program: LibreOffice converts it to PDF and to
text, as WPS or a colleague's LibreOffice would open it.  Pages are rendered to PNG under the
test's folder (``--basetemp=/tmp/huibian`` keeps them, to look at)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from bench.photos import camera_photo
from conftest import REPO, make_tree
from showcase.output.compile.command import file_name, run
from showcase.output.compile.editions import PRINT, SCREEN, edition_image, printed_size_mm
from support import soffice_convert

MB = 1024 * 1024
TITLES = ["测试用诊改案例：以诊改推动实训教学质量提升", "测试用校企合作案例：共建实训基地的三年实践"]
NAMES = {
    (edition, suffix): f"典型案例汇编（{edition}）{suffix}"
    for edition in ("屏幕版", "印刷版")
    for suffix in (".pdf", ".docx")
}
PARAGRAPH = "学校围绕试点任务逐项推进，形成了计划、实施、检查、改进的工作闭环，每学期对照目标复盘一次。" * 5

CASE_WITH_PHOTO = f"""---
title: {TITLES[0]}
project: teaching-diagnosis
type: 典型案例
date: 2019-05-16
summary: 测试用材料，不是学校提交的材料。
authors: [测试作者]
---

## 一、背景

{PARAGRAPH}[^1]

![实训室现场照片](images/xianchang.jpg)

## 二、做法

| 项目 | 试点前 | 试点后 |
| --- | --- | --- |
| 诊改覆盖专业（个） | 3 | 9 |
| 参与教师（人） | 12 | 30 |

{PARAGRAPH}

[^1]: 测试用注释：注释内容一。
"""

CASE_WITHOUT_PHOTO = f"""---
title: {TITLES[1]}
project: school-enterprise
type: 典型案例
date: 2018-11-02
summary: 测试用材料，不是学校提交的材料。
authors: [测试作者]
---

## 一、做法

{PARAGRAPH}[^a]

| 合作企业 | 共建内容 |
| --- | --- |
| 企业甲 | 实训基地 |

[^a]: 测试用注释：注释内容二。
"""


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    """Plain ``compile`` of a tree whose official list has two cases, one with a 5 MB phone
    photo; the sample cases of ``demo/`` are in the tree too, and must stay out."""
    root = make_tree(
        tmp_path_factory.mktemp("official"),
        {
            "schools/weisheng/2019-ceshi-zhengai.md": CASE_WITH_PHOTO,
            "schools/caimao/2018-ceshi-xiaoqi.md": CASE_WITHOUT_PHOTO,
            "featured.yml": "- id: weisheng/2019-ceshi-zhengai\n  reason: 测试用推荐语一。\n"
            "- id: caimao/2018-ceshi-xiaoqi\n  reason: 测试用推荐语二。\n",
        },
        with_demo=True,
    )
    camera_photo(root / "schools/weisheng/images/xianchang.jpg")
    shutil.copytree(REPO / "compilation", root / "compilation")
    lines: list[str] = []
    code = run(root, demo=False, out_dir=root / "dist", echo=lines.append)
    assert code == 0, "\n".join(lines)
    return root, lines


def _pdfimages(pdf: Path) -> list[dict[str, str]]:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    header, _, *rows = listing.splitlines()
    keys = header.split()
    return [dict(zip(keys, row.split())) for row in rows if row.split()[2] == "image"]


def _media(docx: Path) -> list[Image.Image]:
    with zipfile.ZipFile(docx) as archive:
        return [
            Image.open(BytesIO(archive.read(name))) for name in archive.namelist() if name.startswith("word/media/")
        ]


def _page_texts(pdf: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(str(pdf)).pages]


# --- the official list, and only it -----------------------------------------------------------


def test_plain_compile_is_the_official_list_without_a_sample_mark(official):
    root, lines = official
    assert "第 2 步：汇编 2 篇典型案例，按推荐列表的顺序：" in lines
    assert [line for line in lines if line.startswith("  ") and line[2].isdigit()] == [
        f"  1. {TITLES[0]}（太原市卫生学校）",
        f"  2. {TITLES[1]}（太原市财贸学校）",
    ]
    assert sorted(p.name for p in (root / "dist").iterdir()) == sorted(NAMES.values())
    for suffix in (".pdf",):
        for edition in ("屏幕版", "印刷版"):
            texts = _page_texts(root / "dist" / NAMES[edition, suffix])
            assert not any("示例" in text for text in texts)
            assert texts[0].startswith("太原市中等职业教育改革发展项目试点典型案例汇编收录典型案例2篇")
    for edition in ("屏幕版", "印刷版"):
        document = Document(str(root / "dist" / NAMES[edition, ".docx"]))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "示例" not in text and "示例" not in document.sections[0].header.paragraphs[0].text
        assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["前言", *TITLES]


def test_compile_names_both_editions_and_reports_their_sizes(official):
    root, lines = official
    dist = root / "dist"
    summary = lines[lines.index(next(line for line in lines if line.startswith("完成，共用时"))) :]
    size = r"（(\d+) 页，(\d+\.\d MB|\d+ KB)，用时 \d+\.\d 秒）"
    assert summary[1] == "  屏幕版（适合发邮件、在电脑和手机上阅读）："
    assert re.fullmatch(rf"    PDF：{re.escape(str(dist / NAMES['屏幕版', '.pdf']))}{size}", summary[2])
    assert re.fullmatch(
        rf"    Word：{re.escape(str(dist / NAMES['屏幕版', '.docx']))}（(\d+\.\d MB|\d+ KB)，用时 \d+\.\d 秒）",
        summary[3],
    )
    assert summary[4] == "  印刷版（交印刷厂印刷，图片按印刷尺寸不超过 300 dpi）："
    assert re.fullmatch(rf"    PDF：{re.escape(str(dist / NAMES['印刷版', '.pdf']))}{size}", summary[5])
    assert summary[7].startswith("Word 版的目录已填好标题和页码（页码由 LibreOffice 排版算出，用时 ")


# --- the two editions -----------------------------------------------------------------------------


def test_screen_edition_is_small_enough_to_email(official):
    root, _ = official
    for suffix in (".pdf", ".docx"):
        assert (root / "dist" / NAMES["屏幕版", suffix]).stat().st_size <= 1.5 * MB, suffix
    [photo] = _pdfimages(root / "dist" / NAMES["屏幕版", ".pdf"])
    assert (int(photo["width"]), int(photo["height"])) == (1600, 1200)
    assert photo["enc"] == "jpeg"
    [media] = _media(root / "dist" / NAMES["屏幕版", ".docx"])
    assert media.size == (1600, 1200) and media.format == "JPEG" and not media.getexif()


def test_print_edition_is_at_most_300_ppi_and_never_the_original(official):
    root, _ = official
    original = (root / "schools/weisheng/images/xianchang.jpg").read_bytes()
    assert len(original) > 4.5 * MB
    pdf = root / "dist" / NAMES["印刷版", ".pdf"]
    [photo] = _pdfimages(pdf)
    # Printed 146.7 × 110 mm (the text width of A4 with 20 mm margins, and the height limit).
    assert 295 <= int(photo["x-ppi"]) <= 300 and 295 <= int(photo["y-ppi"]) <= 300, photo
    assert (int(photo["width"]), int(photo["height"])) == (1732, 1299)
    assert original not in pdf.read_bytes()
    [media] = _media(root / "dist" / NAMES["印刷版", ".docx"])
    assert media.size == (1732, 1299) and not media.getexif()
    with zipfile.ZipFile(root / "dist" / NAMES["印刷版", ".docx"]) as archive:
        assert all(archive.read(name) != original for name in archive.namelist())


def test_both_editions_lay_out_alike(official):
    root, _ = official
    screen = PdfReader(str(root / "dist" / NAMES["屏幕版", ".pdf"]))
    printed = PdfReader(str(root / "dist" / NAMES["印刷版", ".pdf"]))
    assert len(screen.pages) == len(printed.pages)
    assert _page_texts(root / "dist" / NAMES["屏幕版", ".pdf"]) == _page_texts(root / "dist" / NAMES["印刷版", ".pdf"])


# --- the Word file itself -------------------------------------------------------------------------


def test_docx_is_a4_with_margins_header_and_page_numbers(official):
    root, _ = official
    document = Document(str(root / "dist" / NAMES["屏幕版", ".docx"]))
    [section] = document.sections
    # Word counts in twentieths of a point: A4 is 11906 × 16838.
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert [round(m.mm, 1) for m in margins] == [24.0, 20.0, 22.0, 20.0]
    assert section.different_first_page_header_footer  # the cover has neither
    assert section.header.paragraphs[0].text == "典型案例汇编"
    footer = section.footer.paragraphs[0]._p
    assert [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))] == ["PAGE"]
    # Tables ruled all round; the photo given its printed size, as in the PDF.
    borders = document.styles.element.xpath('//w:style[@w:styleId="Table"]/w:tblPr/w:tblBorders/*')
    assert [b.tag.split("}")[1] for b in borders] == ["top", "left", "bottom", "right", "insideH", "insideV"]
    [shape] = document.inline_shapes
    assert (round(shape.width.mm, 1), round(shape.height.mm, 1)) == (146.7, 110.0)


def test_docx_names_no_folder_of_the_computer_that_made_it(official):
    """The Word file is handed around: its pictures are described by their alt text, never by
    the path of the copy pandoc read (a folder of the person who compiled)."""
    root, _ = official
    for edition in ("屏幕版", "印刷版"):
        with zipfile.ZipFile(root / "dist" / NAMES[edition, ".docx"]) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        assert str(root) not in xml and ".cache" not in xml
        descriptions = re.findall(r'<pic:cNvPr descr="([^"]*)"', xml)
        assert descriptions and descriptions == re.findall(r'<wp:docPr descr="([^"]*)"', xml)


def test_docx_table_of_contents_is_filled_in(official):
    root, _ = official
    document = Document(str(root / "dist" / NAMES["屏幕版", ".docx"]))
    body = document.element.body
    [toc] = body.iterchildren(qn("w:sdt"))
    entries = [p for p in toc.iter(qn("w:p")) if p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "toc1"]
    texts = ["".join(t.text for t in p.iter(qn("w:t"))) for p in entries]
    # Title, then the page number LibreOffice counted (the cached result of a PAGEREF field).
    assert [re.sub(r"\d+$", "", text) for text in texts] == ["前言", *TITLES]
    pages = [int(re.search(r"\d+$", text).group()) for text in texts]
    assert pages[0] == 2 and pages == sorted(pages) and len(set(pages)) == 3
    instructions = [" ".join(i.text.split()) for i in toc.iter(qn("w:instrText"))]
    assert instructions == [
        'TOC \\o "1-1" \\h \\z \\u',
        "PAGEREF _TocCase1 \\h",
        "PAGEREF _TocCase2 \\h",
        "PAGEREF _TocCase3 \\h",
    ]
    # The same entries in both editions: the layout does not depend on the images' pixels.
    other = Document(str(root / "dist" / NAMES["印刷版", ".docx"]))
    [other_toc] = other.element.body.iterchildren(qn("w:sdt"))
    assert "".join(t.text for t in other_toc.iter(qn("w:t"))) == "".join(t.text for t in toc.iter(qn("w:t")))


def test_without_libreoffice_the_contents_hold_the_titles_and_the_summary_says_so(tmp_path, monkeypatch):
    root = make_tree(
        tmp_path / "tree",
        {
            "schools/caimao/2018-ceshi-xiaoqi.md": CASE_WITHOUT_PHOTO,
            "featured.yml": "- id: caimao/2018-ceshi-xiaoqi\n  reason: 测试用推荐语。\n",
        },
    )
    shutil.copytree(REPO / "compilation", root / "compilation")
    # A PATH with pandoc and nothing else: no LibreOffice to count pages with.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "pandoc").symlink_to(shutil.which("pandoc"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    lines: list[str] = []
    assert run(root, demo=False, out_dir=root / "dist", formats=("docx",), echo=lines.append) == 0
    assert lines[-1] == (
        "Word 版的目录已填好标题，但没有页码：本机没有 LibreOffice（Debian 软件包 libreoffice-writer），无法计算页码。"
        "Word 打开时会询问是否更新域，选“是”即补上页码；WPS 中可右键目录选“更新目录”。"
    )
    for edition in ("屏幕版", "印刷版"):
        document = Document(str(root / "dist" / NAMES[edition, ".docx"]))
        [toc] = document.element.body.iterchildren(qn("w:sdt"))
        entries = [
            p for p in toc.iter(qn("w:p")) if p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "toc1"
        ]
        assert ["".join(t.text for t in p.iter(qn("w:t"))) for p in entries] == ["前言", TITLES[1]]
        assert not list(toc.iter(qn("w:tab")))
        settings = document.settings.element
        assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


# --- read by LibreOffice, as WPS or another office program would -------------------------------


@pytest.fixture(scope="module")
def libreoffice(official, tmp_path_factory):
    """The screen edition's Word file converted by LibreOffice to PDF and to text, with a
    profile of its own (tests running at once do not share one)."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is missing: bash scripts/dev.sh test installs libreoffice-writer")
    root, _ = official
    out = tmp_path_factory.mktemp("libreoffice")
    source = out / "huibian.docx"
    shutil.copy(root / "dist" / NAMES["屏幕版", ".docx"], source)
    for target in ("pdf", "txt:Text (encoded):UTF8"):
        soffice_convert(source, target, timeout=300).check_returncode()
    return root, out / "huibian.pdf", (out / "huibian.txt").read_text(encoding="utf-8-sig")


def test_libreoffice_shows_the_table_of_contents_and_the_cases_in_order(libreoffice):
    root, pdf, text = libreoffice
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index("目录")
    pages = [
        int(re.fullmatch(re.escape(title) + r"\t(\d+)", line).group(1))
        for title, line in zip(["前言", *TITLES], lines[start + 1 : start + 4])
    ]
    # Every title after the contents, in the bureau's order, as a heading on the page the
    # contents give.
    positions = [lines.index(title, start + 4) for title in TITLES]
    assert positions == sorted(positions)
    texts = _page_texts(pdf)
    for title, page in zip(["前言", *TITLES], pages):
        assert texts[page - 1].startswith("典型案例汇编" + title.replace(" ", "")), (title, page)
    reader = PdfReader(str(pdf))
    assert [item.title for item in reader.outline if not isinstance(item, list)] == ["前言", *TITLES]


def test_libreoffice_keeps_tables_footnotes_headers_and_images(libreoffice):
    root, pdf, text = libreoffice
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for cells in (["项目", "试点前", "试点后"], ["诊改覆盖专业（个）", "3", "9"], ["合作企业", "共建内容"]):
        at = lines.index(cells[0])
        assert lines[at : at + len(cells)] == cells
    texts = _page_texts(pdf)
    assert any("测试用注释：注释内容一。" in t for t in texts) and any("测试用注释：注释内容二。" in t for t in texts)
    [photo] = _pdfimages(pdf)
    assert (int(photo["width"]), int(photo["height"])) == (1600, 1200)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    # The running header on every page but the cover, with the page number in the footer.
    for number, page in enumerate(texts[1:], start=2):
        assert page.startswith("典型案例汇编") and page.endswith(str(number)), (number, page)


def test_libreoffice_makes_no_blank_page(libreoffice):
    root, pdf, _ = libreoffice
    texts = _page_texts(pdf)
    for number, page in enumerate(texts, start=1):
        body = page.removeprefix("典型案例汇编").removesuffix(str(number))
        assert len(body) >= 10, (number, page)
    prefix = pdf.parent / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(prefix)], check=True)
    for png in sorted(pdf.parent.glob("page-*.png")):
        with Image.open(png) as image:
            ink = image.convert("L").point(lambda value: 255 if value < 200 else 0).histogram()[255]
            assert ink / (image.width * image.height) > 0.01, png.name


# --- pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pixels, printed",
    [
        ((4000, 3000), (146.7, 110.0)),  # a phone photo: the height limit
        ((3000, 4000), (82.5, 110.0)),
        ((4000, 1000), (170.0, 42.5)),  # a panorama: the text width
        ((300, 200), (79.4, 52.9)),  # small: drawn at 96 per inch, not blown up
    ],
)
def test_printed_size(pixels, printed):
    assert printed_size_mm(*pixels) == printed


def test_edition_copy_is_upright_without_metadata_and_never_the_original(tmp_path):
    # Stored 800 × 600 and turned a quarter by EXIF (orientation 6), with a GPS position.
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (37.0, 52.0, 3.1)}
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (800, 600), (200, 80, 40)).save(photo, "JPEG", quality=90, exif=exif.tobytes())
    for edition in (SCREEN, PRINT):
        copy = edition_image(photo, edition, tmp_path / "cache")
        assert copy.path != photo and copy.path.read_bytes() != photo.read_bytes()
        with Image.open(copy.path) as image:
            assert image.size == (600, 800) and not image.getexif() and image.format == "JPEG"
        assert (copy.width_mm, copy.height_mm) == printed_size_mm(600, 800)
        assert edition_image(photo, edition, tmp_path / "cache") == copy  # from the cache


def test_edition_copy_keeps_png_and_turns_webp_with_alpha_into_png(tmp_path):
    chart = tmp_path / "chart.png"
    Image.new("RGB", (3000, 1500), "white").save(chart, "PNG")
    clear = tmp_path / "logo.webp"
    Image.new("RGBA", (400, 400), (0, 0, 0, 0)).save(clear, "WEBP", lossless=True)
    copy = edition_image(chart, PRINT, tmp_path / "cache")
    with Image.open(copy.path) as image:
        # 170 mm at 300 per inch.
        assert image.format == "PNG" and image.size == (2007, 1003)
    with Image.open(edition_image(clear, SCREEN, tmp_path / "cache").path) as image:
        assert image.format == "PNG" and image.mode == "RGBA"


def test_file_names_say_the_edition_and_sample(tmp_path):
    assert file_name("典型案例汇编", SCREEN, False, ".pdf") == "典型案例汇编（屏幕版）.pdf"
    assert file_name("典型案例汇编", PRINT, True, ".docx") == "典型案例汇编（示例·印刷版）.docx"
    assert file_name('2019/典型:案例*汇编?"', PRINT, False, ".pdf") == "2019典型案例汇编（印刷版）.pdf"

"""``python build.py import``: Word documents made by python-docx, by LibreOffice and by the
project's own ``compile`` become submissions that pass the check, with no text lost; hostile
documents get a Chinese message and no traceback."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from PIL import Image

from conftest import FIXTURES_DIR, REPO, make_tree, messages
from showcase.generate.render import render
from showcase.load.sources import split_front_matter
from showcase.tools import importer, scaffold
from support import run_build_py

TODAY = dt.date.today()
FLAGS = ("--school", "weisheng", "--project", "teaching-diagnosis", "--type", "典型案例", "--authors", "张三、李四")
#: The typed heading numbers of the test documents: the import takes them off the headings.
NUMBERS = ("一、", "二、", "三、", "（一）", "（二）", "1.1 ")


# --- documents ------------------------------------------------------------------------------------


def _png(path: Path, color: tuple[int, int, int], size=(64, 48)) -> Path:
    Image.new("RGB", size, color).save(path)
    return path


_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> 数据来源：学校教务处 2018 年统计。</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def _add_footnote(document, paragraph) -> None:
    """python-docx writes no footnotes: the part and the reference are added as Word does."""
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        _FOOTNOTES.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))


def python_docx_case(folder: Path, extra: tuple[str, ...] = ()) -> Path:
    """A case as a teacher writes it in Word: title, numbered headings, lists, a table with
    merged cells, a footnote, two pictures with captions, indentation and stray breaks."""
    document = Document()
    document.add_heading("以诊促改：构建校本质量保证体系", 0)
    document.add_heading("一、实施背景", 1)
    paragraph = document.add_paragraph("　　学校2017年起承担教学诊断与改进试点，")
    paragraph.add_run("质量意识").bold = True
    paragraph.add_run("在全校逐步")
    paragraph.add_run("形成").italic = True
    paragraph.add_run("。")
    _add_footnote(document, paragraph)
    document.add_paragraph("")
    document.add_paragraph("　　")
    broken = document.add_paragraph("第一行写在这里，")
    broken.add_run().add_break()
    broken.add_run("第二行是手动换行之后的文字。")
    for line in extra:
        document.add_paragraph(line)
    document.add_heading("二、主要做法", 1)
    document.add_heading("（一）建立制度", 2)
    document.add_paragraph("成立诊改办公室", style="List Number")
    document.add_paragraph("制定年度诊改方案", style="List Number")
    document.add_paragraph("每学期一次自查", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate([["层面", "指标", "责任部门"], ["学校", "12 项", "质量办"], ["专业", "8 项", "各系"]]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    table.cell(1, 2).merge(table.cell(2, 2))
    document.add_heading("（二）诊改平台", 2)
    document.add_picture(str(_png(folder / "a.png", (200, 30, 30))), width=Inches(1))
    document.add_paragraph("图1 诊改数据平台首页", style="Caption")
    document.add_picture(str(_png(folder / "b.png", (30, 30, 200))), width=Inches(1))
    document.add_paragraph("图2 教研活动现场", style="Caption")
    document.add_heading("三、取得成效", 1)
    document.add_paragraph("形成了“目标—标准—诊断—改进”的质量改进螺旋。")
    path = folder / "zhengai-anli.docx"
    document.save(str(path))
    return path


def docx_text(path: Path) -> tuple[list[str], str]:
    """Every paragraph's text in the document (body, tables, footnotes), in order, with the
    typed heading numbers taken off headings and without the table of contents, and the
    footnotes' text."""
    document = Document(str(path))
    paragraphs = []
    for p in document.element.body.iter(qn("w:p")):
        if any(ancestor.tag == qn("w:sdt") for ancestor in p.iterancestors()):
            continue  # Word's table of contents: the import leaves it out on purpose
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        style = p.find(qn("w:pPr"))
        style = style.find(qn("w:pStyle")) if style is not None else None
        if style is not None and style.get(qn("w:val")).lower().startswith("heading"):
            for number in NUMBERS:
                text = text.removeprefix(number)
        paragraphs.append(text)
    notes = ""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = parse_xml(rel.target_part.blob)
            notes = "".join(t.text or "" for t in root.iter(qn("w:t")))
    return paragraphs, notes


def markdown_text(path: Path) -> tuple[str, str]:
    """The front matter's title and the text a reader gets from the body (alt text included)."""
    text = path.read_text(encoding="utf-8")
    split = split_front_matter(text)
    title = re.search(r"^title: (.*)$", split.yaml_text, re.M).group(1).strip('"')
    rendered = render(split.body, "schools/weisheng/x.md").html
    # Footnote numbers and back links are the page's, not the document's text.
    rendered = re.sub(r'<sup id="fnref[^"]*">.*?</sup>|<a class="footnote-backref".*?</a>', "", rendered)
    rendered = re.sub(r'<img[^>]*\balt="([^"]*)"[^>]*>', r" \1 ", rendered)
    return title, html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def assert_no_text_lost(docx: Path, md: Path) -> None:
    paragraphs, notes = docx_text(docx)
    title, body = markdown_text(md)
    have = importer.normalised_text(title + body)
    position = 0
    for paragraph in paragraphs:
        wanted = importer.normalised_text(paragraph)
        if not wanted:
            continue
        found = have.find(wanted, position)
        assert found >= 0, f"“{paragraph}” 不在导入的文件中（或顺序不对）"
        position = found + len(wanted)
    assert importer.normalised_text(notes) in have
    lost = Counter(importer.normalised_text("".join(paragraphs) + notes)) - Counter(have)
    assert not lost


def imported(root: Path, name: str) -> Path:
    return root / f"schools/weisheng/{TODAY.year}-{name}.md"


# --- python-docx ----------------------------------------------------------------------------------


def test_python_docx_case_imports_and_passes_the_check(tree, tmp_path):
    root = tree()
    docx = python_docx_case(tmp_path)
    result = run_build_py(root, "import", str(docx), *FLAGS)
    assert result.returncode == 0, result.stderr + result.stdout
    md = imported(root, "zhengai-anli")
    assert messages(root) == []
    assert_no_text_lost(docx, md)
    assert "少了" not in result.stdout
    text = md.read_text(encoding="utf-8")
    front, body = split_front_matter(text).yaml_text, split_front_matter(text).body
    assert "title: 以诊促改：构建校本质量保证体系\n" in front
    assert "summary: 学校2017年起承担教学诊断与改进试点，质量意识在全校逐步形成。\n" in front
    assert "authors: [张三, 李四]\n" in front
    assert body == (
        "\n## 实施背景\n\n"
        "学校2017年起承担教学诊断与改进试点，**质量意识**在全校逐步*形成*。[^1]\n\n"
        "第一行写在这里，\n\n"
        "第二行是手动换行之后的文字。\n\n"
        "## 主要做法\n\n"
        "### 建立制度\n\n"
        "1. 成立诊改办公室\n2. 制定年度诊改方案\n\n"
        "- 每学期一次自查\n\n"
        '<table markdown="1">\n'
        '<tr markdown="1"><th markdown="span">层面</th><th markdown="span">指标</th>'
        '<th markdown="span">责任部门</th></tr>\n'
        '<tr markdown="1"><td markdown="span">学校</td><td markdown="span">12 项</td>'
        '<td markdown="span" rowspan="2">质量办<br>各系</td></tr>\n'
        '<tr markdown="1"><td markdown="span">专业</td><td markdown="span">8 项</td></tr>\n'
        "</table>\n\n"
        "### 诊改平台\n\n"
        "![图1 诊改数据平台首页](images/zhengai-anli-1.png)\n\n"
        "图1 诊改数据平台首页\n\n"
        "![图2 教研活动现场](images/zhengai-anli-2.png)\n\n"
        "图2 教研活动现场\n\n"
        "## 取得成效\n\n"
        "形成了“目标—标准—诊断—改进”的质量改进螺旋。\n\n"
        "[^1]: 数据来源：学校教务处 2018 年统计。\n"
    )
    images = sorted(p.name for p in (root / "schools/weisheng/images").iterdir())
    assert images == ["zhengai-anli-1.png", "zhengai-anli-2.png"]
    with Image.open(root / "schools/weisheng/images/zhengai-anli-1.png") as first:
        assert first.getpixel((1, 1)) == (200, 30, 30)
    assert "已导入：schools/weisheng/" in result.stdout
    assert "1 个表格有合并单元格，已写成 HTML 表格（<table>），合并保持不变" in result.stdout


def test_import_never_overwrites(tree, tmp_path):
    root = tree()
    docx = python_docx_case(tmp_path)
    assert run_build_py(root, "import", str(docx), *FLAGS).returncode == 0
    md = imported(root, "zhengai-anli")
    before = md.read_bytes()
    again = run_build_py(root, "import", str(docx), *FLAGS)
    assert again.returncode == 2
    assert (
        f"错误：{docx}：schools/weisheng/{TODAY.year}-zhengai-anli.md 已经存在，不会覆盖；请换一个文件名（--name）"
        in again.stderr
    )
    assert "Traceback" not in again.stderr
    assert md.read_bytes() == before
    # An image of the same name is not overwritten either, and nothing of the import is written.
    (root / "schools/weisheng/images/qita-1.png").write_bytes(b"mine")
    third = run_build_py(root, "import", str(docx), *FLAGS, "--name", "qita")
    assert third.returncode == 2
    assert (
        "错误：schools/weisheng/images/qita-1.png 已经存在，不会覆盖；请换一个文件名（--name），没有写入任何文件。"
        in third.stderr
    )
    assert not imported(root, "qita").exists()
    assert (root / "schools/weisheng/images/qita-1.png").read_bytes() == b"mine"


def test_interview_offers_the_documents_title_and_summary(tree, tmp_path):
    root = tree()
    site, _ = __import__("showcase.load.content", fromlist=["load_site"]).load_site(root)
    converted = importer.convert(python_docx_case(tmp_path))
    try:
        asked: list[str] = []
        replies = iter(["weisheng", "teaching-diagnosis", "典型案例", "", "", "", "张三", ""])

        def ask(prompt: str) -> str:
            asked.append(prompt)
            return next(replies)

        answers = scaffold.interview(
            site,
            root,
            scaffold.Partial(),
            ask=ask,
            say=lambda _: None,
            today=dt.date(2019, 3, 1),
            proposed=scaffold.Partial(title=converted.title, summary=converted.summary, name="zhengai-anli"),
        )
    finally:
        converted.close()
    assert answers.title == "以诊促改：构建校本质量保证体系"
    assert answers.summary == "学校2017年起承担教学诊断与改进试点，质量意识在全校逐步形成。"
    assert answers.name == "zhengai-anli"
    assert answers.date == dt.date(2019, 3, 1)
    assert "标题（30 字以内为宜）\n（直接回车采用从文档中读出的：以诊促改：构建校本质量保证体系）：" in asked


# --- LibreOffice ----------------------------------------------------------------------------------

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
 <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:h text:outline-level="1">一、实施背景</text:h>
<text:p>学校与<text:span text:style-name="B">三家企业</text:span>共建实训基地<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>合作协议于 2018 年 3 月签订。</text:p></text:note-body></text:note>，每年接收学生跟岗实习。</text:p>
<text:h text:outline-level="1">二、主要做法</text:h>
<text:h text:outline-level="2">（一）共建实训室</text:h>
<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>阶段</text:p></table:table-cell><table:table-cell><text:p>时长</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>认识实习</text:p></table:table-cell><table:table-cell><text:p>1 周</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>跟岗实习</text:p></table:table-cell><table:table-cell><text:p>4 周</text:p></table:table-cell></table:table-row>
</table:table>
<text:p><draw:frame draw:name="p1" svg:width="2cm" svg:height="1.5cm" text:anchor-type="as-char"><draw:image><office:binary-data>{first}</office:binary-data></draw:image><svg:desc>汽修实训室全景</svg:desc></draw:frame></text:p>
<text:p><draw:frame draw:name="p2" svg:width="2cm" svg:height="1.5cm" text:anchor-type="as-char"><draw:image><office:binary-data>{second}</office:binary-data></draw:image></draw:frame></text:p>
<text:p>图2 企业技师授课</text:p>
<text:h text:outline-level="1">三、取得成效</text:h>
<text:p>学生技能等级证书获取率明显提高。</text:p>
</office:text></office:body></office:document>
"""


def _soffice_docx(source: Path, profile: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice（soffice）没有安装：bash scripts/dev.sh test 会安装 libreoffice-writer")
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    target = source.with_suffix(".docx")
    assert result.returncode == 0 and target.is_file(), result.stderr
    return target


def test_libreoffice_document_imports_and_passes_the_check(tree, tmp_path):
    root = tree()
    work = tmp_path / "lo"
    work.mkdir()
    pictures = []
    for color in ((10, 120, 10), (120, 10, 120)):
        stream = io.BytesIO()
        Image.new("RGB", (80, 60), color).save(stream, "PNG")
        pictures.append(base64.b64encode(stream.getvalue()).decode())
    source = work / "xiaoqi-gongjian.fodt"
    source.write_text(_FODT.format(first=pictures[0], second=pictures[1]), encoding="utf-8")
    docx = _soffice_docx(source, tmp_path / "profile")
    result = run_build_py(root, "import", str(docx), *FLAGS, "--title", "校企共建实训基地")
    assert result.returncode == 0, result.stderr + result.stdout
    md = imported(root, "xiaoqi-gongjian")
    assert messages(root) == []
    assert_no_text_lost(docx, md)
    assert "少了" not in result.stdout
    body = split_front_matter(md.read_text(encoding="utf-8")).body
    assert [line for line in body.splitlines() if line.startswith("#")] == [
        "## 实施背景",
        "## 主要做法",
        "### 共建实训室",
        "## 取得成效",
    ]
    assert "学校与**三家企业**共建实训基地[^1]，每年接收学生跟岗实习。" in body
    assert "| 阶段 | 时长 |\n| --- | --- |\n| 认识实习 | 1 周 |\n| 跟岗实习 | 4 周 |" in body
    assert "![汽修实训室全景](images/xiaoqi-gongjian-1.png)" in body
    assert "![图2 企业技师授课](images/xiaoqi-gongjian-2.png)\n\n图2 企业技师授课" in body
    assert "[^1]: 合作协议于 2018 年 3 月签订。" in body


# --- the project's own compilation ----------------------------------------------------------------


def test_compile_docx_round_trips(tmp_path):
    from showcase.output.compile.command import run as compile_run

    source = make_tree(
        tmp_path / "source",
        {
            "schools/dachang-qiche/2019-rich.md": (FIXTURES_DIR / "rich-case.md").read_text(encoding="utf-8"),
            "schools/dachang-qiche/images/cover.png": (FIXTURES_DIR / "cover.png").read_bytes(),
            "featured.yml": "- id: dachang-qiche/2019-rich\n  reason: 推荐语。\n",
        },
    )
    shutil.copytree(REPO / "compilation", source / "compilation")
    lines: list[str] = []
    assert compile_run(source, demo=False, out_dir=source / "dist", formats=("docx",), echo=lines.append) == 0, lines
    docx = next((source / "dist").glob("*.docx"))
    root = make_tree(tmp_path / "target")
    result = run_build_py(
        root,
        "import",
        str(docx),
        "--school",
        "dachang-qiche",
        "--project",
        "school-enterprise",
        "--type",
        "典型案例",
        "--authors",
        "张三",
        "--name",
        "huibian",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    md = root / f"schools/dachang-qiche/{TODAY.year}-huibian.md"
    assert messages(root) == []
    body = split_front_matter(md.read_text(encoding="utf-8")).body
    assert "## 校企共建实训基地的做法" in body
    assert "目录" not in body  # the contents list is Word's, the page makes its own
    # The compilation's contents list is filled in (the preface and each case): all of it goes.
    assert re.search(r"说明：已去掉 Word 自动生成的目录（[2-9] 行）：网页会按小标题自动生成目录。", result.stdout)
    assert "1. 共同开展专业建设" in body
    assert "| 认识实习 | 参观 | 1 周 |" in body
    assert "![实训基地布局示意图](images/huibian-1.png)" in body
    assert "依据《职业学校校企合作促进办法》。" in body
    assert "**成效**：形成了一套流程。" in body
    assert_no_text_lost(docx, md)
    assert "少了" not in result.stdout


# --- hostile documents ----------------------------------------------------------------------------


def test_personal_data_comes_out_as_the_gates_error_with_its_line(tree, tmp_path):
    root = tree()
    docx = python_docx_case(tmp_path, extra=("联系人身份证 11010519491231002X，电话 13912345678。",))
    result = run_build_py(root, "import", str(docx), *FLAGS)
    assert result.returncode == 1
    md = imported(root, "zhengai-anli")
    lines = md.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "11010519491231002X" in text)
    rel = f"schools/weisheng/{TODAY.year}-zhengai-anli.md"
    assert (
        f"{rel}:{line}:8: 个人信息: 这里有一个身份证号码（110105********002X），公开网站不能刊登；"
        "请删除；确需保留时写成遮盖形式，如 140102********1234 [错误 personal-id]"
    ) in result.stderr
    assert (
        f"{rel}:{line}:30: 个人信息: 这里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；"
        "请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]"
    ) in result.stderr
    assert (
        "这篇材料还有 2 个错误（见上），文件已经写好，方便直接修改；改正并通过 bash scripts/dev.sh check 之前不能提交。"
        in (result.stdout)
    )
    assert "Traceback" not in result.stderr


def test_script_in_the_text_stays_text(tree, tmp_path):
    root = tree()
    docx = python_docx_case(
        tmp_path,
        extra=('<script>alert("x")</script> 与 <img src=x onerror=alert(1)> 以及 [链接](javascript:alert(1))',),
    )
    result = run_build_py(root, "import", str(docx), *FLAGS)
    assert result.returncode == 0, result.stderr + result.stdout
    md = imported(root, "zhengai-anli")
    assert messages(root) == []
    body = split_front_matter(md.read_text(encoding="utf-8")).body
    assert (
        '&lt;script>alert("x")&lt;/script> 与 &lt;img src=x onerror=alert(1)> 以及 \\[链接\\]\\(javascript:alert(1))'
        in body
    )
    rendered = render(body, "schools/weisheng/x.md").html
    assert "<script" not in rendered and "<img src=x" not in rendered
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in rendered
    assert_no_text_lost(docx, md)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


_MINIMAL = {
    "[Content_Types].xml": b"<Types/>",
    "word/document.xml": b"<w:document/>",
}


def test_zip_bomb_is_refused_before_pandoc(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_UNCOMPRESSED", 2 * 1024 * 1024)
    bomb = _zip(tmp_path / "bomb.docx", {**_MINIMAL, "word/media/zeros.bin": bytes(5 * 1024 * 1024)})
    assert bomb.stat().st_size < 64 * 1024
    with pytest.raises(importer.ImportRefused) as refused:
        importer.convert(bomb)
    assert str(refused.value) == (
        "文件解压后超过 2 MB（可能是恶意构造的压缩包），不能导入；正常的 Word 文档请先压缩其中的图片再导入"
    )


def test_too_many_parts_and_doctype_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ENTRIES", 10)
    many = _zip(tmp_path / "many.docx", {**_MINIMAL, **{f"word/x{i}.xml": b"<x/>" for i in range(20)}})
    with pytest.raises(importer.ImportRefused) as refused:
        importer.convert(many)
    assert str(refused.value) == (
        "文件里有 22 个部件，超过了 10 个的上限，不像是正常的 Word 文档；请在 Word 中另存为一个新的 .docx 再导入"
    )
    laughs = _zip(
        tmp_path / "laughs.docx",
        {**_MINIMAL, "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'},
    )
    with pytest.raises(importer.ImportRefused) as refused:
        importer.convert(laughs)
    assert str(refused.value).startswith("文件里的 XML 带有文档类型声明，正常的 Word 文档没有；不能导入。")


def test_tables_nested_beyond_reason_are_refused_in_chinese(tree, tmp_path):
    """The document tree is read recursively: 400 tables each inside the last go beyond
    Python's limit, which is said in Chinese (no traceback) and writes nothing."""
    document = Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    for _ in range(400):
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "最里面的一格"
    deep = tmp_path / "deep.docx"
    document.save(str(deep))
    root = tree()
    result = run_build_py(root, "import", str(deep), *FLAGS, "--name", "deep")
    assert result.returncode == 2
    assert (
        f"错误：{deep}：这个文档的结构套了太多层（表格里套表格、列表里套列表等），没有导入。"
        "请在 Word 中把内容整理成普通的段落、列表和表格后再试" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (root / "schools/weisheng" / f"{TODAY.year}-deep.md").exists()


def test_real_size_bomb_through_the_command(tree, tmp_path):
    root = tree()
    bomb = _zip(tmp_path / "bomb.docx", {**_MINIMAL, "word/media/zeros.bin": bytes(importer.MAX_UNCOMPRESSED + 1)})
    result = run_build_py(root, "import", str(bomb), *FLAGS, "--name", "bomb")
    assert result.returncode == 2
    assert (
        f"错误：{bomb}：文件解压后超过 200 MB（可能是恶意构造的压缩包），不能导入；正常的 Word 文档请先压缩其中的图片再导入"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (root / "schools/weisheng" / f"{TODAY.year}-bomb.md").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("baogao.docx", b"%PDF-1.7\n", "文件扩展名是 .docx，但内容是 PDF。PDF 不能可靠地转回文字"),
        (
            "baogao.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "文件扩展名是 .docx，但内容是旧版 Word 或 WPS 文档（.doc/.wps）。请在 Word 或 WPS 中打开它，"
            "选“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入新的 .docx 文件",
        ),
        ("baogao.docx", b"hello", "文件扩展名是 .docx，但内容不是 Word 文档（可能已损坏，或是改了扩展名的其他文件）。"),
        (
            "baogao.doc",
            b"\xd0\xcf\x11\xe0",
            "这是旧版 Word 文档（.doc），不能直接导入。请在 Word 或 WPS 中打开它，选“文件 → 另存为”，"
            "保存类型选“Word 文档（*.docx）”，再导入新的 .docx 文件",
        ),
        ("baogao.wps", b"\xd0\xcf\x11\xe0", "这是 WPS 文字的文档（.wps），不能直接导入。请在 Word 或 WPS 中打开它"),
        ("baogao.pdf", b"%PDF-1.4", "PDF 不能可靠地转回文字（段落、标题和表格会错乱），不能导入。"),
        ("baogao.odt", b"PK\x03\x04", "这是 OpenDocument 文档（.odt），不能直接导入。请在 WPS 或 LibreOffice 中打开它"),
    ],
)
def test_other_formats_get_a_chinese_message(tree, tmp_path, name, content, message):
    root = tree()
    path = tmp_path / name
    path.write_bytes(content)
    result = run_build_py(root, "import", str(path), *FLAGS, "--name", "baogao")
    assert result.returncode == 2
    assert f"错误：{path}：{message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith("没有导入任何文档。")


def test_links_and_special_files_are_refused(tmp_path):
    docx = python_docx_case(tmp_path)
    link = tmp_path / "link.docx"
    link.symlink_to(docx)
    assert importer.inspect(link) == "这是一个链接（快捷方式），不是文件本身；请导入它指向的 .docx 文件"
    fifo = tmp_path / "pipe.docx"
    __import__("os").mkfifo(fifo)
    assert importer.inspect(fifo) == "这不是普通的文件（文件夹、管道或设备）；请给出 .docx 文件"
    assert importer.inspect(tmp_path / "missing.docx") == "找不到这个文件"


def test_folder_imports_every_docx_and_reports_the_rest(tree, tmp_path):
    root = tree()
    folder = tmp_path / "wendang"
    folder.mkdir()
    python_docx_case(folder)
    shutil.copy(folder / "zhengai-anli.docx", folder / "niandu-baogao.docx")
    (folder / "~$zhengai-anli.docx").write_bytes(b"lock")
    (folder / "jiu.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = run_build_py(root, "import", str(folder), *FLAGS)
    assert result.returncode == 1
    assert f"错误：{folder / 'jiu.doc'}：这是旧版 Word 文档（.doc），不能直接导入。" in result.stderr
    assert "photo.jpg" not in result.stderr and "~$" not in result.stderr
    assert imported(root, "niandu-baogao").is_file() and imported(root, "zhengai-anli").is_file()
    assert sorted(p.name for p in (root / "schools/weisheng/images").iterdir()) == [
        "niandu-baogao-1.png",
        "niandu-baogao-2.png",
        "zhengai-anli-1.png",
        "zhengai-anli-2.png",
    ]


def _second_picture_as(folder: Path, suffix: str, content: bytes, content_type: str) -> Path:
    """The python-docx case with its second picture replaced by ``content`` of another format."""
    rebuilt = folder / f"{suffix[1:]}.docx"
    with zipfile.ZipFile(python_docx_case(folder)) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            name = entry.filename
            if name.startswith("word/media/") and name.endswith(".png") and "image2" in name:
                name = name[:-4] + suffix
                data = content
            if name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"image2.png", b"image2" + suffix.encode())
                if name == "[Content_Types].xml":
                    extension = suffix[1:].encode()
                    data = data.replace(
                        b"</Types>",
                        b'<Default Extension="'
                        + extension
                        + b'" ContentType="'
                        + content_type.encode()
                        + b'"/></Types>',
                    )
            target.writestr(name, data)
    return rebuilt


def test_broken_gif_is_reported_not_converted(tree, tmp_path):
    root = tree()
    docx = _second_picture_as(tmp_path, ".gif", b"GIF89a" + bytes(5), "image/gif")
    result = run_build_py(root, "import", str(docx), *FLAGS, "--name", "gif-tu")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "请处理：第 2 张图片（.gif）无法读取，没有导出；请在 Word 中右键这张图片，选“另存为图片”，"
        "保存类型选 PNG，用这里写好的文件名保存到 images/ 里（schools/weisheng/images/gif-tu-2.png）"
    ) in result.stdout


def test_emf_picture_is_reported_with_what_to_do(tree, tmp_path):
    root = tree()
    rebuilt = _second_picture_as(tmp_path, ".emf", b"\x01\x00\x00\x00" + bytes(80), "image/x-emf")
    result = run_build_py(root, "import", str(rebuilt), *FLAGS, "--name", "emf-tu")
    assert result.returncode == 1
    assert (
        "请处理：第 2 张图片是 EMF 格式（Word 的矢量图，常见于从 Visio 或 Excel 粘贴的图表），网站不能显示；"
        "请在 Word 中右键这张图片，选“另存为图片”，保存类型选 PNG，用这里写好的文件名保存到 images/ 里"
        "（schools/weisheng/images/emf-tu-2.png）"
    ) in result.stdout
    assert not (root / "schools/weisheng/images/emf-tu-2.png").exists()
    md = imported(root, "emf-tu")
    assert "![图2 教研活动现场](images/emf-tu-2.png)" in md.read_text(encoding="utf-8")
    # Once the picture is saved as asked, the check passes.
    _png(root / "schools/weisheng/images/emf-tu-2.png", (0, 0, 0))
    assert messages(root) == []


# --- cleaning -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "clean"),
    [
        ("一、实施背景", "实施背景"),
        ("十二、下一步", "下一步"),
        ("（一）建立制度", "建立制度"),
        ("(三) 平台", "平台"),
        ("1. 目标", "目标"),
        ("1、目标", "目标"),
        ("1.1 专业调研", "专业调研"),
        ("2.3.1建设内容", "建设内容"),
        ("（1）第一步", "第一步"),
        ("①访谈", "访谈"),
        ("第一部分 总体情况", "总体情况"),
        ("2018年工作回顾", "2018年工作回顾"),
        ("1.5倍产能", "1.5倍产能"),
        ("一、", "一、"),
        ("三教改革", "三教改革"),
    ],
)
def test_heading_numbers(heading, clean):
    assert importer.strip_heading_number(heading) == clean


def test_gif_is_converted_and_a_picture_with_too_many_pixels_is_not_written(tree, tmp_path):
    root = tree()
    gif = tmp_path / "anim.gif"
    Image.new("P", (40, 30), 3).save(gif)
    # A PNG whose header declares 20,000 × 20,000 pixels: nothing of it is decoded.
    huge = tmp_path / "huge.png"
    Image.new("RGB", (2, 2)).save(huge)
    data = bytearray(huge.read_bytes())
    data[16:24] = (20000).to_bytes(4, "big") * 2
    huge.write_bytes(bytes(data))
    document = Document()
    document.add_heading("一、图片", 1)
    document.add_paragraph("动图如下。")
    document.add_picture(str(gif))
    document.add_paragraph("图1 动图")
    document.add_picture(str(huge), width=Inches(1))
    document.add_paragraph("图2 大图")
    docx = tmp_path / "tupian.docx"
    document.save(str(docx))
    result = run_build_py(root, "import", str(docx), *FLAGS, "--title", "图片")
    assert result.returncode == 1
    converted = root / "schools/weisheng/images/tupian-1.png"
    with Image.open(converted) as image:
        assert image.format == "PNG" and image.size == (40, 30)
    assert not (root / "schools/weisheng/images/tupian-2.png").exists()
    assert (
        "请处理：第 2 张图片有 20000 × 20000 像素，超过了 6,000 万像素的上限，没有导出；"
        "请在 Word 中把它另存为较小的 JPG 或 PNG，用这里写好的文件名保存到 images/ 里"
        "（schools/weisheng/images/tupian-2.png）"
    ) in result.stdout
    body = imported(root, "tupian").read_text(encoding="utf-8")
    assert "![图1 动图](images/tupian-1.png)\n\n图1 动图\n\n![图2 大图](images/tupian-2.png)" in body


def test_large_document_is_refused_before_reading(tmp_path, monkeypatch):
    docx = python_docx_case(tmp_path)
    monkeypatch.setattr(importer, "MAX_DOCX_BYTES", 1024)
    assert importer.inspect(docx) == (
        f"文件有 {docx.stat().st_size / 1024 / 1024:.1f} MB，超过了 0 MB 的上限；"
        "请在 Word 中压缩图片（选中图片 → 图片格式 → 压缩图片），或把文档拆成几篇再导入"
    )


def test_picture_without_caption_gets_a_placeholder_alt_and_a_note(tree, tmp_path):
    root = tree()
    document = Document()
    document.add_paragraph("正文第一段。")
    document.add_picture(str(_png(tmp_path / "c.png", (1, 2, 3))))
    docx = tmp_path / "wu-tizhu.docx"
    document.save(str(docx))
    result = run_build_py(root, "import", str(docx), *FLAGS, "--title", "无题注")
    assert result.returncode == 0, result.stderr
    assert "说明：第 1 张图片没有说明文字（题注），暂用“图1”；请改成描述图片内容的文字。" in result.stdout
    assert "![图1](images/wu-tizhu-1.png)" in imported(root, "wu-tizhu").read_text(encoding="utf-8")


def test_text_the_writer_would_drop_is_reported():
    tree = {
        "meta": {},
        "blocks": [
            {"t": "Header", "c": [1, ["", [], []], [{"t": "Str", "c": "一、背景"}]]},
            {"t": "Para", "c": [{"t": "Str", "c": "甲乙"}, {"t": "Space"}, {"t": "Str", "c": "丙"}]},
        ],
    }
    assert importer.missing_text(tree, "## 背景\n\n甲乙\n", "", Counter("一、")) == "丙"
    assert importer.missing_text(tree, "## 背景\n\n甲乙 丙\n", "", Counter("一、")) == ""
    assert importer.missing_text(tree, "## 背景\n\n甲乙 丙\n", "", Counter()) == "、一"


def test_words_table_of_contents_is_left_out(tree, tmp_path):
    root = tree()
    document = Document()
    document.add_paragraph("目  录")
    for anchor, text in (("_Toc1001", "一、实施背景\t1"), ("_Toc1002", "二、主要做法\t2")):
        paragraph = document.add_paragraph()
        paragraph._p.append(
            parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="{anchor}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>')
        )
    document.add_heading("一、实施背景", 1)
    document.add_paragraph("背景正文。")
    document.add_heading("二、主要做法", 1)
    document.add_paragraph("做法正文。")
    docx = tmp_path / "mulu.docx"
    document.save(str(docx))
    result = run_build_py(root, "import", str(docx), *FLAGS, "--title", "目录测试")
    assert result.returncode == 0, result.stderr
    body = split_front_matter(imported(root, "mulu").read_text(encoding="utf-8")).body
    assert body == "\n## 实施背景\n\n背景正文。\n\n## 主要做法\n\n做法正文。\n"
    assert "说明：已去掉 Word 自动生成的目录（3 行）：网页会按小标题自动生成目录。" in result.stdout
    assert "少了" not in result.stdout


def test_numbered_lines_become_headings_in_a_document_without_heading_styles(tree, tmp_path):
    root = tree()
    document = Document()
    document.add_paragraph("一、实施背景")
    document.add_paragraph("　　学校面临的问题。")
    document.add_paragraph("（一）师资不足")
    document.add_paragraph("一、二年级的学生人数见下表。")
    document.add_paragraph("二、主要做法")
    document.add_paragraph("校企共建。")
    docx = tmp_path / "校企共建的做法.docx"
    document.save(str(docx))
    result = run_build_py(root, "import", str(docx), *FLAGS, "--name", "xiaoqi")
    assert result.returncode == 0, result.stderr
    text = imported(root, "xiaoqi").read_text(encoding="utf-8")
    assert "title: 校企共建的做法\n" in text
    assert "summary: 学校面临的问题。\n" in text
    assert split_front_matter(text).body == (
        "\n## 实施背景\n\n学校面临的问题。\n\n### 师资不足\n\n一、二年级的学生人数见下表。\n\n## 主要做法\n\n校企共建。\n"
    )


def test_several_documents_with_one_name_are_numbered_and_share_the_answers(tree, tmp_path):
    root = tree()
    first = python_docx_case(tmp_path)
    second = tmp_path / "第二篇经验总结.docx"
    document = Document()
    document.add_paragraph("第二篇的正文。")
    document.save(str(second))
    refused = run_build_py(root, "import", str(first), str(second), *FLAGS, "--title", "同一个标题")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "错误：一次导入多篇文档时不能用 --title 或 --summary（每篇的标题和摘要不同，会从各自的文档中读出）。"
    )
    result = run_build_py(root, "import", str(first), str(second), *FLAGS, "--name", "zhenggai")
    assert result.returncode == 0, result.stderr
    assert imported(root, "zhenggai-1").is_file() and imported(root, "zhenggai-2").is_file()
    text = imported(root, "zhenggai-2").read_text(encoding="utf-8")
    assert "title: 第二篇经验总结\n" in text and "authors: [张三, 李四]\n" in text
    assert messages(root) == []

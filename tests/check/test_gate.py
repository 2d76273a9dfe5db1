"""The safety gate: one broken file per rule, with the exact message (file, line, column, fix)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import VALID_FRONT, messages
from showcase.check import gate
from showcase.problems import Problems

F = "schools/caimao/2018-case.md"


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def body(text: str) -> str:
    return VALID_FRONT.replace("正文内容。", text)


CASES = {
    "script": {F: body("介绍\n\n<script>alert(1)</script>")},
    "iframe": {F: body('<iframe src="https://v.example.com/x"></iframe>')},
    "style": {F: body("<style>body{display:none}</style>")},
    "form": {F: body('<form action="x"><input></form>')},
    "object": {F: body('<object data="x.swf"></object> <embed src="y.swf">')},
    "onclick": {F: body('<span onclick="steal()">点我</span>')},
    "js-url": {F: body("[点我](javascript:alert(1))")},
    "data-url": {F: body('<img alt="x" src="data:image/png;base64,AAAA">')},
    "code-ok": {F: body("示例代码：`<script>` 不会执行。\n\n```html\n<script>alert(1)</script>\n```")},
    "id-number": {F: body("学生身份证号 11010519491231002X 已登记。")},
    "id-invalid-checksum": {F: body("编号 110105194912310021 不是身份证。")},
    "mobile": {F: body("联系电话：13812345678。")},
    "mobile-spaced": {F: body("联系电话：138 1234 5678。")},
    "mobile-masked": {F: body("联系电话：138****5678。")},
    "email": {F: body("邮箱 zhangsan@example.com 。")},
    "email-masked": {F: body("邮箱 z***@example.com 。")},
    "phone-in-frontmatter": {F: VALID_FRONT.replace("authors: [张三, 李四]", "authors: [张三 13812345678]")},
    "image-ok": {F: body("![实训室](images/lab.png)"), "schools/caimao/images/lab.png": png()},
    "image-no-alt": {F: body("![](images/lab.png)"), "schools/caimao/images/lab.png": png()},
    "image-missing": {F: body("![实训室](images/lab2.png)"), "schools/caimao/images/lab.png": png()},
    "image-case": {F: body("![实训室](images/Lab.png)"), "schools/caimao/images/lab.png": png()},
    "image-external": {F: body("![实训室](https://img.example.com/lab.png)")},
    "image-outside": {F: body("![实训室](../weisheng/images/lab.png)"), "schools/weisheng/images/lab.png": png()},
    "image-heic": {
        F: body("![实训室](images/lab.jpg)"),
        "schools/caimao/images/lab.jpg": b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100,
    },
    "image-gif": {"schools/caimao/images/anim.gif": b"GIF89a" + b"\x00" * 20},
    "image-name": {F: body("![实训室](images/实训室 照片.png)"), "schools/caimao/images/实训室 照片.png": png()},
    "svg-script": {
        "schools/caimao/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    },
    "svg-plain": {
        "schools/caimao/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    },
    "svg-news": {"news/images/chart.svgz": b"\x1f\x8b"},
    "too-large": {"schools/caimao/files/big.pdf": b"%PDF" + b"0" * (10 * 1024 * 1024 + 1)},
    "link-ok": {
        F: body("参见[通知原文](../../notice.md)和[财贸学校](../caimao/index.md)、[项目](../../projects/key-majors/)。")
    },
    "link-broken": {F: body("参见[另一篇](2018-other.md)。")},
    "link-absolute": {F: body("参见[通知](/notice/)。")},
}

EXPECTED = {
    "script": [
        "schools/caimao/2018-case.md:15:1: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
    ],
    "iframe": [
        "schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <iframe> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
    ],
    "style": [
        "schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <style> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
    ],
    "form": [
        "schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <form> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
    ],
    "object": [
        "schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <object> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]",
        "schools/caimao/2018-case.md:13:32: 正文: 不允许使用 <embed> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]",
    ],
    "onclick": [
        "schools/caimao/2018-case.md:13:7: 正文: HTML 标签里不允许写事件属性“onclick=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]"
    ],
    "js-url": [
        "schools/caimao/2018-case.md:13:6: 正文: 链接或图片地址不能以“javascript:”开头；链接请用 https:// 开头的网址；图片请放在本校的 images 文件夹里，用相对路径引用 [错误 unsafe-url]"
    ],
    "data-url": [
        "schools/caimao/2018-case.md:13:19: 正文: 链接或图片地址不能以“data:”开头；链接请用 https:// 开头的网址；图片请放在本校的 images 文件夹里，用相对路径引用 [错误 unsafe-url]"
    ],
    "code-ok": [],
    "id-number": [
        "schools/caimao/2018-case.md:13:8: 个人信息: 这里有一个身份证号码（110105********002X），公开网站不能刊登；请删除；确需保留时写成遮盖形式，如 140102********1234 [错误 personal-id]"
    ],
    "id-invalid-checksum": [],
    "mobile": [
        "schools/caimao/2018-case.md:13:6: 个人信息: 这里有一个手机号码（138****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 138****5678 [错误 personal-phone]"
    ],
    "mobile-spaced": [
        "schools/caimao/2018-case.md:13:6: 个人信息: 这里有一个手机号码（138****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 138****5678 [错误 personal-phone]"
    ],
    "mobile-masked": [],
    "email": [
        "schools/caimao/2018-case.md:13:4: 个人信息: 这里有一个电子邮箱地址（z***@example.com），公开网站不能刊登个人联系方式；请删除，或遮盖为 z***@example.com [错误 personal-email]"
    ],
    "email-masked": [],
    "phone-in-frontmatter": [
        "schools/caimao/2018-case.md:7:14: 个人信息: 这里有一个手机号码（138****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 138****5678 [错误 personal-phone]"
    ],
    "image-ok": [],
    "image-no-alt": [
        "schools/caimao/2018-case.md:13:1: 图片: 图片缺少说明文字（替代文本），看不见图片的读者和读屏软件需要它；请在方括号里写上图片内容，如 ![实训室布局](images/lab.png) [错误 image-alt]"
    ],
    "image-missing": [
        "schools/caimao/2018-case.md:13:1: 图片: 找不到图片“images/lab2.png”；你是不是想写“lab.png”？ [错误 missing-image]"
    ],
    "image-case": [
        "schools/caimao/2018-case.md:13:1: 图片: 找不到图片“images/Lab.png”；文件名的大小写不一致：实际文件是“lab.png”，请照抄 [错误 missing-image]"
    ],
    "image-external": [
        "schools/caimao/2018-case.md:13:1: 图片: 不能直接引用其他网站的图片（https://img.example.com/lab.png）：读者打开页面时会访问那个网站，图片也可能失效；请在确认有权使用后，把图片下载到本校的 images 文件夹，并改成相对路径，如 images/photo.jpg [错误 external-image]"
    ],
    "image-outside": [
        "schools/caimao/2018-case.md:13:1: 图片: 图片“../weisheng/images/lab.png”不在本校文件夹里；请把图片复制到 schools/caimao/images/ 并写成 images/文件名 [错误 image-outside]"
    ],
    "image-heic": [
        "schools/caimao/images/lab.jpg: 图片格式: 文件扩展名是 .jpg，但内容是苹果手机的 HEIC 照片，浏览器可能无法显示；请用画图或手机相册把它另存为 JPG 或 PNG，再替换这个文件 [错误 image-format]"
    ],
    "image-gif": [
        "schools/caimao/images/anim.gif: 图片格式: 不支持 .gif 格式的图片，部分浏览器无法显示；请用画图或手机相册把它另存为 JPG 或 PNG，再修改引用它的地方 [错误 image-format]"
    ],
    "image-name": [
        "schools/caimao/images/实训室 照片.png: 文件名: 文件名“实训室 照片.png”会出现在网址里，只能用英文字母、数字和连字符；请改成英文或拼音，如 shixunshi.png（并修改引用它的地方） [错误 file-name]"
    ],
    "svg-script": [
        "schools/caimao/images/chart.svg: 图片格式: 网站不发布 SVG 图片：SVG 文件里可以藏有在读者浏览器中运行的代码；请把图另存为 PNG（在绘图软件或 WPS 中“导出为图片”），再修改引用它的地方 [错误 svg-refused]"
    ],
    "svg-plain": [
        "schools/caimao/images/chart.svg: 图片格式: 网站不发布 SVG 图片：SVG 文件里可以藏有在读者浏览器中运行的代码；请把图另存为 PNG（在绘图软件或 WPS 中“导出为图片”），再修改引用它的地方 [错误 svg-refused]"
    ],
    "svg-news": [
        "news/images/chart.svgz: 图片格式: 网站不发布 SVG 图片：SVG 文件里可以藏有在读者浏览器中运行的代码；请把图另存为 PNG（在绘图软件或 WPS 中“导出为图片”），再修改引用它的地方 [错误 svg-refused]"
    ],
    "too-large": [
        "schools/caimao/files/big.pdf: 文件大小: 文件有 10.00 MB，超过了 10 MB 的上限；照片请先缩小（例如用手机或画图软件另存为宽 1600 像素的 JPG）；大型文档请压缩或拆分 [错误 file-too-large]"
    ],
    "link-ok": [],
    "link-broken": [
        "schools/caimao/2018-case.md:13:3: 链接: 链接“2018-other.md”指向的页面或文件不存在；你是不是想写“2018-case.md”？ [错误 broken-link]"
    ],
    "link-absolute": [
        "schools/caimao/2018-case.md:13:3: 链接: 链接“/notice/”以 / 开头，网站放在子目录或内网时会失效；请写相对路径，如 ../weisheng/2018-zhengai-baogao.md，或写完整的 https:// 网址 [错误 absolute-link]"
    ],
}


@pytest.mark.parametrize("name", list(CASES))
def test_gate_rule(tree, name):
    assert messages(tree(CASES[name])) == EXPECTED[name]


def test_every_rule_has_a_valid_twin_that_passes():
    """Masked values, code blocks, valid SVGs and good links must pass untouched."""
    for name in ("code-ok", "id-invalid-checksum", "mobile-masked", "email-masked", "image-ok", "link-ok"):
        assert EXPECTED[name] == [], name


# --- personal data in every form -----------------------------------------------------------------


def scan(text: str) -> list[str]:
    """The personal-data rule alone on a text, as ``a.md`` (line 1 is the text's first line)."""
    problems = Problems()
    gate.check_personal_data("a.md", text, problems)
    return [p.format() for p in problems]


def phone(line: int, column: int, masked: str = "139****5678") -> str:
    return f"a.md:{line}:{column}: 个人信息: 这里有一个手机号码（{masked}），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 {masked} [错误 personal-phone]"


def id_number(line: int, column: int, masked: str = "110105********002X") -> str:
    return f"a.md:{line}:{column}: 个人信息: 这里有一个身份证号码（{masked}），公开网站不能刊登；请删除；确需保留时写成遮盖形式，如 140102********1234 [错误 personal-id]"


def email(line: int, column: int, masked: str = "z***@example.com") -> str:
    return f"a.md:{line}:{column}: 个人信息: 这里有一个电子邮箱地址（{masked}），公开网站不能刊登个人联系方式；请删除，或遮盖为 {masked} [错误 personal-email]"


PERSONAL = [
    # mobile numbers: country prefix, separators, full-width digits, markup in between
    ("电话：+8613912345678", [phone(1, 5)]),
    ("电话 0086 139 1234 5678", [phone(1, 4)]),
    ("86-139-1234-5678", [phone(1, 1)]),
    ("（+86）139 1234 5678", [phone(1, 6)]),
    ("手机139.1234.5678", [phone(1, 3)]),
    ("手机 139 1234 5678", [phone(1, 4)]),
    ("１３９１２３４５６７８", [phone(1, 1)]),
    ("139-1234 5678", [phone(1, 1)]),
    ("139－1234．5678", [phone(1, 1)]),
    ("1391234 5678", [phone(1, 1)]),
    ("139**1234**5678", [phone(1, 1)]),
    ("139<!-- 隐藏 -->1234<!-- -->5678", [phone(1, 1)]),
    ("&#49;3912345678", [phone(1, 1)]),
    ("第一行\n  电话 139\\-1234\\-5678", [phone(2, 6)]),
    ("<span>139</span>12345678", [phone(1, 7)]),
    # ID numbers: 18 digits (check digit), lowercase x, groups, full-width, old 15 digits
    ("身份证 11010519491231002X", [id_number(1, 5)]),
    ("11010519491231002x", [id_number(1, 1, "110105********002x")]),
    ("110105 19491231 002X", [id_number(1, 1)]),
    ("110105-19491231-002X", [id_number(1, 1)]),
    ("1101 0519 4912 3100 2X", [id_number(1, 1)]),
    ("１１０１０５１９４９１２３１００２Ｘ", [id_number(1, 1)]),
    ("旧身份证 110105491231002", [id_number(1, 6, "110105*****1002")]),
    ("110105 491231 002", [id_number(1, 1, "110105*****1002")]),
    # e-mail: full-width at, character references, [at]/(at)/at … dot, mailto
    ("zhang＠example.com", [email(1, 1)]),
    ("邮箱 zhang&#64;example.com", [email(1, 4)]),
    ("zhang&#x40;example.com", [email(1, 1)]),
    ("zhang[at]example[dot]com", [email(1, 1)]),
    ("zhang (at) example.com", [email(1, 1)]),
    ("zhang at example dot com", [email(1, 1)]),
    ("zhang AT example DOT com", [email(1, 1)]),
    ("[写信](mailto:zhang%40example.com)", [email(1, 13)]),
    ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", [email(1, 1)]),
    ("<!-- zhang@example.com -->", [email(1, 6)]),
    # several on several lines: each reported once, at its own place
    ("甲 13912345678\n乙 110105 19491231 002X、zhang@example.com", [phone(1, 3), id_number(2, 3), email(2, 24)]),
]

INNOCENT = [
    "138****1234",
    "139 **** 5678",
    "1101**********1234",
    "110105********002X",
    "zhang***@example.com",
    "z***@example.com",
    "zhang@exa***.com",
    "2019年3月1日（20190301）",
    "经费 13,912,345,678 元",
    "统一社会信用代码 12140000405200118K",
    "统一社会信用代码 91140100MA0GRL4X2K",
    "学号 2017010203",
    "IP 192.168.100.100",
    "电话 0351-7654321",
    "邮政编码 030001",
    "ISBN 978-7-04-050123-4",
    "编号 110105194912310021 不是身份证",
    "110105491332002",
    "第 1 3 5 7 9 11 13 15 期",
    "2018-06-01 至 2019-06-30",
    "look at example.com",
    "1920x1080 像素",
    "13:00—17:30",
]


@pytest.mark.parametrize("text, expected", PERSONAL)
def test_personal_data_in_every_form(text, expected):
    assert scan(text) == expected


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_numbers_pass(text):
    assert scan(text) == []


PERSONAL_TREE = {
    "phone-in-title": {F: VALID_FRONT.replace("title: 以诊促改的实践", "title: 以诊促改的实践（联系 139 1234 5678）")},
    "email-in-tags": {F: VALID_FRONT.replace("tags: [诊改]", "tags: [诊改, zhang＠example.com]")},
    "phone-in-alt": {
        F: body("![张老师１３９１２３４５６７８](images/lab.png)"),
        "schools/caimao/images/lab.png": png(),
    },
    "phone-file-name": {F: body("![实训室](images/13912345678.png)"), "schools/caimao/images/13912345678.png": png()},
    "id-folder-name": {F: body("![实训室](110105491231002/lab.png)"), "schools/caimao/110105491231002/lab.png": png()},
    "phone-md-name": {"schools/caimao/2018-13912345678.md": body("正文。")},
}

PERSONAL_TREE_EXPECTED = {
    "phone-in-title": [
        "schools/caimao/2018-case.md:2:19: 个人信息: 这里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]"
    ],
    "email-in-tags": [
        "schools/caimao/2018-case.md:8:12: 个人信息: 这里有一个电子邮箱地址（z***@example.com），公开网站不能刊登个人联系方式；请删除，或遮盖为 z***@example.com [错误 personal-email]"
    ],
    "phone-in-alt": [
        "schools/caimao/2018-case.md:13:6: 个人信息: 这里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]"
    ],
    "phone-file-name": [
        "schools/caimao/2018-case.md:13:15: 个人信息: 这里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]",
        "schools/caimao/images/13912345678.png: 文件名: 文件名里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]",
    ],
    "id-folder-name": [
        "schools/caimao/110105491231002/lab.png: 文件名: 文件名里有一个身份证号码（110105*****1002），公开网站不能刊登；请删除；确需保留时写成遮盖形式，如 140102********1234 [错误 personal-id]",
        "schools/caimao/2018-case.md:13:8: 个人信息: 这里有一个身份证号码（110105*****1002），公开网站不能刊登；请删除；确需保留时写成遮盖形式，如 140102********1234 [错误 personal-id]",
    ],
    "phone-md-name": [
        "schools/caimao/2018-13912345678.md: 文件名: 文件名里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]"
    ],
}


@pytest.mark.parametrize("name", list(PERSONAL_TREE))
def test_personal_data_in_front_matter_alt_text_and_names(tree, name):
    assert messages(tree(PERSONAL_TREE[name])) == PERSONAL_TREE_EXPECTED[name]


# --- raw HTML across lines and in HTML's own forms -------------------------------------------------

RAW_HTML = [
    (
        '<img src="x.png"\nonerror="alert(1)">',
        [
            "a.md:2:1: 正文: HTML 标签里不允许写事件属性“onerror=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]"
        ],
    ),
    (
        "<svg/onload=alert(1)>",
        [
            "a.md:1:6: 正文: HTML 标签里不允许写事件属性“onload=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]"
        ],
    ),
    (
        '<a href="#"onclick="x()">链接</a>',
        [
            "a.md:1:12: 正文: HTML 标签里不允许写事件属性“onclick=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]"
        ],
    ),
    (
        '<span title="<" OnMouseOver="x()">文字</span>',
        [
            "a.md:1:17: 正文: HTML 标签里不允许写事件属性“OnMouseOver=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]"
        ],
    ),
    (
        "[链接](\njavascript:alert(1))",
        [
            "a.md:2:1: 正文: 链接或图片地址不能以“javascript:”开头；链接请用 https:// 开头的网址；图片请放在本校的 images 文件夹里，用相对路径引用 [错误 unsafe-url]"
        ],
    ),
    # What python-markdown renders as HTML is not code, whatever backticks stand around it:
    # an unclosed or indented fence, an escaped backtick, backticks in a raw HTML block, a code
    # span that the paragraph's earlier backtick closes.
    (
        "文字\n\n```\n<script>alert(1)</script>",
        [
            "a.md:4:1: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
        ],
    ),
    (
        "   ```\n<script>alert(1)</script>\n   ```",
        [
            "a.md:2:1: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
        ],
    ),
    (
        "\\`<script>alert(1)</script>`",
        [
            "a.md:1:3: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
        ],
    ),
    (
        "<div>\n`<script>alert(1)</script>`\n</div>",
        [
            "a.md:2:2: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
        ],
    ),
    (
        '# 标题 `\nx ` y\n`<b onclick="x()">`',
        [
            "a.md:3:5: 正文: HTML 标签里不允许写事件属性“onclick=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]"
        ],
    ),
    ('```html\n<script>alert(1)</script>\n```\n\n段落 `<b onclick="x()">` 文字', []),
    (
        "<!-- 注释 --> `<script>alert(1)</script>`",
        [
            "a.md:1:14: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]"
        ],
    ),
    ('<span title="onclick=x">文字</span>', []),
    ('`<span onclick="x">`', []),
    ("onion = 洋葱", []),
]


@pytest.mark.parametrize("text, expected", RAW_HTML)
def test_raw_html_as_the_browser_reads_it(text, expected):
    problems = Problems()
    gate.check_raw_html("a.md", text, 1, problems)
    assert [p.format() for p in problems] == expected


def test_references_in_html_comments_are_not_references():
    """A comment is not shown: the template's writing tips may show image syntax."""
    text = "<!-- 提示：用 ![图片说明](images/文件名.jpg) 插入。 -->\n\n![实训室](images/lab.png)\n<!--\n[旧链接](old.md)\n-->"
    assert [(r.kind, r.target, r.line) for r in gate.references(text, 1)] == [("image", "images/lab.png", 3)]


# --- every rule is linear: pathological inputs finish, with the right message ----------------------

PATHOLOGICAL = {
    "<a ": "a.md:1:{column}: 正文: HTML 标签里不允许写事件属性“onclick=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]",
    "<img src=x ": "a.md:1:{column}: 正文: HTML 标签里不允许写事件属性“onclick=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]",
    "[": None,
    "![": None,
    "![a](": None,
    "](": None,
    "<!--": None,
    "`": None,
    "&#": None,
    "@": None,
    "1 ": None,
}


@pytest.mark.parametrize("unit", list(PATHOLOGICAL))
def test_pathological_input_is_checked_in_linear_time(unit):
    """200,000 characters of one unit (seconds at most; minutes to hours before the rules were
    made linear, see bench/gate_bench.py), then one real problem, found and reported."""
    filler = unit * (200_000 // len(unit))
    text = filler + '<p onclick="x">13912345678</p>\n'
    problems = Problems()
    gate.check_raw_html("a.md", text, 1, problems)
    gate.check_personal_data("a.md", text, problems)
    gate.references(text, 1)
    found = [p.format() for p in problems]
    assert phone(1, len(filler) + 16) in found
    handler = [m for m in found if "onclick" in m]
    if PATHOLOGICAL[unit]:
        # An unclosed tag goes on to the next ">": the attribute is found inside the first tag.
        assert handler and handler[0].startswith("a.md:1:")
    else:
        assert handler == [
            f"a.md:1:{len(filler) + 4}: 正文: HTML 标签里不允许写事件属性“onclick=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]"
        ]

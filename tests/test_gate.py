"""The safety gate: one broken file per rule, with the exact message (file, line, column, fix)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import VALID_FRONT, messages

F = "schools/caimao/2018-case.md"


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def body(text: str) -> str:
    return VALID_FRONT.replace("正文内容。", text)


CASES = {
 "script": {F: body('介绍\n\n<script>alert(1)</script>')},
 "iframe": {F: body('<iframe src="https://v.example.com/x"></iframe>')},
 "style": {F: body('<style>body{display:none}</style>')},
 "form": {F: body('<form action="x"><input></form>')},
 "object": {F: body('<object data="x.swf"></object> <embed src="y.swf">')},
 "onclick": {F: body('<span onclick="steal()">点我</span>')},
 "js-url": {F: body('[点我](javascript:alert(1))')},
 "data-url": {F: body('<img alt="x" src="data:image/png;base64,AAAA">')},
 "code-ok": {F: body('示例代码：`<script>` 不会执行。\n\n```html\n<script>alert(1)</script>\n```')},
 "id-number": {F: body('学生身份证号 11010519491231002X 已登记。')},
 "id-invalid-checksum": {F: body('编号 110105194912310021 不是身份证。')},
 "mobile": {F: body('联系电话：13812345678。')},
 "mobile-spaced": {F: body('联系电话：138 1234 5678。')},
 "mobile-masked": {F: body('联系电话：138****5678。')},
 "email": {F: body('邮箱 zhangsan@example.com 。')},
 "email-masked": {F: body('邮箱 z***@example.com 。')},
 "phone-in-frontmatter": {F: VALID_FRONT.replace("authors: [张三, 李四]", "authors: [张三 13812345678]")},
 "image-ok": {F: body('![实训室](images/lab.png)'), "schools/caimao/images/lab.png": png()},
 "image-no-alt": {F: body('![](images/lab.png)'), "schools/caimao/images/lab.png": png()},
 "image-missing": {F: body('![实训室](images/lab2.png)'), "schools/caimao/images/lab.png": png()},
 "image-case": {F: body('![实训室](images/Lab.png)'), "schools/caimao/images/lab.png": png()},
 "image-external": {F: body('![实训室](https://img.example.com/lab.png)')},
 "image-outside": {F: body('![实训室](../weisheng/images/lab.png)'), "schools/weisheng/images/lab.png": png()},
 "image-heic": {F: body('![实训室](images/lab.jpg)'), "schools/caimao/images/lab.jpg": b"\x00\x00\x00\x18ftypheic" + b"\x00"*100},
 "image-gif": {"schools/caimao/images/anim.gif": b"GIF89a" + b"\x00"*20},
 "image-name": {F: body('![实训室](images/实训室 照片.png)'), "schools/caimao/images/实训室 照片.png": png()},
 "svg-script": {"schools/caimao/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'},
 "svg-ok": {"schools/caimao/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'},
 "too-large": {"schools/caimao/files/big.pdf": b"%PDF" + b"0" * (10*1024*1024 + 1)},
 "link-ok": {F: body('参见[通知原文](../../notice.md)和[财贸学校](../caimao/index.md)、[项目](../../projects/key-majors/)。')},
 "link-broken": {F: body('参见[另一篇](2018-other.md)。')},
 "link-absolute": {F: body('参见[通知](/notice/)。')},
}

EXPECTED = {
    'script': ['schools/caimao/2018-case.md:15:1: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]'],
    'iframe': ['schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <iframe> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]'],
    'style': ['schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <style> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]'],
    'form': ['schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <form> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]'],
    'object': ['schools/caimao/2018-case.md:13:1: 正文: 不允许使用 <object> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]', 'schools/caimao/2018-case.md:13:32: 正文: 不允许使用 <embed> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]'],
    'onclick': ['schools/caimao/2018-case.md:13:7: 正文: HTML 标签里不允许写事件属性“onclick=”（会在读者浏览器里运行代码）；请删除这个属性 [错误 raw-html]'],
    'js-url': ['schools/caimao/2018-case.md:13:6: 正文: 链接或图片地址不能以“javascript:”开头；链接请用 https:// 开头的网址；图片请放在本校的 images 文件夹里，用相对路径引用 [错误 unsafe-url]'],
    'data-url': ['schools/caimao/2018-case.md:13:19: 正文: 链接或图片地址不能以“data:”开头；链接请用 https:// 开头的网址；图片请放在本校的 images 文件夹里，用相对路径引用 [错误 unsafe-url]'],
    'code-ok': [],
    'id-number': ['schools/caimao/2018-case.md:13:8: 个人信息: 这里有一个身份证号码（110105********002X），公开网站不能刊登；请删除；确需保留时写成遮盖形式，如 140102********1234 [错误 personal-id]'],
    'id-invalid-checksum': [],
    'mobile': ['schools/caimao/2018-case.md:13:6: 个人信息: 这里有一个手机号码（138****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 138****5678 [错误 personal-phone]'],
    'mobile-spaced': ['schools/caimao/2018-case.md:13:6: 个人信息: 这里有一个手机号码（138****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 138****5678 [错误 personal-phone]'],
    'mobile-masked': [],
    'email': ['schools/caimao/2018-case.md:13:4: 个人信息: 这里有一个电子邮箱地址（z***@example.com），公开网站不能刊登个人联系方式；请删除，或遮盖为 z***@example.com [错误 personal-email]'],
    'email-masked': [],
    'phone-in-frontmatter': ['schools/caimao/2018-case.md:7:14: 个人信息: 这里有一个手机号码（138****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 138****5678 [错误 personal-phone]'],
    'image-ok': [],
    'image-no-alt': ['schools/caimao/2018-case.md:13:1: 图片: 图片缺少说明文字（替代文本），看不见图片的读者和读屏软件需要它；请在方括号里写上图片内容，如 ![实训室布局](images/lab.png) [错误 image-alt]'],
    'image-missing': ['schools/caimao/2018-case.md:13:1: 图片: 找不到图片“images/lab2.png”；你是不是想写“lab.png”？ [错误 missing-image]'],
    'image-case': ['schools/caimao/2018-case.md:13:1: 图片: 找不到图片“images/Lab.png”；文件名的大小写不一致：实际文件是“lab.png”，请照抄 [错误 missing-image]'],
    'image-external': ['schools/caimao/2018-case.md:13:1: 图片: 不能直接引用其他网站的图片（https://img.example.com/lab.png）：读者打开页面时会访问那个网站，图片也可能失效；请在确认有权使用后，把图片下载到本校的 images 文件夹，并改成相对路径，如 images/photo.jpg [错误 external-image]'],
    'image-outside': ['schools/caimao/2018-case.md:13:1: 图片: 图片“../weisheng/images/lab.png”不在本校文件夹里；请把图片复制到 schools/caimao/images/ 并写成 images/文件名 [错误 image-outside]'],
    'image-heic': ['schools/caimao/images/lab.jpg: 图片格式: 文件扩展名是 .jpg，但内容是苹果手机的 HEIC 照片，浏览器可能无法显示；请用画图或手机相册把它另存为 JPG 或 PNG，再替换这个文件 [错误 image-format]'],
    'image-gif': ['schools/caimao/images/anim.gif: 图片格式: 不支持 .gif 格式的图片，部分浏览器无法显示；请用画图或手机相册把它另存为 JPG 或 PNG，再修改引用它的地方 [错误 image-format]'],
    'image-name': ['schools/caimao/images/实训室 照片.png: 文件名: 文件名“实训室 照片.png”会出现在网址里，只能用英文字母、数字和连字符；请改成英文或拼音，如 shixunshi.png（并修改引用它的地方） [错误 file-name]'],
    'svg-script': ['schools/caimao/images/chart.svg: 图片: SVG 图片里含有脚本或事件代码，不能发布；请改用 PNG 或 JPG 图片，或去掉 SVG 中的脚本 [错误 svg-script]'],
    'svg-ok': [],
    'too-large': ['schools/caimao/files/big.pdf: 文件大小: 文件有 10.00 MB，超过了 10 MB 的上限；照片请先缩小（例如用手机或画图软件另存为宽 1600 像素的 JPG）；大型文档请压缩或拆分 [错误 file-too-large]'],
    'link-ok': [],
    'link-broken': ['schools/caimao/2018-case.md:13:3: 链接: 链接“2018-other.md”指向的页面或文件不存在；你是不是想写“2018-case.md”？ [错误 broken-link]'],
    'link-absolute': ['schools/caimao/2018-case.md:13:3: 链接: 链接“/notice/”以 / 开头，网站放在子目录或内网时会失效；请写相对路径，如 ../weisheng/2018-zhengai-baogao.md，或写完整的 https:// 网址 [错误 absolute-link]'],
}


@pytest.mark.parametrize("name", list(CASES))
def test_gate_rule(tree, name):
    assert messages(tree(CASES[name])) == EXPECTED[name]


def test_every_rule_has_a_valid_twin_that_passes():
    """Masked values, code blocks, valid SVGs and good links must pass untouched."""
    for name in ("code-ok", "id-invalid-checksum", "mobile-masked", "email-masked", "image-ok", "svg-ok", "link-ok"):
        assert EXPECTED[name] == [], name

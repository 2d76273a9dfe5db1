"""Hostile files: links, FIFOs, odd names and resource bombs.

Each is reported by ``check`` with its Chinese message (file, line, code), never followed or
read, never a traceback, and quickly: no rule is worse than linear in the size of what it reads.
"""

from __future__ import annotations

import os
import socket
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from conftest import REPO, VALID_FRONT, make_tree, messages
from showcase.load.content import load_site
from showcase.load.sources import MAX_TEXT_BYTES, list_folder, parse_yaml, read_text
from showcase.output import images
from showcase.pipeline import run
from showcase.problems import Problems
from support import build_site, run_build_py

F = "schools/caimao/2018-case.md"
LINK = "这是一个符号链接（快捷方式）：网站不会顺着链接去读别处的文件；请把链接换成文件本身（把真正的文件复制到这里），或删除这个链接 [错误 not-regular-file]"
OTHER = "这不是普通文件（是管道、套接字或设备文件），不能作为网站内容；请删除它；网站内容只能是普通的文件和文件夹 [错误 not-regular-file]"


def front(**fields: str) -> str:
    text = VALID_FRONT
    for key, value in fields.items():
        text = "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.split("\n"))
    return text


def assert_clean_failure(result) -> None:
    """check or build failed, and said so in Chinese, without a Python traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "RecursionError" not in result.stdout + result.stderr


# --- links and other things that are not files --------------------------------------------------


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A file outside the project, which a link could point at."""
    path = tmp_path_factory.mktemp("outside") / "secret.md"
    path.write_text(VALID_FRONT.replace("以诊促改的实践", "别处的文件"), encoding="utf-8")
    return path


LINK_VARIANTS = {
    "to-a-file-outside": ("schools/caimao/2018-link.md", lambda outside: outside),
    "etc-passwd-as-attachment": ("schools/caimao/images/x.pdf", lambda outside: Path("/etc/passwd")),
    "to-a-markdown-file-beside": ("schools/caimao/2018-copy.md", lambda outside: Path("2018-case.md")),
    "dangling": ("schools/caimao/2018-gone.md", lambda outside: outside.parent / "nothing.md"),
    "loop": ("schools/caimao/2018-loop.md", lambda outside: Path("2018-loop.md")),
    "dev-zero-as-image": ("schools/caimao/images/zero.jpg", lambda outside: Path("/dev/zero")),
    "dev-zero-as-markdown": ("schools/caimao/2018-zero.md", lambda outside: Path("/dev/zero")),
    "folder-to-etc": ("schools/caimao/images", lambda outside: Path("/etc")),
    "school-folder": ("schools/new-school", lambda outside: Path("caimao")),
    "featured": ("featured.yml", lambda outside: Path("/etc/passwd")),
    "assessment": ("assessment.yml", lambda outside: Path("/dev/zero")),
    "site-file": ("site.yml", lambda outside: Path("/etc/passwd")),
    "project": ("projects/evil.yml", lambda outside: outside),
    "news-item": ("news/2018-03-01-liehui.md", lambda outside: outside),
    "news-folder": ("news", lambda outside: outside.parent),
    "compilation-preface": ("compilation/preface.md", lambda outside: outside),
    "compilation-other": ("compilation/cover.png", lambda outside: Path("/etc/passwd")),
    "content-page": ("content/evil.md", lambda outside: Path("/etc/shadow")),
}


@pytest.mark.parametrize("rel, target", LINK_VARIANTS.values(), ids=LINK_VARIANTS.keys())
def test_a_link_is_reported_and_never_followed(tree, outside, rel, target):
    root = tree({F: VALID_FRONT})
    link = root / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_dir() and not link.is_symlink():
        link.rmdir()
    link.symlink_to(target(outside))
    started = time.perf_counter()
    result = run(root, demo=False)
    site, problems = result.site, result.problems
    assert time.perf_counter() - started < 10
    assert f"{rel}: 文件: {LINK}" in [p.format() for p in problems]
    # Nothing behind the link made it into the site.
    assert not any(str(a.abs_path).startswith(str(root / rel)) for a in site.assets)
    assert [s.path for s in site.submissions] == [F]
    assert not site.featured and not site.news or rel not in ("featured.yml", "news/2018-03-01-liehui.md", "news")


def test_a_fifo_and_a_socket_are_reported_without_blocking(tree):
    root = tree({F: VALID_FRONT})
    os.mkfifo(root / "schools/caimao/2018-pipe.md")
    os.mkfifo(root / "featured.yml")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "schools/caimao/images.png"))
        result = run_build_py(root, "check")
    assert_clean_failure(result)
    lines = result.stdout.splitlines()
    assert f"schools/caimao/2018-pipe.md: 文件: {OTHER}" in lines
    assert f"featured.yml: 文件: {OTHER}" in lines
    assert f"schools/caimao/images.png: 文件: {OTHER}" in lines


def test_check_and_build_on_a_tree_of_links_fail_cleanly(tmp_path, outside):
    root = make_tree(tmp_path, {F: VALID_FRONT})
    school = root / "schools/caimao"
    (school / "images").mkdir()
    (school / "images/x.pdf").symlink_to("/etc/passwd")
    (school / "2018-link.md").symlink_to(outside)
    (school / "2018-loop.md").symlink_to("2018-loop.md")
    (school / "zero.jpg").symlink_to("/dev/zero")
    (school / "2018-copy.md").symlink_to("2018-case.md")
    os.mkfifo(school / "2018-pipe.md")
    result = run_build_py(root, "check")
    assert_clean_failure(result)
    lines = result.stdout.splitlines()
    for rel in ("images/x.pdf", "2018-link.md", "2018-loop.md", "zero.jpg", "2018-copy.md"):
        assert f"schools/caimao/{rel}: 文件: {LINK}" in lines
    assert f"schools/caimao/2018-pipe.md: 文件: {OTHER}" in lines
    built = build_site(root)
    assert_clean_failure(built)
    assert "not-regular-file" in built.stderr
    assert not (root / "site" / "schools/caimao/images/x.pdf").exists()


def test_file_names_that_are_not_utf8_or_hold_controls(tree):
    root = tree({F: VALID_FRONT})
    with open(os.path.join(os.fsencode(root), b"schools/caimao/2018-\xff.md"), "wb") as stream:
        stream.write(VALID_FRONT.encode("utf-8"))
    (root / "schools/caimao/2018-a\nb.md").write_text(VALID_FRONT, encoding="utf-8")
    os.mkdir(os.path.join(os.fsencode(root), b"schools/caimao/images-\xfe"))
    (root / "schools/caimao/2018-\u202etxt.md").write_text(VALID_FRONT, encoding="utf-8")
    result = run_build_py(root, "check")
    assert_clean_failure(result)
    hint = "无法在网址和检查报告里使用；请把它改名为英文字母、数字和连字符组成的名字，如 2018-zhengai-baogao.md [错误 file-name]"
    assert result.stdout.splitlines()[-4:] == [
        f"schools/caimao/2018-\\u202etxt.md: 文件名: 文件名里有看不见的控制字符（如换行符或文字方向控制符），{hint}",
        f"schools/caimao/2018-\\xff.md: 文件名: 文件名不是有效的 UTF-8 文字（可能是在使用其他编码的电脑上命名的），{hint}",
        f"schools/caimao/2018-a\\u000ab.md: 文件名: 文件名里有看不见的控制字符（如换行符或文字方向控制符），{hint}",
        f"schools/caimao/images-\\xfe: 文件名: 文件名不是有效的 UTF-8 文字（可能是在使用其他编码的电脑上命名的），{hint}",
    ]


def test_index_md_is_reserved(tree):
    root = tree(
        {F: VALID_FRONT, "schools/caimao/index.md": front(title="学校主页"), "news/index.md": "---\ntitle: x\n---\n"}
    )
    assert messages(root) == [
        "news/index.md: 文件名: 文件名“index.md”留给网站自动生成的新闻列表页，不能用作新闻的文件名；请改成“日期加拼音”的名字，如 news/2018-03-01-liehui.md [错误 reserved-name]",
        "schools/caimao/index.md: 文件名: 文件名“index.md”留给网站自动生成的学校主页，不能用作材料的文件名；请改成“年份加拼音”的名字，如 2018-xuexiao-jieshao.md [错误 reserved-name]",
    ]


def test_a_demo_file_yields_to_the_schools_file_of_the_same_name(tmp_path):
    """A school naming its case like a sample broke the local build (two pages, one URL)."""
    demo_case = next((REPO / "demo/weisheng").glob("*.md"))
    image = next((REPO / "demo/weisheng/images").iterdir())
    root = make_tree(
        tmp_path,
        {
            f"schools/weisheng/{demo_case.name}": front(title="学校自己的材料", project="teaching-diagnosis"),
            f"schools/weisheng/images/{image.name}": image.read_bytes(),
        },
        with_demo=True,
    )
    site, problems = load_site(root, demo=True)
    assert [p.format() for p in problems] == [
        f"demo/weisheng/{demo_case.name}: 示例: 示例文件与学校自己的文件同名（网址都是 schools/weisheng/{demo_case.name}），本地预览只显示学校的文件；无需处理；要预览这个示例，请给学校的文件改名 [提醒 demo-shadowed]",
        f"demo/weisheng/images/{image.name}: 示例: 示例文件与学校自己的文件同名（网址都是 schools/weisheng/images/{image.name}），本地预览只显示学校的文件；无需处理；要预览这个示例，请给学校的文件改名 [提醒 demo-shadowed]",
    ]
    (mine,) = [s for s in site.submissions if s.uri == f"schools/weisheng/{demo_case.name}"]
    assert mine.title == "学校自己的材料" and not mine.demo
    assert [a.demo for a in site.assets if a.uri == f"schools/weisheng/images/{image.name}"] == [False]


def test_unreadable_file_and_folder(tree, monkeypatch):
    root = tree({F: VALID_FRONT, "schools/caimao/2019-locked.md": front(title="读不了")})
    real_open, real_scandir = os.open, os.scandir

    def locked_open(path, *args, **kwargs):
        if str(path).endswith("2019-locked.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def locked_scandir(path):
        if str(path).endswith("weisheng"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "open", locked_open)
    monkeypatch.setattr(os, "scandir", locked_scandir)
    _, problems = load_site(root)
    unreadable = "无法读取（没有读取权限，或文件已损坏）；请检查文件的权限，或重新复制一份 [错误 unreadable-file]"
    assert [p.format() for p in problems] == [
        f"schools/caimao/2019-locked.md: 文件: {unreadable}",
        f"schools/weisheng: 文件: {unreadable}",
    ]


# --- resources ----------------------------------------------------------------------------------

#: A "billion laughs" of 0.7 KB: nine levels of nine aliases, 387 million strings once built.
_LEVELS = [f"lol{level}" for level in range(9)]
ALIAS_BOMB = "".join(
    f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9 if previous else ['"lol"'] * 9) + "]\n"
    for previous, name in zip([""] + _LEVELS[:-1], _LEVELS)
)


def test_alias_bomb_is_refused_at_once_without_memory(tree):
    assert 600 < len(ALIAS_BOMB) < 800
    root = tree({F: "---\n" + ALIAS_BOMB + front()[4:]})
    tracemalloc.start()
    started = time.perf_counter()
    found = messages(root)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert found == [
        f"{F}:2: 文件头: YAML 的锚点和别名（& 和 *）在这里不能用；请把内容直接写出来；如果 & 或 * 是文字的一部分，请给整个值加上英文引号 [错误 yaml-anchor]",
    ]
    assert elapsed < 5 and peak < 50 * 1024 * 1024


YAML_BOMBS = {
    "deep-flow": (
        "title: " + "[" * 100_000 + "]" * 100_000,
        2,
        "层次太深：列表或子字段嵌套超过了 20 层；请对照模板检查缩进和方括号、花括号；文件头只需要一两层 [错误 yaml-depth]",
    ),
    "deep-block": (
        "tags:\n" + "".join(" " * i + "- \n" for i in range(1, 30)),
        22,
        "层次太深：列表或子字段嵌套超过了 20 层；请对照模板检查缩进和方括号、花括号；文件头只需要一两层 [错误 yaml-depth]",
    ),
    "big-number": (
        "title: " + "9" * 5000,
        2,
        "数字太长：超过了 20 位；请核对这个数字；如果它是文字（如编号），请给它加上英文引号 [错误 number-too-long]",
    ),
    "big-hex": (
        "title: 0x" + "f" * 5000,
        2,
        "数字太长：超过了 20 位；请核对这个数字；如果它是文字（如编号），请给它加上英文引号 [错误 number-too-long]",
    ),
    "tag": (
        'title: !!binary "aGVsbG8="',
        2,
        "YAML 的类型标签（!!binary）在这里不能用；请删除以 ! 开头的标签；如果 ! 是文字的一部分，请给整个值加上英文引号 [错误 yaml-tag]",
    ),
    "list-as-key": (
        "[a, b]: 值",
        2,
        "字段名只能是文字，这里是一个列表或几个子字段；请写成“字段名: 值”；值里有 [ ] 或 { } 时，请给整个值加上英文引号 [错误 yaml-key]",
    ),
}


@pytest.mark.parametrize("yaml_text, line, expected", YAML_BOMBS.values(), ids=YAML_BOMBS.keys())
def test_yaml_bombs_are_refused_before_anything_is_built(tree, yaml_text, line, expected):
    body = front().split("\n")
    body = "\n".join(
        [
            "---",
            yaml_text,
            *[line for line in body[1:] if not line.startswith("title:") and not line.startswith("tags:")],
        ]
    )
    root = tree({F: body})
    started = time.perf_counter()
    found = messages(root)
    assert time.perf_counter() - started < 5
    assert f"{F}:{line}: 文件头: {expected}" in found


def test_yaml_bomb_in_a_bureau_file(tree):
    root = tree({"featured.yml": ALIAS_BOMB, "assessment.yml": "first_year: " + "1" * 5000 + "\n"})
    assert messages(root) == [
        "assessment.yml:1: 试点期设置: 数字太长：超过了 20 位；请核对这个数字；如果它是文字（如编号），请给它加上英文引号 [错误 number-too-long]",
        "featured.yml:1: 推荐列表: YAML 的锚点和别名（& 和 *）在这里不能用；请把内容直接写出来；如果 & 或 * 是文字的一部分，请给整个值加上英文引号 [错误 yaml-anchor]",
    ]


def test_huge_file_is_refused_unread(tree, monkeypatch):
    root = tree({F: VALID_FRONT + "正文。" * (MAX_TEXT_BYTES // 9 + 1000)})
    size = (root / F).stat().st_size
    assert size > MAX_TEXT_BYTES
    assert messages(root) == [
        f"{F}: 文件大小: 文件有 {size / 1024 / 1024:.1f} MB，超过了文本文件 1 MB 的上限，没有读取；材料请精简或拆成几篇；图片和附件请作为单独的文件放在 images 文件夹里，不要写进文本文件 [错误 file-too-large]",
    ]


def test_long_line(tree):
    root = tree({F: VALID_FRONT + "长" * 20_001 + "\n"})
    assert messages(root) == [
        f"{F}:14: 行长度: 这一行有 20,001 个字符，超过了每行 20,000 个字符的上限；请在句子之间换行分段（Markdown 里空一行才是新段落，单个换行不影响显示） [错误 line-too-long]",
    ]


NESTING = "列表或引用嵌套太深：这一行在第 {depth} 层，最多 20 层；请减少缩进或行首的 >、- 符号；需要更多层次时，请改用小标题分节 [错误 nesting-too-deep]"
DIVS = "HTML 标签嵌套太深：这里的 <div> 已经在第 21 层，最多 20 层；请检查每个 HTML 标签是否都有结束标签；材料里一般不需要 HTML，请改用 Markdown 写法 [错误 nesting-too-deep]"
BRACKETS = "方括号 [ ]、圆括号 ( ) 或尖括号 < > 太多且没有配对，网站无法在合理的时间内转换这篇材料；请检查这里起的括号是否成对；要显示括号本身，请改用全角的［］（）＜＞ [错误 markup-too-complex]"
BODY_BOMBS = {
    "deep-quotes": ("> " * 5000 + "引用\n", [f"{F}:14: 正文: " + NESTING.format(depth=5000)]),
    "deep-list": ("".join("    " * i + "- 项目\n" for i in range(25)), [f"{F}:34: 正文: " + NESTING.format(depth=21)]),
    "dashes": ("- " * 3000 + "x\n", [f"{F}:14: 正文: " + NESTING.format(depth=3000)]),
    "nested-divs": ("<div markdown>\n" * 5000 + "x\n" + "</div>\n" * 5000, [f"{F}:34: 正文: " + DIVS]),
    "nested-divs-inline": ('<div markdown="1">' * 800 + "x" + "</div>" * 800 + "\n", [f"{F}:14: 正文: " + DIVS]),
    "brackets": ("[" * 19_000 + "\n", [f"{F}:14: 正文: " + BRACKETS]),
    "images": ("![" * 9_000 + "\n", [f"{F}:14: 正文: " + BRACKETS]),
    "links": ("[a](" * 4_000 + "\n", [f"{F}:14: 正文: " + BRACKETS]),
}


@pytest.mark.parametrize("body, expected", BODY_BOMBS.values(), ids=BODY_BOMBS.keys())
def test_body_bombs_are_refused_before_rendering(tree, body, expected):
    root = tree({F: VALID_FRONT + body})
    started = time.perf_counter()
    site, problems = load_site(root)
    assert [p.format() for p in problems] == expected
    assert time.perf_counter() - started < 5
    assert not site.submissions  # never rendered


def test_deep_nesting_within_the_bounds_renders(tree):
    body = (
        "".join("    " * i + "- 项目\n" for i in range(20))
        + "\n"
        + "> " * 20
        + "引用\n\n"
        + "<div markdown>\n\n" * 20
        + "x\n\n"
        + "</div>\n\n" * 20
    )
    assert messages(tree({F: VALID_FRONT + body})) == []


def test_ordinary_text_with_many_brackets_and_comparisons_passes(tree):
    body = "\n\n".join(
        f"第 {i} 段：成绩<60 分的学生有[名单](https://example.com/{i})（见附件[^{i}]）。" for i in range(1, 400)
    )
    body += "\n\n" + "\n".join(f"[^{i}]: 注释 {i}。" for i in range(1, 400)) + "\n"
    assert messages(tree({F: VALID_FRONT + body})) == []


def test_control_characters_with_line_and_column(tree):
    root = tree({F: VALID_FRONT + "换页\x0c符\n行分隔\u2028符\n方向\u202e反转\n"})
    hint = "请删除它（常见于从网页、PDF 或 Word 复制的文字）；它会让订阅源（feed.xml）等文件出错，或让文字显示得与实际不同 [错误 control-char]"
    assert messages(root) == [
        f"{F}:14:3: 文字: 第 3 列有一个看不见的控制字符 U+000C；{hint}",
        f"{F}:15:4: 文字: 第 4 列有一个看不见的行分隔符 U+2028；{hint}",
        f"{F}:16:3: 文字: 第 3 列有一个看不见的文字方向控制符 U+202E；{hint}",
    ]


def test_control_characters_listed_for_20_lines_then_counted(tree):
    root = tree({F: VALID_FRONT + "x\x01\n" * 30})
    found = messages(root)
    assert len(found) == 21
    assert (
        found[-1]
        == f"{F}:43: 文字: 另有 10 行也有看不见的控制字符（上面只列出了前 20 行）；请用编辑器的“显示不可见字符”功能查找并删除 [错误 control-char]"
    )


def pixel_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG of about 100 KB that declares width × height grey pixels (its image data cut short)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(compressor.compress(row * 100) for _ in range(height // 100 // 10)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )


def test_pixel_bomb_is_refused_from_its_header_and_never_published(tree, tmp_path):
    bomb = pixel_bomb()
    assert 50_000 < len(bomb) < 200_000
    root = tree({F: VALID_FRONT + "\n![图](images/big.png)\n", "schools/caimao/images/big.png": bomb})
    tracemalloc.start()
    site, problems = load_site(root)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.format() for p in problems] == [
        "schools/caimao/images/big.png: 图片尺寸: 图片有 30000 × 30000 像素（90,000 万像素），超过了 6,000 万像素的上限，不能发布；请把图片缩小后再上传（网站上的图片最宽 1600 像素；用画图或手机相册另存一份即可） [错误 image-too-large]",
    ]
    assert peak < 50 * 1024 * 1024
    assert "schools/caimao/images/big.png" in site.withheld_files
    assert not any(a.uri.endswith("big.png") for a in site.assets)
    # Publishing never decodes it either (the background prefetch sees it before the check).
    assert (
        images.publishable(root / "schools/caimao/images/big.png", tmp_path / "cache")
        == root / "schools/caimao/images/big.png"
    )


def test_pixel_bomb_in_the_news_is_refused_too(tree):
    root = tree({"news/images/big.png": pixel_bomb(20_000, 20_000)})
    site, problems = load_site(root)
    assert [p.format() for p in problems] == [
        "news/images/big.png: 图片尺寸: 图片有 20000 × 20000 像素（40,000 万像素），超过了 6,000 万像素的上限，不能发布；请把图片缩小后再上传（网站上的图片最宽 1600 像素；用画图或手机相册另存一份即可） [错误 image-too-large]",
    ]
    assert not any(a.uri.endswith("big.png") for a in site.assets)


def test_resource_bombs_fail_check_and_build_without_traceback(tmp_path):
    root = make_tree(
        tmp_path,
        {
            F: "---\n" + ALIAS_BOMB + front()[4:],
            "schools/caimao/2019-divs.md": front(title="层层嵌套") + "<div markdown>\n" * 5000 + "</div>\n" * 5000,
            "schools/caimao/2019-number.md": front(title="9" * 5000),
            "schools/caimao/2019-brackets.md": front(title="括号") + "[" * 19_000 + "\n",
            "schools/caimao/images/big.png": pixel_bomb(),
        },
    )
    started = time.perf_counter()
    result = run_build_py(root, "check")
    assert time.perf_counter() - started < 60
    assert_clean_failure(result)
    for code in ("yaml-anchor", "nesting-too-deep", "number-too-long", "markup-too-complex", "image-too-large"):
        assert f" {code}]" in result.stdout
    built = build_site(root)
    assert_clean_failure(built)
    assert "image-too-large" in built.stderr and "未生成网站" in built.stderr
    assert not (root / "site" / "schools/caimao/images/big.png").exists()


# --- the helpers themselves ----------------------------------------------------------------------


def test_list_folder_never_follows_and_reports_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/b.md").write_text("x", encoding="utf-8")
    (tmp_path / "a/up").symlink_to(tmp_path)
    os.mkfifo(tmp_path / "a/f")
    problems = Problems()
    entries = list_folder(tmp_path / "a", tmp_path, problems)
    assert [(e.rel, e.is_folder) for e in entries] == [("a/b.md", False)]
    assert [(p.path, p.code) for p in problems] == [("a/f", "not-regular-file"), ("a/up", "not-regular-file")]


def test_read_text_refuses_a_link_even_when_asked_directly(tmp_path):
    (tmp_path / "real.md").write_text("x", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    problems = Problems()
    assert not read_text(tmp_path / "link.md", "link.md", problems).ok
    assert [p.code for p in problems] == ["not-regular-file"]


def test_parse_yaml_is_linear_on_deep_flow():
    problems = Problems()
    started = time.perf_counter()
    assert parse_yaml("a: " + "[" * 500_000, "x.yml", problems) is None
    assert time.perf_counter() - started < 2
    assert [p.code for p in problems] == ["yaml-depth"]


def test_a_value_cannot_forge_lines_of_the_report(tree):
    """Messages quote what was written; a line feed or a direction override in it is written out."""
    root = tree({F: VALID_FRONT.replace("type: 典型案例", 'type: "案例\\nschools/x.md:1: 伪造 [错误 x]\\u202e"')})
    result = run_build_py(root, "check", "--publish")
    forged = [line for line in result.stdout.splitlines() if "伪造" in line]
    assert len(forged) == 1, result.stdout
    assert forged[0].startswith(f"{F}:4: type: 材料类型不能是“案例\\u000aschools/x.md:1: 伪造 [错误 x]\\u202e”")
    github = run_build_py(root, "check", "--publish", "--format", "github")
    assert "\u202e" not in github.stdout and len([line for line in github.stdout.splitlines() if "伪造" in line]) == 1

"""Every problem, at once, and only real ones: a front-matter error hides nothing else in the
file; a school's broken file is reported on that file, not on the bureau's list; references the
build would publish broken (spaces, news links) are reported by the check, in Chinese."""

from __future__ import annotations

import pytest

from conftest import FIXTURES_DIR, VALID_FRONT, messages
from support import build_site

F = "schools/caimao/2018-case.md"
PNG = (FIXTURES_DIR / "cover.png").read_bytes()

#: A body with three problems of its own: a missing image, a broken link, template text.
BROKEN_BODY = (
    "\n## 实施背景\n\n正文内容。\n\n![实训室](images/missing.png)\n\n"
    "见[方案](2018-nope.md)。\n\n（为什么做：学校面临的问题。）\n"
)
BODY_PROBLEMS = [
    f"{F}:15:1: 图片: 找不到图片“images/missing.png”；请检查文件名和所在文件夹（路径相对于本文件） [错误 missing-image]",
    f"{F}:17:2: 链接: 链接“2018-nope.md”指向的页面或文件不存在；你是不是想写“index.md”？ [错误 broken-link]",
    f"{F}:19: 正文: 模板里的说明文字“（为什么做：学校面临的问题。）…”还没有删除；请把这一行换成你自己的内容 [错误 template-text]",
]
FRONT = VALID_FRONT.split("\n## ")[0].rstrip("\n") + "\n"


@pytest.mark.parametrize(
    "front, front_problem",
    [
        pytest.param(
            FRONT.replace("type: 典型案例", "type: 案例"),
            f"{F}:4: type: 材料类型不能是“案例”；只能是以下之一：典型案例 / 经验总结 / 工作方案 / 诊改报告 / 进展报告；你是不是想写“典型案例”？ [错误 invalid-choice]",
            id="invalid-field",
        ),
        pytest.param(
            FRONT.replace("title: 以诊促改的实践", "title: [未闭合"),
            f"{F}:3: 文件头: 缩进或列表格式不对；同一层的字段要左对齐；列表项以“- ”开头，或写成 [甲, 乙] [错误 yaml-syntax]",
            id="unparsable",
        ),
        pytest.param(
            FRONT.replace("project: teaching-diagnosis", "project: apprenticeship"),
            f"{F}:3: project: 太原市财贸学校不承担“现代学徒制探索”试点（依据《并教职〔2017〕1号》）；请改为本校承担的项目之一："
            "teaching-diagnosis（教学诊断与改进）、school-enterprise（校企合作模式）、informatization（职业教育信息化建设） [错误 not-piloted]",
            id="site-rule",
        ),
    ],
)
def test_a_front_matter_error_hides_no_body_or_image_error(tree, front, front_problem):
    root = tree({F: front + BROKEN_BODY})
    assert messages(root) == sorted([front_problem, *BODY_PROBLEMS], key=_position)


def _position(message: str) -> tuple[int, int]:
    parts = message.split(": ", 1)[0].split(":")
    return int(parts[1]), int(parts[2]) if len(parts) > 2 else 0


def with_body(body: str) -> str:
    return FRONT + "\n## 实施背景\n\n" + body + "\n"


SPACE_HINT = "请把文件改名，用连字符代替空格（如 shixun-1.jpg），再照新名字修改这里的地址"


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "见 [附件](<images/ok .png>)。",
            f"{F}:13:3: 链接: 链接地址“images/ok .png”里有空格，网址里不能有空格；{SPACE_HINT} [错误 space-in-link]",
        ),
        (
            "见 [附件](images/ok%20.png)。",
            f"{F}:13:3: 链接: 链接地址“images/ok%20.png”里有空格，网址里不能有空格；{SPACE_HINT} [错误 space-in-link]",
        ),
        (
            "![照片](<images/ok .png>)",
            f"{F}:13:1: 图片: 图片地址“images/ok .png”里有空格，网址里不能有空格；{SPACE_HINT} [错误 space-in-link]",
        ),
        (
            '![照片](<images/o k.png> "标题")',
            f"{F}:13:1: 图片: 图片地址“images/o k.png”里有空格，网址里不能有空格；{SPACE_HINT} [错误 space-in-link]",
        ),
        (
            "[方案](<../caimao/2018 plan.md>)",
            f"{F}:13:1: 链接: 链接地址“../caimao/2018 plan.md”里有空格，网址里不能有空格；{SPACE_HINT} [错误 space-in-link]",
        ),
        (
            "[方案](images/ok%09.png)",
            f"{F}:13:1: 链接: 链接地址“images/ok%09.png”里有空格，网址里不能有空格；{SPACE_HINT} [错误 space-in-link]",
        ),
    ],
)
def test_a_reference_with_a_space_is_reported(tree, body, expected):
    root = tree({F: with_body(body), "schools/caimao/images/ok.png": PNG})
    assert messages(root) == [expected]


def test_an_encoded_name_that_exists_is_fine(tree):
    """%6F is "o": the browser asks for images/ok.png, which exists."""
    root = tree({F: with_body("![照片](images/%6Fk.png)"), "schools/caimao/images/ok.png": PNG})
    assert messages(root) == []


def test_the_build_stops_with_the_check_s_chinese_words_only(tree):
    """What check passes, build publishes; what it refuses, build refuses in the same words,
    never with an English strict-mode warning of its own."""
    root = tree(
        {
            F: with_body("见 [附件](<images/ok .png>) 与 ![照片](<images/ok .png>)。"),
            "schools/caimao/images/ok.png": PNG,
            "news/2018-03-15-liehui.md": "---\ntitle: 例会\ndate: 2018-03-15\nkind: 会议纪要\nsummary: 摘要。\n---\n\n"
            "见[材料](<../schools/caimao/2018 case.md>)。\n",
        }
    )
    result = build_site(root)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
    assert [line.split("[错误 ")[-1] for line in lines] == ["space-in-link]"] * 3
    assert all("里有空格，网址里不能有空格" in line for line in lines)


NEWS = "news/2018-03-15-liehui.md"
NEWS_FRONT = "---\ntitle: 例会\ndate: 2018-03-15\nkind: 会议纪要\nsummary: 摘要。\n---\n\n"


def test_links_and_images_in_news_are_checked(tree):
    root = tree(
        {
            NEWS: NEWS_FRONT
            + "见[材料](../schools/caimao/2018-nope.md)与[学校](../schools/caimao/index.md)。\n\n"
            + "![会场](images/huichang.png)\n\n![外校](../schools/caimao/images/ok.png)\n",
            "schools/caimao/images/ok.png": PNG,
            "news/images/huichang.png": PNG,
        }
    )
    assert messages(root) == [
        f"{NEWS}:8:2: 链接: 链接“../schools/caimao/2018-nope.md”指向的页面或文件不存在；你是不是想写“../schools/caimao/index.md”？ [错误 broken-link]",
        f"{NEWS}:12:1: 图片: 图片“../schools/caimao/images/ok.png”不在 news 文件夹里；请把图片复制到 news/images/ 并写成 images/文件名 [错误 image-outside]",
    ]


WAITING_HINT = "该校修正后，这篇材料会自动列入典型案例；本文件无需修改"


def test_a_featured_entry_waits_on_the_school_s_broken_file(tree):
    """featured.yml is the bureau's: a school's error is reported on the school's file, and the
    entry waits for it (a warning), rather than an error on a file the school cannot edit."""
    root = tree(
        {
            F: VALID_FRONT.replace("type: 典型案例", "type: 案例"),
            "featured.yml": "- id: caimao/2018-case\n  reason: 做法可推广。\n",
        }
    )
    assert messages(root) == [
        "featured.yml:1: id: 推荐的材料“caimao/2018-case”暂不能发布：schools/caimao/2018-case.md 还有错误（见该文件的错误说明）；"
        f"{WAITING_HINT} [提醒 featured-waiting]",
        f"{F}:4: type: 材料类型不能是“案例”；只能是以下之一：典型案例 / 经验总结 / 工作方案 / 诊改报告 / 进展报告；你是不是想写“典型案例”？ [错误 invalid-choice]",
    ]


def test_a_featured_entry_waits_on_a_broken_school_yml(tree):
    root = tree({F: VALID_FRONT, "featured.yml": "- id: caimao/2018-case\n  reason: 做法可推广。\n"})
    (root / "schools/caimao/school.yml").write_text("name: [\n", encoding="utf-8")
    found = messages(root)
    assert (
        "featured.yml:1: id: 推荐的材料“caimao/2018-case”暂不能发布：schools/caimao/school.yml 还有错误（见该文件的错误说明）；"
        f"{WAITING_HINT} [提醒 featured-waiting]"
    ) in found
    assert not [m for m in found if m.startswith("featured.yml") and "[错误" in m]


TEMPLATE_BODY = (
    "正文: 正文还是模板：只有小标题和写作提示，还没有写内容；"
    "请在每个小标题下写上自己的内容（写作提示在网页上不显示，写好后可以删除） [错误 template-body]"
)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "## 实施背景\n\n<!-- 写作提示：为什么做。 -->\n\n## 主要做法\n\n<!--\n多行的\n提示\n-->\n", id="tips"
        ),
        pytest.param("## 实施背景\n\n<!-- 没有结尾的提示\n\n## 主要做法\n", id="unclosed-tip"),
        pytest.param("## 实施背景\n\n## 主要做法\n\n### 一、小标题\n", id="headings-only"),
        pytest.param("<!-- a --><!-- b -->\n\n## 取得成效\n", id="two-tips-on-a-line"),
    ],
)
def test_an_untouched_skeleton_is_not_a_submission(tree, body):
    root = tree({F: FRONT + "\n" + body})
    assert messages(root) == [f"{F}:10: {TEMPLATE_BODY}"]


def test_the_template_s_guide_lines_alone_are_the_template(tree):
    body = (
        "## 实施背景\n\n（为什么做：学校面临的问题、试点的出发点。）\n\n## 主要做法\n\n（怎么做：步骤、制度、分工。）\n"
    )
    root = tree({F: FRONT + "\n" + body})
    assert messages(root) == [f"{F}:10: {TEMPLATE_BODY}"]


@pytest.mark.parametrize(
    "body",
    [
        "## 实施背景\n\n<!-- 提示 -->本校的做法。\n",
        "## 实施背景\n\n<!-- 提示 -->\n\n本校的做法。\n",
        "本校的做法。\n",
    ],
)
def test_a_written_body_with_tips_left_in_passes(tree, body):
    root = tree({F: FRONT + "\n" + body})
    assert messages(root) == []


def test_many_tips_and_an_unclosed_one_are_still_the_template(tree):
    """Thousands of tips, the last one never closed: still only the template (read in one pass)."""
    root = tree({F: FRONT + "\n## 实施背景\n\n" + "<!-- 提示 -->\n" * 5_000 + "<!-- 没有结尾\n本校的做法。\n"})
    assert messages(root) == [f"{F}:10: {TEMPLATE_BODY}"]

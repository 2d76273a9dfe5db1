"""One broken file per rule, with the exact Chinese message it must produce.

The messages are what school staff read: file, line, field, what is wrong, how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import VALID_FRONT, messages
from showcase.load.content import load_site

F = "schools/caimao/2018-case.md"

CASES = [
    pytest.param(
        "---\ntitle: 标题: 副标题\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            'schools/caimao/2018-case.md:2: 文件头: 这一行的值里有英文冒号加空格“: ”，YAML 会把它当成新的字段；请把这个冒号改成中文冒号“：”，或给整个值加上英文引号，例如 title: "标题: 副标题" [错误 yaml-syntax]'
        ],
        id="yaml-colon",
    ),
    pytest.param(
        '---\ntitle: "未闭合的引号\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n',
        [
            "schools/caimao/2018-case.md:8: 文件头: 引号没有配对：有开头的引号，没有结尾的引号；请补上结尾的引号，或去掉多余的引号 [错误 yaml-syntax]"
        ],
        id="yaml-quote",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\ntitle: 又一个\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:9: title: 字段“title”写了两次（第一次在第 2 行），只能保留一个；请删除重复的一行，或把两处内容合并 [错误 duplicate-key]"
        ],
        id="duplicate-key",
    ),
    pytest.param(
        "## 实施背景\n\n正文\n",
        [
            "schools/caimao/2018-case.md:1: 文件头: 文件开头缺少文件头（front matter）；文件第一行必须是三个英文减号 ---，然后是 title、project 等字段，再以 --- 结束；请参照 templates/submission.md [错误 missing-front-matter]"
        ],
        id="missing-front",
    ),
    pytest.param(
        "——\ntitle: x\n",
        [
            "schools/caimao/2018-case.md:1: 文件头: 文件开头缺少文件头（front matter）；第一行的 --- 要用三个英文半角减号，不能用中文破折号或全角符号 [错误 missing-front-matter]"
        ],
        id="dash-front",
    ),
    pytest.param(
        "---\ntitle: x\n\n正文\n",
        [
            "schools/caimao/2018-case.md:1: 文件头: 文件头没有结束：第一行的 --- 之后找不到结束的 ---；请在最后一个字段后面单独写一行 ---，再写正文 [错误 unclosed-front-matter]"
        ],
        id="unclosed",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:2: summary: 缺少必填字段“summary”（摘要）；请在文件头加一行 summary: 学校以年度诊改主题为抓手，建立质量改进螺旋。（摘要，一两句话，200 字以内） [错误 missing-key]"
        ],
        id="missing-key",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\nshcool: x\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:9: shcool: 不认识的字段“shcool”，这一项不会被使用；可用的字段有：title, project, type, date, summary, authors, tags, cover, name [错误 unknown-key]"
        ],
        id="unknown-key",
    ),
    pytest.param(
        "---\n标题: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:2: 标题: 不认识的字段“标题”，这一项不会被使用；字段名要用英文：把“标题”改成“title” [错误 unknown-key]"
        ],
        id="chinese-key",
    ),
    pytest.param(
        "---\ntitle：以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:2: title: 字段名“title”后面用了中文冒号“：”；请改成英文冒号加一个空格：title: … [错误 fullwidth-colon]"
        ],
        id="fullwidth",
    ),
    pytest.param(
        "---\ntitle:以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:2: title: “title:”后面缺少空格；请在冒号后面加一个空格：title: … [错误 colon-space]"
        ],
        id="nospace",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags:\n\t- 诊改\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:9: 文件头: 这一行用了制表符（Tab）缩进，YAML 不允许；请把行首的 Tab 换成空格 [错误 yaml-tab]"
        ],
        id="tab",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:4: type: 材料类型不能是“案例”；只能是以下之一：典型案例 / 经验总结 / 工作方案 / 诊改报告 / 进展报告；你是不是想写“典型案例”？ [错误 invalid-choice]"
        ],
        id="type",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 六月一日\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:5: date: 日期“六月一日”看不懂；应写成 2018-06-01 这样的“年-月-日”；也可以写成 2018年6月1日 或 2018/6/1 [错误 invalid-date]"
        ],
        id="date-format",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-02-30\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:5: date: 日期“2018-02-30”不存在（2018 年 2 月没有 30 日）；请核对日期 [错误 invalid-date]"
        ],
        id="date-impossible",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018.6.1\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [],
        id="date-dot",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018年6月1日\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [],
        id="date-cn",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2016-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:5: date: 日期 2016-06-01 早于试点工作开始的 2017 年；请填写材料形成的日期（2017 年及以后） [错误 invalid-date]"
        ],
        id="date-early",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2099-01-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:5: date: 日期 2099-01-01 还没有到；请填写材料形成的日期，不能晚于今天 [错误 invalid-date]"
        ],
        id="date-future",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: \nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:6: summary: 摘要是空的；应为一段文字；请填写：summary: 学校以年度诊改主题为抓手，建立质量改进螺旋。 [错误 empty-value]"
        ],
        id="empty-summary",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:6: summary: 摘要太长：最多 200 字，现在 201 字；请精简到 200 字以内 [错误 too-long]"
        ],
        id="long-summary",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: []\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:7: authors: 作者至少要有一项，现在是空的；请填写：authors: [张三, 李四] [错误 empty-value]"
        ],
        id="authors-empty",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: 张三、李四\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [],
        id="authors-string",
    ),
    pytest.param(
        "---\ntitle: [a, b]\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:2: title: 标题应为一段文字，实际是一个列表（2 项）；文字里有英文冒号、# 号或以引号、方括号开头时，请给整个值加上英文引号 [错误 wrong-kind]"
        ],
        id="title-list",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosi\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:3: project: 试点项目编号“teaching-diagnosi”不存在；你是不是想写“teaching-diagnosis”？ [错误 unknown-project]"
        ],
        id="unknown-project",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: 教学诊断与改进\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:3: project: 试点项目编号“教学诊断与改进”不存在；“教学诊断与改进”是项目名称，这里要写项目编号：teaching-diagnosis [错误 unknown-project]"
        ],
        id="project-name",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: apprenticeship\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:3: project: 太原市财贸学校不承担“现代学徒制探索”试点（依据《并教职〔2017〕1号》）；请改为本校承担的项目之一：teaching-diagnosis（教学诊断与改进）、school-enterprise（校企合作模式）、informatization（职业教育信息化建设） [错误 not-piloted]"
        ],
        id="not-piloted",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n",
        [
            "schools/caimao/2018-case.md:10: 正文: 正文是空的：文件头之后没有内容；请在第二个 --- 之后写正文（实施背景、主要做法、取得成效、经验与反思） [错误 empty-body]"
        ],
        id="empty-body",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n## 实施背景\n\n（为什么做：学校面临的问题、试点的出发点。）\n\n真实内容\n",
        [
            "schools/caimao/2018-case.md:13: 正文: 模板里的说明文字“（为什么做：学校面临的问题、试点的出发点…”还没有删除；请把这一行换成你自己的内容 [错误 template-text]"
        ],
        id="template-text",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\n---\n\n# 以诊促改的实践\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:11: 正文: 正文里不需要一级标题（# 开头）：网页会用文件头里的 title 作标题；请删除这一行，或改成二级标题 ##  [提醒 body-h1]"
        ],
        id="h1",
    ),
    pytest.param(
        "---\ntitle: 以诊促改的实践\nproject: teaching-diagnosis\ntype: 典型案例\ndate: 2018-06-01\nsummary: 学校建立质量改进螺旋。\nauthors: [张三, 李四]\ntags: [诊改]\ncover: images/none.jpg\n---\n\n## 实施背景\n\n正文内容。\n",
        [
            "schools/caimao/2018-case.md:9: cover: 封面图片“images/none.jpg”找不到；请把图片放在本校文件夹里，并写相对本文件的路径，如 images/cover.jpg [错误 missing-image]"
        ],
        id="cover",
    ),
    pytest.param(
        VALID_FRONT.replace("title: 以诊促改的实践", "title: 以诊促改<script>的实践"),
        [
            "schools/caimao/2018-case.md:2: title: 标题里不能有英文符号 <：网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]"
        ],
        id="title-markup",
    ),
    pytest.param(
        VALID_FRONT.replace("title: 以诊促改的实践", "title: '以诊促改 & \"实践\"'"),
        [
            "schools/caimao/2018-case.md:2: title: 标题里不能有英文符号 &：网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]"
        ],
        id="title-ampersand",
    ),
    pytest.param(
        VALID_FRONT.replace("title: 以诊促改的实践", 'title: "以诊促改\\u202e的实践"'),
        [
            "schools/caimao/2018-case.md:2: title: 标题里有一个看不见的控制字符（U+202E）；请删除它（常见于从网页、PDF 或 Word 复制的文字，或写成了 \\u 转义） [错误 unsafe-char]"
        ],
        id="title-bidi-escape",
    ),
    pytest.param(
        VALID_FRONT.replace("authors: [张三, 李四]", 'authors: [张三, "李四>"]').replace(
            "tags: [诊改]", 'tags: [诊改, "a\\x07"]'
        ),
        [
            "schools/caimao/2018-case.md:7: authors[2]: 作者里不能有英文符号 >：网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]",
            "schools/caimao/2018-case.md:8: tags[2]: 关键词里有一个看不见的控制字符（U+0007）；请删除它（常见于从网页、PDF 或 Word 复制的文字，或写成了 \\u 转义） [错误 unsafe-char]",
        ],
        id="authors-tags",
    ),
    pytest.param(
        VALID_FRONT.replace("summary: 学校建立质量改进螺旋。", "summary: 学校建立 <b>质量</b> 改进螺旋。"),
        [
            "schools/caimao/2018-case.md:6: summary: 摘要里不能有英文符号 <：网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]"
        ],
        id="summary-markup",
    ),
    pytest.param(
        VALID_FRONT.replace("summary: 学校建立质量改进螺旋。", "summary: '学校建立 \"质量 & 改进\" 螺旋。'"),
        [],
        id="summary-ampersand-quotes",
    ),
    pytest.param(
        VALID_FRONT.replace("date: 2018-06-01", "date: 1528848000.5"),
        [
            "schools/caimao/2018-case.md:5: date: 日期“1528848000.5”看不懂；应写成 2018-06-01 这样的“年-月-日”；也可以写成 2018年6月1日 或 2018/6/1 [错误 invalid-date]"
        ],
        id="date-float",
    ),
    pytest.param(
        VALID_FRONT.replace("tags: [诊改]", "tags: [诊改]\n1: 数字字段名"),
        [
            "schools/caimao/2018-case.md:9: 1: 字段名“1”应该是英文单词；可用的字段：title, project, type, date, summary, authors, tags, cover, name [错误 unknown-key]"
        ],
        id="number-key",
    ),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_front_matter_rule(tree, text, expected):
    root = tree({F: text})
    assert messages(root) == expected


def test_valid_submission_passes_untouched(tree):
    root = tree({F: VALID_FRONT})
    site, problems = load_site(root)
    assert [p.format() for p in problems] == []
    (submission,) = site.submissions
    assert submission.id == "caimao/2018-case"
    assert submission.body == VALID_FRONT.split("---\n", 2)[2]
    assert submission.meta.authors == ["张三", "李四"]


@pytest.mark.parametrize("written", ["2018.6.1", "2018年6月1日", "2018/6/1", "2018-6-1", "２０１８－０６－０１"])
def test_dates_in_common_chinese_formats(tree, written):
    root = tree({F: VALID_FRONT.replace("date: 2018-06-01", f"date: {written}")})
    site, problems = load_site(root)
    assert not problems
    assert site.submissions[0].date == dt.date(2018, 6, 1)


def test_single_author_string_and_chinese_separators(tree):
    root = tree(
        {
            F: VALID_FRONT.replace("authors: [张三, 李四]", "authors: 张三、李四，王五").replace(
                "tags: [诊改]", "tags: 诊改"
            )
        }
    )
    site, problems = load_site(root)
    assert not problems
    assert site.submissions[0].meta.authors == ["张三", "李四", "王五"]
    assert site.submissions[0].meta.tags == ["诊改"]


def test_bom_and_windows_line_ends_are_accepted_without_loss(tree):
    data = ("\ufeff" + VALID_FRONT).replace("\n", "\r\n").encode("utf-8")
    root = tree({F: data})
    site, problems = load_site(root)
    assert not problems
    assert site.submissions[0].body == VALID_FRONT.split("---\n", 2)[2]


def test_gbk_file_is_reported_not_guessed(tree):
    root = tree({F: VALID_FRONT.encode("gb18030")})
    assert messages(root) == [
        "schools/caimao/2018-case.md:2: 文件编码: 文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本或旧版 Word 的默认编码）；"
        "请用编辑器“另存为 UTF-8”，或运行 python build.py fix 自动转换（转换前会征求你的同意，不会丢失任何字符） [错误 encoding]"
    ]


def test_duplicate_titles_are_reported_on_both_files(tree):
    other = VALID_FRONT.replace("project: teaching-diagnosis", "project: informatization")
    root = tree({F: VALID_FRONT, "schools/caimao/2019-other.md": other})
    assert messages(root) == [
        "schools/caimao/2018-case.md:2: title: 标题“以诊促改的实践”与 schools/caimao/2019-other.md 重复；同一标题只能用一次：请修改标题，或删除重复的文件 [错误 duplicate-title]",
        "schools/caimao/2019-other.md:2: title: 标题“以诊促改的实践”与 schools/caimao/2018-case.md 重复；同一标题只能用一次：请修改标题，或删除重复的文件 [错误 duplicate-title]",
    ]


def test_all_problems_of_all_files_in_one_run(tree):
    root = tree(
        {
            F: VALID_FRONT.replace("type: 典型案例", "type: 案例").replace("date: 2018-06-01", "date: 2018-02-30"),
            "schools/weisheng/2018-b.md": VALID_FRONT.replace("title: 以诊促改的实践", "title: 另一篇").replace(
                "project: teaching-diagnosis", "project: apprenticeship"
            ),
        }
    )
    codes = [m.rsplit(" ", 1)[1].rstrip("]") for m in messages(root)]
    assert codes == ["invalid-choice", "invalid-date", "not-piloted"]


def test_file_name_must_be_url_safe(tree):
    root = tree({"schools/caimao/2018 诊改 Report.md": VALID_FRONT})
    assert messages(root) == [
        "schools/caimao/2018 诊改 Report.md: 文件名: 文件名“2018 诊改 Report.md”会出现在网址里，只能用小写英文字母、数字和连字符；请改名为 2018-report.md [错误 file-name]"
    ]


def test_unsupported_file_is_reported_not_dropped(tree):
    root = tree({"schools/caimao/材料.txt": "内容"})
    assert messages(root) == [
        "schools/caimao/材料.txt: 文件类型: 不支持的文件类型“.txt”，它不会出现在网站上；材料请写成 .md 文件；图片用 .jpg/.png/.webp；附件用 .pdf/.docx/.xlsx/.pptx [错误 unsupported-file]"
    ]


def test_markdown_in_subfolder_is_reported(tree):
    root = tree({"schools/caimao/2018/case.md": VALID_FRONT})
    assert messages(root) == [
        "schools/caimao/2018/case.md: 位置: 材料（.md 文件）要直接放在学校文件夹下，不能放进子文件夹；请移到 schools/caimao/case.md；图片可以放在子文件夹里 [错误 misplaced-file]"
    ]


def test_file_directly_under_schools_is_reported(tree):
    root = tree({"schools/case.md": VALID_FRONT})
    assert messages(root) == [
        "schools/case.md: 位置: 文件不能直接放在 schools 文件夹下，要放进本校的文件夹；请移到 schools/<本校编号>/case.md [错误 misplaced-file]"
    ]


def test_school_folder_without_school_yml(tree):
    root = tree({"schools/new-school/2018-case.md": VALID_FRONT})
    assert messages(root) == [
        "schools/new-school: school.yml: 学校文件夹“new-school”里缺少 school.yml；请从其他学校的文件夹复制一份 school.yml 并改成本校信息 [错误 missing-school-file]",
        "schools/new-school/2018-case.md: 学校: 这篇材料所在的学校文件夹“new-school”没有有效的 school.yml，材料无法发布；请先修正该文件夹的 school.yml [错误 unknown-school]",
    ]


def test_project_file_names_an_unknown_school(tree):
    root = tree()
    path = root / "projects" / "apprenticeship.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - jiaotong\n", "  - jiaotng\n"), encoding="utf-8")
    assert messages(root) == [
        "projects/apprenticeship.yml:6: schools[2]: 学校编号“jiaotng”不存在（schools/ 下没有这个文件夹）；你是不是想写“jiaotong”？ [错误 unknown-school]"
    ]


def test_school_website_must_be_a_full_address(tree):
    root = tree()
    path = root / "schools" / "caimao" / "school.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("website: ", "website: www.example.cn"), encoding="utf-8")
    assert messages(root) == [
        "schools/caimao/school.yml:6: website: 网站地址“www.example.cn”不完整；请写完整的地址，以 http:// 或 https:// 开头；未核实就留空 [错误 invalid-url]"
    ]


@pytest.mark.parametrize(
    "website, expected",
    [
        (
            "javascript:alert(1)",
            "网站地址“javascript:alert(1)”不完整；请写完整的地址，以 http:// 或 https:// 开头；未核实就留空",
        ),
        (
            "https://admin:secret@www.example.cn/",
            "网站地址里不能有用户名或密码（@ 之前的部分）；请写学校网站首页的完整地址，如 https://www.example.edu.cn/；未核实就留空",
        ),
        (
            "'https://www.example.cn/\"onmouseover=\"x'",
            '网站地址里有不能出现在网址中的字符“"”；请写学校网站首页的完整地址，如 https://www.example.edu.cn/；未核实就留空',
        ),
        (
            "http:///path",
            "网站地址“http:///path”不完整；请写学校网站首页的完整地址，如 https://www.example.edu.cn/；未核实就留空",
        ),
    ],
)
def test_school_website_must_be_a_web_address(tree, website, expected):
    root = tree()
    path = root / "schools" / "caimao" / "school.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("website: ", f"website: {website}"), encoding="utf-8")
    assert messages(root) == [f"schools/caimao/school.yml:6: website: {expected} [错误 invalid-url]"]


def test_school_name_and_district_are_shown_on_one_line(tree):
    root = tree()
    path = root / "schools" / "caimao" / "school.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("name: 太原市财贸学校", "name: 太原市财贸学校<i>").replace("district: ", 'district: "小店区&"'),
        encoding="utf-8",
    )
    hint = "网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]"
    assert messages(root) == [
        f"schools/caimao/school.yml:2: name: 名称里不能有英文符号 <：{hint}",
        f"schools/caimao/school.yml:4: district: 所在县（市、区）里不能有英文符号 &：{hint}",
    ]


def test_project_name_and_number_types_in_chinese(tree):
    root = tree()
    path = root / "projects" / "teaching-diagnosis.yml"
    text = path.read_text(encoding="utf-8")
    order = next(line for line in text.split("\n") if line.startswith("order:"))
    name = next(line for line in text.split("\n") if line.startswith("name:"))
    path.write_text(text.replace(order, "order: 1.5").replace(name, name + ' "x"'), encoding="utf-8")
    found = [m for m in messages(root) if m.startswith("projects/teaching-diagnosis.yml")]
    assert any(
        m.endswith("order: 序号的写法不对，实际是“1.5”；请照这样写：order: … [错误 wrong-kind]") for m in found
    ), found
    assert any(
        m.endswith(
            'name: 名称里不能有英文符号 "：网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]'
        )
        for m in found
    ), found
    assert not any(re.search(r"[A-Z][a-z]+ should", m) for m in found)


def test_school_editors_must_be_github_accounts(tree):
    root = tree()
    path = root / "schools" / "caimao" / "school.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("editors: []", "editors: [张老师]"), encoding="utf-8")
    assert messages(root) == [
        "schools/caimao/school.yml:8: editors: “张老师”不是有效的 GitHub 账号名（只能有英文字母、数字和连字符）；请对照模板检查编辑账号 [错误 github-account]"
    ]


def test_invalid_school_folder_name(tree):
    root = tree({"schools/Caimao School/school.yml": "name: x\n"})
    assert messages(root) == [
        "schools/Caimao School: 文件夹名: 学校编号“Caimao School”只能用小写英文字母、数字和连字符；例如 caimao-school [错误 invalid-id]"
    ]


def test_reading_in_a_fork_reports_the_same(tree, monkeypatch):
    """From PARALLEL_FROM submissions on, half are read and checked in a forked process; the
    problems (every rule's broken file above, beside valid ones and a misplaced one) and the
    site come out exactly as in one process."""
    import showcase.load.content as load

    files = {f"schools/caimao/2018-rule-{n:02d}.md": case.values[0] for n, case in enumerate(CASES)}
    files |= {
        f"schools/weisheng/2019-ok-{n:02d}.md": VALID_FRONT.replace("以诊促改的实践", f"实践第{n}篇").replace(
            "teaching-diagnosis", "school-management"
        )
        for n in range(6)
    }
    files["schools/caimao/sub/2018-deep.md"] = VALID_FRONT
    root = tree(files)
    serial_site, serial = load.load_site(root)
    monkeypatch.setattr(load, "PARALLEL_FROM", 4)
    forked_site, forked = load.load_site(root)
    assert [p.format() for p in forked.items] == [p.format() for p in serial.items]
    assert len(serial.items) > len(CASES)
    assert [(s.id, s.meta, s.body) for s in forked_site.submissions] == [
        (s.id, s.meta, s.body) for s in serial_site.submissions
    ]
    assert [r.path for r in forked_site.rejected] == [r.path for r in serial_site.rejected]


@pytest.mark.parametrize(
    "model",
    [
        "SubmissionMeta",
        "SchoolFile",
        "ProjectFile",
        "FeaturedEntry",
        "OwnersFile",
        "NewsMeta",
        "AssessmentFile",
        "CompilationFile",
        "CmsFile",
    ],
)
def test_every_pydantic_error_is_said_in_chinese(model):
    """Whatever a field holds (a list, a mapping, a float, a boolean, nothing, a huge number in
    quotes, a key that is not text), the message is Chinese: pydantic's English never shows."""
    from showcase.load import schema
    from showcase.load.sources import YamlDoc
    from showcase.problems import Problems

    cls = getattr(schema, model)
    odd_values = [[1, [2]], {"a": 1}, 1.5, True, None, "9" * 5000, "", 2**70]
    for value in odd_values:
        data = dict.fromkeys(cls.model_fields, value)
        data[1] = "x"
        problems = Problems()
        schema.validate(cls, YamlDoc(data, {(): 1}), "x.yml", problems)
        for problem in problems:
            text = problem.message + problem.hint
            assert re.search(r"[\u4e00-\u9fff]", problem.message), (value, problem)
            assert not re.search(r"\b(Input|should|valid|Value error|Keys)\b", text), (value, problem)


def test_pull_request_summary_lists_every_problem_in_chinese(tree, tmp_path, monkeypatch):
    """GitHub shows ten annotations a step; the job summary (GITHUB_STEP_SUMMARY) has them all."""
    from support import run_build_py

    files = {
        f"schools/caimao/2018-case-{n:02d}.md": VALID_FRONT.replace("以诊促改的实践", f"实践第{n}篇").replace(
            "project: teaching-diagnosis", "project: no-such-project"
        )
        for n in range(12)
    }
    root = tree(files)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_build_py(root, "check", "--format", "github")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    table = summary.read_text(encoding="utf-8")
    rows = table.splitlines()[6:]  # after the heading, the note and the table's two header lines
    assert table.startswith(f"## 内容检查：{len(annotations)} 个错误、0 个提醒")
    assert len(rows) == len(annotations)  # the fixture also lacks owners.yml and schema/: more than ten in all
    school_rows = [row for row in rows if row.startswith("| schools/")]
    assert len(school_rows) == 12
    assert "试点项目编号“no-such-project”不存在" in school_rows[0] and "错误 `unknown-project`" in school_rows[0]

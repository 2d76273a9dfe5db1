"""``python build.py new``: the new file is named right, filled in, and passes the check as created."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO, messages
from showcase.load import schema
from showcase.load.content import load_site
from showcase.load.sources import parse_yaml, split_front_matter
from showcase.problems import Problems
from showcase.tools import scaffold
from support import run_build_py

GOLDEN = REPO / "tests" / "golden"


def answers(**changes) -> scaffold.NewSubmission:
    base = {
        "school_id": "weisheng",
        "project_id": "internship-management",
        "type": "工作方案",
        "title": "标题：副标题",
        "summary": "摘要。",
        "date": dt.date(2018, 6, 1),
        "authors": ("张三", "李四"),
        "name": "shixi-fangan",
    }
    return scaffold.NewSubmission(**{**base, **changes})


TEMPLATE_BODY = (
    "正文: 正文还是模板：只有小标题和写作提示，还没有写内容；"
    "请在每个小标题下写上自己的内容（写作提示在网页上不显示，写好后可以删除） [错误 template-body]"
)


def fill_in(path) -> None:
    """What the author does next: a paragraph of their own under every heading."""
    lines = path.read_text(encoding="utf-8").split("\n")
    filled = [part for line in lines for part in ([line, "", "本校的做法。"] if line.startswith("## ") else [line])]
    path.write_text("\n".join(filled), encoding="utf-8")


@pytest.mark.parametrize("kind", schema.SUBMISSION_TYPES)
def test_every_type_as_created_has_valid_front_matter_and_only_its_body_to_write(tree, kind):
    """The skeleton's front matter passes; its body (headings and writing tips) is reported as
    a template on purpose: an untouched skeleton must never be published.  Once written, it passes."""
    root = tree()
    site, _ = load_site(root)
    created = scaffold.create(
        root, answers(type=kind, name=f"case-{len(kind)}-{schema.SUBMISSION_TYPES.index(kind)}"), site
    )
    assert created.is_file()
    rel = created.relative_to(root).as_posix()
    body_line = created.read_text(encoding="utf-8").split("\n").index("---", 1) + 2
    assert messages(root) == [f"{rel}:{body_line}: {TEMPLATE_BODY}"]
    headings = [line[3:] for line in created.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert headings == [heading for heading, _ in scaffold.SECTIONS[kind]]
    fill_in(created)
    assert messages(root) == []


def test_case_sections_and_plan_sections():
    assert [h for h, _ in scaffold.SECTIONS["典型案例"]] == ["实施背景", "主要做法", "取得成效", "经验与反思"]
    assert [h for h, _ in scaffold.SECTIONS["工作方案"]] == ["工作目标", "主要任务", "进度安排", "保障措施"]
    assert set(scaffold.SECTIONS) == set(schema.SUBMISSION_TYPES)


def test_rendered_file_matches_golden(tree):
    root = tree()
    site, _ = load_site(root)
    text = scaffold.render(answers(), site)
    assert text == (GOLDEN / "new__weisheng__2018-shixi-fangan.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "title",
    [
        "标题：副标题",
        "标题: 副标题",
        "'引号'开头",
        "[方括号]开头",
        "2018",
        "true",
        "# 井号",
        "- 减号",
        "a #b",
        "反斜杠\\与'单引号'",
    ],
)
def test_values_read_back_unchanged(tree, title):
    root = tree()
    site, _ = load_site(root)
    scaffold.create(root, answers(title=title, authors=("张三", "O'Brien, Jr."), name="case"), site)
    fill_in(root / "schools/weisheng/2018-case.md")
    loaded, problems = load_site(root)
    assert [p.format() for p in problems] == []
    (submission,) = loaded.submissions
    assert submission.title == title
    assert submission.meta.authors == ["张三", "O'Brien, Jr."]


def test_name_from_what_people_type():
    assert scaffold.name_from("Zhengai Anli", 2018) == "zhengai-anli"
    assert scaffold.name_from("2018-zhengai", 2018) == "zhengai"
    assert scaffold.name_from("2019-zhengai", 2018) == "2019-zhengai"
    assert scaffold.name_from("整改案例", 2018) == ""


def test_refuses_to_overwrite(tree):
    root = tree({"schools/weisheng/2018-shixi-fangan.md": "原来的内容\n"})
    site, _ = load_site(root)
    assert refused(
        root,
        school_id="weisheng",
        project_id="internship-management",
        type="工作方案",
        title="标题",
        summary="摘要",
        date="2018-06-01",
        authors="张三",
        name="shixi-fangan",
    ) == ["schools/weisheng/2018-shixi-fangan.md 已经存在，不会覆盖；请换一个文件名（--name）"]
    with pytest.raises(FileExistsError):
        scaffold.create(root, answers(), site)
    assert (root / "schools/weisheng/2018-shixi-fangan.md").read_text(encoding="utf-8") == "原来的内容\n"


def _no_questions(prompt: str) -> str:
    raise AssertionError(f"asked: {prompt}")


def refused(root, **given) -> list[str]:
    """The messages of an interview whose flags are refused (nothing is asked)."""
    site, _ = load_site(root)
    with pytest.raises(scaffold.InvalidAnswers) as caught:
        scaffold.interview(site, root, scaffold.Partial(**given), ask=_no_questions)
    return caught.value.messages


def test_interview_asks_only_for_what_is_missing_and_lists_only_the_schools_projects(tree):
    root = tree()
    site, _ = load_site(root)
    replies = iter(["9", "2", "1", "以诊促改的实践", "学校建立质量改进螺旋。", "", "张三、李四", "Zhengai Anli"])
    said: list[str] = []
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(replies)

    result = scaffold.interview(
        site, root, scaffold.Partial(school_id="weisheng"), ask=ask, say=said.append, today=dt.date(2020, 3, 4)
    )
    assert said[:5] == [
        "请选择试点项目（只列出本校承担的项目）：",
        "  1. 教学诊断与改进（teaching-diagnosis）",
        "  2. 重点专业建设（key-majors）",
        "  3. 规范实习管理（internship-management）",
        "没有这个选项：“9”。请输入 1 到 3 之间的数字。",
    ]
    assert asked[5] == "日期（如 2018-06-01；直接回车表示今天 2020-03-04）："
    assert "  已改写为：zhengai-anli" in said
    assert result == scaffold.NewSubmission(
        "weisheng",
        "key-majors",
        "典型案例",
        "以诊促改的实践",
        "学校建立质量改进螺旋。",
        dt.date(2020, 3, 4),
        ("张三", "李四"),
        "zhengai-anli",
    )
    assert result.rel_path == "schools/weisheng/2020-zhengai-anli.md"


def test_one_project_is_chosen_without_asking(tree):
    root = tree()
    site, _ = load_site(root)
    said: list[str] = []
    result = scaffold.interview(
        site,
        root,
        scaffold.Partial(
            school_id="dachang-qiche",
            type="典型案例",
            title="标题",
            summary="摘要",
            authors="张三",
            name="x",
        ),
        ask=_no_questions,
        say=said.append,
        today=dt.date(2020, 3, 4),
    )
    assert said == ["本校承担 1 个试点项目：校企合作模式（school-enterprise），已自动选择。"]
    assert result.date == dt.date(2020, 3, 4)  # every other answer given: the date defaults to today


def test_invalid_flags_are_all_reported(tree):
    root = tree()
    assert refused(
        root,
        school_id="weisheng",
        project_id="apprenticeship",
        type="案例",
        title="",
        summary="摘要",
        date="2018-02-30",
        authors="张三",
        name="整改",
    ) == [
        "太原市卫生学校不承担试点项目“apprenticeship”；本校承担的项目：teaching-diagnosis（教学诊断与改进）、key-majors（重点专业建设）、internship-management（规范实习管理）",
        "type：材料类型不能是“案例”；只能是以下之一：典型案例 / 经验总结 / 工作方案 / 诊改报告 / 进展报告；你是不是想写“典型案例”？",
        "title：标题不能为空；请填写：title: 以诊促改：构建校本教学质量保证体系的实践",
        "date：日期“2018-02-30”不存在（2018 年 2 月没有 30 日）；请核对日期",
        "文件名“整改”里没有可用的字符：请用拼音或英文，如 --name zhengai-anli",
    ]


def test_unknown_school_flag(tree):
    root = tree()
    assert refused(root, school_id="weishen") == ["学校编号“weishen”不存在。你是不是想写“weisheng”？"]


# --- the command line ------------------------------------------------------------------------------

FLAGS = [
    "new",
    "--school",
    "weisheng",
    "--project",
    "internship-management",
    "--type",
    "工作方案",
    "--title",
    "标题：副标题",
    "--summary",
    "摘要。",
    "--date",
    "2018-06-01",
    "--authors",
    "张三、李四",
    "--name",
    "shixi-fangan",
]


def test_new_with_flags_then_the_whole_check_passes(tree):
    root = tree()
    result = run_build_py(root, *FLAGS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("已创建：schools/weisheng/2018-shixi-fangan.md\n下一步：\n")
    assert result.stderr == ""
    assert (root / "schools/weisheng/2018-shixi-fangan.md").read_text(encoding="utf-8") == (
        GOLDEN / "new__weisheng__2018-shixi-fangan.md"
    ).read_text(encoding="utf-8")
    # The repository rules too: generated ownership and schemas, then the full check.
    (root / "owners.yml").write_text("bureau: []\npaths: [owners.yml]\n", encoding="utf-8")
    assert run_build_py(root, "owners").returncode == 0
    assert run_build_py(root, "schema").returncode == 0
    # As created, only the body is left to write: the check says so, and nothing else.
    check = run_build_py(root, "check")
    assert check.returncode == 1
    assert check.stdout.splitlines() == [f"schools/weisheng/2018-shixi-fangan.md:19: {TEMPLATE_BODY}"]
    fill_in(root / "schools/weisheng/2018-shixi-fangan.md")
    check = run_build_py(root, "check")
    assert (check.returncode, check.stdout) == (0, "")
    assert check.stderr.startswith("检查通过：没有发现问题。\n")


def test_new_refuses_to_overwrite_from_the_command_line(tree):
    root = tree({"schools/weisheng/2018-shixi-fangan.md": "原来的内容\n"})
    result = run_build_py(root, *FLAGS)
    assert result.returncode == 2
    assert (
        result.stderr
        == "错误：schools/weisheng/2018-shixi-fangan.md 已经存在，不会覆盖；请换一个文件名（--name）\n没有创建文件。\n"
    )
    assert (root / "schools/weisheng/2018-shixi-fangan.md").read_text(encoding="utf-8") == "原来的内容\n"


def test_new_asks_through_standard_input(tree):
    root = tree()
    replies = (
        "\n".join(
            [
                "99",
                "14",  # school: out of range, then weisheng
                "3",  # its third project: internship-management
                "3",  # 工作方案
                "标题：副标题",
                "",  # empty summary is refused ...
                "摘要。",
                "2018-02-30",  # ... and an impossible date
                "2018年6月1日",
                "张三、李四",
                "实习方案",  # Chinese only: no usable file name
                "2018-Shixi Fangan",
            ]
        )
        + "\n"
    )
    result = run_build_py(root, "new", input=replies)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "  14. 太原市卫生学校（weisheng）\n" in out
    assert "没有这个选项：“99”。请输入 1 到 20 之间的数字。\n" in out
    assert "  摘要不能为空；请填写：summary: 学校以年度诊改主题为抓手，建立质量改进螺旋。\n" in out
    assert "  日期“2018-02-30”不存在（2018 年 2 月没有 30 日）；请核对日期\n" in out
    assert "  文件名只能用拼音或英文字母、数字和连字符，例如 zhengai-anli。\n" in out
    assert "  已改写为：shixi-fangan\n" in out
    assert "已创建：schools/weisheng/2018-shixi-fangan.md\n" in out
    assert (root / "schools/weisheng/2018-shixi-fangan.md").read_text(encoding="utf-8") == (
        GOLDEN / "new__weisheng__2018-shixi-fangan.md"
    ).read_text(encoding="utf-8")


def test_new_without_answers_and_without_input_is_cancelled(tree):
    root = tree()
    result = run_build_py(root, "new", "--school", "weisheng")
    assert result.returncode == 2
    assert result.stderr == (
        "\n已取消，没有创建文件。（不在终端里运行时，请用参数给出全部答案，如：python build.py new --school weisheng "
        "--project teaching-diagnosis --type 典型案例 --title 标题 --summary 摘要 --authors 张三、李四 --name zhengai-anli）\n"
    )
    assert sorted(p.name for p in (root / "schools/weisheng").iterdir()) == ["school.yml"]


def test_scaffold_front_matter_is_valid_yaml_with_comments_from_the_schema(tree):
    root = tree()
    site, _ = load_site(root)
    text = scaffold.render(answers(), site)
    front = split_front_matter(text)
    doc = parse_yaml(front.yaml_text, "x", Problems(), first_line=2)
    assert doc.data["date"] == "2018-06-01"
    assert f"# {schema.SubmissionMeta.model_fields['summary'].description}（必填）\n" in text

"""Scaffolding: a new submission file, correctly named, with a front matter that passes the check.

``python build.py new`` asks for what is missing (numbered choices for the school, its projects
and the type; title, summary, date, authors, a short pinyin name for the file) and writes
``schools/<school>/<yyyy>-<name>.md`` with the front matter filled in and the usual sections of
the chosen type as headings.  The writing tips under each heading are HTML comments: they help
in the editor and never show on the site.  Until the author writes under the headings, ``check``
reports the body as a template (``template-body``), so that an untouched skeleton is never published.

Every answer is validated with the same pydantic model as the check (:mod:`showcase.load.schema`),
so the messages are the check's own.  Nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from showcase.load import schema
from showcase.load.model import Project, Site
from showcase.load.sources import YamlDoc, parse_yaml
from showcase.problems import Problems, did_you_mean

#: The sections of each type of submission: heading and writing tip.
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "典型案例": (
        ("实施背景", "为什么做：学校面临的问题、试点的出发点。"),
        ("主要做法", "怎么做：步骤、制度、分工。可以使用小标题、列表、表格和图片。"),
        ("取得成效", "做成了什么：用事实和数据说明，注明数据来源与时间。"),
        ("经验与反思", "可推广的经验、仍存在的问题与下一步打算。"),
    ),
    "经验总结": (
        ("实施背景", "为什么做：学校面临的问题、试点的出发点。"),
        ("主要做法", "怎么做：步骤、制度、分工。可以使用小标题、列表、表格和图片。"),
        ("取得成效", "做成了什么：用事实和数据说明，注明数据来源与时间。"),
        ("经验与反思", "可推广的经验、仍存在的问题与下一步打算。"),
    ),
    "工作方案": (
        ("工作目标", "试点要达到的目标，尽量具体、可检验。"),
        ("主要任务", "围绕通知中的试点内容，逐项写明要做的工作。"),
        ("进度安排", "分阶段的时间表：每个阶段做什么、何时完成。"),
        ("保障措施", "组织领导、制度、经费、师资等方面的保障。"),
    ),
    "诊改报告": (
        ("基本情况", "诊断的范围、依据（标准）、时间和参与人员。"),
        ("诊断发现的问题", "对照目标和标准发现的差距，用事实和数据说明。"),
        ("改进措施", "针对每个问题采取的改进办法和责任分工。"),
        ("改进成效与下一步", "改进后的变化，以及下一轮诊改的重点。"),
    ),
    "进展报告": (
        ("总体进展", "试点任务的总体完成情况。"),
        ("已完成的工作", "本阶段完成的主要工作和取得的阶段性成果，注明时间。"),
        ("存在的问题", "遇到的困难和尚未完成的任务。"),
        ("下一步计划", "下一阶段的工作安排和时间节点。"),
    ),
}

_TIP = "<!-- 写作提示（网站上不显示，写好正文后可以删除）：{tip} -->"
# In backticks: the safety gate reads image syntax even inside comments, and code is exempt.
_NEXT_TIP = "图片请放在本校文件夹的 images/ 里，用 `![图片说明](images/文件名.jpg)` 插入。"


class Cancelled(Exception):
    """The person stopped answering (end of input or Ctrl+C)."""


class InvalidAnswers(Exception):
    """Answers given on the command line that cannot be used; ``messages`` says why, in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class NewSubmission:
    """The answers for a new submission file."""

    school_id: str
    project_id: str
    type: str
    title: str
    summary: str
    date: dt.date
    authors: tuple[str, ...]
    name: str
    """Short pinyin or English name; the file is ``<year>-<name>.md``."""
    tags: tuple[str, ...] = ()

    @property
    def rel_path(self) -> str:
        return submission_path(self.school_id, self.date, self.name)


def submission_path(school_id: str | None, date: dt.date, name: str) -> str:
    """``schools/<school>/2018-zhengai-anli.md``: where a new submission is written (the year,
    then the short name)."""
    return f"schools/{school_id}/{date.year}-{name}.md"


def name_from(text: str, year: int | None = None) -> str:
    """A valid file name part from what someone typed: ``Zhengai Anli`` → ``zhengai-anli``.

    A leading year equal to ``year`` is dropped (the year is added to the file name anyway).
    Returns ``""`` when nothing usable remains (for example, only Chinese characters).
    """
    name = schema.suggest_id(text)
    if year is not None and re.match(rf"^{year}(-|$)", name):
        name = name[len(str(year)) :].lstrip("-")
    return name


def school_projects(site: Site, school_id: str) -> list[Project]:
    """The projects the school pilots, in notice order."""
    return sorted((p for p in site.projects.values() if school_id in p.school_ids), key=lambda p: (p.order, p.id))


# --- validation with the check's own model and messages ------------------------------------------

_SAMPLE = {
    "title": "标题",
    "project": "teaching-diagnosis",
    "type": "典型案例",
    "date": "2018-06-01",
    "summary": "摘要",
    "authors": ["作者"],
}


def field_problem(key: str, value: object) -> str | None:
    """The check's message for one front-matter value, or None when the value is fine."""
    problems = Problems()
    data = dict(_SAMPLE, **{key: value})
    schema.validate(schema.SubmissionMeta, YamlDoc(data, {(): 1}), "", problems)
    for problem in problems:
        if problem.field.split("[")[0] == key:
            return problem.message + (f"；{problem.hint}" if problem.hint else "")
    return None


def given_problems(given: Partial, site: Site, root: Path) -> list[str]:
    """Everything wrong with the answers given so far (None means: not given yet)."""
    found = []
    if given.school_id is not None and given.school_id not in site.schools:
        found.append(
            f"学校编号“{given.school_id}”不存在。"
            + (did_you_mean(given.school_id, site.schools) or "学校编号就是 schools/ 下的文件夹名")
        )
    elif given.school_id is not None and given.project_id is not None:
        own = school_projects(site, given.school_id)
        if given.project_id not in {p.id for p in own}:
            choices = "、".join(f"{p.id}（{p.name}）" for p in own) or "无"
            found.append(
                f"{site.schools[given.school_id].name}不承担试点项目“{given.project_id}”；本校承担的项目：{choices}"
            )
    elif given.project_id is not None and given.project_id not in site.projects:
        found.append(
            f"试点项目编号“{given.project_id}”不存在。" + (did_you_mean(given.project_id, site.projects) or "")
        )
    for key, value in (
        ("type", given.type),
        ("title", given.title),
        ("summary", given.summary),
        ("date", given.date),
        ("authors", given.authors),
        ("tags", given.tags),
    ):
        if value is not None:
            message = field_problem(key, value)
            if message:
                found.append(f"{key}：{message}")
    if given.name is not None:
        date = _parse_date(given.date) if given.date is not None and not field_problem("date", given.date) else None
        name = name_from(given.name, date.year if date else None)
        if not name:
            found.append(f"文件名“{given.name}”里没有可用的字符：请用拼音或英文，如 --name zhengai-anli")
        elif date is not None and (root / (rel := submission_path(given.school_id, date, name))).exists():
            found.append(f"{rel} 已经存在，不会覆盖；请换一个文件名（--name）")
    return found


# --- the file ------------------------------------------------------------------------------------


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML value: plain when it reads back unchanged, else double-quoted."""
    plain_ok = (
        text == text.strip()
        and text
        and not re.search(r":\s|\s#|[\[\]{},\"'`]", text)
        and text[0] not in "-?:!&*|>%@#"
        and not re.fullmatch(r"[0-9.+\-eE:]+|true|false|yes|no|on|off|null|~", text, re.I)
    )
    if plain_ok:
        doc = parse_yaml(f"v: {text}", "", Problems())
        if doc is not None and doc.data == {"v": text}:
            return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _yaml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_yaml_scalar(item) for item in items) + "]"


def render(answers: NewSubmission, site: Site) -> str:
    """The text of the new file: front matter with a one-line comment per field, then sections."""
    lines = [front_matter(answers, site)]
    for heading, tip in SECTIONS[answers.type]:
        if heading == "主要做法":
            tip += _NEXT_TIP
        lines.append(f"\n## {heading}\n\n{_TIP.format(tip=tip)}\n")
    return "".join(lines)


def front_matter(answers: NewSubmission, site: Site) -> str:
    """The front matter, between its ``---`` lines, with a one-line comment per field."""
    fields = schema.SubmissionMeta.model_fields
    own = "、".join(f"{p.id} {p.name}" for p in school_projects(site, answers.school_id))

    def comment(key: str, extra: str = "") -> str:
        required = "（必填）" if fields[key].is_required() else ""
        return f"# {fields[key].description}{required}{extra}\n"

    lines = ["---\n"]
    lines += [comment("title"), f"title: {_yaml_scalar(answers.title)}\n"]
    lines += [comment("project", f"。本校承担：{own}" if own else ""), f"project: {answers.project_id}\n"]
    lines += [comment("type"), f"type: {answers.type}\n"]
    lines += [comment("date"), f"date: {answers.date.isoformat()}\n"]
    lines += [comment("summary"), f"summary: {_yaml_scalar(answers.summary)}\n"]
    lines += [comment("authors"), f"authors: {_yaml_list(answers.authors)}\n"]
    lines += [comment("tags"), f"tags: {_yaml_list(answers.tags)}\n"]
    lines += [comment("cover"), "# cover: images/cover.jpg\n"]
    lines.append("---\n")
    return "".join(lines)


def create(root: Path, answers: NewSubmission, site: Site) -> Path:
    """Write the new file; never overwrites (raises FileExistsError)."""
    path = root / answers.rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(render(answers, site))
    return path


def next_steps(answers: NewSubmission) -> str:
    """What to do after the file is created, in Chinese."""
    folder = f"schools/{answers.school_id}"
    return (
        f"已创建：{answers.rel_path}\n"
        "下一步：\n"
        f"  1. 用文本编辑器（推荐 VS Code）打开 {answers.rel_path}，在每个“## ”小标题下面写正文；\n"
        "     <!-- 和 --> 之间的写作提示不会显示在网站上，写好后可以删除。\n"
        f"  2. 图片放在 {folder}/images/ 文件夹里，在正文中用 ![图片说明](images/文件名.jpg) 插入。\n"
        "  3. 运行 bash scripts/dev.sh check 检查，按提示修改；bash scripts/dev.sh serve 可以在本地预览。\n"
        "  4. 检查通过后，提交拉取请求（pull request），等待市教育局审核。"
    )


# --- asking the questions --------------------------------------------------------------------------

Ask = Callable[[str], str]
Say = Callable[[str], None]


@dataclass
class Partial:
    """Answers given so far (from command-line flags); None means: ask."""

    school_id: str | None = None
    project_id: str | None = None
    type: str | None = None
    title: str | None = None
    summary: str | None = None
    date: str | None = None
    authors: str | None = None
    name: str | None = None
    tags: str | None = None


def _ask(ask: Ask, prompt: str) -> str:
    try:
        return ask(prompt).strip()
    except (EOFError, KeyboardInterrupt):
        raise Cancelled from None


def _choose(ask: Ask, say: Say, title: str, options: list[tuple[str, str]]) -> str:
    """A numbered choice; the number or the id itself is accepted."""
    say(title)
    width = len(str(len(options)))
    for index, (key, label) in enumerate(options, 1):
        say(f"  {index:>{width}}. {label}（{key}）" if label else f"  {index:>{width}}. {key}")
    keys = [key for key, _ in options]
    while True:
        answer = _ask(ask, f"请输入序号（1–{len(options)}）：")
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return keys[int(answer) - 1]
        if answer in keys:
            return answer
        say(f"没有这个选项：“{answer}”。请输入 1 到 {len(options)} 之间的数字。")


def _ask_field(ask: Ask, say: Say, key: str, prompt: str, default: str | None = None) -> str:
    while True:
        answer = _ask(ask, prompt) or (default or "")
        message = field_problem(key, answer)
        if not message:
            return answer
        say(f"  {message}")


def interview(
    site: Site,
    root: Path,
    given: Partial,
    ask: Ask = input,
    say: Say = print,
    today: dt.date | None = None,
    proposed: Partial | None = None,
) -> NewSubmission:
    """Ask, in Chinese, for every answer not given on the command line; validate each at once.

    ``proposed`` answers (``build.py import`` reads a title, summary and file name from the Word
    document) are asked like the others, with the proposal as the answer taken on Enter."""
    proposed = proposed or Partial()
    today = today or dt.date.today()
    problems = given_problems(given, site, root)
    if problems:
        raise InvalidAnswers(problems)
    school_id = given.school_id
    if school_id is None:
        schools = sorted(site.schools.values(), key=lambda s: s.id)
        school_id = _choose(ask, say, "请选择学校：", [(s.id, s.name) for s in schools])
    own = school_projects(site, school_id)
    project_id = given.project_id
    if project_id is None:
        if len(own) == 1:
            project_id = own[0].id
            say(f"本校承担 1 个试点项目：{own[0].name}（{own[0].id}），已自动选择。")
        else:
            project_id = _choose(ask, say, "请选择试点项目（只列出本校承担的项目）：", [(p.id, p.name) for p in own])
    kind = given.type or _choose(ask, say, "请选择材料类型：", [(t, "") for t in schema.SUBMISSION_TYPES])
    title = (
        given.title
        if given.title is not None
        else _ask_field(ask, say, "title", "标题（30 字以内为宜）" + _offer(proposed.title) + "：", proposed.title)
    )
    summary = (
        given.summary
        if given.summary is not None
        else _ask_field(
            ask, say, "summary", "摘要（一两句话，200 字以内）" + _offer(proposed.summary) + "：", proposed.summary
        )
    )
    # With everything else given as flags, the date defaults to today without a question.
    asking = None in (given.school_id, given.type, given.title, given.summary, given.authors) or (
        given.project_id is None and len(own) > 1
    )
    date_text = (
        given.date
        if given.date is not None
        else today.isoformat()
        if not asking
        else _ask_field(
            ask, say, "date", f"日期（如 2018-06-01；直接回车表示今天 {today.isoformat()}）：", today.isoformat()
        )
    )
    date = _parse_date(date_text)
    authors = (
        given.authors
        if given.authors is not None
        else _ask_field(ask, say, "authors", "作者（多位用顿号分开，如 张三、李四）：")
    )
    name = name_from(given.name, date.year) if given.name is not None else None
    offered = name_from(proposed.name, date.year) if proposed.name else ""
    while name is None:
        typed = _ask(
            ask,
            "文件名：请用拼音或英文写一个简短的名字（如 zhengai-anli），它会成为网址的一部分" + _offer(offered) + "：",
        )
        candidate = name_from(typed or offered, date.year)
        if not candidate:
            say("  文件名只能用拼音或英文字母、数字和连字符，例如 zhengai-anli。")
            continue
        if typed and candidate != typed:
            say(f"  已改写为：{candidate}")
        if (root / (rel := submission_path(school_id, date, candidate))).exists():
            say(f"  {rel} 已经存在，不会覆盖；请换一个名字。")
            continue
        name = candidate
    answers = NewSubmission(
        school_id,
        project_id,
        kind,
        title,
        summary,
        date,
        tuple(_split_list(authors)),
        name,
        tuple(_split_list(given.tags or "")),
    )
    if (root / answers.rel_path).exists():
        raise InvalidAnswers([f"{answers.rel_path} 已经存在，不会覆盖；请换一个文件名（--name）"])
    return answers


def _offer(proposal: str | None) -> str:
    """The prompt's note on what Enter takes: ``（直接回车采用：…）``."""
    if not proposal:
        return ""
    shown = proposal if len(proposal) <= 60 else proposal[:60] + "…"
    return f"\n（直接回车采用从文档中读出的：{shown}）"


def _split_list(text: str) -> list[str]:
    value = schema._to_text_list(text)
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _parse_date(text: str) -> dt.date:
    """A date in any form the check accepts (``2018-06-01``, ``2018年6月1日``); validated before."""
    value = schema.parse_date(text)
    assert isinstance(value, dt.date)
    return value

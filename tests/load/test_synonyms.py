"""The bureau's synonym list for the search (``synonyms.yml``): read, validated, every problem
reported in Chinese with its line."""

from __future__ import annotations

from pathlib import Path

from showcase.load.bureau import load_synonyms
from showcase.problems import Problems

ROOT = Path(__file__).resolve().parents[2]


def load(tmp_path: Path, text: str) -> tuple[tuple, list[str]]:
    (tmp_path / "synonyms.yml").write_text(text, "utf-8")
    problems = Problems()
    groups = load_synonyms(tmp_path, problems)
    return groups, [p.format() for p in problems.sorted()]


def test_the_repository_list_is_valid_and_pairs_the_notice_terms():
    problems = Problems()
    groups = load_synonyms(ROOT, problems)
    assert not problems.sorted()
    assert ("诊改", "诊断与改进") in groups
    assert ("校企", "校企合作") in groups
    assert ("现代学徒制", "学徒制") in groups


def test_absent_file_means_no_synonyms(tmp_path):
    problems = Problems()
    assert load_synonyms(tmp_path, problems) == ()
    assert not problems.sorted()


def test_every_problem_with_its_line(tmp_path):
    groups, messages = load(
        tmp_path,
        "groups:\n"
        "  - [诊改, 诊断与改进]\n"
        "  - [诊改]\n"
        '  - [校企, "有 空格", 校企合作]\n'
        "  - [学徒制, 2017]\n"
        "  - [a<b, 甲]\n"
        "  - [" + "长" * 21 + ", 乙]\n"
        "color: x\n",
    )
    assert groups == ()
    assert messages == [
        "synonyms.yml:3: groups[2]: 每组同义词要有 2–10 个词，这一组有 1 个；请对照模板检查同义词组 [错误 invalid-value]",
        "synonyms.yml:4: groups[3]: 同义词“有 空格”不符合要求：每个词 1–20 个字，不能有空格；"
        "请对照模板检查同义词组 [错误 invalid-value]",
        "synonyms.yml:5: groups[4]: 同义词组应为一段文字，实际是“2017”；"
        "文字里有英文冒号、# 号或以引号、方括号开头时，请给整个值加上英文引号 [错误 wrong-kind]",
        "synonyms.yml:6: groups[5]: 同义词组里不能有英文符号 <：网页、订阅源和导出的表格无法都安全地显示它；"
        "请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]",
        f"synonyms.yml:7: groups[6]: 同义词“{'长' * 21}”不符合要求：每个词 1–20 个字，不能有空格；"
        "请对照模板检查同义词组 [错误 invalid-value]",
        "synonyms.yml:8: color: 不认识的字段“color”，这一项不会被使用；可用的字段有：groups [错误 unknown-key]",
    ]


def test_a_term_in_two_groups(tmp_path):
    groups, messages = load(
        tmp_path, "groups:\n  - [诊改, 诊断与改进]\n  - [校企, 校企合作]\n  - [教学诊改, 诊断与改进]\n"
    )
    assert groups == ()
    assert messages == [
        "synonyms.yml:4: groups[3]: “诊断与改进”已经在第 2 行的一组里，一个词只能属于一组；"
        "请把两组合并成一组，或删去其中一处 [错误 duplicate-synonym]"
    ]


def test_too_many_groups_or_terms(tmp_path):
    many = "groups:\n" + "".join(f"  - [甲{i}, 乙{i}]\n" for i in range(201))
    groups, messages = load(tmp_path, many)
    assert groups == ()
    assert messages == [
        "synonyms.yml:2: groups: 同义词组太多：最多 200 组，现在 201 组；请对照模板检查同义词组 [错误 invalid-value]"
    ]
    groups, messages = load(tmp_path, "groups:\n  - [" + ", ".join(f"词{i}" for i in range(11)) + "]\n")
    assert messages == [
        "synonyms.yml:2: groups[1]: 每组同义词要有 2–10 个词，这一组有 11 个；请对照模板检查同义词组 [错误 invalid-value]"
    ]


def test_not_a_list_and_yaml_tricks(tmp_path):
    _, messages = load(tmp_path, "groups: 诊改\n")
    assert messages == [
        "synonyms.yml:1: groups: 同义词组应为一个列表，如 [甲, 乙]，实际是“诊改”；请照这样写：groups: [诊改, 诊断与改进] [错误 wrong-kind]"
    ]
    _, messages = load(tmp_path, "groups:\n  - &a [诊改, 诊断与改进]\n  - *a\n")
    assert messages == [
        "synonyms.yml:2: 同义词表: YAML 的锚点和别名（& 和 *）在这里不能用；请把内容直接写出来；"
        "如果 & 或 * 是文字的一部分，请给整个值加上英文引号 [错误 yaml-anchor]"
    ]

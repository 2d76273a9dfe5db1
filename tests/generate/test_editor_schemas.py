"""Editor support: JSON Schemas derived from the pydantic models, VS Code and pre-commit settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, VALID_FRONT
from showcase.check import rules
from showcase.generate import editor_schemas
from showcase.generate import site as generated_site
from showcase.load.content import load_site
from showcase.load.sources import parse_yaml, split_front_matter
from showcase.problems import Problem, Problems
from support import run_build_py


def _validator(name: str) -> jsonschema.Draft202012Validator:
    data = json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


def _front(text: str):
    front = split_front_matter(text)
    return parse_yaml(front.yaml_text, "x", Problems(), first_line=2).data


def _errors(name: str, data) -> list[str]:
    return sorted(error.message for error in _validator(name).iter_errors(data))


def _drift(root: Path) -> list[str]:
    site, _ = load_site(root)
    problems = Problems()
    rules.check_schema_files(root, site, problems)
    return [p.format() for p in problems]


def test_generation_is_deterministic_and_committed():
    site, _ = load_site(REPO)
    assert editor_schemas.schema_files(site) == editor_schemas.schema_files(site)
    assert [name for name, _ in editor_schemas.schema_files(site)] == [
        "submission.schema.json",
        "school.schema.json",
        "project.schema.json",
        "featured.schema.json",
        "owners.schema.json",
    ]
    assert _drift(REPO) == []


def test_titles_and_descriptions_are_chinese():
    data = json.loads((REPO / "schema/submission.schema.json").read_text(encoding="utf-8"))
    assert data["title"] == "材料的文件头"
    assert data["properties"]["summary"]["title"] == "摘要"
    assert data["properties"]["summary"]["description"] == "摘要，一两句话，200 字以内"
    assert data["properties"]["project"]["enum"][0] == "teaching-diagnosis"
    assert data["additionalProperties"] is False


def test_the_template_front_matter_is_valid():
    assert (
        _errors("submission.schema.json", _front((REPO / "templates/submission.md").read_text(encoding="utf-8"))) == []
    )


def test_every_file_the_check_accepts_is_valid():
    """The editor never underlines what ``check`` accepts: every demo submission, school and project."""
    for path in sorted(p for p in (REPO / "demo").glob("*/*.md") if p.parent.name != "news"):
        assert _errors("submission.schema.json", _front(path.read_text(encoding="utf-8"))) == [], path
    for path in sorted((REPO / "schools").glob("*/school.yml")):
        assert _errors("school.schema.json", yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path
    for path in sorted((REPO / "projects").glob("*.yml")):
        assert _errors("project.schema.json", yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path
    assert _errors("featured.schema.json", yaml.safe_load((REPO / "featured.yml").read_text(encoding="utf-8"))) == []
    assert _errors("owners.schema.json", yaml.safe_load((REPO / "owners.yml").read_text(encoding="utf-8"))) == []


def test_normalised_inputs_are_accepted_and_mistakes_are_not():
    data = _front(VALID_FRONT)
    assert _errors("submission.schema.json", {**data, "authors": "张三、李四", "date": "2018年6月1日"}) == []
    assert _errors("submission.schema.json", {**data, "shcool": "x"}) == [
        "Additional properties are not allowed ('shcool' was unexpected)"
    ]
    assert _errors("submission.schema.json", {**data, "type": "案例"}) == [
        "'案例' is not one of ['典型案例', '经验总结', '工作方案', '诊改报告', '进展报告']"
    ]
    assert _errors("submission.schema.json", {**data, "date": "六月一日"}) == [
        "'六月一日' does not match '^(\\\\d{4})\\\\s*[-/.年]\\\\s*(\\\\d{1,2})\\\\s*[-/.月]\\\\s*(\\\\d{1,2})\\\\s*日?$'"
    ]


def test_scaffolded_files_are_valid(tree):
    root = tree()
    result = run_build_py(
        root,
        "new",
        "--school",
        "caimao",
        "--project",
        "informatization",
        "--type",
        "进展报告",
        "--title",
        "标题",
        "--summary",
        "摘要",
        "--date",
        "2019-01-02",
        "--authors",
        "张三",
        "--name",
        "jinzhan",
    )
    assert result.returncode == 0, result.stderr
    text = (root / "schools/caimao/2019-jinzhan.md").read_text(encoding="utf-8")
    assert _errors("submission.schema.json", _front(text)) == []


def test_drift_messages(tree):
    root = tree()
    assert run_build_py(root, "schema").stdout == "已生成 5 个 JSON Schema 到 schema/ 文件夹。请把它们一起提交。\n"
    assert _drift(root) == []
    school = root / "schema/school.schema.json"
    school.write_text(school.read_text(encoding="utf-8").replace("学校全称", "学校名称"), encoding="utf-8")
    (root / "schema/owners.schema.json").unlink()
    (root / "schema/old.schema.json").write_text("{}\n", encoding="utf-8")
    hint = "请运行 python build.py schema 重新生成，并把 schema/ 文件夹一起提交"
    assert _drift(root) == [
        "schema/old.schema.json: JSON Schema: schema/old.schema.json 已不再生成；请删除这个文件 [错误 schema-drift]",
        f"schema/owners.schema.json: JSON Schema: 找不到 schema/owners.schema.json（编辑器用它提示字段和错误）；{hint} [错误 schema-drift]",
        f"schema/school.schema.json:8: JSON Schema: 与 showcase/load/schema.py 中的定义不一致（从第 8 行起不同）；{hint} [错误 schema-drift]",
    ]


def test_schemas_are_published_with_the_site():
    site, _ = load_site(REPO)
    published = {f.uri: f.data for f in generated_site.data_files(site) if f.uri.startswith("schema/")}
    committed = {f"schema/{p.name}": p.read_bytes() for p in sorted((REPO / "schema").glob("*.schema.json"))}
    assert published == committed


# --- VS Code and pre-commit ------------------------------------------------------------------------


def _jsonc(path: Path):
    """VS Code's JSON with comments: whole-line ``//`` comments only, as in our files."""
    return json.loads(
        "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("//"))
    )


def test_vscode_settings_point_to_the_schemas():
    settings = _jsonc(REPO / ".vscode/settings.json")
    mapping = settings["yaml.schemas"]
    assert sorted(mapping) == sorted(
        f"./schema/{name}"
        for name in ("school.schema.json", "project.schema.json", "featured.schema.json", "owners.schema.json")
    )
    for schema_path in mapping:
        assert (REPO / schema_path).is_file()
    assert mapping["./schema/school.schema.json"] == "schools/*/school.yml"
    assert "redhat.vscode-yaml" in _jsonc(REPO / ".vscode/extensions.json")["recommendations"]


@pytest.mark.parametrize(
    "problem, expected",
    [
        (
            Problem("schools/a/x.md", 5, "date", "日期不对", "请改", "invalid-date"),
            ("schools/a/x.md", "5", None, "invalid-date", "error"),
        ),
        (
            Problem("schools/a/x.md", 5, "正文", "原始 HTML", "", "raw-html", column=3),
            ("schools/a/x.md", "5", "3", "raw-html", "error"),
        ),
        (
            Problem("schools/a/img.bmp", 0, "文件类型", "不支持", "改", "unsupported-file"),
            ("schools/a/img.bmp", None, None, "unsupported-file", "error"),
        ),
        (
            Problem("schools/a/x.md", 9, "正文", "一级标题", "改", "body-h1", "warning"),
            ("schools/a/x.md", "9", None, "body-h1", "warning"),
        ),
    ],
)
def test_vscode_task_reads_the_check_output(problem, expected):
    """The problem matchers of the “检查内容” task find file, line, column and code in our format."""
    task = _jsonc(REPO / ".vscode/tasks.json")["tasks"][0]
    assert task["command"] == "python build.py check"
    found = []
    for matcher in task["problemMatcher"]:
        match = re.match(matcher["pattern"]["regexp"], problem.format())
        if match:
            found.append((match.group(1), match.group(2), match.group(3), match.group(5), matcher["severity"]))
    assert found == [expected]


def test_pre_commit_runs_the_check():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["entry"] == "python build.py check"
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True


def test_pull_request_workflow_passes_changed_files_and_author():
    workflow = yaml.safe_load((REPO / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    # The commands are steps of scripts/ci-steps.sh (tests/repository/test_workflows.py checks what they run).
    check = next(step for step in steps if step.get("run", "").startswith("bash scripts/ci-steps.sh check "))
    assert check["env"]["AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert check["run"].endswith('"$RUNNER_TEMP/changed-files.txt" "$AUTHOR"')
    listing = next(step for step in steps if step.get("run", "").startswith("bash scripts/ci-steps.sh changed-files "))
    assert listing["run"].endswith('"$RUNNER_TEMP/changed-files.txt"')

"""Ownership: CODEOWNERS generated from owners.yml and school.yml, drift, and the changed-files rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from showcase.check import ownership
from showcase.load.content import load_site
from showcase.problems import Problems
from support import run_build_py, set_editors, write_owners

GOLDEN = REPO / "tests" / "golden"


def _check_codeowners(root: Path) -> list[str]:
    site, _ = load_site(root)
    problems = Problems()
    ownership.check_codeowners(root, site, problems)
    return [p.format() for p in problems]


def _changed(root: Path, author: str, *paths: str) -> list[str]:
    site, _ = load_site(root)
    problems = Problems()
    ownership.check_changed_files(root, site, list(paths), author, problems)
    return [p.format() for p in problems]


@pytest.fixture
def owned(tree):
    """Bureau ``shiju``; ``zhang`` edits weisheng, ``li`` edits caimao and jiaotong."""
    root = tree()
    write_owners(root, ["shiju", '"@Jiaoyuju"'])
    set_editors(root, "weisheng", ["zhang"])
    set_editors(root, "caimao", ["li", "shiju"])
    set_editors(root, "jiaotong", ["li"])
    return root


def test_codeowners_golden(owned):
    site, problems = load_site(owned)
    owners = ownership.load_owners(owned, problems)
    assert [p.format() for p in problems] == []
    text = ownership.codeowners(owners, site)
    assert text == (GOLDEN / "CODEOWNERS").read_text(encoding="utf-8")
    assert text == ownership.codeowners(owners, site)  # same input, same bytes


def test_repository_codeowners_is_up_to_date():
    assert _check_codeowners(REPO) == []
    text = (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8")
    # Nothing invented: no bureau account and no school editor is known yet.
    assert "@" not in text
    assert "# 注意：owners.yml 中还没有填写市教育局的账号，下面各行暂时没有审核人（只列出路径）。\n" in text


def test_codeowners_missing(owned):
    assert _check_codeowners(owned) == [
        ".github/CODEOWNERS: CODEOWNERS: 找不到 .github/CODEOWNERS（它决定谁来审核哪些文件的修改）；"
        "请运行 python build.py owners 重新生成，并把它和修改一起提交（学校编辑没有权限时，请联系市教育局） [错误 codeowners-drift]"
    ]


def test_codeowners_drift_after_an_editor_is_added(owned):
    assert (
        run_build_py(owned, "owners").stdout
        == "已生成 .github/CODEOWNERS（2 个市教育局账号，3 个学校编辑账号）。请把它一起提交。\n"
    )
    assert _check_codeowners(owned) == []
    set_editors(owned, "youer-shifan", ["wang"])
    assert _check_codeowners(owned) == [
        ".github/CODEOWNERS:33: CODEOWNERS: 与 owners.yml 和各校 school.yml 不一致：第 33 行应为“/schools/youer-shifan/ @wang @shiju @Jiaoyuju”，"
        "实际是“/schools/youer-shifan/ @shiju @Jiaoyuju”；请运行 python build.py owners 重新生成，并把它和修改一起提交（学校编辑没有权限时，请联系市教育局） [错误 codeowners-drift]"
    ]


def test_codeowners_drift_at_the_end(owned):
    run_build_py(owned, "owners")
    with open(owned / ".github/CODEOWNERS", "a", encoding="utf-8") as handle:
        handle.write("/extra/ @someone\n")
    assert _check_codeowners(owned) == [
        ".github/CODEOWNERS:35: CODEOWNERS: 与 owners.yml 和各校 school.yml 不一致：第 35 行应为文件结束，实际是“/extra/ @someone”；"
        "请运行 python build.py owners 重新生成，并把它和修改一起提交（学校编辑没有权限时，请联系市教育局） [错误 codeowners-drift]"
    ]


def test_owners_file_missing(tree):
    root = tree()
    assert _check_codeowners(root) == [
        "owners.yml: 文件: 找不到 owners.yml（写明市教育局的账号和负责的文件）；请从仓库恢复 owners.yml [错误 missing-owners]"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "bureau: []\npaths: [projects/]\n",
            "owners.yml:2: paths: paths 里必须有 owners.yml：本文件只能由市教育局修改；请对照模板检查市教育局负责的文件 [错误 invalid-value]",
            id="owners-not-owned",
        ),
        pytest.param(
            "bureau: []\npaths: [owners.yml, schools/weisheng/]\n",
            "owners.yml:2: paths: “schools/weisheng/”在 schools/ 里：各学校的文件夹由本校编辑负责（见 school.yml 的 editors），不能列为市教育局负责的路径；请对照模板检查市教育局负责的文件 [错误 invalid-value]",
            id="school-path",
        ),
        pytest.param(
            "bureau: []\npaths: [owners.yml, /projects/*]\n",
            "owners.yml:2: paths: “/projects/*”不是仓库里的路径；应写成 projects/ 或 featured.yml 这样的相对路径（文件夹以 / 结尾，不用通配符和空格）；请对照模板检查市教育局负责的文件 [错误 invalid-value]",
            id="bad-path",
        ),
        pytest.param(
            "bureau: [张三]\npaths: [owners.yml]\n",
            "owners.yml:1: bureau: “张三”不是有效的 GitHub 账号名（只能有英文字母、数字和连字符）；请对照模板检查市教育局账号 [错误 github-account]",
            id="bad-account",
        ),
        pytest.param(
            "bureau: []\npath: [owners.yml]\n",
            "owners.yml:2: path: 不认识的字段“path”，这一项不会被使用；你是不是想写“paths”？ [错误 unknown-key]",
            id="typo",
        ),
    ],
)
def test_owners_file_rules(tree, text, expected):
    root = tree({"owners.yml": text})
    got = _check_codeowners(root)
    assert expected in got


# --- the changed-files rule ----------------------------------------------------------------------------


def test_editor_changes_own_folder(owned):
    assert (
        _changed(
            owned, "zhang", "schools/weisheng/2018-a.md", "schools/weisheng/images/a.png", "schools/weisheng/school.yml"
        )
        == []
    )
    assert _changed(owned, "Li", "schools/caimao/2018-a.md", "schools/jiaotong/2018-b.md") == []


def test_editor_changes_another_schools_folder(owned):
    assert _changed(owned, "zhang", "schools/weisheng/2018-a.md", "schools/caimao/2018-a.md") == [
        "schools/caimao/2018-a.md: 修改范围: 这是另一所学校（太原市财贸学校）的文件夹；账号“zhang”只能修改本校文件夹 schools/weisheng/ 里的文件；"
        "请从拉取请求中撤销对这个文件的修改；需要修改其他学校的材料时，请联系该校的编辑 [错误 other-school-folder]"
    ]


def test_editor_changes_bureau_paths(owned):
    assert _changed(owned, "li", "featured.yml", ".github/workflows/pr.yml", "README.md") == [
        ".github/workflows/pr.yml: 修改范围: 这个文件由市教育局负责（owners.yml 中列出的“.github/”）；学校编辑只能修改本校文件夹 schools/caimao/、schools/jiaotong/ 里的文件；"
        "请从拉取请求中撤销对这个文件的修改；需要修改时，请在议题（issue）中说明，由市教育局处理 [错误 bureau-owned]",
        "README.md: 修改范围: 这个文件由市教育局负责（学校文件夹以外的文件）；学校编辑只能修改本校文件夹 schools/caimao/、schools/jiaotong/ 里的文件；"
        "请从拉取请求中撤销对这个文件的修改；需要修改时，请在议题（issue）中说明，由市教育局处理 [错误 bureau-owned]",
        "featured.yml: 修改范围: 这个文件由市教育局负责（owners.yml 中列出的“featured.yml”）；学校编辑只能修改本校文件夹 schools/caimao/、schools/jiaotong/ 里的文件；"
        "请从拉取请求中撤销对这个文件的修改；需要修改时，请在议题（issue）中说明，由市教育局处理 [错误 bureau-owned]",
    ]


def test_unknown_author(owned):
    assert _changed(owned, "stranger", "schools/weisheng/2018-a.md") == [
        "owners.yml: 作者: GitHub 账号“stranger”不是任何学校的编辑，也不是市教育局的账号，不能提交修改；"
        "请本校已有的编辑或市教育局把你的账号加到 schools/<本校编号>/school.yml 的 editors 里（如 editors: [stranger]），"
        "再由市教育局运行 python build.py owners 更新 .github/CODEOWNERS [错误 unknown-author]"
    ]


def test_bureau_changes_anything(owned):
    assert _changed(owned, "jiaoyuju", "owners.yml", "schools/weisheng/2018-a.md", "showcase/load.py") == []
    # An account that is bureau and editor at once is bureau.
    assert _changed(owned, "shiju", "projects/apprenticeship.yml") == []


def test_no_bureau_accounts_yet_only_warns_the_bureau(tree):
    root = tree()
    write_owners(root, [])
    # A school's pull request is not told about the bureau's to-do.
    assert _changed(root, "anyone", "schools/weisheng/2018-a.md") == []
    assert _changed(root, "anyone", "showcase/load.py") == [
        "owners.yml: bureau: owners.yml 中还没有填写市教育局的账号，暂不检查拉取请求修改了哪些文件；"
        "市教育局确定审核账号后，请写入 owners.yml 的 bureau，并运行 python build.py owners [提醒 owners-unset]"
    ]


def test_parse_changed_files_as_git_prints_them():
    text = 'schools/weisheng/2018-a.md\n"schools/weisheng/2018-\\346\\241\\210\\344\\276\\213.md"\n\nREADME.md\nREADME.md\n'
    assert ownership.parse_changed_files(text) == [
        "schools/weisheng/2018-a.md",
        "schools/weisheng/2018-案例.md",
        "README.md",
    ]


def test_check_with_changed_files_from_the_command_line(owned):
    run_build_py(owned, "owners")
    (owned / "changed.txt").write_text("schools/weisheng/2018-a.md\nschools/caimao/x.md\n", encoding="utf-8")
    result = run_build_py(owned, "check", "--changed-files", "changed.txt", "--author", "zhang")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "schools/caimao/x.md: 修改范围: 这是另一所学校（太原市财贸学校）的文件夹；账号“zhang”只能修改本校文件夹 schools/weisheng/ 里的文件；请从拉取请求中撤销对这个文件的修改；需要修改其他学校的材料时，请联系该校的编辑 [错误 other-school-folder]"
        in lines
    )
    github = run_build_py(owned, "check", "--format", "github", "--changed-files", "changed.txt", "--author", "zhang")
    assert (
        "::error file=schools/caimao/x.md,title=修改范围（other-school-folder）::这是另一所学校（太原市财贸学校）的文件夹；"
        in github.stdout
    )


def test_changed_files_needs_an_author(owned):
    (owned / "changed.txt").write_text("README.md\n", encoding="utf-8")
    result = run_build_py(owned, "check", "--changed-files", "changed.txt")
    assert result.returncode == 2
    assert result.stderr.endswith("build.py: error: --changed-files 和 --author 要一起使用\n")

"""The CI workflows of GitHub (.github/workflows), Gitea/Forgejo (.gitea/workflows) and GitLab
(.gitlab-ci.yml): actionlint accepts the Actions workflows, the GitLab file is well-formed, and
all three run the same steps of scripts/ci-steps.sh, which does what the workflows used to.

actionlint is the binary of the PyPI package pinned in requirements-dev.txt; missing, the test
fails (`bash scripts/dev.sh test` installs it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from support import run_build_py, set_editors, write_owners

CI_STEPS = REPO / "scripts" / "ci-steps.sh"
GITLAB_CI = REPO / ".gitlab-ci.yml"
ACTIONS_DIRS = {"github": REPO / ".github" / "workflows", "gitea": REPO / ".gitea" / "workflows"}
WORKFLOWS = sorted(path for folder in ACTIONS_DIRS.values() for path in folder.glob("*.y*ml"))
#: What actionlint knows of github.com alone: Gitea's and Forgejo's runners keep the node20
#: runtime and serve the v3 artifact protocol (see .gitea/workflows/pr.yml).
GITHUB_COM_ONLY = [r'runtime "node20" is deprecated in GitHub Actions', r"is retired on GitHub\.com"]
STEP = re.compile(r"^bash scripts/ci-steps\.sh ([a-z-]+)\b(.*)$")
#: Commands a workflow may run besides the steps: GitLab Pages publishes public/, not site/.
PLATFORM_COMMANDS = {"rm -rf public && mv site public"}
GITLAB_KEYWORDS = {
    "stages",
    "default",
    "variables",
    "workflow",
    "include",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
}


def actionlint() -> str:
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is not installed: run `bash scripts/dev.sh test` (requirements-dev.txt pins it)")
    return found


def lint(*paths: Path, ignore: list[str] = ()) -> subprocess.CompletedProcess:
    command = [actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes="]
    for pattern in ignore:
        command += ["-ignore", pattern]
    return subprocess.run([*command, *map(str, paths)], cwd=REPO, capture_output=True, text=True, timeout=120)


def run_lines(text: str) -> list[str]:
    """The commands of a run: block or script entry, without comments and blank lines."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def actions_jobs(path: Path) -> dict[str, list[str]]:
    """The commands of each job of a GitHub or Gitea workflow, in order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: [line for step in job.get("steps", []) if "run" in step for line in run_lines(step["run"])]
        for name, job in data["jobs"].items()
    }


def gitlab() -> dict:
    return yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))


def gitlab_jobs() -> dict[str, list[str]]:
    return {
        name: [line for entry in job["script"] for line in run_lines(entry)]
        for name, job in gitlab().items()
        if name not in GITLAB_KEYWORDS and not name.startswith(".")
    }


def steps(commands: list[str]) -> list[str]:
    return [m.group(1) for m in map(STEP.match, commands) if m]


def defined_steps() -> set[str]:
    return set(re.findall(r"^  ([a-z-]+)\)$", CI_STEPS.read_text(encoding="utf-8"), flags=re.M))


# --- lint -------------------------------------------------------------------------------------


def test_there_are_workflows_for_each_platform():
    names = {(path.parent.parent.name, path.name) for path in WORKFLOWS}
    assert names == {(".github", "pr.yml"), (".github", "publish.yml"), (".gitea", "pr.yml"), (".gitea", "publish.yml")}
    assert GITLAB_CI.is_file()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_actionlint_accepts_the_workflow(path):
    result = lint(path, ignore=GITHUB_COM_ONLY if path.parent.parent.name == ".gitea" else [])
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_mistakes(tmp_path):
    """The linter really lints: a broken workflow fails (and the GitHub-only rules apply on GitHub)."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ github.nope }}\n",
        encoding="utf-8",
    )
    result = lint(broken)
    assert result.returncode == 1
    assert "nope" in result.stdout and "node20" in result.stdout


# --- GitLab -----------------------------------------------------------------------------------


def test_gitlab_ci_is_well_formed():
    data = gitlab()
    stages = data["stages"]
    assert stages == ["check", "publish"]
    assert data["default"]["image"].startswith("python:3.11")
    assert data["variables"]["GIT_DEPTH"] == "0"  # the diff against the target branch needs history
    jobs = {name: job for name, job in data.items() if name not in GITLAB_KEYWORDS and not name.startswith(".")}
    assert set(jobs) == {"check", "test", "pages"}
    for name, job in jobs.items():
        assert job["stage"] in stages, name
        assert job["rules"], name
        assert isinstance(job["script"], list) and all(isinstance(line, str) for line in job["script"]), name
        if "extends" in job:
            assert job["extends"] in data, name
        for line in run_lines("\n".join(job["script"])):
            for script in re.findall(r"\bbash (\S+)", line):
                assert (REPO / script).is_file(), line
    assert jobs["check"]["rules"] == jobs["test"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert jobs["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert jobs["check"]["artifacts"]["paths"] == ["site/"]
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]  # GitLab Pages' folder


# --- the same steps everywhere ------------------------------------------------------------------


def test_workflows_run_nothing_but_the_shared_steps():
    """No command of its own in any workflow (so none can drift): only scripts/ci-steps.sh."""
    every = {f"{path.parent.parent.name}/{path.name}": actions_jobs(path) for path in WORKFLOWS}
    every[".gitlab-ci.yml"] = gitlab_jobs()
    for where, jobs in every.items():
        for job, commands in jobs.items():
            for command in commands:
                assert STEP.match(command) or command in PLATFORM_COMMANDS, (where, job, command)
                assert "build.py" not in command and "pip install" not in command, (where, job, command)
            assert set(steps(commands)) <= defined_steps(), (where, job)


def test_every_platform_runs_the_same_steps():
    review = {"check": ["install", "changed-files", "check", "preview"], "test": ["test"]}
    publish = ["install", "publish"]
    for platform in ACTIONS_DIRS.values():
        assert {job: steps(c) for job, c in actions_jobs(platform / "pr.yml").items()} == review, platform
        assert {job: steps(c) for job, c in actions_jobs(platform / "publish.yml").items() if c} == {
            "build": publish
        }, platform
    gitlab_steps = {job: steps(c) for job, c in gitlab_jobs().items()}
    assert gitlab_steps == {**review, "pages": publish}
    assert defined_steps() == {"install", "changed-files", "check", "preview", "publish", "test"}


def test_the_check_reads_the_list_it_was_given():
    """changed-files writes the list that check reads, on every platform; GitHub annotates."""
    formats = {}
    for where, jobs in [
        ("github", actions_jobs(ACTIONS_DIRS["github"] / "pr.yml")),
        ("gitea", actions_jobs(ACTIONS_DIRS["gitea"] / "pr.yml")),
        ("gitlab", gitlab_jobs()),
    ]:
        args = {m.group(1): m.group(2).split() for m in map(STEP.match, jobs["check"]) if m}
        base, listed = args["changed-files"]
        fmt, read, author = args["check"]
        assert listed == read and base and author, where
        formats[where] = fmt
    assert formats == {"github": "github", "gitea": "text", "gitlab": "text"}


def test_the_steps_are_the_commands_the_workflows_ran():
    script = CI_STEPS.read_text(encoding="utf-8")
    for command in [
        '"$PYTHON" -m pip install --disable-pip-version-check -r requirements.txt',
        'git -c core.quotePath=off diff --name-only --no-renames "$2...HEAD" > "$3"',
        '"$PYTHON" build.py check --publish --format "$2" --changed-files "$3" --author "$4"',
        '"$PYTHON" build.py build --offline\n',
        '"$PYTHON" build.py build --publish\n',
        "bash scripts/dev.sh test\n",
    ]:
        assert command in script, command


# --- the script itself ------------------------------------------------------------------------


def run_steps(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=sys.executable, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        ["bash", str(root / "scripts" / "ci-steps.sh"), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_unknown_step_or_missing_arguments():
    for args in [(), ("deploy",), ("check", "text"), ("changed-files", "main"), ("preview", "extra")]:
        result = run_steps(REPO, *args)
        assert result.returncode == 2 and result.stderr.startswith("用法：bash scripts/ci-steps.sh"), args


def git(root: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="ci",
        GIT_AUTHOR_EMAIL="ci@example.invalid",
        GIT_COMMITTER_NAME="ci",
        GIT_COMMITTER_EMAIL="ci@example.invalid",
    )
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args], cwd=root, env=env, check=True, capture_output=True, timeout=60
    )


def test_a_pull_request_through_the_steps(tree):
    """changed-files then check, as the workflows run them, on a pull request of one school
    that also touches another school's folder and moves a file."""
    root = tree({"schools/weisheng/2018-old.md": "x\n"})
    write_owners(root, ["shiju"])
    set_editors(root, "weisheng", ["zhang"])
    assert run_build_py(root, "owners").returncode == 0
    (root / "scripts").mkdir()
    shutil.copy(CI_STEPS, root / "scripts" / "ci-steps.sh")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    git(root, "mv", "schools/weisheng/2018-old.md", "schools/weisheng/2018-新.md")
    (root / "schools" / "caimao" / "2018-x.md").write_text("x\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pr")

    listed = run_steps(root, "changed-files", "main", "changed.txt")
    assert listed.returncode == 0, listed.stderr
    assert sorted((root / "changed.txt").read_text(encoding="utf-8").splitlines()) == [
        "schools/caimao/2018-x.md",
        "schools/weisheng/2018-old.md",
        "schools/weisheng/2018-新.md",
    ]

    checked = run_steps(root, "check", "text", "changed.txt", "zhang")
    assert checked.returncode == 1
    assert "schools/caimao/2018-x.md: 修改范围: 这是另一所学校（太原市财贸学校）的文件夹；" in checked.stdout
    annotated = run_steps(root, "check", "github", "changed.txt", "zhang")
    assert "::error file=schools/caimao/2018-x.md,title=修改范围（other-school-folder）::" in annotated.stdout

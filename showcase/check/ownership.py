"""Ownership: who may change which files, declared once and enforced twice.

``owners.yml`` (bureau-owned) lists the bureau's GitHub accounts and the paths only the bureau
changes; each ``schools/<id>/school.yml`` lists the accounts that edit that school's folder.
From these two sources we derive

* ``.github/CODEOWNERS`` (:func:`codeowners`), so GitHub asks the right people to review, and
  :func:`check_codeowners` fails the check when the committed file drifts from them;
* the pull-request rule :func:`check_changed_files`: a school's editor changes only that
  school's folder; the bureau changes anything.

The changed-files rule runs the pull request's own code, so it guides people rather than
guards the repository: the guard is CODEOWNERS with "Require review from Code Owners" in the
branch protection of ``main``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from showcase.load import schema
from showcase.load.model import Site
from showcase.load.sources import (
    FILE,
    FOLDER,
    kind_of,
    lint_yaml_lines,
    parse_yaml,
    read_bytes,
    read_text,
    report_kind,
)
from showcase.problems import Problems

OWNERS_FILE = "owners.yml"
CODEOWNERS_FILE = ".github/CODEOWNERS"
GENERATE_COMMAND = "python build.py owners"

_HEADER = (
    "# 本文件由 python build.py owners 根据 owners.yml 和 schools/*/school.yml 自动生成，请不要手工修改。\n"
    "# 要调整分工，请修改 owners.yml（市教育局账号与负责的文件）或学校 school.yml 中的 editors，\n"
    "# 再运行上面的命令重新生成本文件，一起提交。同一文件符合多行时，以最后一行为准。\n"
)


@dataclass(frozen=True)
class Owners:
    """The bureau's accounts and the paths only the bureau changes."""

    bureau: tuple[str, ...]
    paths: tuple[str, ...]


def load_owners(root: Path, problems: Problems) -> Owners | None:
    """Read and validate ``owners.yml``; report every problem, return None when unusable."""
    path = root / OWNERS_FILE
    kind = kind_of(path)
    report_kind(kind, OWNERS_FILE, problems)
    if kind != FILE:
        if kind not in (None, FOLDER):
            return None  # a link or other thing in its place, reported
        problems.error(
            OWNERS_FILE,
            0,
            "文件",
            "找不到 owners.yml（写明市教育局的账号和负责的文件）",
            "请从仓库恢复 owners.yml",
            code="missing-owners",
        )
        return None
    source = read_text(path, OWNERS_FILE, problems)
    if not source.ok or lint_yaml_lines(source.text, OWNERS_FILE, problems, what="分工文件"):
        return None
    doc = parse_yaml(source.text, OWNERS_FILE, problems, what="分工文件")
    if doc is None:
        return None
    data = schema.validate(schema.OwnersFile, doc, OWNERS_FILE, problems, what="分工文件")
    if data is None:
        return None
    return Owners(tuple(data.bureau), tuple(data.paths))


def _mentions(accounts: tuple[str, ...] | list[str]) -> str:
    return "".join(f" @{account}" for account in accounts)


def codeowners(owners: Owners, site: Site) -> str:
    """The text of ``.github/CODEOWNERS``: same owners and schools, same bytes.

    GitHub applies the last matching line, so the default comes first; bureau paths and school
    folders never overlap (:class:`~showcase.load.schema.OwnersFile` refuses paths under schools/).
    """
    lines = [_HEADER]
    if not owners.bureau:
        lines.append("# 注意：owners.yml 中还没有填写市教育局的账号，下面各行暂时没有审核人（只列出路径）。\n")
    lines.append("\n# 默认：仓库里的其他文件都由市教育局负责。\n")
    lines.append(f"*{_mentions(owners.bureau)}\n")
    lines.append("\n# 市教育局负责的文件和文件夹（owners.yml 的 paths）。\n")
    for path in sorted(owners.paths):
        lines.append(f"/{path}{_mentions(owners.bureau)}\n")
    lines.append("\n# 各学校的文件夹：本校编辑（school.yml 的 editors）和市教育局。\n")
    for school_id in sorted(site.schools):
        editors = list(dict.fromkeys(site.schools[school_id].editors))
        bureau = [account for account in owners.bureau if account.lower() not in {e.lower() for e in editors}]
        lines.append(f"/schools/{school_id}/{_mentions(editors + bureau)}\n")
    return "".join(lines)


def write_codeowners(root: Path, owners: Owners, site: Site) -> Path:
    """Write ``.github/CODEOWNERS`` (``\\n`` line ends on every system)."""
    target = root / CODEOWNERS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(codeowners(owners, site).encode("utf-8"))
    return target


def check_codeowners(root: Path, site: Site, problems: Problems) -> None:
    """Report a missing ``.github/CODEOWNERS`` or one that differs from what would be generated.

    Skipped when ``owners.yml`` or a ``school.yml`` has errors: those are reported already, and
    a comparison with half the editors would only add noise.
    """
    owners = load_owners(root, problems)
    if owners is None or site.broken_school_ids:
        return
    expected = codeowners(owners, site)
    target = root / CODEOWNERS_FILE
    hint = f"请运行 {GENERATE_COMMAND} 重新生成，并把它和修改一起提交（学校编辑没有权限时，请联系市教育局）"
    kind = kind_of(target)
    report_kind(kind, CODEOWNERS_FILE, problems)
    if kind != FILE:
        problems.error(
            CODEOWNERS_FILE,
            0,
            "CODEOWNERS",
            "找不到 .github/CODEOWNERS（它决定谁来审核哪些文件的修改）",
            hint,
            code="codeowners-drift",
        )
        return
    data = read_bytes(target, CODEOWNERS_FILE, problems)
    if data is None:
        return
    actual = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    if actual == expected:
        return
    line, want, have = _first_difference(expected.splitlines(), actual.splitlines())
    problems.error(
        CODEOWNERS_FILE,
        line,
        "CODEOWNERS",
        f"与 owners.yml 和各校 school.yml 不一致：第 {line} 行应为{_show(want)}，实际是{_show(have)}",
        hint,
        code="codeowners-drift",
    )


def _first_difference(expected: list[str], actual: list[str]) -> tuple[int, str | None, str | None]:
    """1-based number of the first differing line, with both versions (None past the end)."""
    for index in range(max(len(expected), len(actual))):
        want = expected[index] if index < len(expected) else None
        have = actual[index] if index < len(actual) else None
        if want != have:
            return index + 1, want, have
    return 1, None, None  # pragma: no cover - only called when the texts differ


def _show(text: str | None) -> str:
    if text is None:
        return "文件结束"
    if not text:
        return "空行"
    return f"“{text if len(text) <= 60 else text[:60] + '…'}”"


# --- the pull-request rule ----------------------------------------------------------------------

_OCTAL = re.compile(rb"\\([0-7]{3}|.)")
_C_ESCAPES = {
    b"n": b"\n",
    b"t": b"\t",
    b'"': b'"',
    b"\\": b"\\",
    b"a": b"\a",
    b"b": b"\b",
    b"f": b"\f",
    b"r": b"\r",
    b"v": b"\v",
}


def parse_changed_files(text: str) -> list[str]:
    """Paths from ``git diff --name-only`` output, one per line.

    Git quotes paths with unusual characters (``"schools/a/\\346\\241\\210.md"`` unless
    ``core.quotePath`` is off); such lines are unquoted back to UTF-8.
    """
    paths = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if len(line) >= 2 and line.startswith('"') and line.endswith('"'):
            body = line[1:-1].encode("utf-8")
            decoded = _OCTAL.sub(
                lambda m: (
                    bytes([int(m.group(1), 8)]) if len(m.group(1)) == 3 else _C_ESCAPES.get(m.group(1), m.group(1))
                ),
                body,
            )
            line = decoded.decode("utf-8", errors="replace")
        paths.append(line.replace("\\", "/").lstrip("/"))
    return list(dict.fromkeys(paths))


def _bureau_path(path: str, owners: Owners) -> str | None:
    """The entry of ``owners.paths`` that covers ``path``, if any."""
    for owned in owners.paths:
        if owned.endswith("/") and path.startswith(owned) or path == owned.rstrip("/"):
            return owned
    return None


def check_changed_files(root: Path, site: Site, changed: list[str], author: str, problems: Problems) -> None:
    """The files a pull request changes must be the author's to change.

    The bureau changes anything; a school's editor changes only files under ``schools/<id>/``
    of the schools that list them in ``editors``; anyone else is told how to be added.
    """
    owners = load_owners(root, problems)
    if owners is None:
        return
    if not owners.bureau:
        # The bureau's to-do, said where the bureau works (a change outside the school folders),
        # not on every school's pull request, which can do nothing about it.
        if all(path.startswith("schools/") for path in changed):
            return
        problems.warning(
            OWNERS_FILE,
            0,
            "bureau",
            "owners.yml 中还没有填写市教育局的账号，暂不检查拉取请求修改了哪些文件",
            "市教育局确定审核账号后，请写入 owners.yml 的 bureau，并运行 python build.py owners",
            code="owners-unset",
        )
        return
    login = author.strip().lstrip("@")
    if login.lower() in {account.lower() for account in owners.bureau}:
        return
    own = sorted(school.id for school in site.schools.values() if login.lower() in {e.lower() for e in school.editors})
    if not own:
        problems.error(
            OWNERS_FILE,
            0,
            "作者",
            f"GitHub 账号“{login}”不是任何学校的编辑，也不是市教育局的账号，不能提交修改",
            "请本校已有的编辑或市教育局把你的账号加到 schools/<本校编号>/school.yml 的 editors 里"
            f"（如 editors: [{login}]），再由市教育局运行 {GENERATE_COMMAND} 更新 .github/CODEOWNERS",
            code="unknown-author",
        )
        return
    own_folders = "、".join(f"schools/{school_id}/" for school_id in own)
    for path in changed:
        parts = path.split("/")
        if parts[0] == "schools" and len(parts) > 2:
            if parts[1] in own:
                continue
            school = site.schools.get(parts[1])
            whose = f"另一所学校（{school.name}）" if school else f"学校“{parts[1]}”"
            problems.error(
                path,
                0,
                "修改范围",
                f"这是{whose}的文件夹；账号“{login}”只能修改本校文件夹 {own_folders} 里的文件",
                "请从拉取请求中撤销对这个文件的修改；需要修改其他学校的材料时，请联系该校的编辑",
                code="other-school-folder",
            )
            continue
        owned = _bureau_path(path, owners)
        rule = f"owners.yml 中列出的“{owned}”" if owned else "学校文件夹以外的文件"
        problems.error(
            path,
            0,
            "修改范围",
            f"这个文件由市教育局负责（{rule}）；学校编辑只能修改本校文件夹 {own_folders} 里的文件",
            "请从拉取请求中撤销对这个文件的修改；需要修改时，请在议题（issue）中说明，由市教育局处理",
            code="bureau-owned",
        )

"""The house shows the pipeline: each stage is a package named for it, no module imports one that
imports it back, only the engine adapter imports an engine, and the README's layout table lists
the packages as they are, in pipeline order."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "showcase"
STAGES = ["load", "check", "generate", "output"]
ENGINES = {"mkdocs", "material", "properdocs", "zensical"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that ``name`` imports, anywhere in it (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in known and target != name}
    return found


def engines_imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names & ENGINES


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_one_that_imports_it_back():
    known = modules()
    # A package's __init__ imports nothing here; importing a module from it is not importing it.
    graph = {
        name: {t for t in imported(name, path, known) if t not in {n for n in known if known[n].name == "__init__.py"}}
        for name, path in known.items()
    }
    assert cycles(graph) == []


def test_only_the_engine_adapter_imports_an_engine():
    outside = {
        name: engines_imported(path) for name, path in modules().items() if not name.startswith("showcase.engine")
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_each_stage_is_a_package_that_says_what_it_does_in_pipeline_order():
    top = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")))
    positions = [top.index(f":mod:`showcase.{stage}`") for stage in STAGES]
    assert positions == sorted(positions)
    for package in [*STAGES, "tools", "engine", "engine/mkdocs"]:
        assert ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))), package


def test_readme_layout_table_lists_the_packages_as_they_are():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## 目录结构", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(showcase/[\w/]+/)` \|", table, flags=re.M)
    folders = sorted(
        f"{p.relative_to(REPO).as_posix()}/"
        for p in PACKAGE.rglob("*")
        if p.is_dir()
        and (p / "__init__.py").exists()
        and p != PACKAGE
        and "search" not in p.relative_to(REPO).parts
        and "compile" not in p.relative_to(REPO).parts
    )
    assert sorted(listed) == folders
    stage_rows = [row for row in listed if row.rstrip("/").split("/")[-1] in STAGES]
    assert stage_rows == [f"showcase/{stage}/" for stage in STAGES]
    for path in re.findall(r"`((?:showcase|tests|bench|deploy|scripts|hooks)/[\w./-]*)`", table):
        assert (REPO / path).exists(), path

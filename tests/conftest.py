"""Shared fixtures: real files in temporary folders, never mocks of the file system."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))  # the search tests use the benchmark's corpus generator

from showcase.pipeline import run  # noqa: E402

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"

VALID_FRONT = """---
title: 以诊促改的实践
project: teaching-diagnosis
type: 典型案例
date: 2018-06-01
summary: 学校建立质量改进螺旋。
authors: [张三, 李四]
tags: [诊改]
---

## 实施背景

正文内容。
"""


def case_text(title: str, project: str, kind: str, date: str) -> str:
    """VALID_FRONT's case with another title, project, type and date."""
    return (
        VALID_FRONT.replace("以诊促改的实践", title)
        .replace("teaching-diagnosis", project)
        .replace("type: 典型案例", f"type: {kind}")
        .replace("2018-06-01", date)
    )


def make_tree(root: Path, files: dict[str, str | bytes] | None = None, *, with_demo: bool = False) -> Path:
    """A content tree with the real projects and schools and the given extra files."""
    shutil.copytree(REPO / "projects", root / "projects")
    for school_yml in sorted((REPO / "schools").glob("*/school.yml")):
        target = root / "schools" / school_yml.parent.name / "school.yml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(school_yml, target)
    # Copied, not linked: the check refuses links anywhere in the content.
    shutil.copytree(REPO / "content", root / "content")
    if with_demo:
        shutil.copytree(REPO / "demo", root / "demo")
    for rel, content in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def messages(root: Path, *, demo: bool = False) -> list[str]:
    return [p.format() for p in run(root, demo=demo).problems]


@pytest.fixture
def tree(tmp_path: Path):
    def factory(files: dict[str, str | bytes] | None = None, **kwargs) -> Path:
        return make_tree(tmp_path, files, **kwargs)

    return factory


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (see support), one per test module."""
    from support import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo content built once with the real configuration (for the browser tests)."""
    from support import build_site

    root = make_tree(tmp_path_factory.mktemp("demo-site"), with_demo=True)
    result = build_site(root)
    assert result.returncode == 0, result.stderr
    return root / "site"

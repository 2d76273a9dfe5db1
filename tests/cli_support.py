"""Run ``build.py`` on a fixture tree, as a person would in a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def run_build_py(root: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """``python build.py <args>`` with ``root`` as the project (build.py is linked into it)."""
    link = root / "build.py"
    if not link.exists():
        link.symlink_to(REPO / "build.py")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "build.py", *args], cwd=root, env=env, input=input if input is not None else "",
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


OWNERS_PATHS = """paths:
  - owners.yml
  - featured.yml
  - projects/
  - .github/
"""


def write_owners(root: Path, bureau: list[str] | None = None) -> Path:
    """An ``owners.yml`` with the given bureau accounts and a few bureau paths."""
    path = root / "owners.yml"
    path.write_text(f"bureau: [{', '.join(bureau or [])}]\n" + OWNERS_PATHS, encoding="utf-8")
    return path


def set_editors(root: Path, school_id: str, editors: list[str]) -> None:
    path = root / "schools" / school_id / "school.yml"
    text = path.read_text(encoding="utf-8").replace("editors: []", f"editors: [{', '.join(editors)}]")
    path.write_text(text, encoding="utf-8")

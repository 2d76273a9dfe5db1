"""Build a fixture site with the real mkdocs.yml, theme overrides and hook, as `build.py` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def link_project_files(root: Path) -> None:
    """Make ``root`` a project: the repository's configuration beside the fixture content (the
    content is copied: the check refuses links in it)."""
    for name in ("mkdocs.yml", "overrides", "hooks", "build.py", "templates", "showcase"):
        target = root / name
        if not target.exists():
            target.symlink_to(REPO / name)
    for name in ("content", "news", "compilation", "featured.yml", "assessment.yml"):
        target = root / name
        if not target.exists() and not target.is_symlink():
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, target)
    (root / "demo").mkdir(exist_ok=True)


def build_site(root: Path, *, publish: bool = False, extra_args: list[str] | None = None) -> subprocess.CompletedProcess:
    link_project_files(root)
    command = [sys.executable, "build.py", "build", *(["--publish"] if publish else []), *(extra_args or [])]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)

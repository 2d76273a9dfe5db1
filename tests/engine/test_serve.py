"""`build.py serve` shows an edit: the case page, the school's listing and the progress matrix
are up to date, pages that did not change are served exactly as before (the rebuild takes them
from its caches, some rendered by the forked renderer), and a new problem is reported again."""

from __future__ import annotations

import re
import time

import pytest

from conftest import VALID_FRONT, make_tree
from support import get, link_project_files, serving_preview, wait_for

#: More cases than showcase/engine/mkdocs/parallel_render.py needs to fork, so that the child's caches are used.
CASES = 70


@pytest.fixture
def served(tmp_path):
    files = {
        f"schools/caimao/2018-case-{n:03d}.md": VALID_FRONT.replace("以诊促改的实践", f"以诊促改的实践之{n}").replace(
            "正文内容。", f"第 {n} 篇的正文，[上一篇](2018-case-{max(n - 1, 0):03d}.md)。"
        )
        for n in range(CASES)
    }
    root = make_tree(tmp_path / "project", files)
    link_project_files(root)
    with serving_preview(root, tmp_path / "serve.log") as base:
        yield root, base, tmp_path / "serve.log"


def test_an_edit_shows_everywhere_and_nothing_else_changes(served):
    root, base, log = served
    edited = root / "schools/caimao/2018-case-003.md"
    # Pages rendered by either process in the first build, to compare after the rebuild.
    untouched = [f"schools/caimao/2018-case-{n:03d}/" for n in (10, 11, 40, 41)]
    before = {url: get(base + url) for url in untouched}

    edited.write_text(
        edited.read_text(encoding="utf-8").replace("以诊促改的实践之3", "改过标题的第三篇"), encoding="utf-8"
    )
    page = wait_for(base + "schools/caimao/2018-case-003/", lambda body: "改过标题的第三篇" in body)
    assert "<title>改过标题的第三篇" in page
    wait_for(base + "schools/caimao/", lambda body: "改过标题的第三篇" in body)  # the school's listing
    wait_for(base + "cases/", lambda body: "改过标题的第三篇" in body)  # the list of all cases
    # Neighbours name the edited case in their "previous/next" links; the others are unchanged.
    after = {url: get(base + url) for url in untouched}
    assert after == before

    # A problem introduced by an edit is reported at the rebuild (no cached page hides it).
    edited.write_text(edited.read_text(encoding="utf-8") + "\n[断开的链接](2018-missing.md)\n", encoding="utf-8")
    deadline = time.time() + 60
    while "2018-missing.md" not in log.read_text(encoding="utf-8") and time.time() < deadline:
        time.sleep(0.2)
    text = log.read_text(encoding="utf-8")
    assert re.search(r"schools/caimao/2018-case-003\.md:\d+.*2018-missing\.md", text), text[-3000:]

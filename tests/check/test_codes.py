"""Every problem code the checks can emit is explained in the contributor guide."""

from __future__ import annotations

import re

from conftest import REPO
from showcase.check.codes import all_codes


def emitted_codes() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "showcase").rglob("*.py"):
        found |= set(re.findall(r'code="([a-z0-9-]+)"', path.read_text(encoding="utf-8")))
    # codes chosen at run time in schema.py's translation of pydantic errors
    found |= {"github-account", "invalid-value", "wrong-kind", "empty-value"}
    return found


def test_every_emitted_code_is_explained():
    missing = sorted(emitted_codes() - set(all_codes()))
    assert missing == []


def test_no_explanation_for_a_code_nobody_emits():
    assert sorted(set(all_codes()) - emitted_codes()) == []


def test_explanations_are_in_chinese():
    for code, (title, text) in all_codes().items():
        assert re.search(r"[\u4e00-\u9fff]", title) and re.search(r"[\u4e00-\u9fff]", text), code

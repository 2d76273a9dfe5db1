"""The projects, schools and assignments match notice 并教职〔2017〕1号 exactly.

The notice is parsed here independently of the loader, straight from its text.
"""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from showcase.load.content import load_site

#: The notice's text as the bureau issued it (the repository's own copy; nothing outside it is read).
NOTICE = REPO / "notice" / "bingjiaozhi-2017-1.txt"


def notice_projects() -> list[tuple[str, list[str], list[str]]]:
    """(name, school names, contents) for each project, in the notice's order."""
    text = NOTICE.read_text(encoding="utf-8")
    section = text.split("二、试点项目和试点学校", 1)[1].split("三、工作要求", 1)[0]
    projects = []
    for block in re.split(r"\n\s*(?=（[一二三四五六七八]）)", section):
        block = block.strip()
        match = re.match(r"（[一二三四五六七八]）(.+)", block)
        if not match:
            continue
        name = match.group(1).strip().lstrip("#").strip()
        schools = re.search(r"试点学校：\**(.+)", block).group(1).strip()
        contents_text = block.split("试点内容：", 1)[1]
        contents = [c.strip().lstrip("- ").strip() for c in re.split(r"（\d）", contents_text)[1:]]
        contents = [re.sub(r"\s*</div>.*", "", c, flags=re.S).strip() for c in contents]
        projects.append((name, [s.strip() for s in schools.split("、")], contents))
    return projects


@pytest.fixture(scope="module")
def site():
    site, problems = load_site(REPO, demo=False)
    assert not problems.errors, [p.format() for p in problems.errors]
    return site


def test_eight_projects_in_order_with_exact_names(site):
    expected = [name for name, _, _ in notice_projects()]
    assert len(expected) == 8
    assert [p.name for p in site.projects.values()] == expected
    assert [p.order for p in site.projects.values()] == list(range(1, 9))


def test_pilot_contents_word_for_word(site):
    for (name, _, contents), project in zip(notice_projects(), site.projects.values()):
        assert list(project.contents) == contents, name
        assert len(project.contents) == 3


def test_twenty_schools_and_29_assignments(site):
    names = {school for _, schools, _ in notice_projects() for school in schools}
    assert len(names) == 20
    assert {s.name for s in site.schools.values()} == names
    assert site.pilot_count == 29
    for (name, schools, _), project in zip(notice_projects(), site.projects.values()):
        assert [site.schools[s].name for s in project.school_ids] == schools, name


def test_ids_are_stable_lowercase_ascii(site):
    for ident in [*site.projects, *site.schools]:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ident)


def test_district_only_where_the_name_says_it(site):
    for school in site.schools.values():
        if school.district:
            assert school.district in school.name
        else:
            assert not re.search(r"(县|区)", school.name.replace("太原市", "")), school.name
        # Nothing the notice does not give.
        assert school.website is None


def test_notice_page_has_the_full_text():
    page = (REPO / "content" / "notice.md").read_text(encoding="utf-8")
    plain = re.sub(r"[*#>\-]|<[^>]+>|\{[^}]*\}|\[→[^\]]*\]\([^)]*\)", "", page)
    plain = re.sub(r"\s+", "", plain)
    for line in NOTICE.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s+", "", line)
        if line:
            assert line in plain, line

"""Generated pages: golden files for a small fixture, plus properties of the pure generators.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
"""

from __future__ import annotations

import os

import pytest

from conftest import REPO, VALID_FRONT
from showcase.generate.pages import progress_matrix
from showcase.generate.site import generate
from showcase.generate.urls import relative
from showcase.load.content import load_site

GOLDEN = REPO / "tests" / "golden"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def fixture_site(tree):
    root = tree(
        {
            "schools/caimao/2018-case.md": VALID_FRONT,
            "schools/dachang-qiche/2019-rich.md": (FIXTURES / "rich-case.md").read_text(encoding="utf-8"),
            "schools/dachang-qiche/images/cover.png": (FIXTURES / "cover.png").read_bytes(),
        }
    )
    site, problems = load_site(root)
    assert not problems, [p.format() for p in problems]
    return site


GOLDEN_PAGES = [
    "index.md",
    "projects/index.md",
    "projects/school-enterprise/index.md",
    "schools/index.md",
    "schools/dachang-qiche/index.md",
    "schools/dachang-qiche/2019-rich.md",
    "cases/index.md",
    "progress/index.md",
    "guide/fields.md",
]


@pytest.mark.parametrize("uri", GOLDEN_PAGES)
def test_golden(fixture_site, uri):
    pages = {page.uri: page.content for page in generate(fixture_site)}
    golden = GOLDEN / (uri.replace("/", "__"))
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(pages[uri], encoding="utf-8")
    assert pages[uri] == golden.read_text(encoding="utf-8")


def test_output_is_deterministic(fixture_site):
    first = [(p.uri, p.content) for p in generate(fixture_site)]
    second = [(p.uri, p.content) for p in generate(fixture_site)]
    assert first == second
    assert len({uri for uri, _ in first}) == len(first)


def test_one_page_per_project_school_and_submission(fixture_site):
    uris = {p.uri for p in generate(fixture_site)}
    assert {f"projects/{pid}/index.md" for pid in fixture_site.projects} <= uris
    assert {f"schools/{sid}/index.md" for sid in fixture_site.schools} <= uris
    assert {"schools/caimao/2018-case.md", "schools/dachang-qiche/2019-rich.md"} <= uris


def test_progress_matrix_marks_pilots_and_counts(fixture_site):
    matrix = progress_matrix(fixture_site)
    assert len(matrix) == 20 and all(len(row) == 8 for row in matrix.values())
    pilot_cells = [v for row in matrix.values() for v in row.values() if v is not None]
    assert len(pilot_cells) == 29
    assert matrix["caimao"]["teaching-diagnosis"] == 1
    # The rich case is dated 2019, after the notice's pilot period (2017–2018): not counted.
    assert matrix["dachang-qiche"]["school-enterprise"] == 0
    assert matrix["caimao"]["apprenticeship"] is None
    assert matrix["weisheng"]["key-majors"] == 0


def test_case_listing_is_paginated(tree):
    files = {
        f"schools/caimao/2018-case-{n:02d}.md": VALID_FRONT.replace("以诊促改的实践", f"实践第{n}篇") for n in range(65)
    }
    site, problems = load_site(tree(files))
    assert not problems
    uris = [p.uri for p in generate(site) if p.uri.startswith("cases/")]
    assert uris == ["cases/index.md", "cases/page-2.md", "cases/page-3.md"]


def test_demo_submission_is_labelled(tree):
    site, problems = load_site(tree(with_demo=True), demo=True)
    assert not problems
    pages = {p.uri: p for p in generate(site)}
    demo = [s for s in site.submissions if s.demo]
    assert demo and all(s.demo for s in site.submissions)
    for submission in demo:
        page = pages[submission.uri]
        assert "sc_demo: true" in page.content
        assert '<p class="admonition-title">示例内容</p>' in page.content
    assert pages["cases/index.md"].content.count("sc-badge--demo") == min(len(demo), 30)


def test_publish_leaves_demo_out(tree):
    site, _ = load_site(tree(with_demo=True), demo=False)
    assert site.submissions == []


@pytest.mark.parametrize(
    "src, dst, expected",
    [
        ("index.md", "projects/a/index.md", "projects/a/index.md"),
        ("schools/a/x.md", "projects/p/index.md", "../../projects/p/index.md"),
        ("schools/a/index.md", "schools/a/x.md", "x.md"),
        ("progress/index.md", "schools/a/index.md#p", "../schools/a/index.md#p"),
    ],
)
def test_relative_links(src, dst, expected):
    assert relative(src, dst) == expected


def test_reading_time_counts_chinese_characters():
    from showcase.generate.pages import reading_minutes

    assert reading_minutes("字" * 400) == 1
    assert reading_minutes("字" * 2000 + "\n\n![图](images/a.png)\n\nPython 编程") == 5
    assert reading_minutes("") == 1
    # Every "![" scans a bounded stretch, not the rest of the body: this finishes at once.
    assert reading_minutes("![" * 100_000) == 1


def _many(tree, specs):
    files = {}
    for school, project, title, date, tags in specs:
        files[f"schools/{school}/{date}-{abs(hash(title)) % 10000}.md"] = (
            VALID_FRONT.replace("以诊促改的实践", title)
            .replace("teaching-diagnosis", project)
            .replace("2018-06-01", date)
            .replace("tags: [诊改]", f"tags: [{', '.join(tags)}]")
        )
    site, problems = load_site(tree(files))
    assert not problems, [p.format() for p in problems]
    return site


def test_related_cases_are_same_project_other_schools_shared_tags_first(tree):
    from showcase.generate.pages import related

    site = _many(
        tree,
        [
            ("caimao", "teaching-diagnosis", "本篇", "2018-06-01", ["诊改", "质量"]),
            ("caimao", "teaching-diagnosis", "同校", "2018-07-01", ["诊改", "质量"]),
            ("weisheng", "teaching-diagnosis", "新但无共同关键词", "2019-01-01", ["护理"]),
            ("youer-shifan", "teaching-diagnosis", "两个共同关键词", "2018-01-01", ["诊改", "质量"]),
            ("weisheng", "key-majors", "别的项目", "2018-08-01", ["诊改", "质量"]),
        ],
    )
    this = next(s for s in site.submissions if s.title == "本篇")
    assert [s.title for s in related(site, this)] == ["两个共同关键词", "新但无共同关键词"]


def test_previous_and_next_within_the_school(tree):
    site = _many(
        tree,
        [
            ("caimao", "teaching-diagnosis", "第一篇", "2018-01-01", []),
            ("caimao", "informatization", "第二篇", "2018-02-01", []),
            ("caimao", "teaching-diagnosis", "第三篇", "2018-03-01", []),
            ("weisheng", "teaching-diagnosis", "别校", "2018-02-15", []),
        ],
    )
    by_title = {s.title: s for s in site.submissions}
    older, newer = site.neighbours(by_title["第二篇"])
    assert (older.title, newer.title) == ("第一篇", "第三篇")
    assert site.neighbours(by_title["第三篇"])[1] is None


def test_open_data_json_and_csv(fixture_site):
    import csv
    import io
    import json

    from showcase.generate.opendata import cases_csv, cases_json

    data = json.loads(cases_json(fixture_site))
    assert data["count"] == 2
    assert data["cases"][0] == {
        "id": "dachang-qiche/2019-rich",
        "title": "校企共建实训基地的做法",
        "school_id": "dachang-qiche",
        "school": "山西大昌汽车专业学校",
        "district": "",
        "project_id": "school-enterprise",
        "project": "校企合作模式",
        "type": "典型案例",
        "date": "2019-04-26",
        "summary": "校企双方共同开展专业建设、共建实训环境、互聘师资。",
        "authors": ["张三"],
        "tags": ["校企合作", "实训"],
        "url": "schools/dachang-qiche/2019-rich/",
    }
    raw = cases_csv(fixture_site)
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["编号", "标题", "学校编号", "学校"]
    assert rows[2][1] == "以诊促改的实践" and rows[2][10] == "张三、李四"


def test_case_feeds_site_wide_and_per_project(fixture_site):
    import xml.etree.ElementTree as ET

    from showcase.generate.site import data_files

    files = {f.uri: f.data for f in data_files(fixture_site, site_url="https://example.org/site/")}
    ns = {"a": "http://www.w3.org/2005/Atom"}
    site_feed = ET.fromstring(files["feed.xml"])
    assert [e.findtext("a:title", namespaces=ns) for e in site_feed.findall("a:entry", ns)] == [
        "校企共建实训基地的做法",
        "以诊促改的实践",
    ]
    first = site_feed.find("a:entry", ns)
    assert first.find("a:link", ns).get("href") == "https://example.org/site/schools/dachang-qiche/2019-rich/"
    assert [c.get("term") for c in first.findall("a:category", ns)] == [
        "校企合作模式",
        "典型案例",
        "山西大昌汽车专业学校",
    ]
    project_feed = ET.fromstring(files["projects/teaching-diagnosis/feed.xml"])
    assert [e.findtext("a:title", namespaces=ns) for e in project_feed.findall("a:entry", ns)] == ["以诊促改的实践"]
    assert len(ET.fromstring(files["projects/apprenticeship/feed.xml"]).findall("a:entry", ns)) == 0


@pytest.mark.parametrize(
    "src, dst, expected",
    [
        ("index.md", "cases/index.md", "cases/"),
        ("cases/index.md", "index.md", "../"),
        ("schools/a/x.md", "schools/a/index.md", "../"),
        ("schools/a/x.md", "schools/a/y.md", "../y/"),
        ("schools/a/index.md", "schools/a/x.md", "x/"),
        ("schools/a/x.md", "schools/a/images/c.jpg", "../images/c.jpg"),
        ("progress/index.md", "schools/a/index.md#p", "../schools/a/#p"),
        ("cases/page-2.md", "cases/index.md", "../"),
        ("index.md", "index.md", "./"),
    ],
)
def test_href_for_raw_html(src, dst, expected):
    from showcase.generate.urls import href

    assert href(src, dst) == expected


def test_forked_generation_gives_the_same_pages(tree, monkeypatch):
    import showcase.generate.pages as pages

    files = {
        f"schools/caimao/2018-case-{n:02d}.md": VALID_FRONT.replace("以诊促改的实践", f"实践第{n}篇") for n in range(40)
    }
    site, _ = load_site(tree(files))
    serial = [(p.uri, p.content, p.body_html, p.toc) for p in pages.submission_pages(site)]
    monkeypatch.setattr(pages, "PARALLEL_FROM", 10)
    forked = [(p.uri, p.content, p.body_html, p.toc) for p in pages.submission_pages(site)]
    assert forked == serial and len(forked) == 40


def test_data_files_made_in_a_fork_are_the_same(tree, monkeypatch):
    """From PARALLEL_FROM cases on, the pipeline makes the data files (JSON, CSV, XLSX, feeds)
    in a forked process while it generates the pages: same files, same order."""
    import showcase.pipeline as pipeline

    files = {
        f"schools/caimao/2018-case-{n:02d}.md": VALID_FRONT.replace("以诊促改的实践", f"实践第{n}篇") for n in range(12)
    }
    root = tree(files)
    serial = [(f.uri, f.data) for f in pipeline.run(root, demo=True).data_files]
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 5)
    forked = [(f.uri, f.data) for f in pipeline.run(root, demo=True).data_files]
    assert forked == serial and any(uri.endswith("cases.json") for uri, _ in forked)


def test_a_failure_in_the_fork_is_reported():
    from showcase.forking import Background

    def broken():
        raise ValueError("坏了")

    with pytest.raises(RuntimeError, match="坏了"):
        Background("测试", broken).result()

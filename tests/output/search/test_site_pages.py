"""The whole site in the index: other pages after the cases, synonyms, popular keywords and the
.js twins a page opened from disk reads (issue #11, #10)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from showcase.output.search import SearchDoc, build_search_index
from showcase.output.search.index import SCRIPT_REGISTRY, IndexBuilder, order_docs, popular_keywords
from showcase.output.search.query import IndexReader


def case(i: int, text: str, tags: tuple[str, ...] = ()) -> SearchDoc:
    return SearchDoc(
        id=f"s{i % 2}/d{i}",
        url=f"schools/s{i % 2}/d{i}/",
        title=f"案例{i}",
        summary="摘要",
        text=text,
        school=f"第{i % 2}职业中学",
        school_id=f"s{i % 2}",
        project="现代学徒制探索",
        project_id="apprenticeship",
        district="",
        type="典型案例",
        date=f"2018-0{1 + i}-01",
        tags=tags,
    )


def page(uri: str, kind: str, title: str, text: str, date: str = "") -> SearchDoc:
    blank = dict.fromkeys(("summary", "school", "school_id", "project", "project_id", "district", "type"), "")
    return SearchDoc(id=uri, url=uri.removesuffix("index.md").removesuffix(".md"), title=title, text=text,
                     date=date, kind=kind, **blank)  # fmt: skip


CASES = [
    case(0, "学校开展诊改工作", ("诊改", "质量")),
    case(1, "完善诊断与改进机制", ("质量",)),
    case(2, "校企合作共建实训基地", ("质量",)),
]
OTHERS = [
    page("news/a.md", "news", "关于编印典型案例汇编的通知", "各校推荐诊改案例", "2019-06-20"),
    page("compilation/index.md", "section", "典型案例汇编", "汇编收录推荐的案例"),
    page("guide/index.md", "guide", "投稿指南", "如何提交材料"),
]
SYNONYMS = [["诊改", "诊断与改进"], ["校企", "校企合作"]]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cases_first_then_the_other_pages(tmp_path):
    build_search_index(OTHERS + CASES, tmp_path, synonyms=SYNONYMS)
    reader = IndexReader(tmp_path)
    assert reader.meta["cases"] == 3 and reader.n == 6
    assert [reader.row(i)[0] for i in range(6)] == [
        "案例2", "案例1", "案例0", "关于编印典型案例汇编的通知", "典型案例汇编", "投稿指南",
    ]  # fmt: skip
    assert reader.meta["facets"]["kind"]["labels"] == ["案例材料", "新闻", "栏目页面", "投稿指南"]
    assert reader.search("典型案例汇编").results == [3, 4]
    # the other page's title hit does not rank it before a case
    assert reader.search("诊改").results == [1, 2, 3]


def test_synonyms_find_the_same_documents_both_ways(tmp_path):
    build_search_index(CASES + OTHERS, tmp_path, synonyms=SYNONYMS)
    reader = IndexReader(tmp_path)
    assert reader.meta["syn"] == SYNONYMS
    assert reader.search("诊改").results == reader.search("诊断与改进").results == [1, 2, 3]
    assert reader.search("校企").results == reader.search("校企合作").results == [0]
    build_search_index(CASES + OTHERS, tmp_path / "plain")
    plain = IndexReader(tmp_path / "plain")
    assert plain.search("诊改").results == [2, 3] and plain.search("诊断与改进").results == [1]


def test_a_page_that_was_not_rendered_leaves_no_gap(tmp_path):
    """Positions are given before rendering; a page the build did not render is closed up, and
    the index is the one built without it."""
    ordered = order_docs(CASES + OTHERS)
    builder = IndexBuilder(len(ordered), 3, SYNONYMS)
    for position, doc in enumerate(ordered):
        if doc.id != "compilation/index.md":
            builder.add(position, doc)
    builder.write(tmp_path / "gap")
    build_search_index([d for d in ordered if d.id != "compilation/index.md"], tmp_path / "whole", synonyms=SYNONYMS)
    assert files(tmp_path / "gap") == files(tmp_path / "whole")


def test_every_index_file_has_a_script_twin_with_the_same_content(tmp_path):
    build_search_index(CASES + OTHERS, tmp_path, synonyms=SYNONYMS)
    written = files(tmp_path)
    data = {name: content for name, content in written.items() if not name.endswith(".js")}
    assert set(written) - set(data) == {f"{name}.js" for name in data}
    for name, content in data.items():
        twin = written[f"{name}.js"].decode()
        prefix = f"(self.{SCRIPT_REGISTRY}=self.{SCRIPT_REGISTRY}||{{}})[{json.dumps(name)}]="
        assert twin.startswith(prefix) and twin.endswith(";\n")
        value = json.loads(twin[len(prefix) : -2])
        if name.endswith(".json"):
            assert value == json.loads(content)
        else:
            assert base64.b64decode(value) == content
    build_search_index(CASES, tmp_path / "plain", scripts=False)
    assert not [name for name in files(tmp_path / "plain") if name.endswith(".js")]


def test_popular_keywords_come_from_the_cases():
    """Tags used more than once, most used first, then the projects' names: nothing invented."""
    assert popular_keywords(CASES + OTHERS) == ["质量", "现代学徒制探索"]


def test_twins_by_default_up_to_a_size_or_as_set(tmp_path, monkeypatch):
    from showcase.output.search import index

    monkeypatch.setattr(index, "SCRIPT_TWINS_UP_TO", 6)  # six documents
    build_search_index(CASES + OTHERS, tmp_path / "small")
    assert (tmp_path / "small" / "meta.json.js").is_file()
    monkeypatch.setattr(index, "SCRIPT_TWINS_UP_TO", 5)
    build_search_index(CASES + OTHERS, tmp_path / "large")
    assert not (tmp_path / "large" / "meta.json.js").exists()
    monkeypatch.setenv("SHOWCASE_SEARCH_SCRIPTS", "1")
    build_search_index(CASES + OTHERS, tmp_path / "asked")
    assert (tmp_path / "asked" / "meta.json.js").is_file()
    monkeypatch.setenv("SHOWCASE_SEARCH_SCRIPTS", "0")
    monkeypatch.setattr(index, "SCRIPT_TWINS_UP_TO", 6)
    build_search_index(CASES + OTHERS, tmp_path / "refused")
    assert not (tmp_path / "refused" / "meta.json.js").exists()

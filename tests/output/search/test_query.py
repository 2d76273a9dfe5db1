import json

import pytest

from showcase.output.search import SearchDoc, build_search_index, searchable_text
from showcase.output.search.index import order_docs
from showcase.output.search.query import IndexReader
from showcase.output.search.textnorm import query_terms


def doc(i, title, text, **kw):
    base = {
        "id": f"s{i % 3}/d{i}",
        "url": f"schools/s{i % 3}/d{i}/",
        "title": title,
        "summary": "摘要",
        "text": text,
        "school": f"第{i % 3}职业中学",
        "school_id": f"s{i % 3}",
        "project": "现代学徒制探索",
        "project_id": "apprenticeship",
        "district": "清徐县" if i % 3 == 0 else "",
        "type": "典型案例",
        "date": f"20{18 + i % 5}-0{1 + i % 9}-01",
        "tags": (),
        "demo": False,
    }
    base.update(kw)
    return SearchDoc(**base)


HAND = [
    doc(0, "产业园区里的学校", "依托产业园区建设实训基地。"),
    doc(1, "园区", "产业 园区（中间有空格）"),
    doc(2, "6S管理", "实训室推行６Ｓ管理，开设Python编程课程。"),
    doc(3, "证书", "落实1+X证书制度，课证融通。", tags=("1+X证书制度",)),
    doc(4, "教学", "教学与学生管理并重。"),  # 教学生 must NOT match
    doc(5, "经济", "区域经济发展。"),
    doc(6, "空白", "", summary=""),
]


@pytest.fixture(scope="module")
def hand_index(tmp_path_factory):
    out = tmp_path_factory.mktemp("hand")
    build_search_index(HAND, out)
    return IndexReader(out), order_docs(HAND)


@pytest.mark.parametrize(
    "q,expected",
    [
        ("园区", {"s0/d0", "s1/d1"}),
        ("业园", {"s0/d0"}),
        ("产业园区", {"s0/d0"}),
        ("6s管理", {"s2/d2"}),
        ("Python编程", {"s2/d2"}),
        ("1+X证书制度", {"s0/d3"}),
        ("教学生", set()),
        ("低空经济", set()),
        ("经济", {"s2/d5"}),
        ("园区 实训", {"s0/d0"}),
        ("园", {"s0/d0", "s1/d1"}),
        ("第1职业中学", {"s1/d1", "s1/d4"}),  # school name is searchable
    ],
)
def test_hand_queries(hand_index, q, expected):
    reader, ordered = hand_index
    res = reader.search(q)
    assert {ordered[i].id for i in res.results} == expected


def test_title_hits_rank_first(hand_index):
    reader, ordered = hand_index
    res = reader.search("园区")
    assert ordered[res.results[0]].title in ("产业园区里的学校", "园区")
    assert all(ordered[i].title.find("园区") >= 0 for i in res.results[:2])


def test_facet_filter(hand_index):
    reader, ordered = hand_index
    res = reader.search("", {"school": "s0"})
    assert {ordered[i].school_id for i in res.results} == {"s0"}
    assert len(res.results) == sum(d.school_id == "s0" for d in HAND)
    assert reader.search("", {"district": "清徐县"}).results == res.results


def test_matches_ground_truth_on_generated_corpus(tmp_path):
    from corpus import generate, search_docs

    docs = search_docs(generate(300, seed=11))
    stats = build_search_index(docs, tmp_path)
    assert stats["docs"] == 300 and (tmp_path / "meta.json").exists()
    reader = IndexReader(tmp_path)
    ordered = order_docs(docs)
    texts = [searchable_text(d) for d in ordered]
    queries = [
        "诊改",
        "园区",
        "业园",
        "产业园区",
        "6S管理",
        "Python编程",
        "1+X证书制度",
        "双师型教师",
        "校企业",
        "教学生",
        "现代学徒制 汽车",
        "诊",
        "低空经济",
        "元宇宙教学",
        "太原市",
        "学前教育",
    ]
    for q in queries:
        terms = query_terms(q)
        truth = [i for i, t in enumerate(texts) if all(x in t for x in terms)]
        res = reader.search(q)
        assert sorted(res.results) == truth, q
        assert set(truth) <= set(res.candidates), q


def test_chunk_rows_hold_display_fields(tmp_path):
    build_search_index(HAND, tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    row = json.loads((tmp_path / "c" / "0.json").read_text())[0]
    assert len(row) == 8 and meta["n"] == len(HAND)
    assert set(meta["facets"]) == {"project", "school", "district", "type", "year", "tag"}


def test_cover_and_tag_facet(tmp_path):
    docs = [
        doc(0, "甲", "正文", tags=("诊改", "实训"), cover="schools/s0/images/cover.jpg", date="2019-01-01"),
        doc(1, "乙", "正文", tags=("诊改",), date="2018-01-01"),
        doc(2, "丙", "正文", date="2017-01-01"),
    ]
    build_search_index(docs, tmp_path)
    rows = json.loads((tmp_path / "c" / "0.json").read_text())
    assert [r[7] for r in rows] == ["schools/s0/images/cover.jpg", "", ""]
    tag = json.loads((tmp_path / "meta.json").read_text())["facets"]["tag"]
    assert tag["labels"] == ["诊改", "实训"] and tag["multi"]  # most used first
    reader = IndexReader(tmp_path)
    assert reader.columns["tag"] == [[0, 1], [0], []]
    assert reader.search("", {"tag": "诊改"}).results == [0, 1]
    assert reader.search("", {"tag": "实训"}).results == [0]


def test_empty_index(tmp_path):
    stats = build_search_index([], tmp_path)
    assert stats["docs"] == 0
    assert IndexReader(tmp_path).search("园区").results == []

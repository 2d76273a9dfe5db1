"""Generated files stay well-formed and harmless whatever the submissions hold: every Atom feed
parses as XML, CSV and XLSX cells never run as formulas while numbers stay numbers, and a
non-UTF-8 file name crashes nothing."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import xml.etree.ElementTree as ET
import xml.parsers.expat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import VALID_FRONT, make_tree
from showcase.generate import exports, feeds, progress
from showcase.generate.safe_text import spreadsheet_cell, url_text, xml_text
from showcase.generate.site import data_files
from showcase.load.content import load_site
from support import build_site

ATOM = "{http://www.w3.org/2005/Atom}"
#: Every character XML 1.0 refuses that a string can hold, and some that it allows.
CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800\udfff\udce9"
HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/","点击")',
    "+1+1",
    "-2",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "<script>alert(1)</script> ]]> & &amp; \"'",
    f"控制字符{CONTROLS}结束",
]


def strict_xml(data: bytes) -> ET.Element:
    """Parse as XML, refusing what a defusedxml parser refuses (DTDs, entity declarations), and
    return the root element."""
    probe = xml.parsers.expat.ParserCreate()

    def refuse(*args):
        raise AssertionError(f"DTD or entity declaration in generated XML: {args[:1]}")

    probe.StartDoctypeDeclHandler = refuse
    probe.EntityDeclHandler = refuse
    probe.Parse(data, True)
    return ET.fromstring(data)


# --- the helpers ------------------------------------------------------------------------------


def test_xml_text_drops_only_what_xml_refuses():
    assert xml_text(f"a{CONTROLS}b") == "ab"
    assert xml_text("tab\tLF\nCR\r\u0085\u00a0中文 🎓") == "tab\tLF\nCR\r\u0085\u00a0中文 🎓"


def test_url_text_percent_encodes_bytes_of_non_utf8_names():
    assert url_text("schools/caimao/2018-\udce9t\udce9/") == "schools/caimao/2018-%E9t%E9/"
    assert url_text("a b\x01\ud800/") == "a%20b%01%EF%BF%BD/"
    assert url_text("schools/caimao/2018-案例/") == "schools/caimao/2018-案例/"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\x01=1", "'=1"),
        ("中文 = 1", "中文 = 1"),
        ("", ""),
        (-2, -2),
        (3.5, 3.5),
        (dt.date(2018, 6, 1), dt.date(2018, 6, 1)),
        (None, None),
    ],
)
def test_spreadsheet_cell(value, expected):
    assert spreadsheet_cell(value) == expected


# --- feeds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("site_url", ["", "https://showcase.example.gov.cn/"])
def test_feeds_from_hostile_text_are_well_formed(site_url):
    entries = [
        feeds.FeedEntry(
            url=f"schools/caimao/2018-{i}\udce9\x01 x/",
            title=title,
            updated=dt.date(2018, 1, 1 + i),
            summary=f"摘要 {title}",
            categories=(title, "]]>", f"\x00{CONTROLS}"),
            author=f"张三{CONTROLS}<b>",
        )
        for i, title in enumerate(HOSTILE_TITLES)
    ]
    data = feeds.atom(
        f"feed{CONTROLS}.xml",
        f"标题{CONTROLS}]]>",
        entries,
        site_url=site_url,
        page_url="cases/\udce9",
        subtitle=f"副标题{CONTROLS}",
        author=f"<作者>{CONTROLS}",
    )
    root = strict_xml(data)
    assert root.find(f"{ATOM}title").text == "标题]]>"
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles == [xml_text(t) for t in reversed(HOSTILE_TITLES)]
    assert "<script>alert(1)</script> ]]> & &amp; \"'" in titles
    for entry in root.findall(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        assert "%E9%01%20x/" in href
        assert [c.get("term") for c in entry.findall(f"{ATOM}category")][1:] == ["]]>", ""]
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "张三<b>"
    assert b"<script>" not in data  # escaped, never markup


#: Text fields that check refuses (unsafe-char: < > & " in one-line fields, < > in summaries).
HOSTILE_META = {
    "title": '=HYPERLINK("http://evil.example/","点击") <script>x</script> ]]> &',
    "summary": "@SUM(A1) ]]><![CDATA[ &amp; <b>",
    "authors": ["-2", "+1+1"],
    "tags": ["=1+1"],
}


def _hostile_tree(root: Path) -> Path:
    """A site with two submissions that pass check, and a file with a non-UTF-8 name (reported
    by check and left out)."""
    make_tree(
        root,
        {
            "schools/caimao/2018-case.md": VALID_FRONT.replace("type: 典型案例", "type: 诊改报告"),
            "schools/caimao/2019-other.md": VALID_FRONT.replace("以诊促改的实践", "-2")
            .replace("2018-06-01", "2019-03-01")
            .replace("type: 典型案例", "type: 诊改报告"),
            "assessment.yml": "first_year: 2017\nlast_year: 2019\n",
        },
    )
    with open(os.path.join(os.fsencode(root), b"schools/caimao/2018-\xe9t\xe9.md"), "wb") as f:
        f.write(VALID_FRONT.replace("以诊促改的实践", "非UTF-8文件名").encode("utf-8"))
    return root


@pytest.fixture
def hostile_site(tmp_path):
    site, problems = load_site(_hostile_tree(tmp_path))
    assert any(p.code == "file-name" and "2018-\\xe9t\\xe9.md" in p.path for p in problems)
    assert not any("\udce9" in s.stem for s in site.submissions)
    # What check refuses, put in behind its back: markup and formulas in every text field, a
    # submission whose file name is not UTF-8, control characters and surrogates.
    case = next(s for s in site.submissions if s.stem == "2018-case")
    odd = dataclasses.replace(
        case,
        stem="2018-\udce9t\udce9",
        path="schools/caimao/2018-\udce9t\udce9.md",
        meta=case.meta.model_copy(update={"title": "非UTF-8文件名", "type": "典型案例"}),
    )
    site.submissions = [
        dataclasses.replace(s, meta=s.meta.model_copy(update=HOSTILE_META)) if s is case else s
        for s in site.submissions
    ]
    site.submissions.append(odd)
    site.submissions = [
        dataclasses.replace(
            s,
            meta=s.meta.model_copy(
                update={
                    "title": s.title + CONTROLS,
                    "summary": s.meta.summary + CONTROLS,
                    "authors": [*s.meta.authors, f"李四{CONTROLS}"],
                    "tags": [*s.meta.tags, CONTROLS],
                }
            ),
        )
        for s in site.submissions
    ]
    site.reindex()
    return site


def test_every_data_file_of_a_hostile_site_is_well_formed(hostile_site):
    files = {f.uri: f.data for f in data_files(hostile_site, "https://showcase.example.gov.cn/")}
    xml_files = [uri for uri in files if uri.endswith(".xml")]
    assert {"feed.xml", "news/feed.xml", "projects/teaching-diagnosis/feed.xml"} <= set(xml_files)
    for uri in xml_files:
        strict_xml(files[uri])
    feed = strict_xml(files["feed.xml"])
    hrefs = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert "https://showcase.example.gov.cn/schools/caimao/2018-%E9t%E9/" in hrefs
    for uri, data in files.items():
        if uri.endswith((".xml", ".csv", ".json")):
            data.decode("utf-8")  # every text file is valid UTF-8
        if uri.endswith(".json"):
            json.loads(data)
    cases = json.loads(files["data/cases.json"])["cases"]
    assert "schools/caimao/2018-%E9t%E9/" in [c["url"] for c in cases]
    assert not any(ch in json.dumps(cases, ensure_ascii=False) for ch in "\x00\x01\ufffe")


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _assert_no_formula_text(value: object) -> None:
    if isinstance(value, str):
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_open_data_csv_neutralises_formulas(hostile_site):
    files = {f.uri: f.data for f in data_files(hostile_site)}
    rows = _csv_rows(files["data/cases.csv"])
    for row in rows:
        for value in row:
            _assert_no_formula_text(value)
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example/","点击") <script>x</script> ]]> &' in titles
    assert "'-2" in titles
    hostile = next(row for row in rows if row[1].startswith("'=HYPERLINK"))
    assert hostile[2] == "caimao" and hostile[8] == "2018-06-01" and hostile[10].startswith("'-2、+1+1、李四")
    assert hostile[9] == "'@SUM(A1) ]]><![CDATA[ &amp; <b>"


def test_assessment_csv_and_xlsx_neutralise_formulas_and_keep_numbers(hostile_site):
    report = progress.report(hostile_site, as_of=2019)  # the working report has every table
    for key, table in exports.tables(report).items():
        rows = _csv_rows(exports.to_csv(table))
        for row in rows:
            for value in row:
                _assert_no_formula_text(value)
        if key == "pilots":
            caimao = next(r for r in rows if r[0] == "太原市财贸学校" and r[1] == "教学诊断与改进")
            assert caimao[2:5] == ["0", "2", "1"]  # counts stay plain numbers
    required = _csv_rows(exports.to_csv(exports.tables(report)["required"]))
    assert all(row[0].isdigit() for row in required[1:])  # years are numbers, not "'2019"

    workbook = load_workbook(io.BytesIO(exports.to_xlsx(report, "考核")))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                _assert_no_formula_text(cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not set(cell.value) & set(CONTROLS)
    pilots = list(workbook["校项明细"].iter_rows(values_only=True))
    caimao = next(r for r in pilots if r[0] == "太原市财贸学校" and r[1] == "教学诊断与改进")
    assert caimao[2:5] == (0, 2, 1) and all(isinstance(v, int) for v in caimao[2:5])
    required_sheet = list(workbook["每年必交材料"].iter_rows(values_only=True))
    assert all(isinstance(r[0], int) for r in required_sheet[1:-1])  # years stay numbers
    assert required_sheet[-1][0] == "合计"
    assert any(t.startswith("'-2") for t in texts)  # the title of a required report
    assert any(t.startswith("'=HYPERLINK(") for t in texts)


def test_unchanged_exports_for_ordinary_text(tree):
    """Neutralising touches only cells that need it: an ordinary site's CSV is as before."""
    site, problems = load_site(tree({"schools/caimao/2018-case.md": VALID_FRONT}))
    assert not problems
    rows = _csv_rows(next(f.data for f in data_files(site) if f.uri == "data/cases.csv"))
    assert rows[1][:3] == ["caimao/2018-case", "以诊促改的实践", "caimao"]
    assert rows[1][10] == "张三、李四"


# --- a real build -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_tree(
        tmp_path_factory.mktemp("safe-site"),
        {
            "schools/caimao/2018-case.md": VALID_FRONT.replace(
                "title: 以诊促改的实践", "title: '=1+1 《script》 ]] ＆amp;'"
            ).replace("summary: 学校建立质量改进螺旋。", "summary: '@SUM(A1) ]] ![CDATA[ & &amp; \"x\"'"),
        },
        with_demo=True,
    )
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_every_xml_file_of_a_built_site_parses(built):
    xml_files = sorted(built.rglob("*.xml"))
    assert built / "feed.xml" in xml_files and built / "news/feed.xml" in xml_files
    assert len(xml_files) >= 3
    for path in xml_files:
        strict_xml(path.read_bytes())
    titles = [
        e.find(f"{ATOM}title").text for e in strict_xml((built / "feed.xml").read_bytes()).findall(f"{ATOM}entry")
    ]
    assert "=1+1 《script》 ]] ＆amp;" in titles

"""The bureau's files (news, assessment years, compilation cover, required annual items): one
broken file per rule with its exact message; the assessment numbers; exports; the Atom feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import REPO, case_text, make_tree, messages
from showcase.generate import exports, feeds, progress
from showcase.generate.site import data_files, generate
from showcase.load.bureau import load_assessment
from showcase.load.content import load_site
from showcase.load.model import Assessment
from showcase.problems import Problems
from support import soffice_convert

NEWS = "---\ntitle: 例会纪要\ndate: 2018-03-01\nkind: 会议纪要\nsummary: 听取进展。\n---\n\n正文。\n"
ATOM = "{http://www.w3.org/2005/Atom}"

RULES = [
    pytest.param(
        {"news/2018-03-01-liehui.md": NEWS.replace("正文。", "联系人电话 13912345678。\n\n<script>alert(1)</script>")},
        [
            "news/2018-03-01-liehui.md:8:7: 个人信息: 这里有一个手机号码（139****5678），公开网站不能刊登个人联系方式；请删除，或遮盖中间四位，写成 139****5678 [错误 personal-phone]",
            "news/2018-03-01-liehui.md:10:1: 正文: 不允许使用 <script> 标签：材料中不能嵌入脚本、外部页面、样式或表单；请删除这段 HTML；视频、问卷等请写成普通链接 [错误 raw-html]",
        ],
        id="news-personal-data-and-script",
    ),
    pytest.param(
        {"news/2018-03-01-liehui.md": NEWS.replace("kind: 会议纪要", "kind: 会议记录")},
        [
            "news/2018-03-01-liehui.md:4: kind: 类别不能是“会议记录”；只能是以下之一：通知公告 / 会议纪要 / 工作动态；请从上面的类型中选一个照抄 [错误 invalid-choice]"
        ],
        id="news-kind",
    ),
    pytest.param(
        {"news/2018-03-01-liehui.md": NEWS.replace("summary: 听取进展。\n", "")},
        [
            "news/2018-03-01-liehui.md:2: summary: 缺少必填字段“summary”（摘要）；请在文件头加一行 summary: 听取各试点学校工作进展，研究下一步安排。（摘要，一两句话，200 字以内） [错误 missing-key]"
        ],
        id="news-missing-key",
    ),
    pytest.param(
        {"news/2018-liehui.md": NEWS.replace("kind:", "kinds:")},
        [
            "news/2018-liehui.md:2: kind: 缺少必填字段“kind”（类别）；请在文件头加一行 kind: 会议纪要（类别：通知公告 / 会议纪要 / 工作动态） [错误 missing-key]",
            "news/2018-liehui.md:4: kinds: 不认识的字段“kinds”，这一项不会被使用；你是不是想写“kind”？ [错误 unknown-key]",
        ],
        id="news-unknown-key",
    ),
    pytest.param(
        {"news/例会.md": NEWS},
        [
            "news/例会.md: 文件名: 文件名“例会.md”会出现在网址里，只能用小写英文字母、数字和连字符；请改成类似 2018-03-01-liehui.md 的名字（日期加拼音） [错误 file-name]"
        ],
        id="news-file-name",
    ),
    pytest.param(
        {"news/notes.txt": "x"},
        [
            "news/notes.txt: 文件: news 文件夹里只能放新闻（.md 文件）和图片（可放在子文件夹里）；请把新闻写成 news/<日期-拼音>.md，如 news/2018-03-01-liehui.md [错误 unexpected-file]"
        ],
        id="news-unexpected-file",
    ),
    pytest.param(
        {"news/2018-liehui.md": "正文\n"},
        [
            "news/2018-liehui.md:1: 文件头: 文件开头缺少文件头（front matter）；第一行写 ---，然后是 title、date、kind、summary 四个字段，再以 --- 结束；请参照 news/README.md [错误 missing-front-matter]"
        ],
        id="news-front-matter",
    ),
    pytest.param(
        {"news/2018-liehui.md": NEWS.replace("2018-03-01", "2999-01-01")},
        [
            "news/2018-liehui.md:3: date: 日期 2999-01-01 还没有到；请填写材料形成的日期，不能晚于今天 [错误 invalid-date]"
        ],
        id="news-future",
    ),
    pytest.param(
        {"assessment.yml": "# 试点期\nfirst_year: 2018\nlast_year: 2017\n"},
        [
            "assessment.yml:3: last_year: 试点结束年 2017 早于试点起始年 2018；请把 last_year 改为不早于 first_year 的年份（通知规定的试点期是 2017—2018 年） [错误 invalid-year]"
        ],
        id="pilot-period-order",
    ),
    pytest.param(
        {"assessment.yml": "first_year: 2017\nlast_year: 2040\n"},
        [
            "assessment.yml:2: last_year: 试点期 2017—2040 年超过了 20 年；请把 last_year 改为不早于 first_year 的年份（通知规定的试点期是 2017—2018 年） [错误 invalid-year]"
        ],
        id="pilot-period-too-long",
    ),
    pytest.param(
        {"assessment.yml": "first_year: 2016\n"},
        ["assessment.yml:1: first_year: 试点起始年应不小于 2017，实际是“2016”；请改正 [错误 invalid-value]"],
        id="pilot-period-too-early",
    ),
    pytest.param(
        {"assessment.yml": "first_year: 2017\nthis_year: 2018\n"},
        [
            "assessment.yml:2: this_year: 不认识的字段“this_year”，这一项不会被使用；“本年度”已不再使用：公开页面只统计试点期，请删除这一行，用 last_year 写试点期的最后一年（如 2018）；按某一年统计缺交情况请用 python build.py report --year 年份 [错误 unknown-key]"
        ],
        id="pilot-period-old-key",
    ),
    pytest.param(
        {"assessment.yml": "first_year: 2017\nlast_year: 二〇一八\n"},
        [
            "assessment.yml:2: last_year: 试点结束年应为一个整数，实际是“二〇一八”；请照这样写：last_year: 2018 [错误 wrong-kind]"
        ],
        id="pilot-period-not-a-number",
    ),
    pytest.param(
        {"compilation/compilation.yml": "titel: 汇编\n"},
        [
            "compilation/compilation.yml:1: titel: 不认识的字段“titel”，这一项不会被使用；你是不是想写“title”？ [错误 unknown-key]"
        ],
        id="compilation-key",
    ),
    pytest.param(
        {
            "news/2018-03-01-liehui.md": NEWS.replace("title: ", "title: <b>").replace(
                "summary: 听取进展。", "summary: 听取进展 & 部署。"
            )
        },
        [
            "news/2018-03-01-liehui.md:2: title: 标题里不能有英文符号 <：网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]"
        ],
        id="news-title-markup",
    ),
    pytest.param(
        {"compilation/compilation.yml": 'title: "汇编\\u202e"\n'},
        [
            "compilation/compilation.yml:1: title: 标题里有一个看不见的控制字符（U+202E）；请删除它（常见于从网页、PDF 或 Word 复制的文字，或写成了 \\u 转义） [错误 unsafe-char]"
        ],
        id="compilation-title-control",
    ),
]


@pytest.mark.parametrize("files, expected", RULES)
def test_rule(tree, files, expected):
    assert messages(tree(files)) == expected


def test_required_type_must_be_a_submission_type(tree):
    root = tree()
    path = root / "projects/teaching-diagnosis.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("required_each_year: [诊改报告]", "required_each_year: [诊改]"),
        encoding="utf-8",
    )
    assert messages(root) == [
        "projects/teaching-diagnosis.yml:16: required_each_year: 每年必交材料不能是“诊改”；只能是以下之一：典型案例 / 经验总结 / 工作方案 / 诊改报告 / 进展报告；你是不是想写“诊改报告”？ [错误 invalid-choice]"
    ]


def test_sample_news_clashing_with_real_news(tree):
    root = tree({"news/2018-liehui.md": NEWS, "demo/news/2018-liehui.md": NEWS})
    assert messages(root, demo=True) == [
        "news/2018-liehui.md: 文件名: 与 demo/news/2018-liehui.md 同名，网址会冲突；请给其中一个文件改名 [错误 duplicate-news]"
    ]


def test_news_readme_is_not_an_item_and_samples_stay_out_of_publish(tree):
    root = tree({"news/README.md": "# 说明\n", "demo/news/2018-x.md": NEWS})
    published, _ = load_site(root)
    preview, _ = load_site(root, demo=True)
    assert published.news == []
    assert [(n.stem, n.demo) for n in preview.news] == [("2018-x", True)]


def test_pilot_period_defaults_to_the_notices_two_years(tmp_path):
    """ "从2017年开始……用两年时间开展试点工作": 2017–2018 whether the file is absent, or a year is left out."""
    problems = Problems()
    assert load_assessment(tmp_path, problems) == Assessment(2017, 2018)
    assert Assessment().years == (2017, 2018)
    (tmp_path / "assessment.yml").write_text("# 试点期\nfirst_year: 2017\n", encoding="utf-8")
    assert load_assessment(tmp_path, problems).years == (2017, 2018)
    (tmp_path / "assessment.yml").write_text("first_year: 2017\nlast_year: 2019\n", encoding="utf-8")
    assert load_assessment(tmp_path, problems).years == (2017, 2018, 2019)
    assert not problems


def test_repository_pilot_period_is_the_notices():
    problems = Problems()
    assert load_assessment(REPO, problems) == Assessment(2017, 2018)
    assert not problems
    text = (REPO / "assessment.yml").read_text(encoding="utf-8")
    assert "从2017年开始……用两年时间开展试点工作" in text and "python build.py report" in text


# --- progress over the pilot period -------------------------------------------------------------


@pytest.fixture
def assessed_root(tree):
    return tree(
        {
            "schools/caimao/2017-zhengai.md": case_text("财贸诊改2017", "teaching-diagnosis", "诊改报告", "2017-12-01"),
            "schools/caimao/2018-anli.md": case_text("财贸案例2018", "teaching-diagnosis", "典型案例", "2018-03-01"),
            "schools/caimao/2019-zhengai.md": case_text("财贸诊改2019", "teaching-diagnosis", "诊改报告", "2019-06-30"),
            "schools/weisheng/2018-zhengai.md": case_text(
                "卫生诊改2018", "teaching-diagnosis", "诊改报告", "2018-12-20"
            ),
            "schools/weisheng/2016-outside.md": case_text("卫生2020", "teaching-diagnosis", "诊改报告", "2020-01-05"),
            "assessment.yml": "first_year: 2017\nlast_year: 2019\n",
        }
    )


@pytest.fixture
def assessed(assessed_root):
    site, problems = load_site(assessed_root)
    assert not problems, [p.format() for p in problems]
    return site


def test_tallies_by_year_and_type_with_first_and_last_dates(assessed):
    report = progress.report(assessed)
    assert report.years == (2017, 2018, 2019) and report.as_of is None
    caimao = next(row for row in report.schools if row.school.id == "caimao")
    assert caimao.tally.by_year == {2017: 1, 2018: 1, 2019: 1}
    assert caimao.tally.by_type["诊改报告"] == 2 and caimao.tally.by_type["典型案例"] == 1
    assert (caimao.tally.first, caimao.tally.last) == (dt.date(2017, 12, 1), dt.date(2019, 6, 30))
    # The 2020 report lies outside the pilot period and is not counted.
    weisheng = next(row for row in report.schools if row.school.id == "weisheng")
    assert weisheng.tally.total == 1 and weisheng.tally.last == dt.date(2018, 12, 20)
    assert report.tally.total == 4
    assert report.tally.by_type_year == {
        ("典型案例", 2018): 1,
        ("诊改报告", 2017): 1,
        ("诊改报告", 2018): 1,
        ("诊改报告", 2019): 1,
    }
    diagnosis = next(row for row in report.projects if row.project.id == "teaching-diagnosis")
    assert diagnosis.tally.total == 4 and len(diagnosis.pilots) == 6


def test_public_report_holds_no_required_items(assessed):
    report = progress.report(assessed)
    assert report.required == () and all(p.missing == () for p in report.pilots)


def test_required_items_overdue_due_and_done(assessed):
    report = progress.report(assessed, as_of=2019)
    status = {(i.school_id, i.year): i.status for i in report.required}
    assert len(report.required) == 6 * 3  # six teaching-diagnosis schools × three years
    assert (
        status[("caimao", 2017)] == "已交" and status[("caimao", 2018)] == "缺交" and status[("caimao", 2019)] == "已交"
    )
    assert (
        status[("weisheng", 2017)] == "缺交"
        and status[("weisheng", 2018)] == "已交"
        and status[("weisheng", 2019)] == "待交"
    )
    assert len(report.due) == 5 and len(report.overdue) == 6 * 2 - 2
    done = next(i for i in report.required if (i.school_id, i.year) == ("caimao", 2019))
    assert done.submission.title == "财贸诊改2019"
    # Projects without required items owe nothing.
    assert all(i.project_id == "teaching-diagnosis" for i in report.required)
    # Years after the report's year are not yet due; a report after the period finds every gap overdue.
    assert {i.year for i in progress.report(assessed, as_of=2018).required} == {2017, 2018}
    late = progress.report(assessed, as_of=2026)
    assert len(late.overdue) == 6 * 3 - 3 and not late.due


def test_pilots_without_submissions(assessed):
    idle = progress.report(assessed).idle_pilots
    assert len(idle) == 29 - 2
    assert ("caimao", "teaching-diagnosis") not in {(p.school.id, p.project.id) for p in idle}


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


COUNT_HEADS = ["2017年（篇）", "2018年（篇）", "2019年（篇）"]


def test_published_csv_shows_what_was_published_and_nothing_missing(assessed):
    tables = exports.tables(progress.report(assessed))
    assert list(tables) == ["pilots", "schools", "projects"]
    rows = _csv(exports.to_csv(tables["pilots"]))
    assert rows[0][:5] == ["学校", "试点项目", *COUNT_HEADS]
    assert rows[0][-3:] == ["合计（篇）", "最早材料日期", "最近材料日期"]
    caimao = next(r for r in rows if r[0] == "太原市财贸学校" and r[1] == "教学诊断与改进")
    assert caimao[2:5] == ["1", "1", "1"] and caimao[-2:] == ["2017-12-01", "2019-06-30"]
    assert len(rows) == 1 + 29  # the CSV stays plain data: no 合计 row
    for table in tables.values():
        text = exports.to_csv(table).decode("utf-8-sig")
        assert "缺交" not in text and "待交" not in text and "必交" not in text


def test_working_csv_lists_the_missing_items(assessed):
    tables = exports.tables(progress.report(assessed, as_of=2019))
    assert list(tables) == ["required", "pilots", "schools", "projects"]
    rows = _csv(exports.to_csv(tables["pilots"]))
    assert rows[0][-1] == "缺交或待交的必交材料"
    caimao = next(r for r in rows if r[0] == "太原市财贸学校" and r[1] == "教学诊断与改进")
    assert caimao[-1] == "2018年诊改报告（缺交）"
    required = _csv(exports.to_csv(tables["required"]))
    assert required[0] == ["年度", "学校", "试点项目", "必交材料类型", "状态", "材料标题", "材料日期"]
    assert required[1][:5] == ["2019", "太原市财政金融学校", "教学诊断与改进", "诊改报告", "待交"]
    assert ["2019", "太原市财贸学校", "教学诊断与改进", "诊改报告", "已交", "财贸诊改2019", "2019-06-30"] in required


def _check_print_ready(sheet, columns: int, data_rows: int) -> None:
    last = get_column_letter(columns)
    assert sheet.auto_filter.ref == f"A1:{last}{1 + data_rows}"
    assert sheet.freeze_panes == "B2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.max_row == 1 + data_rows + 1 and sheet.cell(sheet.max_row, 1).value.startswith("合计")


def test_published_xlsx_is_ready_for_a_meeting(assessed):
    report = progress.report(assessed)
    data = exports.to_xlsx(report, "试点进展")
    assert data == exports.to_xlsx(report, "试点进展")  # deterministic
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["校项明细", "按学校", "按项目"]
    pilots = workbook["校项明细"]
    header = [c.value for c in pilots[1]]
    assert header[:5] == ["学校", "试点项目", *COUNT_HEADS] and header[-2:] == ["最早材料日期", "最近材料日期"]
    _check_print_ready(pilots, len(header), 29)
    caimao = next(
        r for r in pilots.iter_rows(min_row=2) if r[0].value == "太原市财贸学校" and r[1].value == "教学诊断与改进"
    )
    first, last = caimao[-2], caimao[-1]
    assert first.value == dt.datetime(2017, 12, 1) and last.value == dt.datetime(2019, 6, 30)
    assert first.is_date and first.number_format == "yyyy-mm-dd"
    total = [c.value for c in pilots[pilots.max_row]]
    assert total[:6] == ["合计", "29 项试点", 1, 2, 1, 1] and total[header.index("合计（篇）")] == 4
    assert total[-2:] == [None, None]
    schools_total = [c.value for c in workbook["按学校"][22]]
    assert schools_total[:2] == ["合计（20 所学校）", 29]
    for sheet in workbook.worksheets:
        _check_print_ready(sheet, sheet.max_column, sheet.max_row - 2)
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and ("缺交" in v or "必交" in v) for v in row)


def test_working_xlsx_has_the_required_items_sheet(assessed):
    data = exports.to_xlsx(progress.report(assessed, as_of=2019), "工作表")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["每年必交材料", "校项明细", "按学校", "按项目"]
    required = workbook["每年必交材料"]
    _check_print_ready(required, 7, 18)
    rows = list(required.iter_rows(values_only=True))
    assert rows[1][:5] == (2019, "太原市财政金融学校", "教学诊断与改进", "诊改报告", "待交")
    done = next(r for r in rows if r[1] == "太原市财贸学校" and r[0] == 2019)
    assert done[4:] == ("已交", "财贸诊改2019", dt.datetime(2019, 6, 30))
    assert rows[-1][:5] == ("合计", "18 项", None, None, "缺交 10，待交 5，已交 3")
    assert [c.value for c in workbook["校项明细"][1]][-1] == "缺交或待交的必交材料"


def test_libreoffice_reads_the_xlsx_dates_as_dates(assessed, tmp_path):
    """A second client: LibreOffice Calc converts the workbook to flat ODF; the material dates
    arrive as date cells, the filter and the print settings as set."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice 未安装（bash scripts/dev.sh test 会安装 libreoffice-calc）")
    source = tmp_path / "jindu.xlsx"
    source.write_bytes(exports.to_xlsx(progress.report(assessed, as_of=2019), "工作表"))
    result = soffice_convert(source, "fods", timeout=180)
    flat = tmp_path / "jindu.fods"
    assert flat.is_file(), result.stdout + result.stderr
    xml = flat.read_text(encoding="utf-8")
    assert 'office:value-type="date" office:date-value="2019-06-30"' in xml
    assert 'office:value-type="date" office:date-value="2017-12-01"' in xml
    assert not re.search(r'office:value-type="string"[^>]*>\s*<text:p>2019-06-30<', xml)
    # The filter covers the data (not the 合计 row); the header row repeats on every printed page;
    # pages are A4 landscape, one page wide.
    assert 'table:target-range-address="每年必交材料.A1:每年必交材料.G19" table:display-filter-buttons="true"' in xml
    assert 'table:target-range-address="校项明细.A1:校项明细.N30" table:display-filter-buttons="true"' in xml
    assert xml.count("<table:table-header-rows>") == 4
    assert 'style:print-orientation="landscape"' in xml and 'style:scale-to-X="1"' in xml
    assert 'fo:page-width="11.6929in"' in xml


FORBIDDEN_ON_READER_PAGES = (
    "缺交",
    "待交",
    "✗",
    "必交",
    "assessment.yml",
    "required_each_year",
    "featured.yml",
    "first_year",
    "last_year",
    "this_year",
)


def _reader_pages(site) -> dict[str, str]:
    """Every generated page but the contributor guide (which may name files), and the data files."""
    pages = {p.uri: p.content for p in generate(site) if not p.uri.startswith("guide/")}
    for f in data_files(site):
        if f.uri.startswith("progress/") and f.uri.endswith(".csv"):
            pages[f.uri] = f.data.decode("utf-8-sig")
    return pages


@pytest.mark.parametrize("which", ["no-materials", "demo-set", "assessed"])
def test_public_pages_name_no_school_as_failing_and_no_internal_file(which, tmp_path_factory, assessed):
    if which == "assessed":
        site = assessed
    else:
        root = REPO if which == "demo-set" else make_tree(tmp_path_factory.mktemp("empty"), {})
        site, problems = load_site(root, demo=which == "demo-set")
        assert not problems.errors
    pages = _reader_pages(site)
    assert {"progress/index.md", "progress/summary.md", "progress/schools.md", "progress/projects.md"} <= pages.keys()
    for uri, content in pages.items():
        for word in FORBIDDEN_ON_READER_PAGES:
            assert word not in content, (uri, word)
    summary = pages["progress/summary.md"]
    assert "试点期为 **2017—" in summary and "“从2017年开始……用两年时间开展试点工作”" in summary


def test_progress_pages_and_data_files(assessed):
    pages = {p.uri: p.content for p in generate(assessed)}
    summary = pages["progress/summary.md"]
    assert "试点期为 **2017—2019 年**" in summary
    assert (
        'role="img"' in summary and '<title id="chart-year-t">2017—2019 年各年度材料篇数（按类型）</title>' in summary
    )
    assert "progress/assessment.md" not in pages
    schools = pages["progress/schools.md"]
    assert "| 学校 | 已发布材料 | 2017 年 | 2018 年 | 2019 年 | 最近材料日期 |" in schools
    assert "| [太原市财贸学校](#caimao) | 3 | 1 | 1 | 1 | 2019-06-30 |" in schools
    assert "| [太原市卫生学校](#weisheng) | 1 | 0 | 1 | 0 | 2018-12-20 |" in schools
    assert "试点期内的材料尚未在本网站发布。" in schools
    matrix = pages["progress/index.md"]
    assert "试点期（2017—2019 年）" in matrix
    assert (
        '[3](../schools/caimao/index.md#teaching-diagnosis){ title="太原市财贸学校：教学诊断与改进，已发布 3 篇" }'
        in matrix
    )
    # The 2020 report, outside the period, is not counted in the matrix either.
    assert '{ title="太原市卫生学校：教学诊断与改进，已发布 1 篇" }' in matrix
    files = {f.uri for f in data_files(assessed)}
    assert {"progress/shidian-jindu.xlsx", "progress/jindu-xiaoxiang.csv", "news/feed.xml"} <= files
    assert not any("neibu" in uri or "bijiao" in uri for uri in files)


# --- feeds ------------------------------------------------------------------------------------


def test_atom_feed_is_well_formed_and_deterministic():
    entries = [
        feeds.FeedEntry("news/2018-a/", "例会纪要 <一>", dt.date(2018, 3, 1), "摘要 & 说明", ("会议纪要",)),
        feeds.FeedEntry("news/2019-b/", "通知", dt.date(2019, 6, 20), "摘要"),
    ]
    relative = feeds.atom("news/feed.xml", "新闻", entries, page_url="news/")
    root = ET.fromstring(relative)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated").text == "2019-06-20T00:00:00+08:00"
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles == ["通知", "例会纪要 <一>"]
    links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
    assert links == ["2019-b/", "2018-a/"]
    assert root.find(f"{ATOM}entry/{ATOM}id").text == "tag:tyzz-showcase.invalid,2017:news/2019-b/"
    assert relative == feeds.atom("news/feed.xml", "新闻", list(reversed(entries)), page_url="news/")

    absolute = ET.fromstring(feeds.atom("news/feed.xml", "新闻", entries, site_url="https://example.org/showcase/"))
    assert absolute.find(f"{ATOM}entry/{ATOM}link").get("href") == "https://example.org/showcase/news/2019-b/"
    assert absolute.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/showcase/news/feed.xml"


def test_news_pages_and_feed_from_samples(tree):
    site, problems = load_site(tree(with_demo=True), demo=True)
    assert not problems
    pages = {p.uri: p.content for p in generate(site)}
    assert "sc_demo: true" in pages["news/2018-03-15-liehui-jiyao.md"]
    index = pages["news/index.md"]
    assert index.index("[【示例】关于编印典型案例汇编的通知]") < index.index(
        "[【示例】试点工作例会纪要]"
    )  # newest first
    feed = next(f.data for f in data_files(site, "https://example.org/") if f.uri == "news/feed.xml")
    root = ET.fromstring(feed)
    assert [e.find(f"{ATOM}category").get("term") for e in root.findall(f"{ATOM}entry")] == ["通知公告", "会议纪要"]

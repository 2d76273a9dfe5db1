"""Export the progress tallies (:mod:`showcase.generate.progress`) as CSV and XLSX.

There are two kinds, told apart by the report they are made from:

- the published tables (a report without ``as_of``): what each pilot, school and project has
  published over the pilot period; nothing about what is missing;
- the bureau's working tables (a report with ``as_of``, made by ``python build.py report``, never
  published): the same, plus each pilot's missing required items and a sheet of every required item.

CSV is UTF-8 with a byte-order mark and CRLF line ends, so that Excel on Windows opens the Chinese
correctly.  The XLSX is ready to print for a meeting: dates stored as dates, an autofilter over the
data, a 合计 row below it, the header row frozen and repeated on every printed page, A4 landscape,
one page wide.  Both are deterministic: the XLSX carries no build time (its document dates are
fixed to the end of the last year reported, and the zip entries get a fixed time).

Titles and names come from the submissions: in both formats a text cell that a spreadsheet
would run as a formula gets a leading apostrophe (:func:`showcase.generate.safe_text.spreadsheet_cell`),
and the XLSX stores every text cell as a string, never as a formula; counts, years and totals
stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from showcase.generate.progress import DONE, DUE, OVERDUE, Report, RequiredItem
from showcase.generate.safe_text import spreadsheet_row

#: The published tables, each as (sheet name, CSV file name).
TABLES = {
    "pilots": ("校项明细", "jindu-xiaoxiang.csv"),
    "schools": ("按学校", "jindu-xuexiao.csv"),
    "projects": ("按项目", "jindu-xiangmu.csv"),
}
#: The bureau's working tables: the published ones (with a missing-items column) and the required items.
WORKING_TABLES = {
    "required": ("每年必交材料", "neibu-meinian-bijiao.csv"),
    "pilots": ("校项明细", "neibu-jindu-xiaoxiang.csv"),
    "schools": ("按学校", "neibu-jindu-xuexiao.csv"),
    "projects": ("按项目", "neibu-jindu-xiangmu.csv"),
}
XLSX_NAME = "shidian-jindu.xlsx"
DATE_FORMAT = "yyyy-mm-dd"
TOTAL = "合计"
#: The missing-items column of the working tables.
MISSING_HEAD = "缺交或待交的必交材料"


@dataclass(frozen=True)
class Table:
    """One exported table: a header row, the data rows, and the 合计 row the XLSX adds below them."""

    header: list[str]
    rows: list[list[object]]
    total: list[object]


def working(report: Report) -> bool:
    """Whether ``report`` is the bureau's working report (it has required items), not the public one."""
    return report.as_of is not None


def _missing_text(items: tuple[RequiredItem, ...]) -> str:
    return "；".join(f"{item.year}年{item.type}（{item.status}）" for item in items)


def _sums(rows: list[list[object]], first: int, last: int) -> list[int]:
    """Column sums of ``rows[first:last]`` (the count columns)."""
    return [sum(int(row[i]) for row in rows) for i in range(first, last)]


def tables(report: Report) -> dict[str, Table]:
    """Every exported table, keyed as in :data:`TABLES` (or :data:`WORKING_TABLES` for a working report)."""
    extra = working(report)
    count_heads = [f"{year}年（篇）" for year in report.years] + [f"{kind}（篇）" for kind in report.types]
    tail = ["合计（篇）", "最早材料日期", "最近材料日期"]
    ncounts = len(count_heads) + 1

    def counts(tally) -> list[object]:
        return [*tally.by_year.values(), *tally.by_type.values(), tally.total, tally.first, tally.last]

    result: dict[str, Table] = {}
    if extra:
        required_rows: list[list[object]] = []
        names = {p.school.id: p.school.name for p in report.pilots}
        projects_by_id = {p.project.id: p.project.name for p in report.pilots}
        rank = {OVERDUE: 0, DUE: 1, DONE: 2}
        for item in sorted(report.required, key=lambda i: (-i.year, rank[i.status])):
            required_rows.append(
                [
                    item.year,
                    names[item.school_id],
                    projects_by_id[item.project_id],
                    item.type,
                    item.status,
                    item.submission.title if item.submission else "",
                    item.submission.date if item.submission else None,
                ]
            )
        statuses = [row[4] for row in required_rows]
        result["required"] = Table(
            ["年度", "学校", "试点项目", "必交材料类型", "状态", "材料标题", "材料日期"],
            required_rows,
            [
                TOTAL,
                f"{len(required_rows)} 项",
                "",
                "",
                "，".join(f"{s} {statuses.count(s)}" for s in (OVERDUE, DUE, DONE)),
                "",
                None,
            ],
        )
    pilot_rows = [
        [p.school.name, p.project.name, *counts(p.tally)] + ([_missing_text(p.missing)] if extra else [])
        for p in report.pilots
    ]
    result["pilots"] = Table(
        ["学校", "试点项目", *count_heads, *tail] + ([MISSING_HEAD] if extra else []),
        pilot_rows,
        [TOTAL, f"{len(pilot_rows)} 项试点", *_sums(pilot_rows, 2, 2 + ncounts), None, None]
        + ([f"{sum(len(p.missing) for p in report.pilots)} 项"] if extra else []),
    )
    school_rows = [
        [row.school.name, len(row.pilots), *counts(row.tally)] + ([_missing_text(row.missing)] if extra else [])
        for row in report.schools
    ]
    result["schools"] = Table(
        ["学校", "承担项目数", *count_heads, *tail] + ([MISSING_HEAD] if extra else []),
        school_rows,
        [f"{TOTAL}（{len(school_rows)} 所学校）", *_sums(school_rows, 1, 2 + ncounts), None, None]
        + ([f"{sum(len(row.missing) for row in report.schools)} 项"] if extra else []),
    )
    project_rows = [
        [row.project.name, len(row.pilots), sum(1 for p in row.pilots if p.tally.total), *counts(row.tally)]
        for row in report.projects
    ]
    result["projects"] = Table(
        ["试点项目", "试点学校数", "有材料的学校数", *count_heads, *tail],
        project_rows,
        [f"{TOTAL}（{len(project_rows)} 个项目）", *_sums(project_rows, 1, 3 + ncounts), None, None],
    )
    return result


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_bytes(header: list[object] | tuple[object, ...], rows) -> bytes:
    """CSV bytes as Excel expects them: UTF-8 with BOM, CRLF line ends, no cell that runs as a
    formula; dates written as ISO dates, missing values empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spreadsheet_row(header))
    writer.writerows(spreadsheet_row([_csv_value(v) for v in row]) for row in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_csv(table: Table) -> bytes:
    """A table as CSV (:func:`csv_bytes`); no 合计 row, so that the file stays plain data."""
    return csv_bytes(table.header, table.rows)


def _width(value: object) -> int:
    if isinstance(value, dt.date):
        return 10
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value if value is not None else ""))


def to_xlsx(report: Report, title: str, creator: str = "") -> bytes:
    """All tables as one workbook, a sheet each, ready to print; ``creator`` is the site's name,
    recorded as the workbook's author."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    names = WORKING_TABLES if working(report) else TABLES
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    above = Border(top=Side(style="thin"))
    for key, table in tables(report).items():
        sheet = workbook.create_sheet(names[key][0])
        for values in (table.header, *table.rows, table.total):
            values = spreadsheet_row(values)
            sheet.append(values)
            for cell, value in zip(sheet[sheet.max_row], values):
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl makes a formula of any text starting with "="
                elif isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
        last_column = get_column_letter(len(table.header))
        last_data_row = 1 + len(table.rows)
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        for cell in sheet[sheet.max_row]:
            cell.font = bold
            cell.border = above
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = f"A1:{last_column}{last_data_row}"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.print_options.horizontalCentered = True
        sheet.oddHeader.center.text = title
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
        for index, column in enumerate(zip(table.header, *table.rows), start=1):
            # Headers wrap; a column is as wide as its widest value, its header at most 12 wide.
            widest = max([min(12, _width(column[0])), *(_width(value) for value in column[1:])])
            sheet.column_dimensions[get_column_letter(index)].width = min(50, max(6, widest + 2))
    stamp = dt.datetime(max(report.years[-1], report.as_of or 0), 12, 31)
    workbook.properties.title = title
    workbook.properties.creator = creator
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    # openpyxl's Workbook.save() stamps "modified" with the clock; its writer does not.
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with every entry dated 1980-01-01, so the bytes do not depend on the clock."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()

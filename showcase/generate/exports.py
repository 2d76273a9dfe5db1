"""Export the assessment (:mod:`showcase.generate.progress`) as CSV and XLSX for the bureau's meetings.

CSV is UTF-8 with a byte-order mark, so that Excel on Windows opens the Chinese correctly.
XLSX holds the same tables, one per sheet.  Both are deterministic: the XLSX carries no build
time (its document dates are fixed to the end of the reported year, and the zip entries get a
fixed time), so an unchanged site gives unchanged bytes.

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

from showcase.generate.progress import Report, RequiredItem
from showcase.generate.safe_text import spreadsheet_row

#: The tables exported, each as (sheet name, CSV file name).
TABLES = {
    "pilots": ("校项明细", "jindu-xiaoxiang.csv"),
    "schools": ("按学校", "jindu-xuexiao.csv"),
    "projects": ("按项目", "jindu-xiangmu.csv"),
    "required": ("每年必交材料", "meinian-bijiao.csv"),
}
XLSX_NAME = "shidian-jindu.xlsx"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _missing_text(items: tuple[RequiredItem, ...]) -> str:
    return "；".join(f"{item.year}年{item.type}（{item.status}）" for item in items)


def tables(report: Report) -> dict[str, list[list[object]]]:
    """Every exported table as rows (the first row is the header), keyed as in :data:`TABLES`."""
    year_heads = [f"{year}年" for year in report.years]
    type_heads = list(report.types)
    pilots: list[list[object]] = [
        ["学校", "试点项目", *year_heads, *type_heads, "合计", "首次提交", "最近提交", "缺交或待交"]
    ]
    for pilot in report.pilots:
        t = pilot.tally
        pilots.append(
            [
                pilot.school.name,
                pilot.project.name,
                *t.by_year.values(),
                *t.by_type.values(),
                t.total,
                _date(t.first),
                _date(t.last),
                _missing_text(pilot.missing),
            ]
        )
    schools: list[list[object]] = [
        ["学校", "承担项目数", *year_heads, *type_heads, "合计", "首次提交", "最近提交", "缺交或待交"]
    ]
    for row in report.schools:
        t = row.tally
        schools.append(
            [
                row.school.name,
                len(row.pilots),
                *t.by_year.values(),
                *t.by_type.values(),
                t.total,
                _date(t.first),
                _date(t.last),
                _missing_text(row.missing),
            ]
        )
    projects: list[list[object]] = [
        ["试点项目", "试点学校数", "有材料的学校数", *year_heads, *type_heads, "合计", "首次提交", "最近提交"]
    ]
    for row in report.projects:
        t = row.tally
        projects.append(
            [
                row.project.name,
                len(row.pilots),
                sum(1 for p in row.pilots if p.tally.total),
                *t.by_year.values(),
                *t.by_type.values(),
                t.total,
                _date(t.first),
                _date(t.last),
            ]
        )
    required: list[list[object]] = [["年度", "学校", "试点项目", "材料类型", "状态", "材料标题", "材料日期"]]
    names = {p.school.id: p.school.name for p in report.pilots}
    projects_by_id = {p.project.id: p.project.name for p in report.pilots}
    for item in sorted(report.required, key=lambda i: (-i.year, _status_rank(i.status))):
        required.append(
            [
                item.year,
                names[item.school_id],
                projects_by_id[item.project_id],
                item.type,
                item.status,
                item.submission.title if item.submission else "",
                _date(item.submission.date) if item.submission else "",
            ]
        )
    return {"pilots": pilots, "schools": schools, "projects": projects, "required": required}


def _status_rank(status: str) -> int:
    return {"缺交": 0, "待交": 1, "已交": 2}.get(status, 3)


def to_csv(rows: list[list[object]]) -> bytes:
    """A table as CSV bytes: UTF-8 with BOM, CRLF line ends (what Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(spreadsheet_row(row) for row in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(report: Report, title: str, creator: str = "") -> bytes:
    """All tables as one workbook, a sheet each, header row bold and frozen; ``creator`` is the
    site's name, recorded as the workbook's author."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for key, rows in tables(report).items():
        sheet = workbook.create_sheet(TABLES[key][0])
        rows = [spreadsheet_row(row) for row in rows]
        for row in rows:
            sheet.append(row)
            for cell, value in zip(sheet[sheet.max_row], row):
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl makes a formula of any text starting with "="
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        for index, column in enumerate(zip(*rows), start=1):
            widest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value)) for value in column)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(6, widest + 2))
    stamp = dt.datetime(report.this_year, 12, 31)
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

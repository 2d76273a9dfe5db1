"""``python build.py report``: the bureau's working report of the pilot period, never published.

It lists, per school and pilot, the required annual items (``required_each_year`` in
``projects/*.yml``) that are missing up to the given year, prints them in the terminal, and writes
the working tables (:mod:`showcase.generate.exports`, with the missing lists) as XLSX and CSV to a
folder of the bureau's choice (``dist/`` by default, which git ignores).  The public site and its
download files show only what each school has published.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from showcase.generate import exports, progress
from showcase.load.content import load_site

#: The working workbook's name, with the year it reports on.
XLSX_PATTERN = "neibu-shidian-jindu-{year}.xlsx"


def _echo(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def missing_lines(report: progress.Report) -> list[str]:
    """The missing required items as terminal lines: a heading, then one line per school and pilot."""
    overdue, due = len(report.overdue), len(report.due)
    done = len(report.required) - overdue - due
    lines = [
        f"每年必交材料（试点期 {report.years[0]}—{report.years[-1]} 年，截至 {report.as_of} 年）："
        f"缺交 {overdue} 项，待交 {due} 项，已交 {done} 项。"
    ]
    if not report.required:
        lines.append("截至这一年，没有到期的必交材料。")
        return lines
    for row in report.schools:
        pilots = [pilot for pilot in row.pilots if pilot.missing]
        if not pilots:
            continue
        lines.append(row.school.name)
        for pilot in pilots:
            items = "、".join(f"{item.year} 年{item.type}（{item.status}）" for item in pilot.missing)
            lines.append(f"  {pilot.project.name}：{items}")
    if not overdue and not due:
        lines.append("到期的必交材料都已提交。")
    return lines


def write_files(report: progress.Report, out_dir: Path, creator: str) -> list[Path]:
    """Write the working XLSX and CSV files to ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    title = f"试点进展工作表（试点期 {report.years[0]}—{report.years[-1]} 年，截至 {report.as_of} 年；内部使用）"
    xlsx = out_dir / XLSX_PATTERN.format(year=report.as_of)
    xlsx.write_bytes(exports.to_xlsx(report, title, creator))
    written.append(xlsx)
    for key, table in exports.tables(report).items():
        path = out_dir / exports.WORKING_TABLES[key][1]
        path.write_bytes(exports.to_csv(table))
        written.append(path)
    return written


def run(
    root: Path,
    *,
    out_dir: Path,
    as_of: int | None = None,
    out: Callable[[str], None] = print,
    echo: Callable[[str], None] = _echo,
) -> int:
    """Make the working report; returns the exit code (1 with a Chinese explanation on content errors)."""
    site, problems = load_site(root, demo=False)
    for problem in problems:
        echo(problem.format())
    if problems.errors:
        echo(
            f"内容有 {len(problems.errors)} 个错误，未生成工作表（有错误的材料会被当作缺交）。请按上面的提示修改后重试。"
        )
        return 1
    year = as_of if as_of is not None else dt.date.today().year
    report = progress.report(site, as_of=year)
    for line in missing_lines(report):
        out(line)
    written = write_files(report, out_dir, site.name)
    echo(f"已写入 {out_dir}：" + "、".join(path.name for path in written))
    echo("这些文件列有各校缺交的材料，只供市教育局内部使用，不要发布到网站上。")
    return 0

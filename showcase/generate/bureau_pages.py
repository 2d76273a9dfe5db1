"""Generate the bureau's pages and data files: progress over the pilot period (统计图表, by school,
by project, with charts and the published CSV/XLSX), news with its Atom feed, and the printable
典型案例汇编.

The public progress pages and files show what each school has published; what a school has not
yet published (required annual items) is the bureau's working data, made by ``python build.py
report`` (:mod:`showcase.output.report`) and never part of the site.

Pure functions of the :class:`~showcase.load.model.Site`, like :mod:`showcase.generate.pages`;
:mod:`showcase.generate.site` calls :func:`generate` and :func:`data_files`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from markupsafe import Markup

from showcase.generate import charts, chrome, exports, feeds, progress
from showcase.generate.page import DataFile, Page, render_page
from showcase.generate.render import render
from showcase.generate.urls import relative
from showcase.load.model import Site
from showcase.load.schema import NEWS_KINDS
from showcase.output.compile.gather import gather, rebase_markdown

NEWS_FEED = "news/feed.xml"
COMPILATION_URI = "compilation/index.md"
SUMMARY_URI = "progress/summary.md"


def generate(site: Site) -> list[Page]:
    """The bureau's pages, in a stable order."""
    report = progress.report(site)
    return [
        summary_page(site, report),
        progress_schools_page(site, report),
        progress_projects_page(site, report),
        news_index(site),
        *[news_page(site, item) for item in site.news],
        compilation_page(site),
    ]


def data_files(site: Site, site_url: str = "") -> list[DataFile]:
    """The published progress tables (what each school has published, nothing missing) and the news feed."""
    report = progress.report(site)
    tables = exports.tables(report)
    files = [DataFile(f"progress/{exports.TABLES[key][1]}", exports.to_csv(table)) for key, table in tables.items()]
    files.append(
        DataFile(
            f"progress/{exports.XLSX_NAME}",
            exports.to_xlsx(report, f"试点进展：已发布的材料（{report.years[0]}—{report.years[-1]} 年）", site.name),
        )
    )
    files.append(DataFile(NEWS_FEED, news_feed(site, site_url)))
    return files


# --- progress ---------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _per_year(tally: progress.Tally) -> str:
    return "；".join(f"{year} 年 {n} 篇" for year, n in tally.by_year.items() if n) or "—"


def _per_type(tally: progress.Tally) -> str:
    return "；".join(f"{kind} {n}" for kind, n in tally.by_type.items() if n) or "—"


def _years_text(tally: progress.Tally) -> str:
    if not tally.total:
        return "试点期内的材料尚未在本网站发布。"
    return f"试点期内已发布 {tally.total} 篇：{_per_year(tally)}。"


def _helpers() -> dict[str, object]:
    return {"date": _date, "per_year": _per_year, "per_type": _per_type, "years_text": _years_text}


def progress_charts(report: progress.Report) -> dict[str, str]:
    """The three charts of the summary page, as inline SVG."""
    years = [str(year) for year in report.years]
    by_type_year = report.tally.by_type_year
    series = [(kind, [by_type_year.get((kind, year), 0) for year in report.years]) for kind in report.types]
    series = [(kind, values) for kind, values in series if any(values)] or [(report.types[0], [0] * len(years))]
    year_desc = "；".join(f"{year} 年 {report.tally.by_year[year]} 篇" for year in report.years)
    project_rows = [(f"（{row.project.order}）{row.project.name}", row.tally.total) for row in report.projects]
    school_rows = [(row.school.name, row.tally.total) for row in report.schools]
    return {
        "by_year": charts.stacked_columns(
            "chart-year",
            years,
            series,
            title=f"{report.years[0]}—{report.years[-1]} 年各年度材料篇数（按类型）",
            desc=year_desc,
        ),
        "by_project": charts.horizontal_bars(
            "chart-project",
            project_rows,
            title="各试点项目的材料篇数",
            desc="；".join(f"{label} {n} 篇" for label, n in project_rows),
        ),
        "by_school": charts.horizontal_bars(
            "chart-school",
            school_rows,
            title="各试点学校的材料篇数",
            color=charts.PALETTE[2],
            desc="；".join(f"{label} {n} 篇" for label, n in school_rows),
        ),
    }


def summary_page(site: Site, report: progress.Report) -> Page:
    csv_labels = {"pilots": "校项明细", "schools": "按学校", "projects": "按项目"}
    return render_page(
        "progress_summary.md.jinja",
        SUMMARY_URI,
        site,
        report=report,
        outside=len(site.submissions) - report.tally.total,
        charts={key: Markup(svg) for key, svg in progress_charts(report).items()},
        downloads={
            "xlsx": exports.XLSX_NAME,
            "csv": [(csv_labels[key], name) for key, (_, name) in exports.TABLES.items()],
        },
    )


def progress_schools_page(site: Site, report: progress.Report) -> Page:
    return render_page("progress_schools.md.jinja", "progress/schools.md", site, report=report, **_helpers())


def progress_projects_page(site: Site, report: progress.Report) -> Page:
    return render_page("progress_projects.md.jinja", "progress/projects.md", site, report=report, **_helpers())


# --- news -------------------------------------------------------------------------------------


def news_index(site: Site) -> Page:
    counts = Counter(item.kind for item in site.news)
    return render_page("news_index.md.jinja", "news/index.md", site, items=site.news, kinds=NEWS_KINDS, counts=counts)


def news_page(site: Site, item) -> Page:
    body = item.body.strip()
    rendered = render(body, item.uri) if body else None
    return render_page(
        "news_item.md.jinja",
        item.uri,
        site,
        rendered=rendered,
        source=(item.path, item.body, item.body_line),
        n=item,
        trail=chrome.news_trail(site),
    )


def news_feed(site: Site, site_url: str = "") -> bytes:
    entries = [
        feeds.FeedEntry(
            url=item.url,
            title=item.title,
            updated=item.date,
            summary=("【示例】" if item.demo and not item.summary.startswith("示例") else "") + item.summary,
            categories=(item.kind,),
        )
        for item in site.news
    ]
    return feeds.atom(
        NEWS_FEED,
        f"{site.name}：新闻",
        entries,
        site_url=site_url,
        page_url="news/",
        subtitle="试点工作通知公告、例会纪要和工作动态",
        author=site.name,
    )


# --- the printable compilation ------------------------------------------------------------------


def compilation_page(site: Site) -> Page:
    compilation = gather(site)
    bodies = []
    for case in compilation.cases:
        submission = case.submission
        # Links rebased onto this page, footnotes kept apart, headings one level down; then
        # rendered and sanitised like the case page itself (the removals are reported there).
        rebased = rebase_markdown(
            submission.body.strip(),
            submission.uri,
            lambda target: relative(COMPILATION_URI, target),
            footnote_prefix=f"c{case.number}-",
            demote=1,
        )
        bodies.append(Markup(render(rebased, COMPILATION_URI).html))
    preface = compilation.settings.preface
    return render_page(
        "compilation.md.jinja",
        COMPILATION_URI,
        site,
        settings=compilation.settings,
        cases=[case.featured for case in compilation.cases],
        bodies=bodies,
        preface=Markup(render(preface, COMPILATION_URI).html) if preface else "",
        demo=compilation.demo,
    )

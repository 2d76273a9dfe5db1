"""Generate: the site's pages as Markdown, from a loaded :class:`~showcase.load.model.Site`.

Pure functions: the same site gives the same bytes.  The MkDocs hook only adds the returned
pages to the build; another engine (ProperDocs, Zensical) could take the same Markdown.

Links between pages are written as relative links to ``.md`` sources so that MkDocs checks them
(``--strict`` fails on a broken one) and turns them into URLs.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

from markupsafe import Markup

from showcase.check.codes import CODES
from showcase.forking import PARALLEL_FROM, Background
from showcase.generate import chrome, feeds, share
from showcase.generate.bureau_pages import COMPILATION_URI
from showcase.generate.page import Page, cover_uri, environment, numeral, render_page
from showcase.generate.render import keeps_renders, render
from showcase.generate.urls import url_of
from showcase.load.model import Asset, Site, Submission
from showcase.load.schema import SUBMISSION_TYPES, CmsFile, SchoolFile, SubmissionMeta
from showcase.output import search
from showcase.output.images import Prefetch, publishable_all
from showcase.output.search.index import order_docs

#: How many cards one page of the all-cases listing shows.
PAGE_SIZE = 30
#: How many of the latest submissions the home page shows.
LATEST_COUNT = 8


#: The site-wide feed of new submissions; each project has its own beside its page.
CASES_FEED = "feed.xml"
#: How many of the newest submissions a feed carries.
FEED_SIZE = 50


def case_feed(
    site: Site, submissions: list[Submission], feed_url: str, page_url: str, name: str, site_url: str = ""
) -> bytes:
    """An Atom feed of the newest submissions (site-wide or of one project)."""
    entries = [
        feeds.FeedEntry(
            url=s.url,
            title=s.title,
            updated=s.date,
            summary=s.meta.summary,
            categories=(site.projects[s.project_id].name, s.type, site.schools[s.school_id].name),
            author="、".join(s.meta.authors),
        )
        for s in submissions[:FEED_SIZE]
    ]
    title = f"{site.name}：{name}" + ("（含示例）" if site.demo else "")
    return feeds.atom(
        feed_url, title, entries, site_url=site_url, page_url=page_url, subtitle="各试点学校新发布的典型案例与经验总结"
    )


def submission_pages(site: Site, site_url: str = "") -> list[Page]:
    """One page per submission, in the submissions' order (the same pages whichever way); from
    PARALLEL_FROM cases on, the first half is generated in a forked process meanwhile."""
    count = len(site.submissions)
    # A preview that keeps its renders renders here, so that every page is remembered for the
    # next rebuild (a forked half would be rendered again each time).
    if count < PARALLEL_FROM or keeps_renders():
        return [submission_page(site, s, site_url) for s in site.submissions]
    half = count // 2
    first = Background("生成案例页", _submission_pages, site, 0, half, site_url)
    second = _submission_pages(site, half, count, site_url)
    return first.result() + second


def _submission_pages(site: Site, start: int, end: int, site_url: str = "") -> list[Page]:
    return [submission_page(site, s, site_url) for s in site.submissions[start:end]]


def assets(site: Site, cache_dir: Path | None = None, prefetch: Prefetch | None = None) -> list[Asset]:
    """Files copied into the site (images and attachments beside submissions); with a cache
    folder, large photos are replaced by resized copies (see :mod:`showcase.output.images`), some of
    them perhaps made already by ``prefetch``."""
    engine = [Asset(uri, search.ASSETS_DIR / name) for name, uri in sorted(search.ASSET_SITE_PATHS.items())]
    if cache_dir is None:
        return [*engine, *site.assets]
    paths = [a.abs_path for a in site.assets]
    published = prefetch.publishable_all(paths) if prefetch is not None else publishable_all(paths, cache_dir)
    return [*engine, *(Asset(a.uri, path, a.demo) for a, path in zip(site.assets, published))]


# --- the pages --------------------------------------------------------------------------------


def counts(site: Site) -> dict[str, int]:
    return {
        "projects": len(site.projects),
        "schools": len(site.schools),
        "pilots": site.pilot_count,
        "submissions": len(site.submissions),
        "schools_with_submissions": len({s.school_id for s in site.submissions}),
    }


def home_page(site: Site) -> Page:
    per_project = Counter(s.project_id for s in site.submissions)
    return render_page(
        "home.md.jinja",
        "index.md",
        site,
        counts=counts(site),
        latest=site.submissions[:LATEST_COUNT],
        per_project=per_project,
    )


def projects_index(site: Site) -> Page:
    per_project = Counter(s.project_id for s in site.submissions)
    return render_page("projects.md.jinja", "projects/index.md", site, per_project=per_project)


def project_page(site: Site, project_id: str) -> Page:
    project = site.projects[project_id]
    submissions = site.submissions_of(project_id=project_id)
    per_school = Counter(s.school_id for s in submissions)
    by_type = {t: [s for s in submissions if s.type == t] for t in SUBMISSION_TYPES}
    return render_page(
        "project.md.jinja",
        project.uri,
        site,
        project=project,
        trail=chrome.project_trail(site),
        submissions=submissions,
        per_school=per_school,
        by_type=by_type,
    )


def schools_index(site: Site) -> Page:
    per_school = Counter(s.school_id for s in site.submissions)
    return render_page("schools.md.jinja", "schools/index.md", site, per_school=per_school)


def school_page(site: Site, school_id: str) -> Page:
    school = site.schools[school_id]
    projects = site.projects_of(school_id)
    by_project = {p.id: site.submissions_of(school_id=school_id, project_id=p.id) for p in projects}
    return render_page(
        "school.md.jinja",
        school.uri,
        site,
        school=school,
        trail=chrome.school_trail(site),
        projects=projects,
        by_project=by_project,
        total=sum(len(v) for v in by_project.values()),
    )


#: How many related cases a case page suggests.
RELATED_COUNT = 4
#: Reading speed for the reading-time estimate: Chinese characters and Latin words per minute.
CHARS_PER_MINUTE = 400


def reading_minutes(markdown_text: str) -> int:
    """Minutes to read a body: Chinese characters count one by one, Latin words as one each."""
    # Bounded repetitions: every "![" or "](" scans at most a line's worth, not to the end of the
    # body (unbounded, 32 KB of "![" took seconds: quadratic).
    text = re.sub(
        r"!\[[^\]\n]{0,500}\]\([^)\n]{0,500}\)|\]\([^)\n]{0,500}\)|<[^<>\n]{1,500}>|[#>*_`|\-]", " ", markdown_text
    )
    han = len(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]", text))
    words = len(re.findall(r"[A-Za-z0-9]+", text))
    return max(1, round((han + words) / CHARS_PER_MINUTE))


def related(site: Site, submission: Submission, *, scan: int = 60) -> list[Submission]:
    """Cases of the same project from other schools: most shared tags first, then newest.

    Only the newest ``scan`` cases of the project are weighed, so a page costs the same however
    many cases the project has (a full scan per page makes the build quadratic).
    """
    tags = set(submission.meta.tags)
    candidates = [
        s
        for s in site.submissions_of(project_id=submission.project_id)[: scan + 1]
        if s.school_id != submission.school_id
    ]
    candidates.sort(key=lambda s: (-len(tags & set(s.meta.tags)), -s.date.toordinal(), s.id))
    return candidates[:RELATED_COUNT]


def submission_page(site: Site, submission: Submission, site_url: str = "") -> Page:
    """A case's page; with the site's public address (``site_url``), a QR code of it to share."""
    older, newer = site.neighbours(submission)
    cover = cover_uri(submission) or None
    page = render_page(
        "submission.md.jinja",
        submission.uri,
        site,
        rendered=render(submission.body, submission.uri),
        source=(submission.path, submission.body, submission.body_line),
        s=submission,
        trail=chrome.case_trail(site, submission),
        school=site.schools[submission.school_id],
        project=site.projects[submission.project_id],
        related=related(site, submission),
        older=older,
        newer=newer,
        minutes=reading_minutes(submission.body),
        cover=cover,
        share_qr=share.QR_FILE if site_url else "",
        share_alt=share.ALT,
    )
    return dataclasses.replace(page, html=page.content.split("\n---\n", 1)[1].strip())


def case_listing_pages(site: Site) -> list[Page]:
    """The all-submissions listing, newest first, split into pages of :data:`PAGE_SIZE` cards."""
    chunks = [site.submissions[i : i + PAGE_SIZE] for i in range(0, len(site.submissions), PAGE_SIZE)] or [[]]
    uris = ["cases/index.md"] + [f"cases/page-{n}.md" for n in range(2, len(chunks) + 1)]
    pages = []
    for number, (uri, chunk) in enumerate(zip(uris, chunks), start=1):
        pages.append(
            render_page(
                "cases.md.jinja",
                uri,
                site,
                chunk=chunk,
                number=number,
                page_uris=uris,
                total=len(site.submissions),
                first_index=(number - 1) * PAGE_SIZE + 1,
                trail=chrome.listing_trail(site),  # pages 2, 3, …: not in the navigation
                # The first page is also the case browser (filters, sort) once search.js runs.
                browser=Markup(search.browse_markdown(root="../")) if number == 1 and site.submissions else "",
            )
        )
    return pages


def progress_matrix(site: Site) -> dict[str, dict[str, int | None]]:
    """School × project: the number of submissions of the pilot period where the school pilots the
    project, else None."""
    years = set(site.assessment.years)
    counts_by_cell = Counter((s.school_id, s.project_id) for s in site.submissions if s.year in years)
    return {
        school_id: {
            project_id: counts_by_cell[(school_id, project_id)] if site.pilots(school_id, project_id) else None
            for project_id in site.projects
        }
        for school_id in site.schools
    }


def progress_page(site: Site) -> Page:
    matrix = progress_matrix(site)
    school_totals = {sid: sum(v or 0 for v in row.values()) for sid, row in matrix.items()}
    project_totals = {pid: sum((row[pid] or 0) for row in matrix.values()) for pid in site.projects}
    return render_page(
        "progress.md.jinja",
        "progress/index.md",
        site,
        matrix=matrix,
        school_totals=school_totals,
        project_totals=project_totals,
        years=site.assessment.years,
        outside=sum(1 for s in site.submissions if s.year not in site.assessment.years),
    )


def schema_rows(model: type) -> list[dict[str, str]]:
    """The fields of a schema class as rows of the contributor guide's table."""
    rows = []
    for name, info in model.model_fields.items():
        example = info.examples[0] if info.examples else ""
        if isinstance(example, list):
            example = "[" + ", ".join(example) + "]"
        rows.append(
            {
                "name": name,
                "required": "必填" if info.is_required() else "可选",
                "description": info.description or "",
                "example": f"{name}: {example}" if example else "",
            }
        )
    return rows


def site_map_page(site: Site) -> Page:
    """The site map: every section of the navigation, and under the sections of projects,
    schools and news every page of theirs (not every case: the school pages list them)."""
    details = {
        "projects/index.md": [(f"（{numeral(p.order)}）{p.name}", p.uri) for p in site.projects.values()],
        "schools/index.md": [(s.name, s.uri) for s in site.schools.values()],
        "news/index.md": [(n.title, n.uri) for n in site.news],
    }
    return render_page("sitemap.md.jinja", chrome.SITE_MAP_PAGE, site, sections=site.nav, details=details)


def search_page() -> Page:
    """The search page (site URL ``search/``); the index is written beside it after the build."""
    return Page(
        "search/index.md",
        "---\ntitle: 搜索\ndescription: 在全部案例和材料中搜索关键词，可按项目、学校、区县、类型、年份筛选。\nhide:\n  - toc\n---\n\n"
        "# 搜索\n\n" + search.search_page_markdown(root="../"),
    )


def search_doc(site: Site, submission: Submission, text: str) -> search.SearchDoc:
    """What the search index knows of a submission; ``text`` is its rendered body as plain text."""
    school = site.schools[submission.school_id]
    return search.SearchDoc(
        id=submission.id,
        url=submission.url,
        title=submission.title,
        summary=submission.meta.summary,
        text=text,
        school=school.name,
        school_id=school.id,
        project=site.projects[submission.project_id].name,
        project_id=submission.project_id,
        district=school.district or "",
        type=submission.type,
        date=submission.date.isoformat(),
        tags=tuple(submission.meta.tags),
        demo=submission.demo,
        cover=cover_uri(submission),
    )


#: The fixed pages (``content/``) the search finds besides the cases: docs path -> (kind, title).
FIXED_SEARCH_PAGES = {"notice.md": ("notice", "通知原文"), "guide/index.md": ("guide", "投稿指南")}


def other_search_docs(site: Site) -> list[search.SearchDoc]:
    """Search documents (without their text) of the pages the search finds besides the cases, in
    index order: the news, the notice, the compilation, the projects, the schools, the guide.  Their ``id`` is the
    page's docs path."""
    docs = [
        search.SearchDoc(
            id=item.uri,
            url=item.url,
            title=item.title,
            summary=item.summary,
            text="",
            school="",
            school_id="",
            project="",
            project_id="",
            district="",
            type="",
            date=item.date.isoformat(),
            demo=item.demo,
            kind="news",
        )
        for item in site.news
    ]
    blank = dict.fromkeys(
        ("summary", "text", "school", "school_id", "project", "project_id", "district", "type", "date"), ""
    )
    for uri, (kind, title) in FIXED_SEARCH_PAGES.items():
        docs.append(search.SearchDoc(id=uri, url=url_of(uri), title=title, kind=kind, **blank))
    # The compilation's page (a menu item: 典型案例汇编).
    docs.append(
        search.SearchDoc(
            id=COMPILATION_URI, url=url_of(COMPILATION_URI), title=site.compilation.title, kind="section", **blank
        )
    )
    for project in sorted(site.projects.values(), key=lambda p: p.order):
        docs.append(search.SearchDoc(id=project.uri, url=project.url, title=project.name, kind="project", **blank))
    for school in site.schools.values():
        docs.append(search.SearchDoc(id=school.uri, url=school.url, title=school.name, kind="school", **blank))
    return order_docs(docs)


def errors_page() -> Page:
    """The contributor guide's explanation of every problem code (anchors are the codes)."""
    return Page("guide/errors.md", environment().get_template("errors.md.jinja").render(groups=CODES))


def guide_page(site: Site) -> Page:
    """The contributor guide, with a plain link to the repository ``cms.yml`` names (none while
    it names none: the guide then says to ask the bureau, and never guesses an address)."""
    return Page(
        "guide/index.md",
        environment().get_template("guide.md.jinja").render(repository=repository_url(site.cms)),
    )


def repository_url(cms: CmsFile) -> str:
    """The web address of the repository: on GitHub, or on the bureau's own Gitea/Forgejo."""
    if not cms.repo:
        return ""
    if cms.backend == "github":
        return f"https://github.com/{cms.repo}"
    return f"{cms.base_url.rstrip('/')}/{cms.repo}" if cms.base_url else ""


def fields_page() -> Page:
    return Page(
        "guide/fields.md",
        environment()
        .get_template("fields.md.jinja")
        .render(
            submission_rows=schema_rows(SubmissionMeta),
            school_rows=schema_rows(SchoolFile),
            types=SUBMISSION_TYPES,
        ),
    )

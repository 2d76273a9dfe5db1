"""The domain: pilot projects, pilot schools, their submissions, and the site that holds them.

Built by :mod:`showcase.load` from the files, read by the page generators; nothing here knows
about MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from showcase.config import NavEntry
from showcase.load.schema import SUBMISSION_TYPES, CmsFile, SiteFile, SubmissionMeta
from showcase.load.sources import YamlDoc


@dataclass(frozen=True)
class Project:
    """A pilot project of notice 并教职〔2017〕1号."""

    id: str
    order: int
    name: str
    contents: tuple[str, ...]
    school_ids: tuple[str, ...]
    source: str
    doc: YamlDoc | None = field(default=None, compare=False, repr=False)
    """Where each value stands in the source file, for problems found after loading."""
    required_each_year: tuple[str, ...] = ()
    """Submission types each pilot school owes every assessment year (e.g. 诊改报告)."""

    def line(self, *loc: object) -> int:
        return self.doc.line(loc) if self.doc else 0

    @property
    def url(self) -> str:
        return f"projects/{self.id}/"

    @property
    def uri(self) -> str:
        return f"projects/{self.id}/index.md"


@dataclass(frozen=True)
class School:
    """A pilot school; the folder ``schools/<id>/`` holds its submissions."""

    id: str
    name: str
    district: str | None
    website: str | None
    editors: tuple[str, ...]
    source: str

    @property
    def url(self) -> str:
        return f"schools/{self.id}/"

    @property
    def uri(self) -> str:
        return f"schools/{self.id}/index.md"


@dataclass(frozen=True)
class Submission:
    """One case study, experience summary, plan or report written by a school."""

    school_id: str
    stem: str
    path: str
    """Source path relative to the project root (``schools/<school>/<stem>.md``)."""
    meta: SubmissionMeta
    body: str
    body_line: int
    """Line of the file where the body starts (after the front matter)."""
    demo: bool = False
    """Sample content shipped for local previews; never published."""
    doc: YamlDoc | None = field(default=None, compare=False, repr=False)
    """Where each front-matter value stands in the file, for problems found after loading."""

    def line(self, *loc: object) -> int:
        return self.doc.line(loc) if self.doc else 0

    @property
    def id(self) -> str:
        return f"{self.school_id}/{self.stem}"

    @property
    def uri(self) -> str:
        """Path of the page in the site's (virtual) docs tree; images resolve relative to it."""
        return f"schools/{self.school_id}/{self.stem}.md"

    @property
    def url(self) -> str:
        return f"schools/{self.school_id}/{self.stem}/"

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def project_id(self) -> str:
        return self.meta.project

    @property
    def type(self) -> str:
        return self.meta.type

    @property
    def date(self) -> dt.date:
        return self.meta.date

    @property
    def year(self) -> int:
        return self.meta.date.year


@dataclass(frozen=True)
class Rejected:
    """A submission whose front matter failed to parse or to validate.

    It is not published (its problems are reported), but the rules over the whole site still
    look at what it says, and its images and links are still checked, so that one run reports
    everything wrong with it: a front-matter error never hides a body error.
    """

    school_id: str
    path: str
    doc: YamlDoc | None
    """The parsed front matter; None when it could not be parsed at all."""
    body: str = ""
    body_line: int = 1
    bounded: bool = True
    """False when the body is beyond the bounds (reported): it is then not read further."""

    @property
    def uri(self) -> str:
        return f"schools/{self.school_id}/{Path(self.path).stem}.md"

    def raw(self, key: str) -> str | None:
        data = self.doc.data if self.doc is not None else None
        value = data.get(key) if isinstance(data, dict) else None
        return value.strip() if isinstance(value, str) else None

    def line(self, *loc: object) -> int:
        return self.doc.line(loc) if self.doc is not None else 0


@dataclass(frozen=True)
class Featured:
    """A typical case recommended by the bureau, in the bureau's order."""

    submission: Submission
    reason: str


@dataclass(frozen=True)
class NewsItem:
    """A bureau announcement, meeting note or work update (``news/*.md``)."""

    stem: str
    path: str
    title: str
    date: dt.date
    kind: str
    summary: str
    body: str
    demo: bool = False
    body_line: int = 1
    """Line of the file where the body starts (after the front matter)."""

    @property
    def uri(self) -> str:
        return f"news/{self.stem}.md"

    @property
    def url(self) -> str:
        return f"news/{self.stem}/"


@dataclass(frozen=True)
class Assessment:
    """The pilot period from ``assessment.yml``: the years the progress pages and exports count.

    The default is the notice's: "从2017年开始……用两年时间开展试点工作", 2017 and 2018.
    """

    first_year: int = 2017
    last_year: int = 2018

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))


@dataclass(frozen=True)
class CompilationSettings:
    """The cover and preface of the 典型案例汇编 (``compilation/``; bureau-owned)."""

    title: str = "典型案例汇编"
    subtitle: str = ""
    issuer: str = ""
    date: str = ""
    preface: str = ""
    """The preface, Markdown (``compilation/preface.md``)."""


@dataclass(frozen=True)
class Asset:
    """A file copied into the site unchanged (an image beside a submission)."""

    uri: str
    abs_path: Path
    demo: bool = False


@dataclass
class Site:
    """Everything the pages are made from, gathered and checked before anything is rendered."""

    projects: dict[str, Project] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    submissions: list[Submission] = field(default_factory=list)
    """Newest first; ties broken by id so that the order never depends on the file system."""
    assets: list[Asset] = field(default_factory=list)
    featured: list[Featured] = field(default_factory=list)
    """The bureau's typical cases, in its order (``featured.yml``; ``demo/featured.yml`` in previews)."""
    withheld_files: set[str] = field(default_factory=set)
    """Files of school folders that failed the gate: reported, not published, but known to exist."""
    broken_school_ids: set[str] = field(default_factory=set)
    """School folders whose school.yml is invalid (reported once, not again where referenced)."""
    rejected: list[Rejected] = field(default_factory=list)
    """Submissions that failed validation (reported, not published)."""
    demo: bool = False
    """Whether sample content is included (local previews); False for the published site."""
    news: list[NewsItem] = field(default_factory=list)
    """Bureau news, newest first (``news/``; ``demo/news/`` in previews)."""
    assessment: Assessment = field(default_factory=Assessment)
    """The assessment years (``assessment.yml``)."""
    compilation: CompilationSettings = field(default_factory=CompilationSettings)
    """Cover and preface of the 典型案例汇编 (``compilation/``)."""
    synonyms: tuple[tuple[str, ...], ...] = ()
    """The search's synonym groups (``synonyms.yml``): terms that find each other."""
    info: SiteFile = field(default_factory=SiteFile)
    """Who runs the site (``site.yml``), for the foot of every page."""
    name: str = ""
    """The site's name (``site_name`` of the configuration, :mod:`showcase.config`)."""
    cms: CmsFile = field(default_factory=CmsFile)
    """Where the web form (``/admin/``) saves (``cms.yml``; bureau-owned)."""
    nav: tuple[NavEntry, ...] = ()
    """The site's sections (``nav`` of the configuration)."""

    def sort(self) -> None:
        self.projects = dict(sorted(self.projects.items(), key=lambda item: (item[1].order, item[0])))
        order: dict[str, int] = {}
        for project in self.projects.values():
            for school_id in project.school_ids:
                order.setdefault(school_id, len(order))
        self.schools = dict(sorted(self.schools.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
        self.submissions.sort(key=lambda s: (-s.date.toordinal(), s.id))
        self.assets.sort(key=lambda a: a.uri)

    _index: dict[str, dict] | None = field(default=None, repr=False, compare=False)

    def reindex(self) -> None:
        """Build the lookups the page generators use, so that no page costs a scan of all
        submissions (which would make the build quadratic in their number)."""
        by_id: dict[str, Submission] = {}
        by_school: dict[str, list[Submission]] = {}
        by_project: dict[str, list[Submission]] = {}
        by_pair: dict[tuple[str, str], list[Submission]] = {}
        for s in self.submissions:  # newest first already
            by_id[s.id] = s
            by_school.setdefault(s.school_id, []).append(s)
            by_project.setdefault(s.project_id, []).append(s)
            by_pair.setdefault((s.school_id, s.project_id), []).append(s)
        position = {s.id: i for items in by_school.values() for i, s in enumerate(items)}
        self._index = {"id": by_id, "school": by_school, "project": by_project, "pair": by_pair, "position": position}

    def _lookup(self) -> dict[str, dict]:
        if self._index is None:
            self.reindex()
        return self._index

    def submission(self, submission_id: str) -> Submission | None:
        return self._lookup()["id"].get(submission_id)

    def featured_in(self, project_id: str) -> list[Featured]:
        return [f for f in self.featured if f.submission.project_id == project_id]

    def projects_of(self, school_id: str) -> list[Project]:
        """The projects a school pilots, in the notice's order."""
        return [p for p in self.projects.values() if school_id in p.school_ids]

    def schools_of(self, project_id: str) -> list[School]:
        project = self.projects[project_id]
        return [self.schools[s] for s in project.school_ids if s in self.schools]

    def neighbours(self, submission: Submission) -> tuple[Submission | None, Submission | None]:
        """The same school's previous (older) and next (newer) submission."""
        index = self._lookup()
        own = index["school"][submission.school_id]  # newest first
        at = index["position"][submission.id]
        return (own[at + 1] if at + 1 < len(own) else None), (own[at - 1] if at > 0 else None)

    def submissions_of(self, school_id: str | None = None, project_id: str | None = None) -> list[Submission]:
        """Submissions of a school, a project or both, newest first."""
        index = self._lookup()
        if school_id is not None and project_id is not None:
            return list(index["pair"].get((school_id, project_id), []))
        if school_id is not None:
            return list(index["school"].get(school_id, []))
        if project_id is not None:
            return list(index["project"].get(project_id, []))
        return list(self.submissions)

    def pilots(self, school_id: str, project_id: str) -> bool:
        project = self.projects.get(project_id)
        return bool(project and school_id in project.school_ids)

    @property
    def pilot_count(self) -> int:
        return sum(len(p.school_ids) for p in self.projects.values())

    def districts(self) -> list[str]:
        return sorted({s.district for s in self.schools.values() if s.district})

    @staticmethod
    def types() -> tuple[str, ...]:
        return SUBMISSION_TYPES

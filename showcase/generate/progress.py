"""Tally the pilots' progress, computed from a loaded Site.

Pure functions.  The notice asks the bureau to assess "过程与结果、定性与定量、进度与效果相结合";
this module gives the quantitative, process side: per school, per project and per school–project
pilot, the submissions by year and type and the first and last dates of the materials.

Years are the pilot period of ``assessment.yml`` (the notice's 2017–2018 by default); submissions
dated outside it are left out.  This is what the public pages show.

Only for the bureau's working report (``python build.py report``, never the public site) it also
lists the annual items that are required (``required_each_year`` in ``projects/*.yml``): given the
year the report is made in (``as_of``), a missing item of an earlier year is overdue (缺交), one of
that year is still due (待交), and later years are not yet due.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from showcase.load.model import Project, School, Site, Submission
from showcase.load.schema import SUBMISSION_TYPES

OVERDUE = "缺交"
DUE = "待交"
DONE = "已交"


@dataclass(frozen=True)
class Tally:
    """Counts over a set of submissions: by year (every assessment year present), by type."""

    by_year: dict[int, int]
    by_type: dict[str, int]
    by_type_year: dict[tuple[str, int], int]
    """Counts of each (type, year) that occurs."""
    first: dt.date | None
    last: dt.date | None

    @property
    def total(self) -> int:
        return sum(self.by_year.values())


@dataclass(frozen=True)
class RequiredItem:
    """One required annual item of one pilot: a school owes a type of submission for a year."""

    school_id: str
    project_id: str
    year: int
    type: str
    status: str
    """:data:`DONE`, :data:`OVERDUE` (a year before ``as_of``) or :data:`DUE` (the year ``as_of``)."""
    submission: Submission | None = None


@dataclass(frozen=True)
class PilotRow:
    """One school–project pilot of the notice."""

    school: School
    project: Project
    tally: Tally
    required: tuple[RequiredItem, ...]

    @property
    def missing(self) -> tuple[RequiredItem, ...]:
        return tuple(item for item in self.required if item.status != DONE)


class _PilotGroup:
    """A school's or a project's pilots; what they still miss."""

    pilots: tuple[PilotRow, ...]

    @property
    def missing(self) -> tuple[RequiredItem, ...]:
        return tuple(item for pilot in self.pilots for item in pilot.missing)


@dataclass(frozen=True)
class SchoolRow(_PilotGroup):
    school: School
    pilots: tuple[PilotRow, ...]
    tally: Tally


@dataclass(frozen=True)
class ProjectRow(_PilotGroup):
    project: Project
    pilots: tuple[PilotRow, ...]
    tally: Tally


@dataclass(frozen=True)
class Report:
    """Everything the progress pages and exports show."""

    years: tuple[int, ...]
    """The pilot period."""
    as_of: int | None
    """The year of a working report; None for the public pages, which then hold no required items."""
    types: tuple[str, ...]
    tally: Tally
    pilots: tuple[PilotRow, ...]
    """In the notice's order: by project, then by the project's list of schools."""
    schools: tuple[SchoolRow, ...]
    projects: tuple[ProjectRow, ...]
    demo: bool

    @property
    def required(self) -> tuple[RequiredItem, ...]:
        return tuple(item for pilot in self.pilots for item in pilot.required)

    @property
    def overdue(self) -> tuple[RequiredItem, ...]:
        return tuple(item for item in self.required if item.status == OVERDUE)

    @property
    def due(self) -> tuple[RequiredItem, ...]:
        return tuple(item for item in self.required if item.status == DUE)

    @property
    def idle_pilots(self) -> tuple[PilotRow, ...]:
        """Pilots with no submission at all in the assessment years."""
        return tuple(p for p in self.pilots if p.tally.total == 0)


def tally(submissions: list[Submission], years: tuple[int, ...]) -> Tally:
    """Count ``submissions`` by year (only ``years``) and by type; first and last dates."""
    inside = [s for s in submissions if s.year in years]
    per_year = Counter(s.year for s in inside)
    per_type = Counter(s.type for s in inside)
    dates = sorted(s.date for s in inside)
    return Tally(
        by_year={year: per_year[year] for year in years},
        by_type={t: per_type[t] for t in SUBMISSION_TYPES},
        by_type_year=dict(sorted(Counter((s.type, s.year) for s in inside).items())),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
    )


def required_items(
    project: Project, school_id: str, submissions: list[Submission], years: tuple[int, ...], as_of: int
) -> tuple[RequiredItem, ...]:
    """Each year (up to ``as_of``) × required type of one pilot, with the submission that fulfils
    it (the earliest)."""
    items = []
    for year in years:
        if year > as_of:
            break
        for kind in project.required_each_year:
            found = sorted((s for s in submissions if s.year == year and s.type == kind), key=lambda s: (s.date, s.id))
            if found:
                status = DONE
            else:
                status = DUE if year == as_of else OVERDUE
            items.append(RequiredItem(school_id, project.id, year, kind, status, found[0] if found else None))
    return tuple(items)


def report(site: Site, as_of: int | None = None) -> Report:
    """The tallies of ``site`` over the pilot period; with ``as_of`` (the bureau's working report
    only), also each pilot's required items up to that year."""
    years = site.assessment.years
    pilots: list[PilotRow] = []
    for project in site.projects.values():
        for school in site.schools_of(project.id):
            subs = site.submissions_of(school_id=school.id, project_id=project.id)
            required = () if as_of is None else required_items(project, school.id, subs, years, as_of)
            pilots.append(PilotRow(school, project, tally(subs, years), required))
    schools = tuple(
        SchoolRow(
            school,
            tuple(p for p in pilots if p.school.id == school.id),
            tally(site.submissions_of(school_id=school.id), years),
        )
        for school in site.schools.values()
    )
    projects = tuple(
        ProjectRow(
            project,
            tuple(p for p in pilots if p.project.id == project.id),
            tally(site.submissions_of(project_id=project.id), years),
        )
        for project in site.projects.values()
    )
    return Report(
        years=years,
        as_of=as_of,
        types=SUBMISSION_TYPES,
        tally=tally(site.submissions, years),
        pilots=tuple(pilots),
        schools=schools,
        projects=projects,
        demo=site.demo,
    )

"""Gather: the 典型案例汇编 as data, from the bureau's featured list in its order.

Pure and light (no PDF or Word library): the site's printable page, the PDF and the DOCX are
all made from the :class:`Compilation` returned here, so the three never disagree.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from showcase.load.model import (
    CompilationSettings,
    Featured,
    Project,
    School,
    Site,
    Submission,
)


@dataclass(frozen=True)
class Case:
    """One case of the compilation, numbered from 1 in the bureau's order."""

    number: int
    featured: Featured
    school: School
    project: Project

    @property
    def submission(self) -> Submission:
        return self.featured.submission

    @property
    def anchor(self) -> str:
        return f"case-{self.number}"


@dataclass(frozen=True)
class Compilation:
    settings: CompilationSettings
    cases: tuple[Case, ...]
    demo: bool
    """True when any case is sample content: then every page says 示例."""
    images: dict[str, Path]
    """Site path of each image or attachment (``schools/x/images/a.png``) → file on disk."""

    @property
    def title(self) -> str:
        return self.settings.title + ("（示例）" if self.demo else "")


def gather(site: Site) -> Compilation:
    """The compilation of ``site.featured``, in the bureau's order."""
    cases = tuple(
        Case(
            number, featured, site.schools[featured.submission.school_id], site.projects[featured.submission.project_id]
        )
        for number, featured in enumerate(site.featured, start=1)
    )
    return Compilation(
        settings=site.compilation,
        cases=cases,
        demo=any(case.submission.demo for case in cases),
        images={asset.uri: asset.abs_path for asset in site.assets},
    )


# --- moving a submission's Markdown into another document ---------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,5})(\s)")
_INLINE_TARGET = re.compile(r"(!?\[[^\]]*\]\()(\s*<?)([^)\s>]+)")
_REFERENCE_DEF = re.compile(r"^(\s{0,3}\[[^\]^][^\]]*\]:\s*<?)(\S+?)(>?(?:\s|$))")
_HTML_TARGET = re.compile(r"""(\b(?:src|href)=["'])([^"']+)""")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")


def is_relative(target: str) -> bool:
    """A link target that points inside the site (not a URL, an anchor or an absolute path)."""
    return not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|#|/)", target)


def resolve(base_uri: str, target: str) -> str:
    """Resolve ``target`` written in the page at ``base_uri`` to a site path (anchor kept)."""
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base_uri), path))
    return resolved + (f"#{anchor}" if anchor else "")


def rebase_markdown(body: str, from_uri: str, rewrite, *, footnote_prefix: str = "", demote: int = 0) -> str:
    """``body`` (written at ``from_uri``) made fit to stand inside another document.

    Relative link and image targets are resolved to site paths and passed through ``rewrite``;
    footnote labels get ``footnote_prefix`` (several cases on one page must not share ``[^1]``);
    headings go ``demote`` levels down.  Fenced code is left alone.
    """
    out = []
    fence: str | None = None
    for line in body.split("\n"):
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if marker:
            fence = marker.group(1)
            out.append(line)
            continue

        def fix(target: str) -> str:
            return rewrite(resolve(from_uri, target)) if is_relative(target) else target

        line = _INLINE_TARGET.sub(lambda m: m.group(1) + m.group(2) + fix(m.group(3)), line)
        line = _REFERENCE_DEF.sub(lambda m: m.group(1) + fix(m.group(2)) + m.group(3), line)
        line = _HTML_TARGET.sub(lambda m: m.group(1) + fix(m.group(2)), line)
        if footnote_prefix:
            line = _FOOTNOTE.sub(lambda m: f"[^{footnote_prefix}{m.group(1)}]", line)
        if demote:
            line = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + demote) + m.group(2), line)
        out.append(line)
    return "\n".join(out)

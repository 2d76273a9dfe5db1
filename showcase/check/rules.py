"""Check: the rules over a submission's body and over the whole site (everything loaded), and the
references and sanitiser reports that need the generated pages.  With :mod:`showcase.check.gate`
(one file's safety), :mod:`~showcase.check.personal`, :mod:`~showcase.check.attachments` and
:mod:`~showcase.check.bounds`, these are every rule the check applies."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from showcase.check import gate
from showcase.check.bounds import check_markup
from showcase.generate import cms_config, editor_schemas
from showcase.generate.page import DataFile, Page
from showcase.load.model import Rejected, Site
from showcase.load.sources import is_file, is_folder, list_folder, read_bytes, read_text
from showcase.problems import Problems, did_you_mean

#: The section-guide lines of the template, e.g. ``（为什么做：学校面临的问题……）``.
_PLACEHOLDER = re.compile(r"^（(为什么做|怎么做|做成了什么|可推广的经验)[^）]*）\s*$")


def check_body(body: str, first_line: int, rel: str, problems: Problems) -> None:
    """A body: no unsafe markup, not empty, no template text left, no first-level heading."""
    gate.check_raw_html(rel, body, first_line, problems)
    lines = body.split("\n")
    meaningful = [
        line
        for line in _without_comments(body).split("\n")
        if line.strip() and not line.lstrip().startswith("#") and not _PLACEHOLDER.match(line.strip())
    ]
    if not meaningful:
        if any(line.strip() for line in lines):
            # Headings, writing tips (HTML comments) or the template's guide lines, and nothing else:
            # the skeleton that `new` writes, or the template, not yet filled in.
            problems.error(
                rel,
                first_line,
                "正文",
                "正文还是模板：只有小标题和写作提示，还没有写内容",
                "请在每个小标题下写上自己的内容（写作提示在网页上不显示，写好后可以删除）",
                code="template-body",
            )
        else:
            problems.error(
                rel,
                first_line,
                "正文",
                "正文是空的：文件头之后没有内容",
                "请在第二个 --- 之后写正文（实施背景、主要做法、取得成效、经验与反思）",
                code="empty-body",
            )
        return
    for offset, line in enumerate(lines):
        stripped = line.strip()
        if _PLACEHOLDER.match(stripped):
            problems.error(
                rel,
                first_line + offset,
                "正文",
                f"模板里的说明文字“{stripped[:20]}…”还没有删除",
                "请把这一行换成你自己的内容",
                code="template-text",
            )
        if re.match(r"^#\s", line):
            problems.warning(
                rel,
                first_line + offset,
                "正文",
                "正文里不需要一级标题（# 开头）：网页会用文件头里的 title 作标题",
                "请删除这一行，或改成二级标题 ## ",
                code="body-h1",
            )


def _without_comments(text: str) -> str:
    """``text`` with its HTML comments blanked (newlines kept).  Scanned with ``str.find``, so
    linear even for many unclosed ``<!--`` (a lazy regular expression would rescan to the end
    from each one); an unclosed comment runs to the end, as in HTML."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        parts.append(text[position:start])
        if end == -1:
            parts.append("\n" * text.count("\n", start))
            return "".join(parts)
        parts.append("\n" * text.count("\n", start, end))
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


# --- rules over the whole site ----------------------------------------------------------------


def check_site(site: Site, problems: Problems) -> None:
    """Rules that need everything loaded: ids that must exist, pairings, uniqueness."""
    for project in site.projects.values():
        for index, school_id in enumerate(project.school_ids):
            if school_id not in site.schools and school_id not in site.broken_school_ids:
                problems.error(
                    project.source,
                    project.line("schools", index),
                    f"schools[{index + 1}]",
                    f"学校编号“{school_id}”不存在（schools/ 下没有这个文件夹）",
                    did_you_mean(school_id, site.schools) or "请核对学校编号",
                    code="unknown-school",
                )

    pilots_by_school: dict[str, list[str]] = defaultdict(list)
    for project in site.projects.values():
        for school_id in project.school_ids:
            pilots_by_school[school_id].append(project.id)

    def check_project(path: str, school_id: str, project_id: str | None, line: int) -> bool:
        if project_id is None:
            return False
        own = pilots_by_school.get(school_id, [])
        own_text = "、".join(f"{p}（{site.projects[p].name}）" for p in own) or "无"
        if project_id not in site.projects:
            by_name = [p.id for p in site.projects.values() if p.name == project_id]
            hint = (
                f"“{project_id}”是项目名称，这里要写项目编号：{by_name[0]}"
                if by_name
                else (did_you_mean(project_id, site.projects) or f"本校承担的项目：{own_text}")
            )
            problems.error(path, line, "project", f"试点项目编号“{project_id}”不存在", hint, code="unknown-project")
            return False
        if project_id not in own:
            problems.error(
                path,
                line,
                "project",
                f"{site.schools[school_id].name}不承担“{site.projects[project_id].name}”试点（依据《并教职〔2017〕1号》）",
                f"请改为本校承担的项目之一：{own_text}",
                code="not-piloted",
            )
            return False
        return True

    valid = [s for s in site.submissions if check_project(s.path, s.school_id, s.project_id, s.line("project"))]
    for rejected in site.rejected:
        check_project(rejected.path, rejected.school_id, rejected.raw("project"), rejected.line("project"))

    # Titles: every file that names one takes part, valid or not, so that a clash is reported
    # on both files in the same run.
    titled: list[tuple[str, str, int]] = [(s.path, s.title, s.line("title")) for s in site.submissions]
    titled += [(r.path, r.raw("title"), r.line("title")) for r in site.rejected if r.raw("title")]
    by_title: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for entry in titled:
        by_title[_title_key(entry[1])].append(entry)
    clashing: set[str] = set()
    for group in by_title.values():
        if len(group) < 2:
            continue
        group.sort()
        for path, title, line in group:
            others = "、".join(other[0] for other in group if other[0] != path)
            clashing.add(path)
            problems.error(
                path,
                line,
                "title",
                f"标题“{title}”与 {others} 重复",
                "同一标题只能用一次：请修改标题，或删除重复的文件",
                code="duplicate-title",
            )
    files = {a.uri for a in site.assets} | site.withheld_files
    for submission in site.submissions:
        cover = submission.meta.cover
        if cover:
            if gate.resolve(submission.uri, cover) not in files:
                problems.error(
                    submission.path,
                    submission.line("cover"),
                    "cover",
                    f"封面图片“{cover}”找不到",
                    "请把图片放在本校文件夹里，并写相对本文件的路径，如 images/cover.jpg",
                    code="missing-image",
                )
    # Submissions with an error are reported and kept out of the pages (the build fails anyway);
    # they join the rejected ones, whose images and links are still checked.
    kept = [s for s in valid if s.path not in clashing]
    kept_paths = {s.path for s in kept}
    site.rejected += [
        Rejected(s.school_id, s.path, s.doc, s.body, s.body_line) for s in site.submissions if s.path not in kept_paths
    ]
    site.submissions = kept


def _title_key(title: str) -> str:
    return re.sub(r"\s+", "", title)


def check_rendered(pages: list[Page], problems: Problems) -> None:
    """What the sanitiser removed from a page, where no other rule has explained it already:
    the published page never silently differs from what the school wrote."""
    explained = {(p.path, p.line) for p in problems if p.severity == "error"}
    for page in pages:
        for path, line, removal in page.removed:
            if (path, line) in explained:
                continue
            problems.error(
                path, line, "正文", f"{removal.what}不能在网站上显示，已被去掉", removal.hint, code="sanitized"
            )


def check_references(
    site: Site, pages: list[Page], files: list[DataFile], docs_dir: Path, problems: Problems
) -> set[str]:
    """Images and links in every submission must lead to something the site will contain.
    Returns every site path linked or shown."""
    static = set()
    if is_folder(docs_dir, docs_dir.name, problems):
        for entry in list_folder(docs_dir, docs_dir.parent, problems):
            if entry.is_folder:
                continue
            static.add(entry.path.relative_to(docs_dir).as_posix())
            if entry.path.suffix == ".md":  # the engine renders these pages: the same bounds
                source = read_text(entry.path, entry.rel, problems)
                if source.ok and source.bounded:
                    check_markup(source.text, 1, entry.rel, problems)
    known_pages = {page.uri for page in pages} | {uri for uri in static if uri.endswith(".md")}
    known_files = {asset.uri for asset in site.assets} | site.withheld_files | {f.uri for f in files} | static
    suggestions = [gate.SITE_SUGGESTIONS]
    linked: set[str] = set()
    # A rejected file's images and links are checked too: a front-matter error hides nothing.
    # The bureau's news has no school (None): its images are its own, in news/.
    bodies = [(s.path, s.uri, s.school_id, s.body, s.body_line) for s in site.submissions]
    bodies += [(r.path, r.uri, r.school_id, r.body, r.body_line) for r in site.rejected if r.bounded]
    bodies += [(n.path, n.uri, None, n.body, n.body_line) for n in site.news]
    for path, uri, school_id, body, body_line in bodies:
        linked |= gate.check_references(
            path, uri, school_id, body, body_line, known_pages, known_files, problems, suggestions
        )
    return linked


# --- files generated into the repository ------------------------------------------------------


def check_cms_snippet(root: Path, site: Site, problems: Problems) -> None:
    """The nginx header of ``/admin/`` (:data:`cms_config.NGINX_SNIPPET`) in step with cms.yml
    (checked where the repository ships its nginx configuration)."""
    if not (root / "deploy" / "nginx").is_dir():
        return
    rel = cms_config.NGINX_SNIPPET
    hint = f"请运行 {cms_config.GENERATE_COMMAND} 重新生成，并一起提交"
    expected = cms_config.nginx_snippet(site.cms)
    path = root / rel
    if not is_file(path, rel, problems):
        problems.error(rel, 0, "nginx", f"找不到 {rel}（网页表单 /admin/ 的安全策略）", hint, code="cms-drift")
        return
    actual = read_bytes(path, rel, problems)
    if actual is not None and actual.replace(b"\r\n", b"\n") != expected:
        problems.error(rel, 0, "nginx", "与 cms.yml 不一致（网页表单能连接的地址变了）", hint, code="cms-drift")


def check_schema_files(root: Path, site: Site, problems: Problems) -> None:
    """Editors' JSON Schemas under ``schema/`` (:mod:`showcase.generate.editor_schemas`) that are
    missing, stale or no longer generated."""
    hint = f"请运行 {editor_schemas.GENERATE_COMMAND} 重新生成，并把 schema/ 文件夹一起提交"
    expected = dict(editor_schemas.schema_files(site))
    for name, data in expected.items():
        rel = f"{editor_schemas.SCHEMA_DIR}/{name}"
        path = root / rel
        if not is_file(path, rel, problems):
            problems.error(
                rel, 0, "JSON Schema", f"找不到 {rel}（编辑器用它提示字段和错误）", hint, code="schema-drift"
            )
            continue
        actual = read_bytes(path, rel, problems)
        if actual is None:
            continue
        actual = actual.replace(b"\r\n", b"\n")
        if actual != data:
            line = next(
                (index + 1 for index, (a, b) in enumerate(zip(actual.split(b"\n"), data.split(b"\n"))) if a != b),
                min(actual.count(b"\n"), data.count(b"\n")) + 1,
            )
            problems.error(
                rel,
                line,
                "JSON Schema",
                f"与 showcase/load/schema.py 中的定义不一致（从第 {line} 行起不同）",
                hint,
                code="schema-drift",
            )
    folder = root / editor_schemas.SCHEMA_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*.schema.json")):
            if path.name not in expected:
                rel = f"{editor_schemas.SCHEMA_DIR}/{path.name}"
                problems.error(rel, 0, "JSON Schema", f"{rel} 已不再生成", "请删除这个文件", code="schema-drift")

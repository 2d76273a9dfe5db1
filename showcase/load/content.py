"""Load: the files under ``projects/``, ``schools/`` (and ``demo/`` for local previews) into a
:class:`~showcase.load.model.Site`, collecting every problem on the way.

Nothing is silently dropped: every file under ``schools/`` either becomes part of the site or is
reported.  Rules that need the whole site (unknown ids, duplicate titles) run after everything is
read, in :func:`check_site`.
"""

from __future__ import annotations

import re
from pathlib import Path

from showcase.check import gate
from showcase.check.bounds import check_markup
from showcase.check.rules import check_body, check_site
from showcase.config import site_config
from showcase.forking import PARALLEL_FROM, Background
from showcase.load import bureau, schema
from showcase.load.model import (
    Asset,
    Featured,
    Project,
    Rejected,
    School,
    Site,
    Submission,
)
from showcase.load.sources import (
    FILE,
    FOLDER,
    Entry,
    SourceText,
    YamlDoc,
    front_matter_of,
    is_file,
    is_folder,
    kind_of,
    lint_yaml_lines,
    list_folder,
    parse_yaml,
    read_text,
    report_kind,
)
from showcase.output import images
from showcase.problems import Problems, did_you_mean

#: Files that may sit beside submissions and are copied into the site as they are.
IMAGE_SUFFIXES = set(gate.IMAGE_FORMATS) | gate.CONVERT_FORMATS | gate.REFUSED_FORMATS
ATTACHMENT_SUFFIXES = {".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
#: Files editors and operating systems leave behind; never content.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}
#: Names a school's file cannot have: the site makes ``schools/<id>/index.md`` itself.
RESERVED_STEMS = {"index"}


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def load_site(root: Path, *, demo: bool = False, problems: Problems | None = None) -> tuple[Site, Problems]:
    """Read the whole content tree under ``root``; return the site and every problem found."""
    problems = problems if problems is not None else Problems()
    config = site_config(root)
    site = Site(demo=demo, name=config.name, nav=config.nav)
    _load_projects(root, site, problems)
    _load_schools(root, site, problems)
    taken = _load_submission_tree(root, root / "schools", site, problems, demo=False)
    if demo and is_folder(root / "demo", "demo", problems):
        _load_submission_tree(root, root / "demo", site, problems, demo=True, taken=taken)
    site.sort()
    check_site(site, problems)
    _load_featured(root, root / "featured.yml", site, problems)
    if demo and kind_of(root / "demo") == FOLDER:
        _load_featured(root, root / "demo" / "featured.yml", site, problems)
    bureau.load_bureau_files(root, site, problems)
    site.reindex()
    return site, problems


# --- projects and schools ---------------------------------------------------------------------


def _top_folder(root: Path, name: str, problems: Problems) -> bool:
    """True when ``root/name`` is a folder; a missing one, or a link or other thing in its place,
    is reported."""
    kind = kind_of(root / name)
    if kind in (None, FILE):
        what = "每个试点项目一个 .yml 文件" if name == "projects" else "每所学校一个文件夹"
        problems.error(
            name, 0, "文件夹", f"找不到 {name} 文件夹（{what}）", f"请从仓库恢复 {name} 文件夹", code="missing-folder"
        )
    report_kind(kind, name, problems)
    return kind == FOLDER


def _load_projects(root: Path, site: Site, problems: Problems) -> None:
    folder = root / "projects"
    if not _top_folder(root, "projects", problems):
        return
    orders: dict[int, str] = {}
    for entry in list_folder(folder, root, problems, recursive=False):
        path, rel = entry.path, entry.rel
        if path.name in IGNORED_NAMES:
            continue
        if path.suffix == ".yaml" or path.suffix != ".yml" or entry.is_folder:
            problems.error(
                rel,
                0,
                "文件名",
                "projects 文件夹里只能放试点项目的 .yml 文件",
                f"请把它改名为 {path.stem}.yml 或移出这个文件夹",
                code="unexpected-file",
            )
            continue
        if not schema.is_valid_id(path.stem):
            problems.error(
                rel,
                0,
                "文件名",
                f"项目编号“{path.stem}”只能用小写英文字母、数字和连字符",
                f"例如改名为 {schema.suggest_id(path.stem) or 'project-name'}.yml",
                code="invalid-id",
            )
            continue
        data, doc = bureau.load_yaml_file(path, _rel(path, root), schema.ProjectFile, problems, "项目文件")
        if data is None:
            continue
        if data.order in orders:
            problems.error(
                rel,
                doc.line(("order",)),
                "order",
                f"序号 {data.order} 与 {orders[data.order]} 重复",
                "每个项目的序号要不同",
                code="duplicate-order",
            )
        orders[data.order] = rel
        seen: set[str] = set()
        for index, school_id in enumerate(data.schools):
            if school_id in seen:
                problems.error(
                    rel,
                    doc.line(("schools", index)),
                    f"schools[{index + 1}]",
                    f"学校“{school_id}”列了两次",
                    "请删除重复的一行",
                    code="duplicate-school",
                )
            seen.add(school_id)
        site.projects[path.stem] = Project(
            path.stem,
            data.order,
            data.name,
            tuple(data.contents),
            tuple(dict.fromkeys(data.schools)),
            rel,
            doc,
            tuple(dict.fromkeys(data.required_each_year)),
        )


def _load_schools(root: Path, site: Site, problems: Problems) -> None:
    folder = root / "schools"
    if not _top_folder(root, "schools", problems):
        return
    for entry in list_folder(folder, root, problems, recursive=False):
        path, rel = entry.path, entry.rel
        if path.name in IGNORED_NAMES:
            continue
        if not entry.is_folder:
            problems.error(
                rel,
                0,
                "位置",
                "文件不能直接放在 schools 文件夹下，要放进本校的文件夹",
                f"请移到 schools/<本校编号>/{path.name}",
                code="misplaced-file",
            )
            continue
        if not schema.is_valid_id(path.name):
            problems.error(
                rel,
                0,
                "文件夹名",
                f"学校编号“{path.name}”只能用小写英文字母、数字和连字符",
                f"例如 {schema.suggest_id(path.name) or 'school-name'}",
                code="invalid-id",
            )
            continue
        school_file = path / "school.yml"
        if not is_file(school_file, _rel(school_file, root), problems):
            site.broken_school_ids.add(path.name)
            if kind_of(school_file) not in (None, FOLDER):
                continue  # a link or other thing in its place, reported
            problems.error(
                rel,
                0,
                "school.yml",
                f"学校文件夹“{path.name}”里缺少 school.yml",
                "请从其他学校的文件夹复制一份 school.yml 并改成本校信息",
                code="missing-school-file",
            )
            continue
        data, _ = bureau.load_yaml_file(school_file, _rel(school_file, root), schema.SchoolFile, problems, "学校文件")
        if data is None:
            site.broken_school_ids.add(path.name)
            continue
        site.schools[path.name] = School(
            path.name, data.name, data.district, data.website, tuple(data.editors), _rel(school_file, root)
        )


def _load_featured(root: Path, path: Path, site: Site, problems: Problems) -> None:
    """The bureau's list of typical cases: ids in order, each with a short recommendation."""
    rel = _rel(path, root)
    if not is_file(path, rel, problems):
        return
    source = read_text(path, rel, problems)
    if not source.ok or lint_yaml_lines(source.text, rel, problems, what="推荐列表"):
        return
    doc = parse_yaml(source.text, rel, problems, what="推荐列表")
    if doc is None or doc.data is None:
        return
    if not isinstance(doc.data, list):
        problems.error(
            rel,
            doc.line(()),
            "推荐列表",
            "推荐列表应该是以“- id: …”开头的若干项",
            "请参照文件开头的注释填写",
            code="not-a-list",
        )
        return
    by_id = {s.id: s for s in site.submissions}
    rejected_paths = {f"{r.school_id}/{Path(r.path).stem}": r.path for r in site.rejected}
    seen = {f.submission.id for f in site.featured}
    for index, raw in enumerate(doc.data):
        item_doc = YamlDoc(raw, {loc[1:]: line for loc, line in doc.lines.items() if loc[:1] == (index,)})
        item_doc.lines.setdefault((), doc.line((index,)))
        entry = schema.validate(schema.FeaturedEntry, item_doc, rel, problems, what=f"第 {index + 1} 项")
        if entry is None:
            continue
        line = doc.line((index, "id"))
        submission = by_id.get(entry.id)
        if submission is None:
            _report_unknown_featured(entry.id, by_id, rejected_paths, site.broken_school_ids, rel, line, problems)
            continue
        if entry.id in seen:
            problems.error(
                rel, line, "id", f"材料“{entry.id}”推荐了两次", "请删除重复的一项", code="duplicate-featured"
            )
            continue
        seen.add(entry.id)
        site.featured.append(Featured(submission, entry.reason))


def featured_id_of(written: str) -> str:
    """What a bureau member most likely meant by an id written as a path or an address:
    ``schools/x/2019-y.md``, ``x/2019-y.md``, ``./schools/x/2019-y``, ``schools\\x\\2019-y.md``,
    the page address ``https://…/schools/x/2019-y/`` → ``x/2019-y``."""
    text = written.strip().replace("\\", "/")
    text = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "", text)  # the site's address
    text = text.split("#", 1)[0].split("?", 1)[0].strip("/")
    parts = [part for part in text.split("/") if part and part != "."]
    for at in range(len(parts) - 3, -1, -1):  # …/schools/<school>/<name>: what follows the last "schools"
        if parts[at] == "schools":
            parts = parts[at + 1 :]
            break
    if parts and parts[-1] in ("index.md", "index.html"):
        parts = parts[:-1]
    if parts and parts[-1].lower().endswith(".md"):
        parts[-1] = parts[-1][:-3]
    return "/".join(parts[-2:])


def _report_unknown_featured(
    written: str,
    by_id: dict[str, Submission],
    rejected_paths: dict[str, str],
    broken_school_ids: set[str],
    rel: str,
    line: int,
    problems: Problems,
) -> None:
    """An id of ``featured.yml`` that names no published submission: say why, and what to write."""
    meant = featured_id_of(written)
    if "/" not in meant:  # the file name alone: the school is clear when only one has such a file
        same_name = [known for known in by_id if known.split("/", 1)[1] == meant]
        meant = same_name[0] if len(same_name) == 1 else meant
    school_part = meant.split("/", 1)[0] if "/" in meant else ""
    waiting_on = rejected_paths.get(written) or rejected_paths.get(meant)
    if waiting_on is None and school_part in broken_school_ids:
        waiting_on = f"schools/{school_part}/school.yml"
    if waiting_on and meant not in by_id:
        # The school's file is at fault, not this list (which the school cannot edit): the errors
        # are reported on that file, and the entry waits for it.
        problems.warning(
            rel,
            line,
            "id",
            f"推荐的材料“{meant}”暂不能发布：{waiting_on} 还有错误（见该文件的错误说明）",
            "该校修正后，这篇材料会自动列入典型案例；"
            + (f"另外，编号请写成 {meant}" if meant != written else "本文件无需修改"),
            code="featured-waiting",
        )
    elif meant in by_id:
        # A path or an address of a case that exists: the fix is that case's id, exactly.
        problems.error(
            rel,
            line,
            "id",
            f"材料编号“{written}”的写法不对：编号是“学校编号/文件名”，不带 schools/、.md 或网址",
            f"请写成 {meant}",
            code="unknown-featured",
        )
    else:
        problems.error(
            rel,
            line,
            "id",
            f"找不到编号为“{written}”的材料",
            did_you_mean(meant, by_id)
            or "编号是“学校编号/文件名”，如 weisheng/2018-zhengai-baogao；每篇材料的页面上写着它的案例编号",
            code="unknown-featured",
        )


# --- submissions ------------------------------------------------------------------------------


def _load_each(
    paths: list[tuple[Path, str]], root: Path, demo: bool
) -> list[tuple[Submission | Rejected | None, list]]:
    out = []
    for path, school_id in paths:
        problems = Problems()
        out.append((load_submission(path, root, school_id, problems, demo=demo), list(problems)))
    return out


def _preload(listings: dict[Path, list[Entry]], root: Path, site: Site, demo: bool) -> dict[Path, tuple]:
    """For many submissions: what :func:`load_submission` gives for each (result, problems),
    half of them computed in a forked process.  The caller replays them in file order, so the
    problems come out exactly as in a serial run."""
    paths = [
        (entry.path, school_dir.name)
        for school_dir, entries in listings.items()
        if school_dir.name in site.schools
        for entry in entries
        if not entry.is_folder and entry.path.parent == school_dir and entry.path.suffix.lower() in MARKDOWN_SUFFIXES
    ]
    if len(paths) < PARALLEL_FROM:
        return {}
    half = len(paths) // 2
    first = Background("读取材料", _load_each, paths[:half], root, demo)
    second = _load_each(paths[half:], root, demo)
    return {path: result for (path, _), result in zip(paths, first.result() + second)}


def _load_submission_tree(
    root: Path, tree: Path, site: Site, problems: Problems, *, demo: bool, taken: set[str] = frozenset()
) -> set[str]:
    """Load the files of every school folder in ``tree``; return the site paths they take.

    A sample file (``demo``) whose site path a school's own file takes already is left out, with a
    warning: the school's file wins, and the local preview still builds.
    """
    used: set[str] = set()
    if kind_of(tree) != FOLDER:
        return used
    # The top of schools/ was listed (and its oddities reported) by _load_schools.
    school_dirs = [
        entry.path
        for entry in list_folder(tree, root, problems if demo else None, recursive=False)
        if entry.is_folder and not (demo and entry.path.name in bureau.DEMO_BUREAU_DIRS)
    ]
    listings = {school_dir: list_folder(school_dir, root, problems) for school_dir in school_dirs}
    preloaded = _preload(listings, root, site, demo)
    for school_dir in school_dirs:
        school_id = school_dir.name
        if school_id not in site.schools:
            if demo:
                problems.error(
                    _rel(school_dir, root),
                    0,
                    "文件夹名",
                    f"示例内容的学校“{school_id}”不存在",
                    did_you_mean(school_id, site.schools) or "示例文件夹要与 schools/ 下的学校文件夹同名",
                    code="unknown-school",
                )
            # A school folder without a valid school.yml was reported already; its files are
            # still listed below so that none of them goes unmentioned.
        for entry in listings[school_dir]:
            path, rel = entry.path, entry.rel
            if entry.is_folder or path.name in IGNORED_NAMES or path.name == "school.yml" and path.parent == school_dir:
                continue
            suffix = path.suffix.lower()
            top_markdown = suffix in MARKDOWN_SUFFIXES and path.parent == school_dir
            key = f"schools/{school_id}/{path.stem if top_markdown else path.relative_to(school_dir).as_posix()}{'.md' if top_markdown else ''}"
            if key in taken:
                problems.warning(
                    rel,
                    0,
                    "示例",
                    f"示例文件与学校自己的文件同名（网址都是 {key}），本地预览只显示学校的文件",
                    "无需处理；要预览这个示例，请给学校的文件改名",
                    code="demo-shadowed",
                )
                continue
            used.add(key)
            if suffix in MARKDOWN_SUFFIXES:
                if path.parent != school_dir:
                    problems.error(
                        rel,
                        0,
                        "位置",
                        "材料（.md 文件）要直接放在学校文件夹下，不能放进子文件夹",
                        f"请移到 {_rel(school_dir, root)}/{path.name}；图片可以放在子文件夹里",
                        code="misplaced-file",
                    )
                    continue
                if path.stem.lower() in RESERVED_STEMS:
                    problems.error(
                        rel,
                        0,
                        "文件名",
                        f"文件名“{path.name}”留给网站自动生成的学校主页，不能用作材料的文件名",
                        "请改成“年份加拼音”的名字，如 2018-xuexiao-jieshao.md",
                        code="reserved-name",
                    )
                    continue
                if school_id not in site.schools:
                    problems.error(
                        rel,
                        0,
                        "学校",
                        f"这篇材料所在的学校文件夹“{school_id}”没有有效的 school.yml，材料无法发布",
                        "请先修正该文件夹的 school.yml",
                        code="unknown-school",
                    )
                    continue
                if path in preloaded:
                    submission, found = preloaded.pop(path)
                    problems.extend(found)
                else:
                    submission = load_submission(path, root, school_id, problems, demo=demo)
                if isinstance(submission, Submission):
                    site.submissions.append(submission)
                elif isinstance(submission, Rejected):
                    site.rejected.append(submission)
            elif suffix in IMAGE_SUFFIXES or suffix in ATTACHMENT_SUFFIXES:
                # A file that fails the gate is reported and left out; the build fails anyway.
                uri = f"schools/{school_id}/{path.relative_to(school_dir).as_posix()}"
                if gate.check_asset(rel, path, problems) and images.check_image(rel, path, problems):
                    site.assets.append(Asset(uri, path, demo))
                else:
                    site.withheld_files.add(uri)
            elif suffix in (".yml", ".yaml") and path.parent == school_dir:
                problems.error(
                    rel,
                    0,
                    "文件名",
                    "学校文件夹里的信息文件只能叫 school.yml",
                    "请改名为 school.yml，或删除多余的文件",
                    code="unexpected-file",
                )
            else:
                problems.error(
                    rel,
                    0,
                    "文件类型",
                    f"不支持的文件类型“{path.suffix or '无扩展名'}”，它不会出现在网站上",
                    "材料请写成 .md 文件；图片用 .jpg/.png/.webp；附件用 .pdf/.docx/.xlsx/.pptx",
                    code="unsupported-file",
                )
    return used


def load_submission(
    path: Path, root: Path, school_id: str, problems: Problems, *, demo: bool = False
) -> Submission | Rejected | None:
    """Read and validate one submission file and report its problems.

    Returns the submission, or a :class:`Rejected` record when the front matter parsed but is
    invalid (so that site-wide rules can still check it), or None when it could not be parsed.
    """
    rel = _rel(path, root)
    gate.check_markdown_name(rel, path, problems, "2018-zhengai-baogao.md", "年份加拼音")
    if path.suffix != ".md":
        problems.error(
            rel, 0, "文件名", f"扩展名“{path.suffix}”请统一写成小写的 .md", f"请改名为 {path.stem}.md", code="file-name"
        )
    source: SourceText = read_text(path, rel, problems)
    if not source.ok:
        return None
    gate.check_personal_data(rel, source.text, problems)
    how = (
        "文件第一行必须是三个英文减号 ---，然后是 title、project 等字段，再以 --- 结束；请参照 templates/submission.md"
    )
    front = front_matter_of(source.text, rel, problems, how)
    if front is None:
        return None
    # A body beyond the bounds is reported and never read further (nor rendered).
    bounded = source.bounded and check_markup(front.body, front.body_first_line, rel, problems)
    if bounded:
        check_body(front.body, front.body_first_line, rel, problems)
    doc = None
    if not lint_yaml_lines(front.yaml_text, rel, problems, first_line=front.yaml_first_line):
        doc = parse_yaml(front.yaml_text, rel, problems, first_line=front.yaml_first_line)
    meta = schema.validate(schema.SubmissionMeta, doc, rel, problems) if doc is not None else None
    if meta is not None and meta.name and path.stem != f"{meta.date.year}-{meta.name}":
        # The web form names the file after the date's year and this short name; a file renamed
        # later would keep a name that no longer says where it is.
        problems.error(
            rel,
            doc.line(("name",)),
            "name",
            f"短名“{meta.name}”与文件名“{path.stem}”不一致（网页表单按“年份-短名”命名文件）",
            f"请把 name 改成文件名中年份后面的部分，或删去 name 这一行（文件名应为 {meta.date.year}-{meta.name}.md）",
            code="name-mismatch",
        )
        meta = None
    if meta is None or not bounded:
        # Still checked for images and links (check_references), so that one run lists every problem.
        return Rejected(school_id, rel, doc, front.body, front.body_first_line, bounded)
    return Submission(school_id, path.stem, rel, meta, front.body, front.body_first_line, demo, doc)

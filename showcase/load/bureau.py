"""Load the bureau's own files: news items (``news/*.md``) and the assessment years
(``assessment.yml``), collecting every problem the same way as for the schools' files.

Sample news for local previews sits in ``demo/news/`` and is marked ``demo``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from showcase.check import gate
from showcase.check.bounds import check_markup
from showcase.load import schema
from showcase.load.model import Assessment, Asset, CompilationSettings, NewsItem, Site
from showcase.load.sources import (
    front_matter_of,
    is_file,
    is_folder,
    lint_yaml_lines,
    list_folder,
    parse_yaml,
    read_text,
)
from showcase.output import images
from showcase.problems import Problems

#: The bureau's news folder, and the file that explains it (not a news item).
NEWS_DIR = "news"
NEWS_README = "README.md"
ASSESSMENT_FILE = "assessment.yml"
SYNONYMS_FILE = "synonyms.yml"
COMPILATION_DIR = "compilation"
#: Folders of ``demo/`` that hold bureau samples, not a school's submissions.
DEMO_BUREAU_DIRS = frozenset({NEWS_DIR})

_IMAGE_SUFFIXES = set(gate.IMAGE_FORMATS) | gate.CONVERT_FORMATS | gate.REFUSED_FORMATS
_IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}


def load_bureau_files(root: Path, site: Site, problems: Problems) -> None:
    """Add the news and the assessment years to ``site``; report problems to ``problems``."""
    site.assessment = load_assessment(root, problems)
    site.synonyms = load_synonyms(root, problems)
    site.compilation = load_compilation_settings(root, problems)
    site.news.extend(load_news(root, root / NEWS_DIR, site, problems, demo=False))
    if site.demo:
        site.news.extend(load_news(root, root / "demo" / NEWS_DIR, site, problems, demo=True))
    site.news.sort(key=lambda n: (-n.date.toordinal(), n.stem))
    stems: dict[str, str] = {}
    for item in sorted(site.news, key=lambda n: n.path):
        if item.stem in stems:
            problems.error(
                item.path,
                0,
                "文件名",
                f"与 {stems[item.stem]} 同名，网址会冲突",
                "请给其中一个文件改名",
                code="duplicate-news",
            )
        stems.setdefault(item.stem, item.path)


def load_assessment(root: Path, problems: Problems, today: dt.date | None = None) -> Assessment:
    """The assessment years from ``assessment.yml``; defaults (2017 to this year) when absent."""
    this_year = (today or dt.date.today()).year
    path = root / ASSESSMENT_FILE
    if not is_file(path, ASSESSMENT_FILE, problems):
        return Assessment(this_year=this_year)
    rel = ASSESSMENT_FILE
    source = read_text(path, rel, problems)
    if not source.ok or lint_yaml_lines(source.text, rel, problems, what="考核设置"):
        return Assessment(this_year=this_year)
    doc = parse_yaml(source.text, rel, problems, what="考核设置")
    if doc is None:
        return Assessment(this_year=this_year)
    data = schema.validate(schema.AssessmentFile, doc, rel, problems, what="考核设置")
    if data is None:
        return Assessment(this_year=this_year)
    chosen = data.this_year or this_year
    if chosen < data.first_year:
        problems.error(
            rel,
            doc.line(("this_year",)),
            "this_year",
            f"本年度 {chosen} 早于考核起始年 {data.first_year}",
            "请把 this_year 改为不早于 first_year 的年份，或留空（表示当前年份）",
            code="invalid-year",
        )
        return Assessment(this_year=this_year)
    return Assessment(first_year=data.first_year, this_year=chosen)


def load_synonyms(root: Path, problems: Problems) -> tuple[tuple[str, ...], ...]:
    """The search's synonym groups from ``synonyms.yml`` (none when the file is absent).

    A term may stand in one group only (else a query could not tell which group it means): a
    repeated term is reported at its line, with the line of its first group."""
    path = root / SYNONYMS_FILE
    if not path.exists() and not path.is_symlink():
        return ()
    if not is_file(path, SYNONYMS_FILE, problems):
        return ()
    rel = SYNONYMS_FILE
    source = read_text(path, rel, problems)
    if not source.ok or lint_yaml_lines(source.text, rel, problems, what="同义词表"):
        return ()
    doc = parse_yaml(source.text, rel, problems, what="同义词表")
    if doc is None:
        return ()
    data = schema.validate(schema.SynonymsFile, doc, rel, problems, what="同义词表")
    if data is None:
        return ()
    first: dict[str, tuple[int, int]] = {}
    groups: list[tuple[str, ...]] = []
    clean = True
    for g, group in enumerate(data.groups):
        for t, term in enumerate(group):
            key = term.casefold()
            if key in first and first[key][0] != g:
                problems.error(
                    rel,
                    doc.line(("groups", g, t)),
                    f"groups[{g + 1}]",
                    f"“{term}”已经在第 {first[key][1]} 行的一组里，一个词只能属于一组",
                    "请把两组合并成一组，或删去其中一处",
                    code="duplicate-synonym",
                )
                clean = False
            first.setdefault(key, (g, doc.line(("groups", g, t))))
        groups.append(tuple(dict.fromkeys(group)))
    return tuple(groups) if clean else ()


def load_compilation_settings(root: Path, problems: Problems) -> CompilationSettings:
    """Cover fields from ``compilation/compilation.yml`` and the preface ``compilation/preface.md``."""
    folder = root / COMPILATION_DIR
    fields: dict[str, str] = {}
    settings = folder / "compilation.yml"
    if not is_folder(folder, COMPILATION_DIR, problems):
        return CompilationSettings()
    list_folder(folder, root, problems)  # reports a link or other odd thing anywhere in it
    if is_file(settings, f"{COMPILATION_DIR}/compilation.yml", problems):
        rel = f"{COMPILATION_DIR}/compilation.yml"
        source = read_text(settings, rel, problems)
        if source.ok and not lint_yaml_lines(source.text, rel, problems, what="汇编设置"):
            doc = parse_yaml(source.text, rel, problems, what="汇编设置")
            data = (
                schema.validate(schema.CompilationFile, doc, rel, problems, what="汇编设置")
                if doc is not None
                else None
            )
            if data is not None:
                fields = data.model_dump()
    preface = ""
    preface_path = folder / "preface.md"
    if is_file(preface_path, f"{COMPILATION_DIR}/preface.md", problems):
        source = read_text(preface_path, f"{COMPILATION_DIR}/preface.md", problems)
        if source.ok and source.bounded and check_markup(source.text, 1, source.path, problems):
            preface = source.text.strip()
    return CompilationSettings(**fields, preface=preface)


def load_news(root: Path, folder: Path, site: Site, problems: Problems, *, demo: bool) -> list[NewsItem]:
    """Every news item in ``folder`` (images beside them become assets); problems reported."""
    if not is_folder(folder, folder.relative_to(root).as_posix(), problems):
        return []
    items: list[NewsItem] = []
    for entry in list_folder(folder, root, problems):
        path, rel = entry.path, entry.rel
        if entry.is_folder or path.name in _IGNORED:
            continue
        suffix = path.suffix.lower()
        if suffix in _IMAGE_SUFFIXES:
            uri = f"{NEWS_DIR}/{path.relative_to(folder).as_posix()}"
            if gate.check_asset(rel, path, problems) and images.check_image(rel, path, problems):
                site.assets.append(Asset(uri, path, demo))
            else:
                site.withheld_files.add(uri)
            continue
        if suffix != ".md" or path.parent != folder:
            problems.error(
                rel,
                0,
                "文件",
                "news 文件夹里只能放新闻（.md 文件）和图片（可放在子文件夹里）",
                "请把新闻写成 news/<日期-拼音>.md，如 news/2018-03-01-liehui.md",
                code="unexpected-file",
            )
            continue
        if path.name == NEWS_README:
            continue
        if path.stem == "index":
            problems.error(
                rel,
                0,
                "文件名",
                "文件名“index.md”留给网站自动生成的新闻列表页，不能用作新闻的文件名",
                "请改成“日期加拼音”的名字，如 news/2018-03-01-liehui.md",
                code="reserved-name",
            )
            continue
        item = load_news_item(path, root, problems, demo=demo)
        if item is not None:
            items.append(item)
    return items


def load_news_item(path: Path, root: Path, problems: Problems, *, demo: bool = False) -> NewsItem | None:
    """Read and validate one news file; None (with its problems reported) when invalid."""
    rel = path.relative_to(root).as_posix()
    ok = gate.check_markdown_name(rel, path, problems, "2018-03-01-liehui.md", "日期加拼音")
    source = read_text(path, rel, problems)
    if not source.ok:
        return None
    # News is published like a case: the same rules for personal data and unsafe markup.
    gate.check_personal_data(rel, source.text, problems)
    how = "第一行写 ---，然后是 title、date、kind、summary 四个字段，再以 --- 结束；请参照 news/README.md"
    front = front_matter_of(source.text, rel, problems, how)
    if front is None:
        return None
    if lint_yaml_lines(front.yaml_text, rel, problems, first_line=front.yaml_first_line):
        return None
    doc = parse_yaml(front.yaml_text, rel, problems, first_line=front.yaml_first_line)
    if doc is None:
        return None
    meta = schema.validate(schema.NewsMeta, doc, rel, problems)
    bounded = source.bounded and check_markup(front.body, front.body_first_line, rel, problems)
    if bounded:
        gate.check_raw_html(rel, front.body, front.body_first_line, problems)
    if meta is None or not ok or not bounded:
        return None
    return NewsItem(
        path.stem, rel, meta.title, meta.date, meta.kind, meta.summary, front.body, demo, front.body_first_line
    )

"""Load the bureau's own files: news items (``news/*.md``), the pilot period (``assessment.yml``),
who runs the site (``site.yml``) and the web form's Git host (``cms.yml``), collecting every
problem the same way as for the schools' files.

Sample news for local previews sits in ``demo/news/`` and is marked ``demo``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

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
CMS_FILE = "cms.yml"
SITE_FILE = "site.yml"
COMPILATION_DIR = "compilation"
#: Folders of ``demo/`` that hold bureau samples, not a school's submissions.
DEMO_BUREAU_DIRS = frozenset({NEWS_DIR})

_IMAGE_SUFFIXES = set(gate.IMAGE_FORMATS) | gate.CONVERT_FORMATS | gate.REFUSED_FORMATS
_IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}


def load_bureau_files(root: Path, site: Site, problems: Problems) -> None:
    """Add the news and the pilot period to ``site``; report problems to ``problems``."""
    site.assessment = load_assessment(root, problems)
    site.synonyms = load_synonyms(root, problems)
    site.compilation = load_compilation_settings(root, problems)
    site.cms = load_cms_settings(root, problems)
    site.info = load_site_info(root, problems)
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


def load_yaml_file(path: Path, rel: str, model: type, problems: Problems, what: str):
    """A YAML file read, linted, parsed and checked against ``model``: ``(data, doc)``, data None
    (and doc too, unless the file parsed) when a problem was reported."""
    source = read_text(path, rel, problems)
    if not source.ok or lint_yaml_lines(source.text, rel, problems, what=what):
        return None, None
    doc = parse_yaml(source.text, rel, problems, what=what)
    if doc is None:
        return None, None
    return schema.validate(model, doc, rel, problems, what=what), doc


def load_assessment(root: Path, problems: Problems) -> Assessment:
    """The pilot period from ``assessment.yml``; the notice's 2017–2018 when the file or a year is absent."""
    path = root / ASSESSMENT_FILE
    if not is_file(path, ASSESSMENT_FILE, problems):
        return Assessment()
    data, _ = load_yaml_file(path, ASSESSMENT_FILE, schema.AssessmentFile, problems, "试点期设置")
    if data is None:
        return Assessment()
    return Assessment(first_year=data.first_year, last_year=data.last_year)


def load_site_info(root: Path, problems: Problems) -> schema.SiteFile:
    """Who runs the site, from ``site.yml``; nothing (every value empty) when it is absent or
    invalid, so that a mistake never puts a wrong registration number on every page."""
    path = root / SITE_FILE
    if not is_file(path, SITE_FILE, problems):
        return schema.SiteFile()
    source = read_text(path, SITE_FILE, problems)
    if not source.ok or lint_yaml_lines(source.text, SITE_FILE, problems, what="网站信息"):
        return schema.SiteFile()
    doc = parse_yaml(source.text, SITE_FILE, problems, what="网站信息")
    if doc is not None and isinstance(doc.data, dict):
        doc.data.update(_numbers_as_written(source.text))
    data = schema.validate(schema.SiteFile, doc, SITE_FILE, problems, what="网站信息") if doc is not None else None
    if data is None or any(problem.path == SITE_FILE for problem in problems.errors):
        return schema.SiteFile()  # e.g. a key written twice: the file is to be corrected first
    return data


_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _numbers_as_written(text: str) -> dict[str, str]:
    """Top-level values that YAML reads as numbers, as the bureau wrote them: every value of
    ``site.yml`` is text, and a postcode written 030000 is not the octal number 12288.  (The text
    has been parsed once already, with its anchors, tags and size checked.)"""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        key.value: value.value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and value.tag in _NUMBER_TAGS
    }


def load_cms_settings(root: Path, problems: Problems) -> schema.CmsFile:
    """The web form's Git host from ``cms.yml``; without the file (or with an error in it, which
    is reported) the form works on this computer only."""
    path = root / CMS_FILE
    if not is_file(path, CMS_FILE, problems):
        return schema.CmsFile()
    data, _ = load_yaml_file(path, CMS_FILE, schema.CmsFile, problems, "网页表单设置")
    return data if isinstance(data, schema.CmsFile) else schema.CmsFile()


def load_synonyms(root: Path, problems: Problems) -> tuple[tuple[str, ...], ...]:
    """The search's synonym groups from ``synonyms.yml`` (none when the file is absent).

    A term may stand in one group only (else a query could not tell which group it means): a
    repeated term is reported at its line, with the line of its first group."""
    path = root / SYNONYMS_FILE
    if not is_file(path, SYNONYMS_FILE, problems):
        return ()
    rel = SYNONYMS_FILE
    data, doc = load_yaml_file(path, rel, schema.SynonymsFile, problems, "同义词表")
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
        data, _ = load_yaml_file(settings, rel, schema.CompilationFile, problems, "汇编设置")
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

"""Lay out the compilation as one HTML document, for the PDF (WeasyPrint, CSS paged media) and,
in a plainer form, for the Word file (pandoc reads it).

Each case's Markdown is converted with the same extensions the site uses and its images pointed
at the files on disk.  Footnotes close each case in the PDF (注释); for Word they become inline
``<span class="fn">`` elements, which pandoc's filter turns into real Word footnotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

import markdown

from showcase.generate.render import SUBMISSION_EXTENSIONS, sanitize
from showcase.output.compile.editions import SCREEN, Edition, EditionImage, edition_image, printed_size_mm
from showcase.output.compile.gather import Case, Compilation, rebase_markdown
from showcase.output.images import image_size

#: The Markdown extensions of mkdocs.yml that can appear in a submission (permalinks left out).
EXTENSIONS = list(SUBMISSION_EXTENSIONS)

STYLESHEET = Path(__file__).with_name("compilation.css")

CHINESE_NUMERALS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (for case numbers up to 99)."""
    if n < 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_NUMERALS[tens]) + "十" + (CHINESE_NUMERALS[ones] if ones else "")


@dataclass(frozen=True)
class Target:
    """What the HTML is for: ``pdf`` (file URIs, paged-media markup) or ``word`` (plain paths,
    each image given its printed size), and the edition whose image copies it embeds (made in
    ``cache_dir``; without one, the original files, for tests of the layout alone)."""

    name: str
    edition: Edition = SCREEN
    cache_dir: Path | None = None

    def image(self, path: Path) -> EditionImage:
        if self.cache_dir is None:
            return EditionImage(path, *printed_size_mm(*(image_size(path) or (1, 1))))
        return edition_image(path, self.edition, self.cache_dir)

    def image_src(self, path: Path) -> str:
        return path.as_uri() if self.name == "pdf" else str(path)


PDF = Target("pdf")


def markdown_to_html(text: str, files: frozenset[str] = frozenset()) -> str:
    """A school's Markdown as HTML for the printed editions, through the same allow-list as the
    site (no script, no outside image for the PDF renderer to fetch); ``files`` are the local
    image addresses the compilation itself put in."""
    html = markdown.Markdown(extensions=EXTENSIONS, output_format="html").convert(text)
    return sanitize(html, None, trusted_urls=files)[0]


_FOOTNOTE_REF = re.compile(r'<sup id="fnref\d*:([^"]+)"><a class="footnote-ref" href="#fn:[^"]+">[^<]*</a></sup>')
_FOOTNOTE_BLOCK = re.compile(r'<div class="footnote">.*?</div>\s*$', re.S)
_FOOTNOTE_ITEM = re.compile(r'<li id="fn:([^"]+)">(.*?)</li>', re.S)
_BACKREF = re.compile(r'\s*(?:&#160;|&nbsp;|\xa0)?<a class="footnote-backref"[^>]*>.*?</a>', re.S)


def inline_footnotes(html: str) -> str:
    """Python-Markdown's end-of-document footnotes as ``<span class="fn">`` at each reference."""
    block = _FOOTNOTE_BLOCK.search(html)
    if not block:
        return html
    notes = {}
    for label, content in _FOOTNOTE_ITEM.findall(block.group(0)):
        content = _BACKREF.sub("", content).strip()
        # A note is usually one paragraph; several become one run of text with breaks.
        content = re.sub(r"</p>\s*<p>", "<br/>", content)
        content = re.sub(r"^<p>|</p>$", "", content.strip())
        notes[label] = content
    html = html[: block.start()]
    return _FOOTNOTE_REF.sub(lambda m: f'<span class="fn">{notes.get(m.group(1), "")}</span>', html)


def case_body_html(case: Case, compilation: Compilation, target: Target) -> str:
    """A case's body as HTML, its images pointing at files and its footnotes inline."""
    submission = case.submission

    images: dict[str, EditionImage] = {}

    def rewrite(uri: str) -> str:
        path, _, _ = uri.partition("#")
        if path in compilation.images:
            image = target.image(compilation.images[path])
            src = target.image_src(image.path)
            images[src] = image
            return src
        return "#"  # a link to another page of the site means nothing on paper

    text = rebase_markdown(submission.body.strip(), submission.uri, rewrite, footnote_prefix=f"c{case.number}-")
    html = markdown_to_html(text, frozenset(images))
    if target.name == "word":
        # Word is told each image's printed size (pandoc reads it from these attributes), the
        # size the PDF's stylesheet gives it, so both editions lay out the same.
        return inline_footnotes(_IMG_SRC.sub(lambda m: m.group(0) + _word_size(images.get(unescape(m.group(2)))), html))
    # On paper the notes close each case (WeasyPrint's page footnotes can be pushed past the
    # forced page break into the next case); the "back" arrows mean nothing in print.
    return _BACKREF.sub("", html)


_IMG_SRC = re.compile(r'<img\b([^>]*?)\ssrc="([^"]*)"')


def _word_size(image: EditionImage | None) -> str:
    return f' width="{image.width_mm}mm" height="{image.height_mm}mm"' if image else ""


def _case_header(case: Case, target: Target) -> str:
    s = case.submission
    rows = [
        ("学校", f'<span class="case-school">{escape(case.school.name)}</span>'),
        ("试点项目", escape(case.project.name)),
        ("类型", escape(s.type)),
        ("日期", f"{s.date.year}年{s.date.month}月{s.date.day}日"),
        ("作者", escape("、".join(s.meta.authors))),
    ]
    if target.name == "pdf":
        meta = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
        head = (
            f'<p class="case-kicker">典型案例{chinese_number(case.number)}</p>'
            f'<h1 class="case-title" id="{case.anchor}">{escape(s.title)}</h1><table class="case-meta">{meta}</table>'
        )
    else:
        # Word: plain paragraphs in one style, which the bureau can restyle in one place.
        meta = "".join(f"<p>{label}：{value}</p>" for label, value in rows)
        head = f'<h1 id="{case.anchor}">{escape(s.title)}</h1><div custom-style="Case Meta">{meta}</div>'
    return (
        head
        + f'<div class="case-reason" custom-style="Recommendation"><p><strong>推荐语</strong>　{escape(case.featured.reason)}</p></div>'
        f'<div class="case-summary" custom-style="Summary"><p><strong>摘要</strong>　{escape(s.meta.summary)}</p></div>'
    )


def build_html(compilation: Compilation, target: Target = PDF, progress: Callable[[str], None] = lambda _: None) -> str:
    """The whole compilation as one HTML document."""
    settings = compilation.settings
    title = escape(compilation.title)
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        f'<meta name="author" content="{escape(settings.issuer)}">' if settings.issuer else "",
        '<meta name="generator" content="showcase compile">',
        "</head>",
        f'<body class="{"demo" if compilation.demo else ""}">',
    ]
    if target.name == "pdf":
        demo_stamp = (
            (
                '<p class="cover-demo">示例 · 演示用，不是正式汇编</p>'
                '<p class="cover-demo-note">本汇编由示例推荐列表生成，收录的都是演示用的示例材料，不是学校提交的材料，所述做法与数据均为虚构。</p>'
            )
            if compilation.demo
            else ""
        )
        parts.append(
            '<section class="cover">'
            + (f'<p class="cover-subtitle">{escape(settings.subtitle)}</p>' if settings.subtitle else "")
            + f'<h1 class="cover-title">{escape(settings.title)}</h1>'
            + demo_stamp
            + f'<p class="cover-count">收录典型案例 {len(compilation.cases)} 篇</p>'
            + (f'<p class="cover-issuer">{escape(settings.issuer)}</p>' if settings.issuer else "")
            + (f'<p class="cover-date">{escape(settings.date)}</p>' if settings.date else "")
            + "</section>"
        )
    if compilation.demo and target.name == "word":
        parts.append(
            '<div class="demo-notice" custom-style="Demo Notice"><p><strong>示例</strong>　本汇编由示例推荐列表生成，收录的都是演示用的示例材料，'
            "不是学校提交的材料，所述做法与数据均为虚构。正式汇编只收录市教育局在 featured.yml 中推荐的案例。</p></div>"
        )
    if settings.preface:
        parts.append(
            f'<section class="front preface"><h1 class="front-title" id="preface">前言</h1>{markdown_to_html(settings.preface)}</section>'
        )
    if target.name == "pdf":
        entries = ['<li class="toc-front"><a href="#preface">前言</a></li>'] if settings.preface else []
        for case in compilation.cases:
            entries.append(
                f'<li><a href="#{case.anchor}">{escape(case.submission.title)}</a>'
                f'<span class="toc-school">{escape(case.school.name)} · {escape(case.project.name)}</span></li>'
            )
        parts.append(
            f'<section class="front toc"><h1 class="front-title" id="contents">目录</h1><ul class="toc-list">{"".join(entries)}</ul></section>'
        )
    total = len(compilation.cases)
    for case in compilation.cases:
        verb = "排版" if target.name == "pdf" else "转换"
        progress(f"正在{verb}第 {case.number}/{total} 篇：{case.submission.title}")
        parts.append(
            f'<section class="case">{_case_header(case, target)}<div class="case-body">{case_body_html(case, compilation, target)}</div></section>'
        )
    parts.append("</body></html>")
    return "".join(parts)

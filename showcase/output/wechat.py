"""``python build.py wechat``: a case as an article for a WeChat official account (公众号).

The account's editor keeps only inline styles: it strips ``<style>``, classes, ids and scripts,
and an article cannot hold links to outside pages.  So each case becomes a folder with

* ``article.html``: the body with every element styled inline for phone reading (16 px text,
  line height 1.8, justified, spaced paragraphs, headings, readable tables, captions), to open
  in a browser, select all and paste into the editor;
* ``01.jpg``, ``02.png`` …: the images in body order, each under 1 MB, to upload;
* ``title.txt`` (at most 64 characters), ``digest.txt`` (the 摘要, at most 120 characters),
  ``source-url.txt`` (for the 阅读原文 field) and ``publish.txt`` (everything in one place).

The body goes through the core's sanitised render path (:func:`showcase.generate.render.render`,
the site's own allow-list), and then through an allow-list transform here: every element the
sanitiser keeps is mapped to an element with an inline style, links become text with their
address, and anything not in the map is dropped with a warning.  Nothing is copied across but
text, image addresses this module wrote, and numbers (colspan, rowspan, start).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image, ImageOps

from showcase.config import CONFIG, read_config
from showcase.generate import share
from showcase.generate.render import render
from showcase.load.content import featured_id_of, load_site
from showcase.load.model import Site, Submission
from showcase.output import images as site_images
from showcase.problems import did_you_mean

#: The editor's limits.
TITLE_MAX = 64
DIGEST_MAX = 120
IMAGE_MAX_BYTES = 1024 * 1024
#: Images wider than this are scaled down: phones show an article at most about 1080 px wide.
IMAGE_MAX_WIDTH = 1280

# --- typography --------------------------------------------------------------------------------

TEXT = "#333333"
MUTED = "#888888"
ACCENT = "#1a5fb4"
RULE = "#d0d7de"
BODY = f"font-size:16px;line-height:1.8;color:{TEXT};letter-spacing:0.5px;word-wrap:break-word"
PARAGRAPH = f"margin:0 0 1.1em;font-size:16px;line-height:1.8;text-align:justify;color:{TEXT}"
CAPTION = f"margin:6px 0 1.4em;font-size:14px;line-height:1.6;text-align:center;color:{MUTED}"
CELL = f"border:1px solid {RULE};padding:6px 8px;font-size:14px;line-height:1.6;text-align:left;vertical-align:top"

#: Sanitised element → (element written, inline style).  ``None`` as the element: the element
#: is not written but its content is (an ``<a>`` becomes its text).  Every element the site's
#: allow-list keeps (showcase.generate.render.TAGS) is here; a test keeps the two in step.
ELEMENTS: dict[str, tuple[str | None, str]] = {
    "h1": ("h2", f"margin:1.6em 0 0.8em;font-size:19px;line-height:1.5;font-weight:bold;color:{ACCENT}"),
    "h2": (
        "h2",
        f"margin:1.6em 0 0.8em;padding-left:10px;border-left:4px solid {ACCENT};font-size:18px;"
        "line-height:1.5;font-weight:bold;color:#1f2328",
    ),
    "h3": ("h3", "margin:1.4em 0 0.7em;font-size:17px;line-height:1.5;font-weight:bold;color:#1f2328"),
    "h4": ("h4", "margin:1.2em 0 0.6em;font-size:16px;line-height:1.6;font-weight:bold;color:#1f2328"),
    "h5": ("h5", f"margin:1.2em 0 0.6em;font-size:16px;line-height:1.6;font-weight:bold;color:{TEXT}"),
    "h6": ("h6", f"margin:1.2em 0 0.6em;font-size:16px;line-height:1.6;font-weight:bold;color:{TEXT}"),
    "p": ("p", PARAGRAPH),
    "br": ("br", ""),
    "hr": ("hr", f"margin:1.6em 0;border:0;border-top:1px solid {RULE}"),
    "blockquote": (
        "blockquote",
        f"margin:0 0 1.1em;padding:8px 12px;border-left:3px solid {RULE};background:#f6f8fa;color:#555555",
    ),
    "div": ("section", "margin:0"),
    "span": ("span", ""),
    "strong": ("strong", "font-weight:bold;color:#1f2328"),
    "b": ("strong", "font-weight:bold;color:#1f2328"),
    "em": ("em", "font-style:italic"),
    "i": ("em", "font-style:italic"),
    "u": ("span", "text-decoration:underline"),
    "ins": ("span", "text-decoration:underline"),
    "s": ("span", "text-decoration:line-through"),
    "del": ("span", "text-decoration:line-through"),
    "mark": ("span", "background:#fff3b0"),
    "sub": ("sub", "font-size:12px"),
    "sup": ("sup", "font-size:12px"),
    "small": ("span", "font-size:14px"),
    "abbr": ("span", ""),
    "kbd": ("span", "font-family:monospace;padding:0 4px;border:1px solid #cccccc;border-radius:3px"),
    "code": ("span", "font-family:Menlo,Consolas,monospace;font-size:14px;background:#f3f4f6;padding:1px 4px"),
    "pre": (
        "pre",
        "margin:0 0 1.1em;padding:10px;background:#f6f8fa;font-size:13px;line-height:1.6;"
        "white-space:pre-wrap;word-break:break-all;overflow-x:auto",
    ),
    "ul": ("ul", f"margin:0 0 1.1em;padding-left:1.6em;font-size:16px;line-height:1.8;color:{TEXT}"),
    "ol": ("ol", f"margin:0 0 1.1em;padding-left:1.8em;font-size:16px;line-height:1.8;color:{TEXT}"),
    "li": ("li", "margin:0 0 0.4em;text-align:justify"),
    "dl": ("section", "margin:0 0 1.1em"),
    "dt": ("p", f"margin:0;font-size:16px;line-height:1.8;font-weight:bold;color:{TEXT}"),
    "dd": ("p", f"margin:0 0 0.6em 1.5em;font-size:16px;line-height:1.8;color:{TEXT}"),
    "table": ("table", "width:100%;margin:0 0 1.4em;border-collapse:collapse;table-layout:auto"),
    "caption": ("caption", f"caption-side:top;padding:0 0 6px;font-size:14px;color:{MUTED};text-align:center"),
    "thead": ("thead", ""),
    "tbody": ("tbody", ""),
    "tfoot": ("tfoot", ""),
    "tr": ("tr", ""),
    "th": ("th", CELL + ";background:#f3f4f6;font-weight:bold"),
    "td": ("td", CELL),
    "colgroup": (None, ""),
    "col": (None, ""),
    "img": ("img", "display:block;max-width:100%;height:auto;margin:0 auto"),
    "figure": ("section", "margin:1.2em 0;text-align:center"),
    "figcaption": ("p", CAPTION),
    "a": (None, ""),
    "details": ("section", "margin:0 0 1.1em"),
    "summary": ("p", f"margin:0 0 0.6em;font-size:16px;font-weight:bold;color:{TEXT}"),
}
#: Elements that have no end tag.
VOID = {"br", "hr", "img", "col"}
#: Boxes made by the Markdown extensions, recognised by their class before it is dropped.
ADMONITION = f"margin:0 0 1.2em;padding:10px 12px;background:#f0f6ff;border-left:4px solid {ACCENT}"
ADMONITION_TITLE = f"margin:0 0 0.4em;font-size:16px;font-weight:bold;color:{ACCENT}"
FOOTNOTES = f"margin:2em 0 0;padding-top:0.8em;border-top:1px solid {RULE};font-size:14px;color:#555555"


@dataclass
class Article:
    """One case as a 公众号 article."""

    submission: Submission
    title: str
    digest: str
    address: str
    """The case page's public address, or '' when the site has none configured."""
    html: str
    images: list[tuple[str, Path]] = field(default_factory=list)
    """(file name written, source file) in body order."""
    warnings: list[str] = field(default_factory=list)
    site_name: str = ""


# --- text limits --------------------------------------------------------------------------------

_BREAKS = "，。；：、！？）》」』,;:!?) "


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: whole when it fits, else cut at the last
    punctuation in the final third (or at the limit) and closed with “…”."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    at = max(cut.rfind(mark) for mark in _BREAKS)
    if at >= (limit * 2) // 3:
        cut = cut[: at + 1] if text[at] in "。！？!?" else cut[:at]
    return cut.rstrip("，、；：,;: ") + "…"


def digest_of(summary: str) -> str:
    """The 摘要: the summary as plain text, at most :data:`DIGEST_MAX` characters, cut after a
    whole sentence where one ends late enough."""
    text = " ".join(summary.split())
    if len(text) <= DIGEST_MAX:
        return text
    cut = text[:DIGEST_MAX]
    end = max(cut.rfind(mark) for mark in "。！？；")
    if end >= DIGEST_MAX // 2:
        return cut[: end + 1]
    return shorten(text, DIGEST_MAX)


# --- the body: sanitised HTML to inline-styled HTML ---------------------------------------------


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)


class _Tree(HTMLParser):
    """The sanitised fragment as a tree (text as ``str`` children)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.stack[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _text(node) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(child) for child in node.children)


_NUMBER = re.compile(r"^[0-9]{1,4}$")


class _Writer:
    """Writes the tree with inline styles; images through ``image``, links as text."""

    def __init__(self, image: Callable[[str], str | None], page_url: str, site_url: str) -> None:
        self.image = image
        self.page_url = page_url
        self.site_url = site_url
        self.warnings: list[str] = []
        self.out: list[str] = []

    def write(self, node) -> None:
        if isinstance(node, str):
            self.out.append(html.escape(node, quote=False))
            return
        if node.tag == "#root":
            self.children(node)
            return
        classes = set(node.attrs.get("class", "").split())
        if node.tag == "a" and classes & {"headerlink", "footnote-backref"}:
            return  # the ¶ beside a heading and the ↩ after a note mean nothing in an article
        if node.tag == "div" and "footnote" in classes:
            self.footnotes(node)
            return
        if node.tag not in ELEMENTS:
            self.warnings.append(f"正文中的 <{node.tag}> 在公众号文章中没有对应的写法，已去掉标签、保留文字")
            self.children(node)
            return
        tag, style = ELEMENTS[node.tag]
        if node.tag == "div" and "admonition" in classes:
            style = ADMONITION
        elif node.tag == "p" and "admonition-title" in classes:
            style = ADMONITION_TITLE
        elif node.tag == "p" and self.lone_image(node):
            self.figure(node)
            return
        if node.tag == "img":
            self.img(node)
            return
        if node.tag == "a":
            self.link(node)
            return
        if tag is None:
            self.children(node)
            return
        if node.tag in ("th", "td") and node.attrs.get("align") in ("left", "center", "right"):
            style = style.replace("text-align:left", f"text-align:{node.attrs['align']}")
        attributes = [("style", style)] if style else []
        for name in ("colspan", "rowspan", "start"):
            if name in node.attrs and _NUMBER.match(node.attrs[name]):
                attributes.append((name, node.attrs[name]))
        opening = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes)
        if node.tag == "table":
            # A wide table scrolls sideways on a phone instead of squeezing every column.
            self.out.append('<section style="margin:0;overflow-x:auto">')
        self.out.append(f"<{tag}{opening}>")
        if node.tag not in VOID:
            self.children(node)
            self.out.append(f"</{tag}>")
        if node.tag == "table":
            self.out.append("</section>")

    def children(self, node: _Node) -> None:
        for child in node.children:
            self.write(child)

    @staticmethod
    def lone_image(node: _Node) -> bool:
        parts = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
        return len(parts) == 1 and isinstance(parts[0], _Node) and parts[0].tag == "img"

    def figure(self, paragraph: _Node) -> None:
        """An image alone in its paragraph, with its description as the caption below."""
        (img,) = [c for c in paragraph.children if isinstance(c, _Node)]
        self.out.append(f'<section style="{ELEMENTS["figure"][1]}">')
        self.img(img)
        alt = " ".join(img.attrs.get("alt", "").split())
        if alt:
            self.out.append(f'<p style="{CAPTION}">{html.escape(alt, quote=False)}</p>')
        self.out.append("</section>")

    def img(self, node: _Node) -> None:
        name = self.image(node.attrs.get("src", ""))
        if name is None:
            self.warnings.append(f"图片“{node.attrs.get('src', '')}”找不到对应的文件，已从文章中去掉")
            return
        alt = html.escape(" ".join(node.attrs.get("alt", "").split()))
        self.out.append(f'<img src="{name}" alt="{alt}" style="{ELEMENTS["img"][1]}">')

    def link(self, node: _Node) -> None:
        """A link as its text, followed by its address when the address says something the
        text does not (an outside page; another page of the site, given the site's address)."""
        self.children(node)
        target = node.attrs.get("href", "")
        text = " ".join(_text(node).split())
        if not target or target.startswith("#"):
            return
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", target)
        if scheme and scheme.group(1).lower() == "mailto":
            address = target[len("mailto:") :]
        elif scheme:
            address = target
        elif self.site_url:
            address = self.site_url.rstrip("/") + "/" + posixpath.normpath(posixpath.join(self.page_url, target))
            address += "/" if target.endswith("/") else ""
        else:
            return
        if address not in text:
            self.out.append(
                f'<span style="color:{MUTED};word-break:break-all">（{html.escape(address, quote=False)}）</span>'
            )

    def footnotes(self, node: _Node) -> None:
        """Python-Markdown's notes as a 注释 block (numbers stay as written in the text)."""
        self.out.append(f'<section style="{FOOTNOTES}">')
        self.out.append(f'<p style="margin:0 0 0.4em;font-size:14px;font-weight:bold;color:{TEXT}">注释</p>')
        items = [c for c in node.children if isinstance(c, _Node) and c.tag == "ol"]
        for ol in items:
            notes = [c for c in ol.children if isinstance(c, _Node) and c.tag == "li"]
            for number, li in enumerate(notes, start=1):
                outer, self.out = self.out, []
                for child in li.children:
                    if isinstance(child, _Node) and child.tag == "p":
                        self.children(child)
                    elif not isinstance(child, str):
                        self.write(child)
                note = "".join(self.out).replace("\xa0", " ").strip()
                self.out = outer
                self.out.append(
                    f'<p style="margin:0 0 0.4em;font-size:14px;line-height:1.7;text-align:justify">[{number}] {note}</p>'
                )
        self.out.append("</section>")


def inline_styled(
    fragment: str, image: Callable[[str], str | None], page_url: str, site_url: str
) -> tuple[str, list[str]]:
    """A sanitised HTML fragment as inline-styled HTML for the 公众号 editor, and warnings."""
    tree = _Tree()
    tree.feed(fragment)
    tree.close()
    writer = _Writer(image, page_url, site_url)
    writer.write(tree.root)
    # Footnote references: "<sup><a …>1</a></sup>" came through as the number; show it as [1].
    body = re.sub(r'(<sup style="[^"]*">)(\d+)(</sup>)', r"\1[\2]\3", "".join(writer.out))
    return body, writer.warnings


# --- images -------------------------------------------------------------------------------------


def write_image(source: Path, target_stem: Path) -> Path:
    """``source`` as a JPEG (photos) or PNG (pictures with transparency) under
    :data:`IMAGE_MAX_BYTES`, at most :data:`IMAGE_MAX_WIDTH` wide, without metadata."""
    data = source.read_bytes()
    fmt = site_images._FORMATS.get(source.suffix.lower())
    size = site_images.dimensions(data, fmt) if fmt else None
    if size is None or size[0] * size[1] > site_images.MAX_PIXELS:
        raise ValueError("图片的尺寸读不出来或太大")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as opened:
            try:
                picture = ImageOps.exif_transpose(opened)
            except Exception:  # noqa: BLE001 - malformed EXIF: keep the picture as stored
                picture = opened.copy()
            picture.load()
    transparent = picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info)
    if picture.width > IMAGE_MAX_WIDTH:
        picture.thumbnail((IMAGE_MAX_WIDTH, IMAGE_MAX_WIDTH * 8), Image.LANCZOS)
    if transparent or (fmt == "PNG" and picture.mode in ("P", "L", "1")):
        png = io.BytesIO()
        picture.info = {}
        picture.save(png, "PNG", optimize=True)
        if png.tell() < IMAGE_MAX_BYTES:
            path = target_stem.with_suffix(".png")
            path.write_bytes(png.getvalue())
            return path
        if transparent:
            white = Image.new("RGBA", picture.size, (255, 255, 255, 255))
            picture = Image.alpha_composite(white, picture.convert("RGBA"))
    picture = picture.convert("RGB")
    quality = 85
    while True:
        jpeg = io.BytesIO()
        picture.save(jpeg, "JPEG", quality=quality, progressive=True, optimize=True)
        if jpeg.tell() < IMAGE_MAX_BYTES:
            break
        if quality > 60:
            quality -= 10
        else:
            picture.thumbnail((int(picture.width * 0.8), int(picture.height * 0.8)), Image.LANCZOS)
    path = target_stem.with_suffix(".jpg")
    path.write_bytes(jpeg.getvalue())
    return path


# --- one article --------------------------------------------------------------------------------


def _page(article: Article, school: str, project: str, body: str) -> str:
    s = article.submission
    e = lambda text: html.escape(text, quote=False)  # noqa: E731
    date = f"{s.date.year}年{s.date.month}月{s.date.day}日"
    source = (
        f'<section style="margin:0 0 1.4em;padding:10px 12px;background:#f6f8fa;font-size:14px;line-height:1.7;color:#555555">'
        f'<p style="margin:0">来源：{e(school)}</p>'
        f'<p style="margin:0">试点项目：{e(project)}</p>'
        f'<p style="margin:0">作者：{e("、".join(s.meta.authors))}　{date}</p>'
        "</section>"
    )
    demo = (
        '<p style="margin:0 0 1em;padding:8px;border:2px solid #b91c1c;color:#b91c1c;font-size:16px;font-weight:bold">'
        "示例内容，仅供演示，请勿发布</p>"
        if s.demo
        else ""
    )
    if article.address:
        ending = (
            f'<p style="margin:0;font-size:14px;line-height:1.7;color:{MUTED}">原文地址（复制到浏览器打开）：</p>'
            f'<p style="margin:0;font-size:14px;line-height:1.7;color:{MUTED};word-break:break-all">{e(article.address)}</p>'
        )
    else:
        ending = ""
    footer = (
        f'<section style="margin:2em 0 0;padding-top:0.8em;border-top:1px solid {RULE}">'
        f'<p style="margin:0 0 0.4em;font-size:14px;line-height:1.7;color:{MUTED}">'
        f"本文选自{e(article.site_name)}，由{e(school)}提供。</p>{ending}</section>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(article.title)}</title>\n</head>\n"
        '<body style="margin:0;padding:16px;background:#ffffff">\n'
        f'<section style="{BODY};max-width:677px;margin:0 auto">\n{demo}{source}\n{body}\n{footer}\n</section>\n'
        "</body>\n</html>\n"
    )


def make_article(site: Site, submission: Submission, site_url: str, folder: Path) -> Article:
    """Write the article of ``submission`` into ``folder`` (emptied of a previous article)."""
    school = site.schools[submission.school_id].name
    project = site.projects[submission.project_id].name
    warnings_: list[str] = []
    title = submission.title + ("（示例）" if submission.demo and "示例" not in submission.title else "")
    short = shorten(title, TITLE_MAX)
    if short != title:
        warnings_.append(
            f"标题有 {len(title)} 字，超过公众号 {TITLE_MAX} 字的上限，已截短为“{short}”；可以在 title.txt 里改写后再用"
        )
    digest = digest_of(submission.meta.summary)
    if digest != " ".join(submission.meta.summary.split()):
        warnings_.append(f"摘要超过公众号 {DIGEST_MAX} 字的上限，已截短为“{digest}”；可以在 digest.txt 里改写后再用")
    article = Article(submission, short, digest, share.page_address(site_url, submission), "", [], warnings_, site.name)

    _clear(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {asset.uri: asset.abs_path for asset in site.assets}
    written: dict[str, str] = {}

    def image(src: str) -> str | None:
        uri = posixpath.normpath(posixpath.join(submission.url, src.split("#", 1)[0].split("?", 1)[0]))
        if uri in written:
            return written[uri]
        source = files.get(uri)
        if source is None:
            return None
        try:
            path = write_image(source, folder / f"{len(written) + 1:02d}")
        except Exception:  # noqa: BLE001 - a broken or hostile picture: Pillow may raise anything
            warnings_.append(f"图片 {uri} 无法转换，已从文章中去掉；请换一张 JPEG 或 PNG 图片")
            return None
        written[uri] = path.name
        article.images.append((path.name, source))
        return path.name

    rendered = render(submission.body, submission.uri)
    for removal in rendered.removed:
        warnings_.append(f"正文中的{removal.what}不能发布，已去掉（python build.py check 会在对应的行报告）")
    body, body_warnings = inline_styled(rendered.html, image, submission.url, site_url)
    warnings_.extend(body_warnings)
    article.html = _page(article, school, project, body)
    (folder / "article.html").write_text(article.html, encoding="utf-8")
    (folder / "title.txt").write_text(article.title + "\n", encoding="utf-8")
    (folder / "digest.txt").write_text(article.digest + "\n", encoding="utf-8")
    if article.address:
        (folder / "source-url.txt").write_text(article.address + "\n", encoding="utf-8")
    (folder / "publish.txt").write_text(_publish_notes(article, school, project), encoding="utf-8")
    return article


def _publish_notes(article: Article, school: str, project: str) -> str:
    s = article.submission
    lines = [
        f"标题（{len(article.title)}/{TITLE_MAX} 字）：{article.title}",
        f"作者（公众号限 8 字，可写学校简称）：{school}",
        f"摘要（{len(article.digest)}/{DIGEST_MAX} 字）：{article.digest}",
        f"阅读原文：{article.address or '（未配置网站的公开地址，请手动填写案例页的网址）'}",
        f"来源：{school} · 试点项目：{project} · 案例编号：{s.id}",
        "",
        "图片（按正文顺序上传，每张都小于 1 MB）：",
        *[f"  {name}  ← {source.name}" for name, source in article.images],
        *([] if article.images else ["  （正文没有图片）"]),
        "",
        "用法：用浏览器打开 article.html，全选（Ctrl+A）、复制，粘贴到公众号编辑器的正文；"
        "编辑器没有自动上传的图片，按上面的编号替换。",
    ]
    return "\n".join(lines) + "\n"


_OWN_FILES = re.compile(r"^(article\.html|title\.txt|digest\.txt|source-url\.txt|publish\.txt|\d{2,3}\.(jpg|png))$")


def _clear(folder: Path) -> None:
    """Remove what a previous run wrote into ``folder`` (only files of that shape)."""
    if folder.is_symlink():
        folder.unlink()
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _OWN_FILES.match(path.name) and path.is_file() and not path.is_symlink():
            path.unlink()


# --- the command --------------------------------------------------------------------------------


def site_url_of(root: Path) -> str:
    """The site's public address: ``site_url`` of ``mkdocs.yml`` (``SITE_URL`` resolved)."""
    path = root / CONFIG
    if not path.is_file():
        return ""
    return str(read_config(path).get("site_url") or "")


def _find(site: Site, written: str) -> tuple[Submission | None, str]:
    """The submission an id names (written as on the case page, or as a path), or a hint."""
    found = site.submission(written) or site.submission(featured_id_of(written))
    if found is not None:
        return found, ""
    ids = [s.id for s in site.submissions]
    return None, did_you_mean(featured_id_of(written), ids) or (
        "编号是“学校编号/文件名”，如 weisheng/2018-zhengai-baogao；每篇材料的页面上写着它的案例编号"
    )


def run(
    root: Path,
    ids: list[str],
    *,
    featured: bool,
    demo: bool,
    out_dir: Path,
    echo: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> int:
    """Write the articles; returns the exit code (0 when every article was written)."""
    site, problems = load_site(root, demo=demo)
    chosen: list[Submission] = []
    missing = 0
    for written in ids:
        submission, hint = _find(site, written)
        if submission is None:
            missing += 1
            echo(f"错误：找不到编号为“{written}”的材料；{hint}")
        elif submission not in chosen:
            chosen.append(submission)
    if featured:
        if not site.featured:
            echo(
                "推荐列表是空的：featured.yml 里还没有推荐的典型案例。"
                + ("" if demo else "（本地试用可加 --demo，用示例推荐列表 demo/featured.yml。）")
            )
            missing += 1
        chosen.extend(f.submission for f in site.featured if f.submission not in chosen)
    if not ids and not featured:
        echo(
            "请给出材料编号（如 python build.py wechat weisheng/2018-zhengai-baogao），或用 --featured 生成全部推荐案例。"
        )
        return 2
    site_url = site_url_of(root)
    if not site_url and chosen:
        echo(
            "提醒：未配置网站的公开地址（mkdocs.yml 的 site_url，或环境变量 SITE_URL），"
            "文章末尾没有原文地址，“阅读原文”请手动填写案例页的网址。"
        )
    failed = 0
    for submission in chosen:
        own = [p for p in problems.errors if p.path == submission.path]
        if own:
            for problem in own:
                echo(problem.format())
            echo(f"错误：{submission.id} 有 {len(own)} 个错误，未生成文章。请先修改。")
            failed += 1
            continue
        folder = out_dir / submission.school_id / submission.stem
        article = make_article(site, submission, site_url, folder)
        for warning in article.warnings:
            echo(f"提醒（{submission.id}）：{warning}")
        echo(
            f"已生成：{folder}（标题 {len(article.title)} 字，摘要 {len(article.digest)} 字，{len(article.images)} 张图片）"
        )
    if chosen and not failed:
        echo(f"完成：{len(chosen)} 篇文章在 {out_dir}/，每篇的用法见其中的 publish.txt。")
    return 1 if failed or missing else 0

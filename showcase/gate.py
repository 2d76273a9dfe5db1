"""The safety gate for public content: what a submission may not contain on a government website.

Every rule reports the file, line and column and a fix, in Chinese; nothing is stripped or
changed silently.  The rules:

- raw HTML that runs code or changes the page (``<script>``, ``<iframe>``, ``on*=`` handlers,
  ``javascript:``/``data:`` URLs …);
- personal data: mainland ID numbers (with a valid check digit), mobile numbers and e-mail
  addresses, unless masked (``138****1234``);
- images: inside the school's folder, an allowed format (checked by content, not only by name),
  alt text, a size cap, SVG without script, nothing loaded from another site;
- links to pages or files of this site that do not exist; file names that are not URL-safe.

python-markdown would strip nothing of this by itself (raw HTML passes through), and
bleach-style sanitising would alter what schools wrote, so we reject instead, with the line.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .problems import Problems, did_you_mean
from .schema import is_valid_id, suggest_id

#: Image formats published as they are.  GIF/BMP/TIFF/HEIC photos must be converted first.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".svg": "SVG"}
#: Image formats people have but browsers or print do not handle well; they must be converted.
CONVERT_FORMATS = {".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif"}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: Above this an image is refused (a phone photo is 2–6 MB; a scan can be 30 MB).
IMAGE_MAX_BYTES = 10 * 1024 * 1024

_DANGEROUS_TAGS = ("script", "iframe", "object", "embed", "style", "form", "frame", "frameset", "applet", "base", "link", "meta")
_TAG_RE = re.compile(r"<\s*(/?)\s*(" + "|".join(_DANGEROUS_TAGS) + r")\b", re.IGNORECASE)
_HANDLER_RE = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE)
_SCHEME_RE = re.compile(r"(?:\]\(\s*<?|(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*)((?:javascript|vbscript|data)\s*:)", re.IGNORECASE)

_ID_RE = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![\d*])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d*])")
_EMAIL_RE = re.compile(r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![\w-])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_IMAGE_MD = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_IMAGE_HTML = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']*)[\"'][^>]*>", re.IGNORECASE)
_LINK_MD = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")


@dataclass(frozen=True)
class Reference:
    """An image or link in a submission's body, where it stands."""

    kind: str  # "image" or "link"
    target: str
    text: str
    line: int
    column: int


def valid_id_number(number: str) -> bool:
    """GB 11643 check digit of an 18-digit mainland ID number."""
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def _visible_lines(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code, with inline code blanked (same columns): code is shown as
    text, so markup inside it is harmless and not a reference."""
    fence: str | None = None
    for offset, line in enumerate(text.split("\n")):
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence:
            if marker and stripped.startswith(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        yield first_line + offset, re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)


def check_raw_html(rel: str, body: str, first_line: int, problems: Problems) -> None:
    """Reject markup that would run code or change the page, wherever it stands."""
    if not (_TAG_RE.search(body) or _HANDLER_RE.search(body) or _SCHEME_RE.search(body)):
        return  # the usual case, decided in one pass over the text instead of line by line
    for number, line in _visible_lines(body, first_line):
        for match in _TAG_RE.finditer(line):
            if match.group(1):  # the closing tag of one already reported
                continue
            tag = match.group(2).lower()
            problems.error(
                rel, number, "正文", f"不允许使用 <{tag}> 标签：材料中不能嵌入脚本、外部页面、样式或表单",
                "请删除这段 HTML；视频、问卷等请写成普通链接", code="raw-html", column=match.start() + 1,
            )
        for match in _HANDLER_RE.finditer(line):
            problems.error(
                rel, number, "正文", f"HTML 标签里不允许写事件属性“{match.group(1)}=”（会在读者浏览器里运行代码）",
                "请删除这个属性", code="raw-html", column=match.start(1) + 1,
            )
        for match in _SCHEME_RE.finditer(line):
            scheme = re.sub(r"\s", "", match.group(1)).lower()
            problems.error(
                rel, number, "正文", f"链接或图片地址不能以“{scheme}”开头",
                "链接请用 https:// 开头的网址；图片请放在本校的 images 文件夹里，用相对路径引用", code="unsafe-url",
                column=match.start(1) + 1,
            )


def check_personal_data(rel: str, text: str, problems: Problems, first_line: int = 1) -> None:
    """Block ID numbers, mobile numbers and e-mail addresses in the whole file (front matter too).

    The message shows the value masked: the log of a public pull request should not repeat it.
    """
    if not (_ID_RE.search(text) or _MOBILE_RE.search(text) or "@" in text):
        return  # the usual case, decided in one pass over the text instead of line by line
    for offset, line in enumerate(text.split("\n")):
        number = first_line + offset
        for match in _ID_RE.finditer(line):
            if valid_id_number(match.group(1)):
                value = match.group(1)
                problems.error(
                    rel, number, "个人信息", f"这里有一个身份证号码（{value[:6]}********{value[-4:]}），公开网站不能刊登",
                    "请删除；确需保留时写成遮盖形式，如 140102********1234", code="personal-id", column=match.start(1) + 1,
                )
        for match in _MOBILE_RE.finditer(line):
            if _ID_RE.search(line[max(0, match.start() - 8): match.end() + 8]):
                continue  # part of an ID number, reported above
            problems.error(
                rel, number, "个人信息", f"这里有一个手机号码（{match.group(1)}****{match.group(3)}），公开网站不能刊登个人联系方式",
                f"请删除，或遮盖中间四位，写成 {match.group(1)}****{match.group(3)}", code="personal-phone", column=match.start(1) + 1,
            )
        for match in _EMAIL_RE.finditer(line):
            local, domain = match.group(1), match.group(2)
            if "*" in local:
                continue
            problems.error(
                rel, number, "个人信息", f"这里有一个电子邮箱地址（{local[:1]}***@{domain}），公开网站不能刊登个人联系方式",
                f"请删除，或遮盖为 {local[:1]}***@{domain}", code="personal-email", column=match.start(1) + 1,
            )


def references(body: str, first_line: int) -> list[Reference]:
    """Images and links in a body, outside code, in reading order."""
    found: list[Reference] = []
    if "](" not in body and "<img" not in body.lower():
        return found
    for number, line in _visible_lines(body, first_line):
        for match in _IMAGE_MD.finditer(line):
            found.append(Reference("image", match.group(2), match.group(1), number, match.start() + 1))
        for match in _IMAGE_HTML.finditer(line):
            alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)[\"']", match.group(0), re.IGNORECASE)
            found.append(Reference("image", match.group(1), alt.group(1) if alt else "", number, match.start() + 1))
        for match in _LINK_MD.finditer(line):
            found.append(Reference("link", match.group(2), match.group(1), number, match.start() + 1))
    return found


def _is_external(target: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", target, re.IGNORECASE))


def resolve(base_uri: str, target: str) -> str:
    """Resolve a relative link against a docs path (POSIX, ``..`` allowed)."""
    parts = base_uri.split("/")[:-1]
    for piece in target.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if not parts:
                return "../" + target  # leaves the site
            parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def check_references(rel: str, uri: str, school_id: str, body: str, first_line: int,
                     known_pages: set[str], known_files: set[str], problems: Problems,
                     site_suggestions: list[int] | None = None) -> None:
    """Images must be this school's files with alt text; internal links must lead somewhere.

    A "did you mean" compares a name with every file of the site: only the first few missing
    targets of a body get one, and of the whole site when the caller shares ``site_suggestions``
    (a one-item list counted down), so that broken links cost no more than their number.
    """
    school_prefix = f"schools/{school_id}/"
    budget = site_suggestions if site_suggestions is not None else [_SUGGESTIONS]
    suggestions = _SUGGESTIONS
    for ref in references(body, first_line):
        target = ref.target.split("#", 1)[0].split("?", 1)[0]
        if ref.kind == "image":
            if not ref.text.strip():
                problems.error(
                    rel, ref.line, "图片", "图片缺少说明文字（替代文本），看不见图片的读者和读屏软件需要它",
                    f"请在方括号里写上图片内容，如 ![实训室布局]({ref.target})", code="image-alt", column=ref.column,
                )
            if re.match(r"^\s*(javascript|vbscript|data)\s*:", ref.target, re.IGNORECASE):
                continue  # reported by check_raw_html as an unsafe URL
            if _is_external(ref.target):
                problems.error(
                    rel, ref.line, "图片", f"不能直接引用其他网站的图片（{ref.target[:60]}）：读者打开页面时会访问那个网站，图片也可能失效",
                    "请在确认有权使用后，把图片下载到本校的 images 文件夹，并改成相对路径，如 images/photo.jpg",
                    code="external-image", column=ref.column,
                )
                continue
            resolved = resolve(uri, target)
            if not resolved.startswith(school_prefix):
                problems.error(
                    rel, ref.line, "图片", f"图片“{ref.target}”不在本校文件夹里",
                    f"请把图片复制到 {school_prefix}images/ 并写成 images/文件名", code="image-outside", column=ref.column,
                )
            elif resolved not in known_files:
                suggestions = min(suggestions, budget[0]) - 1
                budget[0] -= 1
                same_folder = [f.split("/")[-1] for f in known_files if f.rsplit("/", 1)[0] == resolved.rsplit("/", 1)[0]] if suggestions >= 0 else []
                case_match = [f for f in known_files if f.lower() == resolved.lower()] if suggestions >= 0 else []
                if case_match:
                    hint = f"文件名的大小写不一致：实际文件是“{case_match[0].split('/')[-1]}”，请照抄"
                else:
                    hint = did_you_mean(resolved.split("/")[-1], same_folder) or "请检查文件名和所在文件夹（路径相对于本文件）"
                problems.error(rel, ref.line, "图片", f"找不到图片“{ref.target}”", hint, code="missing-image", column=ref.column)
            continue
        # links
        if not target or _is_external(ref.target) or ref.target.startswith("#"):
            continue
        if ref.target.startswith("/"):
            problems.error(
                rel, ref.line, "链接", f"链接“{ref.target}”以 / 开头，网站放在子目录或内网时会失效",
                "请写相对路径，如 ../weisheng/2018-zhengai-baogao.md，或写完整的 https:// 网址", code="absolute-link", column=ref.column,
            )
            continue
        resolved = resolve(uri, target)
        candidates = {resolved, resolved.rstrip("/") + ".md", resolved.rstrip("/") + "/index.md", resolved + "index.md"}
        if candidates.isdisjoint(known_pages) and candidates.isdisjoint(known_files):
            suggestions = min(suggestions, budget[0]) - 1
            budget[0] -= 1
            close = difflib.get_close_matches(resolved, sorted(known_pages | known_files), n=1, cutoff=0.6) if suggestions >= 0 else []
            hint = (
                f"你是不是想写“{posixpath.relpath(close[0], posixpath.dirname(uri))}”？" if close
                else "站内链接请写相对本文件的路径，如 ../weisheng/2018-zhengai-baogao.md"
            )
            problems.error(
                rel, ref.line, "链接", f"链接“{ref.target}”指向的页面或文件不存在", hint,
                code="broken-link", column=ref.column,
            )


#: Missing images and broken links per body that get a "did you mean" (see check_references).
_SUGGESTIONS = 10
#: The same for the whole site.
SITE_SUGGESTIONS = 30


def check_markdown_name(rel: str, path: Path, problems: Problems, example: str, how: str) -> bool:
    """A Markdown file's name becomes its URL: lowercase ASCII, digits and hyphens only."""
    if is_valid_id(path.stem):
        return True
    suggestion = suggest_id(path.stem)
    problems.error(
        rel, 0, "文件名", f"文件名“{path.name}”会出现在网址里，只能用小写英文字母、数字和连字符",
        f"请改名为 {suggestion}.md" if suggestion and suggestion != path.stem else f"请改成类似 {example} 的名字（{how}）",
        code="file-name",
    )
    return False


def check_asset(rel: str, path: Path, problems: Problems) -> bool:
    """An image or attachment file in a school folder: name, format by content, size, SVG safety.

    Returns False when the file must not be published.
    """
    ok = True
    stem, suffix = path.stem, path.suffix.lower()
    if not _SAFE_NAME.match(stem):
        suggestion = suggest_id(stem)
        problems.error(
            rel, 0, "文件名", f"文件名“{path.name}”会出现在网址里，只能用英文字母、数字和连字符",
            f"请改名为 {suggestion}{suffix}（并修改引用它的地方）" if suggestion else f"请改成英文或拼音，如 shixunshi{suffix}（并修改引用它的地方）",
            code="file-name",
        )
    size = path.stat().st_size
    if size > IMAGE_MAX_BYTES:
        problems.error(
            rel, 0, "文件大小", f"文件有 {size / 1024 / 1024:.2f} MB，超过了 {IMAGE_MAX_BYTES // 1024 // 1024} MB 的上限",
            "照片请先缩小（例如用手机或画图软件另存为宽 1600 像素的 JPG）；大型文档请压缩或拆分", code="file-too-large",
        )
        ok = False
    if suffix in CONVERT_FORMATS:
        problems.error(
            rel, 0, "图片格式", f"不支持 {suffix} 格式的图片，部分浏览器无法显示",
            "请用画图或手机相册把它另存为 JPG 或 PNG，再修改引用它的地方", code="image-format",
        )
        return False
    if suffix not in IMAGE_FORMATS:
        return ok
    if size > IMAGE_MAX_BYTES:
        return False  # not read at all
    with open(path, "rb") as stream:
        head = stream.read(4096 if suffix != ".svg" else IMAGE_MAX_BYTES)
    actual = _sniff(head)
    expected = IMAGE_FORMATS[suffix]
    if actual != expected:
        found = {"HEIC": "苹果手机的 HEIC 照片", "GIF": "GIF 动图", "BMP": "BMP 位图", "TIFF": "TIFF 图片", None: "无法识别的文件"}.get(actual, actual)
        problems.error(
            rel, 0, "图片格式", f"文件扩展名是 {suffix}，但内容是{found}，浏览器可能无法显示",
            "请用画图或手机相册把它另存为 JPG 或 PNG，再替换这个文件", code="image-format",
        )
        return False
    if expected == "SVG":
        text = head.decode("utf-8", errors="replace")
        if re.search(r"<\s*script\b|\son[a-z]+\s*=|javascript:|<\s*foreignObject\b", text, re.IGNORECASE):
            problems.error(
                rel, 0, "图片", "SVG 图片里含有脚本或事件代码，不能发布", "请改用 PNG 或 JPG 图片，或去掉 SVG 中的脚本", code="svg-script",
            )
            return False
    return ok


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:2] == b"BM":
        return "BMP"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "HEIC"
    if re.search(rb"<svg[\s>]", head[:2048]):
        return "SVG"
    return None

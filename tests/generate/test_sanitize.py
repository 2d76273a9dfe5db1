"""The allow-list sanitiser (showcase.generate.render) and escaped templates, tried as an attacker would.

Each class of attack has variants; every variant must come out harmless (nothing but allowed
elements, attributes and URL schemes) and, where something had to be removed, ``check`` must say
so with the file and line.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import markdown
import pytest

from conftest import REPO, VALID_FRONT, messages
from showcase.generate import render
from showcase.generate.site import generate
from showcase.load.content import load_site
from support import HOSTILE_MARKDOWN

F = "schools/caimao/2018-case.md"
URI = "schools/caimao/2018-case.md"


class _Audit(HTMLParser):
    """Everything in a fragment that the allow-list should not have let through."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in render.TAGS:
            self.bad.append(f"<{tag}>")
        allowed = render.ATTRIBUTES["*"] | render.ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "src") and value:
                plain = "".join(value.split()).lower()
                if ":" in plain.split("/")[0] and not plain.startswith(("http:", "https:", "mailto:")):
                    self.bad.append(f"{tag}[{name}={value}]")
                if plain.startswith(("//", "\\")):
                    self.bad.append(f"{tag}[{name}={value}]")
                if tag == "img" and plain.startswith(("http:", "https:")):
                    self.bad.append(f"{tag}[{name}={value}]")
            if name == "id" and value.startswith(render.RESERVED_ID_PREFIXES):
                self.bad.append(f"{tag}[id={value}]")

    handle_startendtag = handle_starttag


def audit(fragment: str) -> list[str]:
    parser = _Audit()
    parser.feed(fragment)
    parser.close()
    return parser.bad


@pytest.mark.parametrize("name", sorted(HOSTILE_MARKDOWN))
def test_every_variant_comes_out_harmless_and_is_reported(name):
    rendered = render.render(HOSTILE_MARKDOWN[name], URI)
    assert audit(rendered.html) == [], rendered.html
    assert "pwned" not in rendered.html or "window.pwned" not in _attribute_text(rendered.html)
    # Either the sanitiser removed something (and says so), or Markdown showed the markup as text.
    assert rendered.removed or "&lt;" in rendered.html, f"{name}: changed without saying so: {rendered.html}"


def _attribute_text(fragment: str) -> str:
    """The attribute values of a fragment (text content may mention anything)."""
    values: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            values.extend(v or "" for _, v in attrs)

    Collect().feed(fragment)
    return " ".join(values)


def test_what_a_case_needs_passes_unchanged():
    text = (REPO / "tests" / "fixtures" / "rich-case.md").read_text(encoding="utf-8").split("---", 2)[2]
    text += (
        "\n!!! note \"说明\"\n    提示框。\n\n```python\nprint('x')\n```\n\n"
        "| 左 | 中 | 右 |\n| :-- | :-: | --: |\n| 1 | 2 | 3 |\n\n"
        "[外站](https://www.example.gov.cn/a?b=1#c) [邮件](mailto:office@example.gov.cn) "
        '[本站](../weisheng/2018-x.md#做法) [附件](files/a.pdf)\n\n![图](images/a.png){ width="300" }\n'
    )
    rendered = render.render(text, URI)
    assert rendered.removed == ()
    html = rendered.html
    assert '<div class="admonition note">' in html and '<code class="language-python">' in html
    assert '<td align="center">2</td>' in html and "style=" not in html
    assert 'href="../../weisheng/2018-x/#做法"' in html and 'href="../files/a.pdf"' in html
    assert '<img alt="图" decoding="async" loading="lazy" src="../images/a.png" width="300">' in html
    assert [entry["id"] for entry in rendered.toc] == ["实施背景", "主要做法", "取得成效"]


def test_table_of_contents_is_escaped_text():
    rendered = render.render("## &lt;img src=x onerror=1&gt; 做法\n\n## 总结 { data-toc-label='<b>x</b>' }", URI)
    names = [entry["name"] for entry in rendered.toc]
    assert all("<" not in name for name in names), names


@pytest.mark.parametrize(
    "target, expected",
    [
        ("images/a.png", "../images/a.png"),
        ("2019-other.md", "../2019-other/"),
        ("../weisheng/index.md", "../../weisheng/"),
        ("../../notice.md#一", "../../../notice/#一"),
        ("#做法", "#做法"),
        ("https://www.example.gov.cn/", "https://www.example.gov.cn/"),
        ("../../../etc/passwd", None),
        ("/etc/passwd", None),
        ("file:///etc/passwd", None),
    ],
)
def test_links_are_rewritten_for_directory_urls(target, expected):
    assert render.rewrite_url(target, URI, "a") == expected


def test_check_reports_what_the_sanitiser_removed_with_its_line(tree):
    text = VALID_FRONT.replace("正文内容。", '段落一。\n\n![图](images/a.png){: onload="x" }\n\n## 配置 { #__config }')
    root = tree({F: text, "schools/caimao/images/a.png": (REPO / "tests" / "fixtures" / "cover.png").read_bytes()})
    found = [m for m in messages(root) if "sanitized" in m]
    assert found == [
        f"{F}:15: 正文: HTML 属性 onload（在 <img> 上）不能在网站上显示，已被去掉；不允许事件（on…）、style 等属性；请删除它 [错误 sanitized]",
        f"{F}:17: 正文: 编号“__config”（<h2> 的 id）不能在网站上显示，已被去掉；以 __、md-、sc- 开头的 id 是网站自己用的；请换一个 id [错误 sanitized]",
    ]


def test_gate_and_sanitiser_do_not_report_the_same_line_twice(tree):
    root = tree({F: VALID_FRONT.replace("正文内容。", "<script>alert(1)</script>")})
    found = messages(root)
    assert [m.rsplit("[", 1)[1] for m in found] == ["错误 raw-html]"]


HOSTILE_TEXTS = [
    "<script>window.pwned=1</script>",
    '"><svg onload=window.pwned=1>',
    "</script><img src=x onerror=window.pwned=1>",
    "{{ 7*7 }}{% raw %}",
    "[x](javascript:window.pwned=1)",
    '{: onerror="window.pwned=1" }',
    "&lt;script&gt;window.pwned=1&lt;/script&gt;",
    "＜script＞window.pwned=1＜/script＞",
    "**粗**_斜_ `码` | 表 | # 标",
]


def _as_engine_renders(page_markdown: str) -> str:
    """A generated page as a Markdown engine renders it (the site's own extensions)."""
    body = page_markdown.split("\n---\n", 1)[1] if page_markdown.startswith("---\n") else page_markdown
    md = markdown.Markdown(
        extensions=["admonition", "attr_list", "md_in_html", "tables", "toc"],
        extension_configs={"tables": {"use_align_attribute": True}},
    )
    return md.convert(body)


@pytest.mark.parametrize("payload", HOSTILE_TEXTS)
def test_templates_escape_every_value(tree, payload):
    """Hostile values in every text field of a submission, a school and a project (set on the
    loaded model, past validation) come out as text on every generated page."""
    root = tree({F: VALID_FRONT})
    site, _ = load_site(root)
    submission = site.submissions[0]
    meta = submission.meta.model_copy(
        update={
            "title": "标题" + payload,
            "summary": "摘要" + payload,
            "authors": ["作者" + payload],
            "tags": ["词" + payload],
        }
    )
    site.submissions[0] = dataclasses.replace(submission, meta=meta, body=submission.body + "\n\n" + payload)
    school = site.schools["caimao"]
    site.schools["caimao"] = dataclasses.replace(
        school, name="学校" + payload, district="区" + payload, website="https://x.example/" + payload
    )
    site.reindex()
    for page in generate(site):
        html = _as_engine_renders(page.content)
        assert not _handlers_or_scripts(html), (page.uri, _handlers_or_scripts(html))
        head = page.content.split("\n---\n", 1)[0]
        assert "<" not in head and '\\"' not in head, (page.uri, head)


def _handlers_or_scripts(fragment: str) -> list[str]:
    """Event handlers, script elements and script URLs in a fragment."""
    found: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "iframe", "object", "embed", "base", "meta", "link", "style"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on") or name == "style":
                    found.append(f"{tag}[{name}]")
                if name in ("href", "src") and "".join((value or "").split()).lower().startswith(
                    ("javascript:", "data:", "vbscript:")
                ):
                    found.append(f"{tag}[{name}={value}]")

        handle_startendtag = handle_starttag

    Collect(convert_charrefs=True).feed(fragment)
    return found


def test_many_removals_are_counted_not_listed():
    body = "".join(f'<a href="javascript:{n}">x</a>\n' for n in range(500))
    rendered = render.render(body, URI)
    assert len(rendered.removed) == render.MAX_REPORTED + 1
    assert rendered.removed[-1].what == f"另有 {500 - render.MAX_REPORTED} 处 HTML"


def test_kept_renders_are_the_renders_and_an_edit_is_rendered_afresh():
    text = "## 做法\n\n正文 [链接](../weisheng/2018-x.md)。"
    plain = render.render(text, URI)
    render.keep_renders()
    try:
        assert render.render(text, URI) == plain
        assert render.render(text, URI) is render.render(text, URI)  # kept, not rendered again
        assert render.render(text + "改", URI).html != plain.html
        assert render.render(text, "schools/weisheng/2018-y.md").html != plain.html  # links depend on the page
    finally:
        render.keep_renders(False)

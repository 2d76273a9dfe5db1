"""End to end: `python build.py build` on a fixture site, asserting on the HTML produced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES_DIR, REPO, VALID_FRONT, make_tree
from support import build_site, link_project_files, run_build_py, tree_differences


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_tree(
        tmp_path_factory.mktemp("site"),
        {
            "schools/caimao/2018-case.md": VALID_FRONT,
            "schools/dachang-qiche/2019-rich.md": (FIXTURES_DIR / "rich-case.md").read_text(encoding="utf-8"),
            "schools/dachang-qiche/images/cover.png": (FIXTURES_DIR / "cover.png").read_bytes(),
        },
        with_demo=True,
    )
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_rich_case_page(built):
    html = read(built, "schools/dachang-qiche/2019-rich/index.html")
    assert "<h1" in html and "校企共建实训基地的做法" in html
    assert '<html lang="zh"' in html
    # metadata panel with links back
    assert 'href="../">山西大昌汽车专业学校</a>' in html
    assert 'href="../../../projects/school-enterprise/">校企合作模式</a>' in html
    assert "2019年4月26日" in html
    # tables, footnotes, lists, quotes and images render
    assert "<table>" in html and "<blockquote>" in html and 'class="footnote"' in html
    assert re.search(r'<img alt="实训基地布局示意图" decoding="async" src="\.\./images/cover\.png"', html)
    assert (built / "schools/dachang-qiche/images/cover.png").is_file()
    assert 'name="showcase-demo"' not in html


def test_demo_pages_are_labelled_everywhere(built):
    demo_pages = [p for p in built.rglob("*.html") if 'name="showcase-demo"' in p.read_text(encoding="utf-8")]
    # 22 sample submissions, 2 sample news items and the compilation made from the sample list.
    assert len(demo_pages) == 22 + 2 + 1
    for page in demo_pages:
        html = page.read_text(encoding="utf-8")
        assert "示例内容" in html and 'content="noindex"' in html
    # Every page of a preview with samples carries the announcement bar.
    assert "标有“示例”的内容是演示用的，不是学校提交的材料" in read(built, "index.html")
    cases = read(built, "cases/index.html")
    assert cases.count("sc-badge--demo") == 22


def test_progress_matrix(built):
    html = read(built, "progress/index.html")
    assert html.count('class="sc-none"') == 160 - 29
    assert 'href="../schools/caimao/#teaching-diagnosis"' in html


def test_home_counts(built):
    html = read(built, "index.html")
    assert re.search(r'sc-stat__value">8<', html) and re.search(r'sc-stat__value">20<', html)
    assert re.search(r'sc-stat__value">29<', html) and re.search(r'sc-stat__value">24<', html)


def test_notice_page(built):
    html = read(built, "notice/index.html")
    assert "太原市教育局关于开展中等职业教育改革发展项目试点工作的通知" in html
    assert html.count("<h3") == 13


def test_no_third_party_resources(built):
    offenders = []
    for path in built.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            found = re.findall(r'<(?:script|link|img|iframe|source)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"', text)
            found = [u for u in found if not re.search(r'rel="(?:canonical|alternate)"', u)]
        else:
            found = re.findall(r'url\((["\']?)((?:https?:)?//[^)"\']+)', text)
            found += re.findall(r'@import\s+["\']((?:https?:)?//[^"\']+)', text)
        if found:
            offenders.append((str(path.relative_to(built)), found[:3]))
    assert offenders == []
    assert "fonts.googleapis" not in read(built, "index.html")


def test_publish_build_excludes_samples(tmp_path):
    root = make_tree(tmp_path, {"schools/caimao/2018-case.md": VALID_FRONT}, with_demo=True)
    result = build_site(root, publish=True)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert not (site / "schools/dachang-qiche/2019-xiaoqi-gongjian-shixun").exists()
    assert all('name="showcase-demo"' not in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "示例" not in (site / "cases/index.html").read_text(encoding="utf-8")


def test_a_repository_without_the_optional_bureau_files_builds(tmp_path):
    """site.yml, synonyms.yml, cms.yml, featured.yml and the demo folder may be absent: the
    build goes on without them (no English configuration error about a watched path)."""
    root = make_tree(tmp_path, {"schools/caimao/2018-case.md": VALID_FRONT})
    link_project_files(root)
    for name in ("site.yml", "synonyms.yml", "cms.yml", "featured.yml"):
        (root / name).unlink(missing_ok=True)
    (root / "demo").rmdir()
    result = run_build_py(root, "build", "--publish")  # build_site would put them back
    assert result.returncode == 0, result.stderr
    assert not any((root / name).exists() for name in ("site.yml", "synonyms.yml", "cms.yml", "featured.yml", "demo"))
    assert (root / "site/schools/caimao/2018-case/index.html").is_file()


def test_the_guard_s_words_in_a_school_s_text_do_not_stop_publishing(tmp_path):
    """The publish guard looks for the sample tag, which a school's text cannot produce (its "<"
    is escaped): the words alone, in the text and in code, publish normally."""
    text = VALID_FRONT.replace("正文内容。", '网页里写 name="showcase-demo" 的地方。\n\n`<meta name="showcase-demo">`')
    root = make_tree(tmp_path, {"schools/caimao/2018-case.md": text})
    result = build_site(root, publish=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    page = (root / "site/schools/caimao/2018-case/index.html").read_text(encoding="utf-8")
    assert 'name="showcase-demo"' in page and "&lt;meta name=" in page


def test_broken_submission_stops_the_build_with_every_problem(tmp_path):
    root = make_tree(
        tmp_path,
        {
            "schools/caimao/2018-case.md": VALID_FRONT.replace("type: 典型案例", "type: 案例"),
            "schools/caimao/2019-b.md": VALID_FRONT.replace("title: 以诊促改的实践", "title: 另一篇").replace(
                "project: teaching-diagnosis", "project: apprenticeship"
            ),
        },
    )
    result = build_site(root)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "schools/caimao/2018-case.md:4: type: 材料类型不能是“案例”" in output
    assert "schools/caimao/2019-b.md:3: project: 太原市财贸学校不承担“现代学徒制探索”试点" in output
    assert "未生成网站：内容检查发现 2 个错误" in output
    assert not (root / "site").exists()


def test_no_markdown_left_unrendered(built):
    """Markdown inside generated HTML blocks must be rendered (md_in_html), never shown raw."""
    leftovers = []
    for path in built.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if re.search(r"\]\([^)\s]*\.md(#[^)]*)?\)", html) or "{ .sc-" in html:
            leftovers.append(str(path.relative_to(built)))
    assert leftovers == []


def test_markdown_extensions_agree_with_the_compilation():
    import yaml

    from showcase.generate.render import SUBMISSION_EXTENSIONS

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python tags
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert sorted(set(names) - {"toc", "showcase.generate.mdext"}) == sorted(SUBMISSION_EXTENSIONS)


def test_every_internal_link_resolves(built):
    """Raw-HTML listings are not checked by MkDocs, so check every link of the built site."""
    from urllib.parse import unquote, urlsplit

    broken = []
    for page in built.rglob("*.html"):
        if page.name == "404.html":  # MkDocs writes it with root-absolute links on purpose
            continue
        html = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+)"', html):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "//", "mailto:", "data:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built)} → {ref}")
    assert broken == []


RICH_BODY = """

## 主要做法

第 {n} 篇的正文，[链接到上一篇](2018-case-{prev:03d}.md)，带脚注[^1]。

| 指标 | 2018 年 | 2019 年 |
| ---- | ---- | ---- |
| 就业率 | 95% | 97% |

!!! note "说明"
    这是提示框。

- 列表一
- 列表二

```
代码块 <不是标签>
```

[^1]: 脚注内容。
"""


def test_parallel_build_gives_the_same_bytes_as_a_serial_one(tmp_path):
    """The speed-ups in the adapter change nothing: case pages generated and rendered in forked
    processes (showcase.generate.pages, showcase/engine/mkdocs/parallel_render.py) and Markdown converted on a reused
    instance (showcase/engine/mkdocs/fast_render.py) give the same files as MkDocs' own serial build."""
    import os

    files = {
        f"schools/caimao/2018-case-{n:03d}.md": VALID_FRONT.replace("以诊促改的实践", f"以诊促改的实践之{n}").replace(
            "正文内容。", f"正文内容。{RICH_BODY.format(n=n, prev=max(n - 1, 0))}"
        )
        for n in range(70)
    }
    root = make_tree(tmp_path / "project", files, with_demo=True)
    outputs = {}
    for mode in ("1", "0"):
        os.environ["SHOWCASE_PARALLEL"] = mode
        os.environ["SHOWCASE_FAST_RENDER"] = mode
        try:
            result = build_site(root, extra_args=["--site-dir", str(tmp_path / f"site-{mode}")])
        finally:
            del os.environ["SHOWCASE_PARALLEL"]
            del os.environ["SHOWCASE_FAST_RENDER"]
        assert result.returncode == 0, result.stderr
        outputs[mode] = tmp_path / f"site-{mode}"

    assert tree_differences(outputs["1"], outputs["0"]) == []
    assert len(list(outputs["1"].glob("schools/caimao/2018-case-*/index.html"))) == 70


# What a reader sees about the pilots' progress: what each school has published, never a list of
# what a named school has not (that is the bureau's working data: python build.py report).
UNFAIR_OR_INTERNAL = ("缺交", "待交", "必交", "✗", "assessment.yml", "required_each_year", "featured.yml", "this_year")


def _reader_texts(site: Path) -> dict[str, str]:
    """Every HTML page but the contributor guide (which may name files), and the progress CSVs
    and XLSX (every cell, read back with openpyxl: the XML stores Chinese as character references)."""
    from openpyxl import load_workbook

    texts = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("guide/")
    }
    for csv_file in (site / "progress").glob("*.csv"):
        texts[csv_file.relative_to(site).as_posix()] = csv_file.read_text(encoding="utf-8-sig")
    workbook = load_workbook(site / "progress" / "shidian-jindu.xlsx")
    texts["progress/shidian-jindu.xlsx"] = "\n".join(
        str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )
    return texts


def _assert_fair(site: Path) -> None:
    texts = _reader_texts(site)
    assert {"progress/index.html", "progress/summary/index.html", "progress/schools/index.html"} <= texts.keys()
    found = [(name, word) for name, text in texts.items() for word in UNFAIR_OR_INTERNAL if word in text]
    assert found == []
    assert "太原市财贸学校" in texts["progress/shidian-jindu.xlsx"]  # the workbook was read
    assert not (site / "progress" / "assessment").exists()
    assert not list(site.rglob("neibu-*")) and not list(site.rglob("*bijiao*"))


def test_preview_with_the_demo_set_shows_nothing_unfair_or_internal(built):
    _assert_fair(built)
    assert "试点期（2017—2018 年）" in read(built, "progress/index.html")


def test_publish_build_with_no_materials_shows_nothing_unfair_or_internal(tmp_path):
    root = make_tree(tmp_path / "empty", {})
    result = build_site(root, publish=True)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    _assert_fair(site)
    summary = read(site, "progress/summary/index.html")
    assert "试点期为 <strong>2017—2018 年</strong>" in summary

"""The engine-free export (`build.py export`) and post-build step (`build.py postbuild`): the
export itself, fast; and a stock ProperDocs build of it, compared with the hook's MkDocs build of
the same content (pages, search index, data files)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES_DIR, REPO, VALID_FRONT, make_tree
from showcase.generate import chrome
from showcase.load.schema import SiteFile
from showcase.output.export import ExportRefused, export
from showcase.output.postbuild import PostBuildError, case_body, postbuild
from support import build_site, link_project_files, run_build_py

SECOND_CASE = (
    VALID_FRONT.replace("title: 以诊促改的实践", "title: 质量改进螺旋的运行")
    .replace("date: 2018-06-01", "date: 2019-09-10")
    .replace(
        "## 实施背景\n\n正文内容。",
        "## 实施背景\n\n学校建立“8 字形”质量改进螺旋，教学诊断与改进覆盖全部专业。\n\n## 主要做法\n\n"
        '### 目标链与标准链\n\n各专业制定目标链、标准链，<span title="</div>">诊改平台</span>每周汇总数据。\n\n'
        "## 取得成效\n\n双师型教师比例提高到 60%。",
    )
)
NEWS = """---
title: 试点工作推进会召开
date: 2019-03-01
kind: 工作动态
summary: 市教育局召开试点工作推进会。
---

## 会议内容

各试点学校汇报了实训基地建设与诊改工作的进展。
"""
CASES = {
    "schools/caimao/2018-case.md": VALID_FRONT,
    "schools/caimao/2019-zhigai.md": SECOND_CASE,
    "schools/dachang-qiche/2019-rich.md": (FIXTURES_DIR / "rich-case.md").read_text(encoding="utf-8"),
    "schools/dachang-qiche/images/cover.png": (FIXTURES_DIR / "cover.png").read_bytes(),
    "news/2019-03-01-tuijinhui.md": NEWS,
}


def project(root: Path, files: dict | None = None, **kwargs) -> Path:
    make_tree(root, CASES if files is None else files, **kwargs)
    link_project_files(root)
    return root


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def exported_config(out: Path) -> dict:
    # A stock engine's loader (MkDocs, ProperDocs and Zensical read mkdocs.yml with PyYAML's Loader).
    return yaml.load((out / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # noqa: S506


# --- the export, without an engine -------------------------------------------------------------


def test_export_writes_a_docs_tree_a_stock_engine_can_build(tmp_path):
    root = project(tmp_path / "project", with_demo=True)
    result = export(root, tmp_path / "out")
    out = result.out_dir
    for rel in (
        "docs/index.md",
        "docs/notice.md",
        "docs/guide/index.md",
        "docs/assets/showcase.css",
        "docs/assets/favicon.svg",
        "docs/search/index.md",
        "docs/assets/search/search.js",
        "docs/data/cases.json",
        "docs/data/cases.csv",
        "docs/feed.xml",
        "docs/schools/caimao/2018-case.md",
        "docs/schools/dachang-qiche/images/cover.png",
        "docs/news/2019-03-01-tuijinhui.md",
        "overrides/main.html",
        "overrides/partials/toc.html",
        "mkdocs.yml",
        "showcase-export.json",
        "README.md",
    ):
        assert (out / rel).is_file(), rel
    # Publish content by default: the samples in demo/ are left out.
    assert not list((out / "docs").rglob("*shixun*")) and "sc_demo" not in "".join(
        p.read_text(encoding="utf-8") for p in (out / "docs").rglob("*.md")
    )
    assert result.site.demo is False and len(result.site.submissions) == 3

    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV" not in text and "\nhooks:" not in text and "showcase.generate.mdext" not in text
    config = exported_config(out)
    loader = type("Loader", (yaml.Loader,), {})
    loader.add_constructor("!ENV", lambda loader, node: None)
    original = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    assert (
        config["docs_dir"] == "docs" and config["site_dir"] == "site" and config["theme"]["custom_dir"] == "overrides"
    )
    assert "watch" not in config and config["plugins"] == []
    for key in ("site_name", "nav", "extra_css", "extra_javascript", "use_directory_urls", "validation"):
        assert config[key] == original[key], key
    assert {k: v for k, v in config["theme"].items() if k != "custom_dir"} == {
        k: v for k, v in original["theme"].items() if k != "custom_dir"
    }
    assert config["strict"] is True and config["site_url"] == ""
    assert config["extra"] == {"generator": False, "showcase_demo": False, "showcase_footer": chrome.footer(SiteFile())}
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert names == ["admonition", "attr_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc"]
    assert callable(config["markdown_extensions"][-1]["toc"]["slugify"])  # the engines construct the slugify

    # A case page is the core's sanitised HTML block; its table of contents rides in the front matter.
    case = (out / "docs/schools/dachang-qiche/2019-rich.md").read_text(encoding="utf-8")
    front, body = case.split("\n---\n", 1)
    assert 'sc_toc: [{"title":"实施背景","content":"实施背景","url":"#实施背景","level":2,"children":[]}' in front
    assert body.strip().startswith('<div class="sc-case">') and '<div class="sc-case__body">' in body
    manifest = (out / "showcase-export.json").read_text(encoding="utf-8")
    assert '"url": "schools/dachang-qiche/2019-rich/"' in manifest and '"text"' not in manifest
    assert "python build.py postbuild" in (out / "README.md").read_text(encoding="utf-8")


def test_export_is_deterministic_and_replaces_a_previous_export(tmp_path):
    root = project(tmp_path / "project")
    first = tree_bytes(export(root, tmp_path / "a").out_dir)
    second = export(root, tmp_path / "b").out_dir
    (second / "docs" / "stale.md").write_text("# 旧文件\n", encoding="utf-8")
    assert tree_bytes(export(root, second).out_dir) == first
    assert len(first) > 60


def test_export_refuses_content_with_errors_and_writes_nothing(tmp_path):
    root = project(
        tmp_path / "project", {"schools/caimao/2018-case.md": VALID_FRONT.replace("type: 典型案例", "type: 案例")}
    )
    with pytest.raises(ExportRefused) as refused:
        export(root, tmp_path / "out")
    assert [p.code for p in refused.value.problems.errors] and not (tmp_path / "out").exists()

    result = run_build_py(root, "export", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "schools/caimao/2018-case.md:4: type: 材料类型不能是“案例”" in result.stdout
    assert "未导出：内容检查发现 1 个错误，请按上面的提示修改后重试" in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_folder_that_is_not_an_export(tmp_path):
    root = project(tmp_path / "project", {})
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(ExportRefused, match="不是空文件夹"):
        export(root, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_samples_only_with_the_demo_flag(tmp_path):
    root = project(tmp_path / "project", {}, with_demo=True)
    result = run_build_py(root, "export", str(tmp_path / "preview"), "--demo")
    assert result.returncode == 0, result.stderr
    assert "本地预览版，含示例内容" in result.stderr
    preview = tmp_path / "preview"
    assert exported_config(preview)["extra"]["showcase_demo"] is True
    assert "sc_demo: true" in (preview / "docs/schools/dachang-qiche/2019-xiaoqi-gongjian-shixun.md").read_text(
        encoding="utf-8"
    )

    publish = export(root, tmp_path / "publish").out_dir
    assert not (publish / "docs/schools/dachang-qiche/2019-xiaoqi-gongjian-shixun.md").exists()


def test_a_publish_export_refuses_samples_however_they_came(tmp_path, monkeypatch):
    from showcase.output import export as export_module

    root = project(tmp_path / "project", {}, with_demo=True)
    real_run = export_module.run
    monkeypatch.setattr(export_module, "run", lambda root, **kwargs: real_run(root, **{**kwargs, "demo": True}))
    with pytest.raises(ExportRefused, match="正式发布版中出现了示例内容"):
        export(root, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_environment_values_are_resolved_at_export_time(tmp_path):
    root = project(tmp_path / "project", {})
    out = export(
        root, tmp_path / "out", environ={"SITE_URL": "https://example.gov.cn/", "SHOWCASE_STRICT": "false"}
    ).out_dir
    config = exported_config(out)
    assert config["site_url"] == "https://example.gov.cn/" and config["strict"] is False
    assert "https://example.gov.cn/" in (out / "docs/feed.xml").read_text(
        encoding="utf-8"
    )  # the feeds' links are absolute


def test_export_and_postbuild_import_no_engine():
    code = "import sys, showcase.output.export, showcase.output.postbuild; print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'properdocs', 'zensical', 'material')))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr


def test_case_body_is_found_by_its_own_tags():
    html = '<article><div class="sc-case"><div class="sc-case__body">\n<p>甲</p><div class="admonition" title="</div>"><p>乙</p></div>\n</div><nav>丙</nav></div></article>'
    assert case_body(html) == '\n<p>甲</p><div class="admonition" title="</div>"><p>乙</p></div>\n'
    assert case_body("<p>没有正文</p>") is None


def test_postbuild_refuses_samples_in_a_publish_export(tmp_path):
    root = project(tmp_path / "project", {})
    out = export(root, tmp_path / "out").out_dir
    site = out / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<html><head><meta name="showcase-demo" content="true"></head></html>', encoding="utf-8"
    )
    with pytest.raises(PostBuildError, match="发布构建中出现了示例内容"):
        postbuild(site)
    result = run_build_py(root, "postbuild", str(site))
    assert result.returncode == 1 and "收尾失败：发布构建中出现了示例内容" in result.stderr


def test_postbuild_needs_the_manifest(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><head></head></html>", encoding="utf-8")
    with pytest.raises(PostBuildError, match="找不到导出清单"):
        postbuild(site)


# --- a stock engine: ProperDocs, against the hook's MkDocs build -------------------------------


def _properdocs() -> Path | None:
    venv = Path(os.environ.get("PROPERDOCS_VENV", REPO / ".venv-properdocs"))
    executable = venv / "bin" / "properdocs"
    return executable if executable.is_file() else None


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The same content built twice: by MkDocs with the hook (`build.py build --publish`), and by
    stock ProperDocs from the export, then `build.py postbuild`."""
    properdocs = _properdocs()
    if properdocs is None:
        if os.environ.get("CI"):
            pytest.fail("ProperDocs is missing: scripts/dev.sh test installs it into .venv-properdocs")
        pytest.skip("ProperDocs is not installed (bash scripts/dev.sh test installs it into .venv-properdocs)")
    root = project(tmp_path_factory.mktemp("engines") / "project", with_demo=True)
    hooked = build_site(root, publish=True)
    assert hooked.returncode == 0, hooked.stderr
    exported = run_build_py(root, "export", "export")
    assert exported.returncode == 0, exported.stderr
    # Stock ProperDocs in its own virtualenv: none of this project's code or packages, no hook.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    built = subprocess.run(
        [str(properdocs), "build", "-f", str(root / "export" / "mkdocs.yml")],
        cwd=tmp_path_factory.mktemp("elsewhere"),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    finished = run_build_py(root, "postbuild", "export/site")
    assert finished.returncode == 0, finished.stderr
    assert "搜索索引 3 篇材料和 " in finished.stderr
    return root / "site", root / "export" / "site"


GENERATOR = re.compile(r'\s*<meta name="generator" content="[^"]*">')


def _article(html: str) -> str:
    return re.search(r"<article\b[^>]*>(.*)</article>", html, re.DOTALL).group(1)


def test_properdocs_builds_the_same_pages(two_builds):
    hooked, stock = two_builds
    hooked_files, stock_files = tree_bytes(hooked), tree_bytes(stock)
    pages = sorted(p for p in hooked_files if p.endswith(".html"))
    assert pages == sorted(p for p in stock_files if p.endswith(".html"))
    assert "schools/caimao/2019-zhigai/index.html" in pages and "news/2019-03-01-tuijinhui/index.html" in pages
    assert not any("xiaoqi-gongjian-shixun" in p for p in pages)  # the samples stay out of both
    for page in ("schools/caimao/2019-zhigai/index.html", "schools/dachang-qiche/2019-rich/index.html"):
        assert _article(stock_files[page].decode()) == _article(hooked_files[page].decode())
    # Every page is the same, but for the generator's name: the navigation, the table of contents
    # of the cases (from the front matter), the skip link (postbuild), the policy (postbuild).
    differing = [
        p for p in pages if GENERATOR.sub("", stock_files[p].decode()) != GENERATOR.sub("", hooked_files[p].decode())
    ]
    assert differing == []
    toc = stock_files["schools/caimao/2019-zhigai/index.html"].decode()
    assert 'href="#目标链与标准链" class="md-nav__link"' in toc and 'href="#实施背景" class="md-skip"' in toc
    assert all(b'http-equiv="Content-Security-Policy"' in stock_files[p] for p in pages)


def test_properdocs_site_has_the_same_files_and_search_index(two_builds):
    hooked, stock = two_builds
    hooked_files, stock_files = tree_bytes(hooked), tree_bytes(stock)
    others = sorted(p for p in hooked_files if not p.endswith(".html") and not p.startswith("sitemap.xml"))
    assert sorted(p for p in stock_files if not p.endswith(".html") and not p.startswith("sitemap.xml")) == others
    # Data files, images, the theme's assets and the search index: byte for byte.
    assert [p for p in others if stock_files[p] != hooked_files[p]] == []
    assert any(p.startswith("search/g/") for p in others) and "search/meta.json" in others
    # The sitemap lists the same pages (the hook writes the home page as "/./").
    locs = lambda files: sorted(re.findall(r"<loc>(.*?)</loc>", files["sitemap.xml"].decode()))  # noqa: E731
    assert locs(stock_files) == sorted(loc.replace("/./", "/") for loc in locs(hooked_files))


@pytest.mark.parametrize("query", ["实训", "诊改", "质量改进螺旋", "目标链", "双师型教师", "校企 实训", "推进会"])
def test_properdocs_site_finds_the_same_cases(two_builds, query):
    from showcase.output.search.query import IndexReader

    hooked, stock = (IndexReader(site / "search") for site in two_builds)
    expected = hooked.search(query)
    assert stock.search(query).results == expected.results
    if query != "推进会":  # news items are not in the case index
        assert expected.results

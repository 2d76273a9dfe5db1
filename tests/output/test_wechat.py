"""`python build.py wechat`: articles for the 公众号 editor hold inline styles only, every image
is present in order and under 1 MB, the title and the digest are within the editor's limits, and
hostile content does not survive."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import VALID_FRONT
from showcase.generate.render import TAGS
from showcase.load.content import load_site
from showcase.output import wechat

CASE = "schools/dachang-qiche/2019-shixun.md"
CASE_ID = "dachang-qiche/2019-shixun"
LONG_TITLE = "校企共建“教学—生产”一体化实训环境的探索，" + "以汽车运用与维修专业为例谈实训基地的建设、管理与评价" * 2
SUMMARY = "学校与合作企业共建实训环境，互聘师资。" * 9
BODY = """
## 实施背景

段落一，见《通知》[^1]，详见[教育部网站](https://www.moe.gov.cn/)与[本校另一篇](2018-other.md)。

![车间全景照片](images/photo.jpg)

| 改造方面 | 做法 |
| :-- | --: |
| 工位 | 按流程分区 |

!!! note "要点"
    先定标准再建设备。

![示意图](images/diagram.png)

再次引用同一张照片：

![车间全景照片](images/photo.jpg)

[^1]: 并教职〔2017〕1号。
"""


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> bytes:
    """A camera-like photo: 4000 × 3000 of noise, about 6 MB as a JPEG (the check allows 10 MB)."""
    path = tmp_path_factory.mktemp("photo") / "photo.jpg"
    Image.effect_noise((4000, 3000), 40).convert("RGB").save(path, "JPEG", quality=88)
    return path.read_bytes()


def _diagram(path: Path) -> None:
    picture = Image.new("RGBA", (1800, 900), (0, 0, 0, 0))
    picture.paste((26, 95, 180, 255), (100, 100, 900, 500))
    picture.save(path, "PNG")


def _front(title: str, summary: str, project: str = "school-enterprise") -> str:
    return (
        VALID_FRONT.replace("以诊促改的实践", title)
        .replace("学校建立质量改进螺旋。", summary)
        .replace("teaching-diagnosis", project)
    )


@pytest.fixture
def root(tree, photo):
    root = tree(
        {
            CASE: _front(f'"{LONG_TITLE}"', SUMMARY).split("## 实施背景")[0] + BODY,
            "schools/dachang-qiche/2018-other.md": _front("另一篇", "另一篇的摘要。"),
        }
    )
    images = root / "schools/dachang-qiche/images"
    images.mkdir()
    (images / "photo.jpg").write_bytes(photo)
    _diagram(images / "diagram.png")
    return root


def _run(root: Path, *ids: str, **options) -> tuple[int, list[str]]:
    lines: list[str] = []
    options.setdefault("featured", False)
    options.setdefault("demo", False)
    code = wechat.run(root, list(ids), out_dir=root / "dist" / "wechat", echo=lines.append, **options)
    return code, lines


def assert_pasteable(folder: Path) -> list[str]:
    """What the 公众号 editor needs of every file in ``folder``; returns the image names in order."""
    for path in folder.iterdir():
        if path.suffix not in (".html", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        assert "<style" not in lowered and "<script" not in lowered, path
        assert not re.search(r"\s(class|id)\s*=", lowered), path
        assert not re.search(r"\son[a-z]+\s*=", lowered), path
        assert "<a " not in lowered and "<a>" not in lowered, path
        assert "javascript:" not in lowered, path
        assert "<link" not in lowered and "<iframe" not in lowered and "<svg" not in lowered, path
    html = (folder / "article.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img src="([^"]*)"', html)
    for name in sources:
        assert re.fullmatch(r"\d{2}\.(jpg|png)", name), name
        assert (folder / name).is_file() and (folder / name).stat().st_size < 1024 * 1024, name
    first_seen = list(dict.fromkeys(sources))
    assert first_seen == [f"{n:02d}.{name.split('.')[1]}" for n, name in enumerate(first_seen, start=1)]
    numbered = sorted(p.name for p in folder.iterdir() if re.fullmatch(r"\d{2}\.(jpg|png)", p.name))
    assert numbered == first_seen  # no image file that the article does not show
    assert len((folder / "title.txt").read_text(encoding="utf-8").strip()) <= wechat.TITLE_MAX
    assert len((folder / "digest.txt").read_text(encoding="utf-8").strip()) <= wechat.DIGEST_MAX
    return sources


def test_an_article_holds_inline_styles_only_and_every_image_in_order(root):
    code, lines = _run(root, CASE_ID)
    assert code == 0, lines
    folder = root / "dist/wechat/dachang-qiche/2019-shixun"
    sources = assert_pasteable(folder)
    # Photo, diagram, the photo again: two files, in the order the body first shows them.
    assert sources == ["01.jpg", "02.png", "01.jpg"]
    with Image.open(folder / "01.jpg") as photo:
        assert photo.format == "JPEG" and photo.width == wechat.IMAGE_MAX_WIDTH and not photo.getexif()
    with Image.open(folder / "02.png") as diagram:
        assert diagram.format == "PNG" and diagram.mode == "RGBA"
    html = (folder / "article.html").read_text(encoding="utf-8")
    assert (
        '<p style="margin:6px 0 1.4em;font-size:14px;line-height:1.6;text-align:center;color:#888888">车间全景照片</p>'
        in html
    )
    assert "来源：山西大昌汽车专业学校" in html and "试点项目：校企合作模式" in html
    # Outside links become their text and the address, as text; the note number reads [1].
    assert "教育部网站<span" in html and "（https://www.moe.gov.cn/）" in html
    assert '<sup style="font-size:12px">[1]</sup>' in html and "[1] 并教职〔2017〕1号。" in html
    assert "¶" not in html and "↩" not in html
    assert "text-align:right" in html  # the table's column alignment, as a style
    for style in re.findall(r'style="([^"]*)"', html):
        assert "<" not in style and "url(" not in style


def test_every_element_of_the_sites_allow_list_has_a_style():
    assert set(wechat.ELEMENTS) == TAGS


def test_an_element_without_a_mapping_is_dropped_with_a_warning():
    body, warnings = wechat.inline_styled("<p>甲<marquee>乙</marquee></p>", lambda src: None, "x/", "")
    assert body == f'<p style="{wechat.PARAGRAPH}">甲乙</p>'
    assert warnings == ["正文中的 <marquee> 在公众号文章中没有对应的写法，已去掉标签、保留文字"]


def test_a_long_title_and_summary_are_cut_sensibly_with_a_warning(root):
    code, lines = _run(root, CASE_ID)
    folder = root / "dist/wechat/dachang-qiche/2019-shixun"
    title = (folder / "title.txt").read_text(encoding="utf-8").strip()
    # Cut at the last punctuation in the final third of the limit, not mid-word.
    assert title == "校企共建“教学—生产”一体化实训环境的探索，以汽车运用与维修专业为例谈实训基地的建设…"
    assert (
        f"提醒（{CASE_ID}）：标题有 {len(LONG_TITLE)} 字，超过公众号 64 字的上限，已截短为“{title}”；可以在 title.txt 里改写后再用"
        in lines
    )
    digest = (folder / "digest.txt").read_text(encoding="utf-8").strip()
    assert digest == "学校与合作企业共建实训环境，互聘师资。" * 6
    assert len(digest) == 114


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("短标题", 64, "短标题"),
        ("一" * 70, 64, "一" * 63 + "…"),
        ("甲" * 50 + "，" + "乙" * 30, 64, "甲" * 50 + "…"),
        ("甲" * 10 + "，" + "乙" * 70, 64, "甲" * 10 + "，" + "乙" * 52 + "…"),
    ],
)
def test_shorten(text, limit, expected):
    assert wechat.shorten(text, limit) == expected
    assert len(wechat.shorten(text, limit)) <= limit


def test_without_a_public_address_the_article_is_written_and_says_so(root):
    code, lines = _run(root, CASE_ID)
    assert code == 0
    assert lines[0] == (
        "提醒：未配置网站的公开地址（mkdocs.yml 的 site_url，或环境变量 SITE_URL），"
        "文章末尾没有原文地址，“阅读原文”请手动填写案例页的网址。"
    )
    folder = root / "dist/wechat/dachang-qiche/2019-shixun"
    assert not (folder / "source-url.txt").exists()
    assert "阅读原文：（未配置网站的公开地址，请手动填写案例页的网址）" in (folder / "publish.txt").read_text(
        encoding="utf-8"
    )


def test_with_a_public_address_the_page_address_is_text_and_in_its_own_file(root, monkeypatch):
    (root / "mkdocs.yml").write_text('site_url: !ENV [SITE_URL, ""]\n', encoding="utf-8")
    monkeypatch.setenv("SITE_URL", "https://showcase.example.gov.cn/taiyuan/")
    code, lines = _run(root, CASE_ID)
    assert code == 0, lines
    folder = root / "dist/wechat/dachang-qiche/2019-shixun"
    address = "https://showcase.example.gov.cn/taiyuan/schools/dachang-qiche/2019-shixun/"
    assert (folder / "source-url.txt").read_text(encoding="utf-8") == address + "\n"
    html = (folder / "article.html").read_text(encoding="utf-8")
    assert f'word-break:break-all">{address}</p>' in html
    # A link to another case of the site is given with that page's public address.
    assert (
        "本校另一篇<span" in html
        and "（https://showcase.example.gov.cn/taiyuan/schools/dachang-qiche/2018-other/）" in html
    )
    assert_pasteable(folder)


def test_an_unknown_id_is_answered_in_chinese_with_an_id_that_exists(root):
    code, lines = _run(root, "dachang-qiche/2019-shixn")
    assert code == 1
    assert lines == ["错误：找不到编号为“dachang-qiche/2019-shixn”的材料；你是不是想写“dachang-qiche/2019-shixun”？"]


def test_an_id_written_as_a_path_is_recognised(root):
    code, lines = _run(root, "schools/dachang-qiche/2019-shixun.md", CASE_ID)
    assert code == 0 and sum(line.startswith("已生成：") for line in lines) == 1


def test_several_ids_and_a_rerun_leave_no_stale_image(root):
    assert _run(root, CASE_ID, "dachang-qiche/2018-other")[0] == 0
    other = root / "dist/wechat/dachang-qiche/2018-other"
    assert sorted(p.name for p in other.iterdir()) == ["article.html", "digest.txt", "publish.txt", "title.txt"]
    (root / CASE).write_text(_front("无图", "无图。"), encoding="utf-8")
    assert _run(root, CASE_ID)[0] == 0
    assert not list((root / "dist/wechat/dachang-qiche/2019-shixun").glob("0*"))


def test_featured_writes_every_featured_case(root):
    (root / "featured.yml").write_text(
        f"- id: {CASE_ID}\n  reason: 好。\n- id: dachang-qiche/2018-other\n  reason: 也好。\n", encoding="utf-8"
    )
    code, lines = _run(root, featured=True)
    assert code == 0, lines
    assert lines[-1].startswith("完成：2 篇文章在 ")
    for stem in ("2019-shixun", "2018-other"):
        assert_pasteable(root / "dist/wechat/dachang-qiche" / stem)


def test_featured_with_an_empty_list_explains(root):
    (root / "featured.yml").write_text("[]\n", encoding="utf-8")
    code, lines = _run(root, featured=True)
    assert code == 1
    assert lines == [
        "推荐列表是空的：featured.yml 里还没有推荐的典型案例。（本地试用可加 --demo，用示例推荐列表 demo/featured.yml。）"
    ]


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="images/photo.jpg" onerror="alert(1)" alt="x">',
    "<IMG SRC=x OnError=alert(1)>",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="java\tscript:alert(1)">点我</a>',
    "<svg onload=alert(1)><circle/></svg>",
    '<p style="background:url(javascript:alert(1))" class="x" id="md-header">文字</p>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<div onclick="alert(1)">块</div>',
    "[点我](javascript:alert(1))",
    '<details open ontoggle="alert(1)"><summary>摘要</summary>内容</details>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_content_does_not_survive(root, hostile):
    """The check refuses such a file; should one reach the command anyway, nothing runs."""
    site, _ = load_site(root)
    submission = site.submission(CASE_ID)
    planted = dataclasses.replace(submission, body=submission.body + "\n\n" + hostile + "\n\n结尾。\n")
    folder = root / "dist/wechat/hostile"
    article = wechat.make_article(site, planted, "", folder)
    assert_pasteable(folder)
    lowered = article.html.lower()
    assert "alert" not in lowered and "evil.example" not in lowered and "display:none" not in lowered
    assert "结尾。" in article.html


def test_a_file_with_errors_gets_no_article(root):
    text = (root / CASE).read_text(encoding="utf-8")
    (root / CASE).write_text(text + "\n<script>alert(1)</script>\n", encoding="utf-8")
    code, lines = _run(root, CASE_ID)
    assert code == 1
    assert lines[-1] == f"错误：{CASE_ID} 有 {len(lines) - 2} 个错误，未生成文章。请先修改。"
    assert not (root / "dist/wechat/dachang-qiche/2019-shixun/article.html").exists()


def test_build_py_wechat_from_the_command_line(root):
    from support import run_build_py

    result = run_build_py(root, "wechat")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "请给出材料编号（如 python build.py wechat weisheng/2018-zhengai-baogao），或用 --featured 生成全部推荐案例。"
    )
    result = run_build_py(root, "wechat", "dachang-qiche/2018-othr", "-o", "out")
    assert result.returncode == 1
    assert (
        "错误：找不到编号为“dachang-qiche/2018-othr”的材料；你是不是想写“dachang-qiche/2018-other”？" in result.stderr
    )
    result = run_build_py(root, "wechat", "dachang-qiche/2018-other", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert_pasteable(root / "out/dachang-qiche/2018-other")

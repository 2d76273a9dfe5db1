"""The frame of every page: ``site.yml`` (one broken file per rule with its exact message, numbers
kept as written), the footer made from it (empty values left out), the parents of detail pages
(breadcrumb and active tab) and the site map page."""

from __future__ import annotations

import pytest

from conftest import VALID_FRONT, messages
from showcase.generate import chrome
from showcase.generate.site import generate
from showcase.load.content import load_site
from showcase.load.schema import SiteFile

FILLED = """host: 太原市教育局
operator: 太原市教育局职成科
address: 太原市某某路 1 号
postcode: 030000
phone: 0351-1234567转123
email: office@example.gov.cn
icp: 晋ICP备12345678号-1
police: 晋公网安备 14010502000000号
site_code: 1401000000
"""

RULES = [
    pytest.param(
        "host: 太原市<教育局>\n",
        "site.yml:1: host: 主办单位里不能有英文符号 <：网页、订阅源和导出的表格无法都安全地显示它；请改用中文书名号《》、全角＜＞＆或中文引号“” [错误 unsafe-char]",
        id="host-markup",
    ),
    pytest.param(
        'host: "太原\\u202e市"\n',
        "site.yml:1: host: 主办单位里有一个看不见的控制字符（U+202E）；请删除它（常见于从网页、PDF 或 Word 复制的文字，或写成了 \\u 转义） [错误 unsafe-char]",
        id="host-direction-control",
    ),
    pytest.param(
        "host: " + "甲" * 41 + "\n",
        "site.yml:1: host: 主办单位太长：最多 40 字，现在 41 字；请精简到 40 字以内 [错误 too-long]",
        id="host-too-long",
    ),
    pytest.param(
        "host: 甲\nhost: 乙\n",
        "site.yml:2: host: 字段“host”写了两次（第一次在第 1 行），只能保留一个；请删除重复的一行，或把两处内容合并 [错误 duplicate-key]",
        id="duplicate-key",
    ),
    pytest.param(
        "host: &a 甲\noperator: *a\n",
        "site.yml:1: 网站信息: YAML 的锚点和别名（& 和 *）在这里不能用；请把内容直接写出来；如果 & 或 * 是文字的一部分，请给整个值加上英文引号 [错误 yaml-anchor]",
        id="anchor",
    ),
    pytest.param(
        "host: [甲, 乙]\n",
        "site.yml:1: host: 主办单位应为一段文字，实际是一个列表（2 项）；文字里有英文冒号、# 号或以引号、方括号开头时，请给整个值加上英文引号 [错误 wrong-kind]",
        id="host-list",
    ),
    pytest.param(
        "postcode: 03000\n",
        "site.yml:1: postcode: 邮政编码的写法不对：“03000”；邮政编码是 6 位数字，如 030000 [错误 invalid-value]",
        id="postcode",
    ),
    pytest.param(
        "phone: 电话 0351\n",
        "site.yml:1: phone: 联系电话的写法不对：“电话 0351”；电话写成 区号-号码，如 0351-1234567；有分机时写成 0351-1234567转123 [错误 invalid-value]",
        id="phone",
    ),
    pytest.param(
        "email: office@gov\n",
        "site.yml:1: email: 电子邮箱的写法不对：“office@gov”；如 office@example.gov.cn [错误 invalid-value]",
        id="email",
    ),
    pytest.param(
        "email: office@example.gov.cn?subject=x\n",
        "site.yml:1: email: 电子邮箱的写法不对：“office@example.gov.cn?subject=x”；如 office@example.gov.cn [错误 invalid-value]",
        id="email-with-query",
    ),
    pytest.param(
        "icp: 晋ICP备1234号\n",
        "site.yml:1: icp: ICP 备案号的写法不对：“晋ICP备1234号”；照备案通知抄写，如 晋ICP备12345678号-1（省份简称、ICP备、数字、号） [错误 invalid-value]",
        id="icp",
    ),
    pytest.param(
        "police: 晋公网安备 1401050200000号\n",
        "site.yml:1: police: 公安备案号的写法不对：“晋公网安备 1401050200000号”；照公安机关的备案通知抄写，如 晋公网安备 14010502000000号（14 位数字） [错误 invalid-value]",
        id="police-13-digits",
    ),
    pytest.param(
        "site_code: 0x1234\n",
        "site.yml:1: site_code: 网站标识码的写法不对：“0x1234”；网站标识码是 10 位数字或字母，照政府网站信息报送系统分配的抄写 [错误 invalid-value]",
        id="site-code",
    ),
    pytest.param(
        "host: 太原市教育局\nfax: 1\n",
        "site.yml:2: fax: 不认识的字段“fax”，这一项不会被使用；可用的字段有：host, operator, address, postcode, phone, email, icp, police, site_code [错误 unknown-key]",
        id="unknown-key",
    ),
    pytest.param(
        "- host\n",
        "site.yml:1: 网站信息: 网站信息应该是若干“字段名: 值”行，实际是一个列表（1 项）；请对照模板，每行写一个“字段名: 值” [错误 not-a-mapping]",
        id="not-a-mapping",
    ),
]


@pytest.mark.parametrize(("text", "expected"), RULES)
def test_site_file_rules(tree, text, expected):
    root = tree({"site.yml": text})
    assert [m for m in messages(root) if m.startswith("site.yml")] == [expected]
    # A file with a mistake puts nothing in the footer: no half-checked registration number.
    assert load_site(root)[0].info == SiteFile()


def test_numbers_are_kept_as_written(tree):
    """YAML would read 030000 as the octal number 12288: every value is kept as the bureau wrote it."""
    site, problems = load_site(tree({"site.yml": FILLED}))
    assert [p.format() for p in problems if p.path == "site.yml"] == []
    assert site.info == SiteFile(
        host="太原市教育局",
        operator="太原市教育局职成科",
        address="太原市某某路 1 号",
        postcode="030000",
        phone="0351-1234567转123",
        email="office@example.gov.cn",
        icp="晋ICP备12345678号-1",
        police="晋公网安备 14010502000000号",
        site_code="1401000000",
    )


def test_repository_site_file_ships_empty():
    """The repository's site.yml names nothing: the bureau fills it in; nothing is invented."""
    from conftest import REPO
    from showcase.load.bureau import load_site_info
    from showcase.problems import Problems

    problems = Problems()
    assert load_site_info(REPO, problems) == SiteFile()
    assert list(problems) == []


def test_empty_footer_has_only_the_site_links():
    assert chrome.footer(SiteFile()) == {
        "lines": [],
        "copyright": "",
        "links": [
            {"label": "", "text": "网站地图", "href": "sitemap/"},
            {"label": "", "text": "投稿指南", "href": "guide/"},
        ],
    }


def test_filled_footer_in_order_with_registry_links(tree):
    site, _ = load_site(tree({"site.yml": FILLED}))
    footer = chrome.footer(site.info)
    assert [[(i["label"], i["text"], i["href"]) for i in line] for line in footer["lines"]] == [
        [("主办单位", "太原市教育局", ""), ("承办单位", "太原市教育局职成科", "")],
        [
            ("地址", "太原市某某路 1 号", ""),
            ("邮编", "030000", ""),
            ("电话", "0351-1234567转123", "tel:03511234567"),
            ("邮箱", "office@example.gov.cn", "mailto:office@example.gov.cn"),
        ],
        [
            ("", "晋ICP备12345678号-1", "https://beian.miit.gov.cn/"),
            ("", "晋公网安备 14010502000000号", "https://beian.mps.gov.cn/#/query/webSearch?code=14010502000000"),
            ("网站标识码", "1401000000", ""),
        ],
    ]
    assert footer["copyright"] == "版权所有 © 太原市教育局"


def test_each_value_alone_shows_alone():
    """Whatever the bureau has given shows, and nothing else: no label without its value, no
    copyright line without the host."""
    footer = chrome.footer(SiteFile(icp="晋ICP备12345678号"))
    assert footer["lines"] == [[{"label": "", "text": "晋ICP备12345678号", "href": "https://beian.miit.gov.cn/"}]]
    assert footer["copyright"] == ""
    footer = chrome.footer(SiteFile(phone="0351-1234567"))
    assert footer["lines"] == [[{"label": "电话", "text": "0351-1234567", "href": "tel:03511234567"}]]


def test_detail_pages_name_their_parents(tree):
    site, _ = load_site(tree({"schools/caimao/2018-zhigai.md": VALID_FRONT}))
    pages = {page.uri: page.content for page in generate(site)}
    assert (
        'sc_trail: [{"title": "试点学校", "url": "schools/"}]\nhide: [navigation]\n' in pages["schools/caimao/index.md"]
    )
    assert 'sc_trail: [{"title": "试点项目", "url": "projects/"}]\n' in pages["projects/teaching-diagnosis/index.md"]
    assert (
        'sc_trail: [{"title": "试点学校", "url": "schools/"}, {"title": "太原市财贸学校", "url": "schools/caimao/"}]\n'
        in pages["schools/caimao/2018-zhigai.md"]
    )
    # Listed pages take their place from the navigation.
    assert chrome.listing_trail(site) == [{"title": "案例", "url": "cases/"}]
    assert "sc_trail" not in pages["schools/index.md"] and "sc_trail" not in pages["cases/index.md"]


def test_section_titles_come_from_the_navigation(tree):
    site, _ = load_site(tree())
    assert chrome.section(site, "news/index.md") == [{"title": "新闻", "url": "news/"}]
    assert chrome.section(site, "progress/summary.md") == [{"title": "试点进展", "url": "progress/summary/"}]
    assert chrome.section(site, "nowhere.md") == []


def test_site_map_lists_every_section_project_school_and_news(tree):
    news = "---\ntitle: 例会纪要\ndate: 2018-03-01\nkind: 会议纪要\nsummary: 听取进展。\n---\n\n正文。\n"
    site, _ = load_site(tree({"news/2018-03-01-liehui.md": news}))
    page = next(page for page in generate(site) if page.uri == "sitemap.md")
    for project in site.projects.values():
        assert f"]({project.uri})" in page.content
    for school in site.schools.values():
        assert f"- [{school.name}]({school.uri})" in page.content
    for entry in site.nav:
        assert entry.title in page.content
    assert "    - [例会纪要](news/2018-03-01-liehui.md)" in page.content
    assert "- [（一）教学诊断与改进](projects/teaching-diagnosis/index.md)" in page.content


def test_site_map_follows_a_deeper_navigation(tree):
    """A section inside a section is listed with its pages on one line (no link to nowhere)."""
    from showcase.config import NavEntry
    from showcase.generate.pages import site_map_page

    site, _ = load_site(tree())
    deeper = NavEntry("二级", children=(NavEntry("甲", "notice.md"), NavEntry("乙", "guide/index.md")))
    site.nav = (*site.nav, NavEntry("一级", children=(deeper,)))
    assert site_map_page(site).content.endswith("- 一级\n    - 二级：[甲](notice.md)、[乙](guide/index.md)\n\n</div>\n")


def test_no_site_file_is_no_problem(tree):
    root = tree()
    assert not (root / "site.yml").exists()
    assert [m for m in messages(root) if "site.yml" in m] == []
    assert load_site(root)[0].info == SiteFile()

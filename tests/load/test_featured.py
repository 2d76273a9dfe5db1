"""featured.yml: an id written as a path, a file name or a page address is recognised, and every
suggested fix is an id that exists; applying the suggestion makes the check pass."""

from __future__ import annotations

import re

import pytest

from conftest import VALID_FRONT, messages
from showcase.load.content import featured_id_of, load_site

CASE = "schools/caimao/2018-case.md"
OTHER = "schools/jiaotong/2019-shixun-jidi.md"


def _featured(written: str) -> str:
    return f"- id: {written}\n  reason: 以诊改为抓手，形成质量改进机制。\n"


def _tree(tree, written: str):
    other = VALID_FRONT.replace("以诊促改的实践", "实训基地建设").replace("teaching-diagnosis", "teaching-reform")
    return tree({CASE: VALID_FRONT, OTHER: other, "featured.yml": _featured(written)})


@pytest.mark.parametrize(
    "written",
    [
        "caimao/2018-case.md",
        "schools/caimao/2018-case.md",
        "schools/caimao/2018-case",
        "./schools/caimao/2018-case.md",
        "schools\\caimao\\2018-case.md",
        "/schools/caimao/2018-case/",
        "https://showcase.example.gov.cn/taiyuan/schools/caimao/2018-case/",
        "2018-case",
        "2018-case.md",
    ],
)
def test_a_path_or_address_of_a_case_gets_its_exact_id_and_the_fix_passes(tree, written):
    root = _tree(tree, f"'{written}'")
    assert messages(root) == [
        f"featured.yml:1: id: 材料编号“{written}”的写法不对：编号是“学校编号/文件名”，不带 schools/、.md 或网址；"
        "请写成 caimao/2018-case [错误 unknown-featured]"
    ]
    fix = re.search(r"请写成 (\S+) \[", messages(root)[0]).group(1)
    (root / "featured.yml").write_text(_featured(fix), encoding="utf-8")
    assert messages(root) == []
    site, _ = load_site(root)
    assert [f.submission.id for f in site.featured] == ["caimao/2018-case"]


@pytest.mark.parametrize(
    "written, meant",
    [
        ("caimao/2018-cases", "caimao/2018-case"),
        ("caimao/2018-casee.md", "caimao/2018-case"),
        ("schools/jiaotong/2019-shixun-jid.md", "jiaotong/2019-shixun-jidi"),
        ("jiaotong/2019-shixunjidi", "jiaotong/2019-shixun-jidi"),
    ],
)
def test_a_misspelt_id_is_offered_an_id_that_exists_and_the_fix_passes(tree, written, meant):
    root = _tree(tree, written)
    assert messages(root) == [
        f"featured.yml:1: id: 找不到编号为“{written}”的材料；你是不是想写“{meant}”？ [错误 unknown-featured]"
    ]
    (root / "featured.yml").write_text(_featured(meant), encoding="utf-8")
    assert messages(root) == []


def test_an_id_like_nothing_explains_the_form_and_where_to_copy_it(tree):
    root = _tree(tree, "zzzz")
    assert messages(root) == [
        "featured.yml:1: id: 找不到编号为“zzzz”的材料；编号是“学校编号/文件名”，如 weisheng/2018-zhengai-baogao；"
        "每篇材料的页面上写着它的案例编号 [错误 unknown-featured]"
    ]


def test_a_case_with_errors_is_named_by_its_id_even_when_written_as_a_path(tree):
    root = _tree(tree, "schools/caimao/2018-case.md")
    (root / CASE).write_text(VALID_FRONT.replace("type: 典型案例", "type: 不存在的类型"), encoding="utf-8")
    featured = [m for m in messages(root) if m.startswith("featured.yml")]
    assert featured == [
        "featured.yml:1: id: 推荐的材料“caimao/2018-case”暂不能发布：schools/caimao/2018-case.md 还有错误（见该文件的错误说明）；"
        "该校修正后，这篇材料会自动列入典型案例；另外，编号请写成 caimao/2018-case [提醒 featured-waiting]"
    ]


def test_a_file_name_shared_by_two_schools_is_not_guessed(tree):
    root = tree(
        {
            CASE: VALID_FRONT,
            "schools/jiaotong/2018-case.md": VALID_FRONT.replace("以诊促改的实践", "另一篇").replace(
                "teaching-diagnosis", "teaching-reform"
            ),
            "featured.yml": _featured("2018-case.md"),
        }
    )
    (message,) = messages(root)
    assert message.startswith("featured.yml:1: id: 找不到编号为“2018-case.md”的材料")


@pytest.mark.parametrize(
    "written, meant",
    [
        ("schools/x/2019-y.md", "x/2019-y"),
        ("x/2019-y.MD", "x/2019-y"),
        ("schools/x/2019-y/index.md", "x/2019-y"),
        ("http://a.example/b/schools/x/2019-y/#主要做法", "x/2019-y"),
        ("x/2019-y", "x/2019-y"),
    ],
)
def test_featured_id_of(written, meant):
    assert featured_id_of(written) == meant

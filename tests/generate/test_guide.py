"""The contributor guide links the repository that cms.yml names, with a plain link; while it
names none, the guide says to ask the bureau and never guesses an address."""

from __future__ import annotations

import pytest

from conftest import messages
from showcase.generate.pages import guide_page
from showcase.load.content import load_site


def guide(root) -> str:
    site, problems = load_site(root)
    assert [p.format() for p in problems.errors] == []
    return guide_page(site).content


def test_no_repository_named_no_address_guessed(tree):
    text = guide(tree())
    assert "打开本站的代码仓库（地址请向市教育局询问），进入 `schools` 文件夹" in text
    assert "git clone <仓库地址> && cd <仓库文件夹>" in text
    assert "github.com/" not in text.split("## 给市教育局管理员")[0]


@pytest.mark.parametrize(
    "cms, address, folder",
    [
        (
            "backend: github\nrepo: taiyuan-jyj/showcase\nbase_url: https://login.example.gov.cn\n",
            "https://github.com/taiyuan-jyj/showcase",
            "showcase",
        ),
        (
            "backend: gitea\nrepo: jyj/zhongzhi\nbase_url: https://git.example.edu.cn/\napp_id: abc\n",
            "https://git.example.edu.cn/jyj/zhongzhi",
            "zhongzhi",
        ),
    ],
)
def test_the_repository_cms_yml_names_is_linked(tree, cms, address, folder):
    root = tree({"cms.yml": cms})
    text = guide(root)
    assert f"打开本站的代码仓库（<{address}>），进入 `schools` 文件夹" in text
    assert f"git clone {address}.git && cd {folder}" in text
    assert messages(root) == []

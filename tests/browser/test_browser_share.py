"""The share QR code in a real strict build: drawn from SITE_URL and shown on a phone under the
pages' policy; without a public address the build says so once and still passes."""

from __future__ import annotations

import os

import pytest

from conftest import VALID_FRONT, make_tree
from showcase.generate import share
from support import build_site, image_loads, phone_page, serve

CASE = "schools/caimao/2018-case/"


def _build(tmp_path_factory, environ):
    root = make_tree(tmp_path_factory.mktemp("share"), {"schools/caimao/2018-case.md": VALID_FRONT})
    result = build_site(root, environ=environ)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site", result.stderr


@pytest.fixture(scope="module")
def with_address(tmp_path_factory):
    return _build(tmp_path_factory, {"SITE_URL": "https://showcase.example.gov.cn/taiyuan/"})


def test_without_an_address_the_strict_build_says_so_once_and_draws_nothing(tmp_path_factory):
    environ = {"SITE_URL": ""} if "SITE_URL" in os.environ else {}
    site, log = _build(tmp_path_factory, environ)
    assert log.count(share.NO_SITE_URL) == 1
    assert f"INFO    -  {share.NO_SITE_URL}" in log
    assert not (site / CASE / share.QR_FILE).exists()
    html = (site / CASE / "index.html").read_text(encoding="utf-8")
    assert "案例编号：<code>caimao/2018-case</code>" in html and "share-qr.svg" not in html


def test_with_an_address_the_code_is_beside_the_page_and_shows_on_a_phone(browser, with_address):
    site, log = with_address
    assert share.NO_SITE_URL not in log
    assert (site / CASE / share.QR_FILE).read_bytes() == share.qr_svg("https://showcase.example.gov.cn/taiyuan/" + CASE)
    with serve(site) as base, phone_page(browser, base) as page:
        page.goto(base + CASE)
        code = page.get_by_role("img", name="用微信扫码在手机上打开本页")
        code.scroll_into_view_if_needed()
        assert image_loads(code)
        box = code.bounding_box()
        assert box["width"] == 144 and box["height"] == 144
        assert page.locator(".sc-share__id code").inner_text() == "caimao/2018-case"
        assert page.outside == []

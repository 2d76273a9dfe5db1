"""Case pages: the case id to copy, and a QR code of the page's public address (only when the
site has one), drawn at build time as an SVG without style or script."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest
import segno

from conftest import VALID_FRONT
from showcase.generate import share
from showcase.generate.site import data_files, generate
from showcase.load.content import load_site

SITE_URL = "https://showcase.example.gov.cn/taiyuan/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site(tree):
    root = tree(
        {
            "schools/caimao/2018-case.md": VALID_FRONT,
            "schools/caimao/2019-other.md": VALID_FRONT.replace("以诊促改的实践", "第二篇"),
        }
    )
    loaded, problems = load_site(root)
    assert not problems, [p.format() for p in problems]
    return loaded


def _page(site, site_url=""):
    return next(p.content for p in generate(site, site_url) if p.uri == "schools/caimao/2018-case.md")


def _modules(svg: bytes) -> list[list[bool]]:
    """The dark modules of segno's SVG path (runs of ``h`` strokes on half-module rows)."""
    root = ET.fromstring(svg)
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#000"]
    width = int(root.get("viewBox").split()[2])
    rows = [[False] * width for _ in range(width)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path.get("d")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                rows[int(y)][column] = True
            x += float(a)
    return rows


def test_every_case_page_shows_its_id_to_copy(site):
    assert (
        '<p class="sc-share__id">案例编号：<code>caimao/2018-case</code>'
        '<span class="sc-share__hint">（市教育局推荐典型案例时填写这一编号）</span></p>' in _page(site)
    )


def test_without_a_public_address_no_code_is_drawn(site):
    assert "share-qr.svg" not in _page(site) and "<img" not in _page(site).split('class="sc-share"')[1]
    assert [f.uri for f in data_files(site) if f.uri.endswith(share.QR_FILE)] == []


def test_with_a_public_address_each_page_shows_its_own_code(site):
    page = _page(site, SITE_URL)
    assert (
        '<figure class="sc-share__qr">\n<img src="share-qr.svg" alt="用微信扫码在手机上打开本页" width="144" height="144"'
        ' loading="lazy" decoding="async">\n<figcaption>用微信扫码在手机上打开本页</figcaption>\n</figure>' in page
    )
    codes = {f.uri: f.data for f in data_files(site, SITE_URL) if f.uri.endswith(share.QR_FILE)}
    assert sorted(codes) == ["schools/caimao/2018-case/share-qr.svg", "schools/caimao/2019-other/share-qr.svg"]
    for uri, svg in codes.items():
        address = SITE_URL + uri.removesuffix(share.QR_FILE)
        # The drawing is exactly the QR code of the page's address (quiet zone of four modules).
        expected = [
            [bool(m) for m in row] for row in segno.make(address, error="m", micro=False, mask=share.MASK).matrix
        ]
        drawn = _modules(svg)
        assert [row[4:-4] for row in drawn[4:-4]] == expected
        assert not any(any(row) for row in drawn[:4] + drawn[-4:])


def test_the_code_is_plain_svg_for_the_pages_policy(site):
    svg = share.qr_svg(SITE_URL + "schools/caimao/2018-case/")
    root = ET.fromstring(svg)
    names = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert names == {"svg", "title", "path"}
    attributes = {name for element in root.iter() for name in element.attrib}
    assert not {"style", "class", "href", "{http://www.w3.org/1999/xlink}href"} & attributes
    assert not any(name.startswith("on") for name in attributes)
    assert root.find(f"{SVG}title").text == "用微信扫码在手机上打开本页"
    assert b"<script" not in svg and b"<style" not in svg


def test_page_address_keeps_one_slash_and_quotes_the_path(site):
    submission = site.submission("caimao/2018-case")
    assert share.page_address("https://a.example/x", submission) == "https://a.example/x/schools/caimao/2018-case/"
    assert share.page_address("https://a.example/x/", submission) == "https://a.example/x/schools/caimao/2018-case/"
    assert share.page_address("", submission) == ""
    odd = dataclasses.replace(submission, stem="2018-案例\udce9 x")
    assert (
        share.page_address("https://a.example/", odd)
        == "https://a.example/schools/caimao/2018-%E6%A1%88%E4%BE%8B%E9%20x/"
    )


def test_the_same_site_gives_the_same_bytes(site):
    first = [(f.uri, f.data) for f in data_files(site, SITE_URL)]
    assert first == [(f.uri, f.data) for f in data_files(site, SITE_URL)]

import pytest

from showcase.output.search.textnorm import (
    fnv1a,
    grams_of_text,
    html_to_text,
    normalize,
    query_terms,
    term_grams,
)


def test_normalize_width_case_space():
    assert normalize("  Ｐｙｔｈｏｎ编程\u3000 6Ｓ管理\n\t1＋X ") == "python编程 6s管理 1+x"


def test_normalize_zero_width_and_nfc():
    assert normalize("产业\u200b园区") == "产业园区"
    assert normalize("e\u0301") == normalize("\u00e9") == "\u00e9"


def test_normalize_keeps_chinese_punctuation_folded():
    # NFKC folds full-width punctuation; both index and query see the same
    assert normalize("诊改，实训（一）") == "诊改,实训(一)"


def test_query_terms_dedup_and_implied():
    assert query_terms("园区 产业园区  园区") == ["产业园区"]
    assert query_terms("6S管理 Python编程") == ["6s管理", "python编程"]
    assert query_terms("   ") == []


def test_grams_do_not_span_spaces():
    g = grams_of_text("产业 园区")
    assert "业园" not in g and "产业" in g and "园区" in g and "园" in g
    assert "abc" in grams_of_text("xabcx")


def test_term_grams():
    assert term_grams("园") == ["园"]
    assert term_grams("园区") == ["园区"]
    assert term_grams("证书制") == ["证书制"]
    assert term_grams("1+x证书制度") == ["1+x", "+x证", "x证书", "证书制", "书制度"]
    long = term_grams("一二三四五六七八九十甲乙丙丁戊己庚辛")
    assert len(long) == 12 and long[0] == "一二三" and long[-1] == "庚辛" or long[-1] == "己庚辛"


def test_fnv1a_known_values():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # FNV-1a 32 reference value
    assert fnv1a("园区") == fnv1a("园区") and fnv1a("园区") != fnv1a("区园")


def test_html_to_text():
    html = """<html><head><title>x</title><style>p{}</style></head><body>
    <h2 id="a">实施背景<a class="headerlink" href="#a">¶</a></h2>
    <p>第一段&nbsp;文字<br>第二行 &amp; 更多</p>
    <script>var secret = "不可见";</script>
    <ul><li>列表一<li>列表二</ul>
    <table><tr><th>指标</th><th>2019年</th></tr><tr><td>就业率</td><td>95%</td></tr></table>
    <div hidden>隐藏</div><p>行内<strong>加粗</strong>文字</p></body></html>"""
    text = html_to_text(html)
    assert text.split("\n") == [
        "实施背景",
        "第一段 文字",
        "第二行 & 更多",
        "列表一",
        "列表二",
        "指标 2019年",
        "就业率 95%",
        "行内加粗文字",
    ]
    assert "¶" not in text and "secret" not in text and "隐藏" not in text


@pytest.mark.parametrize(
    "html",
    [
        "<p>a<br/>b</p>",
        "<div/>x",
        "<span hidden>h</span>v",
        '<a class="headerlink" href="#x">¶</a>t',
        "<td>1</td><td>2</td>",
        "<p>&lt;x&gt; &amp; &#20013; &nbsp;</p>",
        "<p title='a>b'>q</p>",
        "<DIV>Up</DIV>",
        '<a aria-hidden="true">z</a>w',
        "<p>1 < 2</p>",
        "<x-y>k</x-y>",
        '<img alt="a"/>',
        "<p>unclosed<li>x",
        "</p>stray",
        "<div hidden/>after",
        "<td/>c",
        "<!-- note -->text",
        '<p class="x headerlink">gone</p>kept',
        '<h2 id="a">实施背景<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2><p>正文</p>',
        "<table><thead><tr><th>指标</th></tr></thead><tbody><tr><td>就业率</td></tr></tbody></table>",
        "<script>x</script>y",
        "<P>upper</P>",
        "<p data-x=1 hidden=hidden>h</p>z",
        "plain & simple",
    ],
)
def test_fast_text_extraction_matches_htmlparser(html):
    """The regular-expression fast path gives exactly what HTMLParser gives (or steps aside)."""
    from showcase.output.search.textnorm import _TextExtractor, _visible_parts_fast

    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    fast = _visible_parts_fast(html)
    assert fast is None or "".join(fast) == "".join(parser.parts)

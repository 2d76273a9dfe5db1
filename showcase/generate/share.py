"""Share: each case page's public address as a QR code, for readers who open it on a phone
(WeChat's scanner opens it in its browser), made at build time with segno; no outside service.

A QR code can only hold an absolute address, so it needs the site's public address
(``site_url`` in ``mkdocs.yml``, or the ``SITE_URL`` environment variable); without one no code
is drawn.  The code is a separate SVG file beside the page (``share-qr.svg``), shown with
``<img>``: the file is loaded lazily, the page's HTML stays small, and the SVG has no inline
style for the pages' content security policy to refuse.

Cost: segno chooses among the eight mask patterns by scoring all of them, which took about
four fifths of the time per code (measured: 8 ms with the choice, 1.4 ms with a fixed mask, for
a 90-character address).  ISO/IEC 18004 defines all eight patterns, and every reader decodes
each, so one fixed pattern is used: about 2 ms a case with the SVG (``bench/share_bench.py``),
made in the process that writes the data files, beside the page generation.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import segno

from showcase.generate.page import DataFile
from showcase.generate.safe_text import url_text
from showcase.load.model import Site, Submission

#: File name of a case page's QR code, in the page's own folder (``schools/<school>/<name>/``).
QR_FILE = "share-qr.svg"
#: The fixed mask pattern (see the module's docstring).
MASK = 0
#: Alternative text of the code, for readers who cannot see it.
ALT = "用微信扫码在手机上打开本页"
#: Notice when no public address is configured (said once per build, not a problem).
NO_SITE_URL = (
    "未配置网站的公开地址（mkdocs.yml 的 site_url，或环境变量 SITE_URL），案例页不显示分享二维码；"
    "正式发布时请设置，如 SITE_URL=https://example.gov.cn/showcase/"
)


def page_address(site_url: str, submission: Submission) -> str:
    """The public address of a case page (``site_url`` + the page's path), or '' without one."""
    if not site_url:
        return ""
    # Surrogates and controls first (a file name that was not UTF-8), then everything not ASCII.
    return site_url.rstrip("/") + "/" + quote(url_text(submission.url), safe="/%")


def qr_svg(address: str) -> bytes:
    """A QR code of ``address`` as a small SVG: one black path on white, no style, no script."""
    code = segno.make(address, error="m", micro=False, mask=MASK)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        svgclass=None,
        lineclass=None,
        omitsize=True,  # a viewBox only: the page sets the size it is shown at
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        title=ALT,
    )
    # Shown at 144 px, a module is not a whole number of pixels: without crisp edges the browser
    # smooths them into grey seams (an SVG presentation attribute, not a style: the CSP allows it).
    return out.getvalue().replace(b'<path stroke="#000"', b'<path shape-rendering="crispEdges" stroke="#000"', 1)


def qr_uri(submission: Submission) -> str:
    """Site path of a case's QR code file."""
    return submission.url + QR_FILE


def qr_files(site: Site, site_url: str) -> list[DataFile]:
    """The QR code of every case page, or none when the site has no public address."""
    if not site_url:
        return []
    return [DataFile(qr_uri(s), qr_svg(page_address(site_url, s))) for s in site.submissions]

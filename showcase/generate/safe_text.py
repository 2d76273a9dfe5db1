"""Text made safe for the files the site generates beside its pages: feeds, CSV, XLSX, JSON.

``check`` refuses control characters in submissions; these helpers are the second line, so that
whatever a title or a file name holds, a generated file stays well-formed and harmless:

* :func:`xml_text` drops the characters XML 1.0 does not allow (C0 controls but tab, LF and CR;
  lone surrogates, which a non-UTF-8 file name turns into; U+FFFE and U+FFFF).  An XML parser
  refuses a whole feed or workbook for one of them, and UTF-8 cannot encode a surrogate at all.
* :func:`url_text` keeps a URL usable: a surrogate that stands for a byte of a non-UTF-8 file
  name becomes that byte percent-encoded, controls and spaces are percent-encoded.
* :func:`spreadsheet_cell` neutralises a text cell that a spreadsheet would run as a formula
  (CSV or formula injection, OWASP): one starting with ``=``, ``+``, ``-``, ``@``, tab or CR
  gets a leading apostrophe.  Numbers and dates are not text and stay as they are.
"""

from __future__ import annotations

import re
from urllib.parse import quote

#: Characters not allowed in XML 1.0 documents (https://www.w3.org/TR/xml/#charsets).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What :func:`url_text` percent-encodes.
_NOT_URL = re.compile("[\x00-\x20\x7f\ud800-\udfff\ufffe\uffff]")
#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow."""
    return NOT_XML.sub("", text)


def _percent(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte a non-UTF-8 file name had
        return f"%{code - 0xDC00:02X}"
    if 0xD800 <= code <= 0xDFFF:
        return quote("\ufffd")
    return quote(match.group(), safe="")


def url_text(url: str) -> str:
    """``url`` with surrogates, controls and spaces percent-encoded (valid in XML and UTF-8)."""
    return _NOT_URL.sub(_percent, url)


def spreadsheet_cell(value: object) -> object:
    """A cell for CSV or XLSX: text made XML-safe and, if it looks like a formula, prefixed with
    an apostrophe; numbers, dates and everything else unchanged."""
    if not isinstance(value, str):
        return value
    value = xml_text(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def spreadsheet_row(values: list[object] | tuple[object, ...]) -> list[object]:
    return [spreadsheet_cell(value) for value in values]

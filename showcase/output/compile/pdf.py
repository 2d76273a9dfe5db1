"""Print the compilation as a PDF with WeasyPrint: CSS paged media gives the table of contents
its page numbers (``target-counter``), the running headers (``string-set``) and the footnotes
(``float: footnote``); the CJK fonts are embedded as subsets.  The images are the edition's copies
(:mod:`.editions`), and WeasyPrint is told the edition's resolution limit too, so that an image
drawn smaller than its copy was made for (in a list or a table) is not embedded above it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from showcase.output.compile.document import STYLESHEET, Target, build_html
from showcase.output.compile.editions import Edition
from showcase.output.compile.gather import Compilation

_LAYOUT_STEP = re.compile(r"Step 5 - Creating layout - Page (\d+)")


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's layout log (one line per page) into a Chinese line every 10 pages."""

    def __init__(self, progress: Callable[[str], None]):
        super().__init__(logging.INFO)
        self.progress = progress
        self.last_page = 0

    def emit(self, record: logging.LogRecord) -> None:
        match = _LAYOUT_STEP.match(record.getMessage())
        if not match:
            return
        page = int(match.group(1))
        if page < self.last_page:
            # WeasyPrint lays out again once the table of contents knows its page numbers.
            self.progress("正在第二遍排版（填入目录页码）……")
        self.last_page = page
        if page % 10 == 0:
            self.progress(f"正在分页：已排到第 {page} 页……")


def write_pdf(
    compilation: Compilation,
    target: Path,
    edition: Edition,
    cache_dir: Path,
    progress: Callable[[str], None] = lambda _: None,
) -> PdfResult:
    """Lay out ``compilation`` and write its ``edition`` to ``target``; returns the page count."""
    from weasyprint import CSS, HTML  # heavy; only the compile command needs it

    html = build_html(compilation, Target("pdf", edition, cache_dir), progress)
    running = (
        f"body {{ string-set: book {_css_string(compilation.title)}"
        + (', demo "示例"' if compilation.demo else "")
        + " }"
    )
    logger = logging.getLogger("weasyprint.progress")
    handler = _ProgressHandler(progress)
    logger.addHandler(handler)
    previous_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        progress("正在分页……")
        document = HTML(string=html, base_url=str(target.parent)).render(
            stylesheets=[CSS(filename=str(STYLESHEET)), CSS(string=running)],
        )
        progress(f"共 {len(document.pages)} 页，正在写入 PDF（嵌入字体）……")
        target.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(target, dpi=edition.max_ppi)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
    return PdfResult(target, len(document.pages))

"""``python build.py compile``: from the bureau's featured list to the compilation in two
editions (:mod:`.editions`), each as a PDF and an editable Word file, in one command, with
progress lines and a summary (time, pages, sizes).

The official list (``featured.yml``) is the default.  The sample cases of ``demo/`` come in only
when asked for (``--demo``), and then every page says 示例; an official compilation never does.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from showcase.load.content import load_site
from showcase.output.compile.editions import EDITIONS, Edition
from showcase.output.compile.gather import gather

#: Copies of the images, per edition (outside the folders ``serve`` watches).
CACHE = Path(".cache") / "compilation"
#: Characters Windows does not allow in a file name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name(title: str, edition: Edition, demo: bool, suffix: str) -> str:
    """``典型案例汇编（屏幕版）.pdf``: the title and the edition, so that whoever receives the file
    sees what it is (``（示例·屏幕版）`` for sample content)."""
    stem = _UNSAFE.sub("", title).strip(" .") or "典型案例汇编"
    return f"{stem[:60]}（{'示例·' if demo else ''}{edition.label}）{suffix}"


def size_text(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def run(
    root: Path,
    *,
    demo: bool,
    out_dir: Path,
    formats: tuple[str, ...] = ("pdf", "docx"),
    editions: tuple[str, ...] = ("screen", "print"),
    echo: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> int:
    """Compile; returns the exit code (0 on success, 1 with a Chinese explanation otherwise)."""
    started = time.perf_counter()
    echo("第 1 步：检查内容……")
    site, problems = load_site(root, demo=demo)
    for problem in problems:
        echo(problem.format())
    if problems.errors:
        echo(f"内容有 {len(problems.errors)} 个错误，未生成汇编。请按上面的提示修改后重试。")
        return 1
    compilation = gather(site)
    if not compilation.cases:
        echo(
            "推荐列表是空的，没有可以汇编的典型案例。"
            "请市教育局在仓库根目录的 featured.yml 中按顺序列出推荐的材料（每项写 id 和 reason），再运行本命令。"
            + ("" if demo else "（只想看看汇编的样子，可以加 --demo，用示例推荐列表 demo/featured.yml 生成示例汇编。）")
        )
        return 1
    label = "（含示例材料：每页标注“示例”，仅供演示）" if compilation.demo else ""
    echo(f"第 2 步：汇编 {len(compilation.cases)} 篇典型案例{label}，按推荐列表的顺序：")
    for case in compilation.cases:
        echo(f"  {case.number}. {case.submission.title}（{case.school.name}）")
    if not compilation.settings.preface:
        echo("提醒：没有找到前言（compilation/preface.md），汇编将不含前言。")
    cache_dir = root / CACHE
    chosen = [EDITIONS[key] for key in editions]
    summary: list[str] = []
    toc_pages = None
    toc_note = ""  # said once: what the Word files' contents hold
    step = 3
    for edition in chosen:
        summary.append(f"  {edition.label}（{edition.use}）：")
        if "pdf" in formats:
            from showcase.output.compile.pdf import write_pdf

            echo(f"第 {step} 步：排版 PDF {edition.label}……")
            step += 1
            began = time.perf_counter()
            name = file_name(compilation.settings.title, edition, compilation.demo, ".pdf")
            pdf = write_pdf(compilation, out_dir / name, edition, cache_dir, echo)
            summary.append(
                f"    PDF：{pdf.path}（{pdf.pages} 页，{size_text(pdf.path)}，用时 {time.perf_counter() - began:.1f} 秒）"
            )
        if "docx" in formats:
            from showcase.output.compile.docx import PandocMissing, write_docx

            echo(f"第 {step} 步：生成 Word {edition.label}……")
            step += 1
            began = time.perf_counter()
            name = file_name(compilation.settings.title, edition, compilation.demo, ".docx")
            try:
                docx = write_docx(
                    compilation, out_dir / name, edition, cache_dir, echo, toc_pages=toc_pages, count_pages=not toc_note
                )
            except PandocMissing as exc:
                echo(str(exc))
                return 1
            toc_pages = docx.toc_pages
            if not toc_note:
                toc_note = (
                    f"Word 版的目录已填好标题和页码（页码由 LibreOffice 排版算出，用时 {docx.count_seconds:.1f} 秒）。"
                    "Word 打开时会询问是否更新域：选“是”按本机字体重新计算页码，选“否”也能看到完整目录。"
                    if toc_pages is not None
                    else "Word 版的目录已填好标题，但没有页码：本机没有 LibreOffice（Debian 软件包 libreoffice-writer），"
                    "无法计算页码。Word 打开时会询问是否更新域，选“是”即补上页码；WPS 中可右键目录选“更新目录”。"
                )
            summary.append(
                f"    Word：{docx.path}（{size_text(docx.path)}，用时 {time.perf_counter() - began:.1f} 秒）"
            )
    echo(f"完成，共用时 {time.perf_counter() - started:.1f} 秒：")
    for line in summary:
        echo(line)
    if toc_note:
        echo(toc_note)
    return 0

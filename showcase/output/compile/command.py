"""``python build.py compile``: from the bureau's featured list to a print-ready PDF and an
editable DOCX in one command, with progress lines and a summary (time, pages, sizes)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from showcase.load.content import load_site
from showcase.output.compile.gather import gather

#: Output file names (ASCII, so they survive every file system and mail client).
BASENAME = "dianxing-anli-huibian"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def run(
    root: Path,
    *,
    demo: bool,
    out_dir: Path,
    formats: tuple[str, ...] = ("pdf", "docx"),
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
            + ("" if demo else "（本地试用可去掉 --publish，用示例推荐列表 demo/featured.yml 生成示例汇编。）")
        )
        return 1
    label = "（示例：每页标注“示例”，仅供演示）" if compilation.demo else ""
    echo(f"第 2 步：汇编 {len(compilation.cases)} 篇典型案例{label}，按 featured.yml 的顺序：")
    for case in compilation.cases:
        echo(f"  {case.number}. {case.submission.title}（{case.school.name}）")
    if not compilation.settings.preface:
        echo("提醒：没有找到前言（compilation/preface.md），汇编将不含前言。")
    name = BASENAME + ("-shili" if compilation.demo else "")
    written: list[str] = []
    if "pdf" in formats:
        from showcase.output.compile.pdf import write_pdf

        echo("第 3 步：排版 PDF……")
        step = time.perf_counter()
        result = write_pdf(compilation, out_dir / f"{name}.pdf", echo)
        written.append(
            f"PDF：{result.path}（{result.pages} 页，{_size(result.path)}，用时 {time.perf_counter() - step:.1f} 秒）"
        )
    if "docx" in formats:
        from showcase.output.compile.docx import PandocMissing, write_docx

        echo("第 4 步：生成 Word 版……")
        step = time.perf_counter()
        try:
            result = write_docx(compilation, out_dir / f"{name}.docx", echo)
        except PandocMissing as exc:
            echo(str(exc))
            return 1
        written.append(
            f"Word：{result.path}（{_size(result.path)}，用时 {time.perf_counter() - step:.1f} 秒；打开时 Word 会询问是否更新目录，请选“是”）"
        )
    echo(f"完成，共用时 {time.perf_counter() - started:.1f} 秒：")
    for line in written:
        echo("  " + line)
    return 0

"""Benchmark of the safety gate on pathological inputs (issue #14): prints figures, asserts nothing.

    python bench/gate_bench.py                   # every input at 1 MB and 2 MB, median of 3 runs
    python bench/gate_bench.py --mb 0.03 0.06    # other sizes (e.g. to see the old code's trend)
    python bench/gate_bench.py --only lt-a at-run --timeout 30

Every rule must be linear in the length of its input: a submission is hostile until checked, and
one quadratic regex lets a 1 MB file hold the check (and the pull request's CI) for hours.  For
each input class below the script builds a submission text of the given sizes, runs the gate's
text rules on the string (front matter split, YAML line lint, personal data, raw HTML, body
rules, references), takes the median wall time of the runs (the slower of the two placements
of the triggers, see TRIGGERS) and prints the ratio of the two sizes:
about 2 means linear, about 4 quadratic.  The text is passed as a string, not read from a file,
so that a cap on file size elsewhere does not hide a slow rule.

Each measurement runs in a forked child that is killed after --timeout seconds (reported as
"超时"), so a quadratic rule does not hold the benchmark itself.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from showcase.check import gate
from showcase.load import content as load
from showcase.load import schema  # noqa: E402
from showcase.load.sources import lint_yaml_lines, split_front_matter  # noqa: E402
from showcase.problems import Problems  # noqa: E402

FRONT = """---
title: 以诊促改的实践
project: teaching-diagnosis
type: 典型案例
date: 2018-06-01
summary: 学校建立质量改进螺旋。
authors: [张三, 李四]
tags: [诊改]
---

## 实施背景

"""

#: name → the unit repeated to fill the body (or a function of the size giving the body).
INPUTS: dict[str, object] = {
    "plain-chinese": "学校建立了质量改进螺旋，教师、学生和专业都有年度目标。\n",
    "lt-a": "<a ",
    "lt-img": "<img src=x ",
    "lt-space": lambda n: "<" + " " * n,
    "lt-slash": "< / ",
    "on-run": "on",
    "on-attr": "<p onx ",
    "quote-attr": '<a title="',
    "href-spaces": lambda n: "<a href=" + " " * n,
    "href-quote": "<a href= ' ",
    "open-bracket": "[",
    "bang-bracket": "![",
    "bracket-paren": "](",
    "image-open": "![a](",
    "link-open": "[a](x ",
    "nested-brackets": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "comment-open": "<!--",
    "digits": lambda n: "1" * n,
    "digits-spaced": "1 ",
    "digits-dashed": "13-",
    "fullwidth-digits": "１３９",
    "at-run": "@",
    "local-at": "a@",
    "domain-dots": lambda n: "x@" + "a." * (n // 2),
    "at-word": "a at ",
    "at-bracket": "a[at]b[dot]",
    "backticks": "`",
    "backtick-text": "`a",
    "entity": "&#",
    "entity-digit": "&#49;",
    "escape": "\\-",
    "javascript": "javascript",
    "scheme-spaces": lambda n: "](" + " " * n,
    "spaces": lambda n: " " * n,
    "tabs": lambda n: "\t" * n,
    "long-word": lambda n: "x" * n,
    "placeholder": "（为什么做",
    "yaml-key": "title:",
    "many-lines": "a\n",
    "fences": "```\n",
}


#: One of everything the rules look for, so that no quick "nothing of this kind here" test lets a
#: rule skip the pathological part.  Each input is measured twice, with these before the body
#: (on the same line) and after it: a match found early or late can each hide a slow scan.
TRIGGERS = ' [a](b.md) ![a](images/a.png) <span onclick="x">x</span> <script> 13912345678 a@b.cn '
PLACEMENTS = ("before", "after")


def make_text(name: str, size: int, placement: str) -> str:
    unit = INPUTS[name]
    body = unit(size) if callable(unit) else unit * (size // len(unit.encode("utf-8")) + 1)
    # Count the size in UTF-8 bytes, as a file on disk would be.
    while len(body.encode("utf-8")) > size:
        body = body[: len(body) * 9 // 10]
    return FRONT + (TRIGGERS + body if placement == "before" else body + TRIGGERS) + "\n"


def gate_pass(text: str) -> int:
    """Every text rule of the gate on one submission; returns the number of problems."""
    rel = "schools/caimao/2018-bench.md"
    problems = Problems()
    front = split_front_matter(text)
    gate.check_personal_data(rel, text, problems)
    lint_yaml_lines(front.yaml_text or "", rel, problems, first_line=front.yaml_first_line)
    # The YAML rules on the whole text as well, as if it all were front matter.
    lint_yaml_lines(text, rel, problems)
    load._check_body(front.body, front.body_first_line, rel, problems)
    gate.check_references(
        rel, "schools/caimao/2018-bench.md", "caimao", front.body, front.body_first_line, set(), set(), problems
    )
    schema._to_text_list("张三 " + text + " 李四")  # authors and tags written as one string
    return len(problems.items)


def _child(connection, name: str, size: int, placement: str) -> None:
    text = make_text(name, size, placement)
    start = time.perf_counter()
    count = gate_pass(text)
    connection.send((time.perf_counter() - start, count))
    connection.close()


def measure(name: str, size: int, placement: str, timeout: float) -> tuple[float | None, int]:
    """Seconds of one gate pass (None on timeout) and the number of problems found."""
    context = mp.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, name, size, placement), daemon=True)
    child.start()
    sender.close()
    if receiver.poll(timeout):
        seconds, count = receiver.recv()
        child.join()
        return seconds, count
    child.kill()
    child.join()
    return None, 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, nargs=2, default=[1.0, 2.0], help="the two sizes in MB (default 1 2)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run is given up")
    parser.add_argument("--only", nargs="*", help="input names (default all)")
    args = parser.parse_args()
    small, large = (int(mb * 1024 * 1024) for mb in args.mb)
    names = args.only or list(INPUTS)
    print(f"| 输入 | {args.mb[0]:g} MB（秒） | {args.mb[1]:g} MB（秒） | 比值 | 问题数 |")
    print("| ---- | ---- | ---- | ---- | ---- |")
    worst = 0.0
    slow: list[str] = []
    for name in names:
        figures = []
        count = 0
        for size in (small, large):
            medians: list[float | None] = []
            for placement in PLACEMENTS:
                times = []
                for _ in range(args.runs):
                    seconds, count = measure(name, size, placement, args.timeout)
                    if seconds is None:
                        break
                    times.append(seconds)
                medians.append(statistics.median(times) if len(times) == args.runs else None)
            # The slower placement counts.
            figures.append(None if None in medians else max(medians))
        first, second = figures
        if first is None or second is None:
            ratio_text = "—"
            slow.append(name)
        else:
            ratio = second / first if first > 0.001 else 2.0  # below a millisecond the ratio is noise
            worst = max(worst, ratio)
            ratio_text = f"{ratio:.2f}"
            if ratio > 3.0:
                slow.append(name)
        cells = [f"{f:.3f}" if f is not None else f"超时（>{args.timeout:g}）" for f in figures]
        print(f"| {name} | {cells[0]} | {cells[1]} | {ratio_text} | {count} |", flush=True)
    if slow:
        print(f"\n结论：不是线性的输入：{', '.join(slow)}（比值大于 3 或超时）。")
        return 1
    print(f"\n结论：全部 {len(names)} 种输入都是线性的（最大比值 {worst:.2f}，≈2 为线性）。")
    return 0


if __name__ == "__main__":
    sys.exit(main())

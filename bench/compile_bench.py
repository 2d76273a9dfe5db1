"""The 典型案例汇编 at the size the bureau sends: N featured cases (20 by default), each with one
phone photo of about 5 MB, compiled in both editions; prints the size of every file against
its budget and the time each step took.

    python bench/compile_bench.py [--cases 20] [--keep DIR]

Budgets (issue #12): the screen edition at most 1.5 MB for one such case and 15 MB for twenty,
PDF and Word alike; the print edition has no size budget but at most 300 dpi at the printed
size, checked here with ``pdfimages -list``.  The photos are made on the spot (bench/photos.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from bench.photos import camera_photo  # noqa: E402

MB = 1024 * 1024
SCREEN_BUDGET_PER_CASE = 1.5 * MB
SCREEN_BUDGET_TWENTY = 15 * MB


def write_tree(root: Path, cases: int) -> list[str]:
    """A content tree with the real projects and schools and ``cases`` featured cases (each with a
    table, a footnote and one phone photo) in the schools' folders; returns the featured ids."""
    shutil.copytree(REPO / "projects", root / "projects")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "compilation", root / "compilation")
    schools = sorted(p.parent.name for p in (REPO / "schools").glob("*/school.yml"))
    for school in schools:
        (root / "schools" / school).mkdir(parents=True)
        shutil.copy(REPO / "schools" / school / "school.yml", root / "schools" / school / "school.yml")
    pilots = {}  # school → a project it pilots (a case may only be filed under those)
    for project in sorted((REPO / "projects").glob("*.yml")):
        for school in yaml.safe_load(project.read_text(encoding="utf-8"))["schools"]:
            pilots.setdefault(school, project.stem)
    schools = [school for school in schools if school in pilots]
    ids = []
    for n in range(cases):
        school = schools[n % len(schools)]
        stem = f"2019-ceshi-anli-{n + 1:02d}"
        folder = root / "schools" / school
        camera_photo(folder / "images" / f"xianchang-{n + 1:02d}.jpg", seed=n)
        paragraph = "学校围绕试点任务逐项推进，形成了计划、实施、检查、改进的工作闭环。" * 6
        (folder / f"{stem}.md").write_text(
            f"""---
title: 基准测试用案例第{n + 1}篇：试点工作的做法与成效
project: {pilots[school]}
type: 典型案例
date: 2019-05-16
summary: 基准测试生成的材料，用来测量汇编的大小和用时，不是学校提交的材料。
authors: [测试作者]
---

## 一、背景

{paragraph}[^1]

![现场照片](images/xianchang-{n + 1:02d}.jpg)

## 二、做法

{paragraph}

| 项目 | 试点前 | 试点后 |
| --- | --- | --- |
| 参与教师（人） | 12 | 30 |
| 合作企业（家） | 2 | 5 |

## 三、成效

{paragraph}

[^1]: 基准测试用注释。
""",
            encoding="utf-8",
        )
        ids.append(f"{school}/{stem}")
    (root / "featured.yml").write_text(
        "".join(f"- id: {i}\n  reason: 基准测试用推荐语。\n" for i in ids), encoding="utf-8"
    )
    return ids


def max_ppi(pdf: Path) -> tuple[int, int]:
    """The highest resolution of any image in ``pdf`` and the number of images, by pdfimages."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    images = [row for row in rows if row[2] == "image"]
    return max((max(int(row[12]), int(row[13])) for row in images), default=0), len(images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="keep the tree and the output in this folder")
    args = parser.parse_args()
    from showcase.output.compile.command import run

    work = args.keep or Path(tempfile.mkdtemp(prefix="compile-bench-"))
    root = work / "tree"
    began = time.perf_counter()
    write_tree(root, args.cases)
    photos = sorted((root / "schools").glob("*/images/*.jpg"))
    print(
        f"{args.cases} cases, photos {sum(p.stat().st_size for p in photos) / MB:.1f} MB in all, made in "
        f"{time.perf_counter() - began:.1f} s"
    )
    lines: list[str] = []
    began = time.perf_counter()
    code = run(root, demo=False, out_dir=work / "out", echo=lines.append)
    total = time.perf_counter() - began
    if code != 0:
        print("\n".join(lines))
        raise SystemExit(code)
    print(f"compile, both editions, PDF and Word: {total:.1f} s (first run, image copies made)")
    budget = SCREEN_BUDGET_PER_CASE if args.cases == 1 else SCREEN_BUDGET_TWENTY * args.cases / 20
    for path in sorted((work / "out").iterdir()):
        size = path.stat().st_size
        verdict = ""
        if "屏幕版" in path.name:
            verdict = f"budget {budget / MB:.1f} MB: {'OK' if size <= budget else 'OVER'}"
        if path.suffix == ".pdf":
            ppi, count = max_ppi(path)
            verdict += f"; {count} images, highest {ppi} ppi"
        print(f"  {path.name}: {size / MB:.2f} MB {verdict}")
    for line in lines:
        if "用时" in line:
            print("  " + line.strip())
    began = time.perf_counter()
    run(root, demo=False, out_dir=work / "out", echo=lambda _: None)
    print(f"compile again (image copies cached): {time.perf_counter() - began:.1f} s")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

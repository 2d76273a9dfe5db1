"""Build the same generated content with two commits of this repository and compare the sites
byte for byte (issue #13: the layout move must not change a single output byte).

    python bench/compare_builds.py BEFORE AFTER            # e.g. HEAD~1 HEAD, at N = 1,000
    python bench/compare_builds.py BEFORE AFTER --n 300

The content (N generated cases with photos, bench/pipeline_bench.py's generator) is made once
and copied beside each commit's own code (``git archive``); each is built with
``build.py build --publish`` in the same run, with this virtual environment.  Prints the build
time of each, the number of files, and every file that differs; exits 1 if any does.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import pipeline_bench  # noqa: E402

#: What the generated content provides; everything else comes from the commit.
CONTENT = ("schools", "projects", "featured.yml", "demo")


def export(revision: str, target: Path) -> None:
    """The files of ``revision`` (no work tree, no untracked files) into ``target``."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=REPO, capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryFile() as tar_file:
        tar_file.write(archive)
        tar_file.seek(0)
        with tarfile.open(fileobj=tar_file) as tar:
            tar.extractall(target, filter="data")


def project(revision: str, content: Path, target: Path) -> None:
    export(revision, target)
    for name in CONTENT:
        existing = target / name
        if existing.is_dir():
            shutil.rmtree(existing)
        elif existing.exists():
            existing.unlink()
        source = content / name
        if source.is_dir():
            shutil.copytree(source, existing, symlinks=False)
        elif source.exists():
            shutil.copy(source, existing)


def build(root: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "build.py", "build", "--publish"],
        cwd=root,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    if result.returncode != 0:
        sys.exit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def differences(a: Path, b: Path) -> tuple[int, list[str]]:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b)
    differ += [name for name in sorted(files_a & files_b) if not filecmp.cmp(a / name, b / name, shallow=False)]
    return len(files_a | files_b), differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
        tmp_path = Path(tmp)
        content = tmp_path / "content"
        pipeline_bench.make_project(content, args.n, args.seed)
        times, sites = {}, {}
        for label, revision in (("before", args.before), ("after", args.after)):
            root = tmp_path / label
            project(revision, content, root)
            times[label] = build(root)
            sites[label] = root / "site"
        total, differ = differences(sites["before"], sites["after"])
    print(f"N = {args.n}: {args.before} built in {times['before']:.1f} s, {args.after} in {times['after']:.1f} s")
    if differ:
        print(f"{len(differ)} of {total} files differ:")
        for name in differ[:50]:
            print(f"  {name}")
        return 1
    print(f"all {total} files are byte-identical")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

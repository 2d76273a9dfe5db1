"""Build engines compared on the same generated project (issue #13): prints figures, asserts nothing.

    python bench/engines_bench.py                        # N = 1,000 cases, 3 runs
    python bench/engines_bench.py --n 300 --runs 1
    python bench/engines_bench.py --zensical /tmp/zs/bin/zensical --properdocs .venv-properdocs/bin/properdocs

Engines, each on the same project (bench/pipeline_bench.py's ``make_project``), with an empty
image cache every time (the worst case, as pipeline_bench measures; ``--warm-cache`` keeps it):

- MkDocs 1.6 with the hook: ``build.py build --publish`` (the site as published today);
- ProperDocs, stock: ``build.py export`` → ``properdocs build`` → ``build.py postbuild``;
- Zensical, stock: ``build.py export`` → ``zensical build --clean`` → ``build.py postbuild``.

Times are medians over the runs; the ratio to MkDocs is the median of each run's ratio (the
engines run back to back in every run, in a rotating order, so machine noise mostly cancels).
Processor time (user + system, of every process a stage waited for) is printed too: on a shared
machine it varies far less than the wall clock.
Then, on the last run's sites, what each engine's site has in common with MkDocs': the pages,
the pages whose content (the ``<article>``) is the same, internal links that lead nowhere, and
the search results for a few queries.

An engine that is not installed is left out, and the output says so.  ProperDocs is found in
``.venv-properdocs`` (``bash scripts/dev.sh test`` installs it); Zensical on the PATH or with
``--zensical`` (install it in a throwaway virtualenv: ``pip install zensical``).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from pipeline_bench import make_project  # noqa: E402

from showcase.output.search.query import IndexReader  # noqa: E402

QUERIES = ["实训", "现代学徒制", "诊改", "校企合作", "双师型", "教学质量监控体系", "产业园区", "低空经济"]


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], cwd: Path, env: dict | None = None) -> float:
    """Wall seconds of a command; its processor seconds (every process it waited for) are kept
    for :func:`main` in ``_run.cpu``."""
    cpu = _cpu_of_children()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    _run.cpu = _cpu_of_children() - cpu
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def _stock_env() -> dict:
    """A stock engine's environment: none of this project's paths."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | {
        "NO_MKDOCS_2_WARNING": "1"
    }


def build_mkdocs(root: Path, out: Path) -> dict[str, float]:
    site = out / "site"
    if site.exists():
        shutil.rmtree(site)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    wall = _run([sys.executable, "build.py", "build", "--publish", "--site-dir", str(site)], root, env)
    return {"build": wall, "cpu": _run.cpu}


def stock_builder(engine_command: list[str]):
    def build(root: Path, out: Path) -> dict[str, float]:
        if out.exists():  # as MkDocs' site folder is, before the clock starts
            shutil.rmtree(out)
        export = _run([sys.executable, "build.py", "export", str(out)], root)
        cpu = _run.cpu
        engine = _run([*engine_command, "-f", str(out / "mkdocs.yml")], out, _stock_env())
        cpu += _run.cpu
        post = _run([sys.executable, "build.py", "postbuild", str(out / "site")], root)
        return {"export": export, "build": engine, "postbuild": post, "cpu": cpu + _run.cpu}

    return build


def _wall(stages: dict[str, float]) -> float:
    return sum(seconds for stage, seconds in stages.items() if stage != "cpu")


def find_engines(args: argparse.Namespace) -> tuple[dict, list[str]]:
    engines = {"MkDocs": build_mkdocs}
    missing = []
    properdocs = Path(args.properdocs) if args.properdocs else REPO / ".venv-properdocs" / "bin" / "properdocs"
    if properdocs.is_file():
        engines["ProperDocs"] = stock_builder([str(properdocs), "build"])
    else:
        missing.append(f"ProperDocs（未找到 {properdocs}；bash scripts/dev.sh test 会安装到 .venv-properdocs）")
    zensical = args.zensical or shutil.which("zensical")
    if zensical and Path(zensical).is_file():
        engines["Zensical"] = stock_builder([str(zensical), "build", "--clean"])
    else:
        missing.append("Zensical（未找到；在临时虚拟环境里 pip install zensical，再用 --zensical 指定）")
    return engines, missing


def version_of(name: str, args: argparse.Namespace) -> str:
    if name == "MkDocs":
        from importlib.metadata import version

        return f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}"
    executable = (
        (args.properdocs or str(REPO / ".venv-properdocs/bin/properdocs"))
        if name == "ProperDocs"
        else (args.zensical or shutil.which("zensical"))
    )
    result = subprocess.run([executable, "--version"], capture_output=True, text=True, env=_stock_env())
    found = re.search(r"\d+\.\d+(?:\.\d+)?", result.stdout + result.stderr)
    return f"{name.lower()} {found.group(0)}" if result.returncode == 0 and found else "?"


# --- what the sites have in common --------------------------------------------------------------


def _article(path: Path) -> str | None:
    found = re.search(r"<article\b[^>]*>(.*)</article>", path.read_text(encoding="utf-8"), re.DOTALL)
    return found.group(1) if found else None


def _normalised(html: str | None) -> str | None:
    """An article without the whitespace between tags and Zensical's skip-link target."""
    if html is None:
        return None
    html = html.replace('<a id="__skip" tabindex="-1"></a>', "")
    return re.sub(r">\s+<", "><", html).strip()


def broken_links(site: Path) -> int:
    """Internal links and images that lead to no file (as tests/engine/test_build_e2e.py checks)."""
    broken = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for ref in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "//", "mailto:", "data:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path.replace("&#x2f;", "/"))).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or not str(target).startswith(str(site.resolve())):
                broken += 1
    return broken


def compare(reference: Path, site: Path) -> dict:
    ref_pages = {p.relative_to(reference).as_posix() for p in reference.rglob("*.html")}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    cases = sorted(p for p in ref_pages if p.startswith("schools/") and p.count("/") == 3)
    same_cases = sum(1 for p in cases if p in pages and _article(reference / p) == _article(site / p))
    same_pages = sum(1 for p in ref_pages & pages if _article(reference / p) == _article(site / p))
    alike_pages = sum(
        1 for p in ref_pages & pages if _normalised(_article(reference / p)) == _normalised(_article(site / p))
    )
    try:
        ref_index, index = IndexReader(reference / "search"), IndexReader(site / "search")
        same_search = sum(1 for q in QUERIES if ref_index.search(q).results == index.search(q).results)
    except FileNotFoundError:
        same_search = 0
    return {
        "pages": len(pages),
        "missing": len(ref_pages - pages),
        "extra": len(pages - ref_pages),
        "same_pages": same_pages,
        "alike_pages": alike_pages,
        "cases": len(cases),
        "same_cases": same_cases,
        "broken": broken_links(site),
        "same_search": same_search,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of generated cases")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--properdocs", help="the properdocs executable (default .venv-properdocs/bin/properdocs)")
    parser.add_argument("--zensical", help="the zensical executable (default: on the PATH)")
    parser.add_argument(
        "--warm-cache",
        action="store_true",
        help="keep the resized photos between builds (as the workflows' cache does)",
    )
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()

    engines, missing = find_engines(args)
    for note in missing:
        print(f"跳过 {note}")
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="engines-bench-"))
    root = workdir / f"n{args.n}"
    if root.exists():
        shutil.rmtree(root)
    print(f"== N = {args.n}: generating the project in {root} …", flush=True)
    make_project(root, args.n, args.seed)

    times: dict[str, list[dict[str, float]]] = {name: [] for name in engines}
    names = list(engines)
    for run in range(args.runs):
        order = names[run % len(names) :] + names[: run % len(names)]
        for name in order:
            cache = root / ".cache"
            if cache.exists() and not args.warm_cache:
                shutil.rmtree(cache)
            stages = engines[name](root, workdir / name)
            times[name].append(stages)
            print(
                f"   run {run + 1}/{args.runs} {name}: {_wall(stages):.1f} s ("
                + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
                + ")",
                flush=True,
            )

    reference = workdir / "MkDocs" / "site"
    print(
        f"\nN = {args.n} cases, {args.runs} runs, medians; ratio = median of each run's ratio to MkDocs; "
        + ("image cache kept" if args.warm_cache else "image cache emptied before every build")
    )
    print(
        "| engine | version | total | export | build | postbuild | ratio to MkDocs | processor time (ratio) | pages (missing/extra) | same content: cases / all pages / all pages but whitespace | broken internal links | same search results |"
    )
    print("| ---- | ---- | ---- | ---- | ---- | ---- | ---- | ---- | ---- | ---- | ---- | ---- |")
    for name in names:
        runs = times[name]
        ratio = statistics.median(_wall(s) / _wall(m) for s, m in zip(runs, times["MkDocs"]))
        cpu_ratio = statistics.median(s["cpu"] / m["cpu"] for s, m in zip(runs, times["MkDocs"]))
        stage = lambda key: f"{statistics.median(s[key] for s in runs):.1f} s" if key in runs[0] else "—"  # noqa: E731
        facts = compare(reference, workdir / name / "site")
        print(
            f"| {name} | {version_of(name, args)} | {statistics.median(_wall(s) for s in runs):.1f} s | {stage('export')} | {stage('build')} | {stage('postbuild')} | "
            f"{ratio:.2f}× | {stage('cpu')} ({cpu_ratio:.2f}×) | {facts['pages']} ({facts['missing']}/{facts['extra']}) | "
            f"{facts['same_cases']}/{facts['cases']} / {facts['same_pages']}/{facts['pages']} / {facts['alike_pages']}/{facts['pages']} | "
            f"{facts['broken']} | {facts['same_search']}/{len(QUERIES)} |"
        )
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark of the whole pipeline at province scale (issue #6): prints figures, asserts nothing.

    python bench/pipeline_bench.py                     # N = 1,000 and 10,000, 3 runs each
    python bench/pipeline_bench.py --n 1000 --runs 5   # one size
    python bench/pipeline_bench.py --serve-n 300       # also time `serve` showing an edited case

For each N it generates N realistic Chinese submissions (bench/corpus.py: varied vocabulary,
tables, lists; here also images) for 20–400 schools into a temporary project that uses this
repository's code and configuration, then measures, as medians over the runs:

- the full pipeline: `python build.py build --publish` (check, page generation, MkDocs build,
  search index), wall time and peak memory: the sum over all its processes of their
  proportional set size (sampled every 0.2 s; pages shared by forked processes count once),
  and the peak RSS of the largest single process;
- the floor: the same pages rendered by bare python-markdown + jinja2 in one process, and the
  ratio of the pipeline to it (both measured in the same run, so machine noise cancels out);
- output size, the first-load weight of a case page (gzip of HTML + CSS + JS, as a browser
  without cache fetches it; images are lazy and not counted), and the search index size;
- with --serve-n: how long `build.py serve` takes to show an edited case, with the listing and the
  progress matrix up to date.

Budgets (issue #6, 2 cores): N=1,000 ≤ 10 s and ≤ 3.5× the floor; N=10,000 ≤ 120 s and ≤ 2 GB;
case page ≤ 150 KB gzip; cold search ≤ 300 KB at 10,000 (measured by bench/search_bench.py);
serve ≤ 3 s at 300 cases.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402
import yaml  # noqa: E402

#: Repository files a project needs besides its content: the code is linked, the bureau's content
#: copied (the check refuses links anywhere in the content).
PROJECT_FILES = ("mkdocs.yml", "overrides", "hooks", "showcase", "build.py", "templates")
BUREAU_FILES = ("content", "assessment.yml", "compilation", "news", "owners.yml")


# --- the generated project ---------------------------------------------------------------------


def make_project(root: Path, n: int, seed: int) -> list:
    """A project with N generated submissions; schools pilot the projects their cases use."""
    cases = corpus.generate(n, seed)
    # The generator draws titles from templates; the check (rightly) refuses duplicate titles.
    seen: dict[str, int] = {}
    for case in cases:
        seen[case.title] = seen.get(case.title, 0) + 1
        if seen[case.title] > 1:
            case.title = f"{case.title}（{case.school.name}之{seen[case.title]}）"
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        if (REPO / name).exists():
            (root / name).symlink_to(REPO / name)
    for name in BUREAU_FILES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
        elif (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    (root / "demo").mkdir()
    (root / "featured.yml").write_text("[]\n", encoding="utf-8")
    corpus.write_tree(cases, root)
    _add_images(root, cases)
    pilots: dict[str, set[str]] = {}
    for case in cases:
        pilots.setdefault(case.project_id, set()).add(case.school.id)
    (root / "projects").mkdir()
    for path in sorted((REPO / "projects").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["schools"] = sorted(pilots.get(path.stem, set())) or data["schools"][:1]
        (root / "projects" / path.name).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    # Schools named in a project but without generated cases (only the fallback above) need a folder.
    for path in (root / "projects").glob("*.yml"):
        for school_id in yaml.safe_load(path.read_text(encoding="utf-8"))["schools"]:
            folder = root / "schools" / school_id
            if not folder.exists():
                shutil.copytree(REPO / "schools" / school_id, folder)
    return cases


def _add_images(root: Path, cases: list) -> None:
    """One photo-like image per school, shown in every fifth case (lazy-loaded on the page)."""
    from PIL import Image

    done: set[str] = set()
    for index, case in enumerate(cases):
        folder = root / "schools" / case.school.id
        if case.school.id not in done:
            (folder / "images").mkdir(exist_ok=True)
            Image.effect_noise((1200, 800), 40).convert("RGB").save(folder / "images" / "shixun.jpg", quality=70)
            done.add(case.school.id)
        if index % 5 == 0:
            path = folder / f"{case.stem}.md"
            path.write_text(
                path.read_text(encoding="utf-8") + "\n\n![实训现场照片](images/shixun.jpg)\n", encoding="utf-8"
            )


# --- measurements ------------------------------------------------------------------------------


def _tree_pss(root_pid: int) -> int:
    """Proportional set size (bytes) of a process and all its descendants: memory shared by
    forked processes counts once, so the sum is what the build really occupies."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def run_pipeline(root: Path, site_dir: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS of the largest process and peak PSS of the whole process tree
    (bytes) of `build.py build --publish`, in a fresh process tree."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    cache = root / ".cache"
    if cache.exists():
        shutil.rmtree(cache)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            "/usr/bin/time",
            "-f",
            "%M",
            sys.executable,
            str(root / "build.py"),
            "build",
            "--publish",
            "--site-dir",
            str(site_dir),
        ],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_tree = 0
    sampler_done = threading.Event()

    def sample() -> None:  # every 0.2 s; costs ~1 % of a core
        nonlocal peak_tree
        while not sampler_done.wait(0.2):
            peak_tree = max(peak_tree, _tree_pss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler_done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"build failed:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    # GNU time's %M comes from wait4(): the max RSS of the largest process among the waited-for
    # descendants (shared pages of forked processes count in each).
    return seconds, int(stderr.strip().splitlines()[-1]) * 1024, peak_tree


def run_floor(root: Path, out: Path) -> float:
    """Bare python-markdown + jinja2: every submission rendered to an HTML file, one process."""
    import jinja2
    import markdown

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    template = jinja2.Template(
        "<!doctype html><html lang=zh><head><meta charset=utf-8><title>{{ title }}</title></head>"
        "<body><h1>{{ title }}</h1>{{ body }}</body></html>"
    )
    started = time.perf_counter()
    md = markdown.Markdown(extensions=["tables", "footnotes", "attr_list", "md_in_html", "admonition", "toc"])
    for path in sorted((root / "schools").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        html = md.reset().convert(body)
        target = out / path.parent.name / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(title=meta["title"], body=html), encoding="utf-8")
    return time.perf_counter() - started


def dir_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def case_page_weight(site_dir: Path, page: Path) -> dict[str, int]:
    """gzip bytes of a case page's HTML and the CSS and JS it loads (images are lazy)."""
    html = page.read_text(encoding="utf-8")
    gz = lambda data: len(gzip.compress(data, 6))  # noqa: E731
    total = {"html": gz(html.encode("utf-8")), "css": 0, "js": 0}
    for kind, pattern in (
        ("css", r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"'),
        ("js", r'<script[^>]+src="([^"]+)"'),
    ):
        for ref in re.findall(pattern, html):
            target = (page.parent / ref.split("?")[0]).resolve()
            if target.is_file():
                total[kind] += gz(target.read_bytes())
    total["total"] = total["html"] + total["css"] + total["js"]
    return total


def serve_latency(root: Path, repeats: int = 3) -> list[float]:
    """Seconds from saving an edited case to `serve` showing it (and the listing updated)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, str(root / "build.py"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base, lambda body: "<html" in body, timeout=300)
        case = sorted((root / "schools").glob("*/*.md"))[0]
        url = base + f"schools/{case.parent.name}/{case.stem}/"
        times = []
        for attempt in range(repeats):
            marker = f"编辑测试{attempt}号"
            text = case.read_text(encoding="utf-8")
            text = re.sub(
                r'^title: "(.*?)(（编辑测试\d号）)?"',
                lambda m: f'title: "{m.group(1)}（{marker}）"',
                text,
                count=1,
                flags=re.M,
            )
            time.sleep(1.5)  # let the watcher settle after the previous rebuild
            started = time.perf_counter()
            case.write_text(text, encoding="utf-8")
            _wait_for(url, lambda body: marker in body, timeout=120)
            # The school's page lists every case of the school: the listings are up to date too.
            _wait_for(base + f"schools/{case.parent.name}/", lambda body: marker in body, timeout=120)
            times.append(time.perf_counter() - started)
        return times
    finally:
        os.killpg(server.pid, 15)  # build.py and the MkDocs server it started
        server.wait(timeout=30)


def _wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", errors="replace")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(url)


# --- report ------------------------------------------------------------------------------------


def bench(n: int, runs: int, seed: int, workdir: Path) -> dict:
    root = workdir / f"n{n}"
    print(f"\n== N = {n}: generating the project …", flush=True)
    cases = make_project(root, n, seed)
    schools = len({c.school.id for c in cases})
    pipeline, memory, tree, floor = [], [], [], []
    for run in range(runs):
        seconds, rss, pss = run_pipeline(root, workdir / f"site{n}")
        pipeline.append(seconds)
        memory.append(rss)
        tree.append(pss)
        floor.append(run_floor(root, workdir / f"floor{n}"))
        print(
            f"   run {run + 1}/{runs}: pipeline {seconds:.1f} s, peak {rss / 2**20:.0f} MiB (largest process), "
            f"{pss / 2**20:.0f} MiB (all processes), floor {floor[-1]:.1f} s",
            flush=True,
        )
    site_dir = workdir / f"site{n}"
    size, files = dir_size(site_dir)
    search_size, search_files = dir_size(site_dir / "search")
    first = sorted(site_dir.glob("schools/*/*/index.html"))[0]
    weight = case_page_weight(site_dir, first)
    return {
        "n": n,
        "schools": schools,
        "pipeline": statistics.median(pipeline),
        "floor": statistics.median(floor),
        # Each run's pipeline and floor are measured back to back, so their ratio is the figure
        # that survives a noisy, shared machine best.
        "ratio": statistics.median(p / f for p, f in zip(pipeline, floor)),
        "memory": max(memory),
        "tree": max(tree),
        "size": size,
        "files": files,
        "search_size": search_size,
        "search_files": search_files,
        "weight": weight,
        "runs": runs,
    }


#: The budgets of issue #6 (2 cores): per N where they apply, as (row key, test, text).
BUDGETS = {
    "pipeline": ({1000: 10.0, 10000: 120.0}, "1k ≤ 10 s；10k ≤ 120 s"),
    "ratio": ({1000: 3.5}, "1k ≤ 3.5×"),
    "tree": ({10000: 2 * 2**30}, "10k ≤ 2 GB"),
    "weight": ({None: 150 * 1024}, "≤ 150 KB"),
}


def verdicts(results: list[dict], serve: list[float] | None) -> list[str]:
    """One line per budget that applies to what was measured: met or not, with the figure."""
    measured = {
        "pipeline": (lambda r: r["pipeline"], lambda v, lim: f"完整流程 {v:.1f} s（≤ {lim:g} s）"),
        "ratio": (lambda r: r["ratio"], lambda v, lim: f"与下限之比 {v:.1f}×（≤ {lim:g}×）"),
        "tree": (lambda r: r["tree"], lambda v, lim: f"峰值内存 {v / 2**20:.0f} MiB（≤ {lim / 2**30:g} GB）"),
        "weight": (
            lambda r: r["weight"]["total"],
            lambda v, lim: f"案例页首次加载 {v / 1024:.0f} KB（≤ {lim / 1024:g} KB）",
        ),
    }
    lines = []
    for key, (limits, _) in BUDGETS.items():
        value, text = measured[key]
        for r in results:
            limit = limits.get(r["n"], limits.get(None))
            if limit is not None:
                v = value(r)
                lines.append(f"{'达标' if v <= limit else '未达标'}：N = {r['n']:,}，{text(v, limit)}")
    if serve:
        v = statistics.median(serve)
        lines.append(f"{'达标' if v <= 3.0 else '未达标'}：serve 显示编辑后的案例 {v:.1f} s（≤ 3 s）")
    return lines


def print_table(results: list[dict], serve: list[float] | None, serve_n: int) -> None:
    print("\n| 指标 | " + " | ".join(f"N = {r['n']:,}（{r['schools']} 所学校）" for r in results) + " | 预算 |")
    print("| ---- | " + " | ".join("----" for _ in results) + " | ---- |")
    rows = [
        (
            "完整流程（检查 + 生成 + MkDocs + 搜索索引），中位数",
            lambda r: f"{r['pipeline']:.1f} s",
            BUDGETS["pipeline"][1],
        ),
        ("裸 python-markdown + jinja2 下限，中位数", lambda r: f"{r['floor']:.1f} s", ""),
        ("与下限之比（每次运行之比的中位数）", lambda r: f"{r['ratio']:.1f}×", BUDGETS["ratio"][1]),
        ("峰值内存（全部进程合计 PSS，共享页只算一次）", lambda r: f"{r['tree'] / 2**20:.0f} MiB", BUDGETS["tree"][1]),
        ("最大单个进程的峰值常驻内存（RSS）", lambda r: f"{r['memory'] / 2**20:.0f} MiB", ""),
        ("输出大小（文件数）", lambda r: f"{r['size'] / 2**20:.0f} MiB（{r['files']:,}）", ""),
        (
            "案例页首次加载（gzip：HTML + CSS + JS）",
            lambda r: (
                f"{r['weight']['total'] / 1024:.0f} KB（{r['weight']['html'] / 1024:.0f} + {r['weight']['css'] / 1024:.0f} + {r['weight']['js'] / 1024:.0f}）"
            ),
            BUDGETS["weight"][1],
        ),
        ("搜索索引（文件数）", lambda r: f"{r['search_size'] / 2**20:.1f} MiB（{r['search_files']:,}）", ""),
    ]
    for label, value, budget in rows:
        print(f"| {label} | " + " | ".join(value(r) for r in results) + f" | {budget} |")
    if serve:
        print(
            f"| serve 显示编辑后的案例（N = {serve_n}，{len(serve)} 次中位数） | {statistics.median(serve):.1f} s | ≤ 3 s |"
        )
    print(
        f"\n（每个 N 运行 {results[0]['runs']} 次；机器：{os.cpu_count()} 核。冷启动搜索下载量（10k ≤ 300 KB）由 bench/search_bench.py 测量。）\n"
    )
    lines = verdicts(results, serve)
    for line in lines:
        print(line)
    missed = [line for line in lines if line.startswith("未")]
    print(f"\n{len(lines) - len(missed)}/{len(lines)} 项预算达标。" if missed else f"\n全部 {len(lines)} 项预算达标。")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--serve-n", type=int, default=300, help="cases for the serve measurement (0 to skip)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        results = [bench(n, args.runs, args.seed, workdir) for n in args.n]
        serve = None
        if args.serve_n:
            print(f"\n== serve at N = {args.serve_n} …", flush=True)
            root = workdir / f"serve{args.serve_n}"
            make_project(root, args.serve_n, args.seed)
            serve = serve_latency(root)
            print("   " + ", ".join(f"{t:.2f} s" for t in serve))
        print_table(results, serve, args.serve_n)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

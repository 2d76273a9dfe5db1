"""Search benchmark: recall, precision@10, cold download and latency in Chromium.

    /work/venv/bin/python bench/search_bench.py            # N = 1000 and 10000
    /work/venv/bin/python bench/search_bench.py --n 1000 --keep /tmp/site1k

For each N it generates the corpus (bench/corpus.py), builds the index in a
child process (build time, peak RSS), writes a minimal shell page
(``<html lang="zh">`` + the search page markup + search.js/.css) under the
sub-path ``/repo/``, serves it on 127.0.0.1 (no compression) and runs every
query in a *fresh* browser context, i.e. cold. Bytes are counted from every
response body; ``gz`` is each body gzip-compressed by us (level 6), ``wire``
is what a typical static host sends: gzip for text types, raw for ``.bin``
(hosts rarely compress application/octet-stream). The shell HTML is reported
separately because the real page is the lead's.

Ground truth: docs whose normalised searchable text contains every term.
``recall`` = share of true docs in the engine's candidate set (what the page
pages through); ``full`` = result set after verifying all candidates
(``verifyAll``) – exact count; ``p@10`` = displayed results that are true.
``count`` checks every count the page shows (the status line and each facet value) against
the truth: a count without a qualifier must equal it, "至少 N" must not exceed it ("至多 M" not
be below it), "约 N" must be within 5 % of it.  The index is built with the repository's synonyms.yml, and the truth of a
term is "the term or one of its synonyms".
Prints figures only; no timed assertions.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from showcase.output.search import ASSETS, search_page_markdown  # noqa: E402
from showcase.output.search.index import order_docs, searchable_text  # noqa: E402
from showcase.output.search.textnorm import query_terms, term_alternatives  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

QUERIES = [
    # exact terms, 2–6 characters
    "诊改",
    "实训",
    "校企合作",
    "现代学徒制",
    "双师型教师",
    "产业园区",
    "顶岗实习",
    "虚拟仿真",
    "工匠精神",
    "质量报告",
    "学前教育",
    "订单班",
    "技能大赛",
    "数据字典",
    "乡村振兴",
    "活页式教材",
    "企业导师",
    "信息孤岛",
    "课证融通",
    "岗课赛证",
    "智慧教室",
    "经济",
    "阳曲产业园区",
    "煤矿智能开采",
    # word-internal substrings
    "园区",
    "业园",
    "师型",
    "徒制",
    "证书制",
    "学徒",
    "融通",
    "能开采",
    # mixed script
    "6S管理",
    "Python编程",
    "1+X证书制度",
    "1+X",
    "C语言",
    "3D打印",
    "Java程序",
    "ｐｙｔｈｏｎ编程",
    # bigram-superset traps (all bigrams common, the term rare or absent)
    "校企业",
    "教学生",
    "实训练",
    "管理制度化",
    # multi-term
    "现代学徒制 汽车",
    "6S管理 实训室",
    "Python编程 大赛",
    "诊改 质量报告 护理",
    "园区 订单班",
    # single characters
    "诊",
    "徒",
    "园",
    # absent
    "低空经济",
    "元宇宙教学",
    "量子计算",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def serve(directory: Path):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def shell_html() -> str:
    return (
        '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<title>搜索</title><link rel="stylesheet" href="../assets/search/search.css"></head>'
        '<body><header><nav class="md-header__inner"></nav></header><main class="md-typeset">\n'
        + search_page_markdown()
        + '\n</main><script src="../assets/search/search.js"></script></body></html>\n'
    )


def build_site(n: int, site: Path, seed: int) -> dict:
    """Runs in a child process so that peak RSS is the build's own."""
    import resource

    from corpus import generate, search_docs

    from showcase.output.search import build_search_index

    t0 = time.perf_counter()
    docs = search_docs(generate(n, seed))
    t_gen = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    repo = site / "repo"
    stats = build_search_index(docs, repo / "search", synonyms=repository_synonyms())
    stats["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    stats["rss_before_build_mb"] = round(rss_before / 1024, 1)
    stats["corpus_seconds"] = round(t_gen, 2)
    (repo / "search" / "index.html").write_text(shell_html(), "utf-8")
    (repo / "assets" / "search").mkdir(parents=True, exist_ok=True)
    for a in ASSETS:
        shutil.copy(a, repo / "assets" / "search" / a.name)
    # ground truth input for the parent
    ordered = order_docs(docs)
    (site / "truth.json").write_text(json.dumps([searchable_text(d) for d in ordered], ensure_ascii=False))
    return stats


def repository_synonyms() -> tuple:
    from showcase.load.bureau import load_synonyms
    from showcase.problems import Problems

    return load_synonyms(ROOT, Problems())


def truth_of(texts: list[str], query: str, groups: list[list[str]]) -> set[int]:
    alternatives = [term_alternatives(t, groups) for t in query_terms(query)]
    return {i for i, text in enumerate(texts) if all(any(a in text for a in alts) for alts in alternatives)}


_COUNT = re.compile(r"(找到|至少|约) (\d+) 个")


def count_check(shown: str, truth: int) -> tuple[str, bool, int]:
    """The qualifier of a shown count and whether it is true (see the module's docstring)."""
    match = _COUNT.search(shown)
    if match is None:
        return ("none", truth == 0 and "没有找到" in shown, 0)
    kind, value = match.group(1), int(match.group(2))
    ok = {"找到": value == truth, "至少": value <= truth, "约": abs(value - truth) <= 0.05 * truth}[kind]
    upper = re.search(r"至多 (\d+) 个", shown)
    if upper is not None:
        ok = ok and int(upper.group(1)) >= truth
    return (kind, ok, value)


def facet_check(page, index_dir: Path, truth: set[int]) -> tuple[int, int, bool]:
    """(facet counts shown, how many are true, whether they are labelled as lower bounds)."""
    from showcase.output.search.query import IndexReader

    reader = IndexReader(index_dir)
    lower = "下限" in (page.text_content("[data-search-facets]") or "")
    shown = page.eval_on_selector_all(
        "button[data-facet]:not([aria-label])",
        "e => e.map(b => [b.dataset.facet, b.dataset.key, Number(b.querySelector('.cs-count').textContent)])",
    )
    good = 0
    for facet, key, value in shown:
        v = reader.meta["facets"][facet]["keys"].index(key)
        true = sum(1 for i in truth if reader.has(facet, i, v))
        good += value <= true if lower else value == true
    return len(shown), good, lower


def dir_size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def run_queries(site: Path, texts: list[str], queries: list[str]) -> list[dict]:
    groups = json.loads((site / "repo" / "search" / "meta.json").read_text("utf-8"))["syn"]
    from playwright.sync_api import sync_playwright

    srv = serve(site)
    base = f"http://127.0.0.1:{srv.server_address[1]}/repo/search/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        for q in queries:
            truth = truth_of(texts, q, groups)
            ctx = browser.new_context(viewport={"width": 360, "height": 740})
            page = ctx.new_page()
            resp_log, foreign, measuring = [], [], [True]

            def on_response(r):
                if not measuring[0]:
                    return
                try:
                    body = r.body()
                except Exception:
                    body = b""
                resp_log.append((r.url, body))

            page.on("response", on_response)
            page.on(
                "request",
                lambda r: (
                    foreign.append(r.url)
                    if urlparse(r.url).hostname not in ("127.0.0.1",) and not r.url.startswith("data:")
                    else None
                ),
            )
            page.goto(base + "?q=" + quote(q))
            page.wait_for_selector("[data-search-page][data-state=done]", timeout=60000)
            page.wait_for_load_state("networkidle")
            ms = page.evaluate("__csSearch.doneAt")
            status = page.inner_text("[data-search-status]")
            shown = [
                int(x)
                for x in page.eval_on_selector_all("li.cs-result", "els => els.map(e => e.getAttribute('data-doc'))")
            ]
            marks = page.eval_on_selector_all("li.cs-result mark", "els => els.length")
            cand = page.evaluate("__csSearch.page.order.slice()")
            raw = gz = wire = shell = 0
            nreq = 0
            for url, body in resp_log:
                g = len(gzip.compress(body, 6))
                if url.split("?")[0].endswith("/search/"):
                    shell += g
                    continue
                nreq += 1
                raw += len(body)
                gz += g
                wire += len(body) if url.endswith(".bin") else g
            measuring[0] = False
            count_kind, count_ok, count_value = count_check(status, len(truth))
            facets_shown, facets_true, facets_lower = facet_check(page, site / "repo" / "search", truth)
            full = page.evaluate("__csSearch.page.verifyAll()")
            ctx.close()
            c, f = set(cand), set(full)
            rows.append(
                {
                    "q": q,
                    "truth": len(truth),
                    "cand": len(c),
                    "full": len(f),
                    "recall": len(truth & c) / len(truth) if truth else 1.0,
                    "full_ok": f == truth,
                    "p10": (sum(1 for i in shown if i in truth) / len(shown)) if shown else None,
                    "shown": len(shown),
                    "marks": marks,
                    "absent_msg": "没有找到" in status,
                    "status": status.replace("\n", " "),
                    "req": nreq,
                    "raw_kb": raw / 1024,
                    "gz_kb": gz / 1024,
                    "wire_kb": wire / 1024,
                    "shell_kb": shell / 1024,
                    "ms": ms,
                    "foreign": foreign,
                    "count_kind": count_kind,
                    "count_ok": count_ok,
                    "count_share": count_value / len(truth) if truth else 1.0,
                    "facets_shown": facets_shown,
                    "facets_true": facets_true,
                    "facets_lower": facets_lower,
                }
            )
        browser.close()
    srv.shutdown()
    return rows


def report(n: int, stats: dict, size: int, rows: list[dict]) -> None:
    print(f"\n=== N = {n} docs ===")
    print(
        f"index: {stats['files']} files, {size / 1e6:.1f} MB on disk (shards {stats['shard_bytes'] / 1e6:.2f} MB "
        f"in {stats['shard_files']} files, median {stats['shard_median_bytes'] / 1024:.1f} KB, "
        f"max {stats['shard_max_bytes'] / 1024:.1f} KB; text chunks {stats['chunk_bytes'] / 1e6:.1f} MB "
        f"in {stats['chunk_files']} files, {stats['docs_per_chunk']} doc/chunk; meta {stats['meta_bytes'] / 1024:.1f} KB)"
    )
    print(
        f"build: {stats['seconds']} s, peak RSS {stats['peak_rss_mb']} MB "
        f"(RSS before build {stats['rss_before_build_mb']} MB; corpus generation {stats['corpus_seconds']} s), "
        f"{stats['grams']} distinct grams"
    )
    hdr = f"{'query':<16}{'truth':>6}{'cand':>6}{'full':>6}{'recall':>7}{'p@10':>6}{'absent':>7}{'req':>4}{'wireKB':>8}{'gzKB':>7}{'rawKB':>7}{'ms':>7}  status"
    print(hdr)
    for r in rows:
        p10 = "-" if r["p10"] is None else f"{r['p10']:.2f}"
        print(
            f"{r['q']:<16}{r['truth']:>6}{r['cand']:>6}{r['full']:>6}{r['recall']:>7.3f}{p10:>6}"
            f"{'yes' if r['absent_msg'] else '':>7}{r['req']:>4}{r['wire_kb']:>8.1f}{r['gz_kb']:>7.1f}"
            f"{r['raw_kb']:>7.1f}{r['ms']:>7.0f}  {r['status'][:60]}"
        )
    present = [r for r in rows if r["truth"]]
    absent = [r for r in rows if not r["truth"]]
    p10s = [r["p10"] for r in present if r["p10"] is not None]
    print(
        f"recall: min {min(r['recall'] for r in present):.3f}, mean {statistics.mean(r['recall'] for r in present):.4f}; "
        f"full result set == truth for {sum(r['full_ok'] for r in rows)}/{len(rows)} queries; "
        f"p@10 min {min(p10s):.2f} mean {statistics.mean(p10s):.3f}; "
        f"absent-term message {sum(r['absent_msg'] for r in absent)}/{len(absent)} "
        f"(and {sum(r['absent_msg'] for r in present)} false 'not found')"
    )
    kinds = {k: sum(r["count_kind"] == k for r in rows) for k in ("找到", "至少", "约", "none")}
    print(
        f"counts shown: {sum(r['count_ok'] for r in rows)}/{len(rows)} true "
        f"(exact {kinds['找到']}, lower bound 至少 {kinds['至少']}, 约 {kinds['约']}, none {kinds['none']}); "
        f"facet counts: {sum(r['facets_true'] for r in rows)}/{sum(r['facets_shown'] for r in rows)} true "
        f"({sum(r['facets_lower'] for r in rows)} queries label them as lower bounds)"
    )
    bounds = [r["count_share"] for r in rows if r["count_kind"] == "至少"]
    if bounds:
        print(f"lower bounds: median {statistics.median(bounds):.1%} of the truth (min {min(bounds):.1%})")
    for r in rows:
        if not r["count_ok"] or r["facets_true"] != r["facets_shown"]:
            print(f"  UNTRUE COUNT: {r['q']} truth {r['truth']}: {r['status'][:80]}")
    for key in ("wire_kb", "gz_kb", "raw_kb", "ms", "req"):
        vals = [r[key] for r in rows]
        print(f"{key:>8}: median {statistics.median(vals):.1f}, max {max(vals):.1f}")
    print(
        f"shell HTML (not counted): {statistics.median(r['shell_kb'] for r in rows):.1f} KB gz; "
        f"requests to hosts other than 127.0.0.1: {sum(len(r['foreign']) for r in rows)}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description="search benchmark")
    ap.add_argument("--n", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--keep", type=Path, help="build into this folder and keep it")
    ap.add_argument("--child-build", nargs=2, metavar=("N", "DIR"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child_build:
        print(json.dumps(build_site(int(a.child_build[0]), Path(a.child_build[1]), a.seed)))
        return
    for n in a.n:
        tmp = Path(tempfile.mkdtemp(prefix=f"search-bench-{n}-")) if not a.keep else a.keep / str(n)
        tmp.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            [sys.executable, __file__, "--seed", str(a.seed), "--child-build", str(n), str(tmp)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        stats = json.loads(out.strip().splitlines()[-1])
        texts = json.loads((tmp / "truth.json").read_text())
        rows = run_queries(tmp, texts, QUERIES)
        report(n, stats, dir_size(tmp / "repo" / "search"), rows)
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Cost of the share QR codes (issue #12): prints figures, asserts nothing.

    python bench/share_bench.py            # 1,000 case addresses, 3 runs
    python bench/share_bench.py --n 10000 --runs 1
    python bench/share_bench.py --pipeline 1000   # also the core pipeline with and without site_url

Each case page with a public address gets a QR code made by segno at build time
(showcase.generate.share).  This prints the time and bytes per 1,000 codes for addresses as long
as the site's real ones (a 40-character site address, school ids and pinyin file names), with the
fixed mask the build uses and, for comparison, with segno choosing the mask itself.  With
--pipeline N it also times the core pipeline (read, check, generate pages and data files; no
MkDocs) on N generated cases with and without a site address, alternating, as medians: the codes
are made in the data-file process that runs beside the page generation.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import segno  # noqa: E402

from showcase.generate import share  # noqa: E402

SITE_URL = "https://jiaoyu.taiyuan.gov.cn/zhongzhi-shidian/"
SCHOOLS = ["dachang-qiche", "jiancaoping-diyi-zhizhong", "xiaodian-diyi-gaozhi", "weisheng", "caizheng-jinrong"]
SYLLABLES = ["xiao", "qi", "gong", "jian", "shi", "xun", "zheng", "gai", "bao", "gao", "fang", "an", "jiao", "xue"]


def addresses(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = "-".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
        out.append(f"{SITE_URL}schools/{rng.choice(SCHOOLS)}/{2017 + i % 9}-{name}-{i}/")
    return out


def timed(make, urls: list[str]) -> tuple[float, int]:
    """Processor time (the machine is shared: wall time varies several-fold) and total bytes."""
    started = time.process_time()
    size = sum(len(make(url)) for url in urls)
    return time.process_time() - started, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pipeline", type=int, default=0, metavar="N", help="also time the core pipeline on N cases")
    args = parser.parse_args()
    urls = addresses(args.n)
    lengths = sorted(len(u) for u in urls)
    print(f"{args.n} 个案例页地址，长度中位数 {lengths[len(lengths) // 2]} 字符，最长 {lengths[-1]} 字符")

    def auto_mask(url: str) -> bytes:
        return segno.make(url, error="m", micro=False).svg_inline().encode()

    for label, make in (("本项目（固定掩码，含 SVG）", share.qr_svg), ("对照：segno 自选掩码", auto_mask)):
        runs = [timed(make, urls) for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in runs)
        size = runs[0][1]
        print(
            f"{label}：{seconds:.2f} 秒处理器时间（{args.runs} 次中位数），每 1,000 个 {seconds / args.n * 1000:.2f} 秒，"
            f"每个 {seconds / args.n * 1000:.2f} 毫秒；SVG 合计 {size / 1024:.0f} KB，平均 {size / args.n:.0f} 字节"
        )

    if args.pipeline:
        pipeline(args.pipeline, args.runs)


def pipeline(n: int, runs: int) -> None:
    from pipeline_bench import make_project

    from showcase.pipeline import run

    with tempfile.TemporaryDirectory(prefix="share-bench-") as temporary:
        root = Path(temporary) / "project"
        make_project(root, n, seed=4)
        run(root, demo=False)  # warm the file cache and the imports
        times: dict[str, list[float]] = {"": [], SITE_URL: []}
        for _ in range(runs):
            for site_url in times:
                started = time.perf_counter()
                result = run(root, demo=False, site_url=site_url)
                times[site_url].append(time.perf_counter() - started)
        codes = sum(1 for f in result.data_files if f.uri.endswith(share.QR_FILE))
        without, with_codes = statistics.median(times[""]), statistics.median(times[SITE_URL])
        print(
            f"核心流程（读取、检查、生成页面与数据文件，不含 MkDocs），{n} 篇，{runs} 次中位数："
            f"无网站地址 {without:.2f} 秒，有网站地址（{codes} 个二维码）{with_codes:.2f} 秒，"
            f"多 {with_codes - without:+.2f} 秒（{(with_codes / without - 1) * 100:+.0f}%）"
        )


if __name__ == "__main__":
    main()

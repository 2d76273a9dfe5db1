"""What the web form (/admin/, Decap CMS) costs: the bytes the site serves for it, raw and gzipped,
and how long its configuration takes to generate (issue #10).

    python bench/cms_bundle_bench.py

Reads the bundle npm installed (``node_modules/decap-cms/dist``, ``npm ci``) through the same list
the build copies (:func:`showcase.generate.cms_config.bundle_files`), so the figures are those of
the site.  Prints figures only; asserts nothing.
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from showcase.generate import cms_config  # noqa: E402
from showcase.load.content import load_site  # noqa: E402


def main() -> int:
    files = cms_config.bundle_files(REPO)
    if not files:
        print("没有安装 Decap CMS：请先运行 npm ci（或 bash scripts/dev.sh build）。")
        return 1
    main_script = REPO / cms_config.BUNDLE_DIR / cms_config.BUNDLE_SCRIPT
    data = main_script.read_bytes()
    print(
        f"{cms_config.BUNDLE_SCRIPT}: {len(data):,} 字节，gzip -9 {len(gzip.compress(data, 9)):,} 字节（打开 /admin/ 时加载）"
    )
    scripts = [path.read_bytes() for uri, path in files if uri.endswith(".js")]
    joined = b"".join(scripts)
    print(
        f"全部脚本（{len(scripts)} 个，含按需加载的分块）：{len(joined):,} 字节，gzip -9 {len(gzip.compress(joined, 9)):,} 字节"
    )
    total = sum(path.stat().st_size for _, path in files)
    print(f"复制到 admin/ 的文件：{len(files)} 个，{total:,} 字节")
    site, _ = load_site(REPO)
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        config = cms_config.config_yaml(site, site.cms)
    elapsed = (time.perf_counter() - started) / rounds
    print(f"admin/config.yml：{len(config):,} 字节，{len(site.schools)} 个栏目，生成用时 {elapsed * 1000:.1f} 毫秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())

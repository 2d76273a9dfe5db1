#!/usr/bin/env python3
"""Command line of the showcase: check the content, build or preview the site.

    python build.py check [--publish] [--format text|github]
    python build.py build [--publish] [--site-dir DIR]
    python build.py serve [--dev-addr 127.0.0.1:8000]
    python build.py compile [--publish] [--format all|pdf|docx] [--out DIR]

Messages are in Chinese: the people who run this are school and bureau staff.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from showcase.pipeline import run  # noqa: E402
from showcase.problems import Problems  # noqa: E402


def _print_problems(problems: Problems, fmt: str) -> None:
    for problem in problems:
        print(problem.format_github() if fmt == "github" else problem.format())
    if fmt == "github":
        # Annotations show on the lines of the pull request; the summary goes to the log too.
        print(problems.summary())
    else:
        print(problems.summary(), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = run(ROOT, demo=not args.publish)
    site, problems = result.site, result.problems
    _print_problems(problems, args.format)
    if args.format == "text":
        print(
            f"已检查 {len(site.projects)} 个项目、{len(site.schools)} 所学校、"
            f"{len(site.submissions) + len(site.rejected)} 篇材料，用时 {time.perf_counter() - started:.1f} 秒。",
            file=sys.stderr,
        )
    return 1 if problems.errors else 0


def _mkdocs(command: list[str], publish: bool) -> int:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    if publish:
        env["SHOWCASE_PUBLISH"] = "1"
        env["SHOWCASE_DEMO"] = "false"
    return subprocess.call([sys.executable, "-m", "mkdocs", *command], cwd=ROOT, env=env)


def cmd_build(args: argparse.Namespace) -> int:
    print("第 1 步：检查内容……", file=sys.stderr)
    check = argparse.Namespace(publish=args.publish, format="text")
    if cmd_check(check):
        print("内容有错误，未构建网站。请按上面的提示修改后重试。", file=sys.stderr)
        return 1
    print("第 2 步：生成网站……", file=sys.stderr)
    command = ["build", "--strict", "--clean"]
    if args.site_dir:
        command += ["--site-dir", str(Path(args.site_dir).resolve())]
    code = _mkdocs(command, args.publish)
    if code == 0:
        where = args.site_dir or "site"
        print(f"完成：网站已生成在 {where}/ 文件夹，可用任何网页服务器发布。" + ("" if args.publish else "（本地预览版，含示例内容）"), file=sys.stderr)
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    print(f"本地预览：http://{args.dev_addr}/ （修改 content/、projects/、schools/ 下的文件后自动刷新；按 Ctrl+C 结束）", file=sys.stderr)
    return _mkdocs(["serve", "--dev-addr", args.dev_addr], publish=False)


def cmd_compile(args: argparse.Namespace) -> int:
    from showcase.compile.command import run

    formats = ("pdf", "docx") if args.format == "all" else (args.format,)
    return run(ROOT, demo=not args.publish, out_dir=Path(args.out).resolve(), formats=formats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="太原市中职教育改革发展项目试点成果展示：检查内容、生成和预览网站。")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    check = sub.add_parser("check", help="检查全部内容，列出所有问题（有错误时返回非零）")
    check.add_argument("--publish", action="store_true", help="按正式发布检查（不含示例内容）")
    check.add_argument("--format", choices=["text", "github"], default="text", help="输出格式；github 会在拉取请求的对应行上显示问题")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="检查后生成网站到 site/ 文件夹")
    build.add_argument("--publish", action="store_true", help="正式发布：不含示例内容，发现示例内容即失败")
    build.add_argument("--site-dir", help="输出文件夹（默认 site/）")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="本地预览，修改文件后自动刷新")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    serve.set_defaults(func=cmd_serve)

    compile_ = sub.add_parser("compile", help="按 featured.yml 的推荐顺序生成《典型案例汇编》PDF 与 Word 版（默认输出到 dist/）")
    compile_.add_argument("--publish", action="store_true", help="正式版：只用 featured.yml，不含示例内容")
    compile_.add_argument("--format", choices=["all", "pdf", "docx"], default="all", help="生成哪种格式（默认两种都生成）")
    compile_.add_argument("--out", default=str(ROOT / "dist"), help="输出文件夹（默认 dist/）")
    compile_.set_defaults(func=cmd_compile)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Command line of the showcase: check the content, build or preview the site.

    python build.py check [--publish] [--format text|github]
    python build.py build [--publish] [--site-dir DIR]
    python build.py serve [--dev-addr 127.0.0.1:8000]
    python build.py new [--school ID --project ID --type 典型案例 --title … --summary … --authors … --name …]
    python build.py fix [--yes]
    python build.py owners
    python build.py schema
    python build.py compile [--publish] [--format all|pdf|docx] [--out DIR]
    python build.py wechat ID… [--featured] [--demo] [-o DIR]
    python build.py export DIR [--demo]
    python build.py postbuild SITE_DIR [--manifest FILE]

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

from showcase.check import ownership, rules
from showcase.config import site_config  # noqa: E402
from showcase.generate import editor_schemas
from showcase.load.content import load_site  # noqa: E402
from showcase.pipeline import run  # noqa: E402
from showcase.problems import Problems  # noqa: E402
from showcase.tools import (
    fixer,
    scaffold,  # noqa: E402
)


def _print_problems(problems: Problems, fmt: str) -> None:
    for problem in problems:
        print(problem.format_github() if fmt == "github" else problem.format())
    if fmt == "github":
        # Annotations show on the lines of the pull request; the summary goes to the log too.
        print(problems.summary())
        # GitHub shows ten annotations a step: the job summary lists every problem.
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as out:
                out.write(problems.markdown_table())
    else:
        print(problems.summary(), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = run(ROOT, demo=not args.publish)
    site, problems = result.site, result.problems
    # Repository rules (not needed to build a site): generated files in step with their sources,
    # and in a pull request, changes only where the author may make them.
    ownership.check_codeowners(ROOT, site, problems)
    rules.check_schema_files(ROOT, site, problems)
    if args.changed_files:
        changed = ownership.parse_changed_files(Path(args.changed_files).read_text(encoding="utf-8"))
        ownership.check_changed_files(ROOT, site, changed, args.author or "", problems)
    _print_problems(problems, args.format)
    if args.format == "text":
        print(
            f"已检查 {len(site.projects)} 个项目、{len(site.schools)} 所学校、"
            f"{len(site.submissions) + len(site.rejected)} 篇材料，用时 {time.perf_counter() - started:.1f} 秒。",
            file=sys.stderr,
        )
    return 1 if problems.errors else 0


def _mkdocs(command: list[str], publish: bool, strict: bool = True) -> int:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not strict:
        env["SHOWCASE_STRICT"] = "false"
    if publish:
        env["SHOWCASE_PUBLISH"] = "1"
        env["SHOWCASE_DEMO"] = "false"
    return subprocess.call([sys.executable, "-m", "mkdocs", *command], cwd=ROOT, env=env)


def cmd_build(args: argparse.Namespace) -> int:
    """Check and build in one process: the MkDocs hook runs the check and stops on any error,
    so the content is read once (a separate check first would read and generate it twice)."""
    import logging

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.publish:
        os.environ["SHOWCASE_PUBLISH"] = "1"
        os.environ["SHOWCASE_DEMO"] = "false"
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    print("正在检查内容并生成网站……", file=sys.stderr)
    overrides = {"site_dir": str(Path(args.site_dir).resolve())} if args.site_dir else {}
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), strict=True, **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as exc:
        print(f"未生成网站：{exc}", file=sys.stderr)
        return 1
    except MkDocsException as exc:
        print(f"未生成网站：{exc}", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
    where = args.site_dir or "site"
    print(
        f"完成：网站已生成在 {where}/ 文件夹，可用任何网页服务器发布。"
        + ("" if args.publish else "（本地预览版，含示例内容）"),
        file=sys.stderr,
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    print(
        f"本地预览：http://{args.dev_addr}/ （修改 content/、projects/、schools/ 下的文件后自动刷新；按 Ctrl+C 结束）",
        file=sys.stderr,
    )
    # Not strict: the preview shows the site while problems are listed (a strict build would stop).
    return _mkdocs(["serve", "--dev-addr", args.dev_addr], publish=False, strict=False)


def cmd_new(args: argparse.Namespace) -> int:
    site, _ = load_site(ROOT)
    given = scaffold.Partial(
        school_id=args.school,
        project_id=args.project,
        type=args.type,
        title=args.title,
        summary=args.summary,
        date=args.date,
        authors=args.authors,
        name=args.name,
        tags=args.tags,
    )
    try:
        answers = scaffold.interview(site, ROOT, given)
        scaffold.create(ROOT, answers, site)
    except scaffold.InvalidAnswers as exc:
        for message in exc.messages:
            print(f"错误：{message}", file=sys.stderr)
        print("没有创建文件。", file=sys.stderr)
        return 2
    except scaffold.Cancelled:
        print(
            "\n已取消，没有创建文件。（不在终端里运行时，请用参数给出全部答案，如："
            "python build.py new --school weisheng --project teaching-diagnosis --type 典型案例 "
            "--title 标题 --summary 摘要 --authors 张三、李四 --name zhengai-anli）",
            file=sys.stderr,
        )
        return 2
    except FileExistsError as exc:
        print(
            f"错误：{Path(exc.filename).relative_to(ROOT).as_posix()} 已经存在，不会覆盖；请换一个文件名（--name）。",
            file=sys.stderr,
        )
        return 2
    # The new file must pass the check as created; say so at once if it does not.
    problems = run(ROOT, demo=False).problems
    own = [p for p in problems if p.path == answers.rel_path]
    for problem in own:
        print(problem.format(), file=sys.stderr)
    print(scaffold.next_steps(answers))
    return 1 if any(p.severity == "error" for p in own) else 0


def cmd_fix(args: argparse.Namespace) -> int:
    plans = fixer.scan(ROOT)
    if not plans:
        print("所有文件都已是 UTF-8 编码（无 BOM、统一换行），不需要转换。")
        return 0
    print(fixer.describe(plans))
    convertible = [p for p in plans if p.convertible]
    refused = len(plans) - len(convertible)
    if convertible:
        if not args.yes:
            try:
                answer = input(f"要转换以上 {len(convertible)} 个文件吗？转换不会丢失任何字符。[y/N] ").strip().lower()
            except (EOFError, KeyboardInterrupt):
                answer = ""
            if answer not in ("y", "yes", "是"):
                print("未做任何修改。")
                return 1
        written = fixer.apply(ROOT, convertible)
        print(f"已转换 {len(written)} 个文件。请运行 python build.py check 检查，再提交。")
    return 1 if refused else 0


def cmd_owners(args: argparse.Namespace) -> int:
    problems = Problems()
    site, _ = load_site(ROOT)
    owners = ownership.load_owners(ROOT, problems)
    if owners is None or site.broken_school_ids:
        _print_problems(problems, "text")
        print(
            "owners.yml 或学校的 school.yml 有错误，未生成 CODEOWNERS。请先运行 python build.py check 并改正。",
            file=sys.stderr,
        )
        return 1
    path = ownership.write_codeowners(ROOT, owners, site)
    print(
        f"已生成 {path.relative_to(ROOT).as_posix()}（{len(owners.bureau)} 个市教育局账号，{len({e.lower() for s in site.schools.values() for e in s.editors})} 个学校编辑账号）。请把它一起提交。"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    site, _ = load_site(ROOT)
    written = editor_schemas.write_schema_files(ROOT, site)
    print(f"已生成 {len(written)} 个 JSON Schema 到 {editor_schemas.SCHEMA_DIR}/ 文件夹。请把它们一起提交。")
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    from showcase.output.compile.command import run

    formats = ("pdf", "docx") if args.format == "all" else (args.format,)
    return run(ROOT, demo=not args.publish, out_dir=Path(args.out).resolve(), formats=formats)


def cmd_wechat(args: argparse.Namespace) -> int:
    from showcase.output.wechat import run as wechat

    return wechat(ROOT, args.ids, featured=args.featured, demo=args.demo, out_dir=Path(args.out).resolve())


def cmd_export(args: argparse.Namespace) -> int:
    from showcase.output.export import ExportRefused, export

    out_dir = Path(args.dir).resolve()
    print("正在检查内容并导出……", file=sys.stderr)
    try:
        result = export(ROOT, out_dir, demo=args.demo)
    except ExportRefused as refused:
        if refused.problems is not None:
            _print_problems(refused.problems, "text")
        print(
            f"未导出：{refused}"
            + (
                "，请按上面的提示修改后重试（python build.py check 可以只做检查）。"
                if refused.problems is not None
                else ""
            ),
            file=sys.stderr,
        )
        return 1
    if result.problems:
        _print_problems(result.problems, "text")
    print(
        f"完成：已导出到 {out_dir}（{result.pages} 个生成的页面、{result.static_files} 个固定文件、"
        f"{result.data_files} 个数据文件、{result.assets} 个图片与脚本；"
        + ("本地预览版，含示例内容" if args.demo else "正式发布版，不含示例内容")
        + f"）。\n下一步：properdocs build -f {out_dir / 'mkdocs.yml'}，"
        f"再运行 python build.py postbuild {out_dir / 'site'}（详见 {out_dir / 'README.md'}）。",
        file=sys.stderr,
    )
    return 0


def cmd_postbuild(args: argparse.Namespace) -> int:
    from showcase.output.postbuild import PostBuildError, postbuild

    try:
        result = postbuild(Path(args.site_dir).resolve(), Path(args.manifest).resolve() if args.manifest else None)
    except PostBuildError as error:
        print(f"收尾失败：{error}", file=sys.stderr)
        return 1
    stats = result.search
    print(
        f"完成：搜索索引 {stats['docs']} 篇材料（{stats['files']} 个文件，{stats['bytes'] / 1024:.0f} KB），"
        f"{result.csp_pages} 个页面加了内容安全策略"
        + ("，已写站点地图" if result.sitemap_written else "")
        + f"，用时 {result.seconds:.1f} 秒。网站在 {args.site_dir}/，可以发布。",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=f"{site_config().name}：检查内容、生成和预览网站。")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    check = sub.add_parser("check", help="检查全部内容，列出所有问题（有错误时返回非零）")
    check.add_argument("--publish", action="store_true", help="按正式发布检查（不含示例内容）")
    check.add_argument(
        "--format", choices=["text", "github"], default="text", help="输出格式；github 会在拉取请求的对应行上显示问题"
    )
    check.add_argument(
        "--changed-files",
        metavar="文件",
        help="拉取请求修改的文件列表（每行一个路径，即 git diff --name-only 的输出），检查作者是否有权修改",
    )
    check.add_argument("--author", metavar="账号", help="拉取请求作者的 GitHub 账号（与 --changed-files 一起使用）")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="检查后生成网站到 site/ 文件夹")
    build.add_argument("--publish", action="store_true", help="正式发布：不含示例内容，发现示例内容即失败")
    build.add_argument("--site-dir", help="输出文件夹（默认 site/）")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="本地预览，修改文件后自动刷新")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    serve.set_defaults(func=cmd_serve)

    new = sub.add_parser("new", help="新建一篇材料：按提问或参数生成命名正确、可以通过检查的文件")
    new.add_argument("--school", help="学校编号（schools/ 下的文件夹名）")
    new.add_argument("--project", help="试点项目编号，只能是本校承担的项目")
    new.add_argument("--type", help="材料类型：" + " / ".join(scaffold.schema.SUBMISSION_TYPES))
    new.add_argument("--title", help="标题")
    new.add_argument("--summary", help="摘要，一两句话")
    new.add_argument("--date", help="日期，如 2018-06-01（默认今天）")
    new.add_argument("--authors", help="作者，多位用顿号分开，如 张三、李四")
    new.add_argument("--tags", help="关键词（可选），用顿号分开")
    new.add_argument("--name", help="文件名用的拼音或英文短名，如 zhengai-anli（文件名为 年份-短名.md）")
    new.set_defaults(func=cmd_new)

    fix = sub.add_parser("fix", help="把 GBK/GB18030、带 BOM 或 Windows 换行的文件转换为 UTF-8（先列出并征求同意）")
    fix.add_argument("--yes", action="store_true", help="不询问，直接转换")
    fix.set_defaults(func=cmd_fix)

    owners = sub.add_parser("owners", help="根据 owners.yml 和各校 school.yml 生成 .github/CODEOWNERS")
    owners.set_defaults(func=cmd_owners)

    schema_cmd = sub.add_parser("schema", help="生成编辑器用的 JSON Schema 到 schema/ 文件夹")
    schema_cmd.set_defaults(func=cmd_schema)
    compile_ = sub.add_parser(
        "compile", help="按 featured.yml 的推荐顺序生成《典型案例汇编》PDF 与 Word 版（默认输出到 dist/）"
    )
    compile_.add_argument("--publish", action="store_true", help="正式版：只用 featured.yml，不含示例内容")
    compile_.add_argument(
        "--format", choices=["all", "pdf", "docx"], default="all", help="生成哪种格式（默认两种都生成）"
    )
    compile_.add_argument("--out", default=str(ROOT / "dist"), help="输出文件夹（默认 dist/）")
    compile_.set_defaults(func=cmd_compile)

    wechat_ = sub.add_parser(
        "wechat",
        help="把案例生成公众号文章：只用内联样式的 HTML、编号的图片、标题、摘要和原文地址（默认输出到 dist/wechat/）",
    )
    wechat_.add_argument(
        "ids", nargs="*", metavar="材料编号", help="一个或多个材料编号，如 weisheng/2018-zhengai-baogao"
    )
    wechat_.add_argument("--featured", action="store_true", help="featured.yml 推荐的全部典型案例")
    wechat_.add_argument("--demo", action="store_true", help="含示例内容（本地试用；正式发布不要加）")
    wechat_.add_argument("-o", "--out", default=str(ROOT / "dist" / "wechat"), help="输出文件夹（默认 dist/wechat/）")
    wechat_.set_defaults(func=cmd_wechat)

    export_ = sub.add_parser(
        "export",
        help="检查后导出完整的网站源文件（页面、数据、图片、配置），可由不带钩子的构建引擎（ProperDocs、MkDocs、Zensical）生成网站",
    )
    export_.add_argument("dir", metavar="文件夹", help="导出到哪个文件夹（空文件夹，或以前导出的文件夹）")
    export_.add_argument("--demo", action="store_true", help="含示例内容的本地预览版（默认是正式发布版，不含示例内容）")
    export_.set_defaults(func=cmd_export)
    postbuild_ = sub.add_parser(
        "postbuild", help="构建引擎从导出生成网站之后的收尾：搜索索引、内容安全策略、站点地图、示例内容检查"
    )
    postbuild_.add_argument("site_dir", metavar="网站文件夹", help="引擎生成的网站文件夹（如 导出文件夹/site）")
    postbuild_.add_argument(
        "--manifest", metavar="文件", help="导出清单（默认是网站文件夹旁边的 showcase-export.json）"
    )
    postbuild_.set_defaults(func=cmd_postbuild)

    args = parser.parse_args(argv)
    if bool(getattr(args, "author", None)) != bool(getattr(args, "changed_files", None)):
        parser.error("--changed-files 和 --author 要一起使用")
    if getattr(args, "changed_files", None) and not Path(args.changed_files).is_file():
        parser.error(f"找不到修改文件列表：{args.changed_files}")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

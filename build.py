#!/usr/bin/env python3
"""Command line of the showcase: check the content, build or preview the site.

    python build.py check [--publish] [--format text|github]
    python build.py build [--publish] [--site-dir DIR] [--offline]
    python build.py serve [--dev-addr 127.0.0.1:8000]
    python build.py new [--school ID --project ID --type 典型案例 --title … --summary … --authors … --name …]
    python build.py import 文件.docx [更多.docx | 文件夹] [--school ID … --yes]
    python build.py fix [--yes]
    python build.py owners
    python build.py schema
    python build.py compile [--demo] [--edition all|screen|print] [--format all|pdf|docx] [--out DIR]
    python build.py report [--year YEAR] [--out DIR]
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


def _require_packages() -> None:
    """Run by a Python without the project's packages (the system's, not .venv's), say so in
    Chinese and how to run it instead, rather than end in a ModuleNotFoundError traceback."""
    import importlib.util

    needed = ("yaml", "pydantic", "markdown", "nh3", "jinja2", "PIL")
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        command = " ".join(sys.argv[1:2]) or "serve"
        sys.exit(
            f"这个 Python（{sys.executable}）没有安装本项目所需的软件包（缺少 {', '.join(missing)}）。\n"
            f"请改用：bash scripts/dev.sh {command}（第一次运行会自动安装），"
            f"或用安装好的虚拟环境运行：.venv/bin/python build.py {' '.join(sys.argv[1:])}".rstrip()
        )


_require_packages()

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
    rules.check_cms_snippet(ROOT, site, problems)
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
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.publish:
        os.environ["SHOWCASE_PUBLISH"] = "1"
        os.environ["SHOWCASE_DEMO"] = "false"
    if args.offline:  # the search reads its index from .js files when opened from disk, at any size
        os.environ["SHOWCASE_SEARCH_SCRIPTS"] = "1"
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
    except MkDocsException as exc:  # Abort included (a subclass)
        print(f"未生成网站：{exc}", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
    where = args.site_dir or "site"
    if args.offline:
        from showcase.output.offline import make_openable_from_disk

        make_openable_from_disk(Path(config.site_dir))
        done, kind = "可以直接双击其中的 index.html 在浏览器里打开（不需要网页服务器）。", "（预览版，含示例内容）"
    else:
        done, kind = "可用任何网页服务器发布。", "（本地预览版，含示例内容）"
    print(f"完成：网站已生成在 {where}/ 文件夹，{done}" + ("" if args.publish else kind), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    print(
        f"本地预览：http://{args.dev_addr}/ （修改 content/、projects/、schools/ 下的文件后自动刷新；按 Ctrl+C 结束）",
        file=sys.stderr,
    )
    # Not strict: the preview shows the site while problems are listed (a strict build would stop).
    return _mkdocs(["serve", "--dev-addr", args.dev_addr], publish=False, strict=False)


def _answers_given(args: argparse.Namespace, **more) -> scaffold.Partial:
    """The front-matter answers given as flags to new or import (the rest is asked)."""
    return scaffold.Partial(
        school_id=args.school,
        project_id=args.project,
        type=args.type,
        title=args.title,
        summary=args.summary,
        date=args.date,
        authors=args.authors,
        tags=args.tags,
        **more,
    )


def cmd_new(args: argparse.Namespace) -> int:
    site, _ = load_site(ROOT)
    given = _answers_given(args, name=args.name)
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
    # The new file's front matter must pass the check as created; say so at once if it does not.
    # Its body is still the skeleton, which the check reports (template-body) until it is written.
    problems = run(ROOT, demo=False).problems
    own = [p for p in problems if p.path == answers.rel_path and p.code != "template-body"]
    for problem in own:
        print(problem.format(), file=sys.stderr)
    print(scaffold.next_steps(answers))
    return 1 if any(p.severity == "error" for p in own) else 0


def cmd_import(args: argparse.Namespace) -> int:
    """Word documents to submissions: the same questions (or flags) as ``new``, the title, summary
    and file name proposed from each document, then the check on what was written."""
    from dataclasses import replace

    from showcase.tools import importer

    documents, refused = importer.collect([Path(p) for p in args.documents])
    for path, reason in refused:
        print(f"错误：{path}：{reason}", file=sys.stderr)
    if len(documents) > 1 and (args.title or args.summary):
        print(
            "错误：一次导入多篇文档时不能用 --title 或 --summary（每篇的标题和摘要不同，会从各自的文档中读出）。",
            file=sys.stderr,
        )
        return 2
    site, _ = load_site(ROOT)
    # Proposals are taken as they are with --yes, or when nobody can be asked (not a terminal).
    take = args.yes or not sys.stdin.isatty()

    def taken(flag: str | None, proposal: str | None) -> str | None:
        return flag if flag is not None else proposal if take else None

    shared = _answers_given(args)
    imported: list[tuple[scaffold.NewSubmission, importer.Converted]] = []
    failed = len(refused)
    for index, document in enumerate(documents):
        print(f"正在读取 {document} ……", file=sys.stderr)
        try:
            converted = importer.convert(document)
        except importer.ImportRefused as exc:
            print(f"错误：{document}：{exc}", file=sys.stderr)
            failed += 1
            continue
        try:
            name = (f"{args.name}-{index + 1}" if len(documents) > 1 else args.name) if args.name else None
            proposed = scaffold.Partial(
                title=converted.title or None,
                summary=converted.summary or None,
                name=scaffold.name_from(document.stem) or None,
            )
            if converted.title or converted.summary:
                print(
                    f"从文档中读出：标题“{converted.title or '（无）'}”；摘要“{converted.summary or '（无）'}”",
                    file=sys.stderr,
                )
            given = replace(
                shared,
                title=taken(shared.title, proposed.title),
                summary=taken(shared.summary, proposed.summary),
                name=taken(name, proposed.name),
            )
            try:
                answers = scaffold.interview(site, ROOT, given, proposed=proposed)
            except scaffold.InvalidAnswers as exc:
                for message in exc.messages:
                    print(f"错误：{document}：{message}", file=sys.stderr)
                failed += 1
                continue
            except scaffold.Cancelled:
                print(
                    f"\n{document}：没有导入。（不在终端里运行时，请用参数给出全部答案，如："
                    "python build.py import 文件.docx --school weisheng --project teaching-diagnosis --type 典型案例 "
                    "--authors 张三、李四 --name zhengai-anli；标题和摘要不给出时从文档中读出）",
                    file=sys.stderr,
                )
                failed += 1
                continue
            # The next document of the same run is for the same school, project and authors.
            shared = replace(
                shared,
                school_id=answers.school_id,
                project_id=answers.project_id,
                type=answers.type,
                date=answers.date.isoformat(),
                authors="、".join(answers.authors),
                tags="、".join(answers.tags) if answers.tags else shared.tags,
            )
            try:
                importer.write(ROOT, answers.rel_path, answers.name, scaffold.front_matter(answers, site), converted)
            except FileExistsError as exc:
                print(
                    f"错误：{Path(exc.filename).relative_to(ROOT).as_posix()} 已经存在，不会覆盖；"
                    "请换一个文件名（--name），没有写入任何文件。",
                    file=sys.stderr,
                )
                failed += 1
                continue
            imported.append((answers, converted))
        finally:
            converted.close()
    if not imported:
        print("没有导入任何文档。", file=sys.stderr)
        return 2
    # What was written must pass the check: its problems are listed now, with their lines.
    problems = run(ROOT, demo=False).problems
    errors = 0
    for answers, converted in imported:
        folder = f"schools/{answers.school_id}"
        own = [
            p for p in problems if p.path == answers.rel_path or p.path.startswith(f"{folder}/images/{answers.name}-")
        ]
        pictures = [p for p in converted.pictures if not p.problem]
        print(f"\n已导入：{answers.rel_path}（{len(pictures)} 张图片在 {folder}/images/）")
        for note in converted.notes:
            print(f"  说明：{note}")
        for picture in converted.pictures:
            if picture.problem:
                print(f"  请处理：{picture.problem}（{folder}/{importer.image_name(answers.name, picture)}）")
        for problem in own:
            print(problem.format(), file=sys.stderr)
        mistakes = sum(1 for p in own if p.severity == "error")
        errors += mistakes
        if mistakes:
            print(
                f"  这篇材料还有 {mistakes} 个错误（见上），文件已经写好，方便直接修改；改正并通过 bash scripts/dev.sh check 之前不能提交。"
            )
    print(
        "\n下一步：用文本编辑器打开导入的文件核对一遍（标题、摘要、作者和日期在文件头里），"
        "运行 bash scripts/dev.sh check 检查，bash scripts/dev.sh serve 在本地预览；检查通过后提交。"
    )
    return 1 if errors or failed else 0


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


def cmd_cms(args: argparse.Namespace) -> int:
    from showcase.generate import cms_config

    site, problems = load_site(ROOT)
    if any(p.path == "cms.yml" for p in problems.errors):
        _print_problems(Problems([p for p in problems.errors if p.path == "cms.yml"]), "text")
        print("cms.yml 有错误，未生成。请改正后重试。", file=sys.stderr)
        return 1
    path = ROOT / cms_config.NGINX_SNIPPET
    path.write_bytes(cms_config.nginx_snippet(site.cms))
    print(
        f"已生成 {cms_config.NGINX_SNIPPET}（网页表单 /admin/ 的安全策略）。请把它一起提交，并复制到服务器的 /etc/nginx/snippets/。"
    )
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    from showcase.output.compile.command import run

    formats = ("pdf", "docx") if args.format == "all" else (args.format,)
    editions = ("screen", "print") if args.edition == "all" else (args.edition,)
    return run(ROOT, demo=args.demo, out_dir=Path(args.out).resolve(), formats=formats, editions=editions)


def cmd_report(args: argparse.Namespace) -> int:
    from showcase.output.report import run

    return run(ROOT, out_dir=Path(args.out).resolve(), as_of=args.year)


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
        f"完成：搜索索引 {stats['cases']} 篇材料和 {stats['docs'] - stats['cases']} 个其他页面"
        f"（{stats['files']} 个文件，{stats['bytes'] / 1024:.0f} KB），"
        f"{result.csp_pages} 个页面加了内容安全策略"
        + ("，已写站点地图" if result.sitemap_written else "")
        + f"，用时 {result.seconds:.1f} 秒。网站在 {args.site_dir}/，可以发布。",
        file=sys.stderr,
    )
    return 0


def _year(text: str) -> int:
    if not text.isdigit() or not 2017 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"年份应为 2017 到 2100 之间的四位数，如 2018，实际是“{text}”")
    return int(text)


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
    build.add_argument(
        "--offline",
        action="store_true",
        help="生成可以直接从文件夹打开的网站：链接指向 index.html，搜索不需要网页服务器（拉取请求的预览用）",
    )
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="本地预览，修改文件后自动刷新")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    serve.set_defaults(func=cmd_serve)

    # The front-matter answers new and import take as flags (import reads its own title, summary and name).
    answer_flags = {
        "--school": "学校编号（schools/ 下的文件夹名）",
        "--project": "试点项目编号，只能是本校承担的项目",
        "--type": "材料类型：" + " / ".join(scaffold.schema.SUBMISSION_TYPES),
        "--title": "标题",
        "--summary": "摘要，一两句话",
        "--date": "日期，如 2018-06-01（默认今天）",
        "--authors": "作者，多位用顿号分开，如 张三、李四",
        "--tags": "关键词（可选），用顿号分开",
        "--name": "文件名用的拼音或英文短名，如 zhengai-anli（文件名为 年份-短名.md）",
    }
    new = sub.add_parser("new", help="新建一篇材料：按提问或参数生成命名正确、可以通过检查的文件")
    for flag, text in answer_flags.items():
        new.add_argument(flag, help=text)
    new.set_defaults(func=cmd_new)

    import_ = sub.add_parser(
        "import", help="把 Word 文档（.docx，或一个文件夹里的全部 .docx）导入为材料：文字、标题、表格、脚注和图片"
    )
    import_.add_argument("documents", nargs="+", metavar="文件", help="Word 文档（.docx）或放着它们的文件夹")
    for flag, text in {
        **answer_flags,
        "--title": "标题（默认从文档中读出：文档标题或第一个标题）",
        "--summary": "摘要（默认从文档中读出：第一段）",
        "--name": "文件名用的拼音或英文短名（默认取 Word 文件名中的拼音或英文）；一次导入多篇时依次加 -1、-2……",
    }.items():
        import_.add_argument(flag, help=text)
    import_.add_argument("--yes", action="store_true", help="不询问，直接采用从文档中读出的标题、摘要和文件名")
    import_.set_defaults(func=cmd_import)

    fix = sub.add_parser("fix", help="把 GBK/GB18030、带 BOM 或 Windows 换行的文件转换为 UTF-8（先列出并征求同意）")
    fix.add_argument("--yes", action="store_true", help="不询问，直接转换")
    fix.set_defaults(func=cmd_fix)

    owners = sub.add_parser("owners", help="根据 owners.yml 和各校 school.yml 生成 .github/CODEOWNERS")
    owners.set_defaults(func=cmd_owners)

    schema_cmd = sub.add_parser("schema", help="生成编辑器用的 JSON Schema 到 schema/ 文件夹")
    schema_cmd.set_defaults(func=cmd_schema)
    cms_cmd = sub.add_parser(
        "cms-policy", help="根据 cms.yml 生成网页表单 /admin/ 的服务器安全策略（deploy/nginx/snippets/）"
    )
    cms_cmd.set_defaults(func=cmd_cms)
    compile_ = sub.add_parser(
        "compile",
        help="按 featured.yml 的推荐顺序生成《典型案例汇编》屏幕版与印刷版的 PDF 和 Word 文件（默认输出到 dist/）",
    )
    compile_.add_argument(
        "--demo", action="store_true", help="加入示例材料和示例推荐列表（demo/），每页标注“示例”，仅供演示"
    )
    compile_.add_argument(
        "--edition",
        choices=["all", "screen", "print"],
        default="all",
        help="生成哪一版：screen 屏幕版（图片为网页尺寸，适合发邮件），print 印刷版（图片按印刷尺寸不超过 300 dpi）；默认两版都生成",
    )
    compile_.add_argument(
        "--format", choices=["all", "pdf", "docx"], default="all", help="生成哪种格式（默认两种都生成）"
    )
    compile_.add_argument("--out", default=str(ROOT / "dist"), help="输出文件夹（默认 dist/）")
    compile_.set_defaults(func=cmd_compile)

    report_ = sub.add_parser(
        "report",
        help="市教育局内部用：列出各校缺交、待交的每年必交材料，并写出工作表（XLSX 与 CSV，默认到 dist/，不发布）",
    )
    report_.add_argument(
        "--year", type=_year, metavar="年份", help="按哪一年统计：此前各年未交的为缺交，这一年的为待交（默认今年）"
    )
    report_.add_argument(
        "--out", default=str(ROOT / "dist"), metavar="文件夹", help="工作表写到哪个文件夹（默认 dist/）"
    )
    report_.set_defaults(func=cmd_report)
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

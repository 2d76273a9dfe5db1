"""MkDocs adapter: loads the content with :mod:`showcase`, adds the generated pages in memory.

A thin layer by design (compare mkdocs-gen-files' plugin.py): the decisions live in the
``showcase`` package, which works and is tested without MkDocs.  Generated pages are added with
``File.generated`` and never written into a watched folder (that would loop ``serve``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from showcase.engine.mkdocs import fast_render, parallel_render, template_cache, watch
from showcase.engine.mkdocs import state as build_state
from showcase.generate import chrome, cms_config, share
from showcase.output import csp

__all__ = [
    "on_startup",
    "on_config",
    "on_pre_build",
    "on_files",
    "on_nav",
    "on_env",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_post_template",
    "on_post_build",
    "on_shutdown",
    "on_serve",
    "on_build_error",
]

log = logging.getLogger("mkdocs.plugins.showcase")
_state = build_state.BuildState()
_parallel = parallel_render.ParallelRender()
_files: Files | None = None
_nav = None
_told_no_site_url = False


def on_startup(command: str, dirty: bool) -> None:
    _state.command = command
    if command == "serve":
        watch.use_notifications()


def on_pre_build(config: MkDocsConfig) -> None:
    fast_render.install(cache=_state.command == "serve", prerendered=_state.prerendered)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _told_no_site_url
    if not config.use_directory_urls:
        # The generated listings are raw HTML whose links assume directory URLs (showcase.generate.urls.url_of).
        raise Abort("本网站需要 use_directory_urls: true（见 mkdocs.yml）。")
    # parallel_render.write_sitemap writes the sitemap of every page (the template would list
    # only the pages this process rendered, and at 1,000 cases took 0.2 s to do so).
    config.theme.static_templates.discard("sitemap.xml")
    demo = _state.demo_enabled(config.extra.get("showcase", {}))
    _state.site_url = config.site_url or ""
    if not _state.site_url and not _told_no_site_url:
        # A notice, not a problem: strict builds go on.  Once a process (serve reloads the
        # configuration at every rebuild).
        log.info(share.NO_SITE_URL)
        _told_no_site_url = True
    site, problems = _state.load(Path(config.config_file_path).parent, demo=demo, docs_dir=config.docs_dir)
    for problem in problems.warnings:
        log.warning(problem.format())
    if problems.errors:
        for problem in problems.errors:
            log.error(problem.format())
        if _state.command != "serve":
            raise Abort(
                f"内容检查发现 {len(problems.errors)} 个错误，已停止构建。请按上面的提示修改后重试（python build.py check 可以只做检查）。"
            )
        log.warning("预览时跳过了有错误的材料；它们不会出现在网站上，请按上面的提示修改。")
    config.extra.update(chrome.theme_extra(site))  # the preview's announcement, the footer
    log.info(
        f"已读取 {len(site.projects)} 个项目、{len(site.schools)} 所学校、{len(site.submissions)} 篇材料"
        + ("（含示例）" if site.demo else "")
    )
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in _state.pages():
        existing = files.get_file_from_path(page.uri)
        if existing is not None:
            raise Abort(f"content/{page.uri} 与自动生成的页面同名，请改名或删除它。")
        files.append(File.generated(config, page.uri, content=page.content))
    for data_file in _state.data_files():
        files.append(File.generated(config, data_file.uri, content=data_file.data))
    for asset in _state.assets():
        files.append(File.generated(config, asset.uri, abs_src_path=str(asset.abs_path)))
    # The web form (/admin/): its page and configuration, and the Decap bundle npm installed.
    generated, bundle, note = cms_config.for_build(Path(config.config_file_path).parent, _state.site)
    for uri, data in generated:
        files.append(File.generated(config, uri, content=data))
    for uri, path in bundle:
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    if note:
        log.info(note)
    global _files
    _files = files
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    template_cache.install(env, config, _nav)
    return env


def on_nav(nav, config: MkDocsConfig, files: Files):
    global _nav
    _nav = nav
    if parallel_render.enabled():
        send_back = receive = None
        if _state.command == "serve":  # what the child renders goes into the parent's caches too
            caches = [cache for cache in (fast_render.cache(), _state.text_cache()) if cache is not None]
            marks = [len(cache) for cache in caches]  # dicts keep their order: the child's additions come last
            send_back = lambda: [list(cache.items())[mark:] for cache, mark in zip(caches, marks)]  # noqa: E731
            receive = lambda added: [cache.update(items) for cache, items in zip(caches, added)]  # noqa: E731
        _parallel.start(
            files, nav, config, [s.uri for s in _state.site.submissions], send_back=send_back, receive=receive
        )
    return nav


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # A case's text reaches MkDocs as finished HTML (showcase.generate.render): its headings are not seen
    # by MkDocs' Markdown, so the table of contents comes from the core.
    toc = _state.page_toc(page.file.src_uri)
    if toc is not None:
        page.toc = get_toc([dict(entry) for entry in toc])
    return _state.page_html(page.file.src_uri, html)


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    # Progress for long builds: one line every 10 % of the pages.
    _state.page_done(log)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _state.page_output(page.file.src_uri, output)
    return csp.add_policy(output, preview=_state.command == "serve")


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is rendered as a template of the theme, not as a page.
    if not template_name.endswith(".html"):
        return output_content
    return csp.add_policy(output_content, preview=_state.command == "serve")


def on_post_build(config: MkDocsConfig) -> None:
    _parallel.wait(_files, config)
    _state.start_index(Path(config.site_dir))
    parallel_render.write_sitemap(_files, config)
    try:
        _state.finish(Path(config.site_dir), log)
    except build_state.PublishGuardError as error:
        raise Abort(str(error)) from None


#: What the preview reloads on, beside the pages in content/ (MkDocs watches those itself).  Not
#: in mkdocs.yml's ``watch``: MkDocs refuses to start when one of those paths is missing, and a
#: bureau file (site.yml, synonyms.yml, cms.yml …) may be absent, which the check accepts.
WATCHED = (
    "projects",
    "schools",
    "demo",
    "news",
    "compilation",
    "featured.yml",
    "assessment.yml",
    "site.yml",
    "synonyms.yml",
    "cms.yml",
    "showcase",
    "overrides",
)


def on_serve(server, config: MkDocsConfig, builder):
    root = Path(config.config_file_path).parent
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    return server


def on_shutdown() -> None:
    _state.shutdown()


def on_build_error(error: Exception) -> None:
    _parallel.abandon()
    _state.abandon()

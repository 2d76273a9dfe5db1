"""The web form at ``/admin/`` (Decap CMS): its configuration, page and policy, derived from the
same pydantic schema as ``check`` (:mod:`showcase.load.schema`), never written twice.

Each pilot school gets one collection that writes to ``schools/<id>/``; its ``project`` field
offers only that school's pilots, ``type`` the schema's list, dates the schema's format, and the
short ASCII ``name`` of ``build.py new`` (same rule, :data:`schema.ID_PATTERN`) makes the file
name, so a title written only in Chinese still gives a URL-safe ``<year>-<name>.md``.  Every
field the schema requires is required by the form, with the schema's Chinese description as its
hint.  Which Git host the form saves to is set in ``cms.yml`` (bureau-owned,
:class:`schema.CmsFile`); with GitHub and Forgejo every save opens a pull request (Decap's
editorial workflow), so CI checks it.

The Decap bundle is installed from npm (``package.json``, pinned) and copied into the site;
``/admin/`` loads nothing from anywhere else.  Its page has a Content-Security-Policy of its own
(:func:`admin_policy`): the reader pages' policy stays as strict as it is.
"""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic.fields import FieldInfo

from showcase.load import schema
from showcase.load.model import Site

#: Where the site serves the form.
ADMIN_DIR = "admin"
#: The Decap CMS bundle as npm installs it (package.json pins the version).
BUNDLE_DIR = Path("node_modules") / "decap-cms" / "dist"
BUNDLE_SCRIPT = "decap-cms.js"
#: The local backend (``decap-server``, started by ``bash scripts/dev.sh cms``).
LOCAL_PROXY_PORT = 8081
LOCAL_PROXY = f"http://127.0.0.1:{LOCAL_PROXY_PORT}/api/v1"
#: Dates as the schema writes them (``2018-06-01``), in the notation of Decap's date widget.
DATE_FORMAT = "YYYY-MM-DD"
#: Backends where Decap has the editorial workflow (each save a pull request).
WORKFLOW_BACKENDS = frozenset({"github", "forgejo"})
#: The Decap locale of the interface.
LOCALE = "zh_Hans"

#: The text fields of the schema and the form's widget for them.
_LONG_TEXT_FROM = 120  # a field allowing this many characters or more gets a text area
_BODY_HINT = "正文：按小标题分段，图片用工具栏的“图片”按钮插入（保存在本校的 images/ 文件夹），请给每张图片写说明文字"
_NAME_LABEL = "短名（文件名）"
_NAME_HINT = (
    "文件名里年份后面的部分：拼音或英文，小写，用连字符连接，如 zhengai-anli。标题只写中文也没关系，网址用这个短名"
)


def _js_class(chars: str) -> str:
    """A regular-expression character set of :mod:`schema`'s as JavaScript writes it (``\\uXXXX``)."""
    return "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in chars)


#: The schema's checks of one-line text (titles, authors) and of sentences (summaries).
_LINE_CHECK = typing.get_args(schema.SafeLine)[1]
_TEXT_CHECK = typing.get_args(schema.SafeText)[1]


def _limit(info: FieldInfo, name: str) -> int | None:
    """The field's ``min_length`` or ``max_length``, None when the schema sets none."""
    return next((getattr(m, name) for m in info.metadata if getattr(m, name, None) is not None), None)


def _text_pattern(info: FieldInfo) -> list[str] | None:
    """Decap's ``pattern`` for a text field: the characters the schema refuses, and its length."""
    if _LINE_CHECK in info.metadata:
        markup = '<>&"'
    elif _TEXT_CHECK in info.metadata:
        markup = "<>"
    else:
        return None
    low = _limit(info, "min_length")
    low = 1 if low is None else low
    high = _limit(info, "max_length")
    length = f"{{{low},{high}}}" if high else f"{{{low},}}"
    limit = f"，最多 {high} 字" if high else ""
    # Decap shows the message after its own words “<label>”不满足模式, hence the leading colon.
    return [
        f"^[^{markup}{_js_class(schema._CONTROLS)}]{length}$",
        f"：不能有英文符号 {' '.join(markup)}，也不能换行{limit}",
    ]


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list


def _literal_choices(annotation: Any) -> tuple[str, ...]:
    return typing.get_args(annotation) if typing.get_origin(annotation) is typing.Literal else ()


def _field(key: str, info: FieldInfo, school_projects: list[tuple[str, str]]) -> dict[str, Any]:
    """One form field from one schema field."""
    field: dict[str, Any] = {
        "name": key,
        "label": schema._FIELD_NAMES.get(key, key),
        "hint": info.description or "",
        "required": info.is_required(),
    }
    annotation = info.annotation
    if key == "project":
        field.update(
            widget="select",
            options=[{"label": name, "value": pid} for pid, name in school_projects],
            hint="只列出本校承担的试点项目",
        )
        if len(school_projects) == 1:
            field["default"] = school_projects[0][0]
    elif _literal_choices(annotation):
        field.update(widget="select", options=list(_literal_choices(annotation)))
    elif annotation is dt.date:
        field.update(widget="datetime", format=DATE_FORMAT, date_format=DATE_FORMAT, time_format=False)
    elif _is_list(annotation):
        item = typing.get_args(annotation)[0]
        field.update(widget="list", field={"name": "item", "label": field["label"], "widget": "string"})
        pattern = _text_pattern(FieldInfo.from_annotation(item))
        if pattern:
            field["field"]["pattern"] = pattern
        if info.is_required():
            field["min"] = 1
    elif key == "cover":
        field.update(widget="image", choose_url=False)
    elif key == "name":
        field.update(
            label=_NAME_LABEL,
            hint=_NAME_HINT,
            required=True,
            widget="string",
            pattern=[schema.ID_PATTERN, "：只能用小写英文字母、数字和连字符（-），如 zhengai-anli"],
        )
    else:
        field["widget"] = "text" if (_limit(info, "max_length") or 0) >= _LONG_TEXT_FROM else "string"
        pattern = _text_pattern(info)
        if pattern:
            field["pattern"] = pattern
    return field


def _fields(school_projects: list[tuple[str, str]]) -> list[dict[str, Any]]:
    fields = [_field(key, info, school_projects) for key, info in schema.SubmissionMeta.model_fields.items()]
    # The short name is asked right after the title: it names the file.
    order = ["title", "name"]
    fields.sort(key=lambda f: order.index(f["name"]) if f["name"] in order else len(order))
    fields.append(
        {
            "name": "body",
            "label": "正文",
            "hint": _BODY_HINT,
            "widget": "markdown",
            "required": True,
            "modes": ["rich_text", "raw"],
            "buttons": [
                "bold",
                "italic",
                "link",
                "heading-two",
                "heading-three",
                "quote",
                "bulleted-list",
                "numbered-list",
            ],
            "editor_components": ["image"],
            "sanitize_preview": True,
        }
    )
    return fields


def collections(site: Site) -> list[dict[str, Any]]:
    """One collection per pilot school, in the site's order."""
    found = []
    for school in site.schools.values():
        own = [(p.id, p.name) for p in site.projects_of(school.id)]
        if not own:
            continue
        found.append(
            {
                "name": school.id,
                "label": school.name,
                "label_singular": "材料",
                "description": f"{school.name}的材料，保存在 schools/{school.id}/",
                "folder": f"schools/{school.id}",
                "extension": "md",
                "format": "frontmatter",
                "create": True,
                "delete": False,
                "slug": "{{year}}-{{fields.name}}",
                "summary": "{{title}}（{{type}}，{{year}}）",
                "media_folder": "images",
                "public_folder": "images",
                "sortable_fields": ["date", "title"],
                "fields": _fields(own),
            }
        )
    return found


def backend(settings: schema.CmsFile, *, local_proxy: str | None) -> dict[str, Any]:
    """The ``backend`` section from ``cms.yml``; the local backend at ``local_proxy`` when
    ``cms.yml`` names no repository and there is one."""
    if not settings.repo and local_proxy is not None:
        return {"name": "proxy", "proxy_url": local_proxy, "branch": settings.branch}
    found: dict[str, Any] = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch}
    if settings.backend == "github":
        found["api_root"] = settings.api_url()
        found["use_graphql"] = False
        if settings.base_url:
            found["base_url"] = settings.base_url
    else:
        found["base_url"] = settings.base_url
        found["api_root"] = settings.api_url()
        found["app_id"] = settings.app_id
    found["commit_messages"] = {
        "create": "新建材料：{{path}}",
        "update": "修改材料：{{path}}",
        "delete": "删除材料：{{path}}",
        "uploadMedia": "上传图片：{{path}}",
        "deleteMedia": "删除图片：{{path}}",
        "openAuthoring": "{{message}}",
    }
    return found


def config(site: Site, settings: schema.CmsFile, *, local_proxy: str | None = None) -> dict[str, Any]:
    """The Decap configuration.  ``local_proxy``: the address of the local backend (previews on
    this computer); None for the published site, which never calls it."""
    found: dict[str, Any] = {"locale": LOCALE, "backend": backend(settings, local_proxy=local_proxy)}
    if settings.backend in WORKFLOW_BACKENDS:
        found["publish_mode"] = "editorial_workflow"
    if local_proxy is not None:
        found["local_backend"] = {"url": local_proxy}
    found.update(
        {
            "site_url": "/",
            "display_url": "/",
            "show_preview_links": False,
            "search": True,
            "media_folder": "schools",
            "public_folder": "/schools",
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "editor": {"preview": False},
            "collections": collections(site),
        }
    )
    return found


def config_yaml(site: Site, settings: schema.CmsFile, *, local_proxy: str | None = None) -> bytes:
    """``admin/config.yml``: same schema, site and settings, same bytes."""
    header = "# 由 showcase/generate/cms_config.py 从 showcase/load/schema.py、学校与项目、cms.yml 生成，请勿手改。\n"
    body = yaml.safe_dump(
        config(site, settings, local_proxy=local_proxy), allow_unicode=True, sort_keys=False, width=1000
    )
    return (header + body).encode("utf-8")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def connect_sources(settings: schema.CmsFile, *, local_proxy: str | None = None) -> list[str]:
    """The hosts ``/admin/`` may call: its own, the configured Git host's API (and its login
    server, for Gitea/Forgejo's token exchange), and the local backend in previews."""
    sources = ["'self'", "blob:"]  # Decap reads an uploaded picture back from its blob: address
    if settings.repo:
        sources.append(_origin(settings.api_url()))
        if settings.backend != "github" and settings.base_url:
            sources.append(_origin(settings.base_url))
    if local_proxy is not None:
        sources.append(_origin(local_proxy))
    return list(dict.fromkeys(sources))


def admin_policy(settings: schema.CmsFile, *, local_proxy: str | None = None) -> str:
    """The Content-Security-Policy of ``/admin/`` (measured: what Decap needs, nothing more).

    Decap checks its configuration with Ajv, which compiles each JSON Schema into a function
    (``new Function``): ``'unsafe-eval'`` is needed, here only.  Decap styles itself with
    Emotion, which writes ``<style>`` elements at run time: inline styles are allowed here (and
    only here).  Pictures being uploaded are shown from, and read back through, ``blob:``
    addresses.  Scripts come from the site itself only, and no inline script runs: in
    ``build.py serve`` MkDocs' live-reload script is refused here on purpose, so that a rebuild
    (the form's own save writes into ``schools/``) never reloads the form under a teacher."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": connect_sources(settings, local_proxy=local_proxy),
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "worker-src": ["'self'", "blob:"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


#: The nginx headers of ``/admin/`` (deploy/nginx/showcase.conf includes it); generated by
#: ``python build.py cms-policy`` from cms.yml, ``check`` reports drift.
NGINX_SNIPPET = "deploy/nginx/snippets/showcase-admin-csp.conf"
GENERATE_COMMAND = "python build.py cms-policy"


def nginx_snippet(settings: schema.CmsFile) -> bytes:
    """The Content-Security-Policy header of ``/admin/`` for nginx: the page's own policy."""
    text = (
        "# 网页表单 /admin/ 的内容安全策略（Decap CMS），与 admin/index.html 里的 <meta> 相同。\n"
        f"# 由 {GENERATE_COMMAND} 从 cms.yml 生成，请勿手改；复制到 /etc/nginx/snippets/。\n"
        f'add_header Content-Security-Policy "{admin_policy(settings)}" always;\n'
    )
    return text.encode("utf-8")


def index_html(site_name: str, settings: schema.CmsFile, *, local_proxy: str | None = None) -> bytes:
    """``admin/index.html``: the policy first, then Decap's bundle (served beside it)."""
    policy = admin_policy(settings, local_proxy=local_proxy)
    title = f"网页投稿 · {site_name}" if site_name else "网页投稿"
    text = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="robots" content="noindex">
<meta name="referrer" content="same-origin">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title.replace("&", "&amp;").replace("<", "&lt;")}</title>
<link rel="icon" href="data:,">
<link rel="cms-config-url" type="text/yaml" href="config.yml">
</head>
<body>
<script src="{BUNDLE_SCRIPT}"></script>
</body>
</html>
"""
    return text.encode("utf-8")


def bundle_files(root: Path) -> list[tuple[str, Path]]:
    """Decap's files to copy into ``admin/`` (the script, its chunks and WebAssembly; no source
    maps), as ``(site path, file)``; empty when npm has not installed them."""
    folder = root / BUNDLE_DIR
    if not (folder / BUNDLE_SCRIPT).is_file():
        return []
    wanted = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if path.is_symlink() or not path.is_file():
            continue
        if name == BUNDLE_SCRIPT or name.endswith((".decap-cms.js", ".wasm")) or name == "decap-cms.js.LICENSE.txt":
            wanted.append((f"{ADMIN_DIR}/{name}", path))
    return wanted


def admin_files(site: Site, site_name: str, *, local_proxy: str | None = None) -> list[tuple[str, bytes]]:
    """The generated files of ``/admin/``: its page and its configuration."""
    return [
        (f"{ADMIN_DIR}/index.html", index_html(site_name, site.cms, local_proxy=local_proxy)),
        (f"{ADMIN_DIR}/config.yml", config_yaml(site, site.cms, local_proxy=local_proxy)),
    ]


def for_build(root: Path, site: Site) -> tuple[list[tuple[str, bytes]], list[tuple[str, Path]], str]:
    """What a build adds for ``/admin/``: generated files, bundle files to copy, and a note for
    the build's log ("" when all is well).  Previews (sample content shown) talk to the local
    backend of ``bash scripts/dev.sh cms``; the published site only to the host of ``cms.yml``,
    and has no ``/admin/`` while ``cms.yml`` names no repository."""
    bundle = bundle_files(root)
    if not bundle:
        return (
            [],
            [],
            "网页表单（/admin/）未生成：没有安装 Decap CMS。请用 bash scripts/dev.sh build（会运行 npm ci）生成网站",
        )
    local_proxy = LOCAL_PROXY if site.demo else None
    if local_proxy is None and not site.cms.repo:
        return [], [], "网页表单（/admin/）未发布：cms.yml 还没有填写仓库（repo）"
    return admin_files(site, site.name, local_proxy=local_proxy), bundle, ""


def write_admin(target: Path, root: Path, site: Site, site_name: str, *, local_proxy: str | None = None) -> list[Path]:
    """Write ``/admin/`` (page, configuration, bundle) into the folder ``target`` (a built site,
    or a test's folder); returns the files written."""
    written = []
    for uri, data in admin_files(site, site_name, local_proxy=local_proxy):
        path = target / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    for uri, source in bundle_files(root):
        path = target / uri
        path.write_bytes(source.read_bytes())
        written.append(path)
    return written

"""The web form's configuration (admin/config.yml) is derived from the submission schema, the
notice's pilots and cms.yml; cms.yml and the form's short name are checked with Chinese messages."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re

import pytest
import yaml
from pydantic import Field

from conftest import REPO, VALID_FRONT, messages
from showcase.generate import cms_config
from showcase.load import schema
from showcase.load.content import load_site
from showcase.load.sources import YamlDoc
from showcase.problems import Problems
from showcase.tools import scaffold

_spec = importlib.util.spec_from_file_location("notice_data", REPO / "tests" / "load" / "test_data_notice.py")
notice_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(notice_data)

GITHUB = schema.CmsFile(backend="github", repo="taiyuan-jyj/showcase", base_url="https://login.example.gov.cn")
GITEA = schema.CmsFile(backend="gitea", repo="jyj/showcase", base_url="https://git.example.edu.cn", app_id="abc")
FORGEJO = schema.CmsFile(backend="forgejo", repo="jyj/showcase", base_url="https://code.example.cn/", app_id="abc")


@pytest.fixture(scope="module")
def site():
    site, problems = load_site(REPO, demo=False)
    assert not problems.errors
    return site


def _fields(collection: dict) -> dict[str, dict]:
    return {field["name"]: field for field in collection["fields"]}


def test_one_collection_per_school_with_exactly_its_pilots_from_the_notice(site):
    pilots: dict[str, list[str]] = {}
    for name, schools, _ in notice_data.notice_projects():
        for school in schools:
            pilots.setdefault(school, []).append(name)
    collections = cms_config.collections(site)
    assert len(collections) == 20
    assert {c["label"] for c in collections} == set(pilots)
    for collection in collections:
        school_id = collection["name"]
        assert collection["folder"] == f"schools/{school_id}"
        assert (collection["media_folder"], collection["public_folder"]) == ("images", "images")
        assert collection["slug"] == "{{year}}-{{fields.name}}"
        project = _fields(collection)["project"]
        assert project["widget"] == "select"
        assert [o["label"] for o in project["options"]] == pilots[collection["label"]]
        assert [o["value"] for o in project["options"]] == [p.id for p in site.projects_of(school_id)]


def test_type_list_date_format_lists_and_images_come_from_the_schema(site):
    fields = _fields(cms_config.collections(site)[0])
    assert fields["type"]["options"] == list(schema.SUBMISSION_TYPES)
    date = fields["date"]
    assert (date["widget"], date["format"], date["date_format"], date["time_format"]) == (
        "datetime",
        "YYYY-MM-DD",
        "YYYY-MM-DD",
        False,
    )
    # The widget's format writes what the schema reads back as the same day.
    day = dt.date(2018, 6, 1)
    written = cms_config.DATE_FORMAT.replace("YYYY", f"{day.year:04}").replace("MM", f"{day.month:02}")
    written = written.replace("DD", f"{day.day:02}")
    assert schema.parse_date(written) == day
    assert (fields["authors"]["widget"], fields["authors"]["min"]) == ("list", 1)
    assert fields["tags"]["widget"] == "list" and "min" not in fields["tags"]
    assert (fields["cover"]["widget"], fields["cover"]["choose_url"]) == ("image", False)
    assert list(fields) == ["title", "name", "project", "type", "date", "summary", "authors", "tags", "cover", "body"]


def test_required_fields_labels_and_hints_follow_the_schema(site):
    fields = _fields(cms_config.collections(site)[0])
    for key, info in schema.SubmissionMeta.model_fields.items():
        if key == "name":
            continue
        assert fields[key]["required"] is info.is_required(), key
        assert fields[key]["label"] == schema._FIELD_NAMES[key]
    assert fields["title"]["hint"] == schema.SubmissionMeta.model_fields["title"].description
    assert fields["name"]["required"] is True and fields["body"]["required"] is True
    assert [f for f in fields if fields[f]["required"]] == [
        "title",
        "name",
        "project",
        "type",
        "date",
        "summary",
        "authors",
        "body",
    ]


def test_text_patterns_refuse_what_check_refuses(site):
    fields = _fields(cms_config.collections(site)[0])
    title = re.compile(fields["title"]["pattern"][0])
    assert title.fullmatch("以诊促改：构建校本教学质量保证体系的实践")
    for bad in ["", "a<b", 'say "x"', "A&B", "甲\n乙", "x\u202ey", "字" * 81]:
        assert not title.fullmatch(bad), bad
    assert title.fullmatch("字" * 80)
    summary = re.compile(fields["summary"]["pattern"][0])
    assert summary.fullmatch('学校 "双师" & 企业') and not summary.fullmatch("<b>")
    author = re.compile(fields["authors"]["field"]["pattern"][0])
    assert author.fullmatch("张三") and not author.fullmatch("") and not author.fullmatch("张<三")
    assert fields["title"]["pattern"][1] == '：不能有英文符号 < > & "，也不能换行，最多 80 字'


def test_the_short_name_follows_the_rule_of_new(site):
    name = _fields(cms_config.collections(site)[0])["name"]
    pattern = re.compile(name["pattern"][0])
    assert name["pattern"][0] == schema.ID_PATTERN
    for typed in ["Zhengai Anli", "2018 shixun-jidi", "ZHENGAI_anli 2"]:
        assert pattern.fullmatch(scaffold.name_from(typed, 2018)), typed
    for refused in ["诊改案例", "Zhengai Anli", "zhengai--anli", "-zhengai", "zhengai_anli"]:
        assert not pattern.fullmatch(refused), refused
    assert name["pattern"][1] == "：只能用小写英文字母、数字和连字符（-），如 zhengai-anli"


def test_a_schema_change_reaches_the_form(site, monkeypatch):
    class Changed(schema.SubmissionMeta):
        title: schema.SafeLine = Field(min_length=1, max_length=40, description="标题，20 字以内")
        region: schema.SafeLine = Field(min_length=1, description="所在区域")

    monkeypatch.setattr(schema, "SubmissionMeta", Changed)
    monkeypatch.setitem(schema._FIELD_NAMES, "region", "区域")
    fields = _fields(cms_config.collections(site)[0])
    assert fields["title"]["hint"] == "标题，20 字以内"
    assert fields["title"]["pattern"][0].endswith("]{1,40}$")
    assert fields["region"] == {
        "name": "region",
        "label": "区域",
        "hint": "所在区域",
        "required": True,
        "widget": "string",
        "pattern": [fields["authors"]["field"]["pattern"][0], '：不能有英文符号 < > & "，也不能换行'],
    }


def test_configuration_is_deterministic_yaml(site):
    first = cms_config.config_yaml(site, GITHUB)
    assert first == cms_config.config_yaml(site, GITHUB)
    data = yaml.safe_load(first)
    assert data["locale"] == "zh_Hans"
    assert data["collections"] == cms_config.collections(site)


@pytest.mark.parametrize(
    ("settings", "backend", "workflow", "connect"),
    [
        (
            GITHUB,
            {"name": "github", "repo": "taiyuan-jyj/showcase", "branch": "main", "api_root": "https://api.github.com"},
            True,
            "connect-src 'self' blob: https://api.github.com;",
        ),
        (
            GITEA,
            {
                "name": "gitea",
                "repo": "jyj/showcase",
                "branch": "main",
                "base_url": "https://git.example.edu.cn",
                "api_root": "https://git.example.edu.cn/api/v1",
                "app_id": "abc",
            },
            False,
            "connect-src 'self' blob: https://git.example.edu.cn;",
        ),
        (
            FORGEJO,
            {
                "name": "forgejo",
                "repo": "jyj/showcase",
                "branch": "main",
                "base_url": "https://code.example.cn",
                "api_root": "https://code.example.cn/api/v1",
                "app_id": "abc",
            },
            True,
            "connect-src 'self' blob: https://code.example.cn;",
        ),
    ],
)
def test_backend_workflow_and_policy_come_from_cms_yml(site, settings, backend, workflow, connect):
    data = cms_config.config(site, settings)
    assert {k: v for k, v in data["backend"].items() if k in backend} == backend
    assert ("publish_mode" in data) is workflow
    assert "local_backend" not in data
    policy = cms_config.admin_policy(settings)
    assert connect in policy
    assert "127.0.0.1" not in policy
    preview = cms_config.admin_policy(settings, local_proxy=cms_config.LOCAL_PROXY)
    assert f"{connect[:-1]} http://127.0.0.1:8081;" in preview
    assert cms_config.config(site, settings, local_proxy=cms_config.LOCAL_PROXY)["local_backend"] == {
        "url": "http://127.0.0.1:8081/api/v1"
    }


def test_the_admin_page_carries_its_policy_first(site):
    html = cms_config.index_html("展示网站", GITHUB).decode()
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<script")
    assert '<script src="decap-cms.js"></script>' in html
    assert "<title>网页投稿 · 展示网站</title>" in html
    assert not re.search(r"https?://(?!api\.github\.com)", html)


def test_build_files_previews_publish_and_missing_bundle(site, tmp_path):
    generated, bundle, note = cms_config.for_build(tmp_path, site)
    assert (generated, bundle) == ([], [])
    assert (
        note == "网页表单（/admin/）未生成：没有安装 Decap CMS。请用 bash scripts/dev.sh build（会运行 npm ci）生成网站"
    )
    if not (REPO / cms_config.BUNDLE_DIR / cms_config.BUNDLE_SCRIPT).is_file():
        pytest.skip("Decap CMS is not installed (npm ci)")
    generated, bundle, note = cms_config.for_build(REPO, site)
    assert note == "网页表单（/admin/）未发布：cms.yml 还没有填写仓库（repo）"
    site.demo = True
    try:
        generated, bundle, note = cms_config.for_build(REPO, site)
    finally:
        site.demo = False
    assert note == "" and [uri for uri, _ in generated] == ["admin/index.html", "admin/config.yml"]
    names = [uri for uri, _ in bundle]
    assert "admin/decap-cms.js" in names and not any(n.endswith(".map") for n in names)
    assert yaml.safe_load(dict(generated)["admin/config.yml"])["backend"]["name"] == "proxy"


# --- cms.yml and the front matter's short name: checked, in Chinese ---------------------------------


def _cms_problems(data: dict) -> list[str]:
    problems = Problems()
    schema.validate(schema.CmsFile, YamlDoc(data, {(): 1}), "cms.yml", problems, what="网页表单设置")
    return [f"{p.field}: {p.message}；{p.hint}" for p in problems]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"backend": "github", "repo": "taiyuan-jyj/showcase"},
            "文件: 用 github 时必须填写 base_url（登录服务的地址，老师在那里用 GitHub 账号登录）；请对照模板检查文件",
        ),
        (
            {"backend": "gitea", "repo": "jyj/showcase"},
            "文件: 用 gitea 时必须填写 base_url、app_id（服务器地址和 OAuth2 应用的客户端 ID）；请对照模板检查文件",
        ),
        (
            {"backend": "forgejo", "repo": "jyj/showcase", "base_url": "https://git.example.cn"},
            "文件: 用 forgejo 时必须填写 app_id（服务器地址和 OAuth2 应用的客户端 ID）；请对照模板检查文件",
        ),
        (
            {"repo": "showcase"},
            "repo: 仓库“showcase”应写成“账号/仓库名”，如 taiyuan-jyj/showcase；请对照模板检查仓库",
        ),
        (
            {"repo": "a/../b"},
            "repo: 仓库“a/../b”应写成“账号/仓库名”，如 taiyuan-jyj/showcase；请对照模板检查仓库",
        ),
        (
            {"backend": "gitlab"},
            "backend: 代码托管平台不能是“gitlab”；只能是以下之一：'github', 'gitea' or 'forgejo'；请从上面的类型中选一个照抄",
        ),
        (
            {"base_url": "http://git.example.cn"},
            "base_url: 地址“http://git.example.cn”要以 https:// 开头；请写代码托管平台服务器的完整地址，如 https://git.example.edu.cn",
        ),
        (
            {"branch": "main branch"},
            "branch: 分支名“main branch”不对：只能用英文字母、数字和 - _ . /；请对照模板检查分支",
        ),
        (
            {"app_id": "a b"},
            "app_id: 客户端 ID“a b”只能有英文字母、数字、- 和 _；请对照模板检查客户端 ID",
        ),
    ],
)
def test_cms_yml_mistakes_are_reported_in_chinese(data, expected):
    assert _cms_problems(data) == [expected]


@pytest.mark.parametrize(
    "address",
    [
        "https://git.example.cn;script-src *",
        "https://git.example.cn; connect-src *",
        "https://git.example.cn,evil.example",
        "https://git.example.cn/api v1",
        "https://git.example.cn/a;b",
        "https://*.example.cn",
    ],
)
def test_an_address_cannot_smuggle_a_policy_directive(address):
    """base_url and api_root go into /admin/'s Content-Security-Policy: only a host, port and path."""
    for key in ("base_url", "api_root"):
        assert _cms_problems({key: address}) == [
            f"{key}: 地址“{address}”里有不能出现在服务器地址中的字符（只能是域名、端口和路径）；"
            "请写代码托管平台服务器的完整地址，如 https://git.example.edu.cn"
        ]


def test_a_broken_cms_yml_is_reported_by_check_with_its_file(tree):
    root = tree({"cms.yml": "backend: gitea\nrepo: jyj/showcase\n"})
    assert (
        "cms.yml:1: 文件: 用 gitea 时必须填写 base_url、app_id（服务器地址和 OAuth2 应用的客户端 ID）；请对照模板检查文件 [错误 invalid-value]"
        in messages(root)
    )


def test_the_committed_cms_yml_is_valid_and_local_only():
    site, problems = load_site(REPO)
    assert [p for p in problems.errors if p.path == "cms.yml"] == []
    assert (site.cms.backend, site.cms.repo, site.cms.branch) == ("github", "", "main")


def test_short_name_must_match_the_file_name(tree):
    front = VALID_FRONT.replace("tags: [诊改]\n", "tags: [诊改]\nname: zhengai-anli\n")
    root = tree({"schools/weisheng/2018-zhengai-anli.md": front, "schools/weisheng/2018-other.md": front})
    found = [m for m in messages(root) if "name" in m]
    assert found == [
        "schools/weisheng/2018-other.md:9: name: 短名“zhengai-anli”与文件名“2018-other”不一致（网页表单按“年份-短名”命名文件）；"
        "请把 name 改成文件名中年份后面的部分，或删去 name 这一行（文件名应为 2018-zhengai-anli.md） [错误 name-mismatch]"
    ]


def test_short_name_with_other_characters_is_refused(tree):
    front = VALID_FRONT.replace("tags: [诊改]\n", "tags: [诊改]\nname: 诊改案例\n")
    root = tree({"schools/weisheng/2018-zhengai.md": front})
    assert [m for m in messages(root) if "短名" in m] == [
        "schools/weisheng/2018-zhengai.md:9: name: 短名“诊改案例”只能有小写英文字母、数字和连字符（-）；请用拼音或英文，如 name: zhengai-anli [错误 invalid-value]"
    ]


def test_the_nginx_header_of_admin_follows_cms_yml(tree):
    """deploy/nginx's /admin/ policy is generated from cms.yml (build.py cms-policy); check reports drift."""
    from showcase.check import rules
    from support import run_build_py

    snippet = "deploy/nginx/snippets/showcase-admin-csp.conf"
    root = tree(
        {
            "cms.yml": "backend: github\nrepo: taiyuan-jyj/showcase\nbase_url: https://login.example.gov.cn\n",
            snippet: (REPO / snippet).read_text(),
        }
    )
    site, _ = load_site(root)
    problems = Problems()
    rules.check_cms_snippet(root, site, problems)
    assert [p.format() for p in problems] == [
        f"{snippet}: nginx: 与 cms.yml 不一致（网页表单能连接的地址变了）；请运行 python build.py cms-policy 重新生成，并一起提交 [错误 cms-drift]"
    ]
    result = run_build_py(root, "cms-policy")
    assert result.returncode == 0, result.stderr
    assert "connect-src 'self' blob: https://api.github.com;" in (root / snippet).read_text(encoding="utf-8")
    problems = Problems()
    rules.check_cms_snippet(root, site, problems)
    assert list(problems) == []


def test_the_committed_nginx_header_matches_the_committed_cms_yml():
    from showcase.check import rules

    site, _ = load_site(REPO)
    problems = Problems()
    rules.check_cms_snippet(REPO, site, problems)
    assert list(problems) == []

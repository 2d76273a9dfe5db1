"""The web form at /admin/ (Decap CMS) in Chromium, as a teacher uses it.

Local mode: the form talks to Decap's local backend (decap-server, files only) running on a temporary
copy of the content; a case written in Chinese, with a picture, is saved under
``schools/<id>/`` and passes ``python build.py check``; a form without a title is refused by the
form itself.  No Git host can be reached from here: the GitHub and Gitea configurations are tested
against routed responses that follow the hosts' documented REST APIs (GitHub: git database, pulls
and issue labels; Gitea 1.20+: repository contents), and the page may call no other host.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO, make_tree
from showcase.generate import cms_config
from showcase.load import schema
from showcase.load.content import load_site
from support import browser_context, free_port, run_build_py, serve

pytestmark = pytest.mark.skipif(
    not (REPO / cms_config.BUNDLE_DIR / cms_config.BUNDLE_SCRIPT).is_file(),
    reason="Decap CMS is not installed: run `bash scripts/dev.sh test` (npm ci)",
)

SCHOOL = "caimao"  # 太原市财贸学校: pilots three projects
COVER = REPO / "tests" / "fixtures" / "cover.png"


@contextmanager
def local_backend(tree: Path):
    """decap-server in file mode on a free loopback port, writing into ``tree``."""
    port = free_port()
    env = dict(
        os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE="fs", GIT_REPO_DIRECTORY=str(tree), LOG_LEVEL="warn"
    )
    server = subprocess.Popen(
        ["node", str(REPO / "node_modules" / "decap-server" / "dist" / "index.js")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.time() + 20
        while True:
            try:
                request = urllib.request.Request(
                    url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(request, timeout=2) as response:
                    assert json.load(response)["type"] == "local_fs"
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise AssertionError(f"decap-server did not start: {server.stderr.read().decode()}") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def admin_folder(target: Path, tree: Path, settings: schema.CmsFile, local_proxy: str | None) -> Path:
    """``/admin/`` as the build writes it, for the content of ``tree`` and ``settings``."""
    site, _ = load_site(tree)
    site.cms = settings  # as if cms.yml said so
    cms_config.write_admin(target, REPO, site, "测试网站", local_proxy=local_proxy)
    return target


def watch_hosts(page, allowed: set[str]) -> list[str]:
    """Every request to a host outside ``allowed`` (``blob:`` addresses of the page are its own)."""
    outside: list[str] = []

    def seen(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("blob", "data"):
            return
        if f"{parts.scheme}://{parts.netloc}" not in allowed:
            outside.append(request.url)

    page.on("request", seen)
    return outside


def fill_case(page, *, title: str | None) -> None:
    """The form filled in Chinese, as a teacher would: select boxes, a date, two authors, a picture."""
    if title is not None:
        page.locator('[id^="title-field"]').fill(title)
    page.locator('[id^="name-field"]').fill("zhengai-shijian")
    page.locator('[id^="project-field"]').click()
    page.get_by_text("教学诊断与改进", exact=True).click()
    page.locator('[id^="type-field"]').click()
    page.get_by_text("典型案例", exact=True).click()
    page.locator('[id^="date-field"]').fill("2018-06-01")
    page.locator('[id^="summary-field"]').fill("学校建立质量改进螺旋，年度诊改见实效。")
    for author in ("张三", "李四"):
        page.get_by_role("button", name="新增作者").click()
        page.locator('[id^="item-field"]').last.fill(author)
    page.get_by_role("button", name="选择图片").click()
    page.locator("input[type=file]").set_input_files(COVER)
    page.get_by_role("button", name="选用已选中项目").click()
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type("学校以年度诊改为抓手，建立质量改进螺旋。")


def publish(page, choice: str = "立即发布") -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_role("menuitem", name=choice).click()


def project_tree(root: Path) -> Path:
    """The real projects and schools with the bureau's files beside them, as in a clone."""
    tree = make_tree(root)
    for name in ("owners.yml", "cms.yml", "schema", ".github/CODEOWNERS"):
        source, target = REPO / name, tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    return tree


@pytest.fixture
def local_admin(tmp_path):
    tree = project_tree(tmp_path / "tree")
    with local_backend(tree) as proxy:
        web = admin_folder(tmp_path / "web", tree, schema.CmsFile(), proxy)
        with serve(web) as base:
            yield tree, base, proxy


def test_a_case_written_in_the_form_is_saved_in_the_school_folder_and_passes_check(browser, local_admin):
    tree, base, proxy = local_admin
    with browser_context(browser) as context:
        page = context.new_page()
        outside = watch_hosts(page, {base.rstrip("/"), proxy.removesuffix("/api/v1")})
        page.goto(base + "admin/")
        page.get_by_role("button", name="登录").click()
        page.get_by_text("太原市财贸学校", exact=True).first.wait_for()
        page.goto(base + f"admin/#/collections/{SCHOOL}/new")
        fill_case(page, title="以诊促改的校本实践")
        publish(page)
        saved = tree / "schools" / SCHOOL / "2018-zhengai-shijian.md"
        page.wait_for_function("() => !document.body.innerText.includes('正在发布')")
        deadline = time.time() + 15
        while not saved.exists() and time.time() < deadline:
            time.sleep(0.1)
        assert outside == []
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 以诊促改的校本实践\nname: zhengai-shijian\nproject: teaching-diagnosis\n")
    assert "type: 典型案例\ndate: 2018-06-01\n" in text
    assert "authors:\n  - 张三\n  - 李四\n" in text
    assert "cover: images/cover.png\n" in text
    assert (tree / "schools" / SCHOOL / "images" / "cover.png").read_bytes() == COVER.read_bytes()
    result = run_build_py(tree, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2018-zhengai-shijian.md" not in result.stdout


def test_a_form_without_a_title_or_with_markup_in_it_is_refused_by_the_form(browser, local_admin):
    tree, base, proxy = local_admin
    with browser_context(browser) as context:
        page = context.new_page()
        page.goto(base + "admin/")
        page.get_by_role("button", name="登录").click()
        page.goto(base + f"admin/#/collections/{SCHOOL}/new")
        fill_case(page, title=None)
        persisted = []
        page.on(
            "request",
            lambda r: persisted.append(r) if r.method == "POST" and "persist" in (r.post_data or "") else None,
        )
        publish(page)
        # Decap's own Chinese messages: beside the field, and as a notice.
        page.get_by_text("“标题”是必填项", exact=True).wait_for()
        page.get_by_text("你漏掉了一个必填项，请在保存之前将它填写好").wait_for()
        # A title with markup is refused too, with the schema's rule in Chinese.
        page.locator('[id^="title-field"]').fill("<b>以诊促改</b>")
        publish(page)
        page.get_by_text('“标题”不满足模式：不能有英文符号 < > & "，也不能换行，最多 80 字', exact=True).wait_for()
        page.wait_for_timeout(500)
        assert persisted == []
    assert sorted(p.name for p in (tree / "schools" / SCHOOL).iterdir()) == ["school.yml"]


# --- GitHub and Gitea, answered by routed responses that follow their documented REST APIs ---------


def _sha(kind: str, data: bytes) -> str:
    return hashlib.sha1(f"{kind} {len(data)}\0".encode() + data).hexdigest()


class FakeRepository:
    """A repository as a Git host's API shows it: files on branches, git objects, pull requests.

    Only what the hosts document is answered (GitHub REST: ``/user``, ``/repos/{repo}``, the git
    database ``git/trees|blobs|commits|refs``, ``branches``, ``pulls``, ``issues/{n}/labels``,
    ``compare``; Gitea API v1 (1.20+): ``/user``, ``/repos/{repo}``, ``contents`` and
    ``git/trees``).  Every request is recorded; an undocumented one fails the test."""

    def __init__(self, repo: str, files: dict[str, bytes], token: str):
        self.repo = repo
        self.token = token
        self.blobs: dict[str, bytes] = {}
        self.commits: dict[str, dict] = {}
        self.trees: dict[str, dict[str, str]] = {}
        self.branches: dict[str, str] = {}
        self.pulls: list[dict] = []
        self.requests: list[tuple[str, str, dict | None]] = []
        self.unknown: list[str] = []
        tree = {path: self._blob(data) for path, data in files.items()}
        self.branches["main"] = self._commit("初始内容", tree, [])

    def _blob(self, data: bytes) -> str:
        sha = _sha("blob", data)
        self.blobs[sha] = data
        return sha

    def _commit(self, message: str, tree: dict[str, str], parents: list[str]) -> str:
        tree_sha = _sha("tree", json.dumps(sorted(tree.items())).encode())
        self.trees[tree_sha] = dict(tree)
        sha = _sha("commit", f"{message}{tree_sha}{parents}".encode())
        self.commits[sha] = {"message": message, "tree": tree_sha, "parents": parents}
        return sha

    def files_at(self, ref: str) -> dict[str, str]:
        commit = self.branches.get(ref, ref)
        return self.trees[self.commits[commit]["tree"]]

    def open_pull(self, body: dict, owner: str = "") -> dict:
        """A pull request opened as asked in ``body`` (``head``: "owner:branch" or "branch"); its
        head's label is "owner:branch" when ``owner`` is given (GitHub), else the branch."""
        head = body["head"].split(":")[-1]
        pull = {
            "number": len(self.pulls) + 1,
            "state": "open",
            "title": body["title"],
            "body": body.get("body", ""),
            "head": {"ref": head, "sha": self.branches[head], "label": f"{owner}:{head}" if owner else head},
            "base": {"ref": body["base"], "sha": self.branches[body["base"]]},
            "labels": [],
            "updated_at": "2018-06-01T08:00:00Z",
            "user": {"login": "wang-laoshi"},
        }
        self.pulls.append(pull)
        return pull

    def folder(self, ref: str, folder: str) -> list[dict]:
        """The entries directly in ``folder`` (files and sub-folders), as a tree listing."""
        found: dict[str, dict] = {}
        prefix = folder.strip("/") + "/" if folder.strip("/") else ""
        for path, sha in sorted(self.files_at(ref).items()):
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix) :]
            name = rest.split("/")[0]
            if "/" in rest:
                found.setdefault(
                    name, {"path": name, "mode": "040000", "type": "tree", "sha": _sha("tree", name.encode())}
                )
            else:
                found[name] = {"path": name, "mode": "100644", "type": "blob", "sha": sha, "size": len(self.blobs[sha])}
        return list(found.values())


_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Cache-Control, If-None-Match",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
}


def _json(route, body, status: int = 200) -> None:
    route.fulfill(
        status=status,
        headers=_CORS,
        content_type="application/json; charset=utf-8",
        body=json.dumps(body, ensure_ascii=False),
    )


def _repository(route, fake: FakeRepository) -> None:
    """The repository, as both APIs describe it to Decap: main branch, the teacher may push."""
    owner, name = fake.repo.split("/")
    _json(
        route,
        {
            "name": name,
            "full_name": fake.repo,
            "owner": {"login": owner},
            "default_branch": "main",
            "permissions": {"admin": False, "push": True, "pull": True},
        },
    )


def _blob(route, fake: FakeRepository, sha: str, missing: str) -> None:
    """A file's content by its hash, as both APIs give it (``missing``: the API's 404 message)."""
    data = fake.blobs.get(sha)
    if data is None:
        return _json(route, {"message": missing}, 404)
    return _json(
        route, {"sha": sha, "size": len(data), "encoding": "base64", "content": base64.b64encode(data).decode()}
    )


def _received(fake: FakeRepository, route, refusal: str):
    """Record a request to a routed API; answer the CORS preflight and a request without the
    token at once (returns None then).  Otherwise returns (path, method, JSON body, query)."""
    request = route.request
    parts = urlsplit(request.url)
    path, method = parts.path, request.method
    body = json.loads(request.post_data) if request.post_data else None
    fake.requests.append((method, path + (f"?{parts.query}" if parts.query else ""), body))
    if method == "OPTIONS":
        route.fulfill(status=204, headers=_CORS)
        return None
    if request.headers.get("authorization") != f"token {fake.token}":
        _json(route, {"message": refusal}, 401)
        return None
    return path, method, body, parts.query


def github_handler(fake: FakeRepository, api: str):
    """Answers the GitHub REST API for ``fake`` (https://docs.github.com/rest)."""
    owner, name = fake.repo.split("/")
    base = f"/repos/{owner}/{name}"

    def handle(route) -> None:
        received = _received(fake, route, "Requires authentication")
        if received is None:
            return None
        path, method, body, query = received
        if method == "GET" and path in ("/user", "/users/wang-laoshi"):
            return _json(route, {"login": "wang-laoshi", "id": 7, "name": "王老师", "avatar_url": ""})
        if method == "GET" and path == base:
            return _repository(route, fake)
        if path.startswith(base + "/"):
            rest = path[len(base) + 1 :]
            if method == "GET" and rest.startswith("git/trees/"):
                ref, _, folder = rest[len("git/trees/") :].partition(":")
                ref = urllib.parse.unquote(ref)
                folder = urllib.parse.unquote(folder)
                entries = fake.folder(ref, folder)
                if not entries:
                    return _json(route, {"message": "Not Found"}, 404)
                return _json(route, {"sha": _sha("tree", folder.encode()), "tree": entries, "truncated": False})
            if method == "GET" and rest.startswith("git/blobs/"):
                return _blob(route, fake, rest[len("git/blobs/") :], "Not Found")
            if method == "GET" and (
                rest.startswith("branches/") or rest.startswith("git/refs/heads/") or rest.startswith("git/ref/heads/")
            ):
                branch = urllib.parse.unquote(
                    rest.split("heads/", 1)[1] if "heads/" in rest else rest[len("branches/") :]
                )
                if branch not in fake.branches:
                    return _json(route, {"message": "Branch not found"}, 404)
                sha = fake.branches[branch]
                if rest.startswith("branches/"):
                    return _json(
                        route,
                        {
                            "name": branch,
                            "commit": {"sha": sha, "commit": {"tree": {"sha": fake.commits[sha]["tree"]}}},
                        },
                    )
                return _json(route, {"ref": f"refs/heads/{branch}", "object": {"type": "commit", "sha": sha}})
            if method == "GET" and rest.startswith("git/commits/"):
                sha = rest[len("git/commits/") :]
                commit = fake.commits[sha]
                return _json(
                    route,
                    {
                        "sha": sha,
                        "tree": {"sha": commit["tree"]},
                        "parents": [{"sha": p} for p in commit["parents"]],
                        "message": commit["message"],
                    },
                )
            if method == "POST" and rest == "git/blobs":
                data = (
                    base64.b64decode(body["content"]) if body.get("encoding") == "base64" else body["content"].encode()
                )
                return _json(route, {"sha": fake._blob(data), "url": ""}, 201)
            if method == "POST" and rest == "git/trees":
                tree = dict(fake.trees.get(body.get("base_tree"), {}))
                if body.get("base_tree") in fake.commits:
                    tree = dict(fake.trees[fake.commits[body["base_tree"]]["tree"]])
                for item in body["tree"]:
                    if item.get("sha") is None:
                        tree.pop(item["path"], None)
                    else:
                        tree[item["path"]] = item["sha"]
                sha = _sha("tree", json.dumps(sorted(tree.items())).encode())
                fake.trees[sha] = tree
                return _json(
                    route,
                    {
                        "sha": sha,
                        "tree": [{"path": p, "sha": s, "type": "blob", "mode": "100644"} for p, s in tree.items()],
                    },
                    201,
                )
            if method == "POST" and rest == "git/commits":
                sha = _sha("commit", json.dumps(body, sort_keys=True).encode())
                fake.commits[sha] = {"message": body["message"], "tree": body["tree"], "parents": body["parents"]}
                return _json(
                    route,
                    {
                        "sha": sha,
                        "tree": {"sha": body["tree"]},
                        "parents": [{"sha": p} for p in body["parents"]],
                        "message": body["message"],
                    },
                    201,
                )
            if method == "POST" and rest == "git/refs":
                branch = body["ref"].removeprefix("refs/heads/")
                fake.branches[branch] = body["sha"]
                return _json(route, {"ref": body["ref"], "object": {"type": "commit", "sha": body["sha"]}}, 201)
            if method == "PATCH" and rest.startswith("git/refs/heads/"):
                fake.branches[urllib.parse.unquote(rest[len("git/refs/heads/") :])] = body["sha"]
                return _json(route, {"ref": rest[len("git/") :], "object": {"type": "commit", "sha": body["sha"]}})
            if method == "GET" and rest == "pulls":
                asked = urllib.parse.parse_qs(query)
                found = [p for p in fake.pulls if p["state"] == asked.get("state", ["open"])[0]]
                if "head" in asked:
                    found = [p for p in found if p["head"]["label"] == asked["head"][0]]
                return _json(route, found)
            if method == "POST" and rest == "pulls":
                return _json(route, fake.open_pull(body, owner=owner), 201)
            if method in ("POST", "PUT") and re.fullmatch(r"issues/\d+/labels", rest):
                number = int(rest.split("/")[1])
                names = [label if isinstance(label, str) else label["name"] for label in body["labels"]]
                for pull in fake.pulls:
                    if pull["number"] == number:
                        pull["labels"] = [{"name": n} for n in names]
                return _json(route, [{"name": n} for n in names])
            if method == "GET" and rest.startswith("compare/"):
                left, right = urllib.parse.unquote(rest[len("compare/") :]).split("...")
                before, after = fake.files_at(left), fake.files_at(right)
                changed = [
                    {"filename": p, "status": "added" if p not in before else "modified", "sha": s}
                    for p, s in sorted(after.items())
                    if before.get(p) != s
                ]
                return _json(
                    route,
                    {
                        "files": changed,
                        "commits": [
                            {
                                "sha": fake.branches.get(right, right),
                                "commit": {"author": {"date": "2018-06-01T08:00:00Z"}},
                            }
                        ],
                        "base_commit": {"sha": fake.branches.get(left, left)},
                    },
                )
            if method == "GET" and rest.startswith("commits"):
                return _json(
                    route,
                    [
                        {
                            "sha": fake.branches["main"],
                            "commit": {"author": {"name": "王老师", "date": "2018-06-01T08:00:00Z"}},
                        }
                    ],
                )
        fake.unknown.append(f"{method} {route.request.url}")
        return _json(route, {"message": "Not Found"}, 404)

    return handle


EXISTING = """---
title: 已有的材料
name: yiyou
project: teaching-diagnosis
type: 经验总结
date: 2018-03-01
summary: 已经发布的一篇材料。
authors: [赵六]
---

正文。
"""
TOKEN = "gho_routedTestToken0123456789"


def signed_in(context, backend: str) -> None:
    """As after the host's login: Decap keeps the user's token in localStorage."""
    user = json.dumps({"backendName": backend, "token": TOKEN})
    context.add_init_script(f"window.localStorage.setItem('decap-cms-user', {json.dumps(user)});")


def test_github_each_save_opens_a_pull_request(browser, tmp_path):
    tree = project_tree(tmp_path / "tree")
    settings = schema.CmsFile(
        backend="github", repo="taiyuan-jyj/showcase", branch="main", base_url="https://login.example.gov.cn"
    )
    web = admin_folder(tmp_path / "web", tree, settings, None)
    config = (web / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "publish_mode: editorial_workflow\n" in config and "local_backend" not in config
    fake = FakeRepository(settings.repo, {f"schools/{SCHOOL}/2018-yiyou.md": EXISTING.encode()}, TOKEN)
    with serve(web) as base, browser_context(browser) as context:
        signed_in(context, "github")
        context.route("https://api.github.com/**", github_handler(fake, "https://api.github.com"))
        page = context.new_page()
        outside = watch_hosts(page, {base.rstrip("/"), "https://api.github.com"})
        page.goto(base + f"admin/#/collections/{SCHOOL}")
        page.get_by_text("已有的材料").first.wait_for()  # listed from the repository
        page.goto(base + f"admin/#/collections/{SCHOOL}/new")
        fill_case(page, title="以诊促改的校本实践")
        page.get_by_role("button", name="保存").first.click()
        page.get_by_text("状态: 草稿").wait_for()  # saved as a draft: a pull request
        assert outside == []
        assert fake.unknown == []
    calls = [(method, path) for method, path, _ in fake.requests]
    assert ("GET", "/user") in calls
    branch = f"cms/{SCHOOL}/2018-zhengai-shijian"
    refs = [
        body
        for method, path, body in fake.requests
        if (method, path) == ("POST", "/repos/taiyuan-jyj/showcase/git/refs")
    ]
    assert refs == [{"ref": f"refs/heads/{branch}", "sha": fake.pulls[0]["head"]["sha"]}]
    (pull,) = fake.pulls
    assert (pull["head"]["ref"], pull["base"]["ref"]) == (branch, "main")
    assert pull["title"] == f"新建材料：schools/{SCHOOL}/2018-zhengai-shijian.md"
    assert [label["name"] for label in pull["labels"]] == ["decap-cms/draft"]
    files = fake.files_at(branch)
    saved = fake.blobs[files[f"schools/{SCHOOL}/2018-zhengai-shijian.md"]].decode()
    assert saved.startswith("---\ntitle: 以诊促改的校本实践\nname: zhengai-shijian\n")
    assert fake.blobs[files[f"schools/{SCHOOL}/images/cover.png"]] == COVER.read_bytes()
    assert fake.files_at("main") == {f"schools/{SCHOOL}/2018-yiyou.md": _sha("blob", EXISTING.encode())}


def gitea_handler(fake: FakeRepository, api_root: str):
    """Answers the Gitea API v1 for ``fake`` (https://docs.gitea.com/api/1.20/)."""
    owner, name = fake.repo.split("/")
    prefix = urlsplit(api_root).path
    base = f"{prefix}/repos/{owner}/{name}"

    def handle(route) -> None:
        received = _received(fake, route, "token is required")
        if received is None:
            return None
        path, method, body, query = received
        if method == "GET" and path == f"{prefix}/user":
            return _json(route, {"id": 7, "login": "wang-laoshi", "full_name": "王老师", "email": "", "avatar_url": ""})
        if method == "GET" and path == base:
            return _repository(route, fake)
        rest = path[len(base) + 1 :] if path.startswith(base + "/") else ""
        if method == "GET" and rest.startswith("git/trees/"):
            ref, _, folder = urllib.parse.unquote(rest[len("git/trees/") :]).partition(":")
            entries = fake.folder(ref, folder)
            if not entries:
                return _json(route, {"message": "object does not exist"}, 404)
            return _json(
                route,
                {
                    "sha": _sha("tree", folder.encode()),
                    "tree": entries,
                    "truncated": False,
                    "page": 1,
                    "total_count": len(entries),
                },
            )
        if method == "GET" and rest.startswith("git/blobs/"):
            return _blob(route, fake, rest[len("git/blobs/") :], "object does not exist")
        if method == "GET" and rest == "commits":
            sha = fake.branches["main"]
            return _json(
                route,
                [
                    {
                        "sha": sha,
                        "commit": {
                            "message": "初始内容",
                            "author": {"name": "王老师", "email": "", "date": "2018-06-01T08:00:00Z"},
                        },
                    }
                ],
            )
        if method == "POST" and rest == "contents":
            branch = body["branch"]
            tree = dict(fake.files_at(branch))
            for change in body["files"]:
                if change["operation"] == "delete":
                    tree.pop(change["path"], None)
                else:
                    tree[change["path"]] = fake._blob(base64.b64decode(change["content"]))
            sha = fake._commit(body["message"], tree, [fake.branches[branch]])
            fake.branches[branch] = sha
            return _json(
                route,
                {
                    "files": [{"path": c["path"], "sha": tree.get(c["path"])} for c in body["files"]],
                    "commit": {"sha": sha, "message": body["message"]},
                },
                201,
            )
        fake.unknown.append(f"{method} {route.request.url}")
        return _json(route, {"message": "The target couldn't be found."}, 404)

    return handle


def test_gitea_saves_through_the_contents_api_and_calls_only_its_server(browser, tmp_path):
    """Decap's gitea backend has no editorial workflow: a save is one commit to the configured
    branch (cms.yml's branch; the guide says so).  Login comes from the bureau's own server."""
    tree = project_tree(tmp_path / "tree")
    settings = schema.CmsFile(
        backend="gitea", repo="jyj/showcase", branch="main", base_url="https://git.example.edu.cn", app_id="abc-123"
    )
    web = admin_folder(tmp_path / "web", tree, settings, None)
    config = (web / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "publish_mode" not in config
    assert (
        "  base_url: https://git.example.edu.cn\n  api_root: https://git.example.edu.cn/api/v1\n  app_id: abc-123\n"
        in config
    )
    policy = (web / "admin" / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' blob: https://git.example.edu.cn;" in policy
    fake = FakeRepository(settings.repo, {f"schools/{SCHOOL}/2018-yiyou.md": EXISTING.encode()}, TOKEN)
    with serve(web) as base, browser_context(browser) as context:
        signed_in(context, "gitea")
        context.route("https://git.example.edu.cn/**", gitea_handler(fake, settings.api_url()))
        page = context.new_page()
        outside = watch_hosts(page, {base.rstrip("/"), "https://git.example.edu.cn"})
        page.goto(base + f"admin/#/collections/{SCHOOL}")
        page.get_by_text("已有的材料").first.wait_for()  # listed from the repository
        page.goto(base + f"admin/#/collections/{SCHOOL}/new")
        fill_case(page, title="以诊促改的校本实践")
        publish(page)
        deadline = time.time() + 20
        while len(fake.commits) < 2 and time.time() < deadline:
            page.wait_for_timeout(100)
        assert outside == []
        assert fake.unknown == []
    calls = [(method, path) for method, path, _ in fake.requests]
    assert ("GET", "/api/v1/user") in calls
    (change,) = [
        body
        for method, path, body in fake.requests
        if (method, path) == ("POST", "/api/v1/repos/jyj/showcase/contents")
    ]
    assert change["branch"] == "main"
    assert change["message"] == f"新建材料：schools/{SCHOOL}/2018-zhengai-shijian.md"
    assert sorted((c["operation"], c["path"]) for c in change["files"]) == [
        ("create", f"schools/{SCHOOL}/2018-zhengai-shijian.md"),
        ("create", f"schools/{SCHOOL}/images/cover.png"),
    ]
    files = fake.files_at("main")
    assert (
        fake.blobs[files[f"schools/{SCHOOL}/2018-zhengai-shijian.md"]]
        .decode()
        .startswith("---\ntitle: 以诊促改的校本实践\n")
    )


def forgejo_handler(fake: FakeRepository, api_root: str):
    """Answers the Forgejo API v1 for ``fake`` (https://forgejo.org/docs/latest/user/api-usage/;
    the Swagger reference each instance serves at /api/swagger): Gitea's repository endpoints
    plus ``branches``, ``contents/{path}``, ``pulls``, ``labels`` and ``issues/{n}/labels``."""
    owner, name = fake.repo.split("/")
    prefix = urlsplit(api_root).path
    base = f"{prefix}/repos/{owner}/{name}"
    labels: list[dict] = []
    gitea = gitea_handler(fake, api_root)

    def pull_json(pull: dict) -> dict:
        return {**pull, "head": {**pull["head"], "repo": {"owner": {"login": owner}, "full_name": fake.repo}}}

    def handle(route) -> None:
        request = route.request
        parts = urlsplit(request.url)
        path, method = parts.path, request.method
        rest = path[len(base) + 1 :] if path.startswith(base + "/") else ""
        query = urllib.parse.parse_qs(parts.query)
        body = json.loads(request.post_data) if request.post_data else None
        known = True
        if method == "GET" and rest.startswith("branches/"):
            branch = urllib.parse.unquote(rest[len("branches/") :])
            answer = (
                ({"name": branch, "commit": {"id": fake.branches[branch], "message": ""}}, 200)
                if branch in fake.branches
                else ({"message": "branch not found"}, 404)
            )
        elif method == "POST" and rest == "branches":
            fake.branches[body["new_branch_name"]] = fake.branches[body["old_ref_name"]]
            answer = ({"name": body["new_branch_name"], "commit": {"id": fake.branches[body["new_branch_name"]]}}, 201)
        elif method == "GET" and rest.startswith("git/trees/") and query.get("recursive") == ["1"]:
            files = fake.files_at(urllib.parse.unquote(rest[len("git/trees/") :]))
            tree = [
                {"path": p, "mode": "100644", "type": "blob", "sha": s, "size": len(fake.blobs[s])}
                for p, s in sorted(files.items())
            ]
            answer = ({"sha": "", "tree": tree, "truncated": False, "page": 1, "total_count": len(tree)}, 200)
        elif method == "GET" and rest.startswith("contents/"):
            file = urllib.parse.unquote(rest[len("contents/") :])
            sha = fake.files_at(query.get("ref", ["main"])[0]).get(file)
            answer = (
                ({"name": file.rsplit("/", 1)[-1], "path": file, "sha": sha, "type": "file"}, 200)
                if sha
                else ({"message": "GetContentsOrList"}, 404)
            )
        elif method == "GET" and rest == "pulls":
            found = [p for p in fake.pulls if p["state"] == query.get("state", ["open"])[0]]
            answer = ([pull_json(p) for p in found], 200)
        elif method == "POST" and rest == "pulls":
            answer = (pull_json(fake.open_pull(body)), 201)
        elif method == "GET" and re.fullmatch(r"pulls/\d+/files", rest):
            pull = fake.pulls[int(rest.split("/")[1]) - 1]
            before, after = fake.files_at(pull["base"]["ref"]), fake.files_at(pull["head"]["ref"])
            changed = [
                {"filename": p, "status": "added", "sha": s} for p, s in sorted(after.items()) if before.get(p) != s
            ]
            answer = (changed, 200)
        elif method == "GET" and rest.startswith("compare/"):
            left, right = (side.split(":")[-1] for side in urllib.parse.unquote(rest[len("compare/") :]).split("..."))
            before, after = fake.files_at(left), fake.files_at(right)
            changed = [{"filename": p, "status": "added"} for p, s in sorted(after.items()) if before.get(p) != s]
            commit = {
                "sha": fake.branches[right],
                "commit": {"author": {"name": "王老师", "date": "2018-06-01T08:00:00Z"}},
            }
            answer = ({"total_commits": 1, "commits": [commit], "files": changed}, 200)
        elif method == "GET" and rest == "labels":
            answer = (labels, 200)
        elif method == "POST" and rest == "labels":
            labels.append({"id": len(labels) + 1, "name": body["name"], "color": body.get("color", "")})
            answer = (labels[-1], 201)
        elif method == "PUT" and re.fullmatch(r"issues/\d+/labels", rest):
            chosen = [label for label in labels if label["id"] in body["labels"]]
            fake.pulls[int(rest.split("/")[1]) - 1]["labels"] = chosen
            answer = (chosen, 200)
        else:
            known = False
        if not known:
            return gitea(route)  # the endpoints Forgejo shares with Gitea (user, repository, blobs, contents)
        fake.requests.append((method, path + (f"?{parts.query}" if parts.query else ""), body))
        if request.headers.get("authorization") != f"token {fake.token}":
            return _json(route, {"message": "token is required"}, 401)
        return _json(route, *answer)

    return handle


def test_forgejo_each_save_opens_a_pull_request(browser, tmp_path):
    """A self-hosted Forgejo keeps the editorial workflow: branch, commit, pull request, label."""
    tree = project_tree(tmp_path / "tree")
    settings = schema.CmsFile(
        backend="forgejo", repo="jyj/showcase", branch="main", base_url="https://code.example.edu.cn", app_id="abc-123"
    )
    web = admin_folder(tmp_path / "web", tree, settings, None)
    assert "publish_mode: editorial_workflow\n" in (web / "admin" / "config.yml").read_text(encoding="utf-8")
    fake = FakeRepository(settings.repo, {f"schools/{SCHOOL}/2018-yiyou.md": EXISTING.encode()}, TOKEN)
    with serve(web) as base, browser_context(browser) as context:
        signed_in(context, "forgejo")
        context.route("https://code.example.edu.cn/**", forgejo_handler(fake, settings.api_url()))
        page = context.new_page()
        outside = watch_hosts(page, {base.rstrip("/"), "https://code.example.edu.cn"})
        page.goto(base + f"admin/#/collections/{SCHOOL}")
        page.get_by_text("已有的材料").first.wait_for()
        page.goto(base + f"admin/#/collections/{SCHOOL}/new")
        fill_case(page, title="以诊促改的校本实践")
        page.get_by_role("button", name="保存").first.click()
        page.get_by_text("状态: 草稿").wait_for()
        assert outside == []
        assert fake.unknown == []
    branch = f"cms/{SCHOOL}/2018-zhengai-shijian"
    calls = [(method, path, body) for method, path, body in fake.requests if method != "GET"]
    assert calls[0] == (
        "POST",
        "/api/v1/repos/jyj/showcase/branches",
        {"new_branch_name": branch, "old_ref_name": "main"},
    )
    (change,) = [body for method, path, body in calls if path == "/api/v1/repos/jyj/showcase/contents"]
    assert change["branch"] == branch
    (pull,) = fake.pulls
    assert (pull["head"]["ref"], pull["base"]["ref"], pull["title"]) == (
        branch,
        "main",
        f"新建材料：schools/{SCHOOL}/2018-zhengai-shijian.md",
    )
    assert [label["name"] for label in pull["labels"]] == ["decap-cms/draft"]
    assert fake.blobs[fake.files_at(branch)[f"schools/{SCHOOL}/images/cover.png"]] == COVER.read_bytes()
    assert f"schools/{SCHOOL}/2018-zhengai-shijian.md" not in fake.files_at("main")

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
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, make_tree
from support import browser_context, free_port, run_build_py, serve

from showcase.generate import cms_config
from showcase.load import schema
from showcase.load.content import load_site

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
                request = urllib.request.Request(url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
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


def test_a_form_without_a_title_is_refused_by_the_form(browser, local_admin):
    tree, base, proxy = local_admin
    with browser_context(browser) as context:
        page = context.new_page()
        page.goto(base + "admin/")
        page.get_by_role("button", name="登录").click()
        page.goto(base + f"admin/#/collections/{SCHOOL}/new")
        fill_case(page, title=None)
        persisted = []
        page.on("request", lambda r: persisted.append(r) if r.method == "POST" and "persist" in (r.post_data or "") else None)
        publish(page)
        # Decap's own Chinese messages: beside the field, and as a notice.
        page.get_by_text("“标题”是必填项", exact=True).wait_for()
        page.get_by_text("你漏掉了一个必填项，请在保存之前将它填写好").wait_for()
        page.wait_for_timeout(500)
        assert persisted == []
    assert sorted(p.name for p in (tree / "schools" / SCHOOL).iterdir()) == ["school.yml"]

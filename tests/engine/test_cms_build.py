"""The build serves the web form at /admin/: Decap's bundle copied from node_modules, the generated
page and configuration; previews talk to the local backend, the published site only to cms.yml's
host, and no other page's policy changes."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, make_tree
from showcase.generate import cms_config
from support import build_site

BUNDLE = REPO / cms_config.BUNDLE_DIR
pytestmark = pytest.mark.skipif(
    not (BUNDLE / cms_config.BUNDLE_SCRIPT).is_file(), reason="Decap CMS is not installed (npm ci)"
)
STRICT_SCRIPTS = re.compile(r"script-src 'self'( 'sha256-[^']+')*;")


def _tree(tmp_path):
    """The content beside a link to the repository's node_modules (as after npm ci)."""
    root = make_tree(tmp_path / "tree")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    return root


def test_preview_build_serves_admin_with_the_local_backend_and_leaves_reader_pages_strict(tmp_path):
    root = _tree(tmp_path)
    result = build_site(root)
    assert result.returncode == 0, result.stderr
    admin = root / "site" / "admin"
    assert (admin / "decap-cms.js").read_bytes() == (BUNDLE / "decap-cms.js").read_bytes()
    assert "local_backend:\n  url: http://127.0.0.1:8081/api/v1\n" in (admin / "config.yml").read_text(encoding="utf-8")
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert page.count('http-equiv="Content-Security-Policy"') == 1
    assert "connect-src 'self' blob: http://127.0.0.1:8081;" in page
    for path in (root / "site").rglob("*.html"):
        if path.parent == admin:
            continue
        text = path.read_text(encoding="utf-8")
        assert "unsafe-eval" not in text and "127.0.0.1:8081" not in text, path
        assert STRICT_SCRIPTS.search(text), path


def test_published_build_has_admin_only_with_a_repository(tmp_path):
    root = _tree(tmp_path)
    result = build_site(root, publish=True)
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "admin").exists()
    assert "网页表单（/admin/）未发布：cms.yml 还没有填写仓库（repo）" in result.stderr
    (root / "cms.yml").write_text(
        "backend: github\nrepo: taiyuan-jyj/showcase\nbase_url: https://login.example.gov.cn\n", encoding="utf-8"
    )
    result = build_site(root, publish=True)
    assert result.returncode == 0, result.stderr
    config = (root / "site" / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "local_backend" not in config and "  repo: taiyuan-jyj/showcase\n" in config
    page = (root / "site" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' blob: https://api.github.com;" in page and "127.0.0.1" not in page


def test_an_export_carries_admin_for_a_stock_engine(tmp_path):
    """build.py export writes /admin/ into the docs tree (static files a stock engine copies)."""
    from showcase.output.export import export

    root = _tree(tmp_path)
    (root / "cms.yml").write_text(
        "backend: forgejo\nrepo: jyj/showcase\nbase_url: https://code.example.edu.cn\napp_id: abc\n", encoding="utf-8"
    )
    for name in ("mkdocs.yml", "overrides"):
        (root / name).symlink_to(REPO / name)
    result = export(root, tmp_path / "export")
    docs = tmp_path / "export" / "docs" / "admin"
    assert (docs / "decap-cms.js").read_bytes() == (BUNDLE / "decap-cms.js").read_bytes()
    assert "connect-src 'self' blob: https://code.example.edu.cn;" in (docs / "index.html").read_text(encoding="utf-8")
    assert "  name: forgejo\n" in (docs / "config.yml").read_text(encoding="utf-8")
    assert "docs/admin/config.yml" in result.written

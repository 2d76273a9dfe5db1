"""Speed-ups that patch engine internals switch themselves off on an engine version they were not
verified on, say so in one line each, and the build then takes the engine's own path: same
bytes, every speed-up off (a fake version is installed for the build through sitecustomize)."""

from __future__ import annotations

import importlib.metadata
import logging
import os

from conftest import VALID_FRONT, make_tree
from showcase.engine.mkdocs import guard
from support import build_site, tree_differences

#: Installed in the build's Python: the engine reports a version no speed-up was verified on.
FAKE_VERSION = """
import importlib.metadata as metadata
_real = metadata.version
def version(name):
    return "1.7.0" if name.lower() == "mkdocs" else _real(name)
metadata.version = version
"""
SPEED_UPS = ("fast_render", "template_cache", "parallel_render")


def test_unknown_version_is_refused_once_with_a_message(monkeypatch, caplog):
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    monkeypatch.setattr(guard, "_said", set())
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.showcase"):
        assert not guard.verified("fast_render", {"mkdocs": ("1.6.1",)})
        assert not guard.verified("fast_render", {"mkdocs": ("1.6.1",)})
    assert caplog.messages == [
        "提速模块 fast_render 只在 mkdocs 1.6.1 上验证过，当前是 9.9.9：已关闭，改用 MkDocs 自身的做法（结果相同，只是慢一些）。"
    ]


def test_the_installed_versions_are_the_verified_ones():
    """requirements.txt pins what the speed-ups were verified on: a pin moved without a new
    verification switches them off, and this test says so."""
    from showcase.engine.mkdocs import (
        fast_render,
        parallel_render,
        template_cache,
        watch,
    )

    for module in (fast_render, parallel_render, template_cache, watch):
        for package, versions in module.VERIFIED_ON.items():
            assert guard.installed_version(package) in versions, (module.__name__, package)


def test_unknown_engine_version_builds_the_same_site_the_engine_s_own_way(tmp_path):
    files = {
        f"schools/caimao/2018-case-{n:03d}.md": VALID_FRONT.replace("以诊促改的实践", f"以诊促改的实践之{n}").replace(
            "正文内容。",
            f"正文内容，第 {n} 篇。\n\n| 甲 | 乙 |\n| :-: | --: |\n| {n} | 2 |\n\n[上一篇](2018-case-{max(n - 1, 0):03d}.md)",
        )
        for n in range(70)  # enough for the parallel renderer to fork
    }
    root = make_tree(tmp_path / "project", files, with_demo=True)
    fake = tmp_path / "fake-engine"
    fake.mkdir()
    (fake / "sitecustomize.py").write_text(FAKE_VERSION, encoding="utf-8")
    outputs, logs = {}, {}
    for mode in ("verified", "unknown"):
        if mode == "unknown":
            os.environ["PYTHONPATH"] = str(fake)
        try:
            result = build_site(root, extra_args=["--site-dir", str(tmp_path / mode)])
        finally:
            os.environ.pop("PYTHONPATH", None)
        assert result.returncode == 0, result.stderr
        outputs[mode], logs[mode] = tmp_path / mode, result.stderr
    for name in SPEED_UPS:
        line = f"提速模块 {name} 只在 mkdocs 1.6.1 上验证过，当前是 1.7.0：已关闭"
        assert logs["unknown"].count(line) == 1, logs["unknown"]
        assert line not in logs["verified"]
    assert "用两个进程生成案例页" in logs["verified"] and "用两个进程生成案例页" not in logs["unknown"]

    assert tree_differences(outputs["verified"], outputs["unknown"]) == []

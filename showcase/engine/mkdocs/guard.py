"""Speed-ups that patch the engine's internals run only on the versions they were verified on.

Each module of this folder that replaces or wraps something internal to MkDocs (or to Material,
or watchdog) declares ``VERIFIED_ON``: the exact versions of the packages whose code it was
checked against (by reading that code, and by tests/engine/test_build_e2e.py, which compares a build
with and without the speed-ups byte for byte).  On any other version the speed-up switches
itself off, says so in one line, and the build takes the engine's own path: an upgrade never
silently runs code copied from an older release.  Compare Lektor's one Markdown controller per
supported engine version, chosen once at import time.
"""

from __future__ import annotations

import importlib.metadata
import logging

log = logging.getLogger("mkdocs.plugins.showcase")
_said: set[str] = set()


def installed_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "未安装"


def verified(name: str, verified_on: dict[str, tuple[str, ...]]) -> bool:
    """Whether every package in ``verified_on`` is installed at a version listed for it; if not,
    one line (once per speed-up and process) says which and that the engine's own path is used."""
    for package, versions in verified_on.items():
        version = installed_version(package)
        if version not in versions:
            if name not in _said:
                _said.add(name)
                log.info(
                    f"提速模块 {name} 只在 {package} {' / '.join(versions)} 上验证过，当前是 {version}："
                    "已关闭，改用 MkDocs 自身的做法（结果相同，只是慢一些）。"
                )
            return False
    return True

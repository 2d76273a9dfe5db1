"""The site's configuration file (``mkdocs.yml``), read as data without an engine: the one place
where the site's name, description and docs folder are written.  The engine reads the same file;
the export rewrites it for a stock engine (:mod:`showcase.output.export`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONFIG = "mkdocs.yml"
#: The repository's own configuration, for code that works on content without a project around
#: it (a test's content tree): the package lives beside it.
REPOSITORY_CONFIG = Path(__file__).resolve().parent.parent / CONFIG


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag we keep as it is (``!!python/object/apply:…``): the engines
    construct it themselves."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    """``mkdocs.yml`` as data: ``!ENV`` resolved from ``environ``, Python tags kept."""

    environ: Mapping[str, str] = os.environ


def _construct_env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, as pyyaml_env_tag resolves it for
    MkDocs: the first variable that is set, its value read as a YAML scalar; else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node, deep=True)
        names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and name in loader.environ:
            value = loader.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _construct_tagged(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    return Tagged(node.tag, value)


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


def read_config(path: Path, environ: Mapping[str, str] | None = None) -> dict:
    """The project's ``mkdocs.yml`` as a dict, ``!ENV`` values resolved from ``environ``."""
    loader_class = type("Loader", (_ConfigLoader,), {"environ": os.environ if environ is None else environ})
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader_class)  # noqa: S506 (a SafeLoader)
    return data or {}


@dataclass(frozen=True)
class SiteConfig:
    """The facts of the site that the core needs."""

    name: str
    description: str
    docs_dir: str
    nav: tuple[NavEntry, ...] = ()
    """The navigation of the configuration (the site's sections), as written there."""


@dataclass(frozen=True)
class NavEntry:
    """One entry of the configuration's ``nav``: a page (``uri``) or a section (``children``)."""

    title: str
    uri: str = ""
    children: tuple[NavEntry, ...] = ()


def _nav(entries: Any) -> tuple[NavEntry, ...]:
    """``nav`` as MkDocs reads it: ``- title: page.md``, ``- title: [entries]`` or ``- page.md``
    (an entry without a title is kept with its path as the title)."""
    out: list[NavEntry] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            out.append(NavEntry(entry, entry))
        elif isinstance(entry, dict) and len(entry) == 1:
            title, value = next(iter(entry.items()))
            if isinstance(value, list):
                out.append(NavEntry(str(title), children=_nav(value)))
            elif isinstance(value, str):
                out.append(NavEntry(str(title), value))
    return tuple(out)


def site_config(root: Path | None = None) -> SiteConfig:
    """The site's facts from ``root``'s configuration (the repository's when it has none)."""
    path = Path(root) / CONFIG if root is not None and (Path(root) / CONFIG).is_file() else REPOSITORY_CONFIG
    return _site_config(path.resolve())


@lru_cache(maxsize=8)
def _site_config(path: Path) -> SiteConfig:
    data = read_config(path)
    return SiteConfig(
        str(data.get("site_name", "")),
        str(data.get("site_description", "")),
        str(data.get("docs_dir", "docs")),
        _nav(data.get("nav")),
    )

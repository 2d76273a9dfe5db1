"""JSON Schemas for editors, derived from the pydantic models in :mod:`showcase.load.schema`.

VS Code (with the YAML extension) and other editors read them to complete field names, show the
Chinese description of each field on hover and underline mistakes while people type.  They are
committed under ``schema/`` (``python build.py schema`` regenerates them; ``check`` reports
drift) and published with the site under the same folder.

Pydantic's own output is adjusted in two ways only: titles and descriptions in Chinese (from the
``Field`` descriptions and the field names of the error messages), and the inputs our normalising
validators accept (one author written as text, dates such as ``2018年6月1日``) are allowed, so
that the editor never underlines what ``check`` accepts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from showcase.load import schema
from showcase.load.model import Site

#: Folder of the committed schemas in the repository, and of the published ones on the site.
SCHEMA_DIR = "schema"
GENERATE_COMMAND = "python build.py schema"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class EditorSchema:
    """One schema file: what it describes and which model it derives from."""

    name: str
    """File name under ``schema/``."""
    model: type[BaseModel]
    title: str
    description: str
    many: bool = False
    """The file is a list of ``model`` items (``featured.yml``)."""


SCHEMAS: tuple[EditorSchema, ...] = (
    EditorSchema(
        "submission.schema.json",
        schema.SubmissionMeta,
        "材料的文件头",
        "学校提交的材料 schools/<学校编号>/<文件名>.md 开头两行 --- 之间的字段",
    ),
    EditorSchema("school.schema.json", schema.SchoolFile, "学校信息", "schools/<学校编号>/school.yml：一所试点学校"),
    EditorSchema(
        "project.schema.json", schema.ProjectFile, "试点项目", "projects/<项目编号>.yml：通知中的一个试点项目"
    ),
    EditorSchema(
        "featured.schema.json",
        schema.FeaturedEntry,
        "推荐的典型案例",
        "featured.yml：市教育局推荐的典型案例，按显示顺序排列（市教育局维护）",
        many=True,
    ),
    EditorSchema(
        "owners.schema.json",
        schema.OwnersFile,
        "分工",
        "owners.yml：市教育局的审核账号和市教育局负责的文件（市教育局维护）",
    ),
)

#: Chinese titles of the models, for the items of a list file.
_MODEL_TITLES = {entry.model.__name__: entry.title for entry in SCHEMAS}


def _accepted_inputs(model: type[BaseModel]) -> dict[str, set[Any]]:
    """The normalising ``before`` validators of each field of ``model``."""
    found: dict[str, set[Any]] = {}
    for decorator in model.__pydantic_decorators__.field_validators.values():
        if decorator.info.mode != "before":
            continue
        for field in decorator.info.fields:
            found.setdefault(field, set()).add(getattr(decorator.func, "__func__", decorator.func))
    return found


def _localise_model(node: dict[str, Any], model: type[BaseModel], project_ids: dict[str, str]) -> None:
    """Chinese titles, and what the normalising validators accept, on one object schema."""
    node["title"] = _MODEL_TITLES.get(model.__name__, node.get("title", ""))
    node.pop("description", None)  # the English docstring; the file-level description says it
    normalisers = _accepted_inputs(model)
    for key, prop in node.get("properties", {}).items():
        prop["title"] = schema._FIELD_NAMES.get(key, key)
        accepts = normalisers.get(key, set())
        if schema.parse_date in accepts and prop.get("format") == "date":
            del prop["format"]
            prop["pattern"] = schema._DATE_RE.pattern
        if schema._to_text_list in accepts and prop.get("type") == "array":
            array = {k: prop.pop(k) for k in ("type", "items", "minItems") if k in prop}
            prop["anyOf"] = [array, {"type": "string", "minLength": 1}]
        if model is schema.SubmissionMeta and key == "project" and project_ids:
            prop["enum"] = list(project_ids)
            prop["enumDescriptions"] = list(project_ids.values())


def json_schema(entry: EditorSchema, project_ids: dict[str, str]) -> dict[str, Any]:
    """The JSON Schema of one file, as a dictionary."""
    if entry.many:
        generated = TypeAdapter(list[entry.model]).json_schema()  # type: ignore[name-defined]
        for name, definition in generated.get("$defs", {}).items():
            if name == entry.model.__name__:
                _localise_model(definition, entry.model, project_ids)
    else:
        generated = entry.model.model_json_schema()
        _localise_model(generated, entry.model, project_ids)
    generated.pop("title", None)
    generated.pop("description", None)
    return {"$schema": JSON_SCHEMA_DIALECT, "title": entry.title, "description": entry.description, **generated}


def project_choices(site: Site) -> dict[str, str]:
    """Project ids with their names, in notice order, for the ``project`` field."""
    ordered = sorted(site.projects.values(), key=lambda p: (p.order, p.id))
    return {p.id: p.name for p in ordered}


def render(entry: EditorSchema, project_ids: dict[str, str]) -> bytes:
    """Same models and projects, same bytes."""
    text = json.dumps(json_schema(entry, project_ids), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")


def schema_files(site: Site) -> list[tuple[str, bytes]]:
    """Every schema as ``(file name, bytes)``, in a stable order."""
    projects = project_choices(site)
    return [(entry.name, render(entry, projects)) for entry in SCHEMAS]


def write_schema_files(root: Path, site: Site) -> list[Path]:
    """Write every schema to ``schema/``; returns the paths written."""
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, data in schema_files(site):
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written

"""Open data: every published submission's metadata as ``cases.json`` and ``cases.csv``.

The CSV starts with a UTF-8 byte-order mark so that Excel on Windows, which the bureau and the
schools use, opens the Chinese text correctly; the JSON is plain UTF-8.

Whatever the submissions hold, both stay valid UTF-8 (characters XML does not allow are dropped,
URLs from non-UTF-8 file names percent-encoded) and no CSV cell runs as a formula in a
spreadsheet (:mod:`showcase.generate.safe_text`).
"""

from __future__ import annotations

import json

from showcase.generate import exports
from showcase.generate.safe_text import url_text, xml_text
from showcase.load.model import Site

FIELDS = (
    "id",
    "title",
    "school_id",
    "school",
    "district",
    "project_id",
    "project",
    "type",
    "date",
    "summary",
    "authors",
    "tags",
    "url",
)
HEADERS = (
    "编号",
    "标题",
    "学校编号",
    "学校",
    "所在县（市、区）",
    "项目编号",
    "试点项目",
    "类型",
    "材料日期",
    "摘要",
    "作者",
    "关键词",
    "网址",
)


def case_records(site: Site) -> list[dict[str, object]]:
    records = []
    for s in site.submissions:
        school = site.schools[s.school_id]
        record = {
            "id": s.id,
            "title": s.title,
            "school_id": s.school_id,
            "school": school.name,
            "district": school.district or "",
            "project_id": s.project_id,
            "project": site.projects[s.project_id].name,
            "type": s.type,
            "date": s.date.isoformat(),
            "summary": s.meta.summary,
            "authors": list(s.meta.authors),
            "tags": list(s.meta.tags),
            "url": s.url,
        }
        record = {key: _clean(value) for key, value in record.items()}
        record["url"] = url_text(s.url)
        if s.demo:
            record["demo"] = True
        records.append(record)
    return records


def _clean(value: object) -> object:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def cases_json(site: Site) -> bytes:
    payload = {
        "description": f"{site.name}：已发布材料的元数据" + ("（含示例内容，非真实材料）" if site.demo else ""),
        "count": len(site.submissions),
        "cases": case_records(site),
    }
    return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def cases_csv(site: Site) -> bytes:
    rows = []
    for record in case_records(site):
        row = [("、".join(record[f]) if isinstance(record[f], list) else record[f]) for f in FIELDS]
        if site.demo:
            row.append("是" if record.get("demo") else "")
        rows.append(row)
    return exports.csv_bytes(HEADERS + (("示例",) if site.demo else ()), rows)

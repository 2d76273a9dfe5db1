"""Build the static search index (see package docstring for the design)."""
from __future__ import annotations

import json
import math
import shutil
import time
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .postings import encode_postings, encode_shard
from .textnorm import fnv1a, grams_of_text, normalize

FORMAT_VERSION = 1
SHARD_TARGET_BYTES = 6 * 1024      # aim for a few KB per shard file
MAX_SHARDS = 8192
CHUNK_TARGET_BYTES = 6 * 1024      # raw JSON bytes per text chunk file
MAX_DOCS_PER_CHUNK = 16
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: The tag facet offers at most this many tags (most used first): a long tail of
#: one-off tags would only grow meta.json, which every first filter downloads.
MAX_TAG_FACET = 200


@dataclass(frozen=True)
class SearchDoc:
    id: str          # "school-id/file-stem"
    url: str         # site-relative URL, e.g. "schools/weisheng/2018-abc/"
    title: str
    summary: str
    text: str        # plain text of the rendered case body (see html_to_text)
    school: str      # display name
    school_id: str
    project: str     # display name
    project_id: str
    district: str    # "" when unknown
    type: str        # e.g. 典型案例
    date: str        # "2018-06-01"
    tags: tuple[str, ...] = ()
    demo: bool = False
    cover: str = ""  # site-relative URL of the published cover image, or ""


def searchable_text(doc: SearchDoc) -> str:
    """Normalised text a query must occur in (also used for ground truth).

    Fields are joined with spaces, so a term never matches across fields.
    search.js rebuilds exactly this string from a chunk + the facet labels.
    """
    return normalize(" ".join([doc.title, doc.summary, " ".join(doc.tags),
                               doc.school, doc.project, doc.type, doc.text]))


def order_docs(docs: Iterable[SearchDoc]) -> list[SearchDoc]:
    """Doc-id order = result order for equal rank: newest first, then by id."""
    seen: set[str] = set()
    out = []
    for d in docs:
        if d.id in seen:
            raise ValueError(f"duplicate search doc id {d.id!r}")
        seen.add(d.id)
        out.append(d)
    out.sort(key=lambda d: d.id)
    out.sort(key=lambda d: d.date or "", reverse=True)
    return out


def shard_count(total_postings_bytes: int) -> int:
    return max(1, min(MAX_SHARDS, math.ceil(total_postings_bytes / SHARD_TARGET_BYTES)))


def _code_column(values: Sequence[int], n_labels: int) -> tuple[int, str]:
    width = 1
    while len(ALPHABET) ** width < max(n_labels, 1):
        width += 1
    parts = []
    for v in values:
        s = ""
        for _ in range(width):
            s = ALPHABET[v % 64] + s
            v //= 64
        parts.append(s)
    return width, "".join(parts)


def _tag_facet(docs: Sequence[SearchDoc]) -> dict | None:
    """Multi-valued facet: per doc a run of fixed-width codes, docs separated by ','."""
    uses: dict[str, int] = defaultdict(int)
    for d in docs:
        for t in {unicodedata.normalize("NFC", t.strip()) for t in d.tags if t.strip()}:
            uses[t] += 1
    if not uses:
        return None
    labels = sorted(uses, key=lambda t: (-uses[t], t))[:MAX_TAG_FACET]
    code = {t: i for i, t in enumerate(labels)}
    width, _ = _code_column([], len(labels))
    parts = []
    for d in docs:
        ids = sorted({code[t] for t in (unicodedata.normalize("NFC", t.strip()) for t in d.tags) if t in code})
        parts.append(_code_column(ids, len(labels))[1] if ids else "")
    return {"title": "关键词", "keys": labels, "labels": labels, "multi": True,
            "width": width, "col": ",".join(parts)}


def _facets(docs: Sequence[SearchDoc]) -> dict:
    def labels(pairs):
        idx: dict = {}
        for key, label in pairs:
            idx.setdefault(key, (len(idx), label))
        return idx

    projects = labels(sorted({(d.project_id, d.project) for d in docs}))
    schools = labels(sorted({(d.school_id, d.school) for d in docs}))
    districts = labels((x, x) for x in sorted({d.district for d in docs}))
    types = labels((x, x) for x in sorted({d.type for d in docs}))
    years = labels((x, x) for x in sorted({(d.date or "")[:4] for d in docs}, reverse=True))
    facet = {
        "project": ("试点项目", projects, [projects[d.project_id][0] for d in docs]),
        "school": ("学校", schools, [schools[d.school_id][0] for d in docs]),
        "district": ("所在县（市、区）", districts, [districts[d.district][0] for d in docs]),
        "type": ("材料类型", types, [types[d.type][0] for d in docs]),
        "year": ("年份", years, [years[(d.date or "")[:4]][0] for d in docs]),
    }
    out = {}
    school_col = facet["school"][2]
    for name, (title, idx, col) in facet.items():
        entry = {"title": title,
                 "keys": [k for k, _ in sorted(idx.items(), key=lambda kv: kv[1][0])],
                 "labels": [lab for _, (_, lab) in sorted(idx.items(), key=lambda kv: kv[1][0])]}
        if name == "district":
            # district is a school attribute: store per school when consistent
            per_school: dict[int, int] = {}
            if all(per_school.setdefault(s, v) == v for s, v in zip(school_col, col)):
                entry["by"] = "school"
                entry["map"] = [per_school.get(s, 0) for s in range(len(schools))]
                out[name] = entry
                continue
        entry["width"], entry["col"] = _code_column(col, len(idx))
        out[name] = entry
    tags = _tag_facet(docs)
    if tags:
        out["tag"] = tags
    return out


class IndexBuilder:
    """Collects documents one at a time, in any order, at known positions; writes the index once.

    The position of a document is its rank in :func:`order_docs` order (newest first), which the
    caller knows before rendering; so gram extraction can run while pages are still being rendered
    (see :mod:`showcase.search.worker`) and only the encoding waits for the last page.
    """

    def __init__(self) -> None:
        self.docs: dict[int, SearchDoc] = {}
        self.body_post: dict[str, array] = defaultdict(lambda: array("i"))
        self.title_post: dict[str, array] = defaultdict(lambda: array("i"))

    def add(self, position: int, doc: SearchDoc) -> None:
        if position in self.docs:
            raise ValueError(f"two search docs at position {position}")
        self.docs[position] = doc
        for g in grams_of_text(searchable_text(doc)):
            self.body_post[g].append(position)
        for g in grams_of_text(normalize(doc.title)):
            self.title_post[g].append(position)

    def write(self, out_dir: Path) -> dict:
        """Write the index into ``out_dir``; positions must be 0 … n-1 without gaps."""
        t0 = time.perf_counter()
        n = len(self.docs)
        if sorted(self.docs) != list(range(n)):
            raise ValueError("search doc positions must be 0 … n-1")
        docs = [self.docs[i] for i in range(n)]
        for postings in (self.body_post, self.title_post):
            for ids in postings.values():  # pages arrive in render order, not rank order
                ids[:] = array("i", sorted(ids))
        return _write_index(docs, self.body_post, self.title_post, Path(out_dir), t0)


def build_search_index(docs: Iterable[SearchDoc], out_dir: Path) -> dict:
    """Write the search index into ``out_dir`` (e.g. ``<site>/search/``).

    Creates ``meta.json``, ``g/<shard>.bin`` and ``c/<chunk>.json``; existing
    ``g/`` and ``c/`` folders are replaced, other files (the search page's
    index.html) are left alone. Returns statistics.
    """
    builder = IndexBuilder()
    for position, doc in enumerate(order_docs(docs)):
        builder.add(position, doc)
    return builder.write(out_dir)


def _write_index(docs: list[SearchDoc], body_post: dict, title_post: dict, out_dir: Path, t0: float) -> dict:
    n = len(docs)
    encoded: list[tuple[str, bytes, bytes]] = []
    total = 0
    for g, ids in body_post.items():
        b = encode_postings(ids, n)
        t = title_post.get(g)
        tb = encode_postings(t, n) if t else b""
        encoded.append((g, b, tb))
        total += len(g.encode()) + len(b) + len(tb) + 3
    del body_post, title_post
    n_shards = shard_count(total)

    for sub in ("g", "c"):
        if (out_dir / sub).exists():
            shutil.rmtree(out_dir / sub)
        (out_dir / sub).mkdir(parents=True)

    shards: list[list] = [[] for _ in range(n_shards)]
    for e in encoded:
        shards[fnv1a(e[0]) % n_shards].append(e)
    shard_bytes = []
    for k, entries in enumerate(shards):
        if not entries:
            continue
        data = encode_shard(entries)
        (out_dir / "g" / f"{k}.bin").write_bytes(data)
        shard_bytes.append(len(data))

    def nfc(s: str) -> str:
        return unicodedata.normalize("NFC", s or "")

    rows = [[nfc(d.title), d.url, d.date, nfc(d.summary), [nfc(t) for t in d.tags],
             nfc(d.text), 1 if d.demo else 0, d.cover] for d in docs]
    row_json = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows]
    avg = sum(len(r.encode()) for r in row_json) / max(n, 1)
    per_chunk = max(1, min(MAX_DOCS_PER_CHUNK, round(CHUNK_TARGET_BYTES / max(avg, 1))))
    chunk_bytes = []
    for c, start in enumerate(range(0, n, per_chunk)):
        data = ("[" + ",".join(row_json[start:start + per_chunk]) + "]").encode()
        (out_dir / "c" / f"{c}.json").write_bytes(data)
        chunk_bytes.append(len(data))

    meta = {
        "v": FORMAT_VERSION,
        "n": n,
        "shards": n_shards,
        "chunk": per_chunk,
        "facets": _facets(docs),
    }
    meta_data = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode()
    (out_dir / "meta.json").write_bytes(meta_data)

    return {
        "docs": n,
        "grams": len(encoded),
        "shards": n_shards,
        "shard_files": len(shard_bytes),
        "shard_bytes": sum(shard_bytes),
        "shard_max_bytes": max(shard_bytes, default=0),
        "shard_median_bytes": sorted(shard_bytes)[len(shard_bytes) // 2] if shard_bytes else 0,
        "docs_per_chunk": per_chunk,
        "chunk_files": len(chunk_bytes),
        "chunk_bytes": sum(chunk_bytes),
        "meta_bytes": len(meta_data),
        "files": len(shard_bytes) + len(chunk_bytes) + 1,
        "bytes": sum(shard_bytes) + sum(chunk_bytes) + len(meta_data),
        "seconds": round(time.perf_counter() - t0, 2),
    }

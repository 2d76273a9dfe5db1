"""Build the static search index (see package docstring for the design)."""

from __future__ import annotations

import base64
import json
import math
import os
import shutil
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from showcase.output.search.postings import encode_postings_grouped, encode_shard
from showcase.output.search.textnorm import fnv1a, normalize

FORMAT_VERSION = 1
SHARD_TARGET_BYTES = 6 * 1024  # aim for a few KB per shard file
MAX_SHARDS = 8192
CHUNK_TARGET_BYTES = 6 * 1024  # raw JSON bytes per text chunk file
MAX_DOCS_PER_CHUNK = 16
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: The tag facet offers at most this many tags (most used first): a long tail of
#: one-off tags would only grow meta.json, which every first filter downloads.
MAX_TAG_FACET = 200


@dataclass(frozen=True)
class SearchDoc:
    id: str  # "school-id/file-stem"
    url: str  # site-relative URL, e.g. "schools/weisheng/2018-abc/"
    title: str
    summary: str
    text: str  # plain text of the rendered case body (see html_to_text)
    school: str  # display name
    school_id: str
    project: str  # display name
    project_id: str
    district: str  # "" when unknown
    type: str  # e.g. 典型案例
    date: str  # "2018-06-01"
    tags: tuple[str, ...] = ()
    demo: bool = False
    cover: str = ""  # site-relative URL of the published cover image, or ""
    kind: str = "case"  # one of KINDS: a case, or another page of the site (listed after the cases)


#: What a search document is, in the order results list them: cases first (issue #11), then the
#: site's other pages, each labelled with its kind.
KINDS: dict[str, str] = {
    "case": "案例材料",
    "news": "新闻",
    "notice": "通知原文",
    "section": "栏目页面",
    "project": "试点项目",
    "school": "试点学校",
    "guide": "投稿指南",
}
#: Popular keywords offered when a search finds nothing: the most used tags of the cases.
POPULAR_TAGS = 12


def searchable_text(doc: SearchDoc) -> str:
    """Normalised text a query must occur in (also used for ground truth).

    Fields are joined with spaces, so a term never matches across fields.
    search.js rebuilds exactly this string from a chunk + the facet labels.
    """
    return normalize(
        " ".join([doc.title, doc.summary, " ".join(doc.tags), doc.school, doc.project, doc.type, doc.text])
    )


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
    out.sort(key=lambda d: list(KINDS).index(d.kind))  # stable: cases first, newest first
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


def _tag_uses(docs: Sequence[SearchDoc]) -> dict[str, int]:
    uses: dict[str, int] = defaultdict(int)
    for d in docs:
        for t in {unicodedata.normalize("NFC", t.strip()) for t in d.tags if t.strip()}:
            uses[t] += 1
    return uses


def popular_keywords(docs: Sequence[SearchDoc]) -> list[str]:
    """The keywords a search with no results offers, computed from the cases (never invented):
    the most used tags, then the projects' names."""
    cases = [d for d in docs if d.kind == "case"]
    uses = _tag_uses(cases)
    tags = sorted((t for t in uses if uses[t] > 1), key=lambda t: (-uses[t], t))[:POPULAR_TAGS]
    projects = sorted({unicodedata.normalize("NFC", d.project) for d in cases if d.project})
    return tags + [p for p in projects if p not in tags]


def _tag_facet(docs: Sequence[SearchDoc]) -> dict | None:
    """Multi-valued facet: per doc a run of fixed-width codes, docs separated by ','."""
    uses = _tag_uses(docs)
    if not uses:
        return None
    labels = sorted(uses, key=lambda t: (-uses[t], t))[:MAX_TAG_FACET]
    code = {t: i for i, t in enumerate(labels)}
    width, _ = _code_column([], len(labels))
    parts = []
    for d in docs:
        ids = sorted({code[t] for t in (unicodedata.normalize("NFC", t.strip()) for t in d.tags) if t in code})
        parts.append(_code_column(ids, len(labels))[1] if ids else "")
    return {"title": "关键词", "keys": labels, "labels": labels, "multi": True, "width": width, "col": ",".join(parts)}


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
    kinds = labels((k, label) for k, label in KINDS.items() if any(d.kind == k for d in docs))
    if len(kinds) > 1:
        facet["kind"] = ("内容类别", kinds, [kinds[d.kind][0] for d in docs])
    out = {}
    school_col = facet["school"][2]
    for name, (title, idx, col) in facet.items():
        entry = {
            "title": title,
            "keys": [k for k, _ in sorted(idx.items(), key=lambda kv: kv[1][0])],
            "labels": [lab for _, (_, lab) in sorted(idx.items(), key=lambda kv: kv[1][0])],
        }
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


class _Chars:
    """Numbers for characters, given the first time each is seen (shared by the body and title
    grams, so that a gram has one key in both)."""

    def __init__(self) -> None:
        self.number = np.zeros(0x110000, dtype=np.uint64)  # code point -> number (0: not seen)
        self.chars: list[str] = [""]  # number -> character

    def numbers(self, norm_text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's characters as numbers, and where its spaces are."""
        points = np.frombuffer(norm_text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ids = self.number[points]
        unseen = ids == 0
        if unseen.any():
            for point in np.unique(points[unseen]).tolist():
                self.chars.append(chr(point))
                self.number[point] = len(self.chars) - 1
            ids = self.number[points]
        return ids, points == 32  # normalised text has single ASCII spaces; no gram spans one


def _gram_keys(ids: np.ndarray, space: np.ndarray, bits: int) -> np.ndarray:
    """Sorted distinct keys of every 1-, 2- and 3-gram, each character in a ``bits``-wide field."""
    b = np.uint64(bits)
    parts = [ids[~space]]
    if len(ids) > 1:
        parts.append(((ids[:-1] << b) | ids[1:])[~(space[:-1] | space[1:])])
    if len(ids) > 2:
        parts.append(((ids[:-2] << (b + b)) | (ids[1:-1] << b) | ids[2:])[~(space[:-2] | space[1:-1] | space[2:])])
    keys = np.sort(np.concatenate(parts))
    if len(keys) > 1:
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys


def _first_of_runs(values: np.ndarray) -> np.ndarray:
    """Indexes where a run of equal values begins in a sorted array."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


class _GramSets:
    """Every document's distinct 1-, 2- and 3-grams, and the posting lists they make.

    The same grams as :func:`~showcase.output.search.textnorm.grams_of_text`, computed over arrays: at
    10,000 cases there are some 40 million (gram, document) pairs, and handling them one at a
    time in Python took about half a minute of the build and 1 GB.  A gram's key holds the
    numbers of its characters; each pair is one 64-bit integer, key above position, so that one
    sort gives every posting list in order.  Pairs are spread over :attr:`BUCKETS` by key and
    each bucket is sorted and encoded on its own, which bounds the memory a write needs.

    When characters are too many for the key to fit beside the position (tens of thousands of
    distinct characters, over 100,000 documents), keys switch to 21-bit fields and positions are
    kept beside them; the grams of each bucket are then numbered before packing.
    """

    FIELD = 21
    BUCKETS = 16
    #: Bits of the packed integers; tests lower it to exercise the wide keys.
    PACK_BITS = 64

    def __init__(self, n_docs: int, chars: _Chars) -> None:
        self.chars = chars
        self.position_bits = max(1, (n_docs - 1).bit_length())
        self.char_bits = (self.PACK_BITS - self.position_bits) // 3
        self.wide = self.char_bits < 1
        self.packed: list[list[np.ndarray]] = [[] for _ in range(self.BUCKETS)]
        self.wide_keys: list[list[np.ndarray]] = [[] for _ in range(self.BUCKETS)]
        self.wide_positions: list[list[np.ndarray]] = [[] for _ in range(self.BUCKETS)]
        self.pending: list[tuple[np.ndarray, int]] = []

    def _bucket(self, keys: np.ndarray) -> np.ndarray:
        return (((keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(60)) % np.uint64(self.BUCKETS)).astype(np.uint8)

    def _store(self, keys: np.ndarray, position: int) -> None:
        self.pending.append((keys, position))
        if len(self.pending) >= 256:  # spread over the buckets a batch at a time (cheaper)
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        keys = np.concatenate([k for k, _ in self.pending])
        positions = np.repeat(np.array([p for _, p in self.pending], dtype=np.int32), [len(k) for k, _ in self.pending])
        self.pending = []
        bucket = self._bucket(keys)
        order = np.argsort(bucket, kind="stable")
        bounds = np.searchsorted(bucket[order], np.arange(1, self.BUCKETS)).tolist()
        keys, positions = keys[order], positions[order]
        if not self.wide:
            keys = (keys << np.uint64(self.position_bits)) | positions.astype(np.uint64)
        for b, (start, end) in enumerate(zip([0, *bounds], [*bounds, len(keys)])):
            if end > start:
                if self.wide:
                    self.wide_keys[b].append(keys[start:end].copy())
                    self.wide_positions[b].append(positions[start:end].copy())
                else:
                    self.packed[b].append(keys[start:end].copy())

    def add(self, position: int, norm_text: str) -> None:
        ids, space = self.chars.numbers(norm_text)
        if not self.wide and len(self.chars.chars) > 1 << self.char_bits:
            self._widen()
        self._store(_gram_keys(ids, space, self.FIELD if self.wide else self.char_bits), position)

    def _widen(self) -> None:
        """Re-store what was packed with wide keys (too many characters for the packing)."""
        pending, self.pending = self.pending, []
        packed, self.packed = self.packed, [[] for _ in range(self.BUCKETS)]
        self.wide = True
        for keys, position in pending:
            self._store(self._to_wide(keys), position)
        for blocks in packed:
            for block in blocks:
                keys = block >> np.uint64(self.position_bits)
                positions = (block & np.uint64((1 << self.position_bits) - 1)).astype(np.int32)
                wide = self._to_wide(keys)
                for position in np.unique(positions).tolist():
                    self._store(np.sort(wide[positions == position]), position)

    def _to_wide(self, keys: np.ndarray) -> np.ndarray:
        c, f = np.uint64(self.char_bits), np.uint64(self.FIELD)
        m = np.uint64((1 << self.char_bits) - 1)
        return ((keys >> (c + c)) << (f + f)) | (((keys >> c) & m) << f) | (keys & m)

    def buckets(self):
        """Per bucket: (keys of its grams with 21-bit fields, ascending; index where each gram's
        list begins in the positions; positions, int32).  Frees what it hands out."""
        self._flush()
        shift = np.uint64(self.position_bits)
        mask = np.uint64((1 << self.position_bits) - 1)
        for b in range(self.BUCKETS):
            if self.wide:
                keys = np.concatenate(self.wide_keys[b]) if self.wide_keys[b] else np.zeros(0, np.uint64)
                owners = (
                    np.concatenate(self.wide_positions[b]).astype(np.uint64)
                    if self.wide_positions[b]
                    else np.zeros(0, np.uint64)
                )
                self.wide_keys[b], self.wide_positions[b] = [], []
                unique, inverse = np.unique(keys, return_inverse=True)
                del keys
                packed = (inverse.astype(np.uint64).reshape(-1) << shift) | owners
                del inverse, owners
                packed.sort()
                starts = _first_of_runs(packed >> shift)
                yield unique[packed[starts] >> shift], starts, (packed & mask).astype(np.int32)
            else:
                packed = np.concatenate(self.packed[b]) if self.packed[b] else np.zeros(0, np.uint64)
                self.packed[b] = []
                packed.sort()
                grams = packed >> shift
                starts = _first_of_runs(grams)
                keys = self._to_wide(grams[starts])
                del grams
                yield keys, starts, (packed & mask).astype(np.int32)

    def gram_text(self, keys: np.ndarray) -> list[str]:
        chars, m = self.chars.chars, (1 << self.FIELD) - 1
        return [chars[k >> 42] + chars[(k >> 21) & m] + chars[k & m] for k in keys.tolist()]


class IndexBuilder:
    """Collects documents one at a time, in any order, at known positions; writes the index once.

    The position of a document is its rank in :func:`order_docs` order (cases first, newest
    first), which the caller knows before rendering; so gram extraction can run while pages are
    still being rendered (see :mod:`showcase.output.search.worker`) and only the encoding waits
    for the last page.  The first ``n_cases`` positions are the cases and must all be filled;
    the site's other pages come after them and may leave gaps (a page the build did not render),
    which the write closes up.
    """

    def __init__(self, n_docs: int, n_cases: int | None = None, synonyms: Sequence[Sequence[str]] = ()) -> None:
        self.n_docs = n_docs
        self.n_cases = n_docs if n_cases is None else n_cases
        self.synonyms = [list(group) for group in synonyms]
        self.docs: dict[int, SearchDoc] = {}
        chars = _Chars()
        self._body = _GramSets(n_docs, chars)
        self._title = _GramSets(n_docs, chars)

    def add(self, position: int, doc: SearchDoc) -> None:
        if position in self.docs:
            raise ValueError(f"two search docs at position {position}")
        if not 0 <= position < self.n_docs:
            raise ValueError(f"search doc position {position} outside 0 … {self.n_docs - 1}")
        self.docs[position] = doc
        self._body.add(position, searchable_text(doc))
        self._title.add(position, normalize(doc.title))

    def write(self, out_dir: Path, scripts: bool | None = None) -> dict:
        """Write the index into ``out_dir``; the case positions must be 0 … n_cases-1 without gaps."""
        t0 = time.perf_counter()
        if any(i not in self.docs for i in range(self.n_cases)):
            raise ValueError("search doc positions must be 0 … n-1")
        present = sorted(self.docs)
        docs = [self.docs[i] for i in present]
        n = len(docs)
        remap = None
        if n != self.n_docs:  # close the gaps left by pages that were not rendered
            remap = np.full(self.n_docs, -1, dtype=np.int32)
            remap[present] = np.arange(n, dtype=np.int32)
        # Title grams are few: all of them at once, looked up by key for each body gram.
        title_of: dict[int, bytes] = {}
        for keys, starts, positions in self._title.buckets():
            if remap is not None:
                positions = remap[positions]
            title_of.update(zip(keys.tolist(), encode_postings_grouped(positions, starts, n)))
        encoded: list[tuple[str, bytes, bytes]] = []
        for keys, starts, positions in self._body.buckets():
            if remap is not None:
                positions = remap[positions]
            body = encode_postings_grouped(positions, starts, n)
            del positions
            for key, gram, body_list in zip(keys.tolist(), self._body.gram_text(keys), body):
                encoded.append((gram, body_list, title_of.get(key, b"")))
        return _write_index(docs, encoded, Path(out_dir), t0, self.synonyms, scripts)


def build_search_index(
    docs: Iterable[SearchDoc], out_dir: Path, synonyms: Sequence[Sequence[str]] = (), scripts: bool | None = None
) -> dict:
    """Write the search index into ``out_dir`` (e.g. ``<site>/search/``).

    Creates ``meta.json``, ``g/<shard>.bin`` and ``c/<chunk>.json`` (with ``scripts``, each also
    as a ``.js`` twin for pages opened from disk, see :func:`script_twin`); existing ``g/`` and
    ``c/`` folders are replaced, other files (the search page's index.html) are left alone.
    ``synonyms``: groups of terms that find each other (the bureau's list). Returns statistics.
    """
    ordered = order_docs(docs)
    builder = IndexBuilder(len(ordered), sum(d.kind == "case" for d in ordered), synonyms)
    for position, doc in enumerate(ordered):
        builder.add(position, doc)
    return builder.write(out_dir, scripts)


#: The global a ``.js`` twin assigns into (search.js reads it when the page is a ``file:`` URL).
SCRIPT_REGISTRY = "__csIndex"
#: Twins are written by default up to this many documents: the real site of the pilot (20
#: schools, a few hundred cases) can then be opened from disk.  They double the index's files
#: and cost about 0.37 ms a document after the last page (3.7 s at 10,000 cases, measured), so
#: larger sites get them only with ``SHOWCASE_SEARCH_SCRIPTS=1`` (which a preview meant to be
#: opened from disk should set); ``0`` turns them off at any size.
SCRIPT_TWINS_UP_TO = 800


def twins_wanted(n_docs: int) -> bool:
    """Whether the index of ``n_docs`` documents gets its ``.js`` twins (see SCRIPT_TWINS_UP_TO)."""
    setting = os.environ.get("SHOWCASE_SEARCH_SCRIPTS", "").strip()
    if setting in {"0", "1"}:
        return setting == "1"
    return n_docs <= SCRIPT_TWINS_UP_TO


def script_twin(name: str, data: bytes) -> bytes:
    """The ``.js`` twin of an index file, for a site opened from disk (``file://``).

    Chromium refuses ``fetch()`` from a ``file:`` page, but runs a ``<script src>`` beside it (and
    the pages' policy allows ``'self'`` scripts).  The twin puts the file's content into a global
    registry under its name: JSON as it is (JSON is JavaScript), binary shards as Base64.
    """
    body = data.decode("utf-8") if name.endswith(".json") else json.dumps(base64.b64encode(data).decode("ascii"))
    return f"(self.{SCRIPT_REGISTRY}=self.{SCRIPT_REGISTRY}||{{}})[{json.dumps(name)}]={body};\n".encode()


def normalized_synonyms(groups: Sequence[Sequence[str]]) -> list[list[str]]:
    """The groups as the query sees them: normalised, without empty or repeated terms, and
    without groups left with a single term."""
    out = []
    for group in groups:
        terms: list[str] = []
        for term in group:
            t = normalize(term)
            if t and t not in terms:
                terms.append(t)
        if len(terms) > 1:
            out.append(terms)
    return out


def _write_index(
    docs: list[SearchDoc],
    encoded: list[tuple[str, bytes, bytes]],
    out_dir: Path,
    t0: float,
    synonyms: Sequence[Sequence[str]] = (),
    scripts: bool | None = None,
) -> dict:
    n = len(docs)
    twins = 0
    if scripts is None:
        scripts = twins_wanted(n)

    def write(name: str, data: bytes) -> None:
        nonlocal twins
        (out_dir / name).write_bytes(data)
        if scripts:
            (out_dir / f"{name}.js").write_bytes(script_twin(name, data))
            twins += 1

    total = sum(len(g.encode()) + len(b) + len(tb) + 3 for g, b, tb in encoded)
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
        write(f"g/{k}.bin", data)
        shard_bytes.append(len(data))

    def nfc(s: str) -> str:
        return unicodedata.normalize("NFC", s or "")

    rows = [
        [
            nfc(d.title),
            d.url,
            d.date,
            nfc(d.summary),
            [nfc(t) for t in d.tags],
            nfc(d.text),
            1 if d.demo else 0,
            d.cover,
        ]
        for d in docs
    ]
    row_json = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows]
    avg = sum(len(r.encode()) for r in row_json) / max(n, 1)
    per_chunk = max(1, min(MAX_DOCS_PER_CHUNK, round(CHUNK_TARGET_BYTES / max(avg, 1))))
    chunk_bytes = []
    for c, start in enumerate(range(0, n, per_chunk)):
        data = ("[" + ",".join(row_json[start : start + per_chunk]) + "]").encode()
        write(f"c/{c}.json", data)
        chunk_bytes.append(len(data))

    meta = {
        "v": FORMAT_VERSION,
        "n": n,
        "shards": n_shards,
        "chunk": per_chunk,
        "cases": sum(d.kind == "case" for d in docs),
        "facets": _facets(docs),
        "syn": normalized_synonyms(synonyms),
        "popular": popular_keywords(docs),
    }
    meta_data = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode()
    write("meta.json", meta_data)

    return {
        "docs": n,
        "cases": meta["cases"],
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
        "script_twins": twins,
        "bytes": sum(shard_bytes) + sum(chunk_bytes) + len(meta_data),
        "seconds": round(time.perf_counter() - t0, 2),
    }

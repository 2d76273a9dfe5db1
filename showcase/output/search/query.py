"""Python reference implementation of the client-side query (search.js).

Used by tests and the benchmark; it reads the files written by
:func:`build_search_index` exactly as the browser does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from showcase.output.search.index import ALPHABET
from showcase.output.search.postings import decode_postings, decode_shard
from showcase.output.search.textnorm import fnv1a, normalize, query_terms, term_alternatives, term_grams


@dataclass
class QueryResult:
    terms: list[str]
    candidates: list[int]  # ranked superset (title hits first, then doc order)
    exact: bool  # True when candidates need no verification
    results: list[int] = field(default_factory=list)  # verified, same order


class IndexReader:
    def __init__(self, index_dir: Path):
        self.dir = Path(index_dir)
        self.meta = json.loads((self.dir / "meta.json").read_text("utf-8"))
        self.n = self.meta["n"]
        self._shards: dict[int, dict] = {}
        self._chunks: dict[int, list] = {}
        self.columns = self._decode_columns()

    # -- facets ---------------------------------------------------------
    def _decode_columns(self) -> dict[str, list]:
        """Facet value per doc (``multi`` facets such as tags: a list of values per doc)."""
        cols: dict[str, list] = {}
        alpha = {c: i for i, c in enumerate(ALPHABET)}

        def codes(s: str, w: int) -> list[int]:
            vals = []
            for i in range(0, len(s), w):
                v = 0
                for c in s[i : i + w]:
                    v = v * 64 + alpha[c]
                vals.append(v)
            return vals

        for name, f in self.meta["facets"].items():
            if "col" in f:
                if f.get("multi"):
                    cols[name] = [codes(part, f["width"]) for part in f["col"].split(",")]
                else:
                    cols[name] = codes(f["col"], f["width"])
        for name, f in self.meta["facets"].items():
            if f.get("by"):
                cols[name] = [f["map"][v] for v in cols[f["by"]]]
        return cols

    def has(self, facet: str, i: int, v: int) -> bool:
        """Whether doc ``i`` has value ``v`` (an index into the facet's keys) of ``facet``."""
        col = self.columns[facet]
        return v in col[i] if self.meta["facets"][facet].get("multi") else col[i] == v

    def label(self, facet: str, i: int) -> str:
        return self.meta["facets"][facet]["labels"][self.columns[facet][i]]

    # -- postings -------------------------------------------------------
    def _shard(self, k: int) -> dict:
        if k not in self._shards:
            p = self.dir / "g" / f"{k}.bin"
            self._shards[k] = decode_shard(p.read_bytes()) if p.exists() else {}
        return self._shards[k]

    def postings(self, gram: str) -> tuple[set[int], set[int]]:
        e = self._shard(fnv1a(gram) % self.meta["shards"]).get(gram)
        if e is None:
            return set(), set()
        return set(decode_postings(e[0], self.n)), set(decode_postings(e[1], self.n))

    # -- documents ------------------------------------------------------
    def row(self, i: int) -> list:
        c = i // self.meta["chunk"]
        if c not in self._chunks:
            self._chunks[c] = json.loads((self.dir / "c" / f"{c}.json").read_text("utf-8"))
        return self._chunks[c][i % self.meta["chunk"]]

    def doc_text(self, i: int) -> str:
        title, _url, _date, summary, tags, text = self.row(i)[:6]
        return normalize(
            " ".join(
                [
                    title,
                    summary,
                    " ".join(tags),
                    self.label("school", i),
                    self.label("project", i),
                    self.label("type", i),
                    text,
                ]
            )
        )

    # -- query ----------------------------------------------------------
    def alternatives(self, term: str) -> list[str]:
        """The term and the terms of its synonym group (the bureau's list), if it is in one."""
        return term_alternatives(term, self.meta.get("syn", []))

    def term_postings(self, term: str) -> tuple[set[int], set[int]]:
        """Candidates (superset for terms over 3 characters) and title hits of one term with its
        synonyms: the union over the alternatives of the intersection of their grams."""
        cand: set[int] = set()
        title: set[int] = set()
        for alternative in self.alternatives(term):
            c, tt = set(range(self.n)), set(range(self.n))
            for g in term_grams(alternative):
                b, t = self.postings(g)
                c &= b
                tt &= t
            cand |= c
            title |= tt
        return cand, title

    def search(self, query: str, filters: dict[str, str] | None = None, verify: bool = True) -> QueryResult:
        terms = query_terms(query)
        if not terms and not filters:
            return QueryResult(terms, [], True, [])
        cand = set(range(self.n))
        title = set(range(self.n))
        for t in terms:
            b, tt = self.term_postings(t)
            cand &= b
            title &= tt
        for facet, key in (filters or {}).items():
            f = self.meta["facets"][facet]
            if key not in f["keys"]:
                cand = set()
                break
            v = f["keys"].index(key)
            cand = {i for i in cand if self.has(facet, i, v)}
        cases = self.meta.get("cases", self.n)
        ranked = sorted(cand, key=lambda i: (i >= cases, i not in title, i))  # cases first
        alternatives = [self.alternatives(t) for t in terms]
        exact = all(len(a) <= 3 for alts in alternatives for a in alts)
        res = QueryResult(terms, ranked, exact)
        if verify:
            res.results = ranked if exact else [i for i in ranked if self.matches(i, alternatives)]
        return res

    def matches(self, i: int, alternatives: list[list[str]]) -> bool:
        """Whether doc ``i`` contains, for every term, the term or one of its synonyms."""
        text = self.doc_text(i)
        return all(any(a in text for a in alts) for alts in alternatives)

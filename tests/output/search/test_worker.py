"""The background indexer writes the same bytes as the one-shot build, whatever the arrival order."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import corpus
import pytest

from showcase.output.search import build_search_index
from showcase.output.search.index import order_docs
from showcase.output.search.worker import BackgroundIndexer


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("parallel", [True, False])
def test_same_index_as_one_shot_build(tmp_path, parallel):
    docs = order_docs(corpus.search_docs(corpus.generate(60, seed=7)))
    build_search_index(docs, tmp_path / "one-shot")
    indexer = BackgroundIndexer(parallel=parallel)
    indexer.start(len(docs))
    arrival = list(enumerate(docs))
    random.Random(3).shuffle(arrival)  # MkDocs renders in file order, not rank order
    for position, doc in arrival:
        indexer.add(position, replace(doc, text=""), f"<p>{doc.text}</p>")
    stats = indexer.write(tmp_path / "background")
    assert stats["docs"] == 60
    assert files(tmp_path / "background") == files(tmp_path / "one-shot")


def test_worker_failure_is_reported(tmp_path):
    docs = order_docs(corpus.search_docs(corpus.generate(3, seed=1)))
    indexer = BackgroundIndexer()
    indexer.start(2)
    indexer.add(0, docs[0], "<p>x</p>")
    indexer.add(5, docs[1], "<p>y</p>")  # outside the positions
    for _ in range(50):  # the worker keeps reading after a failure: the pipe never fills
        indexer.add(1, docs[2], "<p>" + "z" * 10_000 + "</p>")
    with pytest.raises(RuntimeError, match="生成搜索索引失败"):
        indexer.write(tmp_path / "out")


@pytest.mark.parametrize("pack_bits", [64, 0])
def test_postings_are_every_gram_of_every_doc(tmp_path, monkeypatch, pack_bits):
    """Each gram's list holds exactly the documents whose searchable text has it (the reference
    is grams_of_text, one document at a time), on the packed path and on the fallback that
    numbers the grams (taken when characters are too many to pack)."""
    from showcase.output.search.index import _GramSets, searchable_text
    from showcase.output.search.postings import decode_postings, decode_shard
    from showcase.output.search.textnorm import grams_of_text, normalize

    monkeypatch.setattr(_GramSets, "PACK_BITS", pack_bits)
    docs = order_docs(corpus.search_docs(corpus.generate(40, seed=11)))
    docs[0] = replace(docs[0], text=docs[0].text + " ａ Ｂ c 1 22 333 𠀀𠀁 é")  # wide, short, astral
    build_search_index(docs, tmp_path)
    found: dict[str, tuple[list[int], list[int]]] = {}
    for shard in sorted((tmp_path / "g").glob("*.bin")):
        for gram, (body, title) in decode_shard(shard.read_bytes()).items():
            found[gram] = (decode_postings(body, len(docs)), decode_postings(title, len(docs)))
    expected_body: dict[str, list[int]] = {}
    expected_title: dict[str, list[int]] = {}
    for position, doc in enumerate(docs):
        for gram in grams_of_text(searchable_text(doc)):
            expected_body.setdefault(gram, []).append(position)
        for gram in grams_of_text(normalize(doc.title)):
            expected_title.setdefault(gram, []).append(position)
    assert {g: ids for g, (ids, _) in found.items()} == expected_body
    assert {g: ids for g, (_, ids) in found.items() if ids} == expected_title


def test_keys_widen_when_characters_outgrow_the_packing(tmp_path, monkeypatch):
    """Documents with few distinct characters first, then many: the builder switches to wide keys
    half-way and the index is the same as with room to spare."""
    from showcase.output.search.index import _GramSets

    docs = order_docs(corpus.search_docs(corpus.generate(12, seed=5)))
    plain = [
        replace(
            d,
            title=f"t{i}",
            summary="",
            tags=(),
            school="s",
            project="p",
            type="x",
            text="ab ba",
            date=f"2099-01-0{i + 1}",
        )
        for i, d in enumerate(docs[:4])
    ]  # newest: indexed first
    docs = plain + docs[4:]
    build_search_index(docs, tmp_path / "roomy")
    # 12 documents take 4 bits; 16 - 4 leaves 4 bits a character: 15 characters, fewer than a case has.
    monkeypatch.setattr(_GramSets, "PACK_BITS", 16)
    widened_with = []
    original = _GramSets._widen
    monkeypatch.setattr(
        _GramSets,
        "_widen",
        lambda self: (widened_with.append(sum(map(len, self.packed)) + len(self.pending)), original(self)),
    )
    build_search_index(docs, tmp_path / "widened")
    assert widened_with and widened_with[0] > 0  # some documents were packed before the switch
    assert files(tmp_path / "widened") == files(tmp_path / "roomy")

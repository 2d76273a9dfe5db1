"""The background indexer writes the same bytes as the one-shot build, whatever the arrival order."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from showcase.search import build_search_index
from showcase.search.build import order_docs
from showcase.search.worker import BackgroundIndexer

import corpus


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("parallel", [True, False])
def test_same_index_as_one_shot_build(tmp_path, parallel):
    docs = order_docs(corpus.search_docs(corpus.generate(60, seed=7)))
    build_search_index(docs, tmp_path / "one-shot")
    indexer = BackgroundIndexer(parallel=parallel)
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
    indexer.add(0, docs[0], "<p>x</p>")
    indexer.add(5, docs[1], "<p>y</p>")  # a gap in the positions
    with pytest.raises(RuntimeError, match="生成搜索索引失败"):
        indexer.write(tmp_path / "out")

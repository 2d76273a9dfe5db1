import random

import pytest

from showcase.output.search.postings import (
    decode_postings,
    decode_shard,
    encode_postings,
    encode_postings_grouped,
    encode_shard,
    read_varint,
    write_varint,
)


@pytest.mark.parametrize("n", [0, 1, 127, 128, 300, 16383, 16384, 2**31])
def test_varint(n):
    b = bytearray()
    write_varint(b, n)
    assert read_varint(bytes(b), 0) == (n, len(b))


def _sets(n, rnd):
    yield []
    yield list(range(n))
    yield [n - 1]
    yield [0]
    for density in (0.001, 0.01, 0.1, 0.5, 0.9, 0.99):
        yield sorted(i for i in range(n) if rnd.random() < density)


@pytest.mark.parametrize("n", [1, 7, 8, 9, 50, 1000, 10000])
def test_postings_round_trip(n):
    rnd = random.Random(n)
    for ids in _sets(n, rnd):
        enc = encode_postings(ids, n)
        assert decode_postings(enc, n) == ids


def test_encoding_choice_is_compact():
    n = 10000
    assert encode_postings(list(range(n)), n)[0] == 2  # complement of nothing
    assert len(encode_postings(list(range(n)), n)) == 1
    dense = list(range(0, n, 2))
    assert encode_postings(dense, n)[0] == 1  # bitmap
    assert len(encode_postings(dense, n)) <= n // 8 + 1
    assert encode_postings([5, 900, 9000], n)[0] == 0  # delta


def test_shard_round_trip():
    entries = [
        ("园区", encode_postings([1, 5, 9], 10), encode_postings([5], 10)),
        ("a", encode_postings([0], 10), b""),
        ("1+x", encode_postings(list(range(10)), 10), b""),
    ]
    dec = decode_shard(encode_shard(entries))
    assert set(dec) == {"园区", "a", "1+x"}
    assert decode_postings(dec["园区"][0], 10) == [1, 5, 9]
    assert decode_postings(dec["园区"][1], 10) == [5]
    assert decode_postings(dec["a"][1], 10) == []


@pytest.mark.parametrize("n", [1, 9, 300, 10000, 70000])
def test_grouped_encoding_gives_the_same_bytes(n):
    """The vectorised encoder used for the whole index agrees with encode_postings list by list,
    for every kind of list (sparse, dense, complement, gaps needing 1–3 varint bytes)."""
    rnd = random.Random(n)
    lists = [ids for ids in _sets(n, rnd) if ids]
    lists += [[n - 1] if n > 1 else [0], sorted(rnd.sample(range(n), min(n, 3)))]
    positions = [i for ids in lists for i in ids]
    starts, at = [], 0
    for ids in lists:
        starts.append(at)
        at += len(ids)
    assert encode_postings_grouped(positions, starts, n) == [encode_postings(ids, n) for ids in lists]

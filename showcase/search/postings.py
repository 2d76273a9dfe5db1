"""Compact posting lists (sorted doc-id sets) and the shard file format.

Encodings (first byte of an encoded list):

* ``0`` DELTA – varint count-free list of gaps (first id, then id - prev - 1)
* ``1`` BITMAP – little-endian bit set, bit i of byte k ↔ doc 8k+i; trailing
  zero bytes are cut
* ``2`` COMPLEMENT – DELTA list of the ids *not* in the set (dense grams)

The encoder picks the smallest. An empty set is the single byte ``0``.

Shard file (``g/<n>.bin``)::

    varint entry_count
    entry*:  varint len(gram_utf8)  gram_utf8
             varint len(body)  body_postings
             varint len(title) title_postings     (len 0 = no title docs)

Entries are sorted by gram. search.js decodes the same layout.
"""
from __future__ import annotations

from typing import Iterable, Sequence

DELTA, BITMAP, COMPLEMENT = 0, 1, 2


def write_varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def read_varint(buf: bytes | memoryview, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, pos
        shift += 7


def _delta(ids: Iterable[int]) -> bytearray:
    out = bytearray()
    prev = -1
    for i in ids:
        write_varint(out, i - prev - 1)
        prev = i
    return out


def encode_postings(ids: Sequence[int], n_docs: int) -> bytes:
    """Encode a sorted, duplicate-free sequence of doc ids in [0, n_docs)."""
    if not ids:
        return bytes([DELTA])
    best = bytes([DELTA]) + _delta(ids)
    m = len(ids)
    # bitmap size is ~ (max_id+1)/8; only worth computing when plausible
    bm_len = ids[-1] // 8 + 1
    if bm_len + 1 < len(best):
        bm = bytearray(bm_len)
        for i in ids:
            bm[i >> 3] |= 1 << (i & 7)
        best = bytes([BITMAP]) + bm
    if n_docs - m < len(best):  # complement is at most ~1 byte per missing id
        s = set(ids)
        comp = bytes([COMPLEMENT]) + _delta(i for i in range(n_docs) if i not in s)
        if len(comp) < len(best):
            best = comp
    return best


def decode_postings(buf: bytes, n_docs: int) -> list[int]:
    if not buf:
        return []
    kind = buf[0]
    if kind == BITMAP:
        return [((k - 1) << 3) | b for k in range(1, len(buf)) for b in range(8)
                if buf[k] >> b & 1]
    ids: list[int] = []
    pos, prev = 1, -1
    while pos < len(buf):
        d, pos = read_varint(buf, pos)
        prev += d + 1
        ids.append(prev)
    if kind == DELTA:
        return ids
    if kind == COMPLEMENT:
        s = set(ids)
        return [i for i in range(n_docs) if i not in s]
    raise ValueError(f"unknown postings kind {kind}")


def encode_shard(entries: Sequence[tuple[str, bytes, bytes]]) -> bytes:
    """entries: (gram, encoded body postings, encoded title postings or b'')."""
    out = bytearray()
    write_varint(out, len(entries))
    for gram, body, title in sorted(entries):
        g = gram.encode("utf-8")
        write_varint(out, len(g))
        out += g
        write_varint(out, len(body))
        out += body
        write_varint(out, len(title))
        out += title
    return bytes(out)


def decode_shard(buf: bytes) -> dict[str, tuple[bytes, bytes]]:
    res: dict[str, tuple[bytes, bytes]] = {}
    count, pos = read_varint(buf, 0)
    for _ in range(count):
        ln, pos = read_varint(buf, pos)
        gram = buf[pos:pos + ln].decode("utf-8")
        pos += ln
        ln, pos = read_varint(buf, pos)
        body = bytes(buf[pos:pos + ln])
        pos += ln
        ln, pos = read_varint(buf, pos)
        title = bytes(buf[pos:pos + ln])
        pos += ln
        res[gram] = (body, title)
    return res

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

from collections.abc import Iterable, Sequence

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
        return [((k - 1) << 3) | b for k in range(1, len(buf)) for b in range(8) if buf[k] >> b & 1]
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
        gram = buf[pos : pos + ln].decode("utf-8")
        pos += ln
        ln, pos = read_varint(buf, pos)
        body = bytes(buf[pos : pos + ln])
        pos += ln
        ln, pos = read_varint(buf, pos)
        title = bytes(buf[pos : pos + ln])
        pos += ln
        res[gram] = (body, title)
    return res


def encode_postings_grouped(pos, starts, n_docs: int) -> list[bytes]:
    """:func:`encode_postings` for many lists at once, with the same bytes.

    ``pos`` (a NumPy integer array) holds the lists one after another, each sorted and
    duplicate-free; ``starts`` the index where each begins (every list non-empty).  At 10,000
    cases the index holds some 40 million postings: encoding them one varint at a time in Python
    took most of the index build, so the varints and sizes are computed with NumPy here, a few
    million postings at a time to bound memory, and only the choice of encoding is made per list.
    """
    import numpy as np

    pos = np.asarray(pos)
    starts = np.asarray(starts, dtype=np.int64)
    total = len(pos)
    if not len(starts):
        return []
    is_start = np.zeros(total, dtype=bool)
    is_start[starts] = True
    group_byte = np.empty(len(starts) + 1, dtype=np.int64)  # where each list's varints begin
    pieces: list[bytes] = []
    base = 0
    step = 1 << 21
    for a in range(0, total, step):
        b = min(total, a + step)
        chunk = pos[a:b].astype(np.int64)
        gaps = np.empty_like(chunk)
        gaps[1:] = chunk[1:] - chunk[:-1] - 1
        gaps[0] = chunk[0] - pos[a - 1] - 1 if a else chunk[0]
        first = is_start[a:b]
        gaps[first] = chunk[first]  # a list's first id is written as is (gap from -1)
        del chunk
        sizes = np.ones(len(gaps), dtype=np.int64)
        for bits in (7, 14, 21, 28, 35, 42, 49, 56):
            sizes += gaps >= (1 << bits)
        offsets = np.cumsum(sizes) - sizes
        out = np.empty(int(offsets[-1] + sizes[-1]), dtype=np.uint8)
        for k in range(int(sizes.max())):
            sel = sizes > k if k else slice(None)
            out[offsets[sel] + k] = ((gaps[sel] >> (7 * k)) & 0x7F) | ((sizes[sel] > k + 1) << 7)
        group_byte[np.searchsorted(starts, a) : np.searchsorted(starts, b)] = base + offsets[first]
        base += len(out)
        pieces.append(out.tobytes())
        del gaps, sizes, offsets, out, first
    group_byte[-1] = base
    buffer = b"".join(pieces)
    del pieces, is_start
    ends = np.append(starts[1:], total)
    delta_len = np.diff(group_byte) + 1  # with the kind byte
    bitmap_len = pos[ends - 1].astype(np.int64) // 8 + 2  # with the kind byte
    counts = ends - starts

    encoded: list[bytes] = []
    kind_delta, kind_bitmap = bytes([DELTA]), bytes([BITMAP])
    for start, end, d_start, d_len, b_len, count in zip(
        starts.tolist(), ends.tolist(), group_byte.tolist(), delta_len.tolist(), bitmap_len.tolist(), counts.tolist()
    ):
        best_len = d_len
        use_bitmap = b_len < d_len
        if use_bitmap:
            best_len = b_len
        if n_docs - count < best_len:  # dense: the complement may be smaller (rare, so per list)
            absent = np.ones(n_docs, dtype=bool)
            absent[pos[start:end]] = False
            complement = bytes([COMPLEMENT]) + _delta(np.flatnonzero(absent).tolist())
            if len(complement) < best_len:
                encoded.append(complement)
                continue
        if use_bitmap:
            ids = pos[start:end]
            bits = np.zeros(int(ids[-1]) + 1, dtype=bool)
            bits[ids] = True
            encoded.append(kind_bitmap + np.packbits(bits, bitorder="little").tobytes())
        else:
            encoded.append(kind_delta + buffer[d_start : d_start + d_len - 1])
    return encoded

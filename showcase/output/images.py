"""Images as published: large photos resized and recompressed at build time, originals kept.

School staff upload phone photos of 3–6 MB; readers are on phones.  The repository keeps what
the school submitted; the site gets a copy at most :data:`MAX_WIDTH` pixels wide, and without
metadata: EXIF (phone photos carry the GPS position where they were taken, and the camera's
serial number), XMP, text chunks, comments, thumbnails and whatever follows the image data (a
"motion photo" carries a video there).  The colour profile (ICC) is kept.  Copies are cached by
content hash outside the watched folders, so ``serve`` does not loop and rebuilds stay fast.

An image is never decoded before its size in pixels is known from its header
(:func:`dimensions`): a 100 KB PNG can declare 30,000 × 30,000 pixels and take gigabytes to
decode.  ``check`` refuses such an image (:func:`check_image`), and this module never opens it.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import warnings
from pathlib import Path

from PIL import Image, ImageOps

MAX_WIDTH = 1600
#: Files at most this large and wide are published as they are (unless they carry metadata).
KEEP_BYTES = 300 * 1024
#: Above this many pixels an image is refused: 60 million is a 9,000 × 6,700 scan, more than any
#: phone or camera makes, and takes 240 MB to decode (4 bytes a pixel).
MAX_PIXELS = 60_000_000
# Pillow's own guard, for anything that opens an image without asking dimensions() first: it
# warns above this and refuses above twice this.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_VERSION = "2"  # bump when the processing below changes, to refresh the cache
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


# --- reading headers without decoding ------------------------------------------------------------

#: JPEG start-of-frame markers (they hold the size); DHT (C4), JPG (C8) and DAC (CC) are not.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
#: Markers of JPEG segments that hold something besides the picture, after the image data starts.
_JPEG_TEXT_CHUNKS = re.compile(rb"\xff[\xe0-\xef\xfe]")
_PNG_METADATA = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
_WEBP_METADATA = {b"EXIF", b"XMP "}
#: More segments or chunks than this in one file: not a photo anyone made; rewritten whole.
_MAX_PARTS = 100_000


def dimensions(data: bytes, fmt: str) -> tuple[int, int] | None:
    """Width and height from the header of a JPEG, PNG or WebP file, or None if not found."""
    try:
        if fmt == "PNG":
            if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
                return struct.unpack(">II", data[16:24])
        elif fmt == "WEBP":
            chunk, body = data[12:16], data[20:30]
            if chunk == b"VP8X":
                return 1 + int.from_bytes(body[4:7], "little"), 1 + int.from_bytes(body[7:10], "little")
            if chunk == b"VP8 " and body[3:6] == b"\x9d\x01\x2a":
                return int.from_bytes(body[6:8], "little") & 0x3FFF, int.from_bytes(body[8:10], "little") & 0x3FFF
            if chunk == b"VP8L" and body[:1] == b"\x2f":
                bits = int.from_bytes(body[1:5], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        elif fmt == "JPEG":
            for marker, start, _ in _jpeg_segments(data):
                if marker in _SOF:
                    height, width = struct.unpack(">HH", data[start + 1 : start + 5])
                    return width, height
    except struct.error:
        return None
    return None


def _jpeg_segments(data: bytes):
    """(marker, start, end) of each segment's data in a JPEG, up to the first start of scan
    (yielded with its header), or None as the last item when the structure is broken."""
    position, count = 2, 0
    while position + 4 <= len(data) and count < _MAX_PARTS:
        count += 1
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        if marker == 0xD9:
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2:
            break
        yield marker, position + 4, position + 2 + length
        if marker == 0xDA:  # start of scan: the image data follows
            return
        position += 2 + length
    yield None, position, position


def _png_chunks(data: bytes):
    """(type, start, end) of each chunk of a PNG (end includes the CRC), up to IEND."""
    position, count = 8, 0
    while position + 8 <= len(data) and count < _MAX_PARTS:
        count += 1
        length = int.from_bytes(data[position : position + 4], "big")
        chunk = data[position + 4 : position + 8]
        yield chunk, position, position + 12 + length
        position += 12 + length
        if chunk == b"IEND":
            return
    yield None, position, position


def _webp_chunks(data: bytes):
    """(fourcc, start, end) of each chunk of a WebP file (end includes the padding byte)."""
    position, count = 12, 0
    end_of_riff = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while position + 8 <= end_of_riff and count < _MAX_PARTS:
        count += 1
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        yield data[position : position + 4], position, position + 8 + length + (length & 1)
        position += 8 + length + (length & 1)
    if position < len(data) or count >= _MAX_PARTS:
        yield None, position, position


def _jpeg_keeps(marker: int, data: bytes, start: int) -> bool:
    """Whether a JPEG header segment is part of the picture (or its colour profile)."""
    if marker == 0xE0:  # JFIF without a thumbnail; a JFXX extension is a thumbnail
        return data[start : start + 5] == b"JFIF\x00" and data[start + 12 : start + 14] == b"\x00\x00"
    if marker == 0xE2:
        return data[start : start + 12] == b"ICC_PROFILE\x00"
    if marker == 0xEE:  # Adobe: how to read the colours
        return True
    return not (0xE0 <= marker <= 0xEF or marker == 0xFE)  # other APPn, comments


def has_metadata(data: bytes, fmt: str) -> bool:
    """Whether an image file holds anything besides the picture and its colour profile: EXIF,
    XMP, IPTC, comments, text chunks, thumbnails, or bytes after the end of the image."""
    if fmt == "JPEG":
        for marker, start, end in _jpeg_segments(data):
            if marker is None:
                return True  # no image data found where it should be: rewrite whatever it is
            if marker == 0xDA:
                last = data.rfind(b"\xff\xd9")
                # In the image data a 0xFF is followed by 0x00 or a restart marker: any segment
                # there, or bytes after the end-of-image marker, were put there by someone.
                return (
                    last < end
                    or bool(data[last + 2 :].strip(b"\x00"))
                    or bool(_JPEG_TEXT_CHUNKS.search(data, end, last))
                )
            if not _jpeg_keeps(marker, data, start):
                return True
        return True
    if fmt == "PNG":
        return any(chunk is None or chunk in _PNG_METADATA for chunk, _, _ in _png_chunks(data))
    if fmt == "WEBP":
        return any(chunk is None or chunk in _WEBP_METADATA for chunk, _, _ in _webp_chunks(data))
    return False


def strip_metadata(data: bytes, fmt: str) -> bytes:
    """The file without its metadata, the picture's bytes untouched: what is published when
    Pillow cannot rewrite an image (the picture's orientation is then not applied)."""
    if fmt == "JPEG":
        out = [b"\xff\xd8"]
        for marker, start, end in _jpeg_segments(data):
            if marker is None:
                break
            if marker == 0xDA:
                last = data.rfind(b"\xff\xd9")
                out.append(data[start - 4 : last + 2] if last > start else data[start - 4 :])
                break
            if _jpeg_keeps(marker, data, start):
                out.append(data[start - 4 : end])
        return b"".join(out)
    if fmt == "PNG":
        return data[:8] + b"".join(
            data[start:end]
            for chunk, start, end in _png_chunks(data)
            if chunk is not None and chunk not in _PNG_METADATA
        )
    if fmt == "WEBP":
        chunks = []
        for chunk, start, end in _webp_chunks(data):
            if chunk is None or chunk in _WEBP_METADATA:
                continue
            part = data[start:end]
            if chunk == b"VP8X":  # the flags say which chunks follow: no EXIF (0x08), no XMP (0x04)
                part = part[:8] + bytes([part[8] & ~0x0C]) + part[9:]
            chunks.append(part)
        body = b"WEBP" + b"".join(chunks)
        return b"RIFF" + len(body).to_bytes(4, "little") + body
    return data


def _head(path: Path) -> bytes:
    """The start of a file, enough for :func:`dimensions` in all but odd JPEGs (their header
    segments can be long: the whole file is read then, at most the gate's size limit)."""
    with open(path, "rb") as stream:
        return stream.read(64 * 1024)


def image_size(path: Path) -> tuple[int, int] | None:
    """:func:`dimensions` of the file at ``path``; Pillow's header reader as a fallback."""
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        return None
    head = _head(path)
    size = dimensions(head, fmt)
    if size is None and fmt == "JPEG" and len(head) == 64 * 1024:
        from showcase.check.gate import IMAGE_MAX_BYTES

        with open(path, "rb") as stream:
            size = dimensions(stream.read(IMAGE_MAX_BYTES + 1), fmt)
    if size is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path) as image:  # reads the header only
                    size = image.size
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            return (MAX_PIXELS + 1, 1)  # too large, whatever the exact numbers
        except Exception:  # noqa: BLE001 - not an image Pillow reads: its format is the gate's business
            return None
    return size


def check_image(rel: str, path: Path, problems) -> bool:
    """Report an image with more than :data:`MAX_PIXELS` pixels (known from its header, nothing
    decoded).  Returns False when the image must not be published."""
    try:
        size = image_size(path)
    except OSError:
        return True  # unreadable files are the listing's business
    if size is None:
        return True
    width, height = size
    if width * height <= MAX_PIXELS:
        return True
    shown = f"{width} × {height} 像素（{width * height / 10_000:,.0f} 万像素）" if height > 1 else "像素数"
    problems.error(
        rel,
        0,
        "图片尺寸",
        f"图片有 {shown}，超过了 {MAX_PIXELS // 10_000:,} 万像素的上限，不能发布",
        f"请把图片缩小后再上传（网站上的图片最宽 {MAX_WIDTH} 像素；用画图或手机相册另存一份即可）",
        code="image-too-large",
    )
    return False


# --- publishing ----------------------------------------------------------------------------------


def publishable(path: Path, cache_dir: Path) -> Path:
    """The file to publish for the image at ``path``: itself, or a copy in ``cache_dir`` that is
    smaller or without metadata."""
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        return path
    try:
        data = path.read_bytes()
    except OSError:
        return path
    size = dimensions(data, fmt)
    if size is None or size[0] * size[1] > MAX_PIXELS:
        return path  # not an image we read safely: the check reports it; nothing is decoded
    metadata = has_metadata(data, fmt)
    if not metadata and size[0] <= MAX_WIDTH and len(data) <= KEEP_BYTES:
        return path
    key = hashlib.sha1(data + f"{_VERSION}:{MAX_WIDTH}".encode()).hexdigest()[:20]
    target = cache_dir / f"{key}{suffix}"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp{suffix}")
    try:
        _rewrite(path, data, fmt, temporary)
    except Exception:  # noqa: BLE001 - a broken or hostile file: Pillow may raise anything
        # Publish the picture as it is, without its metadata.
        temporary.write_bytes(strip_metadata(data, fmt))
        temporary.replace(target)
        return target
    if temporary.stat().st_size >= len(data) and not metadata:
        # Recompressing did not help (an already optimised PNG, say): publish the original.
        temporary.unlink()
        return path
    temporary.replace(target)
    return target


def _rewrite(path: Path, data: bytes, fmt: str, temporary: Path) -> None:
    """Decode and save again: the orientation applied, at most :data:`MAX_WIDTH` wide, and
    nothing but the pixels and the colour profile (Pillow writes EXIF, XMP and text only when
    asked to)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            icc = image.info.get("icc_profile")
            try:
                image = ImageOps.exif_transpose(image)  # keep the orientation the phone recorded
            except Exception:  # noqa: BLE001 - malformed EXIF: keep the picture as stored
                pass
            if image.width > MAX_WIDTH:
                image.thumbnail((MAX_WIDTH, MAX_WIDTH * 4), Image.LANCZOS)
            # Pillow carries some of what it read over into what it saves (a JPEG's comment).
            image.info = {key: value for key, value in image.info.items() if key == "transparency"}
            if fmt == "JPEG":
                if image.mode not in ("RGB", "L"):
                    image, icc = image.convert("RGB"), None  # a CMYK profile does not fit RGB
                # Progressive JPEG always gets optimised Huffman tables from libjpeg; Pillow's own
                # optimize=True added a quarter to the time for the same bytes (measured).
                image.save(temporary, "JPEG", quality=82, progressive=True, icc_profile=icc)
            elif fmt == "PNG":
                image.save(temporary, "PNG", optimize=True, icc_profile=icc)
            else:
                lossless = any(chunk == b"VP8L" for chunk, _, _ in _webp_chunks(data))
                quality = {"lossless": True} if lossless else {"quality": 80}
                image.save(temporary, "WEBP", method=4, icc_profile=icc, **quality)


def publishable_all(paths: list[Path], cache_dir: Path) -> list[Path]:
    """:func:`publishable` for many images, on every core when there are enough of them to pay
    for the processes (recompressing a phone photo takes a tenth of a second or more)."""
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(paths) < 16:
        return [publishable(path, cache_dir) for path in paths]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(partial(publishable, cache_dir=cache_dir), paths, chunksize=4))


def candidates(root: Path, *, demo: bool) -> list[Path]:
    """Photos under ``schools/`` (and ``demo/``) that the build will probably publish: found by
    name before the content is read, so that :class:`Prefetch` can start on them."""
    from showcase.check.gate import IMAGE_MAX_BYTES
    from showcase.load.sources import FOLDER, kind_of, list_folder

    found = []
    for tree in ("schools", "demo") if demo else ("schools",):
        # Listed without following links and without reporting: the check reports what is odd.
        for entry in list_folder(root / tree, root, None) if kind_of(root / tree) == FOLDER else ():
            path = entry.path
            if not entry.is_folder and path.suffix.lower() in _FORMATS and _small(path, IMAGE_MAX_BYTES):
                found.append(path)
    return found


def _small(path: Path, limit: int) -> bool:
    try:
        return os.lstat(path).st_size <= limit
    except OSError:
        return False


def _lower_priority() -> None:
    os.nice(10)  # the build's own process, reading the content meanwhile, goes first


class Prefetch:
    """Recompress photos in the background while the content is read and checked.

    Reading and checking use one core; at 10,000 cases with 400 photos the recompression took
    about 30 s of processor time, which ran after the reading on both cores.  Started first, at
    a lower priority, it uses the idle core instead.  :meth:`publishable_all` gives the same
    answers as the function of that name; photos that were not foreseen are done then.
    """

    def __init__(self, paths: list[Path], cache_dir: Path) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.cache_dir = cache_dir
        self._pool = None
        self._futures: dict[Path, object] = {}
        workers = min(os.cpu_count() or 1, 4)
        if workers >= 2 and len(paths) >= 4 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_lower_priority
            )
            self._futures = {path: self._pool.submit(publishable, path, cache_dir) for path in paths}

    def publishable_all(self, paths: list[Path]) -> list[Path]:
        missing = [path for path in paths if path not in self._futures]
        done = dict(zip(missing, publishable_all(missing, self.cache_dir)))
        return [self._futures[path].result() if path in self._futures else done[path] for path in paths]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

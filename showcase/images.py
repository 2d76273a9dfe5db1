"""Images as published: large photos resized and recompressed at build time, originals kept.

School staff upload phone photos of 3–6 MB; readers are on phones.  The repository keeps what
the school submitted; the site gets a copy at most :data:`MAX_WIDTH` pixels wide, and without
EXIF metadata (phone photos carry the GPS position where they were taken).  Copies are cached by
content hash outside the watched folders, so ``serve`` does not loop and rebuilds stay fast.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PIL import Image, ImageOps

MAX_WIDTH = 1600
#: Files at most this large and wide are published as they are (unless they carry EXIF GPS data).
KEEP_BYTES = 300 * 1024
_VERSION = "1"  # bump when the processing below changes, to refresh the cache
_GPS_TAG = 34853


def _needs_processing(path: Path, image: Image.Image) -> bool:
    if image.width > MAX_WIDTH or path.stat().st_size > KEEP_BYTES:
        return True
    if image.format == "JPEG":
        exif = image.getexif()
        return _GPS_TAG in exif or bool(exif.get_ifd(_GPS_TAG))
    return False


def publishable(path: Path, cache_dir: Path) -> Path:
    """The file to publish for the image at ``path``: itself, or a smaller copy in ``cache_dir``."""
    suffix = path.suffix.lower()
    if suffix not in (".jpg", ".jpeg", ".png", ".webp"):
        return path
    try:
        with Image.open(path) as image:
            if not _needs_processing(path, image):
                return path
    except (OSError, Image.DecompressionBombError):
        return path  # the gate reports unreadable images; publish nothing altered
    data = path.read_bytes()
    key = hashlib.sha1(data + f"{_VERSION}:{MAX_WIDTH}".encode()).hexdigest()[:20]
    target = cache_dir / f"{key}{suffix}"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)  # keep the orientation the phone recorded
        if image.width > MAX_WIDTH:
            image.thumbnail((MAX_WIDTH, MAX_WIDTH * 4), Image.LANCZOS)
        temporary = target.with_suffix(".tmp" + suffix)
        if suffix in (".jpg", ".jpeg"):
            # Progressive JPEG always gets optimised Huffman tables from libjpeg; Pillow's own
            # optimize=True added a quarter to the time for the same bytes (measured).
            image.convert("RGB").save(temporary, "JPEG", quality=82, progressive=True)
        elif suffix == ".png":
            image.save(temporary, "PNG", optimize=True)
        else:
            image.save(temporary, "WEBP", quality=80, method=4)
    if temporary.stat().st_size >= len(data) and not _has_gps(path):
        # Recompressing did not help (an already optimised PNG, say): publish the original.
        temporary.unlink()
        return path
    temporary.replace(target)
    return target


def _has_gps(path: Path) -> bool:
    with Image.open(path) as image:
        if image.format != "JPEG":
            return False
        exif = image.getexif()
        return _GPS_TAG in exif or bool(exif.get_ifd(_GPS_TAG))


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
    from .gate import IMAGE_MAX_BYTES

    found = []
    for tree in ("schools", "demo") if demo else ("schools",):
        for path in sorted((root / tree).rglob("*")) if (root / tree).is_dir() else ():
            if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp") and path.is_file() and path.stat().st_size <= IMAGE_MAX_BYTES:
                found.append(path)
    return found


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
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_lower_priority)
            self._futures = {path: self._pool.submit(publishable, path, cache_dir) for path in paths}

    def publishable_all(self, paths: list[Path]) -> list[Path]:
        missing = [path for path in paths if path not in self._futures]
        done = dict(zip(missing, publishable_all(missing, self.cache_dir)))
        return [self._futures[path].result() if path in self._futures else done[path] for path in paths]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

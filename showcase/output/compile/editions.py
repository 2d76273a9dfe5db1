"""The two editions of the compilation and the images each one embeds.

- 屏幕版 (screen): to e-mail and read on screen.  Images at most :data:`SCREEN_MAX_WIDTH` pixels
  wide, as on the site, recompressed as JPEG: a case with one 5 MB phone photo stays well under
  1.5 MB.
- 印刷版 (print): to send to a print shop.  Images at most :data:`PRINT_PPI` pixels per inch at
  the size they are printed, never the original file.

Both the PDF and the Word file of an edition embed the same copies.  The printed size of an
image is computed here (:func:`printed_size_mm`), from the page the compilation is laid out on
(A4, the margins of ``compilation.css``): the Word file is given that size explicitly, and the
PDF's stylesheet gives the same box, so a photo has the same size on paper in both.  Copies are
made once and cached by content hash (``.cache/compilation/``), without any metadata (phone
photos carry the GPS position where they were taken), with the orientation the phone recorded
applied.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from showcase.output import images

#: The page (A4) and its margins in millimetres: top, right, bottom, left (``compilation.css``
#: ``@page`` says the same).
PAGE_MM = (210.0, 297.0)
MARGINS_MM = (24.0, 20.0, 22.0, 20.0)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[1] - MARGINS_MM[3]
#: ``.case-body img { max-height }`` in ``compilation.css``: a photo takes at most a third of a page.
IMAGE_MAX_HEIGHT_MM = 110.0
MM_PER_INCH = 25.4
#: CSS pixels per inch: an image without room constraints is drawn at this resolution.
CSS_PPI = 96
PRINT_PPI = 300
SCREEN_MAX_WIDTH = images.MAX_WIDTH
_VERSION = "1"  # bump when the processing below changes, to refresh the cache


@dataclass(frozen=True)
class Edition:
    """One edition: what its images may be, and how its files are named."""

    key: str
    label: str
    """屏幕版 or 印刷版: part of the file names and of every message."""
    use: str
    """What the edition is for, in the summary after ``compile``."""
    max_ppi: int
    max_width: int | None
    jpeg_quality: int

    def target_pixels(self, width: int, height: int) -> tuple[int, int]:
        """The size in pixels of this edition's copy of a ``width`` × ``height`` image."""
        width_mm, height_mm = printed_size_mm(width, height)
        scale = min(1.0, self.max_ppi * width_mm / MM_PER_INCH / width, self.max_ppi * height_mm / MM_PER_INCH / height)
        if self.max_width:
            scale = min(scale, self.max_width / width)
        return max(1, int(width * scale)), max(1, int(height * scale))


SCREEN = Edition("screen", "屏幕版", "适合发邮件、在电脑和手机上阅读", PRINT_PPI, SCREEN_MAX_WIDTH, 82)
PRINT = Edition("print", "印刷版", "交印刷厂印刷，图片按印刷尺寸不超过 300 dpi", PRINT_PPI, None, 92)
EDITIONS = {edition.key: edition for edition in (SCREEN, PRINT)}


def printed_size_mm(width: int, height: int) -> tuple[float, float]:
    """Width and height on paper of a ``width`` × ``height`` pixel image in a case's text:
    its natural size (96 per inch, as CSS draws it) shrunk to fit the text width and the
    height limit, the proportions kept."""
    natural_w, natural_h = width * MM_PER_INCH / CSS_PPI, height * MM_PER_INCH / CSS_PPI
    scale = min(1.0, TEXT_WIDTH_MM / natural_w, IMAGE_MAX_HEIGHT_MM / natural_h)
    return round(natural_w * scale, 1), round(natural_h * scale, 1)


@dataclass(frozen=True)
class EditionImage:
    """An image as an edition embeds it."""

    path: Path
    width_mm: float
    height_mm: float


def edition_image(path: Path, edition: Edition, cache_dir: Path) -> EditionImage:
    """This edition's copy of the image at ``path`` (made once, then taken from ``cache_dir``).

    The copy is smaller when the original has more pixels than the edition needs, and always
    without metadata; JPEG stays JPEG, PNG stays PNG (screenshots and charts stay sharp), WebP
    becomes one of the two (Word does not show WebP everywhere).
    """
    fmt = images._FORMATS.get(path.suffix.lower())
    size = images.image_size(path) if fmt else None
    if size is None or size[0] * size[1] > images.MAX_PIXELS:
        # Not an image we decode safely (the check has said so): the site's copy, as published.
        return EditionImage(images.publishable(path, cache_dir / "site"), *printed_size_mm(*(size or (1, 1))))
    data = path.read_bytes()
    key = hashlib.sha1(data + f"{_VERSION}:{edition.key}:{edition.max_ppi}:{edition.max_width}".encode()).hexdigest()
    stem = cache_dir / edition.key / key[:20]
    try:
        upright = _upright_size(path, size)
        cached = [p for p in (stem.with_suffix(".jpg"), stem.with_suffix(".png")) if p.exists()]
        written = cached[0] if cached else _write_copy(path, fmt, edition, upright, stem)
    except Exception:  # noqa: BLE001 - a broken or hostile file: Pillow may raise anything
        return EditionImage(images.publishable(path, cache_dir / "site"), *printed_size_mm(*size))
    return EditionImage(written, *printed_size_mm(*upright))


#: EXIF orientations that turn the picture a quarter (the stored width is the shown height).
_QUARTER_TURNS = {5, 6, 7, 8}


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 - malformed EXIF: the picture as stored
        return 1


def _upright_size(path: Path, size: tuple[int, int]) -> tuple[int, int]:
    """The image's size the way the phone showed it (EXIF orientation read from the header)."""
    with Image.open(path) as image:
        return (size[1], size[0]) if _orientation(image) in _QUARTER_TURNS else size


def _write_copy(path: Path, fmt: str, edition: Edition, upright: tuple[int, int], stem: Path) -> Path:
    """Decode, turn upright, shrink to the edition's size and save without metadata."""
    target = edition.target_pixels(*upright)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            icc = image.info.get("icc_profile")
            orientation = _orientation(image)
            if fmt == "JPEG" and target[0] < upright[0]:
                # libjpeg decodes at a half, quarter or eighth of the size when that is still
                # larger than needed: the same picture, several times faster.
                turned = orientation in _QUARTER_TURNS
                image.draft("RGB", (target[1], target[0]) if turned else target)
            picture = ImageOps.exif_transpose(image) if orientation != 1 else image
            if target[0] < picture.width:
                picture = picture.resize(target, Image.LANCZOS)
            alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            as_png = fmt == "PNG" or (fmt == "WEBP" and alpha)
            picture.info = {}
            stem.parent.mkdir(parents=True, exist_ok=True)
            written = stem.with_suffix(".png" if as_png else ".jpg")
            temporary = stem.with_suffix(f".{os.getpid()}.tmp{written.suffix}")
            if as_png:
                picture.save(temporary, "PNG", optimize=True, icc_profile=icc)
            else:
                if picture.mode not in ("RGB", "L"):
                    picture, icc = picture.convert("RGB"), None  # a CMYK profile does not fit RGB
                picture.save(temporary, "JPEG", quality=edition.jpeg_quality, progressive=True, icc_profile=icc)
    temporary.replace(written)
    return written

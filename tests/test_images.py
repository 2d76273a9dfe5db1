"""Large photos are published resized and without GPS metadata; the originals stay untouched."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from showcase.images import MAX_WIDTH, publishable


def noisy_jpeg(path: Path, size: tuple[int, int], gps: bool = False) -> None:
    image = Image.effect_noise(size, 64).convert("RGB")
    exif = Image.Exif()
    if gps:
        exif[34853] = {1: "N", 2: (37.0, 52.0, 0.0)}
    image.save(path, "JPEG", quality=95, exif=exif.tobytes() if gps else b"")


def test_large_photo_is_resized_and_original_kept(tmp_path):
    original = tmp_path / "photo.jpg"
    noisy_jpeg(original, (4000, 3000))
    before = original.read_bytes()
    published = publishable(original, tmp_path / "cache")
    assert published != original and published.parent == tmp_path / "cache"
    with Image.open(published) as image:
        assert image.width == MAX_WIDTH and image.height == 1200
    assert published.stat().st_size < len(before)
    assert original.read_bytes() == before
    # cached: same input, same output file
    assert publishable(original, tmp_path / "cache") == published


def test_small_image_is_published_as_is(tmp_path):
    small = tmp_path / "chart.png"
    Image.new("RGB", (300, 200), (10, 20, 30)).save(small)
    assert publishable(small, tmp_path / "cache") == small


def test_gps_position_is_removed(tmp_path):
    photo = tmp_path / "gps.jpg"
    noisy_jpeg(photo, (200, 150), gps=True)
    published = publishable(photo, tmp_path / "cache")
    assert published != photo
    with Image.open(published) as image:
        assert 34853 not in image.getexif()

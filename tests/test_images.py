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


def test_prefetch_gives_the_same_files_and_covers_the_unforeseen(tmp_path):
    """Photos recompressed in the background while the content is read are the files the build
    would have made itself; a photo not foreseen (or foreseen but not asked for) changes nothing."""
    from showcase.images import Prefetch, candidates

    school = tmp_path / "schools" / "caimao"
    (school / "images").mkdir(parents=True)
    for n in range(5):
        noisy_jpeg(school / "images" / f"p{n}.jpg", (1800, 1200))
    Image.new("RGB", (300, 200), (10, 20, 30)).save(school / "images" / "small.png")
    (school / "notes.txt").write_text("x", encoding="utf-8")
    found = candidates(tmp_path, demo=False)
    assert [p.name for p in found] == ["p0.jpg", "p1.jpg", "p2.jpg", "p3.jpg", "p4.jpg", "small.png"]
    late = tmp_path / "late.jpg"
    noisy_jpeg(late, (1800, 1200))
    wanted = [*found[1:], late]

    prefetch = Prefetch(found, tmp_path / "cache-a")
    try:
        ahead = prefetch.publishable_all(wanted)
    finally:
        prefetch.close()
    direct = [publishable(p, tmp_path / "cache-b") for p in wanted]
    assert [p.name for p in ahead] == [p.name for p in direct]
    assert [p.read_bytes() for p in ahead] == [p.read_bytes() for p in direct]
    assert ahead[-2].name == "small.png" and ahead[0].parent == tmp_path / "cache-a"


def test_progressive_jpeg_needs_no_optimize_flag(tmp_path):
    """libjpeg optimises the Huffman tables of every progressive JPEG: the flag we dropped would
    give the same bytes (this guards that claim for the Pillow in use)."""
    import io

    image = Image.effect_noise((900, 600), 30).convert("RGB")
    plain, flagged = io.BytesIO(), io.BytesIO()
    image.save(plain, "JPEG", quality=82, progressive=True)
    image.save(flagged, "JPEG", quality=82, progressive=True, optimize=True)
    assert plain.getvalue() == flagged.getvalue()

"""Large photos are published resized and without GPS metadata; the originals stay untouched."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from showcase.output.images import MAX_WIDTH, publishable


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
    from showcase.output.images import Prefetch, candidates

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


# --- metadata of every published format -------------------------------------------------------


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[34853] = {1: "N", 2: (37.0, 52.0, 0.0)}
    return exif.tobytes()


def _metadata_files(tmp_path: Path) -> dict[str, Path]:
    from PIL import PngImagePlugin

    picture = Image.effect_noise((240, 160), 64).convert("RGB")
    files = {}
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "张三 13800001234")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta/>")
    files["png"] = tmp_path / "text.png"
    picture.save(files["png"], "PNG", pnginfo=info, exif=_gps_exif())
    files["webp"] = tmp_path / "gps.webp"
    picture.save(files["webp"], "WEBP", quality=90, exif=_gps_exif(), xmp=b"<x:xmpmeta/>")
    files["webp-lossless"] = tmp_path / "gps-lossless.webp"
    picture.save(files["webp-lossless"], "WEBP", lossless=True, exif=_gps_exif())
    files["jpeg"] = tmp_path / "comment.jpg"
    picture.save(files["jpeg"], "JPEG", quality=90, comment=b"secret", exif=_gps_exif())
    files["jpeg-trailer"] = tmp_path / "motion.jpg"
    picture.save(files["jpeg-trailer"], "JPEG", quality=90)
    files["jpeg-trailer"].write_bytes(files["jpeg-trailer"].read_bytes() + b"\x00\x00\x00\x18ftypmp42 a video")
    return files


def test_every_format_loses_its_metadata_and_keeps_its_pixels(tmp_path):
    from showcase.output.images import _FORMATS, has_metadata

    for kind, path in _metadata_files(tmp_path).items():
        fmt = _FORMATS[path.suffix]
        original = path.read_bytes()
        assert has_metadata(original, fmt), kind
        published = publishable(path, tmp_path / "cache")
        assert published != path and published.parent == tmp_path / "cache", kind
        data = published.read_bytes()
        assert not has_metadata(data, fmt), kind
        assert (
            b"CameraMaker" not in data and b"secret" not in data and b"xmpmeta" not in data and b"ftypmp42" not in data
        ), kind
        with Image.open(path) as before, Image.open(published) as after:
            assert after.size == before.size, kind
            assert not after.getexif(), kind
            assert "exif" not in after.info and "xmp" not in after.info and not getattr(after, "text", {}), kind
            if kind in ("png", "webp-lossless"):  # lossless formats: the very same pixels
                assert after.convert("RGB").tobytes() == before.convert("RGB").tobytes(), kind
        assert path.read_bytes() == original  # the school's file is untouched


def test_files_without_metadata_are_published_as_they_are(tmp_path):
    from showcase.output.images import _FORMATS, has_metadata

    picture = Image.effect_noise((240, 160), 64).convert("RGB")
    for name, fmt in (("a.png", "PNG"), ("a.webp", "WEBP"), ("a.jpg", "JPEG")):
        picture.save(tmp_path / name, fmt)
        assert not has_metadata((tmp_path / name).read_bytes(), _FORMATS[Path(name).suffix])
        assert publishable(tmp_path / name, tmp_path / "cache") == tmp_path / name


def test_metadata_is_stripped_even_when_pillow_cannot_decode(tmp_path):
    """A file Pillow refuses to rewrite is published with its metadata cut out byte by byte."""
    from showcase.output.images import has_metadata

    path = _metadata_files(tmp_path)["png"]
    data = path.read_bytes()
    idat = data.index(b"IDAT")
    broken = data[: idat + 4] + bytes(len(data) - idat - 4 - 12) + data[-12:]  # image data zeroed
    path.write_bytes(broken)
    published = publishable(path, tmp_path / "cache")
    assert published != path and not has_metadata(published.read_bytes(), "PNG")
    assert b"Author" not in published.read_bytes()


def test_dimensions_from_the_header_of_every_format(tmp_path):
    from showcase.output.images import _FORMATS, dimensions

    picture = Image.effect_noise((321, 123), 64).convert("RGB")
    variants = {
        "a.png": {},
        "b.jpg": {},
        "c.jpg": {"progressive": True, "exif": _gps_exif()},
        "d.webp": {},
        "e.webp": {"lossless": True},
        "f.webp": {"exif": _gps_exif()},
    }
    for name, options in variants.items():
        fmt = _FORMATS[Path(name).suffix]
        picture.save(tmp_path / name, fmt, **options)
        assert dimensions((tmp_path / name).read_bytes(), fmt) == (321, 123), name

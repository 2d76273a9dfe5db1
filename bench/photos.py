"""Camera-like test photos, made on the spot (never committed): what a phone gives a teacher.

    python bench/photos.py OUT.jpg [--seed N]

:func:`camera_photo` writes a 4000 × 3000 JPEG of about 5 MB with the EXIF a phone writes
(maker, model, time, GPS position): a sky-to-ground gradient, large soft shapes, fine texture
and sensor noise, so that it compresses like a photo (a flat picture would shrink to nothing
and make every size budget meaningless).  Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image

PHONE_SIZE = (4000, 3000)


def camera_photo(path: Path, seed: int = 0, size: tuple[int, int] = PHONE_SIZE, quality: int = 92) -> Path:
    """Write a camera-like JPEG to ``path`` and return it."""
    width, height = size
    rng = np.random.default_rng(seed)
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    top, bottom = rng.uniform(60, 230, 3), rng.uniform(20, 200, 3)
    image = np.empty((height, width, 3), dtype=np.float32)
    for channel in range(3):
        image[:, :, channel] = top[channel] * (1 - y) + bottom[channel] * y
    # Large soft shapes (buildings, people, a blackboard): a low-resolution field blown up.
    shapes = rng.uniform(-50, 50, (12, 16, 3)).astype(np.float32)
    blown = np.asarray(
        Image.fromarray(np.clip(shapes + 128, 0, 255).astype(np.uint8)).resize((width, height), Image.BICUBIC),
        dtype=np.float32,
    )
    image += blown - 128
    # Texture (foliage, fabric, brick) at a few pixels' scale, and per-pixel sensor noise.
    texture = rng.normal(0, 18, (height // 3, width // 3)).astype(np.float32)
    texture_big = np.asarray(
        Image.fromarray(np.clip(texture + 128, 0, 255).astype(np.uint8)).resize((width, height), Image.BILINEAR),
        dtype=np.float32,
    )
    image += (texture_big - 128)[:, :, None] * (0.5 + x)[:, :, None]
    image += rng.normal(0, 7.0, (height, width, 1)).astype(np.float32)
    picture = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8), "RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0132] = "2019:05:16 10:21:07"  # DateTime
    exif[0x8825] = {1: "N", 2: (37.0, 52.0, 3.1), 3: "E", 4: (112.0, 33.0, 4.2)}  # GPS
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    path = camera_photo(args.out, args.seed)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

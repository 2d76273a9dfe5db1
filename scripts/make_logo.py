"""Make the site's own logo and favicon from text (no emblem, no crest): the characters are
drawn as paths, so that they show the same without any font on the reader's device.

    python scripts/make_logo.py

writes, from Noto Sans CJK SC Bold (SIL Open Font License; Debian's fonts-noto-cjk):

- ``content/assets/logo.svg``: 太原 / 中职 in a white rounded square (the header's logo);
- ``content/assets/favicon.svg``: 职 in white on the site's indigo (the browser tab);
- ``content/favicon.ico``: the same at 16, 32 and 48 px, for browsers and tools that ask for
  ``/favicon.ico`` at the root whatever the page says.

The outputs are committed; run this again only to change them (same font, same bytes).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTCollection
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
FONT_NAME = "Noto Sans CJK SC"
#: The theme's primary colour (mkdocs.yml: palette primary indigo), darker for contrast on white.
INDIGO = "#303f9f"
WHITE = "#ffffff"


def _font():
    for font in TTCollection(str(FONT)).fonts:
        if font["name"].getDebugName(1) == FONT_NAME:
            return font
    raise SystemExit(f"{FONT} has no {FONT_NAME}")


def glyph_path(font, char: str, x: float, y: float, size: float) -> str:
    """SVG path of ``char``, its em box scaled to ``size`` and placed with its top left at (x, y)."""
    glyphs = font.getGlyphSet()
    name = font.getBestCmap()[ord(char)]
    em = font["head"].unitsPerEm
    scale = size / em
    # Centre the glyph's ink vertically in the em box (CJK ink sits between ascent and descent).
    bounds = BoundsPen(glyphs)
    glyphs[name].draw(bounds)
    x_min, y_min, x_max, y_max = bounds.bounds
    dx = x + (size - (x_max - x_min) * scale) / 2 - x_min * scale
    dy = y + (size - (y_max - y_min) * scale) / 2 + y_max * scale
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
    glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, dx, dy)))
    return pen.getCommands()


def logo_svg(font) -> str:
    cell, pad = 26, 6
    paths = [
        glyph_path(font, char, pad + col * cell, pad + row * cell, cell)
        for row, line in enumerate(("太原", "中职"))
        for col, char in enumerate(line)
    ]
    side = 2 * pad + 2 * cell
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" role="img">'
        f"<title>太原中职</title>"
        f'<rect width="{side}" height="{side}" rx="8" fill="{WHITE}"/>'
        f'<path fill="{INDIGO}" d="{" ".join(paths)}"/></svg>\n'
    )


def favicon_svg(font) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{INDIGO}"/>'
        f'<path fill="{WHITE}" d="{glyph_path(font, "职", 8, 8, 48)}"/></svg>\n'
    )


def favicon_ico() -> bytes:
    images = []
    for size in (16, 32, 48):
        scale = 4  # drawn large, then reduced: smooth edges
        big = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
        draw = ImageDraw.Draw(big)
        draw.rounded_rectangle((0, 0, size * scale - 1, size * scale - 1), radius=size * scale // 5, fill=INDIGO)
        font = ImageFont.truetype(str(FONT), int(size * scale * 0.8), index=2)
        draw.text((size * scale / 2, size * scale / 2), "职", font=font, fill=WHITE, anchor="mm")
        images.append(big.resize((size, size), Image.LANCZOS))
    out = io.BytesIO()
    images[-1].save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)], append_images=images[:-1])
    return out.getvalue()


def main() -> int:
    if not FONT.is_file():
        print(f"需要字体 {FONT}（Debian/Ubuntu：sudo apt install fonts-noto-cjk）", file=sys.stderr)
        return 1
    font = _font()
    (ROOT / "content/assets/logo.svg").write_text(logo_svg(font), encoding="utf-8")
    (ROOT / "content/assets/favicon.svg").write_text(favicon_svg(font), encoding="utf-8")
    (ROOT / "content/favicon.ico").write_bytes(favicon_ico())
    print("已生成 content/assets/logo.svg、content/assets/favicon.svg、content/favicon.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

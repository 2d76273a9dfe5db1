"""Charts drawn at build time as inline SVG: no chart library, nothing loaded from elsewhere.

Made to be read on a phone (laid out for a 360-unit-wide view box, so one unit is about one
pixel there) and by a screen reader (``role="img"``, a ``<title>`` and a ``<desc>`` that says the
numbers).  Every bar carries its value as text, so nothing depends on telling colours apart;
the colours have at least 4.5:1 contrast on white.  Same input, same bytes.
"""

from __future__ import annotations

import math
from html import escape

#: One colour per series (Tailwind 700 shades: all ≥ 4.5:1 on white, distinct in hue).
PALETTE = ("#1d4ed8", "#b45309", "#047857", "#7e22ce", "#be123c", "#0e7490", "#4d7c0f", "#a21caf")
TEXT = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
FONT = 'font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"'


def _nice_max(value: int) -> int:
    """A round upper bound for an axis (1, 2, 5 × 10ⁿ steps), at least 1."""
    if value <= 0:
        return 1
    magnitude = 10 ** int(math.floor(math.log10(value)))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def _ticks(top: int) -> list[int]:
    step = max(1, top // 4) if top >= 4 else 1
    return list(range(0, top + 1, step))


def _text_width(text: str, size: float) -> float:
    """Rough advance of a label: CJK characters are square, others about half as wide."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.58 for ch in text)


def _svg_open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sc-chart__svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def _legend(series_names: list[str], colors: tuple[str, ...], width: int, top: float) -> tuple[list[str], float]:
    """Legend items flowing over as many rows as needed; returns the markup and its height."""
    parts: list[str] = []
    x, y, size = 8.0, top, 13
    for index, name in enumerate(series_names):
        item_width = 14 + _text_width(name, size) + 14
        if x + item_width > width - 4 and x > 8:
            x, y = 8.0, y + 22
        parts.append(
            f'<rect x="{x:.0f}" y="{y - 11:.0f}" width="11" height="11" fill="{colors[index % len(colors)]}"/>'
        )
        parts.append(f'<text x="{x + 14:.0f}" y="{y:.0f}" font-size="{size}" fill="{TEXT}">{escape(name)}</text>')
        x += item_width
    return parts, (y - top) + 22


def stacked_columns(
    chart_id: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    *,
    title: str,
    desc: str,
    width: int = 360,
    plot_height: int = 170,
    colors: tuple[str, ...] = PALETTE,
) -> str:
    """Vertical columns per category, stacked by series, with each column's total above it."""
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    shown = [(name, values, colors[i % len(colors)]) for i, (name, values) in enumerate(series)]
    legend, legend_height = _legend([name for name, _ in series], colors, width, 16)
    left, right = 30.0, 8.0
    plot_top = 16 + legend_height + 10
    plot_bottom = plot_top + plot_height
    height = int(plot_bottom + 24)
    slot = (width - left - right) / max(1, len(categories))
    bar = min(36.0, slot * 0.68)
    out = _svg_open(chart_id, width, height, title, desc)
    out += legend
    for tick in _ticks(top):
        y = plot_bottom - tick / top * plot_height
        out.append(
            f'<line x1="{left:.0f}" y1="{y:.1f}" x2="{width - right:.0f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 5:.0f}" y="{y + 4:.1f}" font-size="12" fill="{MUTED}" text-anchor="end">{tick}</text>'
        )
    for index, category in enumerate(categories):
        x = left + slot * index + (slot - bar) / 2
        y = plot_bottom
        for name, values, color in shown:
            value = values[index]
            if not value:
                continue
            h = value / top * plot_height
            y -= h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{color}" stroke="#fff" stroke-width="1"><title>{escape(category)} {escape(name)}：{value}</title></rect>'
            )
        cx = x + bar / 2
        out.append(
            f'<text x="{cx:.1f}" y="{y - 4:.1f}" font-size="14" font-weight="bold" fill="{TEXT}" text-anchor="middle">{totals[index]}</text>'
        )
        out.append(
            f'<text x="{cx:.1f}" y="{plot_bottom + 17:.1f}" font-size="12" fill="{TEXT}" text-anchor="middle">{escape(category)}</text>'
        )
    out.append(
        f'<line x1="{left:.0f}" y1="{plot_bottom:.1f}" x2="{width - right:.0f}" y2="{plot_bottom:.1f}" stroke="{MUTED}" stroke-width="1"/>'
    )
    out.append("</svg>")
    return "".join(out)


def horizontal_bars(
    chart_id: str,
    rows: list[tuple[str, int]],
    *,
    title: str,
    desc: str,
    width: int = 360,
    color: str = PALETTE[0],
    unit: str = "篇",
) -> str:
    """One bar per row with its label on a line above (long Chinese names fit on a phone)."""
    top = _nice_max(max((value for _, value in rows), default=0))
    row_height = 44
    left, right = 8.0, 48.0
    height = 8 + row_height * len(rows)
    out = _svg_open(chart_id, width, height, title, desc)
    span = width - left - right
    for index, (label, value) in enumerate(rows):
        y = 8 + row_height * index
        out.append(f'<text x="{left:.0f}" y="{y + 14:.0f}" font-size="14" fill="{TEXT}">{escape(label)}</text>')
        out.append(f'<rect x="{left:.0f}" y="{y + 20:.0f}" width="{span:.0f}" height="14" fill="{GRID}"/>')
        w = value / top * span
        if value:
            out.append(f'<rect x="{left:.0f}" y="{y + 20:.0f}" width="{w:.1f}" height="14" fill="{color}"/>')
        out.append(
            f'<text x="{left + w + 5:.1f}" y="{y + 32:.0f}" font-size="13" font-weight="bold" fill="{TEXT}">{value} {unit}</text>'
        )
    out.append("</svg>")
    return "".join(out)

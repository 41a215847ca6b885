"""Bar charts as inline SVG, for the dashboard (claims reviewed per day, upright bars) and
the speaker pages (verdicts by rating, bars across). One maker: the document, the escaping,
the scale and the per-bar tooltip are the same; only the geometry differs.

Every piece of text is escaped here and the rest is numbers, so the result is returned
marked safe. Each bar carries a <title> (the tooltip, and what a screen reader reads).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def svg_num(value: float) -> str:
    """Coordinates with at most two decimals: short output, no float noise like 1.0000000002."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class _Layout:
    css_class: str
    fill: str


UPRIGHT = _Layout("bar-chart", "#417690")
ACROSS = _Layout("rating-chart", "#2f6f8f")


def bar_chart_svg(
    values: Sequence[tuple[str, int]],
    width: int | None = None,
    height: int | None = None,
    *,
    title: str = "Claims reviewed per day",
    across: bool = False,
) -> SafeString:
    """A bar chart, one bar per (label, count) pair: upright bars with a label under about
    every sixth (a time series), or, `across`, one bar per row with its label on the left and
    its count at its end (a few categories)."""
    if any(value < 0 for _, value in values):
        raise ValueError("bar_chart_svg draws counts: values must not be negative")
    peak = max((value for _, value in values), default=0)
    if across:
        width = width or 420
        label_width, row_height, top = 110, 22, 6
        height = height or top * 2 + row_height * len(values)
        body = _across(values, peak, width, label_width, row_height, top, ACROSS.fill)
        layout = ACROSS
    else:
        width, height = width or 720, height or 220
        body = _upright(values, peak, width, height, UPRIGHT.fill)
        layout = UPRIGHT
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{layout.css_class}" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _bar(
    label: str, value: int, x: float, y: float, bar_width: float, bar_height: float, fill: str, extra: str = ""
) -> str:
    return (
        f"<g class=\"bar\"><title>{escape(label)}: {value}</title>{extra}"
        f'<rect class="bar" x="{svg_num(x)}" y="{svg_num(y)}" width="{svg_num(bar_width)}" '
        f'height="{svg_num(bar_height)}" fill="{fill}"/></g>'
    )


def _upright(values: Sequence[tuple[str, int]], peak: int, width: int, height: int, fill: str) -> list[str]:
    left, right, top, bottom = 36, 8, 12, 28
    plot_width = max(width - left - right, 1)
    plot_height = max(height - top - bottom, 1)
    slot = plot_width / len(values) if values else plot_width
    gap = min(2.0, slot * 0.2)
    baseline = top + plot_height
    # About six labels fit under the bars without overlapping; the rest are in the tooltips.
    label_every = max(1, math.ceil(len(values) / 6))
    parts = [f'<text class="axis" x="{left - 4}" y="{baseline}" text-anchor="end" font-size="11">0</text>']
    if peak:
        parts.append(f'<text class="axis" x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="11">{peak}</text>')
    for index, (label, value) in enumerate(values):
        bar_height = plot_height * value / peak if peak else 0
        x = left + index * slot + gap / 2
        parts.append(_bar(label, value, x, baseline - bar_height, slot - gap, bar_height, fill))
        if index % label_every == 0 or index == len(values) - 1:
            # The last label ends at its bar, so it is not cut off at the chart's right edge.
            anchor = "end" if index == len(values) - 1 else "middle"
            parts.append(
                f'<text class="axis date" x="{svg_num(x + (slot - gap) / 2)}" y="{height - 8}" text-anchor="{anchor}" '
                f'font-size="11">{escape(label)}</text>'
            )
    parts.append(f'<line class="axis" x1="{left}" y1="{baseline}" x2="{width - right}" y2="{baseline}" stroke="#999"/>')
    return parts


def _across(
    values: Sequence[tuple[str, int]], peak: int, width: int, label_width: int, row_height: int, top: int, fill: str,
) -> list[str]:
    bar_room = width - label_width - 40
    parts = []
    for index, (label, value) in enumerate(values):
        y = top + index * row_height
        length = bar_room * value / (peak or 1)
        label_text = (
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<text x="{svg_num(label_width + length + 4)}" y="{y + 15}" font-size="12">{value}</text>'
        )
        parts.append(_bar(label, value, label_width, y + 4, length, row_height - 8, fill, label_text))
    return parts

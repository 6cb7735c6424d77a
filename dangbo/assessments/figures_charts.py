"""Charts of the figures as inline SVG drawn on the server: no JavaScript library, nothing from a CDN.

Two shapes: `bars` (one horizontal bar per level, its length the level's share of those classified)
and `stacked` (one 100 % bar per group or period, a segment per level). Levels are coloured by rank, so
the top level has the same colour under every regime while each keeps its own label in the legend
(RULES.md R1: no level is mapped onto another regime's). Every number is also written as text, in the
Vietnamese format, so the chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dangbo.lib import vn

WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 120
ROW_HEIGHT = 26
BAR_HEIGHT = 16
# By rank: top, second, third, bottom (and a fifth for safety); readable on white, distinct in greyscale.
COLOURS = ("#1a7f37", "#6cc085", "#e3a33b", "#c0392b", "#7f8c8d")
MAX_LABEL = 34


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: Decimal
    rank: int  # 1 = top


@dataclass(frozen=True)
class Segment:
    count: int
    percent: Decimal


@dataclass(frozen=True)
class StackedRow:
    label: str
    segments: Sequence[Segment]  # one per level, best first
    classified: int


def colour(rank: int) -> str:
    return COLOURS[min(rank, len(COLOURS)) - 1]


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _svg(height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 (every text above is escaped)


def bars(title: str, items: Sequence[Bar]) -> SafeString:
    """One bar per level: the share of those classified (0–100 %), the count and the percentage beside."""
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    body = []
    for index, item in enumerate(items):
        y = 6 + index * ROW_HEIGHT
        length = float(item.percent) / 100 * span
        body.append(
            f"<g><title>{escape(item.label)}: {item.count} ({vn.format_percent(item.percent)})</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 12}" text-anchor="end">{escape(_short(item.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{colour(item.rank)}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 12}">{vn.format_number(item.count)} '
            f"({vn.format_percent(item.percent)})</text></g>"
        )
    return _svg(12 + len(items) * ROW_HEIGHT, title, body)


def stacked(title: str, rows: Sequence[StackedRow], legend: Sequence[tuple[str, int]]) -> SafeString:
    """One 100 % bar per row (a group, or a period), a segment per level; `legend` is (label, rank)."""
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    body = []
    for index, row in enumerate(rows):
        y = 6 + index * ROW_HEIGHT
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 12}" text-anchor="end">'
            f"<title>{escape(row.label)}</title>{escape(_short(row.label))}</text>"
        )
        x = float(LABEL_WIDTH)
        for rank, segment in enumerate(row.segments, start=1):
            if not segment.count:
                continue
            width = float(segment.percent) / 100 * span
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour(rank)}">'
                f"<title>{escape(legend[rank - 1][0] if rank <= len(legend) else '')}: "
                f"{segment.count} ({vn.format_percent(segment.percent)})</title></rect>"
            )
            x += width
        body.append(
            f'<text x="{LABEL_WIDTH + span + 6}" y="{y + 12}">{vn.format_number(row.classified)} xếp loại</text>'
        )
    y = 12 + len(rows) * ROW_HEIGHT
    x = 8
    line = 0
    for label, rank in legend:
        text = _short(label)
        width = 22 + 7 * len(text)
        if x + width > WIDTH:
            x, line = 8, line + 1
        top = y + line * 20
        body.append(
            f'<rect x="{x}" y="{top}" width="12" height="12" fill="{colour(rank)}"/>'
            f'<text x="{x + 16}" y="{top + 10}">{escape(text)}</text>'
        )
        x += width + 12
    return _svg(y + (line + 1) * 20 + 4, title, body)

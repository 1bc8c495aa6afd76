"""Horizontal bar charts for the Outcomes page: the geometry is computed here, the SVG is drawn by
``templates/records/includes/bar_chart.html`` (presentation attributes only: the CSP allows no ``style``).

Every chart has the table of its numbers beside it on the page; the picture is a summary of that table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
LABEL_WIDTH = 230  # the bar labels' column, left of the bars
VALUE_WIDTH = 170  # the value printed after each bar, with "(small numbers)" when it applies
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TOP = 8
BOTTOM = 8
# A label's width estimated at 0.55 em of a 13 px sans-serif (SVG cannot measure text on the server).
LABEL_CHARACTERS = int(LABEL_WIDTH / (13 * 0.55)) - 1


def coordinate(value: float) -> str:
    """A coordinate as SVG wants it (a dot, one decimal): written here, so the template's number formatting
    (localised, and the slowest part of the page when every number goes through it) never touches it."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    # Coordinates, already written as text (see ``coordinate``).
    x: str
    y: str
    width: str
    text_y: str
    value_x: str
    small: bool
    negative: bool


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: str
    zero_x: str
    width: str = str(WIDTH)
    label_x: str = str(LABEL_WIDTH - 8)

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def has_small(self) -> bool:
        return any(bar.small for bar in self.bars)


def short_label(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart(
    title: str, rows: list[tuple[str, int | Decimal | None, str, bool]], *, maximum: float | None = None
) -> BarChart:
    """``rows`` are (label, value, value as text, small numbers); rows without a value are left out.
    Bars start at zero, negative values to the left of it; ``maximum`` fixes the scale (100 for shares)."""
    rows = [row for row in rows if row[1] is not None]
    values = [float(value) for _, value, _, _ in rows]
    high = max([maximum or 0.0, *values, 0.0])
    low = min([0.0, *values])
    span = (high - low) or 1.0
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    zero_x = LABEL_WIDTH + plot * (-low / span)
    bars = []
    for index, (label, value, text, small) in enumerate(rows):
        length = plot * abs(float(value)) / span
        negative = value < 0
        x = zero_x - length if negative else zero_x
        y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        bars.append(
            Bar(
                label=short_label(label),
                value_text=text + (" (small numbers)" if small else ""),
                x=coordinate(x),
                y=coordinate(y),
                width=coordinate(max(length, 1.0)),
                text_y=coordinate(y + BAR_HEIGHT - 4),
                value_x=coordinate(max(x + length, zero_x) + 6),
                small=small,
                negative=negative,
            )
        )
    return BarChart(
        title=title,
        bars=bars,
        height=str(TOP + BOTTOM + ROW_HEIGHT * max(len(bars), 1)),
        zero_x=coordinate(zero_x),
    )

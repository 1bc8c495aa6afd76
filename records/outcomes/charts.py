"""Where each mark of a progress chart goes: coordinates computed here, the SVG drawn by a template
(templates/records/outcomes/charts/measure_chart.html, drawn by records/outcomes/chart_markup.py).

Pure Python over plain values. A chart plots one or more series of dated values on a shared date axis (two
weeks apart are twice as far apart as one week, so every chart of an episode lines up with the others),
a vertical scale fixed by the instrument (LEFS 0–80, PSFS and NRS 0–10, GROC −7…+7, degrees for the
flexibility tests), and optionally a **band**: the values around the baseline that are *not* a meaningful
change. Its edges are the nearest values that are, found by asking the scoring function
(``records.outcomes.scoring``) value by value, so the picture can never disagree with the verdicts written
beside it. A point that reached a meaningful change is flagged by the caller (from the same scoring
function) and drawn with a ring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from records.pain_chart import label_width

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 44, 18, 14, 34
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
DATE_FONT = 10
MIN_LABEL_GAP = 8

Number = int | float | Decimal


@dataclass(frozen=True)
class Reading:
    """One dated value of a series, as the caller knows it."""

    day: date
    value: Number
    meaningful: bool = False  # reached a meaningful change from the baseline
    draft: bool = False  # recorded in a record that is not signed yet
    note: str = ""  # e.g. "LEFS 38 → 55, +17: meaningful improvement", for the point's tooltip


@dataclass(frozen=True)
class Series:
    label: str
    readings: Sequence[Reading]
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Scale:
    low: Number
    high: Number
    ticks: tuple[Number, ...]
    unit: str = ""


@dataclass(frozen=True)
class Band:
    """Values strictly between ``low`` and ``high`` are no meaningful change from ``baseline``; a value at an
    edge or beyond is (an edge at the end of the scale means no value that way is)."""

    baseline: Number
    low: Number
    high: Number
    # Whether a meaningful change is possible that way at all (a baseline near the end of a scale).
    low_reached: bool = True
    high_reached: bool = True


def _text(value: float) -> str:
    """A coordinate as the SVG attribute's text: formatted here, once, rather than localised by the template
    engine for each of a page's few thousand attributes."""
    return f"{value}"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    reading: Reading

    @property
    def cx(self) -> str:
        return _text(self.x)

    @property
    def cy(self) -> str:
        return _text(self.y)

    @property
    def title(self) -> str:
        text = f"{self.reading.day:%d/%m/%Y}: {self.reading.value}"
        if self.reading.note:
            text += f" ({self.reading.note})"
        return text + (" (draft)" if self.reading.draft else "")


@dataclass(frozen=True)
class PlottedSeries:
    label: str
    colour: str
    dashed: bool
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def has_line(self) -> bool:
        return len(self.points) > 1


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    anchor: str = "middle"

    @property
    def at(self) -> str:
        return _text(self.position)

    @property
    def label_position(self) -> str:
        """A value label sits a little below its grid line's height, centred on it."""
        return _text(round(self.position + 4, 1))


@dataclass(frozen=True)
class PlottedBand:
    band: Band
    top: float
    height: float
    baseline_y: float


@dataclass(frozen=True)
class LineChart:
    title: str
    series: tuple[PlottedSeries, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    band: PlottedBand | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def y_label_x(self) -> int:
        return self.left - 6

    @property
    def date_label_y(self) -> float:
        return self.bottom + 18

    @property
    def is_empty(self) -> bool:
        return not any(s.points for s in self.series)


def x_position(day: date, domain: tuple[date, date]) -> float:
    """Where ``day`` falls on the shared date axis; a one-day domain puts everything in the middle."""
    first, last = domain
    span = (last - first).days
    if span <= 0:
        return round(LEFT + PLOT_WIDTH / 2, 1)
    return round(LEFT + PLOT_WIDTH * (day - first).days / span, 1)


def y_position(value: Number, scale: Scale) -> float:
    """Where ``value`` falls on the scale, clamped into the plot (a value off the scale sits on its edge)."""
    low, high = float(scale.low), float(scale.high)
    share = (float(value) - low) / (high - low)
    share = min(1.0, max(0.0, share))
    return round(TOP + PLOT_HEIGHT * (1 - share), 1)


def date_domain(days: Iterable[date], *, start: date | None = None) -> tuple[date, date] | None:
    """The date axis shared by an episode's charts: from its start (or first value) to its last value."""
    found = sorted(set(days) | ({start} if start else set()))
    if not found:
        return None
    return found[0], found[-1]


def _anchor_inside(x: float, width: float) -> str:
    """Centred on ``x`` where it fits, else flush with the edge it would cross (nothing cut off)."""
    if x - width / 2 < 0:
        return "start"
    if x + width / 2 > WIDTH:
        return "end"
    return "middle"


def _extent(x: float, width: float, anchor: str) -> tuple[float, float]:
    if anchor == "start":
        return x, x + width
    if anchor == "end":
        return x - width, x
    return x - width / 2, x + width / 2


def date_ticks(days: Iterable[date], domain: tuple[date, date]) -> tuple[Tick, ...]:
    """A label under each date that has a value: the last one always, then every earlier one that does not
    overlap a label already placed."""
    placed: list[tuple[float, float]] = []
    ticks = []
    for day in sorted(set(days), reverse=True):
        x = x_position(day, domain)
        text = f"{day:%d/%m/%y}"
        width = label_width(text, DATE_FONT)
        anchor = _anchor_inside(x, width)
        low, high = _extent(x, width, anchor)
        if any(low < b + MIN_LABEL_GAP and high > a - MIN_LABEL_GAP for a, b in placed):
            continue
        placed.append((low, high))
        ticks.append(Tick(position=x, text=text, anchor=anchor))
    return tuple(sorted(ticks, key=lambda t: t.position))


def band_around(
    baseline: Number, is_meaningful: Callable[[Number], bool], candidates: Sequence[Number], scale: Scale
) -> Band:
    """The band of no meaningful change around ``baseline``: its edges are the nearest ``candidates`` (the
    values the measure can take) below and above the baseline that ``is_meaningful`` accepts, or the scale's
    ends where none does."""
    # Walk outwards from the baseline and stop at the first meaningful value: the thresholds grow with
    # distance, and asking about every value of a fine scale (PSFS: 101) costs the page milliseconds.
    below = next(
        (v for v in sorted((v for v in candidates if v < baseline), reverse=True) if is_meaningful(v)), None
    )
    above = next((v for v in sorted(v for v in candidates if v > baseline) if is_meaningful(v)), None)
    return Band(
        baseline=baseline,
        low=scale.low if below is None else below,
        high=scale.high if above is None else above,
        low_reached=below is not None,
        high_reached=above is not None,
    )


def line_chart(
    *, title: str, series: Sequence[Series], scale: Scale, domain: tuple[date, date], band: Band | None = None
) -> LineChart:
    """Every coordinate of one chart: its series' points, the scale's ticks, the date labels and the band."""
    plotted = tuple(
        PlottedSeries(
            label=s.label,
            colour=s.colour,
            dashed=s.dashed,
            points=tuple(
                Point(x=x_position(r.day, domain), y=y_position(r.value, scale), reading=r)
                for r in sorted(s.readings, key=lambda r: r.day)
            ),
        )
        for s in series
    )
    plotted_band = None
    if band is not None:
        top, bottom = y_position(band.high, scale), y_position(band.low, scale)
        plotted_band = PlottedBand(
            band=band, top=top, height=round(bottom - top, 1), baseline_y=y_position(band.baseline, scale)
        )
    y_ticks = tuple(Tick(position=y_position(value, scale), text=str(value)) for value in scale.ticks)
    days = [r.day for s in series for r in s.readings]
    return LineChart(
        title=title,
        series=plotted,
        y_ticks=y_ticks,
        x_ticks=date_ticks(days, domain),
        band=plotted_band,
    )

"""How big a visit's pain map is, and how it changed between two visits.

Per map: the number of painful places (a region on one side; a mark of intensity 0 says "no pain here" and
does not count), the summed intensity, and the painful share of the body chart: the area of the painful
places' outlines over the area of every region of the chart (front and back together), with areas
computed from the chart data (``reference/data/body_chart_v{N}.json``) once per process.

Between two maps: each place painful in either is resolved (painful, then not), new (not, then painful),
better, worse or unchanged (painful in both). Maps drawn on different chart versions are compared on the
later version: the older map is moved forward through the crosswalk (``reference/chart_crosswalk.py``),
as a v1 map is when a follow-up visit copies it.

Pure Python over ``reference.suggest.PainMark``-like objects (``region``, ``side``, ``intensity``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from reference.body_chart import load_chart
from reference.chart_crosswalk import marks_on_chart

Place = tuple[str, str]  # (region code, side)

_PATH_TOKEN = re.compile(r"[MLHVZmlhvz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def path_area(d: str) -> float:
    """The area enclosed by an SVG path of straight lines (M, L, H, V, Z; absolute or relative), by the
    shoelace formula over each subpath. The chart draws every region with straight lines; a curve command
    is refused rather than measured wrongly."""
    tokens = _PATH_TOKEN.findall(d)
    if re.search(r"[^MLHVZmlhvz\d\s.,eE+-]", d):
        raise ValueError(f"Only straight-line paths are measured: {d[:40]!r}")
    subpaths: list[list[tuple[float, float]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    command = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            if command in "Zz":
                x, y = start
                command = None
            continue
        if command is None:
            raise ValueError(f"A number without a command in {d[:40]!r}")
        if command in "MmLl":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            relative = command.islower()
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if command in "Mm":
                subpaths.append([(x, y)])
                start = (x, y)
                command = "l" if relative else "L"  # further pairs after a moveto are linetos
                continue
        elif command in "Hh":
            value = float(tokens[i])
            i += 1
            x = x + value if command == "h" else value
        elif command in "Vv":
            value = float(tokens[i])
            i += 1
            y = y + value if command == "v" else value
        if not subpaths:
            subpaths.append([start])
        subpaths[-1].append((x, y))
    area = 0.0
    for points in subpaths:
        twice = sum(
            x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
        )
        area += abs(twice) / 2
    return area


@functools.lru_cache(maxsize=8)
def region_areas(chart_version: int) -> dict[Place, float]:
    """The area of every (region code, side) outline of a chart version, in the chart's units."""
    chart = load_chart(chart_version)
    return {
        (region.code, side): path_area(shape.d)
        for region in chart.regions
        for side, shape in region.shapes.items()
    }


@functools.lru_cache(maxsize=8)
def chart_area(chart_version: int) -> float:
    """The area of all regions of a chart, front and back: what a painful share is a share of."""
    return sum(region_areas(chart_version).values())


@dataclass(frozen=True)
class PainMapSummary:
    chart_version: int
    painful_places: int
    summed_intensity: int
    painful_area: float
    chart_area: float

    @property
    def painful_share(self) -> float:
        """0.0 … 1.0 of the chart's area."""
        return self.painful_area / self.chart_area if self.chart_area else 0.0

    @property
    def painful_percent(self) -> float:
        return round(100 * self.painful_share, 1)


def _painful(marks: Iterable) -> dict[Place, int]:
    return {(m.region, m.side): m.intensity for m in marks if m.intensity > 0}


def summarise_map(marks: Iterable, *, chart_version: int) -> PainMapSummary:
    """Count, summed intensity and painful share of one map drawn on ``chart_version``. A place the chart
    does not know (a code from another version) raises KeyError: pass the chart the map was drawn on."""
    painful = _painful(marks)
    areas = region_areas(chart_version)
    return PainMapSummary(
        chart_version=chart_version,
        painful_places=len(painful),
        summed_intensity=sum(painful.values()),
        painful_area=sum(areas[place] for place in painful),
        chart_area=chart_area(chart_version),
    )


@dataclass(frozen=True)
class PlaceChange:
    region: str
    side: str
    before: int  # 0: not painful (no mark, or marked 0)
    after: int

    @property
    def kind(self) -> str:
        if self.before and not self.after:
            return "resolved"
        if self.after and not self.before:
            return "new"
        if self.after < self.before:
            return "better"
        if self.after > self.before:
            return "worse"
        return "unchanged"


CHANGE_KINDS = ("resolved", "new", "better", "worse", "unchanged")


@dataclass(frozen=True)
class PainMapChange:
    """Two maps compared on ``chart_version``; ``places`` in the chart's head-to-toe order."""

    chart_version: int
    places: tuple[PlaceChange, ...] = field(default_factory=tuple)

    def of_kind(self, kind: str) -> list[PlaceChange]:
        if kind not in CHANGE_KINDS:
            raise ValueError(f"Unknown kind of change {kind!r}")
        return [p for p in self.places if p.kind == kind]

    @property
    def resolved(self) -> list[PlaceChange]:
        return self.of_kind("resolved")

    @property
    def new(self) -> list[PlaceChange]:
        return self.of_kind("new")

    @property
    def better(self) -> list[PlaceChange]:
        return self.of_kind("better")

    @property
    def worse(self) -> list[PlaceChange]:
        return self.of_kind("worse")

    @property
    def unchanged(self) -> list[PlaceChange]:
        return self.of_kind("unchanged")

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in CHANGE_KINDS}


def _order(chart_version: int) -> dict[Place, int]:
    chart = load_chart(chart_version)
    places = [
        (r.code, side) for r in chart.regions for side in ("left", "right", "midline") if side in r.shapes
    ]
    return {place: n for n, place in enumerate(places)}


def compare_maps(
    earlier: Iterable, later: Iterable, *, earlier_version: int, later_version: int
) -> PainMapChange:
    """How the pain map changed from ``earlier`` to ``later`` (each drawn on its own chart version). Both are
    compared on the newer of the two versions, an older map moved forward through the crosswalk."""
    version = max(earlier_version, later_version)
    before = _painful(marks_on_chart(list(earlier), from_version=earlier_version, to_version=version))
    after = _painful(marks_on_chart(list(later), from_version=later_version, to_version=version))
    order = _order(version)
    places = sorted(set(before) | set(after), key=lambda place: (order.get(place, len(order)), place))
    return PainMapChange(
        chart_version=version,
        places=tuple(
            PlaceChange(
                region=code, side=side, before=before.get((code, side), 0), after=after.get((code, side), 0)
            )
            for code, side in places
        ),
    )

"""Body chart: the front and back figure that pain and referral areas are drawn on.

The geometry and the region vocabulary live in a versioned JSON file
(``reference/data/body_chart_v{N}.json``) rather than in code, because the region
codes are stored in clinical records: once a chart version is published its codes
never change meaning, and a redrawn or re-divided chart becomes a new file.

This module is deliberately pure Python (stdlib only, no Django) so the data and
the SVG renderer can be tested without a database or settings, and so the same
rendering can be reused from views, PDFs or management commands.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from html import escape
from pathlib import Path

SIDES = ("left", "right", "midline")

# The chart new pain maps, referral zones and suggestions use. Records made on an older version keep it
# (a signed visit is drawn on the chart it was recorded on); reference/chart_crosswalk.py moves them forward.
CURRENT_CHART_VERSION = 2

_DATA_DIR = Path(__file__).resolve().parent / "data"

# Default look when the page's stylesheet says nothing. These are presentation
# attributes (not ``style=``) so a strict Content-Security-Policy is respected and
# any stylesheet rule still wins over them.
_DEFAULT_FILL = "#ffffff"
_DEFAULT_STROKE = "#8a8f98"
_HATCH_COLOUR = "#b8323a"


@dataclass(frozen=True)
class ChartView:
    """One drawing of the figure.

    ``left_side_on`` is stored explicitly because front and back views put the
    client's left on opposite sides of the screen, which is the commonest way
    body charts get misread.
    """

    code: str
    name: str
    viewbox: str
    left_side_on: str  # "viewer_left" or "viewer_right"


@dataclass(frozen=True)
class RegionShape:
    """The outline of one side of a region, in the view's coordinate system."""

    side: str
    d: str
    anchor: tuple[float, float]  # inside the shape; for labels and hit-testing


@dataclass(frozen=True)
class ChartRegion:
    """A named area of the body on one view.

    A sided region is one code with a left and a right shape, so a record can say
    "left calf" without the vocabulary doubling in size; a midline region (spine,
    sacrum, sternum...) has a single shape straddling the centre line.
    """

    code: str
    name: str
    view: str
    sided: bool
    shapes: dict[str, RegionShape]

    def sides(self) -> tuple[str, ...]:
        """Sides a finding on this region may be recorded against."""
        return ("left", "right") if self.sided else ("midline",)

    def label(self, side: str) -> str:
        """Human label for a (region, side) pair, as shown to therapists and read by screen readers."""
        if side not in self.sides():
            raise ValueError(f"Region {self.code!r} has no side {side!r}")
        return self.name if side == "midline" else f"{self.name}, {side}"


@dataclass(frozen=True)
class BodyChart:
    """A whole chart version: views plus regions in head-to-toe order."""

    version: int
    title: str
    views: tuple[ChartView, ...]
    regions: tuple[ChartRegion, ...]

    def __post_init__(self) -> None:
        # Built once so lookups from templates and form validation stay O(1).
        object.__setattr__(self, "_by_code", {r.code: r for r in self.regions})

    def region(self, code: str) -> ChartRegion | None:
        """Look a code up without raising, because codes arrive from user input and old records."""
        return self._by_code.get(code)  # type: ignore[attr-defined]

    def view(self, code: str) -> ChartView | None:
        """Look a view up without raising."""
        return next((v for v in self.views if v.code == code), None)

    def regions_for_view(self, view_code: str) -> tuple[ChartRegion, ...]:
        """Regions drawn on one view, in file (head-to-toe) order."""
        return tuple(r for r in self.regions if r.view == view_code)


def all_region_codes(chart: BodyChart) -> tuple[str, ...]:
    """Every code of a chart, e.g. for form choices or validating stored data."""
    return tuple(r.code for r in chart.regions)


def _parse(data: dict) -> BodyChart:
    """Turn the JSON document into objects, failing loudly on structural mistakes.

    The file is hand-reviewed data that clinical records point into, so a malformed
    edit should stop the app at load time rather than silently drop a region.
    """
    views = tuple(
        ChartView(code=v["code"], name=v["name"], viewbox=v["viewbox"], left_side_on=v["left_side_on"])
        for v in data["views"]
    )
    view_codes = {v.code for v in views}
    regions = []
    seen: set[str] = set()
    for r in data["regions"]:
        code = r["code"]
        if code in seen:
            raise ValueError(f"Duplicate region code {code!r}")
        seen.add(code)
        if r["view"] not in view_codes:
            raise ValueError(f"Region {code!r} refers to unknown view {r['view']!r}")
        expected = {"left", "right"} if r["sided"] else {"midline"}
        if set(r["shapes"]) != expected:
            raise ValueError(f"Region {code!r} must have shapes for exactly {sorted(expected)}")
        shapes = {
            side: RegionShape(side=side, d=s["d"], anchor=(float(s["anchor"][0]), float(s["anchor"][1])))
            for side, s in r["shapes"].items()
        }
        regions.append(
            ChartRegion(code=code, name=r["name"], view=r["view"], sided=bool(r["sided"]), shapes=shapes)
        )
    return BodyChart(version=int(data["version"]), title=data["title"], views=views, regions=tuple(regions))


@functools.lru_cache(maxsize=8)
def load_chart(version: int = 1) -> BodyChart:
    """Load a published chart version.

    Cached because the file never changes while the process runs and the chart is
    needed on every record page; the returned objects are frozen so sharing is safe.
    """
    path = _DATA_DIR / f"body_chart_v{int(version)}.json"
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    chart = _parse(data)
    if chart.version != int(version):
        raise ValueError(f"{path.name} declares version {chart.version}, expected {version}")
    return chart


def _open_tag(tag: str, attrs: dict[str, object], *, close: bool = False) -> str:
    """Build a start tag; every value is escaped because names and codes may come from data or users."""
    rendered = "".join(f' {name}="{_attribute_text(value)}"' for name, value in attrs.items())
    return f"<{tag}{rendered}{'/' if close else ''}>"


@functools.lru_cache(maxsize=8192, typed=True)  # typed: 1, 1.0 and True are written differently
def _attribute_text(value: object) -> str:
    # A chart repeats the same outlines, codes and labels on every page: each is escaped once per process.
    return escape(str(value), quote=True)


def _hatch_pattern(pattern_id: str) -> str:
    """Diagonal hatching, so spillover zones read differently from solid pain even in greyscale print."""
    return (
        _open_tag(
            "pattern",
            {
                "id": pattern_id,
                "patternUnits": "userSpaceOnUse",
                "width": 4,
                "height": 4,
                "patternTransform": "rotate(45)",
            },
        )
        + _open_tag("rect", {"width": 4, "height": 4, "fill": _DEFAULT_FILL}, close=True)
        + _open_tag(
            "line",
            {"x1": 1, "y1": 0, "x2": 1, "y2": 4, "stroke": _HATCH_COLOUR, "stroke-width": 1.4},
            close=True,
        )
        + "</pattern>"
    )


def _side_label(text: str, x: float, y: float, anchor: str) -> str:
    attrs = {"class": "side-label", "x": x, "y": y, "text-anchor": anchor, "font-size": 7, "fill": "#555b66"}
    return _open_tag("text", attrs) + escape(text) + "</text>"


def render_view_svg(
    chart: BodyChart,
    view_code: str,
    *,
    fills: dict[tuple[str, str], str] | None = None,
    classes: dict[tuple[str, str], str] | None = None,
    interactive: bool = False,
    title: str | None = None,
    id_prefix: str = "",
) -> str:
    """Render one view as an inline ``<svg>`` string.

    Colours are passed as ``fill`` presentation attributes and markers as classes,
    never ``style=`` or inline ``<style>``/``<script>``, because the app runs under
    a strict Content-Security-Policy. Presentation attributes lose to stylesheet
    rules, so a stylesheet should not set ``fill`` on ``.region`` if ``fills`` is used
    (style ``.region:not([fill])`` instead).

    ``fills``/``classes`` are keyed by ``(region_code, side)``. For spillover zones
    pass ``fill="url(#{id_prefix}hatch-{view})"``: the pattern is defined in this SVG's ``<defs>``
    (two SVGs of the same view on one page define identical patterns, so the
    duplicate id is harmless). With ``interactive=True`` every region is a focusable
    button labelled for screen readers, so a chart can be filled in on a tablet or
    with a keyboard.
    """
    view = chart.view(view_code)
    if view is None:
        raise ValueError(f"Unknown view {view_code!r}")
    fills = fills or {}
    classes = classes or {}
    vx, vy, vw, _vh = (float(p) for p in view.viewbox.split())
    heading = title if title is not None else f"{chart.title}: {view.name.lower()} view"

    parts = [
        _open_tag(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": view.viewbox,
                "class": f"body-chart body-chart--{view.code}",
                "role": "group" if interactive else "img",
                "aria-label": heading,
            },
        ),
        f"<title>{escape(heading)}</title>",
        # Several charts on one page each need their own pattern id: ids must be unique in a document.
        "<defs>" + _hatch_pattern(f"{id_prefix}hatch-{view.code}") + "</defs>",
    ]

    # Which client side is drawn on the viewer's left depends on the view; getting
    # this wrong silently swaps every finding, so it is spelled out on the drawing.
    if view.left_side_on == "viewer_left":
        on_viewer_left, on_viewer_right = "Client's left", "Client's right"
    else:
        on_viewer_left, on_viewer_right = "Client's right", "Client's left"
    parts.append(_side_label(on_viewer_left, vx + 3, vy + 9, "start"))
    parts.append(_side_label(on_viewer_right, vx + vw - 3, vy + 9, "end"))

    # Defaults on the group are inherited, so a per-path ``fill`` overrides them.
    group = {
        "class": "regions",
        "fill": _DEFAULT_FILL,
        "stroke": _DEFAULT_STROKE,
        "stroke-width": 0.6,
        "stroke-linejoin": "round",
    }
    parts.append(_open_tag("g", group))
    for region in chart.regions_for_view(view.code):
        for side in region.sides():
            key = (region.code, side)
            parts.append(
                _region_path(
                    region.shapes[side].d,
                    region.code,
                    side,
                    classes.get(key, ""),
                    fills.get(key),
                    region.label(side) if interactive else None,
                )
            )
    parts.append("</g></svg>")
    return "".join(parts)


# A chart's regions drawn once per process in each look they take (blank, each intensity, a zone): every
# page with a map draws some 150 of them, nearly all blank.
@functools.lru_cache(maxsize=16384)
def _region_path(d: str, code: str, side: str, extra: str, fill: str | None, label: str | None) -> str:
    """One region's ``<path>``; with a ``label``, a focusable button titled with it."""
    attrs: dict[str, object] = {
        "d": d,
        "data-region": code,
        "data-side": side,
        "class": f"region {extra}" if extra else "region",
    }
    if fill is not None:
        attrs["fill"] = fill
    if label is None:
        return _open_tag("path", attrs, close=True)
    attrs.update({"tabindex": 0, "role": "button", "aria-label": label})
    return _open_tag("path", attrs) + f"<title>{escape(label)}</title></path>"

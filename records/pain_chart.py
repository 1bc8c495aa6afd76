"""Server-drawn pictures for the client page: pain at start and end of each visit, and the last pain map.

Both are plain SVG strings with presentation attributes only (no script, no ``style``), so they work under the
strict Content-Security-Policy, print, and need nothing in the browser. Every interpolated value is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from reference.body_chart import load_chart, render_view_svg

MAX_POINTS = 20
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 16, 40
START_COLOUR, END_COLOUR = "#b3261e", "#1f5fa8"
# The NRS-11 colours of static/css/pain-map.css, as fills so the thumbnail needs no stylesheet.
INTENSITY_FILLS = [
    "#e9ecef",
    "#fff3b0",
    "#ffe680",
    "#ffd54f",
    "#ffb74d",
    "#ffa040",
    "#ff8a30",
    "#f4511e",
    "#e53935",
    "#c62828",
    "#8e0000",
]


@dataclass(frozen=True)
class PainPoint:
    day: date
    start: int | None
    end: int | None


def pain_points(visits) -> list[PainPoint]:
    """Signed visits that recorded pain, oldest first, at most the last ``MAX_POINTS``. A draft may still
    change (and a discarded one never happened), so neither is plotted."""
    points = [
        PainPoint(day=timezone.localdate(v.started_at), start=v.pain_start, end=v.pain_end)
        for v in sorted(visits, key=lambda v: (v.started_at, v.pk))
        if v.status == "signed" and (v.pain_start is not None or v.pain_end is not None)
    ]
    return points[-MAX_POINTS:]


# A label's width in the chart's units, estimated (SVG cannot measure without a browser): a digit or slash
# of the system sans-serif is at most about 0.62 em wide.
CHARACTER_WIDTH_EM = 0.62
MIN_LABEL_GAP = 8


def label_width(text: str, font_size: float) -> float:
    return len(text) * font_size * CHARACTER_WIDTH_EM


def _anchor_inside(x: float, width: float) -> str:
    """``text-anchor`` keeping a label centred on ``x`` where it fits, else flush with the edge it would
    cross, so no label is cut off by the drawing's edge."""
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


def _el(tag: str, text: str | None = None, **attrs) -> str:
    """One SVG element; attribute names use ``_`` for ``-`` (``class_`` for ``class``); all values escaped."""
    rendered = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"'
        for name, value in attrs.items()
    )
    if text is None:
        return f"<{tag}{rendered}/>"
    return f"<{tag}{rendered}>{text}</{tag}>"


GRID = {"stroke": "#d0d4da", "stroke_width": 1}
AXIS_TEXT = {"fill": "#555b66"}


def pain_over_time_svg(points: list[PainPoint]) -> SafeString:
    """A line for pain at the start and one for the end of each visit, 0–10, visits placed by their date
    (two weeks apart are twice as far apart as one week)."""
    if not points:
        return mark_safe("")  # noqa: S308 - constant
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span_days = (points[-1].day - points[0].day).days

    def x(i: int) -> float:
        if span_days == 0:
            return round(LEFT + plot_w / 2, 1)
        return round(LEFT + plot_w * (points[i].day - points[0].day).days / span_days, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h * (1 - value / 10), 1)

    first, last = points[0].day, points[-1].day
    visits = f"{len(points)} signed visit{'' if len(points) == 1 else 's'}"
    title = f"Pain at the start and end of {visits}, {first:%d/%m/%Y} to {last:%d/%m/%Y}"
    svg_attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "role": "img",
        "class_": "pain-over-time",
        "aria_label": title,
    }
    parts = [_el("svg", "", **svg_attrs)[: -len("</svg>")], _el("title", escape(title))]
    for level in (0, 5, 10):
        parts.append(_el("line", x1=LEFT, x2=WIDTH - RIGHT, y1=y(level), y2=y(level), **GRID))
        parts.append(
            _el("text", str(level), x=LEFT - 6, y=y(level) + 4, text_anchor="end", font_size=11, **AXIS_TEXT)
        )
    # Date labels: the last visit's always, then every earlier one that does not overlap a label already
    # placed, each kept inside the drawing.
    placed: list[tuple[float, float]] = []
    for i in reversed(range(len(points))):
        day = f"{points[i].day:%d/%m/%y}"
        width = label_width(day, 10)
        anchor = _anchor_inside(x(i), width)
        low, high = _extent(x(i), width, anchor)
        if any(low < b + MIN_LABEL_GAP and high > a - MIN_LABEL_GAP for a, b in placed):
            continue
        placed.append((low, high))
        parts.append(
            _el("text", day, x=x(i), y=HEIGHT - BOTTOM + 16, text_anchor=anchor, font_size=10, **AXIS_TEXT)
        )
    for attr, colour, dash in (("start", START_COLOUR, ""), ("end", END_COLOUR, "5 3")):
        coords = [(x(i), y(getattr(p, attr))) for i, p in enumerate(points) if getattr(p, attr) is not None]
        line = {
            "fill": "none",
            "stroke": colour,
            "stroke_width": 2,
            **({"stroke_dasharray": dash} if dash else {}),
        }
        if len(coords) > 1:
            parts.append(_el("polyline", points=" ".join(f"{cx},{cy}" for cx, cy in coords), **line))
        for i, p in enumerate(points):
            value = getattr(p, attr)
            if value is not None:
                label = _el("title", f"{p.day:%d/%m/%Y}: pain at {attr} {value}/10")
                parts.append(_el("circle", label, cx=x(i), cy=y(value), r=4, fill=colour))
    legend_y = HEIGHT - 8
    for offset, colour, dash, label in (
        (0, START_COLOUR, "", "Pain at start"),
        (130, END_COLOUR, "5 3", "Pain at end"),
    ):
        line = {"stroke": colour, "stroke_width": 2, **({"stroke_dasharray": dash} if dash else {})}
        parts.append(
            _el("line", x1=LEFT + offset, x2=LEFT + offset + 24, y1=legend_y - 4, y2=legend_y - 4, **line)
        )
        parts.append(_el("text", label, x=LEFT + offset + 30, y=legend_y, font_size=11, fill="#222"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number


def pain_map_thumbnails(marks, *, chart_version: int) -> list[dict]:
    """Small, non-interactive drawings of the views that carry marks, coloured by intensity."""
    if not marks:
        return []
    chart = load_chart(chart_version)
    fills = {(m.region.code, m.side): INTENSITY_FILLS[m.intensity] for m in marks}
    views_with_marks = {m.region.view for m in marks}
    return [
        {
            "view": view,
            "svg": mark_safe(  # noqa: S308 - render_view_svg escapes every value it interpolates
                render_view_svg(
                    chart, view.code, fills=fills, title=f"Last pain map: {view.name.lower()} view"
                )
            ),
        }
        for view in chart.views
        if view.code in views_with_marks
    ]

"""The client's pain chart: visits placed by date, drafts left out, every label inside the drawing."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from types import SimpleNamespace

from django.utils import timezone

from records.pain_chart import HEIGHT, LEFT, RIGHT, WIDTH, label_width, pain_over_time_svg, pain_points

SVG = "{http://www.w3.org/2000/svg}"


def visit(day: date, start, end=None, status="signed", pk=0):
    started = timezone.make_aware(
        timezone.datetime.combine(day, timezone.datetime.min.time().replace(hour=10))
    )
    return SimpleNamespace(started_at=started, pain_start=start, pain_end=end, status=status, pk=pk)


def drawn(points):
    return ET.fromstring(str(pain_over_time_svg(points)))  # noqa: S314 - our own drawing, not untrusted input


def start_marks(svg) -> list[float]:
    return [
        float(c.get("cx")) for c in svg.iter(f"{SVG}circle") if "pain at start" in c.find(f"{SVG}title").text
    ]


def test_visits_are_spaced_by_date_not_one_step_each():
    first = date(2026, 3, 2)
    points = pain_points(
        [visit(first, 8), visit(first + timedelta(days=7), 6), visit(first + timedelta(days=28), 3)]
    )

    xs = start_marks(drawn(points))

    plot = WIDTH - LEFT - RIGHT
    assert xs == [LEFT, round(LEFT + plot * 7 / 28, 1), WIDTH - RIGHT]
    # A week, then three weeks: the second gap is three times the first.
    assert round((xs[2] - xs[1]) / (xs[1] - xs[0]), 1) == 3.0


def test_drafts_and_discarded_visits_are_not_plotted():
    day = date(2026, 3, 2)
    points = pain_points(
        [
            visit(day, 7, pk=1),
            visit(day + timedelta(days=3), 9, status="draft", pk=2),
            visit(day + timedelta(days=5), 2, status="discarded", pk=3),
        ]
    )
    assert [p.start for p in points] == [7]
    assert "9/10" not in str(pain_over_time_svg(points))


def test_no_label_is_cut_off_by_the_edge_of_the_drawing():
    first = date(2026, 1, 5)
    # Visits close together at both ends, and many of them: the crowded case.
    days = [first, first + timedelta(days=1)] + [first + timedelta(days=7 * n) for n in range(2, 20)]
    svg = drawn(pain_points([visit(d, 5, 4, pk=n) for n, d in enumerate(days)]))

    labels = list(svg.iter(f"{SVG}text"))
    assert labels
    extents = []
    for text in labels:
        x, size = float(text.get("x")), float(text.get("font-size"))
        width = label_width(text.text, size)
        anchor = text.get("text-anchor", "start")
        low = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        assert low >= 0 and low + width <= WIDTH, (text.text, anchor, x)
        assert 0 <= float(text.get("y")) <= HEIGHT
        if re.fullmatch(r"\d\d/\d\d/\d\d", text.text):
            extents.append((low, low + width))
    # The last visit's date is always shown, and date labels never overlap.
    assert f"{days[-1]:%d/%m/%y}" in [t.text for t in labels]
    extents.sort()
    assert all(a[1] <= b[0] for a, b in zip(extents, extents[1:], strict=False))

"""Body charts v1 and v2: the data files and the SVG renderer.

Pure Python on purpose (no Django, no database): region codes end up in clinical
records, so the chart's structure and geometry are checked on their own, fast.
"""

from __future__ import annotations

import dataclasses
import math
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from xml.etree import ElementTree

import pytest

from reference.body_chart import (
    SIDES,
    BodyChart,
    ChartRegion,
    RegionShape,
    all_region_codes,
    load_chart,
    render_view_svg,
)

CHART = load_chart(1)
CHARTS = (load_chart(1), load_chart(2))
VIEW_CODES = ("front", "back")
SVG_NS = "{http://www.w3.org/2000/svg}"

HAMSTRING_BACK_CODES = (
    "gluteal_fold",
    "gluteal",
    "post_thigh_proximal_medial",
    "post_thigh_proximal_lateral",
    "post_thigh_middle_medial",
    "post_thigh_middle_lateral",
    "post_thigh_distal_medial",
    "post_thigh_distal_lateral",
    "popliteal_fossa",
    "calf_medial",
    "calf_lateral",
    "achilles",
    "heel",
)

Point = tuple[float, float]

_NUMBER = r"-?\d+(?:\.\d)?"
_PATH_RE = re.compile(rf"^M {_NUMBER} {_NUMBER}(?: L {_NUMBER} {_NUMBER})+ Z$")


def _points(d: str) -> list[Point]:
    assert _PATH_RE.match(d), f"not a simple 'M x y L x y ... Z' polygon: {d[:60]}"
    numbers = [float(n) for n in re.findall(_NUMBER, d)]
    return list(zip(numbers[0::2], numbers[1::2], strict=True))


def _viewbox(view_code: str, chart: BodyChart = CHART) -> tuple[float, float, float, float]:
    view = chart.view(view_code)
    assert view is not None
    x, y, w, h = (float(p) for p in view.viewbox.split())
    return x, y, w, h


def _shapes(view_code: str, chart: BodyChart = CHART) -> list[tuple[str, str, list[Point]]]:
    return [
        (region.code, side, _points(region.shapes[side].d))
        for region in chart.regions_for_view(view_code)
        for side in region.sides()
    ]


def _area(poly: list[Point]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True))) / 2
    )


def _edges(poly: list[Point]) -> list[tuple[Point, Point]]:
    return list(zip(poly, poly[1:] + poly[:1], strict=True))


def _contains(poly: list[Point], x: float, y: float) -> bool:
    """Even-odd point-in-polygon."""
    inside = False
    for (x1, y1), (x2, y2) in _edges(poly):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient(p: Point, q: Point, r: Point) -> int:
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    return orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0


# --- vocabulary ---------------------------------------------------------------------------------------


def test_chart_declares_version_one_with_a_front_and_a_back_view():
    assert CHART.version == 1
    assert [v.code for v in CHART.views] == list(VIEW_CODES)


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_every_code_is_unique_across_views(chart):
    counts = Counter(r.code for r in chart.regions)
    assert [code for code, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_every_code_is_lowercase_snake_case(chart):
    bad = [r.code for r in chart.regions if not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", r.code)]
    assert bad == []


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_names_are_unique_within_each_view(chart):
    for view_code in VIEW_CODES:
        counts = Counter(r.name for r in chart.regions_for_view(view_code))
        assert [name for name, n in counts.items() if n > 1] == [], view_code


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_every_region_belongs_to_a_known_view_and_regions_are_grouped_by_view(chart):
    views = [r.view for r in chart.regions]
    assert set(views) == set(VIEW_CODES)
    # Front first, then back, never interleaved.
    assert views == sorted(views, key=VIEW_CODES.index)


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_every_region_has_shapes_for_exactly_its_sides(chart):
    for region in chart.regions:
        expected = ("left", "right") if region.sided else ("midline",)
        assert region.sides() == expected
        assert set(region.shapes) == set(expected), region.code
        for side, shape in region.shapes.items():
            assert side in SIDES
            assert shape.side == side


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_each_view_has_at_least_37_segments_and_roughly_choir_granularity(chart):
    total = 0
    for view_code in VIEW_CODES:
        regions = chart.regions_for_view(view_code)
        segments = sum(len(r.sides()) for r in regions)
        total += segments
        assert segments >= 37, view_code
        assert 35 <= len(regions) <= 50, view_code
    assert total >= 74


def test_hamstring_referral_regions_exist_on_the_back_and_are_sided():
    for code in HAMSTRING_BACK_CODES:
        region = CHART.region(code)
        assert region is not None, code
        assert region.view == "back", code
        assert region.sided, code


def test_posterior_thigh_is_split_into_thirds_and_medial_lateral():
    thigh = [r.code for r in CHART.regions_for_view("back") if r.code.startswith("post_thigh_")]
    thirds, halves = ("proximal", "middle", "distal"), ("medial", "lateral")
    assert sorted(thigh) == sorted(f"post_thigh_{third}_{half}" for third in thirds for half in halves)


def test_front_and_back_each_have_a_sided_shoulder():
    for code, view_code in (("shoulder_anterior", "front"), ("shoulder_posterior", "back")):
        region = CHART.region(code)
        assert region is not None and region.view == view_code and region.sided


def test_back_view_covers_spine_and_pelvis_with_midline_regions():
    for code in ("thoracic_spine", "lumbar_spine", "sacrum", "coccyx", "head_posterior"):
        region = CHART.region(code)
        assert region is not None and region.view == "back" and not region.sided, code
    paraspinal = CHART.region("lumbar_paraspinal")
    assert paraspinal is not None and paraspinal.sided


# --- geometry -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_every_path_is_a_closed_polygon_inside_its_viewbox(chart):
    for view_code in VIEW_CODES:
        x0, y0, w, h = _viewbox(view_code, chart)
        for code, side, poly in _shapes(view_code, chart):
            assert len(poly) >= 3, (code, side)
            for x, y in poly:
                assert x0 <= x <= x0 + w and y0 <= y <= y0 + h, (code, side, (x, y))


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_every_polygon_is_simple_and_big_enough_to_tap(chart):
    for view_code in VIEW_CODES:
        for code, side, poly in _shapes(view_code, chart):
            assert len(set(poly)) == len(poly), (code, side, "repeated vertex")
            edges = _edges(poly)
            for i, (a, b) in enumerate(edges):
                for j in range(i + 2, len(edges)):
                    if i == 0 and j == len(edges) - 1:
                        continue
                    assert not _segments_cross(a, b, *edges[j]), (code, side, "self-intersecting")
            assert _area(poly) >= 20, (code, side, _area(poly))


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_client_left_is_on_viewer_left_on_the_back_and_viewer_right_on_the_front(chart):
    for view_code in VIEW_CODES:
        view = chart.view(view_code)
        assert view is not None
        assert view.left_side_on == ("viewer_left" if view_code == "back" else "viewer_right")
        for region in chart.regions_for_view(view_code):
            if not region.sided:
                continue
            left_x = region.shapes["left"].anchor[0]
            right_x = region.shapes["right"].anchor[0]
            if view_code == "back":
                assert left_x < right_x, region.code
            else:
                assert left_x > right_x, region.code


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_sided_shapes_are_mirror_images_about_the_centre_line(chart):
    for view_code in VIEW_CODES:
        x0, _, w, _ = _viewbox(view_code, chart)
        centre = x0 + w / 2
        for region in chart.regions_for_view(view_code):
            if region.sided:
                left = {(round(2 * centre - x, 1), y) for x, y in _points(region.shapes["left"].d)}
                right = set(_points(region.shapes["right"].d))
                assert left == right, region.code


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_midline_shapes_straddle_the_centre_line(chart):
    for view_code in VIEW_CODES:
        x0, _, w, _ = _viewbox(view_code, chart)
        centre = x0 + w / 2
        for region in chart.regions_for_view(view_code):
            if region.sided:
                continue
            shape = region.shapes["midline"]
            assert abs(shape.anchor[0] - centre) <= 0.15 * w, region.code
            xs = [x for x, _ in _points(shape.d)]
            assert min(xs) < centre < max(xs), region.code


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_every_anchor_lies_inside_its_own_shape(chart):
    for region in chart.regions:
        for side, shape in region.shapes.items():
            assert _contains(_points(shape.d), *shape.anchor), (region.code, side, shape.anchor)


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_no_two_shapes_on_the_same_view_overlap(chart):
    # Sample a fine grid (offset so samples avoid the 0.1-unit lattice the vertices sit on);
    # every sample may fall in at most one shape.
    step, ox, oy = 0.5, 0.2371, 0.1913
    for view_code in VIEW_CODES:
        hits: dict[tuple[int, int], list[str]] = defaultdict(list)
        for code, side, poly in _shapes(view_code, chart):
            xs = [x for x, _ in poly]
            ys = [y for _, y in poly]
            for i in range(int(min(xs) / step) - 1, int(max(xs) / step) + 2):
                for j in range(int(min(ys) / step) - 1, int(max(ys) / step) + 2):
                    if _contains(poly, i * step + ox, j * step + oy):
                        hits[(i, j)].append(f"{code}/{side}")
        overlaps = {tuple(names) for names in hits.values() if len(names) > 1}
        assert overlaps == set(), (view_code, sorted(overlaps)[:5])


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_neighbouring_shapes_share_vertices_exactly(chart):
    # A vertex that sits on (or within a hair of) a neighbour's edge without being one of the
    # neighbour's vertices shows as a sliver gap or overlap when the chart is drawn.
    for view_code in VIEW_CODES:
        shapes = _shapes(view_code, chart)
        for code, side, poly in shapes:
            for other_code, other_side, other in shapes:
                if (other_code, other_side) == (code, side):
                    continue
                other_vertices = set(other)
                for v in poly:
                    if v in other_vertices:
                        continue
                    near = min(_distance_to_segment(v, a, b) for a, b in _edges(other))
                    assert near >= 0.3, (view_code, code, side, v, other_code, other_side)


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_regions_tile_the_figure_without_holes(chart):
    # Edges used by exactly one shape form the figure's outline; with no gaps that is one closed loop.
    for view_code in VIEW_CODES:
        edge_counts: Counter[tuple[Point, Point]] = Counter()
        for _, _, poly in _shapes(view_code, chart):
            for a, b in _edges(poly):
                edge_counts[(min(a, b), max(a, b))] += 1
        assert max(edge_counts.values()) <= 2, view_code
        neighbours: dict[Point, list[Point]] = defaultdict(list)
        for (a, b), n in edge_counts.items():
            if n == 1:
                neighbours[a].append(b)
                neighbours[b].append(a)
        assert all(len(v) == 2 for v in neighbours.values()), view_code
        start = next(iter(neighbours))
        seen = {start}
        stack = [start]
        while stack:
            for nxt in neighbours[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        assert len(seen) == len(neighbours), f"{view_code}: outline has holes or separate pieces"


@pytest.mark.parametrize("chart", CHARTS, ids=["v1", "v2"])
def test_coordinates_have_at_most_one_decimal(chart):
    for region in chart.regions:
        for shape in region.shapes.values():
            assert not re.search(r"\d\.\d\d", shape.d), region.code
            assert all(round(c, 1) == c for c in shape.anchor), region.code


# --- module API ---------------------------------------------------------------------------------------


def test_region_label_names_the_side_except_on_the_midline():
    thigh = CHART.region("post_thigh_distal_medial")
    sacrum = CHART.region("sacrum")
    assert thigh is not None and sacrum is not None
    assert thigh.name == "Posterior thigh, distal medial"
    assert thigh.label("left") == "Posterior thigh, distal medial, left"
    assert sacrum.sides() == ("midline",)
    assert sacrum.label("midline") == "Sacrum"
    with pytest.raises(ValueError):
        sacrum.label("left")


def test_region_lookup_returns_none_for_an_unknown_code():
    assert CHART.region("no_such_region") is None
    assert CHART.view("side") is None


def test_all_region_codes_lists_every_region_in_order():
    assert list(all_region_codes(CHART)) == [r.code for r in CHART.regions]


def test_load_chart_is_cached_and_rejects_unknown_versions():
    assert load_chart(1) is load_chart(1)
    assert load_chart() == load_chart(1)
    with pytest.raises(FileNotFoundError):
        load_chart(999)


def test_module_does_not_import_django():
    module_path = Path(__file__).resolve().parents[2] / "reference" / "body_chart.py"
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('body_chart_standalone', {str(module_path)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules[spec.name] = module\n"
        "spec.loader.exec_module(module)\n"
        "module.load_chart(1)\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


# --- rendering ----------------------------------------------------------------------------------------


def _parse_svg(svg: str) -> ElementTree.Element:
    # Our own renderer's output, parsed to prove it is well-formed XML.
    return ElementTree.fromstring(svg)  # noqa: S314


@pytest.mark.parametrize("interactive", [False, True])
@pytest.mark.parametrize("view_code", VIEW_CODES)
def test_render_has_no_inline_style_or_script(view_code, interactive):
    svg = render_view_svg(CHART, view_code, interactive=interactive, fills={("sacrum", "midline"): "#f00"})
    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg.lower()
    assert "javascript:" not in svg.lower()
    assert re.search(r"\son\w+=", svg) is None  # no inline event handlers


@pytest.mark.parametrize("view_code", VIEW_CODES)
def test_render_has_one_path_per_region_side(view_code):
    root = _parse_svg(render_view_svg(CHART, view_code))
    rendered = [(p.get("data-region"), p.get("data-side")) for p in root.iter(f"{SVG_NS}path")]
    expected = [(r.code, side) for r in CHART.regions_for_view(view_code) for side in r.sides()]
    assert rendered == expected
    assert root.get("viewBox") == CHART.view(view_code).viewbox
    assert root.get("class") == f"body-chart body-chart--{view_code}"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.find(f"{SVG_NS}title") is not None
    for path in root.iter(f"{SVG_NS}path"):
        assert path.get("class").split()[0] == "region"
        assert path.get("d").startswith("M ")


def test_render_applies_fills_and_extra_classes_only_where_asked():
    svg = render_view_svg(
        CHART,
        "back",
        fills={("post_thigh_middle_medial", "left"): "#c0392b", ("gluteal_fold", "left"): "url(#hatch-back)"},
        classes={("post_thigh_middle_medial", "left"): "is-pain is-primary"},
    )
    paths = {(p.get("data-region"), p.get("data-side")): p for p in _parse_svg(svg).iter(f"{SVG_NS}path")}
    target = paths[("post_thigh_middle_medial", "left")]
    assert target.get("fill") == "#c0392b"
    assert target.get("class") == "region is-pain is-primary"
    assert paths[("gluteal_fold", "left")].get("fill") == "url(#hatch-back)"
    assert paths[("post_thigh_middle_medial", "right")].get("fill") is None
    assert paths[("post_thigh_middle_medial", "right")].get("class") == "region"


@pytest.mark.parametrize("view_code", VIEW_CODES)
def test_render_defines_a_hatch_pattern_for_spillover(view_code):
    root = _parse_svg(render_view_svg(CHART, view_code))
    patterns = [p.get("id") for p in root.iter(f"{SVG_NS}pattern")]
    assert patterns == [f"hatch-{view_code}"]
    pattern = next(root.iter(f"{SVG_NS}pattern"))
    assert pattern.find(f"{SVG_NS}line") is not None


def test_render_interactive_makes_every_region_a_labelled_button():
    root = _parse_svg(render_view_svg(CHART, "back", interactive=True))
    assert root.get("role") == "group"
    for path in root.iter(f"{SVG_NS}path"):
        region = CHART.region(path.get("data-region"))
        assert region is not None
        assert path.get("tabindex") == "0"
        assert path.get("role") == "button"
        assert path.get("aria-label") == region.label(path.get("data-side"))


def test_render_non_interactive_regions_are_not_focusable():
    svg = render_view_svg(CHART, "front")
    assert "tabindex" not in svg
    assert 'role="button"' not in svg


@pytest.mark.parametrize(("view_code", "left_on_viewer_left"), [("back", True), ("front", False)])
def test_render_labels_client_sides_on_the_correct_sides(view_code, left_on_viewer_left):
    root = _parse_svg(render_view_svg(CHART, view_code))
    labels = {
        t.text: float(t.get("x")) for t in root.iter(f"{SVG_NS}text") if "side-label" in t.get("class", "")
    }
    assert set(labels) == {"Client's left", "Client's right"}
    assert (labels["Client's left"] < labels["Client's right"]) is left_on_viewer_left


def test_render_escapes_every_interpolated_string():
    region = ChartRegion(
        code="x<y",
        name='Evil <script>alert("x")</script> & co',
        view="front",
        sided=False,
        shapes={"midline": RegionShape(side="midline", d="M 0 0 L 10 0 L 10 10 Z", anchor=(5.0, 3.0))},
    )
    chart = dataclasses.replace(CHART, regions=(region,))
    assert isinstance(chart, BodyChart)
    svg = render_view_svg(
        chart,
        "front",
        fills={("x<y", "midline"): '"><script>'},
        classes={("x<y", "midline"): 'a" onclick="x'},
        interactive=True,
        title="Pain <b>map</b>",
    )
    assert "<script" not in svg
    assert "<b>" not in svg
    assert 'onclick="' not in svg
    root = _parse_svg(svg)  # still well-formed
    path = next(root.iter(f"{SVG_NS}path"))
    assert path.get("aria-label") == 'Evil <script>alert("x")</script> & co'
    assert path.get("data-region") == "x<y"
    assert root.get("aria-label") == "Pain <b>map</b>"


def test_render_rejects_an_unknown_view():
    with pytest.raises(ValueError):
        render_view_svg(CHART, "side")

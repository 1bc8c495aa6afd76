"""The v1 → v2 body-chart crosswalk (reference/data/body_chart_v1_to_v2.json, reference/chart_crosswalk.py).

Pure Python, no database: records on v1 must move to v2 and back unchanged, and every v2 region must lie
where the crosswalk says it was cut from.
"""

from __future__ import annotations

import random
import re

import pytest

from reference.body_chart import CURRENT_CHART_VERSION, load_chart
from reference.chart_crosswalk import load_crosswalk, marks_on_chart
from reference.suggest import PainMark

V1, V2 = load_chart(1), load_chart(2)
CROSSWALK = load_crosswalk(1)
NUMBER = re.compile(r"-?\d+(?:\.\d)?")


def _points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in NUMBER.findall(d)]
    return list(zip(numbers[0::2], numbers[1::2], strict=True))


def _contains(poly, x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance_to_outline(poly, x: float, y: float) -> float:
    best = float("inf")
    for (ax, ay), (bx, by) in zip(poly, poly[1:] + poly[:1], strict=True):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        best = min(best, ((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2) ** 0.5)
    return best


def _nodes(chart):
    return [(region.code, side) for region in chart.regions for side in region.sides()]


def test_the_current_chart_is_v2_and_the_crosswalk_joins_v1_to_it():
    assert CURRENT_CHART_VERSION == 2
    assert (CROSSWALK.from_version, CROSSWALK.to_version) == (1, 2)


def test_every_v1_region_is_listed_and_every_v2_region_is_reached():
    assert list(CROSSWALK.forward) == [region.code for region in V1.regions]
    assert set(CROSSWALK.parents) == {region.code for region in V2.regions}


def test_a_v2_region_keeps_the_view_and_sides_of_the_v1_regions_it_was_cut_from():
    for new, olds in CROSSWALK.parents.items():
        for old in olds:
            assert (V2.region(new).view, V2.region(new).sided) == (V1.region(old).view, V1.region(old).sided)


def test_every_v1_region_keeps_a_v2_region_of_its_own():
    # What makes the way back exact: a core region has one v1 region, so it names it unambiguously.
    for old, news in CROSSWALK.forward.items():
        assert any(CROSSWALK.is_core(new) for new in news), old


def test_only_the_lateral_thigh_strip_is_cut_from_several_v1_regions():
    assert [new for new in CROSSWALK.parents if not CROSSWALK.is_core(new)] == ["thigh_lateral"]


def test_a_code_kept_in_v2_comes_from_the_v1_region_of_that_code():
    for region in V2.regions:
        if V1.region(region.code) is not None:
            assert region.code in CROSSWALK.forward[region.code]


@pytest.mark.parametrize("new_code", sorted(CROSSWALK.parents))
def test_each_v2_shape_lies_inside_the_v1_shapes_it_was_cut_from(new_code):
    region = V2.region(new_code)
    for side in region.sides():
        poly = _points(region.shapes[side].d)
        parents = [_points(V1.region(old).shapes[side].d) for old in CROSSWALK.parents[new_code]]
        xs, ys = [x for x, _ in poly], [y for _, y in poly]
        samples = 0
        for i in range(int(min(xs) * 4), int(max(xs) * 4) + 1):
            for j in range(int(min(ys) * 4), int(max(ys) * 4) + 1):
                x, y = i / 4 + 0.0371, j / 4 + 0.0413
                if not _contains(poly, x, y):
                    continue
                samples += 1
                if not any(_contains(parent, x, y) for parent in parents):
                    # A dividing line's vertices sit on the one-decimal grid, up to 0.05 off v1's line.
                    margin = min(_distance_to_outline(parent, x, y) for parent in parents)
                    assert margin < 0.06, (new_code, side, (x, y))
        assert samples > 0


def test_referral_zone_overrides_narrow_the_default_and_keep_a_core_region():
    for trigger_point, moves in CROSSWALK.overrides.items():
        for old, news in moves.items():
            assert set(news) <= set(CROSSWALK.forward[old]), (trigger_point, old)
            assert any(CROSSWALK.is_core(new) for new in news), (trigger_point, old)


def test_the_hamstring_zones_land_on_the_side_the_sources_give():
    # Semimembranosus and semitendinosus: the posteromedial knee; biceps femoris: the back of the knee.
    for slug in ("semimembranosus-trp", "semitendinosus-trp"):
        assert CROSSWALK.targets("popliteal_fossa", trigger_point=slug) == ("knee_posterior_medial",)
        assert CROSSWALK.targets("calf_medial", trigger_point=slug) == (
            "calf_medial_upper",
            "calf_medial_middle",
            "calf_medial_lower",
        )
        assert set(CROSSWALK.targets("gluteal_fold", trigger_point=slug)) == {
            "gluteal_fold",
            "ischial_tuberosity",
        }
    bf = "biceps-femoris-trp"
    assert CROSSWALK.targets("popliteal_fossa", trigger_point=bf) == (
        "knee_posterior_medial",
        "knee_posterior_lateral",
    )
    # "Below the knee into the upper calf" (Travell & Simons), lateral.
    assert CROSSWALK.targets("calf_lateral", trigger_point=bf) == ("calf_lateral_upper",)


def test_marks_go_forward_and_back_unchanged_whatever_the_map():
    nodes = _nodes(V1)
    rng = random.Random(14)
    for size in (1, 2, 3, 5, 8, 20, len(nodes)):
        for _ in range(40):
            chosen = rng.sample(nodes, min(size, len(nodes)))
            marks = {(code, side): (rng.randint(0, 10), i) for i, (code, side) in enumerate(chosen)}
            forward = CROSSWALK.carry_forward(marks, stronger=max)
            assert {code for code, _ in forward} <= set(CROSSWALK.parents)
            assert CROSSWALK.carry_back(forward, stronger=max) == marks


def test_marks_on_the_lateral_thigh_thirds_meet_in_the_strip_and_come_back_apart():
    marks = {("ant_thigh_proximal_lateral", "left"): 5, ("ant_thigh_middle_lateral", "left"): 3}
    forward = CROSSWALK.carry_forward(marks, stronger=max)
    assert forward == {
        ("ant_thigh_proximal_lateral", "left"): 5,
        ("thigh_lateral", "left"): 5,
        ("ant_thigh_middle_lateral", "left"): 3,
    }
    assert CROSSWALK.carry_back(forward, stronger=max) == marks


def test_a_v2_mark_on_the_strip_alone_goes_back_to_every_third_it_crosses():
    back = CROSSWALK.carry_back({("thigh_lateral", "right"): 4}, stronger=max)
    assert back == {
        ("ant_thigh_proximal_lateral", "right"): 4,
        ("ant_thigh_middle_lateral", "right"): 4,
        ("ant_thigh_distal_lateral", "right"): 4,
    }


def test_code_lists_go_forward_in_order_and_back():
    codes = ["popliteal_fossa", "knee_anterior", "calf_medial"]
    forward = CROSSWALK.codes_forward(codes)
    assert forward == [
        "knee_posterior_medial",
        "knee_posterior_lateral",
        "knee_anterior_medial",
        "knee_anterior_lateral",
        "calf_medial_upper",
        "calf_medial_middle",
        "calf_medial_lower",
    ]
    assert CROSSWALK.codes_back(forward) == codes


def test_a_v1_pain_map_reads_on_v2_with_every_part_of_a_divided_region_marked():
    marks = [PainMark("popliteal_fossa", "left", 6, "aching"), PainMark("sacrum", "midline", 2)]
    moved = marks_on_chart(marks, from_version=1, to_version=2)
    assert moved == [
        PainMark("knee_posterior_medial", "left", 6, "aching"),
        PainMark("knee_posterior_lateral", "left", 6, "aching"),
        PainMark("sacrum", "midline", 2),
    ]
    assert marks_on_chart(marks, from_version=2, to_version=2) == marks


# Regions the shipped hamstring patterns use on v2 (tests/reference/test_body_chart_v2_migration.py).
HAMSTRING_V2_CODES = (
    "gluteal",
    "gluteal_fold",
    "ischial_tuberosity",
    "post_thigh_proximal_medial",
    "post_thigh_proximal_lateral",
    "post_thigh_middle_medial",
    "post_thigh_middle_lateral",
    "post_thigh_distal_medial",
    "post_thigh_distal_lateral",
    "knee_posterior_medial",
    "knee_posterior_lateral",
    "calf_medial_upper",
    "calf_medial_middle",
    "calf_medial_lower",
    "calf_lateral_upper",
    "achilles",
)


@pytest.mark.parametrize("code", HAMSTRING_V2_CODES)
def test_hamstring_regions_stay_large_enough_to_tap_in_a_zoomed_legs_view(code):
    # At least 10 x 12 units of the 200 x 440 figure, so a legs view zoomed to 4.4 px a unit makes every one
    # at least 44 px across (the lateral strips, 5 units wide, are not hamstring regions).
    for side in ("left", "right"):
        poly = _points(V2.region(code).shapes[side].d)
        xs, ys = [x for x, _ in poly], [y for _, y in poly]
        assert max(xs) - min(xs) >= 10 and max(ys) - min(ys) >= 12, (code, side)

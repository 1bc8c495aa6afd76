"""Pain-map metrics (records/outcomes/pain_map_change.py): region areas from the chart data, a map's count,
summed intensity and painful share, and the change between two maps, across chart versions too."""

import pytest

from records.outcomes.pain_map_change import (
    chart_area,
    compare_maps,
    path_area,
    region_areas,
    summarise_map,
)
from reference.body_chart import load_chart
from reference.suggest import PainMark

# The left temple on chart v2 is the pentagon (118,23) (119,31) (121,33) (114,37) (112,31): by the
# shoelace formula worked by hand, (921 + 176 + 715 − 610 − 1082) / 2 = 60.
TEMPLE_LEFT_AREA = 60.0


def mark(region, side, intensity):
    return PainMark(region=region, side=side, intensity=intensity)


def test_a_straight_line_path_encloses_its_shoelace_area():
    assert path_area("M 0 0 L 10 0 L 10 10 L 0 10 Z") == 100
    assert path_area("M 0 0 L 4 0 L 0 3 Z") == 6
    assert path_area("M0,0 L0,10 L10,10 L10,0 Z") == 100  # clockwise counts the same
    assert path_area("m 0 0 h 10 v 10 h -10 z") == 100  # relative, horizontal and vertical lines
    assert path_area("M 0 0 L 2 0 L 2 2 L 0 2 Z M 10 10 L 13 10 L 13 13 L 10 13 Z") == 13  # two subpaths


def test_a_curved_path_is_refused_rather_than_measured_wrongly():
    with pytest.raises(ValueError):
        path_area("M 0 0 C 10 0 10 10 0 10 Z")


def test_every_region_side_of_both_charts_has_an_area_and_the_chart_is_their_sum():
    for version in (1, 2):
        chart = load_chart(version)
        areas = region_areas(version)
        assert set(areas) == {(r.code, side) for r in chart.regions for side in r.shapes}
        assert all(area > 0 for area in areas.values())
        assert chart_area(version) == pytest.approx(sum(areas.values()))
    assert region_areas(2)[("temple", "left")] == pytest.approx(TEMPLE_LEFT_AREA)
    # v2 only divides v1's regions, so the figure covers the same area.
    assert chart_area(2) == pytest.approx(chart_area(1))


def test_a_map_counts_its_painful_places_their_intensity_and_their_share_of_the_chart():
    areas = region_areas(2)
    summary = summarise_map(
        [mark("temple", "left", 5), mark("temple", "right", 3), mark("forehead", "midline", 0)],
        chart_version=2,
    )
    assert summary.painful_places == 2  # the forehead is marked pain-free
    assert summary.summed_intensity == 8
    assert summary.painful_area == pytest.approx(TEMPLE_LEFT_AREA + areas[("temple", "right")])
    assert summary.painful_share == pytest.approx(summary.painful_area / chart_area(2))
    assert summary.painful_percent == round(100 * summary.painful_share, 1)
    empty = summarise_map([], chart_version=2)
    assert (empty.painful_places, empty.summed_intensity, empty.painful_share) == (0, 0, 0.0)


def test_a_map_read_on_the_wrong_chart_is_an_error_not_a_silent_zero():
    with pytest.raises(KeyError):
        summarise_map([mark("popliteal_fossa", "left", 4)], chart_version=2)


def test_two_maps_are_compared_place_by_place():
    earlier = [
        mark("gluteal_fold", "left", 6),
        mark("knee_posterior_medial", "left", 4),
        mark("calf_medial_upper", "left", 3),
        mark("achilles", "left", 5),
        mark("temple", "right", 2),
    ]
    later = [
        mark("gluteal_fold", "left", 2),  # better
        mark("knee_posterior_medial", "left", 7),  # worse
        mark("calf_medial_upper", "left", 3),  # unchanged
        mark("achilles", "left", 0),  # resolved: marked pain-free
        mark("calf_lateral_upper", "right", 4),  # new
        # temple right: resolved, no longer marked
    ]
    change = compare_maps(earlier, later, earlier_version=2, later_version=2)
    assert change.counts() == {"resolved": 2, "new": 1, "better": 1, "worse": 1, "unchanged": 1}
    assert [(p.region, p.side) for p in change.resolved] == [("temple", "right"), ("achilles", "left")]
    assert [(p.region, p.before, p.after) for p in change.new] == [("calf_lateral_upper", 0, 4)]
    assert [(p.region, p.before, p.after) for p in change.better] == [("gluteal_fold", 6, 2)]
    assert [(p.region, p.before, p.after) for p in change.worse] == [("knee_posterior_medial", 4, 7)]
    assert [p.region for p in change.unchanged] == ["calf_medial_upper"]
    # Head to toe, as the chart lists its regions.
    assert change.places[0].region == "temple"


def test_a_v1_map_is_moved_onto_v2_before_it_is_compared():
    earlier = [mark("popliteal_fossa", "left", 6), mark("calf_medial", "left", 2)]
    later = [mark("knee_posterior_medial", "left", 3), mark("calf_medial_middle", "left", 5)]
    change = compare_maps(earlier, later, earlier_version=1, later_version=2)
    assert change.chart_version == 2
    kinds = {(p.region, p.side): p.kind for p in change.places}
    assert kinds == {
        # The back of the knee (v1) became its medial and lateral halves (v2).
        ("knee_posterior_medial", "left"): "better",
        ("knee_posterior_lateral", "left"): "resolved",
        # The medial calf became its thirds.
        ("calf_medial_upper", "left"): "resolved",
        ("calf_medial_middle", "left"): "worse",
        ("calf_medial_lower", "left"): "resolved",
    }


def test_an_unknown_kind_of_change_is_refused():
    change = compare_maps([], [], earlier_version=2, later_version=2)
    assert change.places == ()
    with pytest.raises(ValueError):
        change.of_kind("gone")

"""The body charts' adjacency graphs (reference/data/body_chart_v{1,2}_adjacency.json), which give pain
next to a referral zone partial credit in the ranking."""

import json
from pathlib import Path

import pytest

from reference.body_chart import load_chart
from reference.suggest import region_adjacency, side_neighbours

CHART = load_chart(1)
GRAPH = region_adjacency(1)
DATA = Path(__file__).resolve().parents[2] / "reference" / "data"
VERSIONS = pytest.mark.parametrize("version", [1, 2])


@VERSIONS
def test_the_file_names_its_chart_version_and_every_region_once(version):
    document = json.loads((DATA / f"body_chart_v{version}_adjacency.json").read_text(encoding="utf-8"))

    assert document["chart_version"] == version
    assert list(document["adjacent"]) == [region.code for region in load_chart(version).regions]


@VERSIONS
def test_it_uses_no_unknown_code_and_no_region_is_its_own_neighbour(version):
    chart = load_chart(version)
    graph = region_adjacency(version)
    for code, neighbours in graph.items():
        assert chart.region(code) is not None, code
        for neighbour in neighbours:
            assert chart.region(neighbour) is not None, (code, neighbour)
        assert code not in neighbours


@VERSIONS
def test_it_is_symmetric(version):
    graph = region_adjacency(version)
    for code, neighbours in graph.items():
        for neighbour in neighbours:
            assert code in graph[neighbour], f"{neighbour} lacks {code}"


@VERSIONS
def test_every_region_has_a_neighbour(version):
    graph = region_adjacency(version)
    assert [code for code, neighbours in graph.items() if not neighbours] == []


@VERSIONS
def test_sided_neighbours_stay_on_their_side_and_the_expansion_is_symmetric(version):
    chart = load_chart(version)
    nodes = [(region.code, side) for region in chart.regions for side in region.sides()]
    for code, side in nodes:
        for neighbour, neighbour_side in side_neighbours(chart, code, side):
            assert {side, neighbour_side} != {"left", "right"}, (code, side, neighbour)
            assert (code, side) in side_neighbours(chart, neighbour, neighbour_side)


def test_the_back_of_the_leg_is_joined_as_the_hamstring_patterns_need():
    assert {"post_thigh_middle_lateral", "post_thigh_distal_medial", "post_thigh_proximal_medial"} <= GRAPH[
        "post_thigh_middle_medial"
    ]
    assert {"calf_medial", "calf_lateral", "post_thigh_distal_medial", "post_thigh_distal_lateral"} <= GRAPH[
        "popliteal_fossa"
    ]
    assert {"gluteal", "post_thigh_proximal_medial", "post_thigh_proximal_lateral"} <= GRAPH["gluteal_fold"]
    # Touching only at a corner is not adjacency.
    assert "post_thigh_middle_medial" not in GRAPH["post_thigh_distal_lateral"]
    # The sacrum joins the left and right buttocks through the midline.
    assert ("gluteal", "left") in side_neighbours(CHART, "sacrum", "midline")
    assert ("gluteal", "right") in side_neighbours(CHART, "sacrum", "midline")


def test_v2_joins_the_new_back_of_leg_regions_as_the_hamstring_patterns_need():
    chart, graph = load_chart(2), region_adjacency(2)
    assert {"knee_posterior_lateral", "post_thigh_distal_medial", "calf_medial_upper"} <= graph[
        "knee_posterior_medial"
    ]
    assert {"calf_medial_upper", "calf_lateral_middle", "calf_medial_lower"} <= graph["calf_medial_middle"]
    assert {"gluteal", "gluteal_fold", "post_thigh_proximal_medial"} <= graph["ischial_tuberosity"]
    assert {"sacrum", "gluteal_upper", "lumbar_paraspinal"} <= graph["sacroiliac"]
    # The strips join the front to the back where the body wraps round.
    assert {"post_thigh_middle_lateral", "hip_lateral", "knee_anterior_lateral"} <= graph["thigh_lateral"]
    assert {"calf_lateral_upper", "calf_lateral_lower", "malleolus_lateral"} <= graph["leg_lateral"]
    assert "calf_lateral_middle" not in graph["calf_medial_upper"]  # a corner only
    assert ("sacroiliac", "left") in side_neighbours(chart, "sacrum", "midline")

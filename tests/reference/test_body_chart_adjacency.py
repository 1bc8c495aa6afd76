"""The body chart's adjacency graph (reference/data/body_chart_v1_adjacency.json), which gives pain next to a
referral zone partial credit in the ranking."""

import json
from pathlib import Path

from reference.body_chart import load_chart
from reference.suggest import region_adjacency, side_neighbours

CHART = load_chart(1)
PATH = Path(__file__).resolve().parents[2] / "reference" / "data" / "body_chart_v1_adjacency.json"
GRAPH = region_adjacency(1)


def test_the_file_names_its_chart_version_and_every_region_once():
    document = json.loads(PATH.read_text(encoding="utf-8"))

    assert document["chart_version"] == 1
    assert set(document["adjacent"]) == {region.code for region in CHART.regions}


def test_it_uses_no_unknown_code_and_no_region_is_its_own_neighbour():
    for code, neighbours in GRAPH.items():
        assert CHART.region(code) is not None, code
        for neighbour in neighbours:
            assert CHART.region(neighbour) is not None, (code, neighbour)
        assert code not in neighbours


def test_it_is_symmetric():
    for code, neighbours in GRAPH.items():
        for neighbour in neighbours:
            assert code in GRAPH[neighbour], f"{neighbour} lacks {code}"


def test_every_region_has_a_neighbour():
    assert [code for code, neighbours in GRAPH.items() if not neighbours] == []


def test_sided_neighbours_stay_on_their_side_and_the_expansion_is_symmetric():
    nodes = [(region.code, side) for region in CHART.regions for side in region.sides()]
    for code, side in nodes:
        for neighbour, neighbour_side in side_neighbours(CHART, code, side):
            assert {side, neighbour_side} != {"left", "right"}, (code, side, neighbour)
            assert (code, side) in side_neighbours(CHART, neighbour, neighbour_side)


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

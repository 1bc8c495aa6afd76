"""docs/body-chart.md's tables come from the data (reference/body_chart_docs.py), and the CHOIR crosswalk data
(reference/data/choir_crosswalk_v2.json) covers body chart v2 exactly once."""

from collections import Counter

from reference.body_chart import load_chart
from reference.body_chart_docs import DOC_PATH, crosswalk_table, load_choir_segments, with_tables

V2 = load_chart(2)


def test_every_v2_region_is_in_exactly_one_choir_area_of_its_own_view():
    placed = Counter(code for segment in load_choir_segments() for code in segment["regions"])
    assert placed == Counter(region.code for region in V2.regions)
    for segment in load_choir_segments():
        assert {V2.region(code).view for code in segment["regions"]} == {segment["view"]}, segment["segment"]


def test_the_areas_follow_the_chart_head_to_toe_front_then_back():
    order = [region.code for region in V2.regions]
    firsts = [order.index(segment["regions"][0]) for segment in load_choir_segments()]
    assert firsts == sorted(firsts)


def test_the_document_shows_the_tables_the_data_gives():
    document = DOC_PATH.read_text(encoding="utf-8")
    assert with_tables(document) == document, "run: python tools/write_body_chart_docs.py"


def test_the_crosswalk_table_names_the_hamstring_narrowing():
    table = crosswalk_table()
    assert "| `popliteal_fossa` | Back of knee, medial; Back of knee, lateral" in table
    assert "semitendinosus-trp: `knee_posterior_medial`" in table
    assert "`forehead`" not in table  # unchanged codes are left out

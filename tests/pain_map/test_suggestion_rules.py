"""The ranking rules of reference.suggest, on small hand-made libraries (no database needed)."""

from reference.suggest import ESSENTIAL, SPILLOVER, PainMark, SuggestionIndex, ZoneRow, rank_candidates


def zone(tp_id, muscle, region, kind, label="TrP 1"):
    return ZoneRow(tp_id, label, f"tp-{tp_id}", tp_id, muscle, muscle.lower(), region, kind)


def library(*rows):
    return SuggestionIndex(rows)


def mark(region, side="right", intensity=5):
    return PainMark(region=region, side=side, intensity=intensity)


def ranking(index, marks):
    return [(c.muscle_name, c.side) for c in rank_candidates(index, marks)]


def test_an_essential_match_outranks_a_spillover_match():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL), zone(2, "Beta", "knee", SPILLOVER))

    assert ranking(index, [mark("knee")]) == [("Alpha", "right"), ("Beta", "right")]


def test_pain_of_higher_intensity_weighs_more():
    index = library(
        zone(1, "Alpha", "calf", ESSENTIAL),
        zone(2, "Beta", "thigh", ESSENTIAL),
    )
    marks = [mark("calf", intensity=2), mark("thigh", intensity=8)]

    assert ranking(index, marks)[0] == ("Beta", "right")


def test_a_sided_trigger_point_explains_only_its_own_side():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL))

    candidates = rank_candidates(index, [mark("knee", side="left")])

    assert [(c.muscle_name, c.side) for c in candidates] == [("Alpha", "left")]


def test_a_midline_region_matches_either_side():
    index = library(zone(1, "Alpha", "sacrum", ESSENTIAL))

    candidates = rank_candidates(index, [mark("sacrum", side="midline")])

    assert sorted(c.side for c in candidates) == ["left", "right"]
    assert candidates[0].score == candidates[1].score == 1.0


def test_an_essential_zone_without_pain_lowers_the_score():
    index = library(
        zone(1, "Alpha", "thigh", SPILLOVER),
        zone(1, "Alpha", "buttock", ESSENTIAL),
        zone(2, "Beta", "thigh", SPILLOVER),
    )
    alpha, beta = sorted(rank_candidates(index, [mark("thigh")]), key=lambda c: c.muscle_name)

    assert alpha.score < beta.score
    assert [(item.region, item.side) for item in alpha.essential_not_painful] == [("buttock", "right")]


def test_equal_scores_are_ordered_by_muscle_name_so_results_are_deterministic():
    index = library(zone(2, "Zeta", "knee", ESSENTIAL), zone(1, "Alpha", "knee", ESSENTIAL))

    assert ranking(index, [mark("knee")]) == [("Alpha", "right"), ("Zeta", "right")]


def test_each_candidate_lists_what_it_explains_and_what_it_does_not():
    index = library(
        zone(1, "Alpha", "buttock", ESSENTIAL),
        zone(1, "Alpha", "thigh", SPILLOVER),
    )
    [candidate] = rank_candidates(index, [mark("buttock", intensity=8), mark("thigh"), mark("shoulder")])

    assert [i.region for i in candidate.explained_essential] == ["buttock"]
    assert [i.region for i in candidate.explained_spillover] == ["thigh"]
    assert [i.region for i in candidate.unexplained] == ["shoulder"]
    assert candidate.essential_not_painful == []
    assert 0 < candidate.score < 1


def test_scores_stay_between_zero_and_one():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL), zone(1, "Alpha", "calf", SPILLOVER))

    candidates = rank_candidates(
        index,
        [mark("knee", intensity=10), mark("calf", intensity=10), mark("knee", side="left", intensity=1)],
    )

    assert len(candidates) == 2
    assert all(0 <= c.score <= 1 for c in candidates)


def test_an_empty_map_or_a_map_without_pain_gives_no_candidates():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL))

    assert rank_candidates(index, []) == []
    assert rank_candidates(index, [mark("knee", intensity=0)]) == []


def test_pain_where_no_zone_refers_gives_no_candidates():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL))

    assert rank_candidates(index, [mark("shoulder", intensity=9)]) == []

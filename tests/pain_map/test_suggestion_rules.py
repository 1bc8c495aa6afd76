"""The ranking rules of reference.suggest, on small hand-made libraries (no database needed)."""

from reference.suggest import (
    ESSENTIAL,
    SPILLOVER,
    PainMark,
    SuggestionIndex,
    ZoneRow,
    rank_candidates,
    zone_confidence,
)


def zone(tp_id, muscle, region, kind, label="TrP 1", *, at="", confidence=1.0, note=""):
    return ZoneRow(
        tp_id,
        label,
        f"tp-{tp_id}",
        tp_id,
        muscle,
        muscle.lower(),
        region,
        kind,
        confidence=confidence,
        trigger_point_region=at,
        zone_note=note,
        region_name=region,
    )


def library(*rows, adjacency=None):
    return SuggestionIndex(rows, adjacency=adjacency)


def mark(region, side="right", intensity=5, quality=""):
    return PainMark(region=region, side=side, intensity=intensity, quality=quality)


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


def test_trigger_points_with_identical_patterns_are_one_grouped_candidate_listing_both():
    index = library(zone(2, "Zeta", "knee", ESSENTIAL), zone(1, "Alpha", "knee", ESSENTIAL))

    [candidate] = rank_candidates(index, [mark("knee")])

    assert [m.muscle_name for m in candidate.members] == ["Alpha", "Zeta"]
    assert candidate.muscle_names == "Alpha and Zeta" and candidate.is_group


def test_equal_scores_of_different_patterns_share_a_rank_shown_as_equal():
    index = library(
        zone(1, "Alpha", "knee", ESSENTIAL),
        zone(1, "Alpha", "calf", SPILLOVER),
        zone(2, "Zeta", "knee", ESSENTIAL),
        zone(2, "Zeta", "thigh", SPILLOVER),
        zone(3, "Omega", "knee", SPILLOVER),
        zone(3, "Omega", "hip", ESSENTIAL),
    )

    candidates = rank_candidates(index, [mark("knee")])

    assert [(c.muscle_name, c.rank_label, c.shared_rank) for c in candidates] == [
        ("Alpha", "=1", True),
        ("Zeta", "=1", True),
        ("Omega", "3", False),
    ]
    assert candidates[0].score == candidates[1].score > candidates[2].score


def test_one_painful_region_does_not_outrank_the_whole_pattern():
    pattern = [
        zone(1, "Semi", "gluteal_fold", ESSENTIAL),
        zone(1, "Semi", "buttock", ESSENTIAL),
        *(zone(1, "Semi", region, SPILLOVER) for region in ("thigh_medial", "knee", "calf_medial")),
    ]
    index = library(*pattern)

    [one_region] = rank_candidates(index, [mark("gluteal_fold", intensity=8)])
    [whole] = rank_candidates(
        index,
        [mark("gluteal_fold", intensity=8), mark("buttock", intensity=6)]
        + [mark(region, intensity=4) for region in ("thigh_medial", "knee", "calf_medial")],
    )

    assert whole.score == 1.0
    assert one_region.score == 0.68  # half the essential pattern painful, no spillover
    assert one_region.score < whole.score


def test_pain_at_the_trigger_points_own_region_counts_as_explained_local_pain():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL, at="thigh"), zone(2, "Beta", "knee", ESSENTIAL))

    alpha, beta = rank_candidates(index, [mark("knee"), mark("thigh")])

    assert alpha.muscle_name == "Alpha" and alpha.local_pain
    assert [i.region for i in alpha.explained_local] == ["thigh"]
    assert alpha.score == 1.0 and beta.score == 0.5
    assert "local pain at the trigger point" in alpha.explanation


def test_pain_next_to_a_zone_earns_half_credit_but_does_not_make_a_candidate_alone():
    adjacency = {"knee": frozenset({"calf"}), "calf": frozenset({"knee"})}
    index = library(zone(1, "Alpha", "knee", ESSENTIAL), adjacency=adjacency)

    assert rank_candidates(index, [mark("calf")]) == []
    [with_the_zone] = rank_candidates(index, [mark("knee"), mark("calf")])

    assert [i.region for i in with_the_zone.explained_adjacent] == ["calf"]
    assert with_the_zone.explained_percent == 75
    assert with_the_zone.score == 0.75
    assert "1 painful region next to its zones (half credit)" in with_the_zone.explanation


def test_adjacency_does_not_cross_to_the_other_side():
    adjacency = {"knee": frozenset({"calf"}), "calf": frozenset({"knee"})}
    index = library(zone(1, "Alpha", "knee", ESSENTIAL), adjacency=adjacency)

    [candidate] = rank_candidates(index, [mark("knee", side="left"), mark("calf", side="right")])

    assert (candidate.side, candidate.explained_adjacent) == ("left", [])
    assert candidate.explained_percent == 50


def test_a_zone_under_review_counts_half_and_a_contradicted_zone_not_at_all():
    assert zone_confidence(needs_review=True, contradicted=False) == 0.5
    assert zone_confidence(needs_review=False, contradicted=True) == 0.0
    assert zone_confidence(needs_review=True, contradicted=True) == 0.0
    index = library(
        zone(1, "Sure", "thigh", SPILLOVER),
        zone(1, "Sure", "knee", ESSENTIAL),
        zone(2, "Doubtful", "thigh", SPILLOVER, confidence=0.5, note="under review, counts half."),
        zone(2, "Doubtful", "knee", ESSENTIAL),
        zone(3, "Contradicted", "thigh", SPILLOVER, confidence=0.0, note="contradicted, not counted."),
        zone(3, "Contradicted", "knee", ESSENTIAL),
    )

    candidates = rank_candidates(index, [mark("thigh")])

    assert [c.muscle_name for c in candidates] == ["Sure", "Doubtful"]
    assert candidates[1].explained_percent == 50
    assert candidates[1].curation_notes == ["thigh: under review, counts half."]


def test_tingling_numb_burning_or_electric_pain_lowers_confidence_and_says_so():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL))

    [aching] = rank_candidates(index, [mark("knee", quality="aching")])
    for quality in ("tingling", "numb", "burning", "electric"):
        [neural] = rank_candidates(index, [mark("knee", quality=quality)])
        assert neural.score == aching.score / 2
        assert f"{quality} pain, unusual for trigger points, lowers its confidence" in neural.explanation
        assert "Screen for nerve involvement" in neural.quality_note
    assert "aching, as trigger-point pain typically is" in aching.explanation
    assert aching.quality_note == "Aching pain, as referred trigger-point pain typically is."


def test_the_explanation_says_what_the_score_means_in_words():
    index = library(zone(1, "Alpha", "knee", ESSENTIAL), zone(1, "Alpha", "hip", ESSENTIAL))

    [candidate] = rank_candidates(index, [mark("knee", intensity=8), mark("shoulder", intensity=2)])

    assert candidate.explanation == "explains 80 % of the pain; 1 of 2 essential zones painful"


def test_a_limit_counts_grouped_candidates_and_keeps_each_group_whole():
    rows = [zone(n, f"M{n:02}", "knee", SPILLOVER) for n in range(1, 30)]
    rows += [zone(n, f"M{n:02}", f"region-{n}", ESSENTIAL) for n in range(1, 30)]
    rows += [zone(100, "Twin A", "knee", ESSENTIAL), zone(101, "Twin B", "knee", ESSENTIAL)]
    index = library(*rows)

    candidates = rank_candidates(index, [mark("knee")], limit=2)

    assert len(candidates) == 2
    assert [m.muscle_name for m in candidates[0].members] == ["Twin A", "Twin B"]
    assert candidates[1].rank_label == "=2"  # 29 patterns tie there; the list shows the first


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

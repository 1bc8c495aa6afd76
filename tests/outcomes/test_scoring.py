"""Scoring the outcome measures (records/outcomes/scoring.py): totals, the missing-item rule, averages and
every meaningful-change threshold at its boundary."""

from decimal import Decimal

import pytest

from records.outcomes.instruments import GROC_LABELS, LEFS_ANSWERS, LEFS_ITEMS, lefs_item_text
from records.outcomes.scoring import (
    Direction,
    groc_result,
    lefs_change,
    lefs_missing_items_problem,
    lefs_total,
    nrs_change,
    psfs_activity_change,
    psfs_average,
    psfs_change,
)


def all_items(score: int) -> dict[int, int]:
    return dict.fromkeys(range(1, 21), score)


# --- The instrument -----------------------------------------------------------------------------------


def test_the_lefs_has_binkleys_twenty_items_and_five_answers():
    assert len(LEFS_ITEMS) == 20
    assert lefs_item_text(1) == "Any of your usual work, housework or school activities"
    assert lefs_item_text(13) == "Going up or down 10 stairs (about 1 flight of stairs)"
    assert lefs_item_text(20) == "Rolling over in bed"
    assert LEFS_ANSWERS[0] == (0, "Extreme difficulty or unable to perform activity")
    assert LEFS_ANSWERS[4] == (4, "No difficulty")
    with pytest.raises(ValueError):
        lefs_item_text(21)


def test_the_global_rating_scale_runs_from_minus_7_to_plus_7_around_about_the_same():
    assert sorted(GROC_LABELS) == list(range(-7, 8))
    assert GROC_LABELS[0] == "About the same"
    assert GROC_LABELS[4] == "Moderately better"
    assert GROC_LABELS[-7] == "A very great deal worse"


# --- LEFS total and missing items ---------------------------------------------------------------------


def test_a_complete_lefs_totals_its_twenty_answers():
    scores = all_items(2) | {1: 4, 2: 0, 3: 3}
    result = lefs_total(scores)
    assert result.total == 2 * 17 + 4 + 0 + 3 == 41
    assert not result.prorated
    assert result.missing == 0
    assert lefs_total(all_items(0)).total == 0
    assert lefs_total(all_items(4)).total == 80


def test_up_to_four_missing_items_are_prorated_to_the_full_scale():
    scores = all_items(3)
    for item in (2, 7, 11, 19):
        del scores[item]
    result = lefs_total(scores)
    assert (result.answered, result.raw_sum, result.missing) == (16, 48, 4)
    assert result.total == 60  # 48 × 20 / 16
    assert result.prorated
    assert str(result) == "60/80 (prorated: 4 missing)"


def test_proration_rounds_half_up():
    # 19 answered, sum 19 × 2 + 1 = 39 → 39 × 20 / 19 = 41.05 → 41.
    scores = all_items(2) | {1: 3}
    del scores[20]
    assert lefs_total(scores).total == 41
    # 18 answered, sum 27: 27 × 20 / 18 = 30.0 exactly; sum 26 → 28.89 → 29.
    scores = {item: 2 if item <= 9 else 1 for item in range(1, 19)}
    assert sum(scores.values()) == 27 and lefs_total(scores).total == 30
    scores[18] = 0
    assert lefs_total(scores).total == 29
    # 16 answered, sum 26: 26 × 20 / 16 = 32.5 → 33 (half up, not to even).
    scores = {item: 2 if item <= 10 else 1 for item in range(1, 17)}
    assert sum(scores.values()) == 26 and lefs_total(scores).total == 33


def test_more_than_four_missing_items_give_no_total_and_a_form_message():
    scores = all_items(4)
    for item in (1, 2, 3, 4, 5):
        del scores[item]
    result = lefs_total(scores)
    assert result.total is None
    assert result.missing == 5
    assert str(result) == "no total (5 of 20 items missing)"
    problem = lefs_missing_items_problem(scores)
    assert problem.startswith("Answer at least 16 of the 20 items: 5 are unanswered")
    scores[1] = 4
    assert lefs_missing_items_problem(scores) is None


def test_an_unanswered_item_may_be_handed_over_as_none_and_an_empty_lefs_is_no_lefs():
    scores = all_items(1) | {3: None}
    assert lefs_total(scores).answered == 19
    assert lefs_missing_items_problem({}) is None
    assert lefs_missing_items_problem(dict.fromkeys(range(1, 21))) is None


@pytest.mark.parametrize("scores", [{1: 5}, {1: -1}, {0: 2}, {21: 2}])
def test_an_item_or_score_out_of_range_is_refused(scores):
    with pytest.raises(ValueError):
        lefs_total(scores)


def test_an_item_answered_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        lefs_total([(1, 2), (1, 3)])


# --- LEFS change ----------------------------------------------------------------------------------------


def test_a_lefs_rise_of_nine_is_a_meaningful_improvement_and_eight_is_not():
    change = lefs_change(38, 55)
    assert (change.change, change.meaningful, change.direction) == (17, True, Direction.IMPROVED)
    assert change.text == "LEFS 38 → 55, +17: meaningful improvement"
    assert lefs_change(38, 47).meaningful
    below = lefs_change(38, 46)
    assert not below.meaningful
    assert below.direction is Direction.IMPROVED
    assert below.text == "LEFS 38 → 46, +8: not a meaningful change (9 points needed)"


def test_a_lefs_fall_of_nine_is_a_meaningful_worsening():
    change = lefs_change(50, 41)
    assert (change.change, change.meaningful, change.direction) == (-9, True, Direction.WORSE)
    assert change.text == "LEFS 50 → 41, −9: meaningful worsening"
    assert not lefs_change(50, 42).meaningful
    same = lefs_change(50, 50)
    assert same.direction is Direction.UNCHANGED and same.text == "LEFS 50 → 50, 0: no change"


def test_a_lefs_total_outside_0_to_80_is_refused():
    with pytest.raises(ValueError):
        lefs_change(0, 81)


# --- PSFS -----------------------------------------------------------------------------------------------


def test_the_psfs_score_is_the_average_of_the_scored_activities_to_one_decimal():
    assert psfs_average([3, 4, 4]) == Decimal("3.7")  # 3.666…
    assert psfs_average([2, 3, None, 5]) == Decimal("3.3")  # an unscored activity does not count
    assert psfs_average([1, 2]) == Decimal("1.5")
    assert psfs_average([2, 2, 3, 3, 4, 4, 4, 5]) == Decimal("3.4")  # 3.375 → 3.4, half up
    assert psfs_average([]) is None
    assert psfs_average([None, None]) is None
    with pytest.raises(ValueError):
        psfs_average([3, 11])


def test_a_psfs_average_change_of_two_is_meaningful_and_one_point_nine_is_not():
    change = psfs_change(Decimal("3.3"), Decimal("5.3"))
    assert (change.change, change.meaningful) == (Decimal("2.0"), True)
    assert change.text == "PSFS 3.3 → 5.3, +2.0: meaningful improvement"
    assert not psfs_change(Decimal("3.3"), Decimal("5.2")).meaningful
    assert psfs_change(Decimal("6.0"), Decimal("4.0")).direction is Direction.WORSE
    assert psfs_change(Decimal("6.0"), Decimal("4.0")).meaningful


def test_the_psfs_verdict_reads_the_averages_as_shown():
    # 3.35 shows as 3.4 and 5.349 as 5.3: shown +1.9, so not meaningful, though the raw gap is 1.999.
    assert psfs_change(3.35, 5.349).change == Decimal("1.9")
    assert not psfs_change(3.35, 5.349).meaningful


def test_one_psfs_activity_needs_three_points():
    change = psfs_activity_change(2, 5, activity="Running 5 km")
    assert change.meaningful and change.text == "PSFS: Running 5 km 2 → 5, +3: meaningful improvement"
    assert not psfs_activity_change(2, 4).meaningful
    assert psfs_activity_change(7, 4).direction is Direction.WORSE
    with pytest.raises(ValueError):
        psfs_activity_change(2, 11)


# --- NRS ------------------------------------------------------------------------------------------------


def test_pain_two_points_lower_is_a_meaningful_improvement():
    change = nrs_change(8, 6)
    assert (change.change, change.meaningful, change.direction) == (-2, True, Direction.IMPROVED)
    assert change.text == "NRS 8 → 6, −2: meaningful improvement"


def test_pain_thirty_percent_lower_is_meaningful_even_by_one_point():
    assert nrs_change(3, 2).meaningful  # 33 %
    assert nrs_change(10, 7).meaningful  # exactly 30 % (and 3 points)
    assert not nrs_change(4, 3).meaningful  # 25 %, 1 point
    assert not nrs_change(9, 8).meaningful  # 11 %, 1 point
    assert nrs_change(9, 8).text == "NRS 9 → 8, −1: not a meaningful change (2 points or 30 % needed)"


def test_pain_getting_worse_is_judged_by_the_same_rule():
    worse = nrs_change(4, 6)
    assert (worse.meaningful, worse.direction) == (True, Direction.WORSE)
    assert worse.text == "NRS 4 → 6, +2: meaningful worsening"
    assert nrs_change(3, 4).meaningful  # one point is 33 % of 3
    assert not nrs_change(5, 6).meaningful  # 20 %


def test_from_no_pain_only_the_two_points_count():
    assert not nrs_change(0, 1).meaningful
    assert nrs_change(0, 2).meaningful
    assert not nrs_change(0, 0).meaningful
    assert nrs_change(0, 0).direction is Direction.UNCHANGED


def test_a_pain_score_outside_0_to_10_is_refused():
    with pytest.raises(ValueError):
        nrs_change(11, 2)


# --- Global rating of change ----------------------------------------------------------------------------


def test_moderately_better_or_more_is_a_meaningful_improvement():
    result = groc_result(4)
    assert (result.meaningful, result.direction, result.baseline) == (True, Direction.IMPROVED, None)
    assert result.text == "GROC +4 (moderately better): meaningful improvement"
    assert not groc_result(3).meaningful
    assert groc_result(7).meaningful


def test_moderately_worse_or_less_is_a_meaningful_worsening():
    assert groc_result(-4).meaningful and groc_result(-4).direction is Direction.WORSE
    assert groc_result(-4).text == "GROC −4 (moderately worse): meaningful worsening"
    assert not groc_result(-3).meaningful
    assert groc_result(0).direction is Direction.UNCHANGED


def test_a_rating_outside_minus_7_to_plus_7_is_refused():
    for value in (-8, 8, None):
        with pytest.raises(ValueError):
            groc_result(value)

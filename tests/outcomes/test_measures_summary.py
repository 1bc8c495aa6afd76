"""A visit's check-in in a line (records/outcomes/summary.py): one query whatever the number of answers."""

import pytest

from clinic.dates import local_date
from records.models import CheckInKind
from records.outcomes.summary import visit_measures
from tests.outcomes.builders import answer_lefs, make_check_in, name_activity, score_activity
from tests.visits.builders import make_visit

pytestmark = pytest.mark.django_db


def test_a_visit_without_a_check_in_has_no_summary(runner, therapist_a1, django_assert_num_queries):
    visit = make_visit(runner, therapist_a1)
    with django_assert_num_queries(1):
        assert visit_measures(visit.pk) is None


def test_the_summary_computes_the_totals_in_one_query(runner, therapist_a1, django_assert_num_queries):
    visit = make_visit(runner, therapist_a1)
    check_in = make_check_in(
        visit.episode,
        therapist_a1,
        visit=visit,
        recorded_on=local_date(visit.started_at),
        kind=CheckInKind.FOLLOW_UP,
        usual_pain_week=6,
        groc=-2,
    )
    answer_lefs(check_in, dict.fromkeys(range(1, 19), 3))
    for position, score in ((1, 4), (2, 7), (3, 8)):
        score_activity(check_in, name_activity(visit.episode, position, f"Activity {position}"), score)
    # Another visit's answers are not counted.
    other = make_visit(runner, therapist_a1)
    answer_lefs(
        make_check_in(other.episode, therapist_a1, visit=other, recorded_on=local_date(other.started_at)),
        {1: 0},
    )
    with django_assert_num_queries(1):
        summary = visit_measures(visit.pk)
    assert summary.check_in_id == check_in.pk and summary.kind_label == "Follow-up"
    assert (summary.lefs.total, summary.lefs.answered, summary.lefs.prorated) == (60, 18, True)
    assert str(summary.psfs_average) == "6.3" and summary.psfs_scored == 3
    assert summary.groc_text == "−2 (a little worse)" and summary.usual_pain_week == 6

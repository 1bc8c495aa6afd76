"""What the app suggested is stored when a visit is signed (and backfilled for visits signed before), never
changed afterwards; the sums the Outcomes page scores give the same totals as the items."""

import pytest

from records.models import DeletionRefused, SuggestedTriggerPoint, SuggestionSnapshotIsAppendOnly
from records.outcomes import scoring
from records.outcomes.suggestion_snapshots import backfill_suggestions, record_suggestions
from records.visits.signing import sign_visit
from tests.records.builders import make_client
from tests.visits.builders import SEMITENDINOSUS, add_finding, add_mark, make_visit, sign


@pytest.fixture
def patient(clinic_a):
    return make_client(clinic_a)


def test_signing_stores_the_ranked_suggestions_with_what_palpation_confirmed(patient, therapist_a1):
    visit = make_visit(patient, therapist_a1, pain_start=6)
    add_mark(visit, "gluteal_fold", "right", 7)
    add_finding(visit, SEMITENDINOSUS, "right", status="confirmed")
    visit = sign_visit(visit_id=visit.pk, by=therapist_a1)

    rows = list(SuggestedTriggerPoint.objects.filter(visit=visit).select_related("trigger_point"))
    # Semimembranosus and semitendinosus share one pattern: one candidate, one row each, at its rank.
    first = {row.trigger_point.slug: row for row in rows if row.rank == 1}
    assert set(first) == {"semimembranosus-trp", "semitendinosus-trp"}
    assert first["semitendinosus-trp"].confirmed and not first["semimembranosus-trp"].confirmed
    assert all(row.side == "right" for row in first.values())
    assert {(r.clinic_id, r.therapist_id, r.visit_started_at) for r in rows} == {
        (visit.clinic_id, therapist_a1.pk, visit.started_at)
    }
    assert record_suggestions(visit) == 0  # once only


def test_a_visit_without_a_map_stores_nothing_and_a_draft_is_refused(patient, therapist_a1):
    visit = make_visit(patient, therapist_a1, pain_start=6)
    with pytest.raises(ValueError, match="signed visits only"):
        record_suggestions(visit)
    sign_visit(visit_id=visit.pk, by=therapist_a1)
    assert not SuggestedTriggerPoint.objects.filter(visit=visit).exists()


def test_the_backfill_fills_visits_signed_before_suggestions_were_kept(patient, therapist_a1):
    older = make_visit(patient, therapist_a1)
    add_mark(older, "knee_posterior_lateral", "left", 6)
    add_finding(older, status="confirmed")
    sign(older)  # signed directly, as visits were before this release: no suggestions stored
    empty = make_visit(patient, therapist_a1)
    sign(empty)
    assert not SuggestedTriggerPoint.objects.exists()

    assert backfill_suggestions(batch=1) == 2
    first = SuggestedTriggerPoint.objects.get(visit=older, rank=1)
    assert (first.trigger_point.slug, first.side, first.confirmed) == ("biceps-femoris-trp", "left", True)
    assert backfill_suggestions() == 1  # the visit without a map has none to store; nothing twice
    assert (
        SuggestedTriggerPoint.objects.filter(visit=older).count()
        == first.visit.suggested_trigger_points.count()
    )


def test_stored_suggestions_are_never_changed_or_deleted(patient, therapist_a1):
    visit = make_visit(patient, therapist_a1, pain_start=5)
    add_mark(visit, "knee_posterior_lateral", "left", 6)
    sign_visit(visit_id=visit.pk, by=therapist_a1)
    row = SuggestedTriggerPoint.objects.filter(visit=visit).first()
    row.rank = 5
    with pytest.raises(SuggestionSnapshotIsAppendOnly):
        row.save()
    with pytest.raises(DeletionRefused):
        row.delete()
    with pytest.raises(SuggestionSnapshotIsAppendOnly):
        SuggestedTriggerPoint.objects.update(confirmed=True)
    with pytest.raises(DeletionRefused):
        SuggestedTriggerPoint.objects.all().delete()


@pytest.mark.parametrize("answered", [20, 19, 16, 15, 0])
def test_the_sum_and_count_give_the_same_lefs_total_as_the_items(answered):
    items = {item: (item * 7) % 5 for item in range(1, answered + 1)}
    by_items = scoring.lefs_total(items)
    by_sum = scoring.lefs_total_of_sum(sum(items.values()), answered=answered)
    assert by_items == by_sum


def test_the_sum_and_count_give_the_same_psfs_average_as_the_scores():
    for scores in ([3, 4, 4], [7, 8, 8, 9, 10], [0], []):
        assert scoring.psfs_average(scores) == scoring.psfs_average_of_sum(sum(scores), count=len(scores))
    with pytest.raises(ValueError):
        scoring.psfs_average_of_sum(31, count=3)
    with pytest.raises(ValueError):
        scoring.lefs_total_of_sum(81, answered=20)

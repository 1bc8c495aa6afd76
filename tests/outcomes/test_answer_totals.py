"""Each check-in's answer totals (records.models.answer_totals) stay equal to its answers, whichever way the
answers are written, and the migration that made them filled them in for the check-ins stored before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from records.models import CheckInAnswerTotals, LefsItemScore, PsfsScore
from records.outcomes.saving import save_check_in
from tests.outcomes.builders import answer_lefs, make_check_in, name_activity, score_activity

BEFORE_TOTALS = ("records", "0019_access_log_actions_of_both_outcome_branches")


def stored_totals(check_in) -> tuple[int, int, int, int]:
    row = CheckInAnswerTotals.objects.filter(check_in=check_in).first()
    if row is None:
        return (0, 0, 0, 0)
    return (row.lefs_sum, row.lefs_answered, row.psfs_sum, row.psfs_answered)


def counted_from_answers(check_in) -> tuple[int, int, int, int]:
    lefs = list(LefsItemScore.objects.filter(check_in=check_in).values_list("score", flat=True))
    psfs = list(PsfsScore.objects.filter(check_in=check_in).values_list("score", flat=True))
    return (sum(lefs), len(lefs), sum(psfs), len(psfs))


@pytest.mark.django_db
def test_answers_saved_and_deleted_one_by_one_keep_the_totals(episode, therapist_a1):
    check_in = make_check_in(episode, therapist_a1)
    assert stored_totals(check_in) == (0, 0, 0, 0)
    answer_lefs(check_in, {1: 4, 2: 3, 3: 0})
    running = name_activity(episode, 1, "Running")
    stairs = name_activity(episode, 2, "Stairs")
    score_activity(check_in, running, 6)
    score = score_activity(check_in, stairs, 2)
    assert stored_totals(check_in) == (7, 3, 8, 2)

    score.score = 9
    score.save()
    LefsItemScore.objects.get(check_in=check_in, item=2).delete()

    assert stored_totals(check_in) == (4, 2, 15, 2) == counted_from_answers(check_in)


@pytest.mark.django_db
def test_bulk_writes_keep_the_totals(episode, therapist_a1):
    first, second = make_check_in(episode, therapist_a1), make_check_in(episode, therapist_a1)
    LefsItemScore.objects.bulk_create(
        [LefsItemScore(check_in=first, item=n, score=2) for n in range(1, 21)]
        + [LefsItemScore(check_in=second, item=n, score=1) for n in range(1, 5)]
    )
    assert (stored_totals(first), stored_totals(second)) == ((40, 20, 0, 0), (4, 4, 0, 0))

    LefsItemScore.objects.filter(check_in=first, item__gt=10).update(score=4)
    LefsItemScore.objects.filter(check_in=second, item__in=[1, 2]).delete()

    assert stored_totals(first) == (60, 20, 0, 0) == counted_from_answers(first)
    assert stored_totals(second) == (2, 2, 0, 0) == counted_from_answers(second)


@pytest.mark.django_db
def test_saving_a_check_in_refreshes_its_totals_once(episode, therapist_a1):
    check_in = make_check_in(episode, therapist_a1)
    running = name_activity(episode, 1, "Running")
    lefs = dict.fromkeys(range(1, 21), 3)
    with CaptureQueriesContext(connection) as saving:
        save_check_in(
            check_in=check_in, by=therapist_a1, expected_lock_version=None, lefs=lefs, psfs={running.pk: 7}
        )
    assert stored_totals(check_in) == (60, 20, 7, 1)
    writes = [
        q["sql"] for q in saving.captured_queries if "INSERT INTO" in q["sql"] and "answertotals" in q["sql"]
    ]
    assert len(writes) == 1  # once for the whole save, not once per answer

    lefs[1] = None  # an answer taken back
    save_check_in(check_in=check_in, by=therapist_a1, expected_lock_version=None, lefs=lefs, psfs={})
    assert stored_totals(check_in) == (57, 19, 7, 1) == counted_from_answers(check_in)


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_in_the_totals_of_stored_check_ins(episode, therapist_a1):
    with_answers, without = make_check_in(episode, therapist_a1), make_check_in(episode, therapist_a1)
    answer_lefs(with_answers, {1: 4, 20: 1})
    score_activity(with_answers, name_activity(episode, 1, "Running"), 5)
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_TOTALS])
    assert "records_checkinanswertotals" not in connection.introspection.table_names()

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())

    assert stored_totals(with_answers) == (5, 2, 5, 1)
    assert CheckInAnswerTotals.objects.filter(check_in=without).exists()  # a row of zeros

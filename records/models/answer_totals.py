"""Each check-in's LEFS and PSFS answers summed and counted, kept beside the check-in.

The Outcomes page scores the check-ins of a whole clinic's year (some 12,000). Summing their answers on every
view (one subquery per check-in and instrument) took half of the page's time; the totals are kept instead,
written whenever an answer is: ``CheckInPart``'s save and delete and its queryset's update, delete and
bulk_create call ``answers_changed``. Only the sums and counts are kept: what a total means (the LEFS
missing-item rule, the PSFS average) is still decided by ``records.outcomes.scoring`` when the page is read.

The totals are derived, never typed and never shown as a record: a check-in without a row has no answers.
``refresh_answer_totals`` computes them again from the answers (the migration that made the table used it,
and ``tests/outcomes/test_answer_totals.py`` checks that every way of writing an answer keeps them true).

Saving a check-in writes up to 25 answers: ``records.outcomes.saving.save_check_in`` collects the changed
check-ins with ``answer_totals_deferred`` and refreshes them once, when its last answer is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import models
from django.db.models import Count, Sum

# SQLite allows a limited number of parameters per statement: ids are refreshed in batches of this size.
REFRESH_BATCH = 500

_deferred: ContextVar[set[int] | None] = ContextVar("answer_totals_deferred", default=None)


class CheckInAnswerTotals(models.Model):
    """How many LEFS items and PSFS activities a check-in has answered, and their sums."""

    # Derived data goes with its check-in: a check-in is only ever deleted as part of a draft visit.
    check_in = models.OneToOneField(
        "records.CheckIn", on_delete=models.CASCADE, primary_key=True, related_name="answer_totals"
    )
    lefs_sum = models.PositiveSmallIntegerField(default=0)
    lefs_answered = models.PositiveSmallIntegerField(default=0)
    psfs_sum = models.PositiveSmallIntegerField(default=0)
    psfs_answered = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "check-in answer totals"
        verbose_name_plural = "check-in answer totals"

    def __str__(self) -> str:
        return (
            f"LEFS {self.lefs_sum} over {self.lefs_answered} items, "
            f"PSFS {self.psfs_sum} over {self.psfs_answered} activities"
        )


def answers_changed(check_in_ids: Iterable[int]) -> None:
    """The answers of these check-ins were written: refresh their totals now, or when the deferral that is
    open ends."""
    pending = _deferred.get()
    if pending is None:
        refresh_answer_totals(check_in_ids)
    else:
        pending.update(check_in_ids)


@contextmanager
def answer_totals_deferred() -> Iterator[None]:
    """Refresh the totals of the check-ins whose answers change inside the block once, at its end (in the
    caller's transaction: a failed block writes neither answers nor totals)."""
    if _deferred.get() is not None:  # an outer block refreshes them
        yield
        return
    token = _deferred.set(set())
    try:
        yield
        pending = _deferred.get()
    finally:
        _deferred.reset(token)
    refresh_answer_totals(pending)


def refresh_answer_totals(check_in_ids: Iterable[int]) -> None:
    """Compute the totals of these check-ins from their stored answers and store them: two grouped reads
    and one write per batch."""
    ids = sorted({pk for pk in check_in_ids if pk is not None})
    for start in range(0, len(ids), REFRESH_BATCH):
        _refresh_batch(ids[start : start + REFRESH_BATCH])


def _refresh_batch(ids: list[int]) -> None:
    # Looked up by name: records.models.outcomes imports this module (its answers call answers_changed).
    check_in_model = apps.get_model("records", "CheckIn")
    totals = {pk: CheckInAnswerTotals(check_in_id=pk) for pk in ids}
    for model_name, prefix in (("LefsItemScore", "lefs"), ("PsfsScore", "psfs")):
        grouped = (
            apps.get_model("records", model_name)
            .objects.filter(check_in_id__in=ids)
            .order_by()
            .values_list("check_in_id")
            .annotate(total=Sum("score"), answered=Count("pk"))
        )
        for check_in_id, total, answered in grouped:
            setattr(totals[check_in_id], f"{prefix}_sum", total)
            setattr(totals[check_in_id], f"{prefix}_answered", answered)
    # A check-in deleted in the same transaction (with its draft visit) has nothing left to total.
    existing = set(check_in_model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
    CheckInAnswerTotals.objects.bulk_create(
        [row for pk, row in totals.items() if pk in existing],
        update_conflicts=True,
        unique_fields=["check_in"],
        update_fields=["lefs_sum", "lefs_answered", "psfs_sum", "psfs_answered"],
    )

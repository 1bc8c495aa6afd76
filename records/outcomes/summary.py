"""What a check-in holds, in a line: LEFS total, PSFS average, global rating of change, usual pain.

Totals come from ``records.outcomes.scoring`` (never stored). ``visit_measures`` reads a visit's check-in
and its answers in ONE query (a UNION compiled once per process), so the visit editor and the note pay a
single query for their "Outcome measures" section whatever the number of answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, F, IntegerField, Value

from clinic.prepared_queries import PreparedQuery
from records.models import CheckIn, CheckInKind, LefsItemScore, PsfsScore
from records.outcomes.instruments import GROC_LABELS
from records.outcomes.scoring import LefsTotal, lefs_total, psfs_average, signed


@dataclass(frozen=True)
class CheckInSummary:
    check_in_id: int
    kind: str
    usual_pain_week: int | None
    groc: int | None
    lefs: LefsTotal | None  # None: no LEFS recorded
    psfs_average: Decimal | None
    psfs_scored: int

    @property
    def kind_label(self) -> str:
        return CheckInKind(self.kind).label if self.kind in CheckInKind.values else self.kind

    @property
    def groc_text(self) -> str:
        if self.groc is None:
            return ""
        return f"{signed(self.groc)} ({GROC_LABELS[self.groc].lower()})"

    @property
    def is_empty(self) -> bool:
        return (
            self.lefs is None
            and self.psfs_average is None
            and self.groc is None
            and self.usual_pain_week is None
        )


def summarise(*, check_in_id, kind, usual_pain_week, groc, lefs: dict[int, int], psfs: list[int]):
    return CheckInSummary(
        check_in_id=check_in_id,
        kind=kind,
        usual_pain_week=usual_pain_week,
        groc=groc,
        lefs=lefs_total(lefs) if lefs else None,
        psfs_average=psfs_average(psfs),
        psfs_scored=len(psfs),
    )


def summary_of(check_in: CheckIn) -> CheckInSummary:
    """From a check-in whose ``lefs_items`` and ``psfs_scores`` are prefetched (or read here)."""
    return summarise(
        check_in_id=check_in.pk,
        kind=check_in.kind,
        usual_pain_week=check_in.usual_pain_week,
        groc=check_in.groc,
        lefs={row.item: row.score for row in check_in.lefs_items.all()},
        psfs=[row.score for row in check_in.psfs_scores.all()],
    )


def _visit_measures_query(visit_id: int):
    none = Value(None, output_field=IntegerField())
    blank = Value("", output_field=CharField())
    head = (
        CheckIn.objects.filter(visit_id=visit_id)
        .order_by()
        .annotate(part=Value("check_in", output_field=CharField()), key=F("pk"))
        .values_list("part", "key", "usual_pain_week", "groc", "kind")
    )
    lefs = (
        LefsItemScore.objects.filter(check_in__visit_id=visit_id)
        .order_by()
        .annotate(part=Value("lefs", output_field=CharField()), extra=none, kind_text=blank)
        .values_list("part", "item", "score", "extra", "kind_text")
    )
    psfs = (
        PsfsScore.objects.filter(check_in__visit_id=visit_id)
        .order_by()
        .annotate(part=Value("psfs", output_field=CharField()), extra=none, kind_text=blank)
        .values_list("part", "activity_id", "score", "extra", "kind_text")
    )
    return head.union(lefs, psfs, all=True)


VISIT_MEASURES = PreparedQuery(_visit_measures_query, visit_id=-1)


def visit_measures(visit_id: int, *, rows: list[tuple] | None = None) -> CheckInSummary | None:
    """The summary of the check-in recorded in visit ``visit_id``, or None. One query, or none when given
    the query's ``rows`` (read with other queries: records.visits.queries.EditorReads)."""
    head, lefs, psfs = None, {}, []
    if rows is None:
        rows = VISIT_MEASURES.rows(visit_id=visit_id)
    for part, key, first, second, kind in rows:
        if part == "check_in":
            head = (key, first, second, kind)
        elif part == "lefs":
            lefs[key] = first
        else:
            psfs.append(first)
    if head is None:
        return None
    check_in_id, usual_pain, groc, kind = head
    return summarise(
        check_in_id=check_in_id, kind=kind, usual_pain_week=usual_pain, groc=groc, lefs=lefs, psfs=psfs
    )

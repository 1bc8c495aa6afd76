"""Keeping what the app suggested for a visit: the ranked candidates of its pain map, stored at signing.

``records.visits.signing.sign_visit`` calls ``record_suggestions`` in the signing transaction, after the
visit is locked, so the rows say what the therapist saw beside the map when the note was finished (the same
ranking as the editor: the current library, the map read on the current chart) and whether each suggested
trigger point was confirmed on palpation in that visit. Migration 0017 ran ``backfill_suggestions`` for the
visits signed before this existed, with the library as it was then (the library version is on each row).

Why stored and not computed when the Outcomes page is read: a year of a busy clinic is tens of thousands of
signed visits, and ranking each map again (about a millisecond each) on every view would be far over the
page's 200 ms goal; the library also changes, and a suggestion belongs to the library it was made from.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from records.models import FindingStatus, SuggestedTriggerPoint, Visit, VisitStatus
from reference.body_chart import CURRENT_CHART_VERSION
from reference.chart_crosswalk import marks_on_chart
from reference.suggest import PainMark, suggest
from reference.versioning import current_library_version

# As many candidates as the visit editor shows beside the map (reference.pain_map_views.candidates_context).
SUGGESTIONS_KEPT = 10


def suggestion_rows(visit: Visit, *, library_version: int) -> list[SuggestedTriggerPoint]:
    """The unsaved rows for ``visit``'s stored map and findings: one per trigger point of each ranked
    candidate (a grouped candidate, such as semimembranosus and semitendinosus, gives one row per member, at
    the candidate's rank). Three queries: the map, the confirmed findings, and the library version check
    (none while the cached index is current)."""
    marks = [
        PainMark(region=m.region.code, side=m.side, intensity=m.intensity, quality=m.quality)
        for m in visit.pain_marks.select_related("region")
    ]
    if visit.chart_version != CURRENT_CHART_VERSION:
        marks = marks_on_chart(marks, from_version=visit.chart_version, to_version=CURRENT_CHART_VERSION)
    candidates = suggest(
        marks, chart_version=CURRENT_CHART_VERSION, limit=SUGGESTIONS_KEPT, library_version=library_version
    )
    if not candidates:
        return []
    confirmed = set(
        visit.findings.filter(status=FindingStatus.CONFIRMED).values_list("trigger_point_id", "side")
    )
    rows = []
    for candidate in candidates:
        member_ids = [m.trigger_point_id for m in candidate.members] or [candidate.trigger_point_id]
        for trigger_point_id in member_ids:
            rows.append(
                SuggestedTriggerPoint(
                    clinic_id=visit.clinic_id,
                    visit=visit,
                    therapist_id=visit.therapist_id,
                    visit_started_at=visit.started_at,
                    trigger_point_id=trigger_point_id,
                    side=candidate.side,
                    rank=candidate.rank,
                    shared_rank=candidate.shared_rank,
                    score=Decimal(str(candidate.score)).quantize(Decimal("0.01")),
                    confirmed=(trigger_point_id, candidate.side) in confirmed,
                    library_version=library_version,
                )
            )
    return rows


def record_suggestions(visit: Visit, *, library_version: int | None = None) -> int:
    """Store the suggestions of a signed visit (once: a visit that has them is left alone). Returns how many
    rows were written."""
    if visit.status != VisitStatus.SIGNED:
        raise ValueError("Suggestions are kept for signed visits only.")
    if SuggestedTriggerPoint.objects.filter(visit=visit).exists():
        return 0
    version = current_library_version() if library_version is None else library_version
    rows = suggestion_rows(visit, library_version=version)
    SuggestedTriggerPoint.objects.bulk_create(rows)
    return len(rows)


def backfill_suggestions(*, batch: int = 500) -> int:
    """Store the suggestions of every signed visit that has none (visits signed before they were kept).
    Returns how many visits were filled. Safe to run again."""
    version = current_library_version()
    filled = 0
    pending = Visit.objects.signed().filter(suggested_trigger_points__isnull=True).order_by("pk")
    last_pk = 0
    while True:
        # Keyset batches: a visit whose map suggests nothing gets no row and must not be read again.
        visits = list(pending.filter(pk__gt=last_pk)[:batch])
        if not visits:
            return filled
        with transaction.atomic():
            rows = [row for visit in visits for row in suggestion_rows(visit, library_version=version)]
            SuggestedTriggerPoint.objects.bulk_create(rows)
        filled += len(visits)
        last_pk = visits[-1].pk

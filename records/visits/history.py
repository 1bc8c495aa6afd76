"""The visit log's part of a client's change history (``records.audit.change_history``).

Every visit, every part of a visit and every addendum has a django-simple-history table; this module reads
the rows that concern one client, one query per table, and names what they refer to (trigger points,
techniques, body regions, findings) so the history reads as sentences rather than ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from records.models import (
    Addendum,
    AdverseEvent,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitPainMark,
)
from reference.models import BodyRegion, Technique, TriggerPoint

# Bookkeeping that changes on every save of a draft and says nothing to a reader.
VISIT_BOOKKEEPING = {"visit", "lock_version", "updated_at"}
PARTS = [
    (VisitPainMark, "pain map"),
    (Finding, "finding"),
    (TechniqueApplication, "technique"),
    (NeedlingSite, "needling site"),
    (AdverseEvent, "adverse event"),
    (Addendum, "addendum"),
]


@dataclass
class VisitHistory:
    visit_rows: list = field(default_factory=list)
    part_rows: dict = field(default_factory=dict)  # model -> history rows
    visit_dates: dict = field(default_factory=dict)  # visit id -> "dd/mm/yyyy"

    @property
    def user_ids(self) -> set:
        ids = set()
        for row in self.visit_rows:
            ids.update([row.therapist_id, row.signed_by_id, row.discarded_by_id])
        for row in self.part_rows.get(Addendum, []):
            ids.add(row.author_id)
        return ids

    def library_names(self) -> dict:
        """Names of the library entries (and findings) the rows point at: three queries at most."""
        wanted = {TriggerPoint: set(), Technique: set(), BodyRegion: set()}
        for model in (Finding, NeedlingSite):
            wanted[TriggerPoint].update(row.trigger_point_id for row in self.part_rows.get(model, []))
        for model in (TechniqueApplication, NeedlingSite):
            wanted[Technique].update(row.technique_id for row in self.part_rows.get(model, []))
        wanted[BodyRegion].update(row.region_id for row in self.part_rows.get(VisitPainMark, []))
        names = {
            TriggerPoint: dict(
                TriggerPoint.objects.filter(pk__in=wanted[TriggerPoint]).values_list("pk", "label")
            )
            if wanted[TriggerPoint]
            else {},
            Technique: dict(Technique.objects.filter(pk__in=wanted[Technique]).values_list("pk", "name"))
            if wanted[Technique]
            else {},
            BodyRegion: dict(BodyRegion.objects.filter(pk__in=wanted[BodyRegion]).values_list("pk", "name"))
            if wanted[BodyRegion]
            else {},
        }
        names[Finding] = {
            row.id: f"{names[TriggerPoint].get(row.trigger_point_id, 'trigger point')}, {row.side}"
            for row in self.part_rows.get(Finding, [])
        }
        return names

    def sources(self, names: dict | None = None):
        """(model, rows, subject) triples in the shape ``change_history`` reads. With ``names`` (from
        ``library_names``) a finding, needling site or pain-map row is named by what it is about, so
        "needling site removed" says which one."""
        names = names or {}
        yield Visit, self.visit_rows, lambda row: f"Visit {self.visit_dates.get(row.id, '')}".strip()
        for model, label in PARTS:
            yield (
                model,
                self.part_rows.get(model, []),
                lambda row, label=label: (
                    f"Visit {self.visit_dates.get(row.visit_id, '')}: {label}{_which(row, names)}"
                ),
            )


def _which(row, names: dict) -> str:
    """ ", Biceps femoris trigger point, left" for a row about a trigger point or region, else ""."""
    if hasattr(row, "trigger_point_id"):
        what = names.get(TriggerPoint, {}).get(row.trigger_point_id)
    elif hasattr(row, "region_id"):
        what = names.get(BodyRegion, {}).get(row.region_id)
    else:
        return ""
    return f" ({what}, {row.side})" if what else ""


def visit_history_rows(client) -> VisitHistory:
    """The history rows of the client's visits and their parts: one query per history table."""
    visit_rows = list(
        Visit.history.filter(client_id=client.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    history = VisitHistory(visit_rows=visit_rows)
    for row in visit_rows:
        history.visit_dates[row.id] = f"{timezone.localtime(row.started_at):%d/%m/%Y}"
    visit_ids = list(history.visit_dates)
    for model, _label in PARTS:
        history.part_rows[model] = (
            list(
                model.history.filter(visit_id__in=visit_ids)
                .select_related("history_user")
                .order_by("history_date", "history_id")
            )
            if visit_ids
            else []
        )
    return history

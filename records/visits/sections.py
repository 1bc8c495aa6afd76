"""Which sections of the visit editor start folded, to keep the page short on a tablet.

A section folds when this visit holds nothing in it (no stored row, nothing typed or ticked, no error)
*and* the therapist left it empty in each of their recent signed visits: a therapist who never needles
does not scroll past the needling section, one who needles every session finds it open. A therapist with
no signed visit yet sees every section (there is nothing to learn from). Folding is done by
static/js/visit-sections.js; without script every section is shown.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Subquery

from clinic.prepared_queries import PreparedQuery
from records.models import (
    AdverseEvent,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitStatus,
)

FOLDABLE = ("findings", "techniques", "needling", "self-help", "plan")
# How many of the therapist's latest signed visits say what they usually record.
RECENT_VISITS = 10
PLAN_FIELDS = ("assessment", "plan", "next_visit")
SELF_HELP_FIELDS = ("self_help", "self_help_notes", "perpetuating_factors", "perpetuating_notes")


def _recent_sections_query(therapist_id: int):
    def has(model):
        return Exists(model.objects.filter(visit=OuterRef("pk")))

    # The recent visits are picked first (the therapist/status/date index), so the EXISTS tests run for those
    # ten rows only; annotating the ordered list itself made PostgreSQL test every visit before sorting
    # (117 ms for a therapist with 100,000 visits in bench_clients).
    recent = (
        Visit.objects.filter(therapist_id=therapist_id, status=VisitStatus.SIGNED)
        .order_by("-started_at", "-id")
        .values("pk")[:RECENT_VISITS]
    )
    return (
        Visit.objects.filter(pk__in=Subquery(recent))
        .annotate(
            used_findings=has(Finding),
            used_techniques=has(TechniqueApplication),
            used_needling=has(NeedlingSite) | has(AdverseEvent),
            used_self_help=Exists(Visit.self_help.through.objects.filter(visit_id=OuterRef("pk")))
            | Exists(Visit.perpetuating_factors.through.objects.filter(visit_id=OuterRef("pk")))
            | ~Q(self_help_notes="")
            | ~Q(perpetuating_notes=""),
            used_plan=~Q(assessment="") | ~Q(plan="") | ~Q(next_visit=""),
        )
        .values_list("used_findings", "used_techniques", "used_needling", "used_self_help", "used_plan")
    )


# Compiled once per process: the ORM took 3.5 ms to write this SQL, which PostgreSQL runs in 1 ms.
RECENT_SECTIONS = PreparedQuery(_recent_sections_query, therapist_id=-1)


def sections_used_recently(therapist_id: int, *, rows: list[tuple] | None = None) -> set[str] | None:
    """The foldable sections the therapist filled in any of their last signed visits; None when they have
    signed none. One query (a row per recent visit, at most ``RECENT_VISITS``), or none when given its
    ``rows`` (read with the visit's parts: records.visits.queries.EditorReads)."""
    if rows is None:
        rows = RECENT_SECTIONS.rows(therapist_id=therapist_id)
    if not rows:
        return None
    return {name for index, name in enumerate(FOLDABLE) if any(row[index] for row in rows)}


def _formset_holds_something(formset) -> bool:
    return bool(
        formset.initial_form_count()
        or formset.new_forms_in_use()
        or formset.non_form_errors()
        or any(form.errors for form in formset.forms)
    )


def _fields_hold_something(form, names) -> bool:
    if any(name in form.errors for name in names):
        return True
    return any(form[name].value() not in (None, "", [], False) for name in names)


def sections_in_use(editor) -> set[str]:
    """The foldable sections this visit's forms (stored or as posted) hold something in, errors included."""
    used = set()
    if _formset_holds_something(editor.findings):
        used.add("findings")
    if _formset_holds_something(editor.techniques):
        used.add("techniques")
    if (
        _formset_holds_something(editor.needling)
        or _formset_holds_something(editor.adverse_events)
        or _fields_hold_something(editor.form, ("sharps_disposal_confirmed",))
    ):
        used.add("needling")
    if _fields_hold_something(editor.form, SELF_HELP_FIELDS):
        used.add("self-help")
    if _fields_hold_something(editor.form, PLAN_FIELDS):
        used.add("plan")
    return used


def folded_sections(editor, therapist_id: int, *, recent_rows: list[tuple] | None = None) -> set[str]:
    recent = sections_used_recently(therapist_id, rows=recent_rows)
    if recent is None:
        return set()
    return set(FOLDABLE) - recent - sections_in_use(editor)

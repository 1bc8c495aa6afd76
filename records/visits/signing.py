"""Signing, discarding and correcting a visit: the steps that end a draft or add to a signed note.

A signed note is locked (``records.models.visits``); what it needs before it can be signed is decided here,
in one list of plain-language problems, so the page, the tests and any future API say the same thing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from records.models import DRY_NEEDLING, Addendum, Visit, VisitLocked, VisitStatus
from records.outcomes.suggestion_snapshots import record_suggestions


class SigningRefused(Exception):
    """The visit is not complete enough to sign; ``problems`` says what to fix."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def signing_problems(visit: Visit) -> list[str]:
    """What stops ``visit`` from being signed, in the order a therapist would fix it. Empty when it can be.

    A few queries: the needling sites (none when prefetched) and the consent check.
    """
    problems = []
    if visit.pain_start is None:
        problems.append("Record the pain at the start of the session (0–10).")
    # The editing screen has the sites prefetched (records.visits.queries.load_parts); signing reads them
    # afresh under its row lock.
    sites = getattr(visit, "_prefetched_objects_cache", {}).get("needling_sites")
    sites = list(sites if sites is not None else visit.needling_sites.select_related("trigger_point"))
    for site in sites:
        if not site.needles_reconcile:
            missing = site.needles_inserted - site.needles_removed
            problems.append(
                f"Needles at {site.trigger_point}, {site.side}: {site.needles_inserted} inserted but "
                f"{site.needles_removed} removed. Account for the {missing} missing "
                f"needle{'s' if missing != 1 else ''} before signing."
            )
    if sites and not visit.sharps_disposal_confirmed:
        problems.append("Confirm that the needles went into a sharps container (dry needling was done).")
    if sites and not visit.client.has_current_consent(DRY_NEEDLING):
        if visit.client.dry_needling_consent_status() == "not_accepted":
            problems.append(
                "Dry needling is recorded but the client's dry-needling consent was given in a way that does "
                f"not count for needling: it must be {visit.client.dry_needling_accepted_methods()}."
            )
        else:
            problems.append("Dry needling is recorded but the client has no current dry-needling consent.")
    problems += flag_problems(visit)
    return problems


def flag_problems(visit: Visit) -> list[str]:
    """One line per recorded red flag without an outcome (prefetched on the editing screen, else a query)."""
    flags = getattr(visit, "_prefetched_objects_cache", {}).get("red_flags")
    flags = flags if flags is not None else visit.red_flags.all()
    return [
        f"Record what was done about the red flag “{flag.rule_name}”: screened and not indicated, referred, "
        "or treatment deferred."
        for flag in flags
        if not flag.outcome
    ]


def sign_visit(*, visit_id: int, by) -> Visit:
    """Sign the draft: checks completeness and locks it. Raises ``SigningRefused`` with the problems."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("client").get(pk=visit_id)
        _check_author(visit, by, "sign")
        problems = signing_problems(visit)
        if problems:
            raise SigningRefused(problems)
        visit.status = VisitStatus.SIGNED
        visit.signed_at = timezone.now()
        visit.signed_by = by
        visit._history_user = by
        visit.full_clean()
        visit.save()
        # What the app suggested beside the map, kept for the Outcomes page's confirmation rates.
        record_suggestions(visit)
    return visit


def discard_visit(*, visit_id: int, by, reason: str) -> Visit:
    """Set a draft aside with a reason. It is kept (and its history), never deleted."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give a reason for discarding the draft.")
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit_id)
        _check_author(visit, by, "discard")
        visit.status = VisitStatus.DISCARDED
        visit.discarded_at = timezone.now()
        visit.discarded_by = by
        visit.discard_reason = reason
        visit._history_user = by
        visit.save()
    return visit


def add_addendum(*, visit: Visit, by, text: str, reason: str) -> Addendum:
    """Append a dated, attributed correction to a signed note; the note itself is unchanged."""
    addendum = Addendum(visit=visit, author=by, text=(text or "").strip(), reason=(reason or "").strip())
    addendum._history_user = by
    addendum.full_clean()
    addendum.save()
    return addendum


def _check_author(visit: Visit, by, verb: str) -> None:
    if visit.status != VisitStatus.DRAFT:
        raise VisitLocked(f"This visit is {visit.get_status_display().lower()}; it cannot be {verb}ed again.")
    if visit.therapist_id != by.pk:
        raise PermissionError(f"Only the visit's therapist can {verb} it.")

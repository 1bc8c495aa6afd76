"""Starting a visit and saving a draft: every write that spans the visit and its parts.

``save_draft`` is the one way a draft changes. It runs in one transaction: the visit row is locked, its
``lock_version`` compared with the one the editor started from, then the visit, its pain map, findings,
techniques, needling sites and adverse events are cleaned and written. Any error rolls all of it back, so a
failure never leaves part of a note saved, and a save based on an out-of-date copy changes nothing
(``EditConflict``, shared with every version-checked record: clinic/edit_conflicts.py) instead of
silently overwriting someone else's work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from clinic.edit_conflicts import EditConflict  # the one conflict every versioned save raises
from records.models import Episode, Visit, VisitLocked, VisitPainMark, VisitStatus
from records.models.outcomes import opened_episode_title
from records.visits.flags import sync_red_flags
from reference.chart_crosswalk import marks_on_chart
from reference.models import BodyRegion
from reference.pain_map import CURRENT_CHART_VERSION
from reference.suggest import PainMark
from reference.versioning import current_library_version


@dataclass
class DraftChanges:
    """What one save of the visit page changes. ``None`` leaves that part alone.

    ``saves`` are new or changed parts (findings before the techniques that point at them); ``deletes`` are
    parts removed from the draft.
    """

    fields: dict = field(default_factory=dict)
    self_help: Iterable | None = None
    perpetuating_factors: Iterable | None = None
    marks: Sequence[PainMark] | None = None
    saves: list = field(default_factory=list)
    deletes: list = field(default_factory=list)
    # What was done about each recorded red flag, by rule id (records.visits.flags.OutcomeAnswer).
    flag_outcomes: dict = field(default_factory=dict)


def start_visit(
    *,
    client,
    therapist,
    copy_from: Visit | None = None,
    episode: Episode | None = None,
    new_episode_title: str | None = None,
) -> Visit:
    """Open a draft for ``client`` now, written against the current library and chart versions.

    With ``copy_from`` (a signed visit of this client: ``last_signed_map_visit``) its pain map is copied
    (moved to the current chart if drawn on an older one), so a follow-up visit starts from what the client
    reported last time.

    The episode of care: ``episode`` (an active episode of this client, chosen on the start page), or a new
    one titled ``new_episode_title`` (blank: "Care from <today>"), or by default the client's open episode
    (or a new one: ``Episode.objects.open_for``).
    """
    with transaction.atomic():
        started_at = timezone.now()
        today = timezone.localdate(started_at)
        if episode is not None:
            if episode.client_id != client.pk or not episode.is_active:
                raise ValueError("A visit joins an active episode of its own client.")
        elif new_episode_title is not None:
            episode = Episode(
                clinic_id=client.clinic_id,
                client=client,
                title=new_episode_title.strip() or opened_episode_title(today),
                started_on=today,
                created_by=therapist,
            )
            episode._history_user = therapist
            episode.full_clean()
            episode.save()
        else:
            episode = Episode.objects.open_for(client, by=therapist, on=today)
        visit = Visit(
            clinic_id=client.clinic_id,
            client=client,
            episode=episode,
            therapist=therapist,
            started_at=started_at,
            library_version=current_library_version(),
            chart_version=CURRENT_CHART_VERSION,
        )
        visit._history_user = therapist
        visit.full_clean()
        visit.save()
        if copy_from is not None:
            if copy_from.client_id != client.pk or not copy_from.is_signed:
                raise ValueError("Only a signed visit of the same client's map is copied.")
            # A map from an older chart reads as the current chart does (reference/chart_crosswalk.py).
            regions = {region.code: region for region in BodyRegion.objects.for_chart(visit.chart_version)}
            for mark in marks_on_chart(
                stored_marks(copy_from),
                from_version=copy_from.chart_version,
                to_version=visit.chart_version,
            ):
                copy = VisitPainMark(
                    visit=visit,
                    region=regions[mark.region],
                    side=mark.side,
                    intensity=mark.intensity,
                    quality=mark.quality,
                )
                copy._history_user = therapist
                copy.save()
    return visit


def last_signed_map_visit(client) -> Visit | None:
    """The client's latest *signed* visit with a pain map, on any chart version (an older chart's map is
    read through the crosswalk when copied): the one a new visit may start from. A draft is not copied: it
    is unfinished, and may still change. One query."""
    return (
        client.visits.signed()
        .filter(pain_marks__isnull=False)
        .select_related("therapist")
        .order_by("-started_at", "-id")
        .distinct()
        .first()
    )


def save_draft(*, visit_id: int, by, expected_lock_version: int, changes: DraftChanges) -> Visit:
    """Apply ``changes`` to the draft in one transaction and move its ``lock_version`` on by one.

    Raises ``EditConflict`` (nothing saved) when the draft moved on since ``expected_lock_version``,
    ``VisitLocked`` when it is no longer a draft, ``PermissionError`` when ``by`` is not its therapist, and
    ``ValidationError`` from any part (nothing saved either).
    """
    with transaction.atomic():
        # The row lock makes a second saver wait here until the first commits, then see the new version.
        visit = Visit.objects.select_for_update().get(pk=visit_id)
        if visit.status != VisitStatus.DRAFT:
            raise VisitLocked(
                f"This visit is {visit.get_status_display().lower()} and can no longer be edited."
            )
        if visit.therapist_id != by.pk:
            raise PermissionError("Only the visit's therapist edits a draft.")
        if visit.lock_version != expected_lock_version:
            raise EditConflict(visit)
        note_changed = any(getattr(visit, name) != value for name, value in changes.fields.items())
        for name, value in changes.fields.items():
            setattr(visit, name, value)
        visit.lock_version = expected_lock_version + 1
        visit._history_user = by
        # The version moves on at every save (the conflict check needs it), but a save that left the note's
        # own fields as they were is no change to record: its parts record their own changes. (django-simple-
        # history skips the record when the attribute exists at all, whatever its value.)
        if not note_changed:
            visit.skip_history_when_saving = True
        visit.full_clean()
        visit.save()
        visit.__dict__.pop("skip_history_when_saving", None)
        if changes.self_help is not None:
            visit.self_help.set(changes.self_help)
        if changes.perpetuating_factors is not None:
            visit.perpetuating_factors.set(changes.perpetuating_factors)
        if changes.marks is not None:
            replace_pain_map(visit, changes.marks, by=by)
        # The flags follow what the draft now says: its map (as submitted, or as stored) and checklist.
        marks = list(changes.marks) if changes.marks is not None else stored_marks(visit)
        sync_red_flags(visit, marks, by=by, outcomes=changes.flag_outcomes)
        for part in changes.deletes:
            if part.pk is not None:
                part._history_user = by
                part.delete()
        for part in changes.saves:
            part.visit = visit
            part._history_user = by
            part.full_clean()
            part.save()
    return visit


def replace_pain_map(visit: Visit, marks: Sequence[PainMark], *, by) -> None:
    """Make the visit's stored marks equal ``marks``: unchanged rows stay, so history shows real changes."""
    regions = {region.code: region for region in BodyRegion.objects.for_chart(visit.chart_version)}
    existing = {(m.region.code, m.side): m for m in visit.pain_marks.select_related("region")}
    wanted = {(mark.region, mark.side): mark for mark in marks}
    for key, row in existing.items():
        if key not in wanted:
            row._history_user = by
            row.delete()
    for key, mark in wanted.items():
        row = existing.get(key)
        if row is None:
            region = regions.get(mark.region)
            row = VisitPainMark(visit=visit, region=region, side=mark.side)
        elif (row.intensity, row.quality) == (mark.intensity, mark.quality or ""):
            continue
        row.intensity = mark.intensity
        row.quality = mark.quality or ""
        row._history_user = by
        row.full_clean()
        row.save()


def stored_marks(visit: Visit) -> list[PainMark]:
    return [
        PainMark(region=m.region.code, side=m.side, intensity=m.intensity, quality=m.quality)
        for m in visit.pain_marks.select_related("region")
    ]

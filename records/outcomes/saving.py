"""Writes that span an episode or a check-in and its answers, each in one transaction.

``save_check_in`` is the one way a check-in's measures change: the check-in row is locked and its
``lock_version`` compared with the one the form was opened at (``EditConflict``, nothing written, when it
moved on), then the check-in, its LEFS items and PSFS scores (and activities named at this check-in) are
written, and its answer totals refreshed once (``records.models.answer_totals``). A locked check-in
(signed, discarded, or in a visit no longer a draft) raises ``CheckInLocked`` from the models before
anything is written. Unchanged rows stay as they are, so the history shows real changes.
"""

from __future__ import annotations

from django.db import transaction

from clinic.edit_conflicts import EditConflict
from records.models import CheckIn, Episode, LefsItemScore, PsfsActivity, PsfsScore
from records.models.answer_totals import answer_totals_deferred


@transaction.atomic
def create_episode(*, episode: Episode, activity_names: list[str], by) -> Episode:
    """Save a new ``episode`` (cleaned by its form) and the PSFS activities the client named, in order."""
    episode._history_user = by
    episode.full_clean()
    episode.save()
    for position, name in enumerate(activity_names, start=1):
        activity = PsfsActivity(episode=episode, position=position, name=name)
        activity._history_user = by
        activity.full_clean()
        activity.save()
    return episode


@transaction.atomic
@answer_totals_deferred()
def save_check_in(
    *,
    check_in: CheckIn,
    by,
    expected_lock_version: int | None,
    lefs: dict[int, int | None],
    psfs: dict[int, int | None],
    new_activities: list[tuple[int, str, int | None]] = (),
) -> CheckIn:
    """Write ``check_in`` (its fields as the form set them) and its answers.

    ``lefs`` is {item: score or None (unanswered)}; ``psfs`` {activity id: score or None} for the episode's
    named activities; ``new_activities`` (position, name, score) names the episode's activities now.
    """
    if check_in.pk is not None:
        stored = CheckIn.objects.select_for_update().filter(pk=check_in.pk).values("lock_version").first()
        if stored is None or (
            expected_lock_version is not None and stored["lock_version"] != expected_lock_version
        ):
            raise EditConflict(CheckIn.objects.get(pk=check_in.pk))
        # Only the answers may have changed: the version still moves on (a second tab's save must see it),
        # but the check-in's own history records no empty change.
        before = CheckIn.objects.filter(pk=check_in.pk).values(*_OWN_FIELDS).first()
        if before == {name: getattr(check_in, name) for name in _OWN_FIELDS}:
            check_in.skip_history_when_saving = True
    # Checked above, under the row lock: the model's own check would skip a save whose answers alone
    # changed, and the version must move on then too.
    check_in.__dict__.pop("expected_lock_version", None)
    check_in._history_user = by
    check_in.full_clean()
    check_in.save()
    check_in.__dict__.pop("skip_history_when_saving", None)

    existing = {row.item: row for row in LefsItemScore.objects.filter(check_in=check_in)}
    for item, score in lefs.items():
        _apply(existing.get(item), score, LefsItemScore(check_in=check_in, item=item), by=by)

    if new_activities:
        if PsfsActivity.objects.filter(episode_id=check_in.episode_id).exists():
            raise ValueError("This episode's activities are named already.")
        for position, name, score in new_activities:
            activity = PsfsActivity(episode_id=check_in.episode_id, position=position, name=name)
            activity._history_user = by
            activity.full_clean()
            activity.save()
            psfs = {**psfs, activity.pk: score}

    scored = {row.activity_id: row for row in PsfsScore.objects.filter(check_in=check_in)}
    for activity_id, score in psfs.items():
        _apply(
            scored.get(activity_id),
            score,
            PsfsScore(check_in=check_in, activity_id=activity_id),
            by=by,
        )
    return check_in


_OWN_FIELDS = ("kind", "recorded_on", "usual_pain_week", "groc")


def _apply(row, score, new_row, *, by) -> None:
    """Make the stored answer ``row`` (None: not answered before) say ``score`` (None: not answered);
    ``new_row`` (unsaved) is written when there was none."""
    if score is None:
        if row is not None:
            row._history_user = by
            row.delete()
        return
    if row is None:
        row = new_row
    elif row.score == score:
        return
    row.score = score
    row._history_user = by
    row.full_clean()
    row.save()

"""Builders for episodes and check-ins."""

from __future__ import annotations

from datetime import date

from records.models import CheckIn, CheckInKind, Episode, LefsItemScore, PsfsActivity, PsfsScore


def make_episode(
    client, by, *, started_on=date(2025, 3, 3), title="Left hamstring strain", **fields
) -> Episode:
    episode = Episode(
        clinic_id=client.clinic_id, client=client, title=title, started_on=started_on, created_by=by, **fields
    )
    episode.full_clean()
    episode.save()
    return episode


def make_check_in(episode, therapist, *, recorded_on=None, kind=CheckInKind.FOLLOW_UP, visit=None, **fields):
    check_in = CheckIn(
        clinic_id=episode.clinic_id,
        episode=episode,
        visit=visit,
        recorded_on=recorded_on or episode.started_on,
        therapist=therapist,
        kind=kind,
        **fields,
    )
    check_in.full_clean()
    check_in.save()
    return check_in


def answer_lefs(check_in, scores: dict[int, int]) -> None:
    for item, score in scores.items():
        row = LefsItemScore(check_in=check_in, item=item, score=score)
        row.full_clean()
        row.save()


def name_activity(episode, position: int, name: str) -> PsfsActivity:
    activity = PsfsActivity(episode=episode, position=position, name=name)
    activity.full_clean()
    activity.save()
    return activity


def score_activity(check_in, activity, score: int) -> PsfsScore:
    row = PsfsScore(check_in=check_in, activity=activity, score=score)
    row.full_clean()
    row.save()
    return row

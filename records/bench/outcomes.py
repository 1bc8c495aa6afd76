"""Seeding outcome measures quickly, for the benchmark: each benchmark client's episode gets three named PSFS
activities and a check-in every four weeks of its visits (a baseline, then follow-ups), each with all twenty
LEFS items, the three PSFS scores, usual pain over the last week and (after the baseline) a global rating of
change. Rows go in with ``bulk_create`` and no history rows; check-ins are signed on their own. Scores drift
towards better with noise, so some episodes reach a meaningful change and some do not.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from records.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    Episode,
    LefsItemScore,
    PsfsActivity,
    PsfsScore,
)

ACTIVITIES = ("Running 5 km", "Climbing stairs", "Sitting through a meeting")
CHECK_IN_EVERY_DAYS = 28


@dataclass
class SeededOutcomes:
    episode_ids: list[int] = field(default_factory=list)
    check_ins: int = 0


def lefs_items(total: int) -> list[tuple[int, int]]:
    """Twenty (item, score) pairs, each 0–4, summing to ``total`` (0–80)."""
    base, extra = divmod(total, 20)
    return [(item, min(4, base + (1 if item <= extra else 0))) for item in range(1, 21)]


def seed_outcomes(
    *, therapist, client_ids: list[int], batch_clients: int = 1000, seed: int = 1
) -> SeededOutcomes:
    """Measures for the active episodes of ``client_ids`` (opened by ``seed_visits``), from each episode's
    start to today."""
    rng = random.Random(seed)  # invented data: no security purpose
    today = timezone.localdate()
    now = timezone.now()
    result = SeededOutcomes()
    for start in range(0, len(client_ids), batch_clients):
        with transaction.atomic():
            episodes = list(
                Episode.objects.active()
                .filter(client_id__in=client_ids[start : start + batch_clients])
                .order_by("pk")
                .only("pk", "clinic_id", "started_on")
            )
            activities = PsfsActivity.objects.bulk_create(
                PsfsActivity(episode=episode, position=n, name=name)
                for episode in episodes
                for n, name in enumerate(ACTIVITIES, 1)
            )
            by_episode: dict[int, list[PsfsActivity]] = {}
            for activity in activities:
                by_episode.setdefault(activity.episode_id, []).append(activity)
            check_ins, courses = [], []
            for episode in episodes:
                lefs, psfs, pain = rng.randint(20, 45), rng.randint(1, 4), rng.randint(5, 8)
                day, n = episode.started_on, 0
                while day <= today:
                    check_ins.append(
                        CheckIn(
                            clinic_id=episode.clinic_id,
                            episode=episode,
                            recorded_on=day,
                            therapist=therapist,
                            kind=CheckInKind.BASELINE if n == 0 else CheckInKind.FOLLOW_UP,
                            usual_pain_week=pain,
                            groc=None if n == 0 else rng.randint(-1, 6),
                            status=CheckInStatus.SIGNED,
                            signed_at=now,
                            signed_by=therapist,
                        )
                    )
                    courses.append((episode.pk, lefs, psfs))
                    lefs = min(80, max(0, lefs + rng.randint(-3, 8)))
                    psfs = min(10, max(0, psfs + rng.randint(-1, 2)))
                    pain = min(10, max(0, pain - rng.randint(-1, 2)))
                    day += timedelta(days=CHECK_IN_EVERY_DAYS)
                    n += 1
            CheckIn.objects.bulk_create(check_ins, batch_size=1000)
            items, scores = [], []
            for check_in, (episode_id, lefs, psfs) in zip(check_ins, courses, strict=True):
                items.extend(
                    LefsItemScore(check_in=check_in, item=item, score=score)
                    for item, score in lefs_items(lefs)
                )
                scores.extend(
                    PsfsScore(
                        check_in=check_in, activity=activity, score=min(10, max(0, psfs + rng.randint(-1, 1)))
                    )
                    for activity in by_episode[episode_id]
                )
            LefsItemScore.objects.bulk_create(items, batch_size=5000)
            PsfsScore.objects.bulk_create(scores, batch_size=5000)
            result.episode_ids.extend(episode.pk for episode in episodes)
            result.check_ins += len(check_ins)
    return result

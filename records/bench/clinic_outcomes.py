"""Seeding a year of a busy clinic's episodes, visits and outcome measures, for ``bench_outcomes``.

``therapists`` therapists each see ``visits_per_week`` visits a week for ``weeks`` weeks. Visits come in
episodes of 3–10 weekly visits (one client each); an episode whose last visit is more than a week ago is
discharged on that day. Each visit has a small pain map pointing at a hamstring trigger point, a finding of
it (confirmed about two times in three), two techniques with pain before and after, and the suggestions the
app ranks for its map, stored as signing stores them. Check-ins sit in the first visit (the baseline), every
third and the last, each with usual pain, GROC (after the baseline), a whole LEFS and three PSFS scores.

Rows go in with ``bulk_create`` in batches and no history rows: the benchmark measures reading.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clinic.models import Membership, Role
from records.bench.clients import seed_clients
from records.models import (
    CheckIn,
    CheckInKind,
    DischargeReason,
    Episode,
    EpisodeStatus,
    Finding,
    FindingStatus,
    LefsItemScore,
    PsfsActivity,
    PsfsScore,
    SuggestedTriggerPoint,
    TechniqueApplication,
    Visit,
    VisitPainMark,
    VisitStatus,
)
from reference.body_chart import CURRENT_CHART_VERSION
from reference.models import BodyRegion, Technique, TechniqueKind, TriggerPoint
from reference.suggest import PainMark, suggest
from reference.versioning import current_library_version

# Pain maps on the current chart (regions, side) and the trigger point each one points at.
MAPS = [
    ("semimembranosus-trp", "right", ["gluteal_fold", "post_thigh_middle_medial"]),
    ("semitendinosus-trp", "left", ["post_thigh_middle_medial", "gluteal_fold"]),
    ("biceps-femoris-trp", "left", ["knee_posterior_lateral", "post_thigh_distal_lateral"]),
    ("biceps-femoris-trp", "right", ["knee_posterior_lateral", "calf_lateral_upper"]),
]
TECHNIQUE_PARAMETERS = {
    TechniqueKind.COMPRESSION: {"pressure": "firm", "hold_seconds": 60, "repetitions": 3},
    TechniqueKind.MUSCLE_ENERGY: {"effort_percent": 20, "hold_seconds": 7, "repetitions": 3},
    TechniqueKind.POSITIONAL_RELEASE: {"position": "Prone", "hold_seconds": 90},
    TechniqueKind.DEEP_STROKING: {"direction": "Distal to proximal", "passes": 8},
}
DISCHARGE_REASONS = [DischargeReason.GOALS_MET] * 3 + [
    DischargeReason.SELF_DISCHARGED,
    DischargeReason.REFERRED_ON,
]
BATCH = 2000


@dataclass
class SeededClinic:
    admin: object
    therapist_ids: list[int]
    visits: int = 0
    episodes: int = 0
    check_ins: int = 0
    suggestions: int = 0


def seed_outcome_clinic(*, clinic, therapists: int, visits_per_week: int, weeks: int, seed: int = 1):
    """Staff, clients and a year (``weeks``) of episodes with measures in ``clinic``; see the module."""
    rng = random.Random(seed)  # invented data: no security purpose
    User = get_user_model()
    admin = User.objects.create_user(
        username=f"bench_admin_{clinic.pk}", first_name="Bench", last_name="Admin"
    )
    Membership.objects.create(user=admin, clinic=clinic, role=Role.CLINIC_ADMIN)
    staff = []
    for n in range(therapists):
        user = User.objects.create_user(
            username=f"bench_outcomes_{clinic.pk}_{n}", first_name="Therapist", last_name=f"{n + 1:02d}"
        )
        Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
        staff.append(user)
    result = SeededClinic(admin=admin, therapist_ids=[u.pk for u in staff])

    today = timezone.localdate()
    first_day = today - timedelta(weeks=weeks)
    # Each therapist has visits_per_week slots, each a run of episodes of weekly visits, one after another.
    plans = []  # (therapist, start day, visit count)
    for therapist in staff:
        for _slot in range(visits_per_week):
            day = first_day + timedelta(days=rng.randint(0, 6))
            while day < today:
                count = rng.randint(3, 10)
                plans.append((therapist, day, count))
                day += timedelta(weeks=count + rng.randint(0, 1))
    client_ids = seed_clients(clinic=clinic, therapist=staff[0], count=len(plans), seed=seed)
    context = _library()
    for start in range(0, len(plans), BATCH // 6):
        with transaction.atomic():
            _seed_batch(
                clinic, plans[start : start + BATCH // 6], client_ids[start:], today, rng, context, result
            )
    return result


def _library() -> dict:
    trigger_points = {tp.slug: tp.pk for tp in TriggerPoint.objects.published()}
    regions = {r.code: r.pk for r in BodyRegion.objects.for_chart(CURRENT_CHART_VERSION)}
    techniques = {t.kind: t.pk for t in Technique.objects.published() if t.kind in TECHNIQUE_PARAMETERS}
    version = current_library_version()
    # The suggestions of each map at each intensity, ranked once here as signing ranks them.
    suggestions = {}
    for index, (_slug, side, codes) in enumerate(MAPS):
        for intensity in range(1, 11):
            marks = [
                PainMark(code, side, max(1, intensity - n * 2), "aching") for n, code in enumerate(codes)
            ]
            candidates = suggest(
                marks, chart_version=CURRENT_CHART_VERSION, limit=10, library_version=version
            )
            suggestions[(index, intensity)] = [
                (m.trigger_point_id, c.side, c.rank, c.shared_rank, Decimal(str(c.score)))
                for c in candidates
                for m in (c.members or [c])
            ]
    return {
        "trigger_points": trigger_points,
        "regions": regions,
        "techniques": techniques,
        "version": version,
        "suggestions": suggestions,
    }


def _seed_batch(clinic, plans, client_ids, today, rng, context, result: SeededClinic) -> None:
    episodes, visit_specs = [], []
    for (therapist, day, count), client_id in zip(plans, client_ids, strict=False):
        days = [day + timedelta(weeks=n) for n in range(count) if day + timedelta(weeks=n) <= today]
        discharged = days[-1] < today - timedelta(days=7)
        episodes.append(
            Episode(
                clinic=clinic,
                client_id=client_id,
                title="Posterior thigh pain",
                started_on=days[0],
                status=EpisodeStatus.DISCHARGED if discharged else EpisodeStatus.ACTIVE,
                discharged_on=days[-1] if discharged else None,
                discharge_reason=rng.choice(DISCHARGE_REASONS) if discharged else "",
                created_by=therapist,
            )
        )
        visit_specs.append((therapist, client_id, days, rng.randrange(len(MAPS))))
    Episode.objects.bulk_create(episodes)
    activities = [
        PsfsActivity(episode=episode, position=position, name=name)
        for episode in episodes
        for position, name in enumerate(("Sitting", "Running", "Stairs"), start=1)
    ]
    PsfsActivity.objects.bulk_create(activities)
    activities_of = {}
    for activity in activities:
        activities_of.setdefault(activity.episode_id, []).append(activity)

    visits, plans_of_visit = [], []
    for episode, (therapist, client_id, days, map_index) in zip(episodes, visit_specs, strict=True):
        baseline_pain = rng.randint(4, 9)
        final_pain = max(0, baseline_pain - rng.randint(-1, 6))
        for n, day in enumerate(days):
            pain = round(baseline_pain + (final_pain - baseline_pain) * n / max(len(days) - 1, 1))
            started = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17))))
            visits.append(
                Visit(
                    clinic=clinic,
                    client_id=client_id,
                    episode=episode,
                    therapist=therapist,
                    started_at=started,
                    duration_minutes=45,
                    library_version=context["version"],
                    chart_version=CURRENT_CHART_VERSION,
                    status=VisitStatus.SIGNED,
                    presenting_complaint="Invented for the benchmark.",
                    pain_start=max(1, pain),
                    pain_end=max(0, pain - rng.randint(0, 3)),
                    signed_at=started + timedelta(hours=1),
                    signed_by=therapist,
                )
            )
            plans_of_visit.append((episode, map_index, n, len(days), pain, baseline_pain))
    Visit.objects.bulk_create(visits)
    result.visits += len(visits)
    result.episodes += len(episodes)

    marks, findings, applications, check_ins, stored = [], [], [], [], []
    kinds = list(context["techniques"])
    for visit, (episode, map_index, n, count, pain, baseline) in zip(visits, plans_of_visit, strict=True):
        slug, side, codes = MAPS[map_index]
        intensity = max(1, min(10, visit.pain_start))
        for offset, code in enumerate(codes):
            marks.append(
                VisitPainMark(
                    visit=visit,
                    region_id=context["regions"][code],
                    side=side,
                    intensity=max(1, intensity - offset * 2),
                    quality="aching",
                )
            )
        confirmed = rng.random() < 0.65
        findings.append(
            Finding(
                visit=visit,
                trigger_point_id=context["trigger_points"][slug],
                side=side,
                status=FindingStatus.CONFIRMED if confirmed else FindingStatus.SUSPECTED,
            )
        )
        for kind in rng.sample(kinds, 2):
            before = rng.randint(3, 8)
            applications.append(
                TechniqueApplication(
                    visit=visit,
                    technique_id=context["techniques"][kind],
                    side=side,
                    parameters=TECHNIQUE_PARAMETERS[kind],
                    nrs_before=before,
                    nrs_after=max(0, before - rng.randint(0, 4)),
                )
            )
        for tp_id, candidate_side, rank, shared, score in context["suggestions"][(map_index, intensity)]:
            stored.append(
                SuggestedTriggerPoint(
                    clinic=clinic,
                    visit=visit,
                    therapist_id=visit.therapist_id,
                    visit_started_at=visit.started_at,
                    trigger_point_id=tp_id,
                    side=candidate_side,
                    rank=rank,
                    shared_rank=shared,
                    score=score,
                    confirmed=confirmed
                    and tp_id == context["trigger_points"][slug]
                    and candidate_side == side,
                    library_version=context["version"],
                )
            )
        last = count - 1
        if n == 0 or n == last or n % 3 == 0:
            kind = (
                CheckInKind.BASELINE
                if n == 0
                else CheckInKind.DISCHARGE
                if n == last and episode.status == EpisodeStatus.DISCHARGED
                else CheckInKind.FOLLOW_UP
            )
            check_ins.append(
                CheckIn(
                    clinic=clinic,
                    episode=episode,
                    visit=visit,
                    recorded_on=timezone.localdate(visit.started_at),
                    therapist_id=visit.therapist_id,
                    kind=kind,
                    usual_pain_week=pain,
                    groc=None if n == 0 else max(-7, min(7, baseline - pain + rng.randint(-1, 1))),
                )
            )
    VisitPainMark.objects.bulk_create(marks)
    Finding.objects.bulk_create(findings)
    TechniqueApplication.objects.bulk_create(applications)
    SuggestedTriggerPoint.objects.bulk_create(stored)
    CheckIn.objects.bulk_create(check_ins)
    lefs, psfs = [], []
    for check_in in check_ins:
        # Function improves as pain falls: LEFS about 80 − 7 × pain, PSFS about 10 − pain, with some noise.
        level = check_in.usual_pain_week
        for item in range(1, 21):
            lefs.append(
                LefsItemScore(
                    check_in=check_in,
                    item=item,
                    score=max(0, min(4, 4 - (level * 7) // 20 + rng.randint(-1, 0))),
                )
            )
        for activity in activities_of[check_in.episode_id]:
            psfs.append(
                PsfsScore(
                    check_in=check_in,
                    activity=activity,
                    score=max(0, min(10, 10 - level + rng.randint(-2, 1))),
                )
            )
    LefsItemScore.objects.bulk_create(lefs, batch_size=5000)
    PsfsScore.objects.bulk_create(psfs, batch_size=5000)
    result.check_ins += len(check_ins)
    result.suggestions += len(stored)

"""Invented episodes of care with outcome measures for the demo clinic (called by ``load_demo``): several
visits each, with pain maps, findings, techniques with pain before and after, and check-ins recording LEFS
(item by item), PSFS, usual pain and the global rating of change. Some episodes reach a meaningful change and
some do not; most are discharged, a few are still open, so the Outcomes page and every episode's progress
page have each chart filled.

The episodes go to generated demo clients picked by name and birth date from ``demo_clients`` (the same every
run), and a client who already has a visit is left alone, so running the loader again adds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clinic.dates import local_date
from records.demo.visits import _save
from records.models import (
    CheckIn,
    CheckInKind,
    Client,
    DischargeReason,
    Episode,
    Finding,
    LefsItemScore,
    PsfsActivity,
    PsfsScore,
    TechniqueApplication,
    Visit,
    VisitPainMark,
    VisitStatus,
)
from records.models.answer_totals import answer_totals_deferred
from records.outcomes.instruments import LEFS_ITEM_COUNT, LEFS_MAX_SCORE
from records.outcomes.suggestion_snapshots import record_suggestions
from reference.body_chart import CURRENT_CHART_VERSION
from reference.models import BodyRegion, Technique, TriggerPoint
from reference.versioning import current_library_version

SM, ST, BF = "semimembranosus-trp", "semitendinosus-trp", "biceps-femoris-trp"
# Pain maps on the current body chart, each pointing at a hamstring trigger point: (region, intensity share).
MAPS = {
    "sitting": (SM, "right", [("gluteal_fold", 1.0), ("post_thigh_middle_medial", 0.5)]),
    "knee": (BF, "left", [("knee_posterior_lateral", 1.0), ("post_thigh_distal_lateral", 0.5)]),
    "thigh": (ST, "left", [("post_thigh_middle_medial", 1.0), ("gluteal_fold", 0.7)]),
}
TECHNIQUES = {
    "compression": {"pressure": "firm", "hold_seconds": 60, "repetitions": 3},
    "muscle_energy": {"effort_percent": 20, "hold_seconds": 7, "repetitions": 3},
    "positional_release": {"position": "Prone, knee flexed 90° over a bolster", "hold_seconds": 90},
    "deep_stroking": {"direction": "Distal to proximal along the fibres", "passes": 8},
}
VISIT_GAP_DAYS = 14


@dataclass
class DemoEpisode:
    title: str
    body_area: str
    map: str
    first_visit_days_ago: int
    visits: int
    lefs: tuple[int, int]  # baseline, final totals
    psfs: tuple[list[int], list[int]]  # baseline and final scores of the three activities
    usual_pain: tuple[int, int]
    groc: int  # at the last check-in
    discharge: str = ""  # a DischargeReason, or empty while the episode is open
    techniques: list[str] = field(default_factory=lambda: ["compression", "muscle_energy"])
    # Whether palpation confirmed the first suggestion at each visit (cycled), so confirmation rates vary.
    confirmed: tuple[bool, ...] = (True,)
    activities: tuple[str, str, str] = ("Sitting through a meeting", "Running 5 km", "Climbing stairs")
    goals: str = "Sit and run without the pain."


DEMO_EPISODES = [
    DemoEpisode(
        "Right sitting-bone pain",
        "Buttock and posterior thigh, right",
        "sitting",
        190,
        5,
        (34, 58),
        ([3, 3, 4], [7, 7, 7]),
        (7, 2),
        5,
        DischargeReason.GOALS_MET,
    ),
    DemoEpisode(
        "Posterior knee ache, left",
        "Popliteal fossa, left",
        "knee",
        180,
        4,
        (45, 50),
        ([5, 5, 5], [6, 6, 6]),
        (5, 4),
        2,
        DischargeReason.SELF_DISCHARGED,
        confirmed=(True, False),
    ),
    DemoEpisode(
        "Hamstring strain, left",
        "Posterior thigh, left",
        "thigh",
        170,
        5,
        (28, 49),
        ([2, 3, 3], [6, 6, 7]),
        (8, 3),
        6,
        DischargeReason.GOALS_MET,
        techniques=["positional_release", "compression"],
    ),
    DemoEpisode(
        "Knee pain on driving",
        "Popliteal fossa, left",
        "knee",
        160,
        4,
        (52, 47),
        ([6, 6, 6], [5, 5, 5]),
        (4, 6),
        -2,
        DischargeReason.REFERRED_ON,
        techniques=["deep_stroking"],
        confirmed=(False, True, False),
    ),
    DemoEpisode(
        "Sitting pain at work",
        "Buttock, right",
        "sitting",
        150,
        6,
        (40, 52),
        ([4, 4, 4], [5, 5, 6]),
        (6, 3),
        4,
        DischargeReason.GOALS_MET,
        techniques=["compression", "deep_stroking"],
    ),
    DemoEpisode(
        "Tight hamstrings when running",
        "Posterior thigh, left",
        "thigh",
        140,
        4,
        (60, 66),
        ([6, 7, 7], [8, 9, 9]),
        (3, 1),
        3,
        DischargeReason.GOALS_MET,
        confirmed=(True, True, False),
    ),
    DemoEpisode(
        "Thigh pain after a fall",
        "Posterior thigh, left",
        "thigh",
        120,
        5,
        (30, 41),
        ([3, 3, 3], [6, 6, 6]),
        (7, 4),
        5,
        DischargeReason.GOALS_MET,
        techniques=["muscle_energy", "positional_release"],
    ),
    DemoEpisode(
        "Buttock pain cycling",
        "Buttock, right",
        "sitting",
        100,
        3,
        (50, 52),
        ([5, 5, 6], [5, 6, 6]),
        (5, 5),
        0,
        DischargeReason.NO_IMPROVEMENT,
        techniques=["deep_stroking", "compression"],
        confirmed=(False,),
    ),
    DemoEpisode(
        "Knee ache after long shifts",
        "Popliteal fossa, left",
        "knee",
        70,
        4,
        (36, 48),
        ([3, 4, 4], [6, 6, 6]),
        (6, 3),
        4,
        techniques=["compression", "positional_release"],
    ),
    DemoEpisode(
        "Posterior thigh pain, right",
        "Posterior thigh, right",
        "sitting",
        56,
        3,
        (25, 31),
        ([2, 2, 3], [3, 4, 4]),
        (8, 6),
        2,
        techniques=["muscle_energy"],
        confirmed=(True, False),
    ),
]


def lefs_items(total: int) -> dict[int, int]:
    """Twenty item scores (0–4) adding up to ``total``: the remainder spread over the first items."""
    base, extra = divmod(total, LEFS_ITEM_COUNT)
    return {
        item: min(LEFS_MAX_SCORE, base + (1 if item <= extra else 0))
        for item in range(1, LEFS_ITEM_COUNT + 1)
    }


def between(first: int, last: int, step: int, steps: int) -> int:
    """The value ``step`` of ``steps`` on the way from ``first`` to ``last``, rounded."""
    return round(first + (last - first) * step / max(steps, 1))


@transaction.atomic
@answer_totals_deferred()  # the answers' totals once at the end, not once per answer
def load_demo_outcomes(*, clinic, therapist, clients: list[Client], second_therapist=None) -> int:
    """Create the demo episodes for ``clients`` (in order, one each) that have no visit yet; return how many
    visits were created."""
    regions = {r.code: r for r in BodyRegion.objects.for_chart(CURRENT_CHART_VERSION)}
    trigger_points = {tp.slug: tp for tp in TriggerPoint.objects.published()}
    techniques = {t.kind: t for t in Technique.objects.published()}
    if not trigger_points or not techniques:
        return 0
    version = current_library_version()
    now = timezone.now()
    created = 0
    for index, (spec, client) in enumerate(zip(DEMO_EPISODES, clients, strict=False)):
        if client.visits.exists():
            continue
        author = (second_therapist or therapist) if index % 3 == 2 else therapist
        created += _load_episode(spec, client, author, now, regions, trigger_points, techniques, version)
    return created


def _load_episode(spec, client, author, now, regions, trigger_points, techniques, version) -> int:
    first = now - timedelta(days=spec.first_visit_days_ago, hours=3)
    episode = Episode(
        clinic_id=client.clinic_id,
        client=client,
        title=spec.title,
        body_area=spec.body_area,
        started_on=local_date(first),
        goals=spec.goals,
        referral_source="Self",
        created_by=author,
    )
    _save(episode, author)
    activities = [
        PsfsActivity(episode=episode, position=position, name=name)
        for position, name in enumerate(spec.activities, start=1)
    ]
    for activity in activities:
        _save(activity, author)
    slug, side, marks = MAPS[spec.map]
    last = spec.visits - 1
    for n in range(spec.visits):
        started = first + timedelta(days=VISIT_GAP_DAYS * n)
        pain = between(spec.usual_pain[0], spec.usual_pain[1], n, last)
        pain_start = max(1, min(10, pain + 1))
        visit = Visit(
            clinic_id=client.clinic_id,
            client=client,
            episode=episode,
            therapist=author,
            started_at=started,
            duration_minutes=45,
            library_version=version,
            presenting_complaint=spec.title if n == 0 else "Review",
            pain_start=pain_start,
            pain_end=max(0, pain_start - 2 - n % 2),
            assessment="Invented for the demo.",
            plan="Review in two weeks." if n < last else "Discharge planned.",
        )
        _save(visit, author)
        for code, share in marks:
            intensity = max(1, round(pain_start * share))
            _save(
                VisitPainMark(
                    visit=visit, region=regions[code], side=side, intensity=intensity, quality="aching"
                ),
                author,
            )
        confirmed = spec.confirmed[n % len(spec.confirmed)]
        finding = Finding(
            visit=visit,
            trigger_point=trigger_points[slug],
            side=side,
            status="confirmed" if confirmed else "suspected",
            activity="active" if confirmed else "",
            taut_band=confirmed,
            spot_tenderness=2,
            pain_recognised=confirmed,
        )
        _save(finding, author)
        for offset, kind in enumerate(spec.techniques):
            before = max(1, pain_start - offset)
            _save(
                TechniqueApplication(
                    visit=visit,
                    technique=techniques[kind],
                    finding=finding,
                    side=side,
                    parameters=TECHNIQUES[kind],
                    nrs_before=before,
                    nrs_after=max(0, before - 1 - (n + offset) % 3),
                ),
                author,
            )
        if n in (0, last) or n == last // 2:
            _check_in(spec, episode, visit, author, activities, n, last)
        visit.status = VisitStatus.SIGNED
        visit.signed_at = started + timedelta(minutes=50)
        visit.signed_by = author
        _save(visit, author)
        record_suggestions(visit, library_version=version)
    if spec.discharge:
        episode.discharge(
            by=author,
            on=local_date(first + timedelta(days=VISIT_GAP_DAYS * last)),
            reason=spec.discharge,
            note="Demo data (load_demo)",
        )
    return spec.visits


def _check_in(spec, episode, visit, author, activities, n: int, last: int) -> None:
    """A check-in inside the draft visit (it locks when the visit is signed): the baseline at the first visit,
    a follow-up half way, the discharge (or latest follow-up) at the last."""
    if n == 0:
        kind = CheckInKind.BASELINE
    elif n == last and spec.discharge:
        kind = CheckInKind.DISCHARGE
    else:
        kind = CheckInKind.FOLLOW_UP
    check_in = CheckIn(
        clinic_id=episode.clinic_id,
        episode=episode,
        visit=visit,
        recorded_on=local_date(visit.started_at),
        therapist=author,
        kind=kind,
        usual_pain_week=between(spec.usual_pain[0], spec.usual_pain[1], n, last),
        groc=None if n == 0 else between(0, spec.groc, n, last),
    )
    _save(check_in, author)
    for item, score in lefs_items(between(spec.lefs[0], spec.lefs[1], n, last)).items():
        _save(LefsItemScore(check_in=check_in, item=item, score=score), author)
    baseline, final = spec.psfs
    for activity, first, later in zip(activities, baseline, final, strict=True):
        _save(PsfsScore(check_in=check_in, activity=activity, score=between(first, later, n, last)), author)

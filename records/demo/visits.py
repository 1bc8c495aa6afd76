"""Invented demo visits for the demo clinic (called by ``load_demo``): signed notes with addenda, drafts,
and dry needling only where the client has consented. A client who already has a visit is left alone, so
running the loader again adds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from records.models import (
    DRY_NEEDLING,
    Addendum,
    AdverseEvent,
    Client,
    Episode,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitPainMark,
    VisitStatus,
)
from records.outcomes.suggestion_snapshots import record_suggestions
from reference.body_chart import CURRENT_CHART_VERSION
from reference.models import BodyRegion, PerpetuatingFactor, SelfHelp, Technique, TriggerPoint
from reference.versioning import current_library_version

REASON = "Demo data (load_demo)"
SM, ST, BF = "semimembranosus-trp", "semitendinosus-trp", "biceps-femoris-trp"
COMPRESSION = ("compression", {"pressure": "firm", "hold_seconds": 60, "repetitions": 3})
MET = ("muscle_energy", {"effort_percent": 20, "hold_seconds": 7, "repetitions": 3})
RELEASE = ("positional_release", {"position": "Prone, knee flexed 90° over a bolster", "hold_seconds": 90})
STROKING = ("deep_stroking", {"direction": "Distal to proximal along the fibres", "passes": 8})


@dataclass
class DemoVisit:
    days_ago: int
    complaint: str
    marks: list[tuple[str, str, int]]
    findings: list[tuple[str, str, str]]  # trigger point slug, side, status
    techniques: list[tuple[str, dict]] = field(default_factory=list)
    needling: list[tuple[str, str, int]] = field(default_factory=list)  # slug, side, needles
    pain: tuple[int, int] = (6, 3)
    self_help: list[str] = field(default_factory=list)
    perpetuating: list[str] = field(default_factory=list)
    assessment: str = ""
    plan: str = ""
    signed: bool = True
    addendum: tuple[str, str] | None = None  # reason, text
    adverse_event: tuple[str, str, str] | None = None  # kind, severity, action
    by_second_therapist: bool = False


# Keyed by (given name, family name) of the featured demo clients in records/demo/clients.py.
DEMO_VISITS: dict[tuple[str, str], list[DemoVisit]] = {
    ("Zoë", "Marchetti"): [
        DemoVisit(
            42,
            "Pain at the right sitting bone after a day at the desk",
            [("gluteal_fold", "right", 7), ("post_thigh_middle_medial", "right", 3)],
            [(SM, "right", "confirmed"), (ST, "right", "suspected")],
            [COMPRESSION, MET],
            [(SM, "right", 2)],
            pain=(7, 4),
            self_help=["stretching-technique"],
            perpetuating=["improper-sitting"],
            assessment="Active semimembranosus TrP, right, reproducing the sitting pain.",
            plan="Review in two weeks; check the office chair.",
            addendum=(
                "Omitted at the time",
                "Client reported mild soreness for a day after needling; resolved.",
            ),
        ),
        DemoVisit(
            28,
            "Sitting pain better; still aches late in the day",
            [("gluteal_fold", "right", 4)],
            [(SM, "right", "confirmed")],
            [COMPRESSION],
            [(SM, "right", 1)],
            pain=(4, 2),
            self_help=["ball-and-foam-roller"],
            assessment="Improving.",
            plan="Review in three weeks.",
        ),
        DemoVisit(
            0,
            "Follow-up",
            [("gluteal_fold", "right", 2)],
            [(SM, "right", "suspected")],
            pain=(2, 2),
            signed=False,
        ),
    ],
    ("Liam", "O'Sullivan"): [
        DemoVisit(
            21,
            "Ache behind the left knee after long shifts in the van",
            [("knee_posterior_lateral", "left", 6), ("post_thigh_distal_medial", "left", 3)],
            [(BF, "left", "confirmed")],
            [COMPRESSION, RELEASE],
            pain=(6, 3),
            perpetuating=["prolonged-driving"],
            self_help=["stretching-technique"],
            assessment="Active biceps femoris TrP, left. No needling: no consent.",
            plan="Seat position advice; review in two weeks.",
        ),
        DemoVisit(
            7,
            "Knee ache less frequent",
            [("knee_posterior_lateral", "left", 3)],
            [(BF, "left", "confirmed")],
            [RELEASE],
            pain=(3, 1),
            assessment="Improving.",
            plan="Review as needed.",
            addendum=("Wrong side recorded in the plan", "The seat advice concerns the left leg."),
        ),
    ],
    ("Björn", "Lindqvist"): [
        DemoVisit(
            14,
            "Back-of-thigh pain after long hauls",
            [("post_thigh_middle_medial", "left", 6), ("gluteal_fold", "left", 5)],
            [(ST, "left", "confirmed")],
            [MET],
            [(ST, "left", 2)],
            pain=(6, 4),
            perpetuating=["prolonged-driving"],
            assessment="Semitendinosus TrP, left. Diabetes noted: skin checked before and after needling.",
            plan="Review in two weeks.",
            adverse_event=(
                "bruising",
                "mild",
                "Pressure applied for one minute; client told to expect a bruise.",
            ),
        ),
    ],
    ("Mei", "Tanaka"): [
        DemoVisit(
            10,
            "Hamstring tightness on long rides",
            [("post_thigh_middle_medial", "right", 4), ("calf_medial_upper", "right", 2)],
            [(SM, "right", "suspected"), (BF, "right", "ruled_out")],
            [STROKING],
            pain=(4, 2),
            assessment="Anticoagulated: no needling; manual techniques only.",
            plan="Bike fit review.",
        ),
    ],
    ("Tomás", "Álvarez"): [
        DemoVisit(
            0,
            "Right hamstring tight after Saturday's match",
            [("post_thigh_distal_lateral", "right", 5)],
            [(BF, "right", "suspected")],
            pain=(5, 5),
            signed=False,
            by_second_therapist=True,
        ),
    ],
}


@transaction.atomic
def load_demo_visits(*, clinic, therapist, second_therapist=None) -> int:
    """Create the demo visits for the featured clients that have none yet; return how many were created."""
    # The visits are drawn on the current chart (Visit.chart_version's default), so their marks are too.
    regions = {r.code: r for r in BodyRegion.objects.for_chart(CURRENT_CHART_VERSION)}
    trigger_points = {tp.slug: tp for tp in TriggerPoint.objects.published()}
    techniques = {t.kind: t for t in Technique.objects.published()}
    self_help = {s.slug: s for s in SelfHelp.objects.published()}
    factors = {p.slug: p for p in PerpetuatingFactor.objects.published()}
    if not trigger_points or not techniques:
        return 0
    version = current_library_version()
    now = timezone.now()
    created = 0
    for (given, family), specs in DEMO_VISITS.items():
        client = Client.objects.filter(clinic=clinic, given_name=given, family_name=family).first()
        if client is None or client.visits.exists():
            continue
        consented = client.has_current_consent(DRY_NEEDLING)
        # The client's visits form one episode of care, opened on the first of them.
        first_day = timezone.localdate(now - timedelta(days=max(spec.days_ago for spec in specs), hours=2))
        episode = Episode.objects.open_for(client, by=therapist, on=first_day)
        for spec in specs:
            author = (second_therapist or therapist) if spec.by_second_therapist else therapist
            started = now - timedelta(days=spec.days_ago, hours=2)
            visit = Visit(
                clinic=clinic,
                client=client,
                episode=episode,
                therapist=author,
                started_at=started,
                duration_minutes=45,
                library_version=version,
                presenting_complaint=spec.complaint,
                pain_start=spec.pain[0],
                pain_end=spec.pain[1],
                assessment=spec.assessment,
                plan=spec.plan,
                next_visit="In two weeks" if spec.signed else "",
                sharps_disposal_confirmed=bool(spec.needling and consented),
            )
            _save(visit, author)
            for code, side, intensity in spec.marks:
                _save(
                    VisitPainMark(
                        visit=visit, region=regions[code], side=side, intensity=intensity, quality="aching"
                    ),
                    author,
                )
            findings = []
            for slug, side, status in spec.findings:
                finding = Finding(
                    visit=visit,
                    trigger_point=trigger_points[slug],
                    side=side,
                    status=status,
                    activity="active" if status == "confirmed" else "",
                    taut_band=status == "confirmed",
                    spot_tenderness=2,
                    pain_recognised=status == "confirmed",
                )
                _save(finding, author)
                findings.append(finding)
            for kind, parameters in spec.techniques:
                _save(
                    TechniqueApplication(
                        visit=visit,
                        technique=techniques[kind],
                        finding=findings[0],
                        side=findings[0].side,
                        parameters=parameters,
                        nrs_before=spec.pain[0],
                        nrs_after=spec.pain[1],
                    ),
                    author,
                )
            if consented:  # the demo never needles a client without consent
                for slug, side, needles in spec.needling:
                    _save(
                        NeedlingSite(
                            visit=visit,
                            trigger_point=trigger_points[slug],
                            side=side,
                            technique=techniques["dry_needling"],
                            method="pistoning",
                            needles_inserted=needles,
                            needles_removed=needles,
                            gauge_mm=Decimal("0.25"),
                            length_mm=50,
                            depth_mm=35,
                            dwell_seconds=20,
                            local_twitch_responses=2,
                        ),
                        author,
                    )
            if spec.adverse_event:
                kind, severity, action = spec.adverse_event
                _save(AdverseEvent(visit=visit, kind=kind, severity=severity, action_taken=action), author)
            visit.self_help.set([self_help[s] for s in spec.self_help if s in self_help])
            visit.perpetuating_factors.set([factors[p] for p in spec.perpetuating if p in factors])
            if spec.signed:
                visit.status = VisitStatus.SIGNED
                visit.signed_at = started + timedelta(minutes=50)
                visit.signed_by = author
                _save(visit, author)
                record_suggestions(visit, library_version=version)  # as sign_visit does
                if spec.addendum:
                    reason, text = spec.addendum
                    addendum = Addendum(
                        visit=visit,
                        author=author,
                        reason=reason,
                        text=text,
                        created_at=visit.signed_at + timedelta(days=1),
                    )
                    _save(addendum, author)
            created += 1
    return created


def _save(instance, user) -> None:
    instance._history_user = user
    instance._change_reason = REASON
    instance.full_clean()
    instance.save()

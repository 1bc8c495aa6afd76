"""Seeding many invented visits quickly, for the benchmark (``bench_clients --visits-per-client``).

Rows go in with ``bulk_create`` in batches and no history rows (the benchmark measures reading). Each visit
gets a small pain map, two findings and two techniques; clients with dry-needling consent also get a needling
site. The newest visit of every fifth client is left as a draft, so the editing screen can be timed too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from records.models import (
    DRY_NEEDLING,
    Consent,
    Episode,
    Finding,
    FindingStatus,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitPainMark,
    VisitStatus,
)
from reference.models import BodyRegion, Technique, TechniqueKind, TriggerPoint
from reference.versioning import current_library_version

# (region code, side) pairs from the hamstring patterns, so the suggestions have something to rank.
MAP_REGIONS = [
    ("gluteal_fold", "left"),
    ("gluteal_fold", "right"),
    ("popliteal_fossa", "left"),
    ("popliteal_fossa", "right"),
    ("post_thigh_middle_medial", "left"),
    ("post_thigh_middle_medial", "right"),
    ("calf_medial", "left"),
    ("calf_medial", "right"),
]
COMPLAINTS = [
    "Ache behind the thigh after long drives",
    "Pain at the sitting bone when sitting at work",
    "Tightness behind the knee when running",
    "Posterior thigh pain, worse at night",
]
DRAFT_EVERY = 5


@dataclass
class SeededVisits:
    signed_ids: list[int] = field(default_factory=list)
    draft_ids: list[int] = field(default_factory=list)
    count: int = 0
    episode_ids: list[int] = field(default_factory=list)  # filled by records.bench.outcomes


def seed_visits(
    *, clinic, therapist, client_ids: list[int], per_client: int, batch_clients: int = 1000, seed: int = 1
) -> SeededVisits:
    rng = random.Random(seed)  # invented data: no security purpose
    regions = {(r.code): r.pk for r in BodyRegion.objects.for_chart(1)}
    trigger_points = list(TriggerPoint.objects.published().values_list("pk", flat=True))
    techniques = {t.kind: t for t in Technique.objects.published()}
    compression, met = techniques[TechniqueKind.COMPRESSION], techniques[TechniqueKind.MUSCLE_ENERGY]
    dry_needling = techniques[TechniqueKind.DRY_NEEDLING]
    consenting = set(
        Consent.objects.current()
        .filter(client_id__in=client_ids, kind__code=DRY_NEEDLING)
        .values_list("client_id", flat=True)
    )
    library_version = current_library_version()
    now = timezone.now()
    result = SeededVisits()
    first_day = timezone.localdate(now - timedelta(days=14 * per_client, hours=8))
    for start in range(0, len(client_ids), batch_clients):
        with transaction.atomic():
            # Each client's visits join its open episode of care, opened on the first visit's day if none.
            episodes = Episode.objects.open_for_clients(
                clinic=clinic,
                client_ids=client_ids[start : start + batch_clients],
                by=therapist,
                on=first_day,
            )
            visits = []
            for index, client_id in enumerate(client_ids[start : start + batch_clients], start=start):
                for n in range(per_client):
                    started = now - timedelta(days=14 * (per_client - n), hours=rng.randint(1, 8))
                    is_draft = n == per_client - 1 and index % DRAFT_EVERY == 0
                    visits.append(
                        Visit(
                            clinic=clinic,
                            client_id=client_id,
                            episode=episodes[client_id],
                            therapist=therapist,
                            started_at=started,
                            duration_minutes=rng.choice([30, 45, 60]),
                            library_version=library_version,
                            chart_version=1,
                            status=VisitStatus.DRAFT if is_draft else VisitStatus.SIGNED,
                            presenting_complaint=rng.choice(COMPLAINTS),
                            pain_start=rng.randint(3, 8),
                            pain_end=rng.randint(0, 4),
                            observations="Invented for the benchmark.",
                            slr_left=rng.randint(50, 90),
                            slr_right=rng.randint(50, 90),
                            assessment="Active hamstring trigger points.",
                            plan="Review in two weeks.",
                            sharps_disposal_confirmed=client_id in consenting,
                            signed_at=None if is_draft else started + timedelta(hours=1),
                            signed_by=None if is_draft else therapist,
                        )
                    )
            Visit.objects.bulk_create(visits)
            marks, findings = [], []
            for visit in visits:
                for code, side in rng.sample(MAP_REGIONS, 3):
                    marks.append(
                        VisitPainMark(
                            visit=visit,
                            region_id=regions[code],
                            side=side,
                            intensity=rng.randint(1, 9),
                            quality="aching",
                        )
                    )
                side = rng.choice(["left", "right"])
                for tp in rng.sample(trigger_points, 2):
                    findings.append(
                        Finding(
                            visit=visit,
                            trigger_point_id=tp,
                            side=side,
                            status=FindingStatus.CONFIRMED,
                            taut_band=True,
                            spot_tenderness=2,
                        )
                    )
            VisitPainMark.objects.bulk_create(marks)
            Finding.objects.bulk_create(findings)
            applications, sites = [], []
            for visit, (first, _second) in zip(
                visits, zip(findings[::2], findings[1::2], strict=True), strict=True
            ):
                applications.append(
                    TechniqueApplication(
                        visit=visit,
                        technique=compression,
                        finding=first,
                        side=first.side,
                        parameters={"pressure": "firm", "hold_seconds": 60, "repetitions": 3},
                        nrs_before=6,
                        nrs_after=3,
                    )
                )
                applications.append(
                    TechniqueApplication(
                        visit=visit,
                        technique=met,
                        side=first.side,
                        parameters={"effort_percent": 20, "hold_seconds": 7, "repetitions": 3},
                    )
                )
                if visit.client_id in consenting:
                    sites.append(
                        NeedlingSite(
                            visit=visit,
                            trigger_point_id=first.trigger_point_id,
                            side=first.side,
                            technique=dry_needling,
                            needles_inserted=2,
                            needles_removed=2,
                            gauge_mm=Decimal("0.25"),
                            length_mm=50,
                            depth_mm=30,
                            dwell_seconds=30,
                        )
                    )
            TechniqueApplication.objects.bulk_create(applications)
            NeedlingSite.objects.bulk_create(sites)
            for visit in visits:
                (result.draft_ids if visit.status == VisitStatus.DRAFT else result.signed_ids).append(
                    visit.pk
                )
            result.count += len(visits)
    return result

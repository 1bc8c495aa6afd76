"""What was found and done across an episode's signed visits, in summary, for the progress report.

Three grouped queries whatever the number of visits: trigger points confirmed on palpation (in how many
visits, first and last seen), techniques applied (how often, in how many visits, and the average pain
before and after where it was recorded), and needling (sites, visits, needles). Drafts and discarded visits
are left out, as on the progress page's visit charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Min, Q, Sum
from django.utils import timezone

from records.models import Finding, FindingStatus, NeedlingSite, TechniqueApplication, VisitStatus

PAIN_PAIRED = Q(nrs_before__isnull=False, nrs_after__isnull=False)


@dataclass(frozen=True)
class ConfirmedFinding:
    trigger_point: str
    side: str
    visits: int
    first_seen: object
    last_seen: object


@dataclass(frozen=True)
class TechniqueUse:
    technique: str
    times: int
    visits: int
    pain_before: Decimal | None
    pain_after: Decimal | None

    @property
    def pain_text(self) -> str:
        if self.pain_before is None or self.pain_after is None:
            return "—"
        return f"{self.pain_before} → {self.pain_after}"


@dataclass(frozen=True)
class NeedlingUse:
    trigger_point: str
    side: str
    visits: int
    needles: int


@dataclass(frozen=True)
class TreatmentSummary:
    findings: list[ConfirmedFinding]
    techniques: list[TechniqueUse]
    needling: list[NeedlingUse]

    @property
    def is_empty(self) -> bool:
        return not (self.findings or self.techniques or self.needling)


def _one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _trigger_point_name(muscle: str, label: str) -> str:
    return f"{muscle} — {label}"


def summarise_treatment(episode) -> TreatmentSummary:
    in_episode = {"visit__episode_id": episode.pk, "visit__status": VisitStatus.SIGNED}
    findings = [
        ConfirmedFinding(
            trigger_point=_trigger_point_name(
                row["trigger_point__muscle__name"], row["trigger_point__label"]
            ),
            side=row["side"],
            visits=row["visits"],
            first_seen=timezone.localdate(row["first"]),
            last_seen=timezone.localdate(row["last"]),
        )
        for row in Finding.objects.filter(status=FindingStatus.CONFIRMED, **in_episode)
        .values("trigger_point__muscle__name", "trigger_point__label", "side")
        .annotate(
            visits=Count("visit", distinct=True),
            first=Min("visit__started_at"),
            last=Max("visit__started_at"),
        )
        .order_by("-visits", "trigger_point__muscle__name", "trigger_point__label", "side")
    ]
    techniques = [
        TechniqueUse(
            technique=row["technique__name"],
            times=row["times"],
            visits=row["visits"],
            pain_before=_one_decimal(row["before"]),
            pain_after=_one_decimal(row["after"]),
        )
        for row in TechniqueApplication.objects.filter(**in_episode)
        .values("technique__name")
        .annotate(
            times=Count("id"),
            visits=Count("visit", distinct=True),
            # Only applications with both figures, so the two averages describe the same treatments.
            before=Avg("nrs_before", filter=PAIN_PAIRED),
            after=Avg("nrs_after", filter=PAIN_PAIRED),
        )
        .order_by("-times", "technique__name")
    ]
    needling = [
        NeedlingUse(
            trigger_point=_trigger_point_name(
                row["trigger_point__muscle__name"], row["trigger_point__label"]
            ),
            side=row["side"],
            visits=row["visits"],
            needles=row["needles"] or 0,
        )
        for row in NeedlingSite.objects.filter(**in_episode)
        .values("trigger_point__muscle__name", "trigger_point__label", "side")
        .annotate(visits=Count("visit", distinct=True), needles=Sum("needles_inserted"))
        .order_by("-visits", "trigger_point__muscle__name", "trigger_point__label", "side")
    ]
    return TreatmentSummary(findings=findings, techniques=techniques, needling=needling)

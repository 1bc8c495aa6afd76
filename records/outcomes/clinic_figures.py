"""The clinic's outcome figures over a period: what the Outcomes page shows, computed in a fixed number of
queries whatever the number of episodes, visits and check-ins.

Definitions (also on the page and in docs/outcomes.md):

* **Episodes started**: ``started_on`` in the period. **Discharged**: discharged with ``discharged_on`` in
  the period. A therapist filter keeps the episodes that therapist opened (``Episode.created_by``: the one
  who started its first visit) and the visits that therapist saw.
* **Meaningful change per measure**, over the episodes discharged in the period: the baseline is the first
  counted check-in (``CheckIn.objects.counted()``: not discarded, nor in a discarded visit) that holds the
  measure, the final value the last one; an episode counts for LEFS, PSFS and usual pain when two different
  check-ins hold the measure, for GROC when one does (its last answer). Whether a change is meaningful is
  decided by ``records.outcomes.scoring`` only (LEFS total with its missing-item rule, PSFS average, NRS,
  GROC). The share is meaningful improvements over the episodes that have the measure.
* **Within-visit pain change by technique**: techniques applied in signed visits of the period with pain
  before and after, averaged (before − after: positive is less pain); the visits' own pain at start and end
  likewise. "Meaningful" uses ``scoring.nrs_change``.
* **Suggestions confirmed**: the stored suggestions of signed visits of the period
  (``SuggestedTriggerPoint``, kept at signing), per trigger point: how often suggested, at which rank, and how
  often the same trigger point and side was then a confirmed finding in that visit.

A figure resting on fewer than ``SMALL_NUMBERS`` episodes (or visits, or applications) is marked as small
numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db.models import Count, Q
from django.utils import timezone

from records.models import (
    CheckIn,
    Episode,
    EpisodeStatus,
    SuggestedTriggerPoint,
    TechniqueApplication,
    Visit,
    VisitStatus,
)
from records.outcomes import scoring
from reference.models import Technique, TriggerPoint

# Fewer episodes (or visits, or applications) than this behind a figure: "small numbers".
SMALL_NUMBERS = 10


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        """The first instant of ``date_from`` in the clinic's time zone."""
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:
        """The first instant after ``date_to``."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))


def default_period(today: date | None = None) -> Period:
    """The last 12 months, today included."""
    today = today or timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(year_ago + timedelta(days=1), today)


def percent(part: int, whole: int) -> int | None:
    """A whole percentage, half up; None of nothing."""
    if not whole:
        return None
    return int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_decimal(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class MeasureOutcome:
    """One measure over the discharged episodes: how many have it, improved or worsened meaningfully."""

    code: str
    label: str
    threshold: str
    episodes: int = 0
    improved: int = 0
    worse: int = 0

    @property
    def share(self) -> int | None:
        return percent(self.improved, self.episodes)

    @property
    def worse_share(self) -> int | None:
        return percent(self.worse, self.episodes)

    @property
    def small(self) -> bool:
        return self.episodes < SMALL_NUMBERS


@dataclass
class PainChange:
    """Within-visit pain changes (before → after) of one technique, or of the visits themselves."""

    label: str
    count: int = 0
    reduction_total: int = 0  # Σ (before − after)
    meaningful: int = 0  # meaningful improvements by scoring.nrs_change

    @property
    def mean_reduction(self) -> Decimal | None:
        return one_decimal(self.reduction_total, self.count)

    @property
    def meaningful_share(self) -> int | None:
        return percent(self.meaningful, self.count)

    @property
    def small(self) -> bool:
        return self.count < SMALL_NUMBERS

    def add(self, before: int, after: int, times: int) -> None:
        change = _nrs_change(before, after)
        self.count += times
        self.reduction_total += (before - after) * times
        if change.meaningful and change.direction is scoring.Direction.IMPROVED:
            self.meaningful += times


@dataclass
class SuggestionOutcome:
    """One trigger point's suggestions (both sides) and how often palpation then confirmed them."""

    label: str
    suggested: int = 0
    confirmed: int = 0
    rank_total: int = 0
    by_rank: dict[int, int] = field(default_factory=dict)

    @property
    def rate(self) -> int | None:
        return percent(self.confirmed, self.suggested)

    @property
    def mean_rank(self) -> Decimal | None:
        return one_decimal(self.rank_total, self.suggested)

    @property
    def first(self) -> int:
        return self.by_rank.get(1, 0)

    @property
    def small(self) -> bool:
        return self.suggested < SMALL_NUMBERS


@dataclass
class OutcomeFigures:
    period: Period
    episodes_started: int
    episodes_discharged: int
    measures: list[MeasureOutcome]
    visit_pain: PainChange
    techniques: list[PainChange]
    trigger_points: list[SuggestionOutcome]
    ranks: list[SuggestionOutcome]

    @property
    def discharged_small(self) -> bool:
        return self.episodes_discharged < SMALL_NUMBERS


def outcome_figures(*, clinic, period: Period, therapist_id: int | None = None) -> OutcomeFigures:
    """Every figure of the Outcomes page for ``clinic`` (and one therapist's work when given). Seven
    queries, each an aggregate, the names of what was counted, or one row per check-in of the period's
    discharged episodes."""
    episodes = Episode.objects.filter(clinic=clinic)
    if therapist_id is not None:
        episodes = episodes.filter(created_by_id=therapist_id)
    discharged_in_period = Q(
        status=EpisodeStatus.DISCHARGED,
        discharged_on__gte=period.date_from,
        discharged_on__lte=period.date_to,
    )
    # Query 1: the episodes started and discharged in the period, counted in the database.
    counts = episodes.aggregate(
        started=Count("pk", filter=Q(started_on__gte=period.date_from, started_on__lte=period.date_to)),
        discharged=Count("pk", filter=discharged_in_period),
    )
    return OutcomeFigures(
        period=period,
        episodes_started=counts["started"],
        episodes_discharged=counts["discharged"],
        measures=_measure_outcomes(clinic, episodes.filter(discharged_in_period)),
        **_pain_changes(clinic, period, therapist_id),
        **_suggestion_outcomes(clinic, period, therapist_id),
    )


# --- Measures over discharged episodes ---------------------------------------------------------------------


# The scoring functions are pure and their inputs bounded (totals 0–80, averages 0–10 to one decimal, pain
# 0–10, GROC −7…+7), so each distinct pair is scored once per process: a year of a busy clinic repeats them.
_lefs_total_of_sum = lru_cache(maxsize=None)(scoring.lefs_total_of_sum)
_psfs_average_of_sum = lru_cache(maxsize=None)(scoring.psfs_average_of_sum)
_lefs_change = lru_cache(maxsize=None)(scoring.lefs_change)
_psfs_change = lru_cache(maxsize=None)(scoring.psfs_change)
_nrs_change = lru_cache(maxsize=None)(scoring.nrs_change)
_groc_result = lru_cache(maxsize=None)(scoring.groc_result)


def _measure_outcomes(clinic, discharged_episodes) -> list[MeasureOutcome]:
    # Query 2: one row per counted check-in of the discharged episodes, in date order, with its LEFS and PSFS
    # answers' sums and counts as kept beside it (records.models.answer_totals; scored below by
    # records.outcomes.scoring). Summing the answers here instead took half of the page's time.
    rows = (
        CheckIn.objects.counted()
        .filter(clinic=clinic, episode__in=discharged_episodes.values("pk"))
        .order_by("episode_id", "recorded_on", "pk")
        .values_list(
            "episode_id",
            "usual_pain_week",
            "groc",
            "answer_totals__lefs_sum",
            "answer_totals__lefs_answered",
            "answer_totals__psfs_sum",
            "answer_totals__psfs_answered",
        )
    )
    outcomes = {
        "lefs": MeasureOutcome("lefs", "LEFS", scoring.LEFS.threshold_text),
        "psfs": MeasureOutcome("psfs", "PSFS (average)", scoring.PSFS.threshold_text),
        "nrs": MeasureOutcome("nrs", "Usual pain (NRS)", scoring.NRS.threshold_text),
        "groc": MeasureOutcome("groc", "Global rating of change", f"{scoring.GROC_MEANINGFUL:+d} or more"),
    }
    # One pass over the rows (grouped by episode, in date order): each episode's ends, then its changes.
    episode_id, ends = None, None
    for row in rows:
        if row[0] != episode_id:
            if ends is not None:
                _count_changes(outcomes, ends.changes())
            episode_id, ends = row[0], _EpisodeEnds()
        ends.add(row)
    if ends is not None:
        _count_changes(outcomes, ends.changes())
    return list(outcomes.values())


def _count_changes(outcomes: dict[str, MeasureOutcome], changes: dict[str, scoring.Change]) -> None:
    for code, change in changes.items():
        outcome = outcomes[code]
        outcome.episodes += 1
        if change.meaningful and change.direction is scoring.Direction.IMPROVED:
            outcome.improved += 1
        elif change.meaningful and change.direction is scoring.Direction.WORSE:
            outcome.worse += 1


class _EpisodeEnds:
    """Baseline (first) and final (last) value of each measure over one episode's check-ins, fed in date
    order: LEFS from the check-ins whose total can be scored (too many items missing: passed over), PSFS
    from those with an activity scored, usual pain from those that hold it; a change needs two different
    check-ins. GROC is its last answer."""

    __slots__ = ("groc", "lefs_first", "lefs_last", "pain_first", "pain_last", "psfs_first", "psfs_last")

    def __init__(self):
        self.lefs_first = self.lefs_last = self.psfs_first = self.psfs_last = None
        self.pain_first = self.pain_last = self.groc = None

    def add(self, row: tuple) -> None:
        _episode_id, pain, groc, lefs_sum, lefs_answered, psfs_sum, psfs_answered = row
        if lefs_answered:
            total = _lefs_total_of_sum(lefs_sum, answered=lefs_answered).total
            if total is not None:
                if self.lefs_first is None:
                    self.lefs_first = total
                else:
                    self.lefs_last = total
        if psfs_answered:
            average = _psfs_average_of_sum(psfs_sum, count=psfs_answered)
            if self.psfs_first is None:
                self.psfs_first = average
            else:
                self.psfs_last = average
        if pain is not None:
            if self.pain_first is None:
                self.pain_first = pain
            else:
                self.pain_last = pain
        if groc is not None:
            self.groc = groc

    def changes(self) -> dict[str, scoring.Change]:
        changes = {}
        if self.lefs_last is not None:
            changes["lefs"] = _lefs_change(self.lefs_first, self.lefs_last)
        if self.psfs_last is not None:
            changes["psfs"] = _psfs_change(self.psfs_first, self.psfs_last)
        if self.pain_last is not None:
            changes["nrs"] = _nrs_change(self.pain_first, self.pain_last)
        if self.groc is not None:
            changes["groc"] = _groc_result(self.groc)
        return changes


# --- Within-visit pain change ------------------------------------------------------------------------------


def _signed_visits_of(clinic, period: Period, therapist_id: int | None, prefix: str = "") -> Q:
    conditions = {
        f"{prefix}clinic": clinic,
        f"{prefix}status": VisitStatus.SIGNED,
        f"{prefix}started_at__gte": period.start,
        f"{prefix}started_at__lt": period.end,
    }
    if therapist_id is not None:
        conditions[f"{prefix}therapist_id"] = therapist_id
    return Q(**conditions)


def _pain_changes(clinic, period: Period, therapist_id: int | None) -> dict:
    # Query 3: the signed visits' pain at start and end, counted per (start, end) pair: at most 121 rows.
    visit_pairs = (
        Visit.objects.filter(_signed_visits_of(clinic, period, therapist_id))
        .filter(pain_start__isnull=False, pain_end__isnull=False)
        .order_by()
        .values_list("pain_start", "pain_end")
        .annotate(times=Count("pk"))
    )
    visit_pain = PainChange("Whole visit (start → end)")
    for before, after, times in visit_pairs:
        visit_pain.add(before, after, times)
    # Query 4: the techniques' pain before and after, counted per technique and pair. Grouped on the ids
    # alone: joining the names in before grouping tens of thousands of rows doubles the query's time.
    technique_pairs = (
        TechniqueApplication.objects.filter(_signed_visits_of(clinic, period, therapist_id, "visit__"))
        .filter(nrs_before__isnull=False, nrs_after__isnull=False)
        .order_by()
        .values_list("technique_id", "nrs_before", "nrs_after")
        .annotate(times=Count("pk"))
    )
    techniques: dict[int, PainChange] = {}
    for technique_id, before, after, times in technique_pairs:
        techniques.setdefault(technique_id, PainChange("")).add(before, after, times)
    # Query 5: the techniques' names (all of them, a short list: the query runs whatever was counted).
    for technique_id, name in Technique.objects.order_by().values_list("pk", "name"):
        if technique_id in techniques:
            techniques[technique_id].label = name
    ordered = sorted(techniques.values(), key=lambda t: (-t.count, t.label))
    return {"visit_pain": visit_pain, "techniques": ordered}


# --- Suggestions and palpation ----------------------------------------------------------------------------


def _suggestion_outcomes(clinic, period: Period, therapist_id: int | None) -> dict:
    stored = SuggestedTriggerPoint.objects.filter(
        clinic=clinic, visit_started_at__gte=period.start, visit_started_at__lt=period.end
    )
    if therapist_id is not None:
        stored = stored.filter(therapist_id=therapist_id)
    # Query 6: the stored suggestions counted per trigger point and rank, with how many were confirmed
    # (grouped on ids alone, as query 4).
    counted = (
        stored.order_by()
        .values_list("trigger_point_id", "rank")
        .annotate(times=Count("pk"), confirmed=Count("pk", filter=Q(confirmed=True)))
    )
    points: dict[int, SuggestionOutcome] = {}
    ranks: dict[int, SuggestionOutcome] = defaultdict(lambda: SuggestionOutcome(""))
    for trigger_point_id, rank, times, confirmed in counted:
        point = points.setdefault(trigger_point_id, SuggestionOutcome(""))
        for outcome in (point, ranks[rank]):
            outcome.suggested += times
            outcome.confirmed += confirmed
            outcome.rank_total += rank * times
            outcome.by_rank[rank] = outcome.by_rank.get(rank, 0) + times
    # Query 7: the trigger points' names (the library's, a few hundred at most: it runs whatever was counted).
    named = TriggerPoint.objects.order_by().values_list("pk", "muscle__name", "label")
    for trigger_point_id, muscle, label in named:
        if trigger_point_id in points:
            name = label if muscle.lower() in label.lower() else f"{muscle}: {label}"
            points[trigger_point_id].label = name
    for rank, outcome in ranks.items():
        outcome.label = f"Rank {rank}"
    return {
        "trigger_points": sorted(points.values(), key=lambda p: (-p.suggested, p.label)),
        "ranks": [ranks[rank] for rank in sorted(ranks)],
    }

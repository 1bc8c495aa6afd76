"""From a pain map to ranked trigger-point candidates: the reverse lookup of referral patterns.

A candidate is a (trigger point, side) pair whose referral zones explain some of the painful regions.
Candidates are hypotheses to examine by palpation, never a diagnosis.

The formula
-----------
Each pain mark m has a region, a side and an intensity I(m) from 0 to 10; marks at 0 are "not painful"
and take no part except as the absence of pain. For a trigger point T on side S:

* A mark *matches* a zone of T when the mark's region is the zone's region and the mark is on side S,
  or the region is a midline region (a midline region matches either side).
* The zone weight w is 1.0 for an essential zone and 0.5 for a spillover zone
  (``ESSENTIAL_WEIGHT``, ``SPILLOVER_WEIGHT``); a mark matching both kinds counts once, with the larger.
* explained(T, S) = sum of w * I(m) over matching painful marks / sum of I(m) over all painful marks.
  It lies in [0, 1]: the share of the client's pain, weighted by intensity, that T explains, essential
  matches counting twice as much as spillover.
* completeness(T, S) = painful essential zones of T on side S / essential zones of T.
  Essential zones are where nearly everyone with that trigger point feels pain, so each one without
  pain makes T less likely.
* score(T, S) = explained * (1 + completeness) / 2, in [0, 1]. A candidate that explains all the pain
  through essential zones and has every essential zone painful scores 1; missing essential pain can at
  most halve a score.

Only candidates with at least one matching painful mark are listed. Ties break by muscle name, trigger
point label and side, so the order is deterministic. Only published library content is used.

Cost
----
The published referral zones are read in one query into an in-memory index, cached per process and keyed
by the library version, so each suggestion costs one query (the version check) while the library is
unchanged; scoring is then proportional to the zones touching the painful regions.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reference.library_cache import cached_for_version, forget_everything

ESSENTIAL = "essential"
SPILLOVER = "spillover"
ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.5
ZONE_WEIGHTS = {ESSENTIAL: ESSENTIAL_WEIGHT, SPILLOVER: SPILLOVER_WEIGHT}
CANDIDATE_SIDES = ("left", "right")
MIDLINE = "midline"


@dataclass(frozen=True)
class PainMark:
    """One painful (or explicitly pain-free, intensity 0) region on one side."""

    region: str
    side: str
    intensity: int
    quality: str = ""

    @property
    def is_painful(self) -> bool:
        return self.intensity > 0


@dataclass(frozen=True)
class ZoneRow:
    """One published referral zone, flattened with what a candidate needs to show."""

    trigger_point_id: int
    trigger_point_label: str
    trigger_point_slug: str
    muscle_id: int
    muscle_name: str
    muscle_slug: str
    region: str
    kind: str


@dataclass(frozen=True)
class RegionSide:
    region: str
    side: str


@dataclass
class Candidate:
    trigger_point_id: int
    trigger_point_label: str
    trigger_point_slug: str
    muscle_id: int
    muscle_name: str
    muscle_slug: str
    side: str
    score: float
    explained_essential: list[RegionSide] = field(default_factory=list)
    explained_spillover: list[RegionSide] = field(default_factory=list)
    unexplained: list[RegionSide] = field(default_factory=list)
    essential_not_painful: list[RegionSide] = field(default_factory=list)
    essential_regions: list[str] = field(default_factory=list)
    spillover_regions: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable identifier of a candidate in forms and page anchors."""
        return f"{self.trigger_point_id}:{self.side}"


@dataclass(frozen=True)
class _TriggerPointInfo:
    row: ZoneRow
    essential: tuple[str, ...]
    spillover: tuple[str, ...]


class SuggestionIndex:
    """Referral zones arranged for the reverse lookup: region code -> zones that refer pain there."""

    def __init__(self, rows: Iterable[ZoneRow]):
        by_region: dict[str, list[tuple[int, float, bool]]] = defaultdict(list)
        essential: dict[int, list[str]] = defaultdict(list)
        spillover: dict[int, list[str]] = defaultdict(list)
        first_row: dict[int, ZoneRow] = {}
        count = 0
        for row in rows:
            is_essential = row.kind == ESSENTIAL
            by_region[row.region].append((row.trigger_point_id, ZONE_WEIGHTS[row.kind], is_essential))
            first_row.setdefault(row.trigger_point_id, row)
            (essential if is_essential else spillover)[row.trigger_point_id].append(row.region)
            count += 1
        self.by_region = dict(by_region)
        self.zone_count = count
        self.trigger_points = {
            tp_id: _TriggerPointInfo(
                row=row, essential=tuple(essential[tp_id]), spillover=tuple(spillover[tp_id])
            )
            for tp_id, row in first_row.items()
        }
        # Precomputed tie-break keys, so ranking thousands of candidates does no string work.
        self.sort_names = {
            tp_id: (info.row.muscle_name.lower(), info.row.trigger_point_label.lower())
            for tp_id, info in self.trigger_points.items()
        }

    def __len__(self) -> int:
        return self.zone_count


def rank_candidates(
    index: SuggestionIndex, marks: Sequence[PainMark], *, limit: int | None = None
) -> list[Candidate]:
    """Score every (trigger point, side) that explains at least one painful mark; best first.

    With ``limit``, only the best ``limit`` candidates are described in full (the cost that grows with
    the library is the scoring, which stays a few dictionary updates per matching zone).
    """
    painful = [mark for mark in marks if mark.is_painful]
    total_intensity = sum(mark.intensity for mark in painful)
    if not total_intensity:
        return []

    # One pass over the zones of the painful regions. A trigger point has one zone per region (a schema
    # constraint) and a map one mark per region and side, so no match is counted twice.
    weighted: dict[tuple[int, str], float] = defaultdict(float)
    essential_hits: dict[tuple[int, str], int] = defaultdict(int)
    for mark in painful:
        zones = index.by_region.get(mark.region)
        if not zones:
            continue
        sides = CANDIDATE_SIDES if mark.side == MIDLINE else (mark.side,)
        intensity = mark.intensity
        for tp_id, weight, is_essential in zones:
            for side in sides:
                key = (tp_id, side)
                weighted[key] += weight * intensity
                if is_essential:
                    essential_hits[key] += 1

    scored = []
    trigger_points = index.trigger_points
    sort_names = index.sort_names
    for key, weight_sum in weighted.items():
        tp_id, side = key
        essential_count = len(trigger_points[tp_id].essential)
        completeness = essential_hits.get(key, 0) / essential_count if essential_count else 1.0
        score = round(weight_sum / total_intensity * (1 + completeness) / 2, 4)
        scored.append((-score, *sort_names[tp_id], side, tp_id))
    best = heapq.nsmallest(limit, scored) if limit is not None else sorted(scored)
    return [
        _describe(index, painful, tp_id, side, -negative_score) for negative_score, _, _, side, tp_id in best
    ]


def _describe(
    index: SuggestionIndex, painful: list[PainMark], tp_id: int, side: str, score: float
) -> Candidate:
    """The full explanation of one candidate: which painful regions it explains, and how."""
    info = index.trigger_points[tp_id]
    essential, spillover = set(info.essential), set(info.spillover)
    explained_essential, explained_spillover, unexplained = [], [], []
    for mark in painful:
        applies = mark.side in (side, MIDLINE)
        item = RegionSide(mark.region, mark.side)
        if applies and mark.region in essential:
            explained_essential.append(item)
        elif applies and mark.region in spillover:
            explained_spillover.append(item)
        else:
            unexplained.append(item)
    painful_here = {mark.region for mark in painful if mark.side in (side, MIDLINE)}
    row = info.row
    return Candidate(
        trigger_point_id=tp_id,
        trigger_point_label=row.trigger_point_label,
        trigger_point_slug=row.trigger_point_slug,
        muscle_id=row.muscle_id,
        muscle_name=row.muscle_name,
        muscle_slug=row.muscle_slug,
        side=side,
        score=score,
        explained_essential=explained_essential,
        explained_spillover=explained_spillover,
        unexplained=unexplained,
        essential_not_painful=[RegionSide(r, side) for r in info.essential if r not in painful_here],
        essential_regions=list(info.essential),
        spillover_regions=list(info.spillover),
    )


# --- Loading the published library -------------------------------------------------------------------


def published_zone_rows(*, chart_version: int) -> list[ZoneRow]:
    """Every published zone of a published trigger point of a published muscle, in one query."""
    from reference.models import ReferralZone

    fields = (
        "trigger_point_id",
        "trigger_point__label",
        "trigger_point__slug",
        "trigger_point__muscle_id",
        "trigger_point__muscle__name",
        "trigger_point__muscle__slug",
        "region__code",
        "kind",
    )
    rows = ReferralZone.objects.published_for_suggestions(chart_version=chart_version).values_list(*fields)
    return [ZoneRow(*row) for row in rows]


def suggestion_index(*, chart_version: int, library_version: int | None = None) -> SuggestionIndex:
    """The index for the library version (the current one unless given), rebuilt only when published
    content changed. A page that already read the version passes it, saving the query."""
    from reference.versioning import current_library_version

    return cached_for_version(
        f"suggestion-index-chart-{chart_version}",
        current_library_version() if library_version is None else library_version,
        lambda: SuggestionIndex(published_zone_rows(chart_version=chart_version)),
    )


def suggest(
    marks: Sequence[PainMark],
    *,
    chart_version: int,
    limit: int | None = None,
    library_version: int | None = None,
) -> list[Candidate]:
    """Ranked candidates for a pain map drawn on ``chart_version`` of the body chart (best ``limit``)."""
    if not any(mark.is_painful for mark in marks):
        return []
    index = suggestion_index(chart_version=chart_version, library_version=library_version)
    return rank_candidates(index, marks, limit=limit)


def forget_cached_indexes() -> None:
    """Drop the per-process caches (tests and the benchmark switch databases under them)."""
    forget_everything()

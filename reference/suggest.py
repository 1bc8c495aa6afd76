"""From a pain map to ranked trigger-point candidates: the reverse lookup of referral patterns.

A candidate is a (trigger point, side) pair whose referral pattern explains some of the painful regions.
Candidates are hypotheses to examine by palpation, never a diagnosis.

The formula
-----------
Each pain mark m has a region, a side, an intensity I(m) from 0 to 10 and maybe a quality; marks at 0 are
"not painful". For a trigger point T on side S (a mark applies when it is on side S or on a midline region):

* **Zone confidence** c(z) says how sure the library is of each referral zone z: 1 for a zone as curated,
  ``UNDER_REVIEW_CONFIDENCE`` (0.5) while a curator reviews it, ``CONTRADICTED_CONFIDENCE`` (0) when a second
  source contradicts it. A contradicted zone stays on the muscle page with the discrepancy, but counts
  for nothing here.
* **How well T explains one mark**, fit(m), the largest that applies: c(z) when m lies on a zone z of T
  (essential or spillover: pain in either part is pain T refers); ``LOCAL_FIT`` (1) when m lies on the
  region where T itself sits (local pain at the trigger point); ``ADJACENT_FIT`` x c(z) (0.5 x) when m lies
  on a region next to a zone z of T (body-chart adjacency, ``reference/data/body_chart_v1_adjacency.json``):
  drawn pain spreads past region borders, so a neighbour earns half credit.
* **Explained** E = sum of I(m) x fit(m) / sum of I(m), over the painful marks: the intensity-weighted share
  of the client's pain that T explains (shown as "explains 80 % of the pain").
* **Essential completeness** C = sum of c(z) over T's painful essential zones / sum of c(z) over its
  essential zones. Essential zones are where nearly everyone with T feels pain, so each one left without
  pain makes T less likely.
* **Spillover coverage** V, the same over spillover zones. Spillover is felt by some people only, so its
  absence is weak evidence; its presence shows more of T's pattern. A pattern without a spillover part
  (that counts) has V = C; one without an essential part has C = V.
* **Pattern** P = 1/2 + 1/2 x (0.7 x C + 0.3 x V), between 1/2 and 1 (``ESSENTIAL_SHARE``).
* **Pain quality** Q = 1 - 1/2 x A, where A is the share of the explained pain (I x fit) whose quality
  referred myofascial pain rarely has (tingling, numb, burning, electric: ``ATYPICAL_QUALITIES``). Such pain
  suggests a nerve rather than a trigger point; deep aching pain is typical.
* **score = E x P x Q**, rounded to two decimals, between 0 and 1.

So one painful region in one essential zone of a two-zone pattern scores 0.68, and the whole pattern
painful scores 1: a single region cannot outrank the textbook pattern. A candidate needs at least one
painful region on a zone of T or on T's own region; pain next to its zones adds credit, but alone does not
make T a candidate.

Candidates with equal scores share a rank (shown "=1"): within it the list keeps the library's muscle
order, which carries no meaning. Trigger points with identical patterns (the same zones, confidences and
own region), e.g. semimembranosus and semitendinosus, form one grouped candidate listing both.

Cost
----
The published referral zones are read in one query into an in-memory index, cached per process and keyed
by the library version, so each suggestion costs one query (the version check) while the library is
unchanged. For each region the index stores, per trigger point, its best fit there (zone, own region or
neighbour). Ranking is two passes: the first adds up, over the direct entries of the painful regions, an
upper bound of each score; the second computes full scores in falling order of that bound and stops once
no bound can reach the last place shown (``limit``), so a library of thousands of trigger points costs a
few milliseconds.
"""

from __future__ import annotations

import functools
import heapq
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reference.library_cache import cached_for_version, forget_everything

ESSENTIAL = "essential"
SPILLOVER = "spillover"
CANDIDATE_SIDES = ("left", "right")
MIDLINE = "midline"

UNDER_REVIEW_CONFIDENCE = 0.5
CONTRADICTED_CONFIDENCE = 0.0
LOCAL_FIT = 1.0
ADJACENT_FIT = 0.5
ESSENTIAL_SHARE = 0.7
ATYPICAL_QUALITIES = ("tingling", "numb", "burning", "electric")
ATYPICAL_PENALTY = 0.5
HYPOTHESIS_LABEL = "A hypothesis to examine by palpation, not a diagnosis."

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.lru_cache(maxsize=4)
def region_adjacency(chart_version: int) -> dict[str, frozenset[str]]:
    """Region code -> the codes of the regions next to it (``body_chart_v{N}_adjacency.json``)."""
    path = DATA_DIR / f"body_chart_v{chart_version}_adjacency.json"
    if not path.exists():
        return {}
    document = json.loads(path.read_text(encoding="utf-8"))
    return {code: frozenset(neighbours) for code, neighbours in document["adjacent"].items()}


def side_neighbours(chart, code: str, side: str) -> set[tuple[str, str]]:
    """The (region, side) pairs next to one (region, side): a sided region's neighbours on its own side, and
    midline regions; a midline region's neighbours on both sides. This is the rule the ranking applies."""
    result = set()
    for neighbour in region_adjacency(chart.version).get(code, ()):
        region = chart.region(neighbour)
        for neighbour_side in region.sides():
            if side == MIDLINE or neighbour_side in (side, MIDLINE):
                result.add((neighbour, neighbour_side))
    return result


def zone_confidence(*, needs_review: bool, contradicted: bool) -> float:
    if contradicted:
        return CONTRADICTED_CONFIDENCE
    return UNDER_REVIEW_CONFIDENCE if needs_review else 1.0


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
    confidence: float = 1.0
    trigger_point_region: str = ""
    muscle_order: tuple = ()
    zone_note: str = ""
    trigger_point_note: str = ""
    region_name: str = ""


@dataclass(frozen=True)
class RegionSide:
    region: str
    side: str


@dataclass(frozen=True)
class Member:
    """One trigger point of a grouped candidate."""

    trigger_point_id: int
    trigger_point_label: str
    trigger_point_slug: str
    muscle_id: int
    muscle_name: str
    muscle_slug: str


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
    rank: int = 0
    shared_rank: bool = False
    members: list[Member] = field(default_factory=list)
    explained_share: float = 0.0
    essential_painful: int = 0
    essential_total: int = 0
    local_pain: bool = False
    atypical_share: float = 0.0
    atypical_qualities: list[str] = field(default_factory=list)
    typical_quality: bool = False
    explained_essential: list[RegionSide] = field(default_factory=list)
    explained_spillover: list[RegionSide] = field(default_factory=list)
    explained_adjacent: list[RegionSide] = field(default_factory=list)
    explained_local: list[RegionSide] = field(default_factory=list)
    unexplained: list[RegionSide] = field(default_factory=list)
    essential_not_painful: list[RegionSide] = field(default_factory=list)
    essential_regions: list[str] = field(default_factory=list)
    spillover_regions: list[str] = field(default_factory=list)
    curation_notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable identifier of a candidate in forms and page anchors (its first member)."""
        return f"{self.trigger_point_id}:{self.side}"

    @property
    def rank_label(self) -> str:
        return f"={self.rank}" if self.shared_rank else str(self.rank)

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1

    @property
    def muscle_names(self) -> str:
        return " and ".join(member.muscle_name for member in self.members) or self.muscle_name

    @property
    def explained_percent(self) -> int:
        return round(self.explained_share * 100)

    @property
    def explanation(self) -> str:
        """What the score means, in words."""
        parts = [f"explains {self.explained_percent} % of the pain"]
        if self.essential_total:
            parts.append(
                f"{self.essential_painful} of {self.essential_total} essential "
                f"zone{'s' if self.essential_total != 1 else ''} painful"
            )
        if self.local_pain:
            parts.append("local pain at the trigger point")
        if self.explained_adjacent:
            count = len(self.explained_adjacent)
            parts.append(f"{count} painful region{'s' if count != 1 else ''} next to its zones (half credit)")
        if self.atypical_qualities:
            parts.append(
                f"{' and '.join(self.atypical_qualities)} pain, unusual for trigger points, "
                "lowers its confidence"
            )
        elif self.typical_quality:
            parts.append("aching, as trigger-point pain typically is")
        return "; ".join(parts)

    @property
    def quality_note(self) -> str:
        if self.atypical_qualities:
            return (
                f"{', '.join(self.atypical_qualities).capitalize()} pain makes up "
                f"{round(self.atypical_share * 100)} % of what it explains: referred trigger-point pain is "
                "rarely so, which lowers this candidate's confidence. Screen for nerve involvement."
            )
        if self.typical_quality:
            return "Aching pain, as referred trigger-point pain typically is."
        return ""


@dataclass(frozen=True)
class _TriggerPointInfo:
    row: ZoneRow
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    confidence: dict
    essential_weight: float
    spillover_weight: float
    pattern: tuple
    notes: tuple[str, ...]


# An index entry: (trigger point id, fit, essential-zone confidence here, spillover-zone confidence here,
# how it fits: 0 zone, 1 own region, 2 neighbour).
ZONE, LOCAL, ADJACENT = 0, 1, 2


class SuggestionIndex:
    """Referral zones arranged for the reverse lookup: region code -> trigger points explaining pain there."""

    def __init__(self, rows: Iterable[ZoneRow], *, adjacency: dict[str, frozenset[str]] | None = None):
        adjacency = adjacency or {}
        essential: dict[int, list[str]] = defaultdict(list)
        spillover: dict[int, list[str]] = defaultdict(list)
        confidence: dict[int, dict[str, float]] = defaultdict(dict)
        # Curation notes per trigger point: the same note on several zones is said once, naming them all.
        notes: dict[int, dict[str, list[str]]] = defaultdict(dict)
        first_row: dict[int, ZoneRow] = {}
        count = 0
        for row in rows:
            first_row.setdefault(row.trigger_point_id, row)
            (essential if row.kind == ESSENTIAL else spillover)[row.trigger_point_id].append(row.region)
            confidence[row.trigger_point_id][row.region] = row.confidence
            if row.zone_note:
                notes[row.trigger_point_id].setdefault(row.zone_note, []).append(
                    row.region_name or row.region
                )
            count += 1
        self.zone_count = count
        self.trigger_points: dict[int, _TriggerPointInfo] = {}
        # Per trigger point, its entry for each region it explains (to describe a candidate without scanning).
        self.entries_of: dict[int, dict[str, tuple]] = {}
        best: dict[str, dict[int, tuple]] = defaultdict(dict)
        for tp_id, row in first_row.items():
            conf = confidence[tp_id]
            ess, spill = tuple(essential[tp_id]), tuple(spillover[tp_id])
            tp_notes = ([row.trigger_point_note] if row.trigger_point_note else []) + [
                f"{'; '.join(regions)}: {note}" for note, regions in notes[tp_id].items()
            ]
            self.trigger_points[tp_id] = _TriggerPointInfo(
                row=row,
                essential=ess,
                spillover=spill,
                confidence=conf,
                essential_weight=sum(conf[r] for r in ess),
                spillover_weight=sum(conf[r] for r in spill),
                pattern=(
                    tuple(sorted((r, conf[r]) for r in ess)),
                    tuple(sorted((r, conf[r]) for r in spill)),
                    row.trigger_point_region,
                ),
                notes=tuple(tp_notes),
            )
            here = {}
            for region in ess:
                here[region] = (tp_id, conf[region], conf[region], 0.0, ZONE)
            for region in spill:
                here[region] = (tp_id, conf[region], 0.0, conf[region], ZONE)
            own = row.trigger_point_region
            if own:
                previous = here.get(own)
                if previous is None or previous[1] < LOCAL_FIT:
                    here[own] = (tp_id, LOCAL_FIT, *(previous[2:4] if previous else (0.0, 0.0)), LOCAL)
            for region in (*ess, *spill):
                if not conf[region]:
                    continue
                for neighbour in adjacency.get(region, ()):
                    fit = ADJACENT_FIT * conf[region]
                    previous = here.get(neighbour)
                    if previous is None:
                        here[neighbour] = (tp_id, fit, 0.0, 0.0, ADJACENT)
                    elif previous[1] < fit:
                        here[neighbour] = (tp_id, fit, previous[2], previous[3], ADJACENT)
            here = {region: entry for region, entry in here.items() if entry[1] > 0}
            self.entries_of[tp_id] = here
            for region, entry in here.items():
                best[region][tp_id] = entry
        self.by_region = {region: tuple(entries.values()) for region, entries in best.items()}
        # The first pass of the ranking needs only (trigger point, fit) per region, for direct matches (a zone
        # or the trigger point's own region): pain next to a zone adds credit, it does not make a candidate.
        self.direct_by_region = {
            region: tuple((tp_id, entry[1]) for tp_id, entry in entries.items() if entry[4] != ADJACENT)
            for region, entries in best.items()
        }
        self.adjacent_by_region = {
            region: tuple((tp_id, entry[1]) for tp_id, entry in entries.items() if entry[4] == ADJACENT)
            for region, entries in best.items()
        }
        # Essential zones per region with their confidence: the first pass also bounds the pattern factor.
        essential_by_region: dict[str, list] = defaultdict(list)
        for tp_id, info in self.trigger_points.items():
            for region in info.essential:
                if info.confidence[region] > 0:
                    essential_by_region[region].append((tp_id, info.confidence[region]))
        self.essential_by_region = {region: tuple(entries) for region, entries in essential_by_region.items()}
        # Identical patterns get one number, so grouping compares integers.
        pattern_ids: dict[tuple, int] = {}
        self.pattern_of = {
            tp_id: pattern_ids.setdefault(info.pattern, len(pattern_ids))
            for tp_id, info in self.trigger_points.items()
        }
        # Precomputed order within a shared rank: the library's muscle order, then the label.
        self.sort_names = {
            tp_id: (info.row.muscle_order, info.row.muscle_name.lower(), info.row.trigger_point_label.lower())
            for tp_id, info in self.trigger_points.items()
        }
        self.muscle_scope = sorted(
            {(info.row.muscle_order, info.row.muscle_name) for info in self.trigger_points.values()}
        )

    def __len__(self) -> int:
        return self.zone_count

    @property
    def scope_names(self) -> list[str]:
        """The muscles whose trigger points the suggestions cover, in library order."""
        return [name for _, name in self.muscle_scope]


def rank_candidates(
    index: SuggestionIndex, marks: Sequence[PainMark], *, limit: int | None = None
) -> list[Candidate]:
    """Score every (trigger point, side) that explains some painful mark; best first, equal scores sharing a
    rank, identical patterns grouped into one candidate.

    Two passes keep a large library fast. The first adds up, per (trigger point, side), the explained pain
    E, an upper bound of the score (P and Q are at most 1): one dictionary update per index entry of the
    painful regions. The second computes full scores in falling order of E and, with ``limit``, stops once
    no remaining bound can reach the ``limit``-th best group.
    """
    painful = [mark for mark in marks if mark.is_painful]
    total_intensity = sum(mark.intensity for mark in painful)
    if not total_intensity:
        return []

    sums: dict[str, dict[int, float]] = {side: {} for side in CANDIDATE_SIDES}
    essential_sums: dict[str, dict[int, float]] = {side: {} for side in CANDIDATE_SIDES}
    for mark in painful:
        entries = index.direct_by_region.get(mark.region)
        if not entries:
            continue
        intensity = mark.intensity
        essential_entries = index.essential_by_region.get(mark.region, ())
        for side in CANDIDATE_SIDES if mark.side == MIDLINE else (mark.side,):
            acc = sums[side]
            get = acc.get
            for tp_id, fit in entries:
                acc[tp_id] = get(tp_id, 0.0) + fit * intensity
            acc = essential_sums[side]
            get = acc.get
            for tp_id, confidence in essential_entries:
                acc[tp_id] = get(tp_id, 0.0) + confidence
    # Pain next to a zone adds to the candidates found above (it makes none on its own), so E is exact.
    for mark in painful:
        entries = index.adjacent_by_region.get(mark.region)
        if not entries:
            continue
        intensity = mark.intensity
        for side in CANDIDATE_SIDES if mark.side == MIDLINE else (mark.side,):
            acc = sums[side]
            for tp_id, fit in entries:
                if tp_id in acc:
                    acc[tp_id] += fit * intensity

    # An upper bound of each score: E x (1/2 + 1/2 x (0.7 C + 0.3)), taking every spillover zone as painful
    # and no quality penalty; C is exact (1 for a pattern without essential zones).
    trigger_points = index.trigger_points
    bounds = []
    for side_index, side in enumerate(CANDIDATE_SIDES):
        essential_get = essential_sums[side].get
        for tp_id, amount in sums[side].items():
            weight = trigger_points[tp_id].essential_weight
            completeness = essential_get(tp_id, 0.0) / weight if weight else 1.0
            pattern = 0.5 + 0.5 * (ESSENTIAL_SHARE * completeness + 1 - ESSENTIAL_SHARE)
            bounds.append((-amount * pattern, side_index, tp_id))
    heapq.heapify(bounds)
    groups: dict[tuple[int, str], list] = {}  # (pattern, side) -> [score, tp ids]
    group_scores: list[float] = []  # best first, for the cut-off
    cut_scores: set[float] = set()
    pattern_of = index.pattern_of
    while bounds:
        negative_amount, side_index, tp_id = heapq.heappop(bounds)
        side = CANDIDATE_SIDES[side_index]
        bound = round(-negative_amount / total_intensity + 1e-9, 2)
        if limit is not None and len(groups) >= limit and bound < group_scores[limit - 1]:
            break
        key = (pattern_of[tp_id], side)
        group = groups.get(key)
        if group is not None:  # an identical pattern on the same side: the same score
            group[1].append(tp_id)
            continue
        score = _score(index, painful, total_intensity, tp_id, side)
        if limit is not None and len(groups) >= limit and score < group_scores[limit - 1]:
            if score == group_scores[-1]:
                cut_scores.add(score)
            continue
        groups[key] = [score, [tp_id]]
        insort_descending(group_scores, score)

    sort_names = index.sort_names
    ordered = sorted(
        groups.items(),
        key=lambda item: (-item[1][0], *sort_names[min(item[1][1], key=sort_names.__getitem__)], item[0][1]),
    )
    if limit is not None:
        for _, (score, _members) in ordered[limit:]:
            cut_scores.add(score)
        ordered = ordered[:limit]
    result = []
    for (_, side), (score, tp_ids) in ordered:
        tp_ids = sorted(tp_ids, key=sort_names.__getitem__)
        candidate = _describe(index, painful, total_intensity, tp_ids[0], side, score)
        candidate.members = [_member(index, tp) for tp in tp_ids]
        result.append(candidate)
    _assign_ranks(result)
    for candidate in result:
        # A tie with a candidate beyond the limit is still a shared rank.
        if candidate.score in cut_scores:
            candidate.shared_rank = True
    return result


def insort_descending(scores: list[float], score: float) -> None:
    position = len(scores)
    while position and scores[position - 1] < score:
        position -= 1
    scores.insert(position, score)


def _score(
    index: SuggestionIndex, painful: list[PainMark], total_intensity: int, tp_id: int, side: str
) -> float:
    """The full score of one (trigger point, side): see the module's formula."""
    info = index.trigger_points[tp_id]
    entries = index.entries_of[tp_id]
    amount = atypical = essential_hit = spillover_hit = 0.0
    for mark in painful:
        if mark.side != side and mark.side != MIDLINE:
            continue
        entry = entries.get(mark.region)
        if entry is None:
            continue
        part = entry[1] * mark.intensity
        amount += part
        if mark.quality in ATYPICAL_QUALITIES:
            atypical += part
        if entry[2]:
            essential_hit += entry[2]
        elif entry[3]:
            spillover_hit += entry[3]
    if amount <= 0:
        return 0.0
    completeness = essential_hit / info.essential_weight if info.essential_weight else None
    coverage = spillover_hit / info.spillover_weight if info.spillover_weight else None
    # A pattern without one of the two parts (that counts) is judged on the part it has.
    completeness = coverage if completeness is None else completeness
    coverage = completeness if coverage is None else coverage
    if completeness is None:
        completeness = coverage = 0.0
    pattern = 0.5 + 0.5 * (ESSENTIAL_SHARE * completeness + (1 - ESSENTIAL_SHARE) * coverage)
    quality = 1 - ATYPICAL_PENALTY * atypical / amount
    return round(amount / total_intensity * pattern * quality + 1e-9, 2)


def _assign_ranks(candidates: list[Candidate]) -> None:
    """Competition ranking ("1, =2, =2, 4"): equal scores share a rank."""
    for position, candidate in enumerate(candidates, start=1):
        previous = candidates[position - 2] if position > 1 else None
        if previous is not None and previous.score == candidate.score:
            candidate.rank = previous.rank
            candidate.shared_rank = previous.shared_rank = True
        else:
            candidate.rank = position


def _member(index: SuggestionIndex, tp_id: int) -> Member:
    row = index.trigger_points[tp_id].row
    return Member(
        row.trigger_point_id,
        row.trigger_point_label,
        row.trigger_point_slug,
        row.muscle_id,
        row.muscle_name,
        row.muscle_slug,
    )


def _describe(
    index: SuggestionIndex, painful: list[PainMark], total_intensity: int, tp_id: int, side: str, score: float
) -> Candidate:
    """The full explanation of one candidate: which painful regions it explains, and how."""
    info = index.trigger_points[tp_id]
    conf = info.confidence
    essential, spillover = set(info.essential), set(info.spillover)
    row = info.row
    by_tp = index.entries_of[tp_id]
    lists = {name: [] for name in ("essential", "spillover", "adjacent", "local", "unexplained")}
    explained_amount = atypical_amount = 0.0
    atypical_names: list[str] = []
    aching = False
    for mark in painful:
        item = RegionSide(mark.region, mark.side)
        entry = by_tp.get(mark.region) if mark.side in (side, MIDLINE) else None
        if entry is None or entry[1] <= 0:
            lists["unexplained"].append(item)
            continue
        how = entry[4]
        if how == ADJACENT:
            lists["adjacent"].append(item)
        elif mark.region in essential and conf[mark.region] > 0:
            lists["essential"].append(item)
        elif mark.region in spillover and conf[mark.region] > 0:
            lists["spillover"].append(item)
        if mark.region == row.trigger_point_region and how != ADJACENT:
            lists["local"].append(item)
        amount = entry[1] * mark.intensity
        explained_amount += amount
        if mark.quality in ATYPICAL_QUALITIES:
            atypical_amount += amount
            if mark.quality not in atypical_names:
                atypical_names.append(mark.quality)
        elif mark.quality == "aching":
            aching = True
    painful_here = {mark.region for mark in painful if mark.side in (side, MIDLINE)}
    counted_essential = [r for r in info.essential if conf[r] > 0]
    notes = list(info.notes)
    return Candidate(
        trigger_point_id=tp_id,
        trigger_point_label=row.trigger_point_label,
        trigger_point_slug=row.trigger_point_slug,
        muscle_id=row.muscle_id,
        muscle_name=row.muscle_name,
        muscle_slug=row.muscle_slug,
        side=side,
        score=score,
        explained_share=min(1.0, explained_amount / total_intensity),
        essential_painful=sum(1 for r in counted_essential if r in painful_here),
        essential_total=len(counted_essential),
        local_pain=bool(lists["local"]),
        atypical_share=atypical_amount / explained_amount if explained_amount else 0.0,
        atypical_qualities=atypical_names,
        typical_quality=aching and not atypical_names,
        explained_essential=lists["essential"],
        explained_spillover=lists["spillover"],
        explained_adjacent=lists["adjacent"],
        explained_local=lists["local"],
        unexplained=lists["unexplained"],
        essential_not_painful=[RegionSide(r, side) for r in counted_essential if r not in painful_here],
        essential_regions=[r for r in info.essential if conf[r] > 0],
        spillover_regions=[r for r in info.spillover if conf[r] > 0],
        curation_notes=notes,
    )


# --- Loading the published library -------------------------------------------------------------------


def published_zone_rows(*, chart_version: int) -> list[ZoneRow]:
    """Every published zone of a published trigger point of a published muscle, in one query."""
    from reference.models import ReferralZone

    return zone_rows(ReferralZone.objects.published_for_suggestions(chart_version=chart_version))


def zone_rows(zones) -> list[ZoneRow]:
    """The rows of a queryset of zones, in one query (the curators' preview passes a muscle's drafts)."""
    fields = (
        "trigger_point_id",
        "trigger_point__label",
        "trigger_point__slug",
        "trigger_point__muscle_id",
        "trigger_point__muscle__name",
        "trigger_point__muscle__slug",
        "region__code",
        "kind",
        "needs_review",
        "review_reason",
        "contradicted",
        "discrepancy_note",
        "region__name",
        "trigger_point__region__code",
        "trigger_point__muscle__sort_order",
        "trigger_point__needs_review",
        "trigger_point__review_reason",
    )
    rows = zones.values_list(*fields)
    result = []
    for (
        tp_id,
        label,
        tp_slug,
        muscle_id,
        muscle_name,
        muscle_slug,
        code,
        kind,
        needs_review,
        review_reason,
        contradicted,
        discrepancy,
        region_name,
        tp_region,
        muscle_order,
        tp_review,
        tp_reason,
    ) in rows:
        if contradicted:
            note = f"contradicted by a second source, not counted. {discrepancy}".strip()
        elif needs_review:
            note = f"under review, counts half. {review_reason}".strip()
        else:
            note = ""
        result.append(
            ZoneRow(
                tp_id,
                label,
                tp_slug,
                muscle_id,
                muscle_name,
                muscle_slug,
                code,
                kind,
                confidence=zone_confidence(needs_review=needs_review, contradicted=contradicted),
                trigger_point_region=tp_region or "",
                muscle_order=(muscle_order, muscle_name.lower()),
                zone_note=note,
                trigger_point_note=f"Trigger point under review: {tp_reason}"
                if tp_review and tp_reason
                else "",
                region_name=region_name,
            )
        )
    return result


def suggestion_index(*, chart_version: int, library_version: int | None = None) -> SuggestionIndex:
    """The index for the library version (the current one unless given), rebuilt only when published
    content changed. A page that already read the version passes it, saving the query."""
    from reference.versioning import current_library_version

    return cached_for_version(
        f"suggestion-index-chart-{chart_version}",
        current_library_version() if library_version is None else library_version,
        lambda: SuggestionIndex(
            published_zone_rows(chart_version=chart_version), adjacency=region_adjacency(chart_version)
        ),
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


def library_scope(*, chart_version: int, library_version: int | None = None) -> list[str]:
    """The muscles the suggestions cover (for "no match"), from the cached index."""
    return suggestion_index(chart_version=chart_version, library_version=library_version).scope_names


def forget_cached_indexes() -> None:
    """Drop the per-process caches (tests and the benchmark switch databases under them)."""
    forget_everything()

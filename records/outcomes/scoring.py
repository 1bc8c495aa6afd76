"""Scoring the outcome measures, and whether a change is clinically meaningful.

Pure functions over plain numbers: the pages, the report, the Outcomes page and the export all read
measures through these, so a total or a verdict is computed one way only (never typed, never stored).

The rules and their sources (also in docs/records.md, "Episodes and outcome measures"):

* **LEFS** (Binkley et al., Phys Ther 1999;79:371–383): twenty items scored 0–4; the total is their sum,
  0–80, higher is better. Minimal clinically important difference (MCID) 9 points (Binkley 1999: the
  minimal detectable change and the MCID are both 9 points). **Missing items**: Binkley 1999 gives no rule
  for unanswered items; this app's rule (its own convention, the usual proration of a summed scale) is that
  up to 4 of the 20 items (20 %) may be missing and the total is then prorated to the full scale,
  ``round(sum × 20 / answered)`` rounded half up; with more than 4 missing there is no total, and an entry
  form must refuse the check-in (``lefs_missing_items_problem``).
* **PSFS** (Stratford et al., Physiother Can 1995;47:258–263): 3–5 client-named activities scored 0–10;
  the score is the average over the activities scored at that check-in, to one decimal, higher is better.
  Meaningful change: 2 points on the average, 3 on a single activity (Stratford 1995; Horn et al., J Orthop
  Sports Phys Ther 2012;42:30–42). The verdict compares the averages as shown (one decimal), so the words
  never contradict the numbers beside them.
* **NRS-11** pain (here the check-in's "usual pain over the last week" and a visit's pain at start and
  end): lower is better; a change is meaningful when it is at least 2 points or at least 30 % of the
  baseline (Farrar et al., Pain 2001;94:149–158). With a baseline of 0 only the 2 points count.
* **Global rating of change** (−7 … +7; Jaeschke et al., Control Clin Trials 1989;10:407–415): one answer,
  already a change. +4 "moderately better" or more is a meaningful improvement, −4 or less a meaningful
  worsening (Jaeschke 1989 put the minimal important change at the small-to-moderate steps; Kamper et al.,
  J Man Manip Ther 2009;17:163–170 review the scale and the common use of "moderately better" as the cut).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from records.outcomes.instruments import (
    GROC_LABELS,
    GROC_MAX,
    GROC_MIN,
    LEFS_ITEM_COUNT,
    LEFS_MAX_SCORE,
    LEFS_MIN_SCORE,
    NRS_MAX,
    NRS_MIN,
    PSFS_MAX_SCORE,
    PSFS_MIN_SCORE,
)

LEFS_MCID = 9
LEFS_MAX_MISSING_ITEMS = 4
PSFS_MEANINGFUL_AVERAGE_CHANGE = Decimal(2)
PSFS_MEANINGFUL_ACTIVITY_CHANGE = 3
NRS_MEANINGFUL_POINTS = 2
NRS_MEANINGFUL_PERCENT = 30
GROC_MEANINGFUL = 4


class Direction(StrEnum):
    IMPROVED = "improved"
    WORSE = "worse"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    higher_is_better: bool
    # How the meaningful change reads in a sentence ("9 points needed").
    threshold_text: str


LEFS = Measure("lefs", "LEFS", True, "9 points")
PSFS = Measure("psfs", "PSFS", True, "2 points on the average")
PSFS_ACTIVITY = Measure("psfs_activity", "PSFS", True, "3 points")
NRS = Measure("nrs", "NRS", False, "2 points or 30 %")
GROC = Measure("groc", "GROC", True, "+4 or −4")
MEASURES = {m.code: m for m in (LEFS, PSFS, PSFS_ACTIVITY, NRS, GROC)}


def signed(value: int | Decimal) -> str:
    """+17, −3 (a true minus sign), 0; a Decimal keeps its one decimal (+2.0)."""
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return f"{value}"


@dataclass(frozen=True)
class Change:
    """A baseline and a later value of one measure, and what the change means."""

    measure: Measure
    baseline: int | Decimal | None
    later: int | Decimal
    change: int | Decimal
    meaningful: bool
    direction: Direction
    # e.g. "LEFS", or "PSFS: Running" for one activity.
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.measure.label

    @property
    def verdict(self) -> str:
        if self.direction is Direction.UNCHANGED:
            return "no change"
        if self.meaningful:
            return (
                "meaningful improvement" if self.direction is Direction.IMPROVED else "meaningful worsening"
            )
        return f"not a meaningful change ({self.measure.threshold_text} needed)"

    @property
    def text(self) -> str:
        """ "LEFS 38 → 55, +17: meaningful improvement"."""
        if self.baseline is None:  # GROC: one answer, itself a change
            label = GROC_LABELS.get(int(self.later), "")
            return f"{self.name} {signed(self.later)} ({label.lower()}): {self.verdict}"
        return f"{self.name} {self.baseline} → {self.later}, {signed(self.change)}: {self.verdict}"

    def __str__(self) -> str:
        return self.text


def _direction(change, *, higher_is_better: bool) -> Direction:
    if change == 0:
        return Direction.UNCHANGED
    return Direction.IMPROVED if (change > 0) == higher_is_better else Direction.WORSE


def _check_range(value, low, high, what: str) -> None:
    if value is None or not low <= value <= high:
        raise ValueError(f"{what} is {low} to {high}, not {value!r}.")


# --- LEFS ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LefsTotal:
    """A LEFS check-in's total: ``total`` is None when too many items are missing."""

    total: int | None
    answered: int
    raw_sum: int

    @property
    def missing(self) -> int:
        return LEFS_ITEM_COUNT - self.answered

    @property
    def prorated(self) -> bool:
        return self.total is not None and self.missing > 0

    def __str__(self) -> str:
        if self.total is None:
            return f"no total ({self.missing} of {LEFS_ITEM_COUNT} items missing)"
        if self.prorated:
            return f"{self.total}/80 (prorated: {self.missing} missing)"
        return f"{self.total}/80"


def _item_scores(scores: Mapping[int, int] | Iterable[tuple[int, int]]) -> dict[int, int]:
    pairs = scores.items() if isinstance(scores, Mapping) else scores
    items: dict[int, int] = {}
    for item, score in pairs:
        _check_range(item, 1, LEFS_ITEM_COUNT, "A LEFS item number")
        if score is None:
            continue  # an unanswered item, as a form may hand it over
        _check_range(score, LEFS_MIN_SCORE, LEFS_MAX_SCORE, "A LEFS item score")
        if item in items:
            raise ValueError(f"LEFS item {item} is answered twice.")
        items[item] = score
    return items


def lefs_total(scores: Mapping[int, int] | Iterable[tuple[int, int]]) -> LefsTotal:
    """The total of ``{item: score}`` (items 1–20, scores 0–4; a missing item is absent or None).

    All 20 answered: the sum. 1–4 missing: ``round(sum × 20 / answered)``, half up. More than 4 missing: no
    total. Raises ValueError on an item or score out of range.
    """
    items = _item_scores(scores)
    return lefs_total_of_sum(sum(items.values()), answered=len(items))


def lefs_total_of_sum(raw_sum: int, *, answered: int) -> LefsTotal:
    """``lefs_total`` from the sum and the number of answered items, as a database aggregate gives them
    (the Outcomes page adds up the items in the database). The same rule: more than 4 missing, no total."""
    _check_range(answered, 0, LEFS_ITEM_COUNT, "The number of answered LEFS items")
    _check_range(raw_sum, 0, answered * LEFS_MAX_SCORE, "A LEFS item sum")
    if LEFS_ITEM_COUNT - answered > LEFS_MAX_MISSING_ITEMS:
        return LefsTotal(total=None, answered=answered, raw_sum=raw_sum)
    # Integer arithmetic, half up: floor((2·sum·20 + answered) / (2·answered)).
    total = (2 * raw_sum * LEFS_ITEM_COUNT + answered) // (2 * answered)
    return LefsTotal(total=total, answered=answered, raw_sum=raw_sum)


def lefs_missing_items_problem(scores: Mapping[int, int] | Iterable[tuple[int, int]]) -> str | None:
    """What a form says when a LEFS has too many unanswered items to score, or None when it can be scored.

    An empty LEFS (no item answered) is not a problem here: it means no LEFS was recorded.
    """
    result = lefs_total(scores)
    if result.answered == 0 or result.total is not None:
        return None
    least = LEFS_ITEM_COUNT - LEFS_MAX_MISSING_ITEMS
    return (
        f"Answer at least {least} of the {LEFS_ITEM_COUNT} items: {result.missing} are unanswered, and a "
        f"LEFS with more than {LEFS_MAX_MISSING_ITEMS} missing items cannot be scored."
    )


def lefs_change(baseline: int, later: int) -> Change:
    """Two LEFS totals (0–80): meaningful when they differ by at least 9."""
    for value in (baseline, later):
        _check_range(value, 0, LEFS_ITEM_COUNT * LEFS_MAX_SCORE, "A LEFS total")
    change = later - baseline
    return Change(
        measure=LEFS,
        baseline=baseline,
        later=later,
        change=change,
        meaningful=abs(change) >= LEFS_MCID,
        direction=_direction(change, higher_is_better=True),
    )


# --- PSFS ----------------------------------------------------------------------------------------------


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def psfs_average(scores: Iterable[int | None]) -> Decimal | None:
    """The average of the activities scored (0–10 each), to one decimal (half up); None when none was."""
    values = [s for s in scores if s is not None]
    for value in values:
        _check_range(value, PSFS_MIN_SCORE, PSFS_MAX_SCORE, "A PSFS score")
    return psfs_average_of_sum(sum(values), count=len(values))


def psfs_average_of_sum(total: int, *, count: int) -> Decimal | None:
    """``psfs_average`` from the sum and the number of activities scored, as a database aggregate gives
    them: one decimal, half up; None when none was scored."""
    if not count:
        return None
    _check_range(total, PSFS_MIN_SCORE * count, PSFS_MAX_SCORE * count, "A PSFS score sum")
    return _one_decimal(Decimal(total) / Decimal(count))


def psfs_change(baseline: Decimal | float | int, later: Decimal | float | int) -> Change:
    """Two PSFS averages: meaningful when the averages, as shown to one decimal, differ by at least 2."""
    base, last = (_one_decimal(Decimal(str(v))) for v in (baseline, later))
    for value in (base, last):
        _check_range(value, PSFS_MIN_SCORE, PSFS_MAX_SCORE, "A PSFS average")
    change = last - base
    return Change(
        measure=PSFS,
        baseline=base,
        later=last,
        change=change,
        meaningful=abs(change) >= PSFS_MEANINGFUL_AVERAGE_CHANGE,
        direction=_direction(change, higher_is_better=True),
    )


def psfs_activity_change(baseline: int, later: int, *, activity: str = "") -> Change:
    """One activity's two scores (0–10): meaningful when they differ by at least 3."""
    for value in (baseline, later):
        _check_range(value, PSFS_MIN_SCORE, PSFS_MAX_SCORE, "A PSFS score")
    change = later - baseline
    return Change(
        measure=PSFS_ACTIVITY,
        baseline=baseline,
        later=later,
        change=change,
        meaningful=abs(change) >= PSFS_MEANINGFUL_ACTIVITY_CHANGE,
        direction=_direction(change, higher_is_better=True),
        label=f"PSFS: {activity}" if activity else "",
    )


# --- NRS -----------------------------------------------------------------------------------------------


def nrs_change(baseline: int, later: int, *, label: str = "") -> Change:
    """Two pain scores (0–10, lower is better): meaningful when they differ by at least 2 points or by at
    least 30 % of the baseline (the percentage only when the baseline is above 0)."""
    for value in (baseline, later):
        _check_range(value, NRS_MIN, NRS_MAX, "Pain")
    change = later - baseline
    size = abs(change)
    by_percent = baseline > 0 and size * 100 >= NRS_MEANINGFUL_PERCENT * baseline
    return Change(
        measure=NRS,
        baseline=baseline,
        later=later,
        change=change,
        meaningful=size > 0 and (size >= NRS_MEANINGFUL_POINTS or by_percent),
        direction=_direction(change, higher_is_better=False),
        label=label,
    )


# --- Global rating of change ---------------------------------------------------------------------------


def groc_result(value: int) -> Change:
    """One global rating of change (−7…+7): meaningful at +4 ("moderately better") or more, and at −4 or
    less. ``baseline`` is None: the answer is itself the change since care began."""
    _check_range(value, GROC_MIN, GROC_MAX, "A global rating of change")
    return Change(
        measure=GROC,
        baseline=None,
        later=value,
        change=value,
        meaningful=abs(value) >= GROC_MEANINGFUL,
        direction=_direction(value, higher_is_better=True),
    )

"""What fires a red-flag rule: a small JSON grammar, its checking, and the region groupings it reads.

A rule's ``triggers`` is one *condition*, a JSON object with exactly one key:

* ``{"all": [condition, ...]}`` holds when every condition in the list holds;
* ``{"any": [condition, ...]}`` holds when at least one does;
* ``{"answer": "calf_swelling"}`` holds when that checklist question was answered yes
  (codes: ``reference.screening.ScreeningAnswer``);
* ``{"pattern": "widespread"}`` holds when the pain map shows that pattern (``PATTERNS`` below);
* ``{"mark": {"regions": [...], "group": "...", "sides": [...], "qualities": [...]}}`` holds when at least one
  painful mark (intensity 1 or more) meets every filter given: its region is one of ``regions`` or in the
  ``group``, its side one of ``sides``, its quality one of ``qualities``. At least one filter is needed.

Groups nest at most ``MAX_DEPTH`` deep with at most ``MAX_ITEMS`` conditions each, so a rule stays readable
and cheap to evaluate. The region groups and the patterns' definitions are data:
``reference/data/red_flag_regions_v{chart version}.json`` (documented in docs/reference-library.md).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from reference.body_chart import CURRENT_CHART_VERSION, load_chart
from reference.pain_qualities import PainQuality
from reference.screening import ScreeningAnswer

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_DEPTH = 4
MAX_ITEMS = 20
SIDES = ("left", "right", "midline")
MARK_FILTERS = ("regions", "group", "sides", "qualities")
PATTERNS = {
    "bilateral_legs": "pain in both legs",
    "widespread": "widespread pain (at least 4 of 5 body areas, ACR 2016)",
    "dermatomal_l5_s1": "pain along the L5/S1 dermatomal strip, above and below the knee on one side",
    "below_knee": "pain below the knee",
    "constant": "the pain is constant",
    "night_pain": "pain at night",
}
# Not referred myofascial pain's usual character (DOMAIN.md; Travell & Simons): what raises a nerve screen.
NEURAL_QUALITIES = ("tingling", "numb", "burning", "electric")


@dataclass(frozen=True)
class WidespreadArea:
    name: str
    regions: frozenset[str]
    side: str  # "left", "right" or "any"


@dataclass(frozen=True)
class RegionGroups:
    """The groupings of one chart version: named groups, the ACR areas and the L5/S1 strip."""

    chart_version: int
    groups: dict[str, frozenset[str]]
    labels: dict[str, str]
    widespread_areas: tuple[WidespreadArea, ...]
    widespread_minimum: int
    dermatome_above: frozenset[str]
    dermatome_below: frozenset[str]


@functools.lru_cache(maxsize=4)
def region_groups(chart_version: int) -> RegionGroups:
    """Read and check the groupings file of a chart version (once per process)."""
    path = DATA_DIR / f"red_flag_regions_v{chart_version}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    chart = load_chart(chart_version)
    groups, labels = {}, {}
    for name, group in data["groups"].items():
        unknown = [code for code in group["regions"] if chart.region(code) is None]
        if unknown:
            raise ValueError(f"{path.name}: group {name} names unknown regions {unknown}")
        groups[name] = frozenset(group["regions"])
        labels[name] = group["label"]
    widespread = data["widespread"]
    areas = tuple(
        WidespreadArea(name=area["name"], regions=groups[area["group"]], side=area["side"])
        for area in widespread["areas"]
    )
    dermatome = data["dermatomal_l5_s1"]
    return RegionGroups(
        chart_version=chart_version,
        groups=groups,
        labels=labels,
        widespread_areas=areas,
        widespread_minimum=int(widespread["minimum_areas"]),
        dermatome_above=groups[dermatome["above"]],
        dermatome_below=groups[dermatome["below"]],
    )


def validate_triggers(value, *, chart_version: int = CURRENT_CHART_VERSION) -> None:
    """Raise ValidationError with every problem of a ``triggers`` document, each saying where it is."""
    groups = region_groups(chart_version).groups
    chart = load_chart(chart_version)
    problems: list[str] = []

    def check(node, where: str, depth: int) -> None:
        if not isinstance(node, dict) or len(node) != 1:
            problems.append(f"{where}: a condition is an object with exactly one key (all, any, ...).")
            return
        ((key, arg),) = node.items()
        if key in ("all", "any"):
            if depth >= MAX_DEPTH:
                problems.append(f"{where}: groups nest at most {MAX_DEPTH} deep.")
            elif not isinstance(arg, list) or not 1 <= len(arg) <= MAX_ITEMS:
                problems.append(f"{where}.{key}: a list of 1 to {MAX_ITEMS} conditions.")
            else:
                for position, child in enumerate(arg):
                    check(child, f"{where}.{key}[{position}]", depth + 1)
        elif key == "answer":
            if arg not in ScreeningAnswer.values:
                known = ", ".join(ScreeningAnswer.values)
                problems.append(f"{where}: unknown checklist answer {arg!r}; use one of {known}.")
        elif key == "pattern":
            if arg not in PATTERNS:
                problems.append(f"{where}: unknown pattern {arg!r}; use one of {', '.join(PATTERNS)}.")
        elif key == "mark":
            check_mark(arg, where)
        else:
            problems.append(f"{where}: unknown condition {key!r}; use all, any, answer, pattern or mark.")

    def check_mark(arg, where: str) -> None:
        if not isinstance(arg, dict) or not arg or set(arg) - set(MARK_FILTERS):
            problems.append(f"{where}.mark: an object with one or more of {', '.join(MARK_FILTERS)}.")
            return
        for name in ("regions", "sides", "qualities"):
            if name in arg and not (
                isinstance(arg[name], list) and arg[name] and all(isinstance(v, str) for v in arg[name])
            ):
                problems.append(f"{where}.mark.{name}: a non-empty list of codes.")
                return
        unknown = [code for code in arg.get("regions", ()) if chart.region(code) is None]
        if unknown:
            problems.append(f"{where}.mark.regions: unknown region code(s) {', '.join(unknown)}.")
        if "group" in arg and arg["group"] not in groups:
            known = ", ".join(groups)
            problems.append(f"{where}.mark.group: unknown group {arg['group']!r}; use one of {known}.")
        bad_sides = [side for side in arg.get("sides", ()) if side not in SIDES]
        if bad_sides:
            problems.append(f"{where}.mark.sides: unknown side(s) {', '.join(bad_sides)}.")
        bad_qualities = [q for q in arg.get("qualities", ()) if q not in PainQuality.values]
        if bad_qualities:
            problems.append(f"{where}.mark.qualities: unknown quality(ies) {', '.join(bad_qualities)}.")

    check(value, "triggers", 0)
    if problems:
        raise ValidationError(problems)

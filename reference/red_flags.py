"""Which red-flag rules a pain map and a screening fire, most urgent first, each with why in words.

Only published rules count. They are read in one query, compiled into plain Python checks and kept per
process and library version (``reference.library_cache``), like the suggestion index: while the library is
unchanged, evaluating costs no query beyond the version check the page already makes.

Evaluating reads the painful marks (intensity 1 or more) once into sets, then runs each rule's compiled
check; a check returns the reasons it holds (an empty list when it does not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reference.body_chart import load_chart
from reference.library_cache import cached_for_version
from reference.red_flag_triggers import PATTERNS, RegionGroups, region_groups
from reference.screening import Screening, ScreeningAnswer
from reference.suggest import PainMark

SIDES = ("left", "right")


@dataclass(frozen=True)
class ConditionLink:
    name: str
    slug: str
    published: bool


@dataclass(frozen=True)
class FiredFlag:
    """A rule that fired, with what it says and why it fired, ready for pages, the CLI and JSON."""

    rule_id: int
    slug: str
    name: str
    urgency: str
    urgency_label: str
    urgency_rank: int
    message: str
    message_is_library_wording: bool
    reasons: tuple[str, ...]
    conditions: tuple[ConditionLink, ...]
    source: str

    @property
    def alert_class(self) -> str:
        """Bootstrap's colour for the urgency: the two referrals red, rule out amber, consider blue."""
        return ("danger", "danger", "warning", "info")[self.urgency_rank]

    def as_json(self) -> dict:
        return {
            "rule": self.slug,
            "name": self.name,
            "urgency": self.urgency,
            "urgency_label": self.urgency_label,
            "message": self.message,
            "message_is_library_wording": self.message_is_library_wording,
            "why": list(self.reasons),
            "conditions": [c.slug for c in self.conditions],
            "source": self.source,
        }


@dataclass
class MapFacts:
    """The pain map and screening, arranged once for every rule to read."""

    painful: list[PainMark]
    screening: Screening
    groups: RegionGroups
    chart: object
    _patterns: dict[str, list[str]] = field(default_factory=dict)

    def label(self, mark: PainMark) -> str:
        region = self.chart.region(mark.region)
        return region.label(mark.side) if region else f"{mark.region}, {mark.side}"

    def labels(self, marks: list[PainMark]) -> str:
        return "; ".join(self.label(m) for m in marks)

    def pattern(self, name: str) -> list[str]:
        """The reasons the pattern holds, computed once per evaluation; empty when it does not."""
        if name not in self._patterns:
            self._patterns[name] = getattr(self, f"_pattern_{name}")()
        return self._patterns[name]

    def _in(self, regions, side=None) -> list[PainMark]:
        return [m for m in self.painful if m.region in regions and (side is None or m.side == side)]

    def _pattern_bilateral_legs(self) -> list[str]:
        legs = self.groups.groups["lower_limb"]
        left, right = self._in(legs, "left"), self._in(legs, "right")
        if not (left and right):
            return []
        return [f"pain in both legs: {self.labels(left)}; {self.labels(right)}"]

    def _pattern_widespread(self) -> list[str]:
        areas = [
            area.name
            for area in self.groups.widespread_areas
            if self._in(area.regions, None if area.side == "any" else area.side)
        ]
        if len(areas) < self.groups.widespread_minimum:
            return []
        total = len(self.groups.widespread_areas)
        return [f"pain in {len(areas)} of {total} body areas ({', '.join(areas)})"]

    def _pattern_dermatomal_l5_s1(self) -> list[str]:
        for side in SIDES:
            above = self._in(self.groups.dermatome_above, side)
            below = self._in(self.groups.dermatome_below, side)
            if above and below:
                return [
                    f"pain along the L5/S1 dermatomal strip on the {side}, above and below the knee: "
                    + self.labels(above + below)
                ]
        return []

    def _pattern_below_knee(self) -> list[str]:
        marks = self._in(self.groups.groups["below_knee"])
        return [f"pain below the knee: {self.labels(marks)}"] if marks else []

    def _pattern_constant(self) -> list[str]:
        return ["the pain is constant"] if self.screening.constant else []

    def _pattern_night_pain(self) -> list[str]:
        return ["pain at night"] if self.screening.night_pain else []


Check = Callable[[MapFacts], list[str]]
COST = {"answer": 0, "pattern": 1, "mark": 2, "any": 3, "all": 3}


def compile_triggers(node: dict, groups: RegionGroups) -> Check:
    """A function of the map facts returning the reasons ``node`` holds (empty: it does not)."""
    ((key, arg),) = node.items()
    if key == "all":
        # Cheap conditions first (a checklist answer is a set lookup; a mark scans the map), so a rule whose
        # answer is "no" costs almost nothing; the reasons are still given in the rule's own order.
        parts = sorted(
            ((position, compile_triggers(child, groups)) for position, child in enumerate(arg)),
            key=lambda item: COST[next(iter(arg[item[0]]))],
        )

        def all_of(facts):
            found = {}
            for position, part in parts:
                reasons = part(facts)
                if not reasons:
                    return []
                found[position] = reasons
            return [reason for position in sorted(found) for reason in found[position]]

        return all_of
    if key == "any":
        parts = [compile_triggers(child, groups) for child in arg]

        def any_of(facts):
            reasons = []
            for part in parts:
                reasons += part(facts)
            return reasons

        return any_of
    if key == "answer":
        label = ScreeningAnswer(arg).label
        reason = f"checklist: {label[0].lower()}{label[1:]}"
        return lambda facts: [reason] if arg in facts.screening.answers else []
    if key == "pattern":
        return lambda facts: facts.pattern(arg)
    return _compile_mark(arg, groups)


def _compile_mark(arg: dict, groups: RegionGroups) -> Check:
    regions = set(arg.get("regions", ()))
    if "group" in arg:
        regions |= groups.groups[arg["group"]]
    regions = frozenset(regions) if ("regions" in arg or "group" in arg) else None
    sides = frozenset(arg["sides"]) if "sides" in arg else None
    qualities = frozenset(arg["qualities"]) if "qualities" in arg else None

    def mark_check(facts):
        found = [
            m
            for m in facts.painful
            if (regions is None or m.region in regions)
            and (sides is None or m.side in sides)
            and (qualities is None or m.quality in qualities)
        ]
        if not found:
            return []
        if qualities is None:
            return [f"pain at {facts.labels(found)}"]
        return ["; ".join(f"{m.quality} pain at {facts.label(m)}" for m in found)]

    return mark_check


@dataclass(frozen=True)
class CompiledRule:
    flag: FiredFlag  # with no reasons: the rule as the library publishes it
    check: Check
    order: tuple


class RuleBook:
    """The published rules of one library version, compiled, in the order flags are shown."""

    def __init__(self, rules, *, chart_version: int):
        self.chart_version = chart_version
        groups = region_groups(chart_version)
        compiled = []
        for rule in rules:
            flag = FiredFlag(
                rule_id=rule.pk,
                slug=rule.slug,
                name=rule.name,
                urgency=rule.urgency,
                urgency_label=rule.get_urgency_display(),
                urgency_rank=rule.urgency_rank,
                message=rule.message,
                message_is_library_wording=rule.message_is_library_wording,
                reasons=(),
                conditions=tuple(
                    ConditionLink(c.name, c.slug, c.is_published)
                    for c in sorted(rule.conditions.all(), key=lambda c: (c.sort_order, c.name))
                ),
                source=rule.source.citation,
            )
            order = (flag.urgency_rank, rule.sort_order, rule.name.lower(), rule.pk)
            check = compile_triggers(rule.triggers, groups)
            compiled.append(CompiledRule(flag=flag, check=check, order=order))
        compiled.sort(key=lambda c: c.order)
        self.rules = compiled

    def __len__(self) -> int:
        return len(self.rules)

    def evaluate(self, marks: Sequence[PainMark], screening: Screening | None = None) -> list[FiredFlag]:
        facts = MapFacts(
            painful=[m for m in marks if m.is_painful],
            screening=screening or Screening(),
            groups=region_groups(self.chart_version),
            chart=load_chart(self.chart_version),
        )
        fired = []
        for rule in self.rules:
            reasons = rule.check(facts)
            if reasons:
                fired.append(_with_reasons(rule.flag, reasons))
        return fired


def _with_reasons(flag: FiredFlag, reasons: list[str]) -> FiredFlag:
    unique = tuple(dict.fromkeys(reasons))
    return FiredFlag(**{**flag.__dict__, "reasons": unique})


def published_rules():
    """Every published rule with its source and conditions: three queries, at most once per version."""
    from reference.models import RedFlagRule

    return list(RedFlagRule.objects.published().select_related("source").prefetch_related("conditions"))


def rule_book(*, chart_version: int, library_version: int | None = None) -> RuleBook:
    """The compiled rules for the library version (the current one unless given; passing it saves a query)."""
    from reference.versioning import current_library_version

    return cached_for_version(
        f"red-flag-rules-chart-{chart_version}",
        current_library_version() if library_version is None else library_version,
        lambda: RuleBook(published_rules(), chart_version=chart_version),
    )


def fired_flags(
    marks: Sequence[PainMark],
    screening: Screening | None = None,
    *,
    chart_version: int,
    library_version: int | None = None,
) -> list[FiredFlag]:
    """The flags ``marks`` and ``screening`` fire, most urgent first (then the rule's sort order and name)."""
    return rule_book(chart_version=chart_version, library_version=library_version).evaluate(marks, screening)


__all__ = ["PATTERNS", "FiredFlag", "RuleBook", "fired_flags", "rule_book"]

"""Everything shown around the ranked candidates, the same for the pages and the command line.

The differentials are ordered by relevance to this map and its red flags: those a fired red flag points to
come first, most urgent flag first (a radiculopathy flag puts radiculopathy above the muscle conditions);
then the rest by the candidates that point to each (their scores added) plus the share of the painful
intensity that lies in the regions where the condition typically hurts.
Associated muscles are listed once, with the candidates that point to them. "No match" names the muscles
the library covers. Nothing here queries the database beyond the cached library lookups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reference.suggest import HYPOTHESIS_LABEL, Candidate, PainMark


@dataclass
class ShownDifferential:
    condition: object
    relevance: float
    pointed_by: list[str] = field(default_factory=list)
    painful_regions: int = 0
    flagged_by: list[str] = field(default_factory=list)
    # The most urgent fired flag pointing here (0 = emergency); flagged differentials sort first by it.
    flag_rank: int | None = None

    def __getattr__(self, name):
        return getattr(self.condition, name)

    @property
    def why(self) -> str:
        parts = []
        if self.flagged_by:
            parts.append("red flag: " + ", ".join(self.flagged_by))
        if self.pointed_by:
            parts.append("linked to " + ", ".join(self.pointed_by))
        if self.painful_regions:
            parts.append(
                f"{self.painful_regions} painful region{'s' if self.painful_regions != 1 else ''} where it "
                "typically hurts"
            )
        return "; ".join(parts)


@dataclass
class ShownAssociation:
    name: str
    slug: str
    linked: bool
    pointed_by: list[str]


def candidate_label(candidate: Candidate) -> str:
    return f"{candidate.muscle_names} ({candidate.side})"


def order_differentials(
    conditions_by_muscle: dict, candidates: list[Candidate], marks: list[PainMark], flags: Sequence = ()
) -> list[ShownDifferential]:
    painful = [mark for mark in marks if mark.is_painful]
    total = sum(mark.intensity for mark in painful) or 1
    found: dict[int, ShownDifferential] = {}
    for candidate in candidates:
        muscles = {member.muscle_id for member in candidate.members} or {candidate.muscle_id}
        seen_here = set()
        for muscle_id in muscles:
            for condition in conditions_by_muscle.get(muscle_id, ()):
                if condition.pk in seen_here:
                    continue
                seen_here.add(condition.pk)
                shown = found.setdefault(condition.pk, ShownDifferential(condition, 0.0))
                shown.relevance += candidate.score
                shown.pointed_by.append(candidate_label(candidate))
    for shown in found.values():
        regions = set(shown.condition.presenting_regions or ())
        hits = [mark for mark in painful if mark.region in regions]
        shown.painful_regions = len(hits)
        shown.relevance += sum(mark.intensity for mark in hits) / total
    by_slug = {shown.condition.slug: shown for shown in found.values()}
    for flag in flags:  # fired flags come most urgent first
        for condition in flag.conditions:
            shown = by_slug.get(condition.slug)
            if shown is not None and flag.name not in shown.flagged_by:
                shown.flagged_by.append(flag.name)
                if shown.flag_rank is None:
                    shown.flag_rank = flag.urgency_rank
    return sorted(
        found.values(),
        key=lambda d: (
            d.flag_rank is None,
            d.flag_rank or 0,
            -round(d.relevance, 6),
            d.condition.sort_order,
            d.condition.name,
        ),
    )


def group_associations(associations, candidates: list[Candidate]) -> list[ShownAssociation]:
    """Each associated muscle once, with the candidate muscles that point to it, in library order."""
    from reference.models import Status

    names_by_muscle: dict[int, list[str]] = {}
    for candidate in candidates:
        for member in candidate.members or ():
            names = names_by_muscle.setdefault(member.muscle_id, [])
            if member.muscle_name not in names:
                names.append(member.muscle_name)
    # Keyed by kind and id: an association may name a muscle or a whole group ("the gluteal muscles").
    shown: dict[tuple[str, int], ShownAssociation] = {}
    for association in associations:
        target = association.target
        key = ("muscle" if association.to_muscle_id else "group", target.pk)
        entry = shown.get(key)
        if entry is None:
            entry = shown[key] = ShownAssociation(
                target.name, target.slug, target.status == Status.PUBLISHED, []
            )
        if association.from_muscle.name not in entry.pointed_by:
            entry.pointed_by.append(association.from_muscle.name)
    return list(shown.values())


__all__ = ["HYPOTHESIS_LABEL", "group_associations", "order_differentials"]

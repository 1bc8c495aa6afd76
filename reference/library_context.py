"""What the library says around a set of candidate muscles: differentials to rule out, muscles to check.

The candidates beside every pain map list these, so the published conditions and associations are read
once per process and library version (``reference.library_cache``) into a lookup by muscle: the library
is small, and the pages then spend no query on them while it is unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from reference.library_cache import cached_for_version
from reference.models import Condition, MuscleAssociation


class MuscleNeighbours:
    """Published differentials and associations, by muscle, each list in the order the pages show."""

    def __init__(self):
        # The database orders names (its collation decides, as everywhere else on the site); the lookups
        # keep that order by remembering each entry's position.
        conditions = list(Condition.objects.published().order_by("name"))
        self.condition_position = {condition.pk: n for n, condition in enumerate(conditions)}
        by_pk = {condition.pk: condition for condition in conditions}
        self.conditions_by_muscle: dict[int, list[Condition]] = defaultdict(list)
        links = Condition.muscles.through.objects.filter(condition_id__in=by_pk).values_list(
            "muscle_id", "condition_id"
        )
        for muscle_id, condition_id in links:
            self.conditions_by_muscle[muscle_id].append(by_pk[condition_id])
        associations = (
            MuscleAssociation.objects.published()
            .select_related("from_muscle", "to_muscle", "to_group")
            .order_by("from_muscle__name", "sort_order", "to_muscle__name", "to_group__name")
        )
        self.associations: list[MuscleAssociation] = list(associations)

    def differentials_for(self, muscle_ids: Iterable[int]) -> list[Condition]:
        """Differential diagnoses linked to any of the muscles, each once, by name."""
        found = {c.pk: c for muscle_id in muscle_ids for c in self.conditions_by_muscle.get(muscle_id, ())}
        return sorted(found.values(), key=lambda condition: self.condition_position[condition.pk])

    def associations_for(self, muscle_ids: Iterable[int]) -> list[MuscleAssociation]:
        """The associated muscle may still be a draft entry (name and relation only, as imported from the
        source); its name is shown, but a page links to it only once it is published."""
        wanted = set(muscle_ids)
        return [a for a in self.associations if a.from_muscle_id in wanted]


def muscle_neighbours(library_version: int | None = None) -> MuscleNeighbours:
    """The lookup for the library version (the current one, one query, unless given)."""
    from reference.versioning import current_library_version

    version = current_library_version() if library_version is None else library_version
    return cached_for_version("muscle-neighbours", version, MuscleNeighbours)

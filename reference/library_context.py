"""What the library says around a set of candidate muscles: differentials to rule out, muscles to check."""

from reference.models import Condition, MuscleAssociation


def differentials_for(muscle_ids: list[int]) -> list[Condition]:
    """Published differential diagnoses linked to any of the muscles, each once, in one query."""
    return list(Condition.objects.published().filter(muscles__in=muscle_ids).distinct().order_by("name"))


def associations_for(muscle_ids: list[int]) -> list[MuscleAssociation]:
    """Published associations from the muscles, in one query.

    The associated muscle may still be a draft entry (name and relation only, as imported from the source);
    its name is shown, but a page links to it only once it is published.
    """
    return list(
        MuscleAssociation.objects.published()
        .filter(from_muscle__in=muscle_ids)
        .select_related("from_muscle", "to_muscle")
        .order_by("from_muscle__name", "sort_order", "to_muscle__name")
    )

"""Publishing a muscle with all its parts: what is missing first (in words, with links), then one library
version change for the muscle, its trigger points and their zones.

Every write goes through the models' ``save()``, so each entry gets its history row and the library version
moves exactly as an admin edit would move it (``reference/versioning.py``), once for the whole publication.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse

from reference.models import Status, ZoneKind
from reference.models.anatomy import MUSCLE_FACTS_REQUIRED_TO_PUBLISH
from reference.versioning import one_version_change

CHANGE_REASON = "Published from the curators' workspace"


@dataclass(frozen=True)
class Missing:
    """One thing to do before the muscle can be published, and where to do it."""

    text: str
    url: str


def muscle_url(muscle, anchor: str = "") -> str:
    url = reverse("reference:curate_muscle", args=[muscle.slug])
    return f"{url}#{anchor}" if anchor else url


def trigger_point_url(trigger_point, anchor: str = "") -> str:
    url = reverse("reference:curate_trigger_point", args=[trigger_point.muscle.slug, trigger_point.slug])
    return f"{url}#{anchor}" if anchor else url


def _field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def publish_checklist(muscle, trigger_points, muscle_citations) -> list[Missing]:
    """What stands between this muscle and publication. ``trigger_points`` come with their zones
    prefetched and ``muscle_citations`` is the muscle's list of citations, so this costs no query."""
    missing = []
    for name in MUSCLE_FACTS_REQUIRED_TO_PUBLISH:
        if not getattr(muscle, name).strip():
            label = _field_label(type(muscle), name)
            missing.append(Missing(f"The muscle's {label} is not stated", muscle_url(muscle, f"id_{name}")))
    if not any(citation.locator.strip() for citation in muscle_citations):
        missing.append(
            Missing(
                "No source cited with a page or figure for the muscle's facts",
                muscle_url(muscle, "citations"),
            )
        )
    if not trigger_points:
        missing.append(Missing("No trigger point yet", muscle_url(muscle, "add-trigger-point")))
    for trigger_point in trigger_points:
        zones = list(trigger_point.zones.all())
        if not any(zone.kind == ZoneKind.ESSENTIAL for zone in zones):
            missing.append(
                Missing(
                    f"Trigger point {trigger_point.label} has no essential zone",
                    trigger_point_url(trigger_point, "zones"),
                )
            )
        if trigger_point.needs_review and not trigger_point.review_reason.strip():
            missing.append(
                Missing(
                    f"Trigger point {trigger_point.label} is under review but does not say why",
                    trigger_point_url(trigger_point, "id_review_reason"),
                )
            )
        for zone in zones:
            if zone.needs_review and not zone.review_reason.strip():
                missing.append(
                    Missing(
                        f"The {zone.region.name} zone of {trigger_point.label} is under review but does not "
                        "say why",
                        reverse("admin:reference_referralzone_change", args=[zone.pk]),
                    )
                )
    return missing


def entries_to_publish(muscle, trigger_points) -> list:
    """The muscle and every part of it still in draft, in the order they are published."""
    entries = [muscle] if not muscle.is_published else []
    for trigger_point in trigger_points:
        if not trigger_point.is_published:
            entries.append(trigger_point)
        entries += [zone for zone in trigger_point.zones.all() if not zone.is_published]
    return entries


class NotPublishable(Exception):
    def __init__(self, missing: list[Missing]):
        super().__init__("; ".join(item.text for item in missing))
        self.missing = missing


def publish_muscle(*, muscle, trigger_points, muscle_citations) -> int:
    """Publish the muscle, its trigger points and their zones in one transaction and one version change.
    Returns how many entries changed. Raises ``NotPublishable`` (and changes nothing) when the checklist is
    not empty or an entry refuses to validate."""
    missing = publish_checklist(muscle, trigger_points, muscle_citations)
    if missing:
        raise NotPublishable(missing)
    entries = entries_to_publish(muscle, trigger_points)
    with one_version_change():
        for entry in entries:
            entry.status = Status.PUBLISHED
            try:
                entry.full_clean()
            except ValidationError as error:
                # The checklist covers what curators can leave out; anything else is named, not a 500.
                raise NotPublishable(
                    [Missing(f"{entry}: {'; '.join(error.messages)}", _entry_url(entry, muscle))]
                ) from error
            entry._change_reason = CHANGE_REASON
            entry.save()
    return len(entries)


def _entry_url(entry, muscle) -> str:
    trigger_point = getattr(entry, "trigger_point", None) or (entry if hasattr(entry, "zones") else None)
    return trigger_point_url(trigger_point) if trigger_point is not None else muscle_url(muscle)

"""What publishing a muscle changes, against its last published version, and a sample suggestion.

Edits to an entry that is already published are live at once (as in the admin), so publishing changes only
the entries still in draft: each is either new to therapists (never published) or comes back with the
differences from its last published state, read from its history. Three queries whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinic.edit_conflicts import shown
from reference.models import BodyRegion, Muscle, ReferralZone, Status, TriggerPoint
from reference.pain_map import CURRENT_CHART_VERSION
from reference.referral_charts import DRAWN_SIDE
from reference.suggest import (
    PainMark,
    SuggestionIndex,
    published_zone_rows,
    rank_candidates,
    region_adjacency,
    zone_rows,
)

COMPARED_FIELDS = {
    Muscle: ("name", "origin", "insertion", "action", "innervation_nerve", "spinal_segments", "description"),
    TriggerPoint: ("label", "region_id", "location_description", "wording", "needs_review", "review_reason"),
    ReferralZone: ("region_id", "kind", "note", "needs_review", "review_reason", "contradicted"),
}
SAMPLE_INTENSITY = 6


@dataclass
class Change:
    what: str
    new: bool
    differences: list[tuple[str, str, str]] = field(default_factory=list)


def _last_published(model, ids) -> dict[int, object]:
    """The latest published history row of each id (one query)."""
    rows = model.history.filter(id__in=ids, status=Status.PUBLISHED).order_by(
        "id", "-history_date", "-history_id"
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.id, row)
    return latest


def _shown_value(model, name: str, value, regions: dict[int, str]) -> str:
    if name == "region_id":
        return regions.get(value, "?")
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return shown(value)


def publication_changes(entries, regions: dict[int, str]) -> list[Change]:
    """One ``Change`` per entry that publishing would publish, in the order given."""
    by_model: dict[type, list] = {}
    for entry in entries:
        by_model.setdefault(type(entry), []).append(entry.pk)
    published = {model: _last_published(model, ids) for model, ids in by_model.items()}
    changes = []
    for entry in entries:
        model = type(entry)
        what = _describe(entry)
        before = published[model].get(entry.pk)
        if before is None:
            changes.append(Change(what=what, new=True))
            continue
        differences = []
        for name in COMPARED_FIELDS[model]:
            old, new = getattr(before, name), getattr(entry, name)
            if old != new:
                label = "Region" if name == "region_id" else str(model._meta.get_field(name).verbose_name)
                differences.append(
                    (
                        label.capitalize(),
                        _shown_value(model, name, old, regions),
                        _shown_value(model, name, new, regions),
                    )
                )
        changes.append(Change(what=what, new=False, differences=differences))
    return changes


def _describe(entry) -> str:
    if isinstance(entry, Muscle):
        return f"Muscle {entry.name}"
    if isinstance(entry, TriggerPoint):
        return f"Trigger point {entry.label}"
    return f"{entry.get_kind_display()} zone of {entry.trigger_point.label}: {entry.region.name}"


def region_names() -> dict[int, str]:
    return dict(BodyRegion.objects.for_chart(CURRENT_CHART_VERSION).values_list("pk", "name"))


def sample_marks(trigger_points, regions_by_id: dict[int, BodyRegion]) -> tuple[object, list[PainMark]]:
    """A map made of the first trigger point's essential zones (on the side reference pages draw), or
    (None, []) when no trigger point has one yet."""
    for trigger_point in trigger_points:
        essential = [
            zone for zone in trigger_point.zones.all() if zone.kind == "essential" and not zone.contradicted
        ]
        if essential:
            marks = [
                PainMark(
                    region=zone.region.code,
                    side=DRAWN_SIDE if zone.region.sided else "midline",
                    intensity=SAMPLE_INTENSITY,
                )
                for zone in essential
            ]
            return trigger_point, marks
    return None, []


def sample_suggestion(muscle, marks: list[PainMark], *, limit: int = 5):
    """The ranking therapists would get for ``marks`` once this muscle is published: the published library
    with this muscle's entries (drafts included) in place of their published state. Two queries."""
    others = [
        row for row in published_zone_rows(chart_version=CURRENT_CHART_VERSION) if row.muscle_id != muscle.pk
    ]
    own = zone_rows(
        ReferralZone.objects.filter(trigger_point__muscle=muscle, region__chart_version=CURRENT_CHART_VERSION)
    )
    index = SuggestionIndex(others + own, adjacency=region_adjacency(CURRENT_CHART_VERSION))
    return rank_candidates(index, marks, limit=limit)

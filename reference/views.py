"""Reference library pages: every clinic member reads published entries; curators also preview drafts.

Each page fetches what it shows in a fixed number of queries (select_related/prefetch with querysets that
already filter by visibility), whatever the size of the library.
"""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from reference.access import can_preview_drafts, library_reader_required
from reference.models import (
    Citation,
    Condition,
    Muscle,
    MuscleAssociation,
    MuscleGroup,
    MusclePart,
    PerpetuatingFactor,
    ReferralZone,
    SelfHelp,
    Symptom,
    Technique,
    TriggerPoint,
    ZoneKind,
)
from reference.referral_charts import DRAWN_SIDE, referral_charts
from reference.search import LibrarySearchForm, search_library


def _visible(model, user):
    return model.objects.visible_to(user).select_related("source")


def _visible_muscles(user):
    return Muscle.objects.visible_to(user).order_by("sort_order", "name")


def _sources_of(*entries):
    """The distinct sources behind what a page shows (each entry's own and those it cites), in a stable
    order. Citations must have been prefetched where an entry has them, so this costs no query."""
    sources = {entry.source_id: entry.source for entry in entries if entry is not None}
    for entry in entries:
        cache = getattr(entry, "_prefetched_objects_cache", {})
        for citation in cache.get("citations", ()):
            sources.setdefault(citation.source_id, citation.source)
    return sorted(sources.values(), key=lambda source: (source.title, source.pk))


@library_reader_required
def index(request):
    user = request.user
    search = LibrarySearchForm(request.GET)
    query = search.query
    muscles = sorted(
        Muscle.objects.visible_to(user).select_related("group"),
        key=lambda m: (
            m.group is None,
            (m.group.sort_order, m.group.name) if m.group else (0, ""),
            m.sort_order,
            m.name,
        ),
    )
    groups = [
        (group, list(members))
        for group, members in groupby(muscles, key=lambda m: m.group if m.group else None)
    ]
    context = {
        "muscle_groups": groups,
        "techniques": Technique.objects.visible_to(user),
        "conditions": Condition.objects.visible_to(user),
        "query": query,
        "search_error": search.error,
        "results": search_library(query, user) if query else None,
        "can_preview_drafts": can_preview_drafts(user),
    }
    return render(request, "reference/index.html", context)


@library_reader_required
def muscle_detail(request, slug: str):
    user = request.user
    citations = Prefetch(
        "citations", queryset=Citation.objects.select_related("source").order_by("sort_order", "pk")
    )
    zones = (
        _visible(ReferralZone, user)
        .select_related("region")
        .order_by("kind", "region__sort_order")
        .prefetch_related(citations)
    )
    trigger_points = (
        _visible(TriggerPoint, user)
        .select_related("region")
        .order_by("sort_order", "label")
        .prefetch_related(Prefetch("zones", queryset=zones), citations)
    )
    queryset = Muscle.objects.visible_to(user).select_related("group", "source")
    muscle = get_object_or_404(
        queryset.prefetch_related(
            Prefetch("trigger_points", queryset=trigger_points),
            # Antagonists and associated muscles are named even when their own entry is still a draft: the
            # relation is a published fact about this muscle. Their pages are linked only when readable.
            Prefetch("antagonists", queryset=Muscle.objects.order_by("sort_order", "name")),
            Prefetch("antagonist_groups", queryset=MuscleGroup.objects.order_by("sort_order", "name")),
            Prefetch("synergists", queryset=Muscle.objects.order_by("sort_order", "name")),
            Prefetch("synergist_groups", queryset=MuscleGroup.objects.order_by("sort_order", "name")),
            Prefetch("parts", queryset=_visible(MusclePart, user).order_by("sort_order", "name")),
            Prefetch(
                "associations",
                queryset=_visible(MuscleAssociation, user).select_related("to_muscle", "to_group"),
            ),
            Prefetch("symptoms", queryset=_visible(Symptom, user)),
            Prefetch("perpetuating_factors", queryset=_visible(PerpetuatingFactor, user)),
            Prefetch("conditions", queryset=_visible(Condition, user)),
            Prefetch("techniques", queryset=_visible(Technique, user)),
            Prefetch("self_help", queryset=_visible(SelfHelp, user)),
        ),
        slug=slug,
    )
    preview = can_preview_drafts(user)
    trigger_point_rows = []
    for trigger_point in muscle.trigger_points.all():
        zones = list(trigger_point.zones.all())
        trigger_point_rows.append(
            {
                "trigger_point": trigger_point,
                "essential": [zone for zone in zones if zone.kind == ZoneKind.ESSENTIAL],
                "spillover": [zone for zone in zones if zone.kind == ZoneKind.SPILLOVER],
                "charts": referral_charts(trigger_point, zones),
                "contradicted": [zone for zone in zones if zone.contradicted],
            }
        )
    lists = {
        "symptoms": list(muscle.symptoms.all()),
        "perpetuating_factors": list(muscle.perpetuating_factors.all()),
        "conditions": list(muscle.conditions.all()),
        "techniques": list(muscle.techniques.all()),
        "self_help": list(muscle.self_help.all()),
        "associations": list(muscle.associations.all()),
    }
    cited = [muscle, *muscle.parts.all()]
    for row in trigger_point_rows:
        cited += [row["trigger_point"], *row["essential"], *row["spillover"]]
    for entries in lists.values():
        cited += entries
    context = {
        "muscle": muscle,
        "trigger_point_rows": trigger_point_rows,
        # (entry, linked): a group has no page of its own, so it is named, not linked.
        "antagonists": [
            *((antagonist, preview or antagonist.is_published) for antagonist in muscle.antagonists.all()),
            *((group, False) for group in muscle.antagonist_groups.all()),
        ],
        "synergists": [
            *((synergist, preview or synergist.is_published) for synergist in muscle.synergists.all()),
            *((group, False) for group in muscle.synergist_groups.all()),
        ],
        "parts": list(muscle.parts.all()),
        "associations": [
            (
                association,
                association.to_muscle_id is not None and (preview or association.target.is_published),
            )
            for association in lists.pop("associations")
        ],
        **lists,
        "sources": _sources_of(*cited),
        "drawn_side": DRAWN_SIDE,
        "can_preview_drafts": preview,
    }
    return render(request, "reference/muscle_detail.html", context)


@library_reader_required
def technique_detail(request, slug: str):
    user = request.user
    technique = get_object_or_404(
        _visible(Technique, user).prefetch_related(Prefetch("muscles", queryset=_visible_muscles(user))),
        slug=slug,
    )
    context = {
        "technique": technique,
        "parameter_specs": technique.parameter_specs,
        "sources": _sources_of(technique),
        "can_preview_drafts": can_preview_drafts(user),
    }
    return render(request, "reference/technique_detail.html", context)


@library_reader_required
def condition_detail(request, slug: str):
    user = request.user
    condition = get_object_or_404(
        _visible(Condition, user).prefetch_related(
            Prefetch("muscles", queryset=_visible_muscles(user)),
            Prefetch(
                "citations", queryset=Citation.objects.select_related("source").order_by("sort_order", "pk")
            ),
        ),
        slug=slug,
    )
    context = {
        "condition": condition,
        "sources": _sources_of(condition),
        "can_preview_drafts": can_preview_drafts(user),
    }
    return render(request, "reference/condition_detail.html", context)

"""The curators' workspace pages. Each fetches what it shows in a fixed number of queries; every write goes
through the models (history, version checks, the library version)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from clinic.edit_conflicts import EditConflict, conflict_context
from reference.body_chart import load_chart, render_view_svg
from reference.curation import changes, publishing
from reference.curation.access import curator_required
from reference.curation.forms import (
    AddMuscleForm,
    CitationForm,
    MuscleFactsForm,
    SourceForm,
    TriggerPointForm,
    ZonesForm,
    chart_regions,
    zones_signature,
)
from reference.models import (
    Citation,
    Muscle,
    MuscleGroup,
    MusclePart,
    ReferralZone,
    Status,
    TriggerPoint,
    ZoneKind,
)
from reference.pain_map import CURRENT_CHART_VERSION
from reference.pain_map_views import describe_candidates
from reference.versioning import current_library_version, one_version_change

ZONE_CLASSES = {ZoneKind.ESSENTIAL: "zone-essential", ZoneKind.SPILLOVER: "zone-spillover"}


def _citations():
    return Prefetch(
        "citations", queryset=Citation.objects.select_related("source").order_by("sort_order", "pk")
    )


def _muscle_with_parts(slug: str) -> Muscle:
    """The muscle in any state, with its trigger points, their zones, its citations, its heads or parts and
    its synergists and antagonists, muscles and groups (nine queries)."""
    zones = ReferralZone.objects.select_related("region").order_by("kind", "region__sort_order")
    trigger_points = (
        TriggerPoint.objects.select_related("region", "source")
        .order_by("sort_order", "label")
        .prefetch_related(Prefetch("zones", queryset=zones))
    )
    return get_object_or_404(
        Muscle.objects.select_related("group", "source").prefetch_related(
            Prefetch("trigger_points", queryset=trigger_points),
            _citations(),
            Prefetch("parts", queryset=MusclePart.objects.order_by("sort_order", "name")),
            *(
                Prefetch(name, queryset=model.objects.order_by("sort_order", "name"))
                for name, model in (
                    ("synergists", Muscle),
                    ("synergist_groups", MuscleGroup),
                    ("antagonists", Muscle),
                    ("antagonist_groups", MuscleGroup),
                )
            ),
        ),
        slug=slug,
    )


@curator_required
def workspace(request):
    muscles = Muscle.objects.select_related("group").annotate(
        trigger_point_count=Count("trigger_points", distinct=True),
        draft_parts=Count("trigger_points", filter=Q(trigger_points__status=Status.DRAFT), distinct=True)
        + Count("trigger_points__zones", filter=Q(trigger_points__zones__status=Status.DRAFT), distinct=True),
    )
    return _workspace_page(request, muscles.order_by("name"))


def _workspace_page(request, muscles, *, add_form=None, source_form=None, status=200):
    context = {
        "muscles": muscles,
        "add_form": add_form or AddMuscleForm(),
        "source_form": source_form or SourceForm(),
        "library_version": current_library_version(),
    }
    return render(request, "reference/curate/workspace.html", context, status=status)


@curator_required
@require_POST
def add_muscle(request):
    form = AddMuscleForm(request.POST)
    if form.is_valid():
        name = form.cleaned_data["name"]
        existing = Muscle.objects.filter(Q(name__iexact=name) | Q(slug=form.slug)).first()
        if existing is not None:
            state = "a draft" if not existing.is_published else "published"
            messages.info(request, f"{existing.name} is already in the library ({state}): here it is.")
            return redirect(publishing.muscle_url(existing))
        muscle = Muscle(name=name, slug=form.slug, source=form.cleaned_data["source"], status=Status.DRAFT)
        muscle.full_clean()
        muscle._change_reason = "Added in the curators' workspace"
        muscle.save()
        messages.success(
            request, f"{muscle.name} added as a draft. State its facts, then its trigger points."
        )
        return redirect(publishing.muscle_url(muscle))
    return _workspace_page(request, Muscle.objects.none(), add_form=form, status=400)


@curator_required
@require_POST
def add_source(request):
    form = SourceForm(request.POST)
    if form.is_valid():
        source = form.save()
        messages.success(request, f"Source “{source}” added: choose it when you add a muscle or cite it.")
        return redirect("reference:curate")
    return _workspace_page(request, Muscle.objects.none(), source_form=form, status=400)


def _muscle_page(
    request,
    muscle,
    *,
    facts_form=None,
    trigger_point_form=None,
    citation_form=None,
    missing=None,
    conflict=None,
    status=200,
):
    trigger_points = list(muscle.trigger_points.all())
    citations = list(muscle.citations.all())
    context = {
        "muscle": muscle,
        "facts_form": facts_form or MuscleFactsForm(instance=muscle),
        "trigger_point_form": trigger_point_form or TriggerPointForm(muscle=muscle, prefix="new"),
        "citation_form": citation_form or CitationForm(entry=muscle, prefix="cite"),
        "trigger_points": trigger_points,
        "citations": citations,
        "checklist": publishing.publish_checklist(muscle, trigger_points, citations)
        if missing is None
        else missing,
        "to_publish": publishing.entries_to_publish(muscle, trigger_points),
        "conflict": conflict,
    }
    return render(request, "reference/curate/muscle.html", context, status=status)


@curator_required
def muscle_page(request, slug: str):
    muscle = _muscle_with_parts(slug)
    if request.method != "POST":
        return _muscle_page(request, muscle)
    form = MuscleFactsForm(request.POST, instance=muscle)
    if form.is_valid():
        try:
            form.instance._change_reason = "Facts edited in the curators' workspace"
            form.save()
        except EditConflict as conflict:
            current = conflict.current
            return _muscle_page(
                request,
                muscle,
                facts_form=form.rebind_after_conflict(current),
                conflict=conflict_context(form, current),
                status=409,
            )
        messages.success(request, f"{muscle.name}: facts saved.")
        return redirect(publishing.muscle_url(muscle))
    return _muscle_page(request, muscle, facts_form=form, status=400)


@curator_required
@require_POST
def add_trigger_point(request, slug: str):
    muscle = _muscle_with_parts(slug)
    form = TriggerPointForm(request.POST, muscle=muscle, prefix="new")
    if form.is_valid():
        form.instance.status = Status.DRAFT
        form.instance._change_reason = "Added in the curators' workspace"
        trigger_point = form.save()
        messages.success(request, f"{trigger_point.label} added. Now tap its zones on the chart.")
        return redirect(publishing.trigger_point_url(trigger_point, "zones"))
    return _muscle_page(request, muscle, trigger_point_form=form, status=400)


@curator_required
@require_POST
def add_citation(request, slug: str):
    muscle = _muscle_with_parts(slug)
    form = CitationForm(request.POST, entry=muscle, prefix="cite")
    if form.is_valid():
        citation = form.save()
        messages.success(request, f"Cited {citation}.")
        return redirect(publishing.muscle_url(muscle, "citations"))
    return _muscle_page(request, muscle, citation_form=form, status=400)


@curator_required
@require_POST
def publish(request, slug: str):
    muscle = _muscle_with_parts(slug)
    trigger_points = list(muscle.trigger_points.all())
    try:
        count = publishing.publish_muscle(
            muscle=muscle, trigger_points=trigger_points, muscle_citations=list(muscle.citations.all())
        )
    except publishing.NotPublishable as refused:
        return _muscle_page(request, _muscle_with_parts(slug), missing=refused.missing, status=400)
    if count:
        messages.success(
            request,
            f"{muscle.name} is published ({count} entr{'y' if count == 1 else 'ies'}). "
            f"Library version is now {current_library_version()}.",
        )
    else:
        messages.info(request, f"{muscle.name} and all its parts were already published.")
    return redirect(publishing.muscle_url(muscle))


@curator_required
def preview(request, slug: str):
    muscle = _muscle_with_parts(slug)
    trigger_points = list(muscle.trigger_points.all())
    entries = publishing.entries_to_publish(muscle, trigger_points)
    chart = load_chart(CURRENT_CHART_VERSION)
    sample_trigger_point, marks = changes.sample_marks(trigger_points, {})
    candidates = changes.sample_suggestion(muscle, marks) if marks else []
    context = {
        "muscle": muscle,
        "changes": changes.publication_changes(entries, changes.region_names()),
        "first_publication": not muscle.is_published
        and not muscle.history.filter(status=Status.PUBLISHED).exists(),
        "checklist": publishing.publish_checklist(muscle, trigger_points, list(muscle.citations.all())),
        "sample_trigger_point": sample_trigger_point,
        "sample_marks": [chart.region(mark.region).label(mark.side) for mark in marks],
        "candidates": describe_candidates(candidates, chart),
    }
    return render(request, "reference/curate/preview.html", context)


def _trigger_point(slug: str, trigger_point_slug: str) -> TriggerPoint:
    zones = ReferralZone.objects.select_related("region").order_by("kind", "region__sort_order")
    return get_object_or_404(
        TriggerPoint.objects.select_related("muscle", "region", "source").prefetch_related(
            Prefetch("zones", queryset=zones)
        ),
        muscle__slug=slug,
        slug=trigger_point_slug,
    )


def zone_chart_views(zones_form: ZonesForm) -> list[dict]:
    """The chart's views with the chosen zones marked, drawn as the pain map draws its chart."""
    chart = load_chart(CURRENT_CHART_VERSION)
    values = zones_form.data if zones_form.is_bound else zones_form.initial
    classes = {}
    for region in chart.regions:
        kind = values.get(f"zone-{region.code}") or ""
        if kind in ZONE_CLASSES:
            for side in region.sides():
                classes[(region.code, side)] = ZONE_CLASSES[kind]
    return [
        {
            "view": view,
            # The renderer escapes every value it writes; its input is the chart file and our own classes.
            "svg": mark_safe(  # noqa: S308
                render_view_svg(chart, view.code, classes=classes, interactive=True, id_prefix="zones-")
            ),
        }
        for view in chart.views
    ]


def _trigger_point_page(
    request, trigger_point, *, form=None, zones_form=None, conflict=None, zones_conflict=False, status=200
):
    zones = list(trigger_point.zones.all())
    zones_form = zones_form or ZonesForm(regions=chart_regions(), zones=zones)
    context = {
        "muscle": trigger_point.muscle,
        "trigger_point": trigger_point,
        "form": form or TriggerPointForm(instance=trigger_point, muscle=trigger_point.muscle),
        "zones_form": zones_form,
        "zone_views": zone_chart_views(zones_form),
        "zones": zones,
        "conflict": conflict,
        "zones_conflict": zones_conflict,
    }
    return render(request, "reference/curate/trigger_point.html", context, status=status)


@curator_required
def trigger_point_page(request, slug: str, trigger_point_slug: str):
    trigger_point = _trigger_point(slug, trigger_point_slug)
    if request.method != "POST":
        return _trigger_point_page(request, trigger_point)
    form = TriggerPointForm(request.POST, instance=trigger_point, muscle=trigger_point.muscle)
    if form.is_valid():
        try:
            form.instance._change_reason = "Edited in the curators' workspace"
            form.save()
        except EditConflict as conflict:
            return _trigger_point_page(
                request,
                trigger_point,
                form=form.rebind_after_conflict(conflict.current),
                conflict=conflict_context(form, conflict.current),
                status=409,
            )
        messages.success(request, f"{trigger_point.label} saved.")
        return redirect(publishing.trigger_point_url(trigger_point))
    return _trigger_point_page(request, trigger_point, form=form, status=400)


@curator_required
@require_POST
def save_zones(request, slug: str, trigger_point_slug: str):
    trigger_point = _trigger_point(slug, trigger_point_slug)
    regions = list(chart_regions())
    zones = list(trigger_point.zones.all())
    form = ZonesForm(request.POST, regions=regions, zones=zones)
    if not form.is_valid():
        return _trigger_point_page(request, trigger_point, zones_form=form, status=400)
    with transaction.atomic():
        # Lock the trigger point's zones so two curators' saves of one chart cannot interleave.
        stored = list(
            ReferralZone.objects.select_for_update().filter(trigger_point=trigger_point).order_by("pk")
        )
        if zones_signature(stored) != form.cleaned_data["seen"]:
            fresh = _trigger_point(slug, trigger_point_slug)
            # The curator's choices stay on the chart, now against the zones just listed: saving them
            # again replaces those (otherwise the old "seen" would refuse every later save too).
            data = request.POST.copy()
            data["seen"] = zones_signature(stored)
            rebound = ZonesForm(data, regions=regions, zones=list(fresh.zones.all()))
            return _trigger_point_page(request, fresh, zones_form=rebound, zones_conflict=True, status=409)
        changed = write_zones(trigger_point, stored, form.wanted(), {region.pk: region for region in regions})
    messages.success(
        request, f"Zones of {trigger_point.label} saved ({changed} change{'s' if changed != 1 else ''})."
    )
    return redirect(publishing.trigger_point_url(trigger_point, "zones"))


def write_zones(trigger_point, stored, wanted: dict[int, str], regions) -> int:
    """Make the trigger point's zones what the chart shows, zone by zone through the models, in one
    library version change. New zones start as drafts with the trigger point's source and wording."""
    changed = 0
    with one_version_change():
        by_region = {zone.region_id: zone for zone in stored}
        for region_id, zone in by_region.items():
            if region_id not in wanted:
                zone._change_reason = "Removed on the chart in the curators' workspace"
                zone.delete()
                changed += 1
            elif zone.kind != wanted[region_id]:
                zone.kind = wanted[region_id]
                zone.full_clean()
                zone._change_reason = "Changed on the chart in the curators' workspace"
                zone.save()
                changed += 1
        for region_id, kind in wanted.items():
            if region_id in by_region:
                continue
            zone = ReferralZone(
                trigger_point=trigger_point,
                region=regions[region_id],
                kind=kind,
                status=Status.DRAFT,
                source=trigger_point.source,
                wording=trigger_point.wording,
            )
            zone.full_clean()
            zone._change_reason = "Tapped on the chart in the curators' workspace"
            zone.save()
            changed += 1
    return changed

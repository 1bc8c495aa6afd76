"""The "Where does it hurt?" page: draw a pain map, see the trigger points that could explain it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from clinic import access
from reference.body_chart import load_chart
from reference.candidate_panel import group_associations, order_differentials
from reference.chart_crosswalk import marks_on_chart
from reference.pain_map import (
    CURRENT_CHART_VERSION,
    ChartOverlay,
    PainMapForm,
    PainQuality,
    intensity_band,
    render_pain_map_views,
)
from reference.pain_map_zoom import zooms_for
from reference.red_flag_context import needs_rules, red_flags_context
from reference.screening import ScreeningForm
from reference.suggest import HYPOTHESIS_LABEL, Candidate, PainMark, library_scope, suggest
from reference.versioning import current_library_version


def may_use_pain_map(user) -> bool:
    """Clinicians use it with clients; curators use it to check the library. Reception has no use for it."""
    return access.is_clinician(user) or access.is_curator(user)


@dataclass
class ShownCandidate:
    """A candidate with its regions spelled out for people, not codes."""

    candidate: Candidate
    explained_essential_labels: list[str]
    explained_spillover_labels: list[str]
    unexplained_labels: list[str]
    essential_not_painful_labels: list[str]
    explained_adjacent_labels: list[str]
    explained_local_labels: list[str]

    def __getattr__(self, name):
        return getattr(self.candidate, name)


def describe_candidates(candidates: list[Candidate], chart) -> list[ShownCandidate]:
    def labels(items):
        return [chart.region(item.region).label(item.side) for item in items if chart.region(item.region)]

    return [
        ShownCandidate(
            candidate=c,
            explained_essential_labels=labels(c.explained_essential),
            explained_spillover_labels=labels(c.explained_spillover),
            unexplained_labels=labels(c.unexplained),
            essential_not_painful_labels=labels(c.essential_not_painful),
            explained_adjacent_labels=labels(c.explained_adjacent),
            explained_local_labels=labels(c.explained_local),
        )
        for c in candidates
    ]


def candidates_context(
    form: PainMapForm,
    *,
    shown_key: str = "",
    limit: int = 10,
    library_version: int | None = None,
    red_flags: Sequence = (),
) -> dict:
    """Everything the candidates fragment shows, in a fixed number of queries: none for an empty map, else
    the library version check (none when the caller passes the version it read)."""
    from reference.library_context import muscle_neighbours
    from reference.versioning import current_library_version

    marks = form.valid_marks()
    chart = form.chart
    if chart.version != CURRENT_CHART_VERSION:
        # Suggestions read the current chart: a map drawn on an older one is read through the crosswalk.
        marks = marks_on_chart(marks, from_version=chart.version, to_version=CURRENT_CHART_VERSION)
        chart = load_chart(CURRENT_CHART_VERSION)
    has_errors = form.is_bound and bool(form.errors)
    has_marks = any(mark.is_painful for mark in marks)
    candidates, differentials, associations, scope = [], [], [], []
    if has_marks and not has_errors:
        version = current_library_version() if library_version is None else library_version
        candidates = suggest(marks, chart_version=CURRENT_CHART_VERSION, limit=limit, library_version=version)
        scope = library_scope(chart_version=CURRENT_CHART_VERSION, library_version=version)
        muscle_ids = sorted({m.muscle_id for c in candidates for m in c.members})
        if muscle_ids:
            neighbours = muscle_neighbours(version)
            differentials = order_differentials(neighbours.conditions_by_muscle, candidates, marks, red_flags)
            associations = group_associations(neighbours.associations_for(muscle_ids), candidates)
    return {
        "candidates": describe_candidates(candidates, chart),
        "has_marks": has_marks,
        "form_errors": has_errors,
        "differentials": differentials,
        "associations": associations,
        "library_scope": ", ".join(scope),
        "hypothesis_label": HYPOTHESIS_LABEL,
        "shown_key": shown_key,
    }


def overlay_for(key: str, candidates: list[ShownCandidate]) -> ChartOverlay | None:
    for c in candidates:
        if c.key == key:
            return ChartOverlay(
                side=c.side,
                essential=frozenset(c.essential_regions),
                spillover=frozenset(c.spillover_regions),
            )
    return None


def pain_map_context(form: PainMapForm, *, overlay: ChartOverlay | None = None) -> dict:
    """Context for the ``includes/pain_map.html`` component."""
    marks = form.valid_marks()
    return {
        "pain_map_form": form,
        "pain_map_views": render_pain_map_views(form, marks=marks, overlay=overlay),
        "pain_map_marks": [
            {
                "label": form.chart.region(mark.region).label(mark.side),
                "intensity": mark.intensity,
                "band": intensity_band(mark.intensity),
                "quality": PainQuality(mark.quality).label.lower() if mark.quality else "",
            }
            for mark in marks
        ],
        "pain_qualities": PainQuality.choices,
        "pain_map_zooms": zooms_for(form.chart),
        "intensity_choices": range(11),
    }


@require_http_methods(["GET", "POST"])
def where_does_it_hurt(request):
    if not may_use_pain_map(request.user):
        raise PermissionDenied
    form = PainMapForm(request.POST or None)
    screening_form = ScreeningForm(request.POST or None)
    shown_key = request.POST.get("show", "")
    context = suggestions_context(form, screening_form, shown_key=shown_key)
    overlay = overlay_for(shown_key, context["candidates"]) if shown_key else None
    context.update(pain_map_context(form, overlay=overlay))
    context["screening_form"] = screening_form
    status = 400 if form.is_bound and (form.errors or screening_form.errors) else 200
    return render(request, "reference/where_does_it_hurt.html", context, status=status)


def suggestions_context(
    form: PainMapForm, screening_form: ScreeningForm, *, shown_key: str = "", library_version=None
) -> dict:
    """The fired red flags and the candidates for one map and checklist: the library version is read once
    (or not at all when the caller passes it, or when nothing is marked or ticked)."""
    marks, screening = form.valid_marks(), screening_form.screening()
    if library_version is None and needs_rules(marks, screening):
        library_version = current_library_version()
    flags = red_flags_context(marks, screening, library_version=library_version)
    context = candidates_context(
        form, shown_key=shown_key, library_version=library_version, red_flags=flags["red_flags"]
    )
    context.update(flags)
    return context


@require_POST
def candidates_fragment(request):
    """The candidates list alone, for the page's script to refresh as the map changes."""
    if not may_use_pain_map(request.user):
        raise PermissionDenied
    form = PainMapForm(request.POST)
    screening_form = ScreeningForm(request.POST)
    status = 400 if form.errors or screening_form.errors else 200
    context = suggestions_context(form, screening_form)
    return render(request, "includes/suggestions_fragment.html", context, status=status)


__all__ = ["PainMark", "candidates_context", "pain_map_context", "where_does_it_hurt", "candidates_fragment"]

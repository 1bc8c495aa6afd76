"""What a printed note and a self-help handout carry besides the note: who is treating (the clinic's name,
address and phone, the therapist's name and registration number) and the pain map drawn on the body chart.

One query more than the note itself (the therapist's registration number); the clinic is the reader's own,
already loaded with their membership, and the chart is read from its file once per process.
"""

from __future__ import annotations

from django.utils.safestring import mark_safe

from clinic import access
from clinic.models import Membership
from records.models import Visit
from reference.body_chart import load_chart, render_view_svg


def pain_map_figures(visit: Visit) -> list[dict]:
    """Each view of the visit's body chart with its marked regions coloured by intensity, as ``{"view",
    "svg"}``. Static pictures (``role="img"``), not the editor's buttons: a printout is read, not tapped."""
    marks = list(visit.pain_marks.all())
    if not marks:
        return []
    chart = load_chart(visit.chart_version)
    classes = {(mark.region.code, mark.side): f"is-marked intensity-{mark.intensity}" for mark in marks}
    figures = []
    for view in chart.views:
        svg = render_view_svg(
            chart,
            view.code,
            classes=classes,
            title=f"Pain map, {view.name.lower()} view",
            id_prefix=f"print-{view.code}-",
        )
        figures.append({"view": view, "svg": mark_safe(svg)})  # noqa: S308 - render_view_svg escapes
    return figures


def printout_context(visit: Visit, reader, *, with_pain_map: bool = True) -> dict:
    registration = (
        Membership.objects.filter(user_id=visit.therapist_id)
        .values_list("registration_number", flat=True)
        .first()
    )
    return {
        "printing_clinic": access.clinic_for(reader),
        "therapist_registration": registration or "",
        "pain_map_figures": pain_map_figures(visit) if with_pain_map else [],
    }

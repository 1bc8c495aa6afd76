"""Builders for visit-log test data, and the visit page's form data as a browser would post it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from clinic.dates import local_date
from records.models import (
    Addendum,
    Episode,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitPainMark,
    VisitStatus,
)
from records.visits.forms import VisitEditor
from records.visits.queries import load_parts, marks_of, visit_for_user_or_404
from reference.body_chart import CURRENT_CHART_VERSION
from reference.models import BodyRegion, Technique, TechniqueKind, TriggerPoint
from reference.versioning import current_library_version

BICEPS_FEMORIS = "biceps-femoris-trp"
SEMITENDINOSUS = "semitendinosus-trp"


def trigger_point(slug: str = BICEPS_FEMORIS) -> TriggerPoint:
    return TriggerPoint.objects.select_related("muscle").get(slug=slug)


def technique(kind: str) -> Technique:
    return Technique.objects.get(kind=kind)


def region(code: str, chart_version: int = CURRENT_CHART_VERSION) -> BodyRegion:
    return BodyRegion.objects.get(chart_version=chart_version, code=code)


def make_visit(client, therapist, *, started_at=None, episode=None, **fields) -> Visit:
    """A draft visit of ``client``, in ``episode`` or the client's open episode (opened if none)."""
    started_at = started_at or timezone.now() - timedelta(hours=1)
    visit = Visit(
        clinic_id=client.clinic_id,
        client=client,
        episode=episode or Episode.objects.open_for(client, by=therapist, on=local_date(started_at)),
        therapist=therapist,
        started_at=started_at,
        library_version=current_library_version(),
        **fields,
    )
    visit.full_clean()
    visit.save()
    return visit


def add_mark(
    visit, code="knee_posterior_lateral", side="left", intensity=6, quality="aching"
) -> VisitPainMark:
    mark = VisitPainMark(
        visit=visit, region=region(code, visit.chart_version), side=side, intensity=intensity, quality=quality
    )
    mark.full_clean()
    mark.save()
    return mark


def add_finding(visit, slug=BICEPS_FEMORIS, side="left", **fields) -> Finding:
    finding = Finding(visit=visit, trigger_point=trigger_point(slug), side=side, **fields)
    finding.full_clean()
    finding.save()
    return finding


def add_technique(visit, kind=TechniqueKind.COMPRESSION, parameters=None, **fields) -> TechniqueApplication:
    application = TechniqueApplication(
        visit=visit,
        technique=technique(kind),
        parameters=parameters if parameters is not None else {"pressure": "firm", "hold_seconds": 60},
        **fields,
    )
    application.full_clean()
    application.save()
    return application


def add_needling(visit, *, inserted=2, removed=2, slug=BICEPS_FEMORIS, side="left", **fields) -> NeedlingSite:
    site = NeedlingSite(
        visit=visit,
        trigger_point=trigger_point(slug),
        side=side,
        technique=fields.pop("technique", None) or technique(TechniqueKind.DRY_NEEDLING),
        needles_inserted=inserted,
        needles_removed=removed,
        gauge_mm=fields.pop("gauge_mm", Decimal("0.25")),
        length_mm=fields.pop("length_mm", 50),
        **fields,
    )
    site.full_clean()
    site.save()
    return site


def sign(visit, *, by=None) -> Visit:
    """Sign directly (tests of what a signed visit refuses)."""
    visit.pain_start = 6 if visit.pain_start is None else visit.pain_start
    visit.status = VisitStatus.SIGNED
    visit.signed_at = timezone.now()
    visit.signed_by = by or visit.therapist
    visit.save()
    return visit


def add_addendum(visit, author, text="Left, not right.", reason="Wrong side recorded") -> Addendum:
    addendum = Addendum(visit=visit, author=author, text=text, reason=reason)
    addendum.full_clean()
    addendum.save()
    return addendum


def page_data(visit, user=None, *, action: str = "save") -> dict:
    """Everything the visit page would post for ``visit`` as it is stored now, unchanged.

    Tests change entries of this dict the way a therapist changes the page. The extra (empty) rows of each
    formset are at the indices after the stored rows.
    """
    visit = load_parts(visit_for_user_or_404(user or visit.therapist, visit.pk), for_editing=True)
    editor = VisitEditor.build(visit, marks=marks_of(visit))
    data: dict = {"action": action}
    forms = [editor.form, editor.pain_map, editor.screening, *editor.flag_forms]
    for formset in editor.formsets:
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value == "" or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
            else:
                shown = bound.field.widget.format_value(value)
                # Selects format their value as a list of one.
                data[bound.html_name] = str(shown[0] if isinstance(shown, list) else shown)
    return data


def row(prefix: str, index: int, **values) -> dict:
    """Form data for one formset row, e.g. ``row("findings", 0, trigger_point=tp.pk, side="left")``."""
    return {f"{prefix}-{index}-{name}": str(value) for name, value in values.items()}


def total_forms(data: dict, prefix: str) -> int:
    return int(data[f"{prefix}-TOTAL_FORMS"])


def initial_forms(data: dict, prefix: str) -> int:
    return int(data[f"{prefix}-INITIAL_FORMS"])


def param(kind: str, name: str) -> str:
    """The form field name of a technique's parameter, e.g. ``param("compression", "pressure")``."""
    return f"param-{technique(kind).pk}-{name}"

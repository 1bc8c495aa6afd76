"""The visit page's fields and rows (findings, techniques, needling sites, adverse events), built in Python.

Why: the editing screen carries about 180 inputs in a dozen rows. Drawn through ``{% include %}`` per row
and a template per field, the template engine alone kept the screen above its 50 ms goal, so the markup is
assembled here instead, in the shape the templates had (Bootstrap's classes; errors under their input with
the id ``<input id>_error``, as crispy writes them). The widgets themselves are still Django's
(``records.visits.widgets``). ``format_html`` escapes every value, as the templates' autoescaping did.

Each row is a ``<fieldset>`` titled by what it records; stored rows come first, then the empty ones, folded
away under an "add" button where the section asks for that.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.forms import BaseForm, BaseFormSet, BoundField
from django.utils.safestring import SafeString, mark_safe

from records.visits.widgets import escape

REQUIRED_MARK = '<span class="asteriskField">*</span>'


def _safe(html: str) -> SafeString:
    # Built in this module from escaped values and Django's rendered widgets only.
    return mark_safe(html)  # noqa: S308


def _errors(bound: BoundField) -> str:
    auto_id = escape(bound.auto_id)
    return "".join(
        f'<div class="invalid-feedback" id="{auto_id}_error">{escape(e)}</div>' for e in bound.errors
    )


def field_html(bound: BoundField) -> SafeString:
    """One field with its label, messages and help text."""
    if bound.widget_type == "checkboxselectmultiple":
        return checkbox_list_html(bound)
    widget, label_for, label = _widget_html(bound), escape(bound.id_for_label), escape(bound.label)
    if bound.widget_type == "checkbox":
        return _safe(
            f'<div class="mb-2 form-check">{widget}<label class="form-check-label" for="{label_for}">{label}'
            f"</label>{_errors(bound)}</div>"
        )
    required = REQUIRED_MARK if bound.field.required else ""
    help_text = (
        f'<div id="{escape(bound.auto_id)}_helptext" class="form-text">{escape(bound.help_text)}</div>'
        if bound.help_text
        else ""
    )
    return _safe(
        f'<div class="mb-2"><label class="form-label" for="{label_for}">{label}{required}</label>{widget}'
        f"{_errors(bound)}{help_text}</div>"
    )


def _widget_html(bound: BoundField) -> str:
    """The input itself; a refused one is flagged and points at its messages (and help), as crispy does.
    The flags go in at rendering: some widgets are shared by every form of the process."""
    if not bound.errors:
        return bound.as_widget()
    css = bound.field.widget.attrs.get("class", "")
    described_by = f"{bound.auto_id}_error" + (f" {bound.auto_id}_helptext" if bound.help_text else "")
    return bound.as_widget(
        attrs={"class": f"{css} is-invalid".strip(), "aria-invalid": "true", "aria-describedby": described_by}
    )


def checkbox_list_html(bound: BoundField) -> SafeString:
    """A choice of several (self-help, perpetuating factors): a titled list of checkboxes."""
    name, invalid = escape(bound.html_name), " is-invalid" if bound.errors else ""
    boxes = []
    for choice in bound:
        option, box_id = choice.data, escape(choice.id_for_label)
        boxes.append(
            f'<div class="form-check"><input type="checkbox" class="form-check-input{invalid}" name="{name}" '
            f'value="{escape(option["value"])}" id="{box_id}"{" checked" if option["selected"] else ""}>'
            f'<label for="{box_id}" class="form-check-label">{escape(choice.choice_label)}</label></div>'
        )
    return _safe(
        f'<div id="div_{escape(bound.auto_id)}" class="mb-3"><fieldset>'
        f'<legend class="form-label fs-6">{escape(bound.label)}</legend><div>{"".join(boxes)}</div>'
        f"{_errors(bound)}</fieldset></div>"
    )


def _in(css: str, bound: BoundField) -> str:
    return f'<div class="{css}">{field_html(bound)}</div>'


def _columns(css: str, fields: Iterable[BoundField]) -> str:
    return f'<div class="row g-2">{"".join(_in(css, bound) for bound in fields)}</div>'


def _row(form: BaseForm, *, kind: str, title: str, body: str, marker: str = "") -> SafeString:
    """The frame every row shares: title, hidden inputs, the row's own errors, the body, "remove"."""
    non_field_errors = form.non_field_errors()
    return _safe(
        "".join(
            [
                f'<fieldset class="visit-row card card-body mb-2{" border-danger" if form.errors else ""}" '
                f'data-row="{escape(kind)}"{marker}>',
                f'<legend class="h6 visit-row-title">{escape(title)}</legend>',
                *(str(hidden) for hidden in form.hidden_fields()),
                f'<div class="alert alert-danger py-1">{escape(" ".join(non_field_errors))}</div>'
                if non_field_errors
                else "",
                body,
                f'<div class="visit-check visit-remove">{field_html(form["DELETE"])}</div>'
                if "DELETE" in form.fields
                else "",
                "</fieldset>",
            ]
        )
    )


# --- One row of each kind ---------------------------------------------------------------------------------


def part_row(form: BaseForm, kind: str, *, before: str = "") -> SafeString:
    """Any part: its visible fields in a grid, checkboxes and notes sized to fit (``before`` goes above)."""

    def column(bound: BoundField) -> str:
        if bound.widget_type == "checkbox":
            return "col-6 col-md-4 col-lg-3 visit-check"
        return "col-12" if bound.widget_type == "textarea" else "col-sm-6 col-lg-3"

    fields = [bound for bound in form.visible_fields() if bound.name != "DELETE"]
    body = before + f'<div class="row g-2">{"".join(_in(column(bound), bound) for bound in fields)}</div>'
    title = str(form.instance) if form.instance.pk else f"New {kind}"
    return _row(form, kind=kind, title=title, body=body)


def finding_row(form: BaseForm, kind: str = "finding") -> SafeString:
    """A finding: the trigger point and side first, the status as buttons, then what palpation showed."""
    status = form["status"]
    choices = "".join(
        f'<div class="form-check form-check-inline">{choice.tag()}<label class="form-check-label" '
        f'for="{escape(choice.id_for_label)}">{escape(choice.choice_label)}</label></div>'
        for choice in status
    )
    status_errors = "".join(f'<div class="invalid-feedback d-block">{escape(e)}</div>' for e in status.errors)
    checks = [bound for bound in form if bound.widget_type == "checkbox" and bound.name != "DELETE"]
    body = (
        f'<div class="row g-2">{_in("col-md-5", form["trigger_point"])}{_in("col-4 col-md-2", form["side"])}'
        '<div class="col-8 col-md-5"><fieldset class="mb-3">'
        '<legend class="form-label fs-6 mb-2">Status</legend>'
        f"{choices}{status_errors}</fieldset></div></div>"
        f'<div class="row g-2 align-items-end">{_in("col-6 col-md-3", form["activity"])}'
        f"{_in('col-6 col-md-3', form['spot_tenderness'])}</div>"
        f"{_columns('col-6 col-md-4 visit-check', checks)}{field_html(form['notes'])}"
    )
    instance = form.instance
    title = f"{instance.trigger_point.muscle.name} — {instance}" if instance.pk else "New finding"
    return _row(form, kind=kind, title=title, body=body)


def technique_row(form: BaseForm, kind: str = "technique") -> SafeString:
    """A technique with its own parameters beside it. Every technique's parameter inputs are there, each
    group marked with its technique, so the page works without a script; visit.js shows only the chosen
    technique's."""
    body = (
        '<div class="row g-2"><div class="col-sm-6 col-lg-4" data-technique-select>'
        f"{field_html(form['technique'])}"
        f"</div>{_in('col-sm-6 col-lg-4', form['finding'])}{_in('col-sm-4 col-lg-4', form['side'])}</div>"
        f'<div class="technique-parameters">{_parameter_groups(form)}</div>'
        f'<div class="row g-2">{_in("col-6 col-lg-2", form["nrs_before"])}'
        f"{_in('col-6 col-lg-2', form['nrs_after'])}"
        f"{_in('col-lg-8', form['response'])}</div>"
    )
    title = str(form.instance) if form.instance.pk else "New technique"
    return _row(form, kind=kind, title=title, body=body, marker=" data-technique-row")


def _parameter_groups(form: BaseForm) -> str:
    """Each technique's parameter inputs. On a page as first shown, every group but the row's own
    technique's is empty and the same on every visit, so it is drawn once per row position and library
    version and kept with the library snapshot; rows posted back are always drawn afresh."""
    kept = form.library.blank_parameter_groups
    parts = []
    for technique, names in form.parameter_groups:
        if form.is_bound or technique.pk == form.instance.technique_id:
            parts.append(_parameter_group(technique, [form[name] for name in names]))
            continue
        key = (form.prefix, technique.pk)
        if key not in kept:
            kept[key] = _parameter_group(technique, [form[name] for name in names])
        parts.append(kept[key])
    return "".join(parts)


def _parameter_group(technique, fields: list[BoundField]) -> str:
    return (
        f'<div class="row g-2 technique-parameter-group" data-technique-params="{technique.pk}">'
        f"{''.join(_in('col-sm-6 col-lg-4', bound) for bound in fields)}</div>"
    )


def _needling_hazards(library) -> tuple[dict[str, str], str]:
    """Each published trigger point's needling hazards by id, and as JSON for visit.js; worked out once per
    library (the trigger points are already loaded, so no query)."""
    cached = getattr(library, "_needling_hazards", None)
    if cached is None:
        hazards = {str(tp.pk): tp.needling_hazards for tp in library.trigger_points if tp.needling_hazards}
        cached = library._needling_hazards = (hazards, json.dumps(hazards))
    return cached


def needling_row(form: BaseForm, kind: str = "needling site") -> SafeString:
    """A needling site with the chosen trigger point's needling hazards above it; visit.js changes them
    with the choice, and the page shows the saved or submitted choice's without it."""
    hazards, hazards_json = _needling_hazards(form.library)
    text = hazards.get(str(form["trigger_point"].value() or ""), "")
    block = (
        f'<div class="alert alert-danger py-1 small mb-2" role="note" data-needling-hazards '
        f'data-hazards="{escape(hazards_json)}"{"" if text else " hidden"}>'
        f"<strong>Needling hazards:</strong> <span data-needling-hazards-text>{escape(text)}</span></div>"
    )
    return part_row(form, kind, before=block)


ROW_BUILDERS: dict[str, Callable[[BaseForm, str], SafeString]] = {
    "finding": finding_row,
    "technique": technique_row,
    "needling site": needling_row,
}


# --- A formset's rows -------------------------------------------------------------------------------------


def formset_rows(
    formset: BaseFormSet, *, kind: str, add_label: str = "", collapse: bool = False
) -> SafeString:
    """The management form, the formset's own errors, the stored rows, then the empty rows: folded away
    under ``add_label`` when ``collapse`` is set (and open again when one of them was filled in)."""
    build = ROW_BUILDERS.get(kind, part_row)
    non_form_errors = "".join(f'<p class="mb-0">{escape(e)}</p>' for e in formset.non_form_errors())
    parts = [
        *(str(hidden) for hidden in formset.management_form),
        f'<div class="alert alert-danger" role="alert">{non_form_errors}</div>' if non_form_errors else "",
        *(build(form, kind) for form in formset.initial_forms),
    ]
    new_rows = "".join(build(form, kind) for form in formset.extra_forms)
    if new_rows and collapse:
        parts.append(
            f'<details class="visit-new-rows"{" open" if formset.new_forms_in_use() else ""} '
            f'data-new-rows="{escape(kind)}">'
            f'<summary class="btn btn-outline-primary">{escape(add_label)}</summary>'
            f'<div class="mt-2">{new_rows}</div></details>'
        )
    else:
        parts.append(new_rows)
    return _safe("".join(parts))

"""How the visit page draws its fields and rows (findings, techniques, needling sites, adverse events).

The markup is in Jinja2 templates under ``templates/records/visits/rows/``: ``fields.html`` (one field with
its label, messages and help), ``frame.html`` (what every row shares), one template per kind of row, and
``formset.html``; their widgets too (``widgets.html``, drawn through ``records.visits.widgets``).

Why Jinja2 rather than Django's templates: the editing screen carries about 250 inputs, 150 selects and
1,200 options in a dozen rows. Drawn through Django's template engine (an ``{% include %}`` per row and a
template per field and per option) it stayed well above its 50 ms goal; Jinja2 compiles its templates to
Python functions and calls macros as functions, and draws the same rows as fast as the hand-written Python
builders it replaced (README "Speed" has the figures). Only these rows and their widgets use it; every
other page, and the rest of this one, stay Django templates.

Empty rows (but for the widgets that list the visit's findings), and a stored technique row's blank
parameter groups (every technique but the row's own), are the same on every page for a row position and
library version, so they are drawn once and kept with the library snapshot.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
from django.conf import settings
from django.forms import BaseForm, BaseFormSet, BoundField
from django.forms.models import InlineForeignKeyField
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "records" / "visits" / "rows"
# Empty needling rows are kept by the needle each therapist used last: a bound on how many.
BLANK_ROWS_KEPT = 512
ROW_TEMPLATES = {"finding": "finding.html", "technique": "technique.html", "needling site": "needling.html"}


def _parameter_groups(form: BaseForm) -> list:
    """Each technique's parameter inputs for a technique row. On a page as first shown, every group but the
    row's own technique's is empty and the same on every visit, so it is drawn once per row position and
    library version; rows posted back are always drawn afresh."""
    kept = form.library.blank_parameter_groups
    draw = macros("technique.html").parameter_group
    groups = []
    for technique, names in form.parameter_groups:
        if form.is_bound or technique.pk == form.instance.technique_id:
            groups.append(draw(technique, [form[name] for name in names]))
            continue
        key = (form.prefix, technique.pk)
        if key not in kept:
            kept[key] = draw(technique, [form[name] for name in names])
        groups.append(kept[key])
    return groups


def _needling_hazards(form: BaseForm) -> tuple[str, str]:
    """The chosen trigger point's needling hazards, and every published one's by id as JSON for visit.js;
    the latter worked out once per library (the trigger points are already loaded, so no query)."""
    library = form.library
    cached = getattr(library, "_needling_hazards", None)
    if cached is None:
        hazards = {str(tp.pk): tp.needling_hazards for tp in library.trigger_points if tp.needling_hazards}
        cached = library._needling_hazards = (hazards, json.dumps(hazards))
    hazards, everyone = cached
    return hazards.get(str(form["trigger_point"].value() or ""), ""), everyone


def _blank_row(form: BaseForm, kind: str, row) -> str:
    """An empty row as first shown: the same for every visit at a row position and library version (and,
    for a needling site, the therapist's last needle), so it is drawn once and kept with the library
    snapshot. A row posted back is drawn afresh.

    Only a few widgets differ from visit to visit: the hidden link to the visit, and the choices that list
    the visit's own findings (a technique's "finding", a needling site's trigger point with the visit's
    findings first). The kept row leaves a gap where each of those goes, and each page draws just those
    widgets into it.
    """
    if form.is_bound:
        return row(form, kind)
    visit_specific = [form[name] for name in _visit_specific_fields(form)]
    defaults = tuple(sorted((name, str(value)) for name, value in form.initial.items()))
    key = (type(form), form.prefix, kind, tuple(bound.name for bound in visit_specific), defaults)
    kept = form.library.blank_rows
    pieces = kept.get(key)
    if pieces is None:
        if len(kept) >= BLANK_ROWS_KEPT:
            kept.clear()  # the common rows come back on their first use
        pieces = _split_around(row(form, kind), [bound.as_widget() for bound in visit_specific])
        if pieces is None:
            return row(form, kind)  # a widget drawn twice in its row cannot be spliced: draw it whole
        kept[key] = pieces
    parts = [pieces[0]]
    for bound, after in zip(visit_specific, pieces[1:], strict=True):
        parts.extend((bound.as_widget(), after))
    return Markup("".join(parts))  # noqa: S704 (pieces of markup drawn by the templates)


def _visit_specific_fields(form: BaseForm) -> list[str]:
    """The row's fields drawn differently for each visit: the hidden link to the visit itself, and the
    choices that list the visit's findings."""
    names = [name for name, field in form.fields.items() if isinstance(field, InlineForeignKeyField)]
    if "finding" in form.fields:
        names.append("finding")
    if getattr(form.fields.get("trigger_point"), "offered_findings", ()):
        names.append("trigger_point")
    return names


def _split_around(html: str, widgets: list[str]) -> list[str] | None:
    """The row's markup cut at each widget, in order; None when a widget is not there exactly once."""
    pieces, rest = [], str(html)
    for widget in widgets:
        if rest.count(widget) != 1:
            return None
        before, rest = rest.split(widget)
        pieces.append(before)
    pieces.append(rest)
    return pieces


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    # Templates are read once per process in production; while developing, an edit shows on reload.
    auto_reload=settings.DEBUG,
    undefined=jinja2.StrictUndefined,
)
environment.globals.update(
    parameter_groups=_parameter_groups, needling_hazards=_needling_hazards, blank_row=_blank_row
)


def macros(template_name: str):
    """A template's macros, as functions: looked up once per process (on every use while developing, so
    that an edit shows); a page draws a few hundred fields."""
    module = _modules.get(template_name)
    if module is None:
        module = environment.get_template(template_name).module
        if not environment.auto_reload:
            _modules[template_name] = module
    return module


_modules: dict[str, object] = {}


def _safe(markup) -> SafeString:
    # Jinja2's Markup is escaped already; Django's templates need to be told so.
    return mark_safe(markup)  # noqa: S308


def field_html(bound: BoundField) -> SafeString:
    """One field with its label, messages and help text (``fields.html``)."""
    return _safe(macros("fields.html").field(bound))


def formset_rows(
    formset: BaseFormSet, *, kind: str, add_label: str = "", collapse: bool = False, more_label: str = ""
) -> SafeString:
    """The formset's rows (``formset.html``), each drawn by its kind's template (``part.html`` by default);
    with ``more_label``, a blank row to clone and a button that adds it in place (visit.js)."""
    row = macros(ROW_TEMPLATES.get(kind, "part.html")).row
    html = environment.get_template("formset.html").render(
        formset=formset, kind=kind, add_label=add_label, collapse=collapse, more_label=more_label, row=row
    )
    return _safe(html)

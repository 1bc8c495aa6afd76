"""The visit page's form renderer: Django's plain widgets drawn from Jinja2 templates.

Why: the visit page carries about 250 inputs and 1,200 options, and Django's own template renderer draws
every ``<input>``, ``<select>`` and each ``<option>`` by rendering a template (an include per option), which
alone kept the editing screen above its 50 ms goal. The templates under
``templates/records/visits/rows/widgets/`` give Django's markup (a test compares them with Django's own) and
are compiled once by Jinja2, in the environment of the rows (``records.visits.rows``); a select draws its
options in one loop. Every other widget (none on the page today) goes to Django's template renderer.
"""

from __future__ import annotations

import jinja2
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from records.visits.rows import environment

INPUT = "widgets/input.html"
WIDGET_TEMPLATES = {
    **{
        f"django/forms/widgets/{name}.html": INPUT
        for name in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "tel",
            "hidden",
            "date",
            "datetime",
            "time",
            "checkbox",
        )
    },
    "django/forms/widgets/radio_option.html": "widgets/input_option.html",
    "django/forms/widgets/checkbox_option.html": "widgets/input_option.html",
    "django/forms/widgets/textarea.html": "widgets/textarea.html",
    "django/forms/widgets/select.html": "widgets/select.html",
}
OPTION = "django/forms/widgets/select_option.html"


class RowWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the simple widgets drawn from the rows' Jinja2 templates."""

    def render(self, template_name, context, request=None):
        ours = WIDGET_TEMPLATES.get(template_name)
        if ours is not None and (ours != "widgets/select.html" or _plain_options(context["widget"])):
            # Jinja2's autoescaping escaped every value already.
            return mark_safe(_template(ours).render(context))  # noqa: S308
        return super().render(template_name, context, request=request)


def _template(name: str) -> jinja2.Template:
    """The compiled template, looked up once per process (or on every use while developing, so that an edit
    shows): a page draws a few hundred widgets."""
    template = _compiled.get(name)
    if template is None:
        template = environment.get_template(name)
        if not environment.auto_reload:
            _compiled[name] = template
    return template


_compiled: dict[str, jinja2.Template] = {}


def _plain_options(widget: dict) -> bool:
    """Whether every option of a select is a plain ``<option>`` (the select template draws only those)."""
    return all(
        option["template_name"] == OPTION
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


renderer = RowWidgetRenderer()

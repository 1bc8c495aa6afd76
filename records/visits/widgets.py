"""The visit page's form renderer: Django's plain widgets drawn from Jinja2 templates.

Why: the visit page carries about 250 inputs and 1,200 options, and Django's own template renderer draws
every ``<input>``, ``<select>`` and each ``<option>`` by rendering a template (an include per option), which
alone kept the editing screen above its 50 ms goal. The macros in
``templates/records/visits/rows/widgets.html`` give Django's markup (a test compares them with Django's own)
and are compiled once by Jinja2, in the environment of the rows (``records.visits.rows``); a macro call costs
a fraction of a template's render, and a select draws its options in one loop. Every other widget (none on
the page today) goes to Django's template renderer.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from records.visits.rows import macros

# Django's widget templates -> the macro of templates/records/visits/rows/widgets.html that draws the same.
WIDGET_MACROS = {
    **{
        f"django/forms/widgets/{name}.html": "input"
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
    "django/forms/widgets/radio_option.html": "input_option",
    "django/forms/widgets/checkbox_option.html": "input_option",
    "django/forms/widgets/textarea.html": "textarea",
    "django/forms/widgets/select.html": "select",
}
OPTION = "django/forms/widgets/select_option.html"


class RowWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the simple widgets drawn by the rows' Jinja2 widget macros."""

    def render(self, template_name, context, request=None):
        macro = WIDGET_MACROS.get(template_name)
        if macro is not None and (macro != "select" or _plain_options(context["widget"])):
            # Jinja2's autoescaping escaped every value already.
            return mark_safe(getattr(macros("widgets.html"), macro)(context["widget"]))  # noqa: S308
        return super().render(template_name, context, request=request)


def _plain_options(widget: dict) -> bool:
    """Whether every option of a select is a plain ``<option>`` (the select macro draws only those)."""
    return all(
        option["template_name"] == OPTION
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


renderer = RowWidgetRenderer()

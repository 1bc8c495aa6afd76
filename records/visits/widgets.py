"""A form renderer that draws Django's plain widgets in Python instead of through templates.

Why: the visit page carries about 150 inputs, and Django renders every ``<input>``, ``<select>`` and each
``<option>`` by rendering a template. That alone kept the editing screen well above the 50 ms goal. This
renderer produces the same markup as Django's own widget templates (a test compares them byte for byte)
for the simple widgets, and hands everything else to the normal template renderer.

Every value and attribute is escaped exactly as the templates' autoescaping would, by ``escape`` below:
Django's own ``conditional_escape`` gives the same text but, being lazy-aware, costs several times more,
and a page escapes thousands of values.
"""

from __future__ import annotations

import functools
from html import escape as _escape_text

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
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
}
SELECT = "django/forms/widgets/select.html"
TEXTAREA = "django/forms/widgets/textarea.html"
OPTION = "django/forms/widgets/select_option.html"
INPUT_OPTIONS = {"django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html"}


def escape(value) -> str:
    """``conditional_escape`` without its laziness checks: safe text as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_text(str(value))


@functools.lru_cache(maxsize=16384)
def _attribute(name: str, value: str) -> str:
    # Attributes come from the code (classes, ids, limits, placeholders), so a page repeats the same few
    # hundred; typed values never come here (they are the widget's value, escaped each time).
    return f' {_escape_text(name)}="{_escape_text(value)}"'


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        elif hasattr(value, "__html__") or hasattr(name, "__html__"):
            parts.append(f' {escape(name)}="{escape(value)}"')
        else:
            parts.append(_attribute(str(name), str(value)))
    return "".join(parts)


def render_input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    kind, name = escape(widget["type"]), escape(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>'


def render_input_option(widget: dict) -> str:
    if not widget["wrap_label"]:
        return render_input(widget)
    label_for = f' for="{escape(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    # The included input template ends with a newline; only the outermost render is stripped.
    return f"<label{label_for}>{render_input(widget)}\n {escape(widget['label'])}</label>"


def render_textarea(widget: dict) -> str:
    value = escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def render_option(option: dict) -> str:
    return (
        f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{escape(option['label'])}</option>"
    )


def render_select(widget: dict) -> str | None:
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append("\n  " + render_option(option) + "\n")  # the option template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the simple widgets drawn in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            html = None
            if template_name in INPUT_TEMPLATES:
                html = render_input(widget)
            elif template_name in INPUT_OPTIONS:
                html = render_input_option(widget)
            elif template_name == TEXTAREA:
                html = render_textarea(widget)
            elif template_name == SELECT:
                html = render_select(widget)
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every value above is escaped
        return super().render(template_name, context, request=request)


renderer = FastWidgetRenderer()

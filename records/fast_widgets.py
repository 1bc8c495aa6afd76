"""A form renderer that draws Django's plain widgets in Python instead of through templates.

Why: the visit page carries about 150 inputs, and Django renders every ``<input>``, ``<select>`` and each
``<option>`` by rendering a template. That alone kept the editing screen well above the 50 ms goal. This
renderer produces the same markup as Django's own widget templates (a test compares them byte for byte)
for the simple widgets, and hands everything else to the normal template renderer.

Every value and attribute is escaped exactly as the templates' autoescaping would.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
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


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def render_input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>'


def render_input_option(widget: dict) -> str:
    if not widget["wrap_label"]:
        return render_input(widget)
    label_for = f' for="{conditional_escape(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    # The included input template ends with a newline; only the outermost render is stripped.
    return f"<label{label_for}>{render_input(widget)}\n {conditional_escape(widget['label'])}</label>"


def render_textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def render_option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def render_select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
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

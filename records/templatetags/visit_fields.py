"""``{{ field|visit_field }}``: one field of a visit-page row with Bootstrap's markup, built in Python.

The visit page holds about 150 inputs. Rendering each through crispy's field template (or any included
template) made the editing screen several times slower than the 50 ms goal, so the label, messages and help
text are assembled here; the widget itself is still rendered by Django (classes set by
``records.visit_forms.style_widgets``). The markup matches crispy's: errors sit under their input with the
id ``<input id>_error``.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def visit_field(bound):
    errors = format_html_join(
        "", '<div class="invalid-feedback" id="{}_error">{}</div>', ((bound.auto_id, e) for e in bound.errors)
    )
    if bound.widget_type == "checkbox":
        return format_html(
            '<div class="mb-2 form-check">{}<label class="form-check-label" for="{}">{}</label>{}</div>',
            bound.as_widget(),
            bound.id_for_label,
            bound.label,
            errors,
        )
    required = mark_safe('<span class="asteriskField">*</span>') if bound.field.required else ""
    help_text = format_html('<div class="form-text">{}</div>', bound.help_text) if bound.help_text else ""
    return format_html(
        '<div class="mb-2"><label class="form-label" for="{}">{}{}</label>{}{}{}</div>',
        bound.id_for_label,
        bound.label,
        required,
        bound.as_widget(),
        errors,
        help_text,
    )

"""The visit page's fields and rows, drawn from Jinja2 templates (``records.visits.rows`` says why).

``{{ field|visit_field }}`` draws one field with Bootstrap's markup; ``{% visit_rows formset "kind" %}`` draws
a formset's rows (``add_label`` and ``collapse`` fold the empty rows away under a button; ``more_label``
adds a button that adds a row in place, with a script).
"""

from django import template

from records.visits.rows import field_html, formset_rows

register = template.Library()


@register.filter
def visit_field(bound):
    return field_html(bound)


@register.simple_tag
def visit_rows(formset, kind: str, add_label: str = "", collapse=False, more_label: str = ""):
    return formset_rows(
        formset, kind=kind, add_label=add_label, collapse=bool(collapse), more_label=more_label
    )

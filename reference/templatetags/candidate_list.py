"""``{% candidate_items candidates shown_key add_as_finding %}``: see ``reference.candidate_list``."""

from django import template

from reference.candidate_list import candidate_items as build_items

register = template.Library()


@register.simple_tag
def candidate_items(candidates, shown_key="", add_as_finding=False):
    return build_items(candidates, shown_key=shown_key, add_as_finding=bool(add_as_finding))

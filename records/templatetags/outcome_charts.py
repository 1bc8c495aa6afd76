"""``{% measure_chart measure %}``: one measure's chart and table on the progress page and report, drawn by
Jinja2 (``records.outcomes.chart_markup`` says why)."""

from django import template

from records.outcomes.chart_markup import measure_chart_html

register = template.Library()


@register.simple_tag
def measure_chart(measure):
    return measure_chart_html(measure)

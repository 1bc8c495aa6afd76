"""The progress charts' markup: ``templates/records/outcomes/charts/measure_chart.html``, drawn by Jinja2.

Why Jinja2 rather than Django's templates: an episode's progress page (and its printable report) draws a
chart per measure, each a few dozen SVG marks with half a dozen values apiece, and a table behind it. Through
Django's template engine those marks alone took 14 of the page's 40 ms (its goal is p95 at most 50 ms);
Jinja2 compiles the template to a Python function and draws the same markup in a fraction of that. As with
the visit editor's rows (``records.visits.rows``), only this fragment uses it; the pages around it stay
Django templates and include it through ``{% measure_chart measure %}``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from clinic.dates import day_month_year

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "records" / "outcomes" / "charts"


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    # Templates are read once per process in production; while developing, an edit shows on reload.
    auto_reload=settings.DEBUG,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
environment.globals["day_month_year"] = day_month_year


def measure_chart_html(measure) -> SafeString:
    """One measure's chart and table (``measure`` is a ``records.outcomes.progress.MeasureChart``)."""
    html = environment.get_template("measure_chart.html").render(measure=measure)
    return mark_safe(html)  # noqa: S308 (Jinja2 escaped every value)

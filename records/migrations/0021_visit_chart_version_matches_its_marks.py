"""Visits whose pain marks sit on another body chart's regions say that chart's version.

``load_demo`` drew its visits' marks on chart 1's regions while the visits said chart 2 (the default), so the
visit page left those marks off its chart and an episode's progress page failed on them. A visit whose marks
are all on one other chart's regions is set to that chart: the marks are what the therapist tapped, and the
chart version only says which drawing they were tapped on. Visits with marks on several charts are left as
they are (none is known). Nothing clinical is changed; the reverse does nothing.
"""

from collections import defaultdict

from django.db import migrations
from django.db.models import F


def match_chart_versions(apps, schema_editor):
    Visit = apps.get_model("records", "Visit")
    VisitPainMark = apps.get_model("records", "VisitPainMark")
    mismatched = VisitPainMark.objects.exclude(region__chart_version=F("visit__chart_version")).values("visit_id")
    # One query for the charts of every mark of those visits, then one update per chart version.
    charts_of: dict[int, set[int]] = defaultdict(set)
    marks = VisitPainMark.objects.filter(visit_id__in=mismatched)
    for visit_id, chart_version in marks.values_list("visit_id", "region__chart_version"):
        charts_of[visit_id].add(chart_version)
    by_version: dict[int, list[int]] = defaultdict(list)
    for visit_id, versions in charts_of.items():
        if len(versions) == 1:
            by_version[next(iter(versions))].append(visit_id)
    for chart_version, visit_ids in by_version.items():
        Visit.objects.filter(pk__in=visit_ids).update(chart_version=chart_version)


class Migration(migrations.Migration):
    dependencies = [("records", "0020_check_in_answer_totals")]

    operations = [migrations.RunPython(match_chart_versions, migrations.RunPython.noop)]

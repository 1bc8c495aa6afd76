"""Visits whose pain marks sit on another body chart's regions say that chart's version.

``load_demo`` drew its visits' marks on chart 1's regions while the visits said chart 2 (the default), so the
visit page left those marks off its chart and an episode's progress page failed on them. A visit whose marks
are all on one other chart's regions is set to that chart: the marks are what the therapist tapped, and the
chart version only says which drawing they were tapped on. Visits with marks on several charts are left as
they are (none is known). Nothing clinical is changed; the reverse does nothing.
"""

from django.db import migrations
from django.db.models import F


def match_chart_versions(apps, schema_editor):
    Visit = apps.get_model("records", "Visit")
    VisitPainMark = apps.get_model("records", "VisitPainMark")
    mismatched = (
        VisitPainMark.objects.exclude(region__chart_version=F("visit__chart_version"))
        .values_list("visit_id", flat=True)
        .distinct()
    )
    for visit_id in list(mismatched):
        versions = set(
            VisitPainMark.objects.filter(visit_id=visit_id).values_list("region__chart_version", flat=True)
        )
        if len(versions) == 1:
            Visit.objects.filter(pk=visit_id).update(chart_version=versions.pop())


class Migration(migrations.Migration):
    dependencies = [("records", "0020_check_in_answer_totals")]

    operations = [migrations.RunPython(match_chart_versions, migrations.RunPython.noop)]

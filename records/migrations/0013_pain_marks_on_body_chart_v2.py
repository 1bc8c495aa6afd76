"""Draft visits move to body chart v2 with their pain maps (reference/data/body_chart_v1_to_v2.json).

Signed and discarded visits stay on v1: they show exactly what was recorded, drawn on the v1 chart, and the
suggestions read them through the crosswalk (reference/chart_crosswalk.py). A draft's mark on a v1 region is
moved in place to the first v2 region cut from it and copied to the others; backward, every visit on v2
goes back to v1, the oldest (then most intense) mark of each v1 region moved back and the copies removed, so
a round trip gives the same rows (tests/reference/test_body_chart_v2_migration.py).
"""

from django.db import migrations, models
from django.utils import timezone

from reference.chart_crosswalk import load_crosswalk

REASON = "Body chart v2 (migration)"


def _history(apps, obj, kind):
    Historical = apps.get_model("records", "HistoricalVisitPainMark")
    Model = apps.get_model("records", "VisitPainMark")
    Historical.objects.create(
        **{field.attname: getattr(obj, field.attname) for field in Model._meta.concrete_fields},
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=REASON,
    )


def _move_marks(apps, visits, *, to_version):
    VisitPainMark = apps.get_model("records", "VisitPainMark")
    BodyRegion = apps.get_model("reference", "BodyRegion")
    crosswalk = load_crosswalk(1)
    regions = {r.code: r for r in BodyRegion.objects.filter(chart_version=to_version)}
    for visit in visits:
        marks = list(VisitPainMark.objects.filter(visit=visit).select_related("region").order_by("pk"))
        records = {(mark.region.code, mark.side): mark for mark in marks}
        if to_version == 2:
            moved = crosswalk.carry_forward(records, stronger=lambda a, b: max(a, b, key=_forward_strength))
        else:
            moved = crosswalk.carry_back(records, stronger=lambda a, b: min(a, b, key=_backward_strength))
        placed = set()
        for mark in marks:
            if mark.pk not in {m.pk for m in moved.values()}:
                _history(apps, mark, "-")
                mark.delete()
        copies = []
        for (code, _side), mark in moved.items():
            if mark.pk in placed:
                copy = VisitPainMark.objects.get(pk=mark.pk)
                copy.pk = None
                copy.region = regions[code]
                copies.append(copy)
            else:
                placed.add(mark.pk)
                mark.region = regions[code]
                mark.save(update_fields=["region"])
                _history(apps, mark, "~")
        for copy in copies:
            copy.save()
            _history(apps, copy, "+")
        visit.chart_version = to_version
        visit.save(update_fields=["chart_version"])


def _forward_strength(mark):
    return (mark.intensity, -mark.pk)


def _backward_strength(mark):
    # The original row (lowest id) comes back; among v2-born marks meeting in one v1 region, the most intense.
    return (-mark.intensity, mark.pk)


def forwards(apps, schema_editor):
    Visit = apps.get_model("records", "Visit")
    _move_marks(apps, Visit.objects.filter(status="draft", chart_version=1).order_by("pk"), to_version=2)


def backwards(apps, schema_editor):
    Visit = apps.get_model("records", "Visit")
    _move_marks(apps, Visit.objects.filter(chart_version=2).order_by("pk"), to_version=1)
    apps.get_model("records", "HistoricalVisitPainMark").objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0012_needles_per_site_and_loose_ends"),
        ("reference", "0011_body_chart_v2"),
    ]

    operations = [
        # New visits are drawn on v2 (reference.body_chart.CURRENT_CHART_VERSION).
        *(
            migrations.AlterField(
                model_name=model_name,
                name="chart_version",
                field=models.PositiveSmallIntegerField(default=2, editable=False),
            )
            for model_name in ("historicalvisit", "visit")
        ),
        migrations.RunPython(forwards, backwards),
    ]

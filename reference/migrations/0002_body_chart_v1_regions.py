"""Seed the body-chart regions of chart version 1 from reference/data/body_chart_v1.json.

Reading the versioned file (rather than copying its codes here) is safe because a published chart
version never changes meaning: a redrawn or re-divided chart is a new file and a new migration.
"""

import json
from pathlib import Path

from django.db import migrations

CHART_VERSION = 1
CHART_FILE = Path(__file__).resolve().parent.parent / "data" / f"body_chart_v{CHART_VERSION}.json"


HISTORY_REASON = f"Loaded from body_chart_v{CHART_VERSION}.json (migration)"


def seed_regions(apps, schema_editor):
    from django.utils import timezone

    BodyRegion = apps.get_model("reference", "BodyRegion")
    HistoricalBodyRegion = apps.get_model("reference", "HistoricalBodyRegion")
    data = json.loads(CHART_FILE.read_text(encoding="utf-8"))
    assert data["version"] == CHART_VERSION, f"{CHART_FILE.name} is not chart version {CHART_VERSION}"
    for position, region in enumerate(data["regions"], start=1):
        row, _ = BodyRegion.objects.update_or_create(
            chart_version=CHART_VERSION,
            code=region["code"],
            defaults={
                "name": region["name"],
                "view": region["view"],
                "sided": bool(region["sided"]),
                "sort_order": position * 10,
            },
        )
        HistoricalBodyRegion.objects.create(
            **{field.attname: getattr(row, field.attname) for field in BodyRegion._meta.concrete_fields},
            history_date=timezone.now(),
            history_type="+",
            history_change_reason=HISTORY_REASON,
        )


def remove_regions(apps, schema_editor):
    apps.get_model("reference", "BodyRegion").objects.filter(chart_version=CHART_VERSION).delete()
    apps.get_model("reference", "HistoricalBodyRegion").objects.filter(history_change_reason=HISTORY_REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(seed_regions, remove_regions)]

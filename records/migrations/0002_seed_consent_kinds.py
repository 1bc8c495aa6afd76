"""The consent kinds every clinic has. Their codes are relied on by the app ("dry_needling" gates needling)."""

from django.db import migrations

GLOBAL_KINDS = [
    {
        "code": "general_treatment",
        "name": "General treatment",
        "description": "Assessment and manual treatment: massage, compression, stretching, exercise advice.",
    },
    {
        "code": "dry_needling",
        "name": "Dry needling",
        "description": (
            "Written informed consent before the first needling: risks (bruising, soreness, fainting, rarely "
            "pneumothorax), alternatives, and the right to stop at any time."
        ),
    },
]


def seed(apps, schema_editor):
    ConsentKind = apps.get_model("records", "ConsentKind")
    for kind in GLOBAL_KINDS:
        ConsentKind.objects.update_or_create(
            clinic=None, code=kind["code"], defaults={"name": kind["name"], "description": kind["description"]}
        )


def unseed(apps, schema_editor):
    ConsentKind = apps.get_model("records", "ConsentKind")
    ConsentKind.objects.filter(clinic=None, code__in=[kind["code"] for kind in GLOBAL_KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

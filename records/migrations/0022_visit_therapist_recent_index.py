# A therapist's recent visits are read ordered by (-started_at, -id) (the dashboard, the editor's recently
# used sections). The old (therapist, status, -started_at) index left ties on the start time to a sort:
# in bench_clients, where many visits share a start time, the sections query read 900 pages for ten rows.
# Built concurrently on PostgreSQL before the old index, now a prefix of it, goes.

from django.db import migrations, models

from records.index_operations import AddIndexWithoutLocking, RemoveIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("records", "0021_visit_chart_version_matches_its_marks"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="visit",
            index=models.Index(
                fields=["therapist", "status", "-started_at", "-id"], name="visit_therapist_recent"
            ),
        ),
        RemoveIndexWithoutLocking(model_name="visit", name="visit_therapist_status"),
    ]

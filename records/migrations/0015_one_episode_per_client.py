"""Existing visits join one episode of care per client: "Care before episodes", started on the client's
first visit (its date in the clinic's time zone), active, opened by that visit's therapist.

Backward, the visits leave their episodes and the episodes this migration opened are removed with their
history rows (an episode that has check-ins or PSFS activities by then stays: the schema migration before
this one removes the table). Tested both ways: tests/outcomes/test_episode_migration.py.
"""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

TITLE = "Care before episodes"
REASON = "Episodes of care (migration)"
BATCH = 1000


def forwards(apps, schema_editor):
    Visit = apps.get_model("records", "Visit")
    Episode = apps.get_model("records", "Episode")
    HistoricalEpisode = apps.get_model("records", "HistoricalEpisode")
    firsts = (
        Visit.objects.filter(episode__isnull=True)
        .values("client_id", "client__clinic_id")
        .annotate(first=Min("started_at"))
        .order_by("client_id")
    )
    first_therapist = Visit.objects.filter(client_id=OuterRef("client_id")).order_by("started_at", "id")
    therapists = dict(
        Visit.objects.filter(episode__isnull=True)
        .values("client_id")
        .annotate(therapist=Subquery(first_therapist.values("therapist_id")[:1]))
        .values_list("client_id", "therapist")
    )
    now = timezone.now()
    rows = list(firsts)
    for start in range(0, len(rows), BATCH):
        episodes = Episode.objects.bulk_create(
            [
                Episode(
                    clinic_id=row["client__clinic_id"],
                    client_id=row["client_id"],
                    title=TITLE,
                    started_on=timezone.localtime(row["first"]).date(),
                    status="active",
                    created_by_id=therapists[row["client_id"]],
                )
                for row in rows[start : start + BATCH]
            ]
        )
        HistoricalEpisode.objects.bulk_create(
            [
                HistoricalEpisode(
                    **{f.attname: getattr(e, f.attname) for f in Episode._meta.concrete_fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
                for e in episodes
            ]
        )
    # One UPDATE: each client has exactly one episode so far, the one just opened.
    Visit.objects.filter(episode__isnull=True).update(
        episode_id=Subquery(
            Episode.objects.filter(client_id=OuterRef("client_id"), title=TITLE).order_by("id").values("id")[:1]
        )
    )


def backwards(apps, schema_editor):
    Visit = apps.get_model("records", "Visit")
    Episode = apps.get_model("records", "Episode")
    HistoricalEpisode = apps.get_model("records", "HistoricalEpisode")
    Visit.objects.update(episode=None)
    opened = HistoricalEpisode.objects.filter(history_change_reason=REASON, history_type="+").values("id")
    removable = list(
        Episode.objects.filter(pk__in=opened, check_ins__isnull=True, psfs_activities__isnull=True)
        .distinct()
        .values_list("pk", flat=True)
    )
    for start in range(0, len(removable), BATCH):
        ids = removable[start : start + BATCH]
        HistoricalEpisode.objects.filter(id__in=ids).delete()
        Episode.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0014_episodes_and_outcome_measures")]

    operations = [migrations.RunPython(forwards, backwards)]

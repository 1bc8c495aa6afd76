"""The episode migrations (records 0014 schema, 0015 one episode per client, 0016 every visit in one),
run backward to 0013 and forward again with Django's migration executor, on SQLite and PostgreSQL.

Forward: each client's visits join one "Care before episodes" episode, started on the first visit's local
date, opened by that visit's therapist; a client without visits gets none; the visits themselves do not
change. Backward: the tables and the column go, the visits stay as they were; forward again gives the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from records.models import Episode, EpisodeStatus, Visit
from tests.records.builders import make_client
from tests.visits.builders import make_visit, sign

BEFORE = ("records", "0013_pain_marks_on_body_chart_v2")
SCHEMA_ONLY = ("records", "0014_episodes_and_outcome_measures")
TITLE = "Care before episodes"
VISIT_COLUMNS = ["id", "client_id", "therapist_id", "started_at", "status", "pain_start", "lock_version"]


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes() if target == "latest" else [target]
    executor.migrate(targets)


def visit_rows() -> list[tuple]:
    """The visits as stored, read with SQL so it works whatever the models say."""
    with connection.cursor() as cursor:
        # Fixed column names, no input: nothing to inject.
        cursor.execute(f"SELECT {', '.join(VISIT_COLUMNS)} FROM records_visit ORDER BY id")  # noqa: S608
        return [tuple(str(value) for value in row) for row in cursor.fetchall()]


def visit_columns() -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, "records_visit")}


def migrated_episodes() -> list[tuple]:
    return sorted(
        Episode.objects.values_list(
            "client_id", "title", "started_on", "status", "created_by_id", "clinic_id"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_existing_visits_move_into_one_episode_per_client_and_back(clinic_a, therapist_a1, therapist_a2):
    ivy = make_client(clinic_a, given_name="Ivy", family_name="Brennan")
    ned = make_client(clinic_a, given_name="Ned", family_name="Ortiz")
    make_client(clinic_a, given_name="Una", family_name="Visits")  # no visit, so no episode
    # Ivy's first visit was at 01:30 on 3 March in Melbourne: 2 March in UTC.
    first = make_visit(ivy, therapist_a2, started_at=datetime(2025, 3, 2, 14, 30, tzinfo=UTC))
    sign(first)
    sign(make_visit(ivy, therapist_a1, started_at=datetime(2025, 3, 20, 1, 0, tzinfo=UTC)))
    make_visit(ivy, therapist_a1)  # today's draft
    make_visit(ned, therapist_a1, started_at=datetime(2025, 6, 10, 2, 0, tzinfo=UTC))
    visits_before = visit_rows()

    try:
        migrate(BEFORE)
        tables = connection.introspection.table_names()
        assert "records_episode" not in tables and "records_checkin" not in tables
        assert "episode_id" not in visit_columns()
        assert visit_rows() == visits_before

        migrate("latest")
        assert visit_rows() == visits_before
        assert migrated_episodes() == [
            (ivy.pk, TITLE, date(2025, 3, 3), EpisodeStatus.ACTIVE, therapist_a2.pk, clinic_a.pk),
            (ned.pk, TITLE, date(2025, 6, 10), EpisodeStatus.ACTIVE, therapist_a1.pk, clinic_a.pk),
        ]
        for client in (ivy, ned):
            episode = Episode.objects.get(client=client)
            assert set(Visit.objects.filter(client=client).values_list("episode_id", flat=True)) == {
                episode.pk
            }
            assert episode.history.get().history_change_reason == "Episodes of care (migration)"
        after_first_run = migrated_episodes()

        # Back to before the data migration: the visits leave, its episodes and their history go.
        migrate(SCHEMA_ONLY)
        assert set(Visit.objects.values_list("episode_id", flat=True)) == {None}
        assert not Episode.objects.exists() and not Episode.history.exists()
        migrate("latest")
        assert migrated_episodes() == after_first_run
        assert visit_rows() == visits_before
    finally:
        migrate("latest")

"""``manage.py repair_dates`` finds the impossible dates written before the bounds existed, history included,
and repairs them so the record can be read again. The bad rows are written by raw SQL, as an old version of
the app wrote them, with the new constraint set aside for the test (dropped inside the test's transaction
on PostgreSQL, ignored on SQLite)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DataError, connection, transaction
from django.utils import timezone

from records.models import Client, Consent, Visit
from tests.records.builders import make_client, make_consent
from tests.visits.builders import make_visit

# Midnight of 1 January, year 1, in Melbourne: a BC timestamp in UTC on PostgreSQL.
YEAR_ONE = "0001-01-01 00:00:00+10" if connection.vendor == "postgresql" else "0001-01-01 00:00:00"


@pytest.fixture
def legacy_sql():
    """Run raw SQL as the old app did, without the constraints added since."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            # Deferred foreign-key checks of the rows made so far must run before a table is altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, constraint in [
                ("records_visit", "visit_started_from_2000"),
                ("records_consent", "consent_given_from_2000"),
                ("records_consent", "consent_withdrawn_from_2000"),
                ("records_consent", "consent_withdrawn_after_given"),
                ("records_client", "client_date_of_birth_from_1900"),
            ]:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}")

    def run(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    yield run
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


def repair(*args) -> str:
    out = StringIO()
    call_command("repair_dates", *args, stdout=out)
    return out.getvalue()


def stored_visit_date(pk: int) -> str:
    """The stored value as text: PostgreSQL can show a BC timestamp that psycopg cannot load."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(started_at AS TEXT) FROM records_visit WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def year_one_visit(client_a, therapist_a1, legacy_sql):
    visit = make_visit(client_a, therapist_a1, presenting_complaint="Knee pain")
    legacy_sql("UPDATE records_visit SET started_at = %s WHERE id = %s", [YEAR_ONE, visit.pk])
    legacy_sql("UPDATE records_historicalvisit SET started_at = %s WHERE id = %s", [YEAR_ONE, visit.pk])
    return visit


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL stores a BC timestamp")
def test_a_year_one_visit_cannot_even_be_read_on_postgresql(year_one_visit):
    with pytest.raises(DataError), transaction.atomic():
        Visit.objects.get(pk=year_one_visit.pk)


def test_a_dry_run_reports_the_visit_and_its_history_and_changes_nothing(year_one_visit):
    before = stored_visit_date(year_one_visit.pk)

    output = repair("--dry-run")

    assert f"Visit row {year_one_visit.pk}: started_at" in output
    assert "Visit history row" in output
    assert "would repair" in output
    assert stored_visit_date(year_one_visit.pk) == before


def test_it_sets_the_visit_to_its_creation_time_and_records_why(year_one_visit, client_as, therapist_a1):
    output = repair()

    visit = Visit.objects.get(pk=year_one_visit.pk)
    assert visit.started_at == visit.created_at
    assert "repaired" in output
    latest = visit.history.order_by("-history_id").first()
    assert latest.history_change_reason.startswith("repair_dates: visit date and time 0001")
    assert all(row.started_at.year >= 2000 for row in visit.history.all())
    browser = client_as(therapist_a1)
    assert browser.get(visit.client.get_absolute_url()).status_code == 200
    assert browser.get(visit.get_absolute_url()).status_code == 200
    assert browser.get(f"/clients/visits/{visit.pk}/print/").status_code == 200
    assert "No impossible dates found." in repair()


def test_it_sets_a_consent_to_the_date_it_was_recorded(client_a, therapist_a1, legacy_sql):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2024, 1, 10))
    legacy_sql("UPDATE records_consent SET given_on = %s WHERE id = %s", ["0001-01-01", consent.pk])
    legacy_sql("UPDATE records_historicalconsent SET given_on = %s WHERE id = %s", ["0001-01-01", consent.pk])

    repair()

    consent = Consent.objects.get(pk=consent.pk)
    assert consent.given_on == timezone.localdate(consent.recorded_at)
    assert all(row.given_on.year >= 2000 for row in consent.history.all())


def test_it_reports_a_date_of_birth_before_1900_for_a_person_to_correct(clinic_a, legacy_sql):
    client = make_client(clinic_a)
    legacy_sql("UPDATE records_client SET date_of_birth = %s WHERE id = %s", ["1850-03-04", client.pk])

    output = repair()

    assert f"Client row {client.pk}: date_of_birth is 1850-03-04; cannot be guessed" in output
    assert Client.objects.get(pk=client.pk).date_of_birth == date(1850, 3, 4)


def test_the_data_migration_repairs_with_the_models_of_its_own_time(year_one_visit):
    """Migration records.0005 runs the same repair, with the historical models the migration state gives."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    key = next(k for k in loader.disk_migrations if k[0] == "records" and "repair_impossible_dates" in k[1])
    state_apps = loader.project_state(key, at_end=False).apps
    repair_operation = loader.disk_migrations[key].operations[0]

    repair_operation.code(state_apps, None)

    visit = Visit.objects.get(pk=year_one_visit.pk)
    assert visit.started_at == visit.created_at
    assert visit.history.order_by("-history_id").first().history_change_reason.startswith("repair_dates:")

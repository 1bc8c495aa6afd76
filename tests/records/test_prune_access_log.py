"""The access log keeps seven years of rows; prune_access_log removes only older ones."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from records.log_retention import prune, retention_cutoff
from records.models import AccessLogEntry, Action

NOW = datetime(2026, 6, 15, 10, 0)


def log_at(clinic, user, at, detail):
    AccessLogEntry.objects.create(clinic=clinic, user=user, action=Action.VIEW_CLIENT, at=at, detail=detail)


@pytest.fixture
def aged_log(clinic_a, clinic_b, therapist_a1, therapist_b, curator):
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        cutoff = retention_cutoff(timezone.localdate())
        log_at(clinic_a, therapist_a1, cutoff - timedelta(days=400), "old a")
        log_at(clinic_a, therapist_a1, cutoff - timedelta(microseconds=1), "just old a")
        log_at(clinic_b, therapist_b, cutoff - timedelta(days=1), "old b")
        log_at(None, curator, cutoff - timedelta(days=1), "old curator sign-in")
        log_at(clinic_a, therapist_a1, cutoff, "first kept")
        log_at(clinic_b, therapist_b, cutoff + timedelta(days=30), "kept b")
        log_at(None, curator, timezone.now(), "kept curator sign-in")
        yield


def details():
    return set(AccessLogEntry.objects.values_list("detail", flat=True))


def run(*args):
    out = StringIO()
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        call_command("prune_access_log", *args, stdout=out)
    return out.getvalue()


def test_the_retention_period_starts_at_midnight_seven_years_ago():
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        cutoff = timezone.localtime(retention_cutoff(timezone.localdate()))
    assert (cutoff.year, cutoff.month, cutoff.day, cutoff.hour, cutoff.minute) == (2019, 6, 15, 0, 0)


@pytest.mark.django_db
def test_it_deletes_rows_older_than_seven_years_in_every_clinic_and_keeps_the_rest(aged_log):
    output = run()
    assert "Deleted 4 access-log rows" in output
    assert details() == {"first kept", "kept b", "kept curator sign-in"}


@pytest.mark.django_db
def test_a_dry_run_counts_and_deletes_nothing(aged_log):
    before = details()
    assert "Dry run: 4 access-log rows" in run("--dry-run")
    assert details() == before


@pytest.mark.django_db
def test_it_deletes_in_batches_until_nothing_old_is_left(clinic_a, therapist_a1):
    old = timezone.now() - timedelta(days=365 * 8)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(clinic=clinic_a, user=therapist_a1, action=Action.VIEW_CLIENT, at=old)
        for _ in range(7)
    )
    assert prune(retention_cutoff(timezone.localdate()), batch_size=3) == 7
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_cutoff_inside_the_retention_period():
    with pytest.raises(ValueError, match="inside the retention period"):
        prune(timezone.now() - timedelta(days=30))

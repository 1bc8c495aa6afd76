"""bench_outcomes: a tiny run works end to end on PostgreSQL (it never asserts timings, only that both
pages were timed and the scratch database was dropped), and ``make bench`` runs it."""

import pytest
from django.db import connection

from tests.bench.test_bench_load import ROOT, run_benchmark


def test_make_bench_runs_it():
    assert "bench_outcomes" in (ROOT / "Makefile").read_text().split("\nbench:")[1].split("\n\n")[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_tiny_run_times_the_page_for_the_clinic_and_per_therapist(settings, db):
    output, scratch = run_benchmark(
        settings,
        "bench_outcomes",
        "--therapists=2",
        "--visits-per-week=3",
        "--weeks=8",
        "--pages=2",
        scratch_suffix="outcomes_smoke",
    )
    assert "signed visits in" in output and "stored suggestions" in output
    for label in ("whole clinic", "one therapist"):
        line = next(
            line for line in output.splitlines() if line.startswith("Outcomes page") and label in line
        )
        assert " p95 " in line and "over 2 requests" in line and "goal" in line, output
    assert "dropped" in output
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch])
        assert cursor.fetchone() is None

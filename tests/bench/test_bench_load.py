"""bench_load: the reference page exists only for the benchmark, and a short run works end to end.

The run itself is slow and needs PostgreSQL and wrk, so it is skipped without them; it never asserts
timings, only that each page was measured, answered 200 and that wrk's result line was read.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import Resolver404, resolve

from bench.wrk import parse
from records.models import ConsentKind

ROOT = Path(__file__).resolve().parents[2]
WRK_LINE = (
    "BENCH_RESULT requests=120 duration_us=1000000 p50_us=30000 p90_us=45000 p99_us=90000 ok=100 "
    "redirects=15 failures=5 connect_errors=0 read_errors=1 write_errors=0 timeouts=2\n"
)


def run_benchmark(settings, command: str, *arguments: str, scratch_suffix: str) -> tuple[str, str]:
    """Run ``manage.py <command>`` against this test run's PostgreSQL server, in a scratch database named
    after the test database; returns (stdout, scratch database name) and fails with its output if it fails."""
    db = settings.DATABASES["default"]
    base = db["NAME"].removeprefix("test_")
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{base}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    scratch = f"{base}_{scratch_suffix}"
    completed = subprocess.run(  # noqa: S603 - this interpreter and our own manage.py
        [sys.executable, "manage.py", command, *arguments, f"--scratch-name={scratch}"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return completed.stdout, scratch


def test_the_reference_page_does_not_exist_in_the_app():
    with pytest.raises(Resolver404):
        resolve("/bench/fortunes/")


def test_under_the_benchmark_urls_the_reference_page_renders_one_query_escaped(
    client_as, therapist_a1, django_assert_num_queries, settings
):
    settings.ROOT_URLCONF = "bench.urls"
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], ROOT / "bench" / "templates"]}
    ]
    browser = client_as(therapist_a1)
    browser.get("/")
    # the session, the user, the membership (context processor), and the page's one query
    with django_assert_num_queries(4):
        response = browser.get("/bench/fortunes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert ConsentKind.objects.filter(clinic__isnull=True).first().name in html


def test_redirects_and_failures_count_as_errors_not_as_speed():
    result = parse("Running 1s test\n" + WRK_LINE)
    assert result.per_second == 120
    assert (result.p50_ms, result.p90_ms, result.p99_ms) == (30, 45, 90)
    assert result.errors == 15 + 5 + 3


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("wrk"), reason="needs PostgreSQL and wrk"
)
def test_a_short_run_measures_each_page_against_the_reference(settings, db):
    output, scratch = run_benchmark(
        settings,
        "bench_load",
        "--seconds=1",
        "--pages=dashboard,visit",
        "--clients=20",
        "--visit-clients=5",
        "--no-install",
        scratch_suffix="load_smoke",
    )
    # label (28 characters), req/s, ref req/s, ratio, goal, p50, p90, p99, errors, verdict
    rows = {line[:28].strip(): line[28:].split()[:8] for line in output.splitlines() if len(line) > 28}
    for label in ("Dashboard", "Signed visit page"):
        per_second, _, ratio, *_, errors = rows[label]
        assert float(per_second) > 0 and float(ratio) > 0
        assert errors == "0", output
    assert output.count("reference (Fortunes)") == 2
    assert "dropped" in output
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch])
        assert cursor.fetchone() is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_the_access_log_benchmark_runs_on_a_small_log(settings, db):
    """``make bench-load`` runs ``bench_access_log`` after ``bench_load``: a tiny log, end to end."""
    output, _ = run_benchmark(
        settings,
        "bench_access_log",
        "--rows=3000",
        "--clinics=2",
        "--staff=4",
        "--clients=10",
        "--requests=2",
        scratch_suffix="accesslog_smoke",
    )
    for label in ("Clinic log", "Clinic log, by person", "Clinic log, 2nd page", "Client log"):
        assert any(line.startswith(f"{label} ") and " p95 " in line for line in output.splitlines()), output
    assert "dropped" in output
    assert "bench_access_log" in (ROOT / "Makefile").read_text().split("bench-load:")[1].split("\n\n")[0]

"""What the in-process page benchmarks (``bench_clients``, ``bench_outcomes``, ``bench_access_log``) share:
a throwaway database beside the configured one, whole requests through Django's test client, and how their
times are reported."""

from __future__ import annotations

import math
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

# Plain static storage while timing: the manifest storage needs collectstatic first and costs one dict lookup.
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@contextmanager
def scratch_database(*, postgresql_name: str, sqlite_file: str, keep: bool, log):
    """Create and migrate a throwaway database with Django's test-database machinery (PostgreSQL:
    ``postgresql_name`` next to the configured database; SQLite: ``sqlite_file`` in VAR_DIR), point the
    connection at it and drop it on the way out, unless ``keep``. Real data is never touched."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test_settings["NAME"] = postgresql_name
    elif connection.vendor == "sqlite":
        test_settings["NAME"] = str(Path(settings.VAR_DIR) / sqlite_file)
    old_name = connection.settings_dict["NAME"]
    log(f"Creating scratch database {test_settings.get('NAME')} ({connection.vendor})...")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
        if not keep:
            log("Scratch database dropped.")


def allowed_host() -> str:
    """A host name the settings accept, for the test client's requests."""
    hosts = [host for host in settings.ALLOWED_HOSTS if "*" not in host and not host.startswith(".")]
    return hosts[0] if hosts else "localhost"


def fetch(browser, url: str):
    """``url`` through the test client; anything but 200 stops the benchmark (a redirect is no speed)."""
    response = browser.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}", returncode=1)
    return response


def timed_ms(browser, url: str) -> float:
    started = time.perf_counter()
    fetch(browser, url)
    return (time.perf_counter() - started) * 1000


def report_line(label: str, times_ms: list[float], *, goal_p95_ms: float) -> str:
    """ "<label>: median …, p95 … over N requests", and the verdict on PostgreSQL (where the goals are)."""
    median, p95 = statistics.median(times_ms), percentile(times_ms, 0.95)
    verdict = ""
    if connection.vendor == "postgresql":
        verdict = "  (goal met)" if p95 <= goal_p95_ms else f"  (ABOVE the {goal_p95_ms} ms goal)"
    return f"{label}: median {median:.1f} ms, p95 {p95:.1f} ms over {len(times_ms)} requests{verdict}"

"""Several app servers behind one PostgreSQL: connection pooling is configured by environment variables, and
sessions and the login lockout live in the database, so every server sees the same state."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client

from tests.builders import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PRINT_DATABASE = (
    "import json, django.conf as c; d = c.settings.DATABASES['default'];"
    "print(json.dumps({k: d.get(k) for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', 'OPTIONS',"
    " 'DISABLE_SERVER_SIDE_CURSORS')}))"
)


def database_settings(**env):
    """The default database's settings as a fresh process reads them from ``env``."""
    completed = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", PRINT_DATABASE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "clinic.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        return completed.stderr
    return json.loads(completed.stdout)


def test_pooling_is_off_by_default_with_one_persistent_connection_per_process():
    database = database_settings(DATABASE_URL="postgres://app@db.example.org/clinic")
    assert database["CONN_MAX_AGE"] == 600 and "pool" not in (database["OPTIONS"] or {})
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_a_pool_size_turns_on_djangos_psycopg_pool_without_persistent_connections():
    database = database_settings(
        DATABASE_URL="postgres://app@db.example.org/clinic", DB_POOL_MAX_SIZE="4", DB_POOL_MIN_SIZE="2"
    )
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 4, "timeout": 10}
    assert database["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool


def test_pgbouncer_in_transaction_mode_can_turn_server_side_cursors_off():
    database = database_settings(
        DATABASE_URL="postgres://app@pgbouncer.example.org:6432/clinic", DB_DISABLE_SERVER_SIDE_CURSORS="1"
    )
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "DB_POOL_MAX_SIZE": "4"}, "needs a PostgreSQL"),
        ({"DATABASE_URL": "postgres://a@b/c", "DB_POOL_MAX_SIZE": "2", "DB_POOL_MIN_SIZE": "3"}, "between 0"),
        ({"DATABASE_URL": "postgres://a@b/c", "DB_POOL_MAX_SIZE": "many"}, "whole number"),
    ],
)
def test_it_refuses_a_pool_it_cannot_build(env, message):
    assert message in database_settings(**env)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's (psycopg)")
def test_the_app_works_on_postgresql_with_the_pool_turned_on():
    """Runs pages, sign-in and the lockout in a separate pytest process with DB_POOL_MAX_SIZE set, on its own
    test database (the name of this run's database plus ``_pool``)."""
    name = settings.DATABASES["default"]["NAME"].removeprefix("test_") + "_pool"
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/clinic/pooled_checks.py",
            "tests/clinic/test_login_security.py",
            "tests/records/test_client_list.py",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DB_POOL_MAX_SIZE": "4", "DB_POOL_MIN_SIZE": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]
    assert " passed" in completed.stdout and "skipped" not in completed.stdout.splitlines()[-1]


def two_app_servers():
    """Two clients that share nothing but the database, like two app servers behind a load balancer."""
    return Client(), Client()


def test_a_session_made_on_one_server_is_honoured_by_another(therapist_a1):
    first, second = two_app_servers()
    response = first.post("/accounts/login/", {"username": "therapist_a1", "password": PASSWORD})
    assert response.status_code == 302
    assert second.get("/").status_code == 302  # not signed in there yet
    second.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert second.get("/").status_code == 200
    first.post("/accounts/logout/")
    assert second.get("/").status_code == 302  # signing out on one ends the session on all


def test_a_lockout_earned_on_one_server_holds_on_another(therapist_a1):
    first, second = two_app_servers()
    for _ in range(5):
        wrong = {"username": "therapist_a1", "password": "wrong password"}
        first.post("/accounts/login/", wrong, REMOTE_ADDR="10.0.0.9")
    refused = second.post(
        "/accounts/login/", {"username": "therapist_a1", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert refused.status_code == 429


def forget_process_memory():
    """Empty every cache of this process, as a request that lands on another app server finds them."""
    for alias in settings.CACHES:
        caches[alias].clear()


def test_what_servers_must_share_lives_in_the_database_not_in_a_process():
    # Sessions: rows in PostgreSQL (a cache or file engine would tie a session to one server).
    from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

    from clinic.session_store import SessionStore

    assert settings.SESSION_ENGINE == "clinic.session_store"
    assert issubclass(SessionStore, DatabaseSessionStore)
    # The sign-in lockout: django-axes' database handler (its cache handler would count per process).
    from axes.conf import settings as axes_settings

    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    # The caches are per process (LocMem) and only hold what is rebuilt from the database under keys that
    # name everything it depends on (records/visits/note_cache.py), so servers never need to agree on them.
    assert {cache["BACKEND"] for cache in settings.CACHES.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }


def test_sessions_and_both_lockouts_survive_a_server_that_remembers_nothing(therapist_a1, therapist_a2):
    from clinic.second_factor import lockout

    first = Client()
    signed_in = first.post("/accounts/login/", {"username": "therapist_a1", "password": PASSWORD})
    assert signed_in.status_code == 302
    for _ in range(5):
        first.post(
            "/accounts/login/", {"username": "therapist_a2", "password": "wrong"}, REMOTE_ADDR="10.0.0.7"
        )
        lockout.record_failure(therapist_a2)  # wrong second-factor codes, counted per account
    forget_process_memory()

    second = Client()
    second.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert second.get("/").status_code == 200
    refused = second.post(
        "/accounts/login/", {"username": "therapist_a2", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert refused.status_code == 429
    assert lockout.is_locked(therapist_a2)

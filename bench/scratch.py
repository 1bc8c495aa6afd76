"""A throwaway PostgreSQL database for one benchmark run, dropped afterwards whatever happens."""

from contextlib import contextmanager
from urllib.parse import quote

from django.core.management.base import CommandError
from django.db import connection


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise CommandError(
            "This benchmark needs PostgreSQL: set DATABASE_URL=postgres://USER@HOST:5432/NAME "
            "(it creates and drops its own scratch database next to NAME and never touches NAME).",
            returncode=2,
        )


@contextmanager
def scratch_database(name: str, *, keep: bool = False, log=print):
    """Create ``name``, migrate it and point Django's connection at it; drop it on the way out.

    Django's test-database machinery does the work (as ``bench_clients`` does), so the configured
    database is never opened for writing. ``keep`` leaves the database behind for inspection.
    """
    require_postgresql()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    log(f"Creating and migrating scratch database {name}...")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    try:
        yield name
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
        log(f"Scratch database {name} {'kept' if keep else 'dropped'}.")


def database_url(name: str) -> str:
    """A ``DATABASE_URL`` for ``name`` with the configured connection's user, password, host and port."""
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(name, safe='')}"

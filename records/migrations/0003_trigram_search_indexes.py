"""Trigram GIN indexes for "any part of the name" and "any part of the phone number" on PostgreSQL.

SQLite cannot build GIN indexes, so these are not in ``Meta.indexes`` (that would break SQLite); the
operations below do nothing on other databases. ``pg_trgm`` is a trusted extension (PostgreSQL 13+), so the
database owner may create it without superuser rights.
"""

from django.db import migrations

INDEXES = {
    "records_client_search_name_trgm": "search_name",
    "records_client_phone_digits_trgm": "phone_digits",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Not dropped on reverse: another app may use the extension too.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON records_client USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("records", "0002_seed_consent_kinds")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

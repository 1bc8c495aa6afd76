"""Filling the access log of a scratch database with millions of rows, fast, for ``bench_access_log``.

Rows are made by PostgreSQL itself (``INSERT ... SELECT ... FROM generate_series``) in chunks, spread over
several clinics, their staff and clients, and several actions, logged over the past five years in time
order (the log is append-only, so the table's physical order follows time as in real use). The log's
indexes are dropped first and built once at the end, which is several times faster than keeping them
up to date row by row.
"""

import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection

from clinic.models import Clinic, Membership, Role
from records.bench.clients import seed_clients
from records.models import AccessLogEntry, Action

# How often each action appears: views dominate, as in a working clinic.
ACTION_WEIGHTS = [
    (Action.VIEW_CLIENT, 10),
    (Action.LIST_CLIENTS, 6),
    (Action.VIEW_VISIT, 6),
    (Action.EDIT_CLIENT, 2),
    (Action.ADD_CONSENT, 1),
    (Action.VIEW_HISTORY, 1),
    (Action.EXPORT, 1),
]
CHUNK_ROWS = 1_000_000
YEARS_SPREAD = 5


@dataclass
class FilledClinic:
    clinic: Clinic
    admin: object
    user_ids: list[int] = field(default_factory=list)
    client_ids: list[int] = field(default_factory=list)


def make_clinics(*, clinics: int, staff: int, clients: int) -> list[FilledClinic]:
    made = []
    users = get_user_model().objects
    for n in range(clinics):
        clinic = Clinic.objects.create(name=f"Access-log bench clinic {n + 1}")
        admin = users.create_user(username=f"bench_log_admin_{n}", first_name="Admin", last_name=str(n))
        Membership.objects.create(user=admin, clinic=clinic, role=Role.CLINIC_ADMIN)
        filled = FilledClinic(clinic=clinic, admin=admin, user_ids=[admin.pk])
        for m in range(staff - 1):
            user = users.create_user(username=f"bench_log_{n}_{m}", first_name="Staff", last_name=f"{n}-{m}")
            Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
            filled.user_ids.append(user.pk)
        filled.client_ids = seed_clients(clinic=clinic, therapist=admin, count=clients, seed=n + 1)
        made.append(filled)
    return made


def fill(clinics: list[FilledClinic], rows: int, *, log=print) -> float:
    """Insert ``rows`` access-log rows; return the seconds it took (indexes included)."""
    table = AccessLogEntry._meta.db_table
    indexes = AccessLogEntry._meta.indexes
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(AccessLogEntry, index)
    actions = [action.value for action, weight in ACTION_WEIGHTS for _ in range(weight)]
    clinic_ids = [c.clinic.pk for c in clinics]
    staff = len(clinics[0].user_ids)
    per_clinic = len(clinics[0].client_ids)
    user_ids = [pk for c in clinics for pk in c.user_ids]
    client_ids = [pk for c in clinics for pk in c.client_ids]
    # Row g belongs to clinic g % C; its user and client are drawn from that clinic's slice of the flat
    # arrays. Multipliers co-prime with the slice sizes spread users, clients and actions independently.
    sql = f"""
        INSERT INTO {table} (clinic_id, user_id, client_id, action, detail, at, ip_address, user_agent)
        SELECT c.clinic_id, c.user_id,
               CASE WHEN c.action = 'list_clients' THEN NULL ELSE c.client_id END,
               c.action, '', c.at, '10.0.0.1'::inet, 'Mozilla/5.0 (bench)'
        FROM (
            SELECT
                   (%(clinic_ids)s::bigint[])[1 + g %% %(clinics)s] AS clinic_id,
                   (%(user_ids)s::bigint[])[1 + (g %% %(clinics)s) * %(staff)s
                                               + (g * 7 / %(clinics)s) %% %(staff)s] AS user_id,
                   (%(client_ids)s::bigint[])[1 + (g %% %(clinics)s) * %(per_clinic)s
                                                 + (g * 13 / %(clinics)s) %% %(per_clinic)s] AS client_id,
                   (%(actions)s::text[])[1 + (g * 31) %% %(action_count)s] AS action,
                   now() - make_interval(secs => (%(rows)s - g)::float8 * %(spread)s / %(rows)s) AS at
            FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
        ) AS c
    """  # noqa: S608 - the table name is the model's own
    params = {
        "clinic_ids": clinic_ids,
        "clinics": len(clinic_ids),
        "user_ids": user_ids,
        "staff": staff,
        "client_ids": client_ids,
        "per_clinic": per_clinic,
        "actions": actions,
        "action_count": len(actions),
        "rows": rows,
        "spread": YEARS_SPREAD * 365.25 * 86400,
    }
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # The rows reference clinics, users and clients made above; skipping the foreign-key triggers
        # (three lookups a row) on this scratch database makes the fill several times faster.
        cursor.execute("SET session_replication_role = replica")
        for start in range(1, rows + 1, CHUNK_ROWS):
            stop = min(rows, start + CHUNK_ROWS - 1)
            cursor.execute(sql, {**params, "start": start, "stop": stop})
            elapsed = time.perf_counter() - started
            log(f"  {stop:,} rows in {elapsed:.0f} s")
        cursor.execute("SET session_replication_role = DEFAULT")
    index_started = time.perf_counter()
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(AccessLogEntry, index)
    log(f"  indexes built in {time.perf_counter() - index_started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started

"""Run only by tests/clinic/test_scaling_out.py, in a process with DB_POOL_MAX_SIZE set (not collected by
default: the file name does not start with ``test_``). Proves the pool is really in use."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tests.records.builders import make_client


def test_the_connection_comes_from_a_psycopg_pool(db):
    assert connection.settings_dict["OPTIONS"]["pool"]["max_size"] == 4
    assert connection.pool is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db(transaction=True)
def test_threads_share_the_pool_and_give_connections_back(therapist_a1):
    def query(_):
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM auth_user")
                return cursor.fetchone()[0]
        finally:
            connections["default"].close()  # returns the connection to the pool

    with ThreadPoolExecutor(max_workers=8) as threads:
        counts = list(threads.map(query, range(40)))
    assert counts == [1] * 40
    assert connection.pool.get_stats()["pool_max"] == 4


def test_pages_are_served_through_the_pool(client_as, therapist_a1, clinic_a):
    client_a = make_client(clinic_a)
    browser = client_as(therapist_a1)
    assert browser.get("/").status_code == 200
    assert browser.get(f"/clients/{client_a.pk}/").status_code == 200

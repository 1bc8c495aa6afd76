"""A database restart is a 503 "try again" page with Retry-After, and a read is retried once on a new
connection first, so a dropped connection alone never shows the user an error."""

import logging

import pytest
from django.db import connection, connections
from django.test import Client

DASHBOARD = "/"


def unreachable_database():
    """Point the connection at nothing (as tests/clinic/test_health_and_errors.py does); return the undo."""
    original = dict(connection.settings_dict)
    kept_connection = connection.connection if connection.vendor == "sqlite" else None
    if kept_connection is not None:
        connection.connection = None
        connection.settings_dict["NAME"] = "/nonexistent-directory/clinic.sqlite3"
    else:
        connection.close()
        connection.settings_dict["PORT"] = "1"  # nothing listens there

    def restore():
        if kept_connection is None:
            connection.close()
        connection.connection = kept_connection
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    return restore


@pytest.fixture
def signed_in(therapist_a1):
    browser = Client(raise_request_exception=False)
    browser.force_login(therapist_a1)
    return browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unreachable_database_answers_503_with_retry_after(signed_in, method, caplog):
    restore = unreachable_database()
    try:
        with caplog.at_level(logging.WARNING, logger="clinic.middleware"):
            response = getattr(signed_in, method)("/clients/")
    finally:
        restore()

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "The record is unavailable for a moment" in html
    assert "<style" not in html and "<script" not in html and " style=" not in html
    # A read is tried twice; a POST, which may have changed something, only once.
    assert ("retrying once" in caplog.text) == (method == "get")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_error_is_still_a_500(therapist_a1, settings):
    from django.urls import path

    from clinic import urls as clinic_urls

    def broken(request):
        raise RuntimeError("not the database")

    settings.ROOT_URLCONF = type(
        "BrokenUrls",
        (),
        {
            "urlpatterns": [path("broken/", broken), *clinic_urls.urlpatterns],
            "handler500": clinic_urls.handler500,
        },
    )
    browser = Client(raise_request_exception=False)
    browser.force_login(therapist_a1)

    response = browser.get("/broken/")

    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_read_survives_a_dropped_connection_by_retrying_once(signed_in, caplog):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()

    with caplog.at_level(logging.WARNING, logger="clinic.middleware"):
        response = signed_in.get("/clients/")

    assert response.status_code == 200
    assert "retrying once" in caplog.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid

"""The health check answers for the database; error pages are friendly and reveal nothing."""

import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    original = dict(connection.settings_dict)
    # An in-memory SQLite test database survives close(); set its handle aside instead, so the next
    # query really has to open the (unreachable) database file.
    kept_connection = connection.connection if connection.vendor == "sqlite" else None
    if kept_connection is not None:
        connection.connection = None
        connection.settings_dict["NAME"] = "/nonexistent-directory/clinic.sqlite3"
    else:
        connection.close()
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = client.get("/healthz")
    finally:
        if kept_connection is None:
            connection.close()
        connection.connection = kept_connection
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_a_missing_page_is_a_friendly_404(client_as, therapist_a1):
    response = client_as(therapist_a1).get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_server_error_page_shows_no_details(therapist_a1, settings):
    from django.urls import path

    from clinic import urls as clinic_urls

    def broken(request):
        raise RuntimeError("secret internal detail")

    settings.ROOT_URLCONF = type(
        "BrokenUrls",
        (),
        {
            "urlpatterns": [path("broken/", broken), *clinic_urls.urlpatterns],
            "handler500": clinic_urls.handler500,
        },
    )
    client = Client(raise_request_exception=False)
    client.force_login(therapist_a1)
    response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "secret internal detail" not in html and "Traceback" not in html

"""`make run`'s first login: created once on an empty database, never twice."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from clinic import access


@pytest.mark.django_db
def test_an_empty_database_gets_a_clinic_admin_who_is_also_a_curator_with_a_printed_password(client):
    out = StringIO()
    call_command("first_login", stdout=out)

    user = get_user_model().objects.get(username="admin")
    assert access.is_clinic_admin(user) and access.is_curator(user)
    password = next(line.split(": ")[1] for line in out.getvalue().splitlines() if "password:" in line)
    assert len(password) >= 12
    assert client.post("/accounts/login/", {"username": "admin", "password": password}).status_code == 302
    # A curator must use a second factor: the first page they ask for is the set-up of an authenticator.
    assert client.get("/")["Location"].startswith("/account/second-factor/set-up/")
    assert "authenticator app" in out.getvalue()


@pytest.mark.django_db
def test_running_it_again_creates_nothing(curator):
    out = StringIO()
    call_command("first_login", stdout=out)
    call_command("first_login", stdout=out)

    assert get_user_model().objects.count() == 1
    assert "no login created" in out.getvalue()

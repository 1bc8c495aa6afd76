"""Passwords, throttling and sessions: the security promises of the sign-in."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import get_hasher
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.builders import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_argon2_is_the_first_password_hasher():
    assert "Argon2PasswordHasher" in [path.rsplit(".", 1)[-1] for path in settings.PASSWORD_HASHERS][:2]
    assert get_hasher("default").algorithm == "argon2"


def test_a_password_shorter_than_twelve_characters_is_refused():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        password_validation.validate_password("Shrt!pass9x")


def test_a_correct_login_works_and_changes_the_session_key(client, therapist_a1):
    client.get(LOGIN)
    before = client.session.session_key or client.cookies.get(settings.SESSION_COOKIE_NAME)
    response = attempt(client, "therapist_a1", PASSWORD)

    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert client.get("/").status_code == 200


def test_five_failures_lock_the_account_and_the_right_password_is_then_refused(client, therapist_a1):
    for _ in range(4):
        response = attempt(client, "therapist_a1", "wrong password attempt")
        assert response.status_code == 200
    locked = attempt(client, "therapist_a1", "wrong password attempt")
    assert locked.status_code == 429
    assert "paused for 15 minutes" in locked.content.decode()

    with_right_password = attempt(client, "therapist_a1", PASSWORD)
    assert with_right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_the_same_for_an_unknown_username(client, db):
    for _ in range(5):
        response = attempt(client, "nobody_here", "wrong password attempt")
    assert response.status_code == 429
    assert "paused for 15 minutes" in response.content.decode()


def test_the_lock_lifts_after_fifteen_minutes(client, therapist_a1):
    for _ in range(5):
        attempt(client, "therapist_a1", "wrong password attempt")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, "therapist_a1", PASSWORD).status_code == 302


def test_a_lock_for_one_address_does_not_lock_the_user_out_from_another(client, therapist_a1):
    for _ in range(5):
        attempt(client, "therapist_a1", "wrong password attempt", address="10.0.0.1")
    assert attempt(client, "therapist_a1", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_session_ends_after_thirty_idle_minutes(client_as, therapist_a1):
    client = client_as(therapist_a1)
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31)):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def session_writes(client, url="/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries if "django_session" in q["sql"] and q["sql"].lstrip().startswith("UPDATE"))


def test_the_idle_timeout_slides_with_use_but_the_session_is_written_at_most_once_a_minute(
    client_as, therapist_a1
):
    client = client_as(therapist_a1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        session_writes(client)  # the first request after signing in starts the clock
        assert session_writes(client) == 0
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert session_writes(client) == 0
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert session_writes(client) == 1
    # That write moved the expiry on to 30 minutes after it: past the first expiry, the user is still in.
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=31 + 31), tick=False):
        assert client.get("/").status_code == 302


def test_logout_ends_the_session(client_as, therapist_a1):
    client = client_as(therapist_a1)
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_password_reset_email_goes_out_without_revealing_whether_the_address_exists(
    client, therapist_a1, mailoutbox
):
    known = client.post("/accounts/password_reset/", {"email": therapist_a1.email})
    unknown = client.post("/accounts/password_reset/", {"email": "stranger@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body

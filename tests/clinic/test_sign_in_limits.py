"""Over-long or malformed usernames are a message on the form, never a 500, and never reach django-axes."""

import pytest
from axes.models import AccessAttempt

LOGIN = "/accounts/login/"
TOO_LONG = "x" * 300


@pytest.mark.django_db
def test_a_300_character_username_is_a_field_error(client):
    response = client.post(LOGIN, {"username": TOO_LONG, "password": "whatever password"})

    assert response.status_code == 200
    assert "A username has at most 150 characters." in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_the_username_is_a_field_error(client):
    response = client.post(LOGIN, {"username": "therapist\x00a1", "password": "whatever password"})

    assert response.status_code == 200
    assert "Remove the invisible control characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_300_character_username_on_the_admin_sign_in_is_a_field_error(client):
    response = client.post("/admin/login/", {"username": TOO_LONG, "password": "whatever password"})

    assert response.status_code == 200
    assert "A username has at most 150 characters." in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_300_character_address_for_a_password_reset_is_a_field_error(client):
    response = client.post("/accounts/password_reset/", {"email": f"{TOO_LONG}@example.org"})

    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()


@pytest.mark.django_db
def test_a_failed_sign_in_with_a_long_but_valid_username_is_still_counted(client):
    response = client.post(LOGIN, {"username": "y" * 150, "password": "whatever password"})

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "y" * 150


def test_axes_never_gets_more_than_its_column_whatever_hands_it_a_username(rf):
    from clinic.login import axes_username

    assert axes_username(rf.post("/", {"username": TOO_LONG}), None) == TOO_LONG[:255]
    assert axes_username(rf.post("/"), {"username": "a\x00b"}) == "ab"
    assert axes_username(rf.get("/"), None) is None

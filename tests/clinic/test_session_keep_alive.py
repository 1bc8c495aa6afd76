"""The editor's keep-alive, what a page is told about its session's end, and the sign-in page after an idle
sign-out (clinic/sessions.py, clinic/middleware.py)."""

from datetime import timedelta

import time_machine
from django.utils import timezone

KEEP_ALIVE = "/session/keep-alive/"


def test_the_keep_alive_moves_the_end_of_the_session_on(client_as, therapist_a1, settings):
    client = client_as(therapist_a1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200  # the first request after signing in starts the clock
    # Within the minute the sliding session would not write; the keep-alive does, so the page can count.
    with time_machine.travel(start + timedelta(seconds=20), tick=False):
        answer = client.post(KEEP_ALIVE)
        assert answer.status_code == 200
        assert answer.json() == {"session_expires_in": settings.SESSION_COOKIE_AGE}
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start + idle + timedelta(seconds=10), tick=False):
        assert client.get("/").status_code == 200  # alive thanks to the keep-alive at 20 s
    with time_machine.travel(start + 2 * idle + timedelta(seconds=60), tick=False):
        assert client.get("/").status_code == 302


def test_the_keep_alive_is_a_post_for_a_signed_in_user(client, client_as, therapist_a1):
    anonymous = client.post(KEEP_ALIVE)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert client_as(therapist_a1).get(KEEP_ALIVE).status_code == 405


def test_a_request_from_an_ended_session_is_sent_to_a_sign_in_page_that_says_so(
    client_as, therapist_a1, settings
):
    client = client_as(therapist_a1)
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 120)):
        response = client.post("/clients/", {"q": "typed"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/clients/&session=ended"
    page = client.get(response["Location"]).content.decode()
    assert "Your session ended" in page


def test_a_visitor_who_never_signed_in_is_not_told_a_session_ended(client):
    response = client.get("/clients/")
    assert response["Location"] == "/accounts/login/?next=/clients/"
    assert "Your session ended" not in client.get(response["Location"]).content.decode()

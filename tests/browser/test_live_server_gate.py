"""The live server's gate (tests/browser/live_server_gate.py): open while a test's body runs, and closing it
turns new requests away and waits for those inside, so no request reaches the database while it is reset."""

import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.browser.live_server_gate import LiveServerGate, gate_of


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the test's own live server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.browser
def test_the_gate_is_open_while_a_browser_test_runs(page, live_server):
    gate = live_server.thread.httpd.get_app()
    assert isinstance(gate, LiveServerGate) and gate.is_open
    assert page.goto("/accounts/login/").status == 200


@pytest.mark.django_db(transaction=True)
def test_a_closed_gate_answers_503_without_reaching_django(live_server):
    gate = gate_of(live_server)
    gate.close()
    assert status_of(f"{live_server.url}/accounts/login/") == 503
    gate.open()
    assert status_of(f"{live_server.url}/accounts/login/") == 200


def test_closing_waits_for_the_requests_inside_and_turns_the_next_away():
    finished = []

    def slow_app(environ, start_response):
        time.sleep(0.3)
        finished.append(True)
        start_response("200 OK", [])
        return [b"done"]

    gate = LiveServerGate(slow_app)
    inside = threading.Thread(target=gate, args=({}, lambda status, headers: None))
    inside.start()
    while gate.busy == 0:
        time.sleep(0.01)

    gate.close()

    assert finished == [True]  # close() returned only once the request inside was answered
    statuses = []
    assert gate({}, lambda status, headers: statuses.append(status)) == [
        b"Between tests: the database is being reset."
    ]
    assert statuses == ["503 Service Unavailable"] and finished == [True]
    inside.join()

"""Concurrent saves on PostgreSQL, each from its own thread and connection: no update is ever lost.

Transactional tests, so each thread's connection sees the rows the test committed; tests/conftest.py gives
them serialized rollback. SQLite has no row locks to exercise, so these run on PostgreSQL only.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.test import Client as Browser

from clinic.models import Role
from records.forms import ClientClinicalForm, ClientContactForm
from records.models import Client, Consent, ConsentAlreadyWithdrawn
from reference.models import Muscle
from tests.builders import admin_form_data, form_data, make_clinic, make_user
from tests.conftest import needs_second_factor, verify_second_factor
from tests.records.builders import make_client, make_consent
from tests.reference.builders import make_muscle

ROUNDS = 20

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def together(**jobs) -> dict:
    """Run each job in its own thread (so on its own connection), released at the same instant."""
    start = threading.Barrier(len(jobs))
    results = {}

    def run(name, job):
        try:
            start.wait(timeout=10)
            results[name] = job()
        except Exception as error:  # noqa: BLE001 - the caller asserts on what each job returned
            results[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def signed_in(user) -> Browser:
    """A browser of its own, signed in as the client_as fixture does (curators with their second factor)."""
    browser = Browser()
    browser.force_login(user)
    if needs_second_factor(user):
        verify_second_factor(browser, user)
    return browser


def wait_until_a_query_waits_for_a_lock(timeout: float = 10) -> None:
    """Block until another connection is waiting on a row lock (so the interleaving is certain)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction PostgreSQL keeps serving its first snapshot of the activity view.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = %s",
                [connection.settings_dict["NAME"]],
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("no query ever waited for the row lock")


def test_a_therapist_and_reception_saving_one_client_at_once_lose_no_update():
    clinic = make_clinic()
    therapist = make_user("therapist_a1", clinic=clinic, role=Role.THERAPIST, first_name="Alice")
    reception = make_user("reception_a", clinic=clinic, role=Role.RECEPTION, first_name="Rita")
    client = make_client(clinic, phone="0400 000 000")
    url = f"/clients/{client.pk}/edit/"
    browsers = {"therapist": signed_in(therapist), "reception": signed_in(reception)}
    lost, outcomes = 0, []

    for number in range(ROUNDS):
        # Both pages opened now, at the same version, as two people would.
        current = Client.objects.get(pk=client.pk)
        pages = {
            "therapist": {
                **form_data(ClientClinicalForm(instance=current, clinic=clinic)),
                "notes": f"note {number}",
            },
            "reception": {
                **form_data(ClientContactForm(instance=current, clinic=clinic)),
                "phone": f"0411 000 {number:03d}",
            },
        }
        results = together(
            therapist=lambda pages=pages: browsers["therapist"].post(url, pages["therapist"]).status_code,
            reception=lambda pages=pages: browsers["reception"].post(url, pages["reception"]).status_code,
        )
        outcomes.append(sorted(results.values()))
        stored = Client.objects.get(pk=client.pk)
        saved = {who for who, status in results.items() if status == 302}
        applied = {
            who
            for who, present in {
                "therapist": stored.notes == f"note {number}",
                "reception": stored.phone == f"0411 000 {number:03d}",
            }.items()
            if present
        }
        # A lost update: a save answered "saved" whose change is not in the stored record.
        lost += len(saved - applied)
        assert applied <= saved, "a refused save changed the record"
        assert stored.lock_version == number + 1

    assert lost == 0
    assert outcomes == [[302, 409]] * ROUNDS
    # One history row per winning save, none for the refused ones.
    assert client.history.filter(history_type="~").count() == ROUNDS


def test_a_save_that_passed_its_checks_is_refused_if_the_row_moved_on_while_it_waited_for_the_lock():
    clinic = make_clinic()
    therapist = make_user("therapist_a1", clinic=clinic, role=Role.THERAPIST, first_name="Alice")
    client = make_client(clinic, notes="original")
    browser = signed_in(therapist)
    page = {**form_data(ClientClinicalForm(instance=client, clinic=clinic)), "notes": "from the browser"}
    result = {}

    def save_from_the_browser():
        try:
            result["status"] = browser.post(f"/clients/{client.pk}/edit/", page).status_code
        finally:
            connections.close_all()

    with transaction.atomic():
        other = Client.objects.select_for_update().get(pk=client.pk)  # hold the row lock
        thread = threading.Thread(target=save_from_the_browser)
        thread.start()
        wait_until_a_query_waits_for_a_lock()
        other.notes = "saved while the browser's save waited"
        other.save()
    thread.join(timeout=30)

    assert result["status"] == 409
    client.refresh_from_db()
    assert (client.notes, client.lock_version) == ("saved while the browser's save waited", 1)


def test_two_withdrawals_of_one_consent_at_once_record_exactly_one():
    clinic = make_clinic()
    first = make_user("therapist_a1", clinic=clinic, role=Role.THERAPIST, first_name="Alice")
    second = make_user("therapist_a2", clinic=clinic, role=Role.THERAPIST, first_name="Aaron")
    client = make_client(clinic)
    users = {"first": first, "second": second}
    outcomes = []
    for _ in range(ROUNDS):
        consent = make_consent(client, by=first, given_on=date(2024, 1, 10))
        copies = {"first": Consent.objects.get(pk=consent.pk), "second": Consent.objects.get(pk=consent.pk)}

        def withdraw(who, copies=copies):
            copies[who].withdraw(by=users[who], on=date(2024, 2, 1 + (who == "second")), reason=who)
            return "withdrawn"

        results = together(first=lambda: withdraw("first"), second=lambda: withdraw("second"))
        winners = [who for who, result in results.items() if result == "withdrawn"]
        losers = [result for result in results.values() if isinstance(result, ConsentAlreadyWithdrawn)]
        outcomes.append((len(winners), len(losers)))
        assert winners, results
        consent.refresh_from_db()
        # The stored withdrawal is entirely the winner's: date, author and reason.
        assert (consent.withdrawal_reason, consent.withdrawn_by) == (winners[0], users[winners[0]])
        assert consent.withdrawn_on == date(2024, 2, 1 + (winners[0] == "second"))
        assert consent.history.filter(history_type="~").count() == 1

    assert outcomes == [(1, 1)] * ROUNDS


def test_two_curators_saving_one_entry_at_once_in_the_admin_lose_no_update():
    curators = {name: make_user(name, curator=True, first_name=name.title()) for name in ("cora", "otto")}
    muscle = make_muscle()
    url = f"/admin/reference/muscle/{muscle.pk}/change/"
    browsers = {name: signed_in(user) for name, user in curators.items()}
    outcomes = []
    for number in range(ROUNDS // 2):
        pages = {
            name: {**admin_form_data(browsers[name].get(url)), "curator_note": f"{name} {number}"}
            for name in curators
        }
        results = together(
            cora=lambda pages=pages: browsers["cora"].post(url, pages["cora"]).status_code,
            otto=lambda pages=pages: browsers["otto"].post(url, pages["otto"]).status_code,
        )
        # The loser is refused either while its form is validated (200, the page with both versions) or,
        # if both passed validation together, by the locked save (409). Never two saves.
        assert sorted(results.values()) in ([200, 302], [302, 409]), results
        outcomes.append(sorted(results.values()))
        winner = next(name for name, status in results.items() if status == 302)
        muscle.refresh_from_db()
        assert muscle.curator_note == f"{winner} {number}"
        assert muscle.lock_version == number + 1

    assert len(outcomes) == ROUNDS // 2


def test_an_admin_save_that_loses_the_race_for_the_lock_is_rolled_back_and_shows_both_versions():
    curator = make_user("cora", curator=True, first_name="Cora")
    muscle = make_muscle(curator_note="original")
    browser = signed_in(curator)
    url = f"/admin/reference/muscle/{muscle.pk}/change/"
    page = {**admin_form_data(browser.get(url)), "curator_note": "Cora's note"}
    result = {}

    def save_in_the_admin():
        try:
            response = browser.post(url, page)
            result.update(status=response.status_code, html=response.content.decode())
        finally:
            connections.close_all()

    with transaction.atomic():
        other = Muscle.objects.select_for_update().get(pk=muscle.pk)  # hold the row lock
        thread = threading.Thread(target=save_in_the_admin)
        thread.start()
        wait_until_a_query_waits_for_a_lock()  # Cora's form validated; her save waits for the lock
        other.curator_note = "Otto's note"
        other.save()
    thread.join(timeout=30)

    assert result["status"] == 409
    assert "Cora&#x27;s note" in result["html"] and "Otto&#x27;s note" in result["html"]
    muscle.refresh_from_db()
    assert (muscle.curator_note, muscle.lock_version) == ("Otto's note", 1)

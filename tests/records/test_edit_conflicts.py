"""A client or consent saved from an out-of-date page changes nothing and shows both versions."""

from datetime import date

import pytest
import time_machine

from records.models import Client, Consent, ConsentAlreadyWithdrawn
from tests.builders import page_form_data
from tests.records.builders import CLINICAL_VALUES, make_consent

TODAY = date(2026, 6, 1)


def edit_url(client) -> str:
    return f"/clients/{client.pk}/edit/"


def withdraw_url(consent) -> str:
    return f"/clients/{consent.client_id}/consents/{consent.pk}/withdraw/"


def opened_form(browser, url) -> dict:
    """What the page at ``url`` would post back if saved unchanged now."""
    return page_form_data(browser.get(url))


def conflict_section(html: str) -> str:
    return html.split("data-edit-conflict")[1].split("</section>")[0]


def test_a_second_therapist_saving_a_stale_page_is_refused_and_sees_both_versions(
    client_as, therapist_a1, therapist_a2, client_a
):
    first_form = opened_form(client_as(therapist_a1), edit_url(client_a))
    second_form = opened_form(client_as(therapist_a2), edit_url(client_a))

    first_save = client_as(therapist_a1).post(edit_url(client_a), {**first_form, "phone": "0411 111 111"})
    response = client_as(therapist_a2).post(
        edit_url(client_a), {**second_form, "notes": "Aaron's note, typed meanwhile"}
    )

    html = response.content.decode()
    assert (first_save.status_code, response.status_code) == (302, 409)
    section = conflict_section(html)
    assert "Alice Tester changed this client" in section
    assert "0411 111 111" in section and "0412 345 678" in section  # stored now, and what the page held
    assert "Aaron&#x27;s note, typed meanwhile" in section
    assert "Aaron&#x27;s note, typed meanwhile</textarea>" in html  # kept in the form to re-apply
    assert 'name="lock_version" value="1"' in html
    client_a.refresh_from_db()
    assert (client_a.phone, client_a.notes, client_a.lock_version) == (
        "0411 111 111",
        CLINICAL_VALUES["notes"],
        1,
    )


def test_saving_the_conflict_page_again_deliberately_replaces_the_stored_version(
    client_as, therapist_a1, client_a
):
    browser = client_as(therapist_a1)
    stale = opened_form(browser, edit_url(client_a))
    browser.post(edit_url(client_a), {**stale, "occupation": "Baker"})

    conflict = browser.post(edit_url(client_a), {**stale, "occupation": "Teacher"})
    again = browser.post(edit_url(client_a), page_form_data(conflict))

    assert (conflict.status_code, again.status_code) == (409, 302)
    client_a.refresh_from_db()
    assert (client_a.occupation, client_a.lock_version) == ("Teacher", 2)


def test_reception_saving_a_phone_is_not_undone_by_a_therapists_form_opened_earlier(
    client_as, therapist_a1, reception_a, client_a
):
    therapist_form = opened_form(client_as(therapist_a1), edit_url(client_a))
    reception = client_as(reception_a)
    reception.post(
        edit_url(client_a), {**opened_form(reception, edit_url(client_a)), "phone": "0499 888 777"}
    )

    response = client_as(therapist_a1).post(
        edit_url(client_a), {**therapist_form, "allergies": "Latex, nuts"}
    )

    assert response.status_code == 409
    client_a.refresh_from_db()
    assert (client_a.phone, client_a.allergies) == ("0499 888 777", CLINICAL_VALUES["allergies"])


def test_receptions_conflict_page_shows_no_clinical_content_of_the_stored_version(
    client_as, therapist_a1, reception_a, client_a
):
    reception_form = opened_form(client_as(reception_a), edit_url(client_a))
    therapist = client_as(therapist_a1)
    therapist.post(
        edit_url(client_a),
        {
            **opened_form(therapist, edit_url(client_a)),
            "phone": "0433 222 111",
            "medications": "Secret tablets",
        },
    )

    response = client_as(reception_a).post(edit_url(client_a), {**reception_form, "email": "new@example.com"})

    html = response.content.decode()
    assert response.status_code == 409
    assert "0433 222 111" in conflict_section(html)  # the contact change is shown to reception
    assert "Secret tablets" not in html and "Medications" not in html
    for value in CLINICAL_VALUES.values():
        if isinstance(value, str):
            assert value not in html


def test_history_records_the_winning_save_only(client_as, therapist_a1, therapist_a2, client_a):
    stale = opened_form(client_as(therapist_a2), edit_url(client_a))
    first = client_as(therapist_a1)
    first.post(edit_url(client_a), {**opened_form(first, edit_url(client_a)), "notes": "Winner"})

    client_as(therapist_a2).post(edit_url(client_a), {**stale, "notes": "Loser"})

    rows = list(client_a.history.order_by("history_date"))
    assert [(row.history_type, row.notes) for row in rows] == [
        ("+", CLINICAL_VALUES["notes"]),
        ("~", "Winner"),
    ]
    assert rows[-1].history_user == therapist_a1


def test_a_page_without_its_version_is_refused_as_out_of_date_and_keeps_the_input(
    client_as, therapist_a1, client_a
):
    data = opened_form(client_as(therapist_a1), edit_url(client_a))
    del data["lock_version"]

    response = client_as(therapist_a1).post(edit_url(client_a), {**data, "notes": "Kept on screen"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "This page is out of date" in html and "Kept on screen" in html
    client_a.refresh_from_db()
    assert (client_a.notes, client_a.lock_version) == (CLINICAL_VALUES["notes"], 0)


def test_a_save_outside_a_form_moves_the_version_on_so_open_forms_are_refused(
    client_as, therapist_a1, client_a
):
    stale = opened_form(client_as(therapist_a1), edit_url(client_a))
    Client.objects.get(pk=client_a.pk).archive(by=therapist_a1)

    response = client_as(therapist_a1).post(edit_url(client_a), {**stale, "notes": "After archiving"})

    assert response.status_code == 409
    client_a.refresh_from_db()
    assert client_a.is_archived and client_a.notes == CLINICAL_VALUES["notes"]


# --- Consents ---------------------------------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_a_second_withdrawal_of_one_consent_is_refused_and_names_the_first(
    client_as, therapist_a1, therapist_a2, client_a
):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2026, 1, 5))
    second_page = opened_form(client_as(therapist_a2), withdraw_url(consent))
    first = client_as(therapist_a1)
    first.post(
        withdraw_url(consent),
        {
            **opened_form(first, withdraw_url(consent)),
            "withdrawn_on": "2026-05-30",
            "withdrawal_reason": "Moved",
        },
    )

    response = client_as(therapist_a2).post(
        withdraw_url(consent), {**second_page, "withdrawn_on": "2026-05-31", "withdrawal_reason": "Asked"}
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "already withdrawn on 30/05/2026 by Alice Tester. Nothing was changed." in html
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by, consent.withdrawal_reason) == (
        date(2026, 5, 30),
        therapist_a1,
        "Moved",
    )
    assert consent.history.count() == 2  # recorded, withdrawn once


@time_machine.travel(TODAY)
def test_withdrawing_a_withdrawn_consent_in_code_raises_and_changes_nothing(
    therapist_a1, therapist_a2, client_a
):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2026, 1, 5))
    Consent.objects.get(pk=consent.pk).withdraw(by=therapist_a1, on=date(2026, 5, 1), reason="First")

    with pytest.raises(ConsentAlreadyWithdrawn, match="already withdrawn on 01/05/2026 by Alice Tester"):
        consent.withdraw(by=therapist_a2, on=date(2026, 5, 2), reason="Second")

    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by, consent.lock_version) == (
        date(2026, 5, 1),
        therapist_a1,
        1,
    )


@time_machine.travel(TODAY)
def test_a_withdrawal_from_a_page_opened_before_another_change_shows_both_versions(
    client_as, therapist_a1, client_a
):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2026, 1, 5))
    stale = opened_form(client_as(therapist_a1), withdraw_url(consent))
    changed = Consent.objects.get(pk=consent.pk)
    changed.consent_text_version = "DN-2024.2"
    changed.save()

    response = client_as(therapist_a1).post(
        withdraw_url(consent), {**stale, "withdrawn_on": "2026-05-31", "withdrawal_reason": "Kept reason"}
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "changed this consent" in conflict_section(html) and "Kept reason" in html
    consent.refresh_from_db()
    assert consent.withdrawn_on is None

"""Creating and editing clients: bad input is refused by the field, nothing typed is lost, never a 500."""

from datetime import date

import pytest
import time_machine

from records.models import Client
from tests.records.builders import make_client

VALID = {
    "given_name": "Hamish",
    "family_name": "Walsh",
    "preferred_name": "Ham",
    "date_of_birth": "1991-03-04",
    "sex": "male",
    "phone": "0400 111 222",
    "email": "hamish@example.com",
    "address": "12 Wattle Avenue\nCoburg VIC 3058",
    "emergency_contact_name": "Isla Walsh",
    "emergency_contact_phone": "0400 333 444",
    "gp_or_referrer": "Dr Example",
    "occupation": "Courier driver",
    "sports_and_activities": "Road cycling",
    "medical_history": "Runs 10 km on weekends",
    "medications": "None",
    "allergies": "Peanuts",
    "pregnancy": "",
    "diabetes": "on",
    "needling_precaution_other": "Dislikes needles near the face",
    "notes": "Tight right hamstring",
}
TODAY = date(2026, 6, 1)

# field -> (bad value, part of the message shown by the field). Booleans cannot hold a bad value.
BAD_INPUT = {
    "given_name": ("", "This field is required."),
    "family_name": ("   ", "This field is required."),
    "preferred_name": ("x" * 101, "at most 100 characters"),
    "date_of_birth": ("31/02/1990", "Enter a valid date."),
    "sex": ("alien", "Select a valid choice."),
    "phone": ("call me maybe", "Enter a phone number"),
    "email": ("hamish@", "Enter a valid email address."),
    "address": ("x" * 501, "at most 500 characters"),
    "emergency_contact_name": ("x" * 201, "at most 200 characters"),
    "emergency_contact_phone": ("12", "Enter a phone number"),
    "gp_or_referrer": ("x" * 201, "at most 200 characters"),
    "occupation": ("x" * 201, "at most 200 characters"),
    "sports_and_activities": ("x" * 301, "at most 300 characters"),
    "medical_history": ("x" * 5001, "at most 5000 characters"),
    "medications": ("x" * 2001, "at most 2000 characters"),
    "allergies": ("x" * 2001, "at most 2000 characters"),
    "needling_precaution_other": ("x" * 1001, "at most 1000 characters"),
    "notes": ("x" * 10001, "at most 10000 characters"),
}
DATE_OF_BIRTH_CHECKS = {
    "2027-01-01": "The date of birth is in the future.",
    "1890-05-05": "Check the year: dates before 01/01/1900 are not accepted.",
}


def error_by_field(html: str, field: str) -> str:
    """The text of the error crispy renders right under ``field``."""
    marker = f'id="error_1_id_{field}"'
    assert marker in html, f"no error shown by {field}"
    start = html.index(marker)
    return html[start : html.index("</span>", start)]


@pytest.mark.parametrize("field", BAD_INPUT)
@time_machine.travel(TODAY)
def test_bad_input_is_shown_by_its_field_and_the_rest_is_kept(client_as, therapist_a1, field):
    bad, message = BAD_INPUT[field]
    response = client_as(therapist_a1).post("/clients/new/", {**VALID, field: bad})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in error_by_field(html, field)
    for other, value in VALID.items():
        if other != field and value and other not in ("pregnancy", "diabetes", "sex", "address"):
            assert f'value="{value}"' in html or f"{value}</textarea>" in html, f"{other} lost"
    assert "Nothing you entered has been lost" in html or "nothing you entered has been lost" in html
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    "field", ["given_name", "date_of_birth", "phone", "email", "emergency_contact_phone"]
)
@time_machine.travel(TODAY)
def test_reception_gets_the_same_messages_on_the_contact_form(client_as, reception_a, field):
    bad, message = BAD_INPUT[field]
    response = client_as(reception_a).post("/clients/new/", {**VALID, field: bad})

    assert message in error_by_field(response.content.decode(), field)


@pytest.mark.parametrize(("value", "message"), DATE_OF_BIRTH_CHECKS.items())
@time_machine.travel(TODAY)
def test_an_impossible_date_of_birth_is_explained(client_as, therapist_a1, value, message):
    response = client_as(therapist_a1).post("/clients/new/", {**VALID, "date_of_birth": value})

    assert message in error_by_field(response.content.decode(), "date_of_birth")


@time_machine.travel(TODAY)
def test_a_therapist_adds_a_client_with_clinical_details(client_as, therapist_a1, clinic_a):
    response = client_as(therapist_a1).post("/clients/new/", VALID)

    client = Client.objects.get()
    assert response.status_code == 302 and response["Location"] == client.get_absolute_url()
    assert (client.clinic, client.client_number) == (clinic_a, "C00001")
    assert client.diabetes and not client.pregnancy
    assert client.medical_history == "Runs 10 km on weekends"


@time_machine.travel(TODAY)
def test_reception_adds_a_client_with_contact_details_only(client_as, reception_a):
    client_as(reception_a).post("/clients/new/", VALID)

    client = Client.objects.get()
    assert client.phone == "0400 111 222"
    assert client.medical_history == "" and not client.diabetes


@time_machine.travel(TODAY)
def test_a_possible_duplicate_is_warned_about_with_a_link_and_can_be_confirmed(
    client_as, therapist_a1, clinic_a
):
    existing = make_client(clinic_a, given_name="Hamish", family_name="Walsh", date_of_birth=date(1991, 3, 4))
    data = {**VALID, "given_name": "HAMISH", "family_name": "walsh"}
    client = client_as(therapist_a1)

    warned = client.post("/clients/new/", data)
    html = warned.content.decode()
    assert warned.status_code == 200
    assert f'href="{existing.get_absolute_url()}"' in html
    assert "exists already" in error_by_field(html, "confirm_different_person")
    assert "This is a different person" in html
    assert Client.objects.count() == 1

    confirmed = client.post("/clients/new/", {**data, "confirm_different_person": "on"})
    assert confirmed.status_code == 302
    assert Client.objects.count() == 2


@time_machine.travel(TODAY)
def test_editing_a_client_does_not_warn_that_it_duplicates_itself(client_as, therapist_a1, clinic_a):
    existing = make_client(clinic_a, given_name="Hamish", family_name="Walsh", date_of_birth=date(1991, 3, 4))

    response = client_as(therapist_a1).post(
        f"/clients/{existing.pk}/edit/", {**VALID, "phone": "0499 000 000", "lock_version": "0"}
    )

    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.phone == "0499 000 000"


def test_a_failed_edit_keeps_the_page_title_of_the_saved_record(client_as, therapist_a1, client_a):
    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/edit/", {**VALID, "email": "bad@", "lock_version": "0"}
    )

    assert "<title>Edit Zoë" in response.content.decode()
    client_a.refresh_from_db()
    assert client_a.given_name == "Zoë"

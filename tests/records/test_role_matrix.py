"""Who may open which client URL. A URL naming a client is a 404 unless the client is in the user's clinic
(another clinic's users and the clinic-less curator alike); within the clinic the role decides (403)."""

import pytest

from clinic.models import Role
from records.fields import CLINICAL_FIELDS
from records.models import Client
from tests.builders import make_user
from tests.records.builders import CLINICAL_VALUES, make_consent

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
PERSONAS = ["therapist_a1", "therapist_a2", "reception_a", "admin_a", "therapist_b", "admin_b", "curator"]

# URL -> expected status per persona, in PERSONAS order.
CLIENT_URLS = {
    "/clients/{pk}/": [OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/clients/{pk}/edit/": [OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/clients/{pk}/archive/": [OK, OK, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/clients/{pk}/restore/": [OK, OK, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/clients/{pk}/history/": [FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/clients/{pk}/access-log/": [FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/clients/{pk}/consents/new/": [OK, OK, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/clients/{pk}/consents/{consent}/withdraw/": [OK, OK, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
}
CLINIC_URLS = {
    "/clients/": [OK, OK, OK, OK, OK, OK, FORBIDDEN],
    "/clients/new/": [OK, OK, OK, OK, OK, OK, FORBIDDEN],
    "/clients/access-log/": [FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN],
    "/clients/consent-kinds/": [FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN],
}
MATRIX = [
    (url, persona, expected)
    for table in (CLIENT_URLS, CLINIC_URLS)
    for url, row in table.items()
    for persona, expected in zip(PERSONAS, row, strict=True)
]


@pytest.fixture
def everyone(personas, clinic_b):
    return {**personas, "admin_b": make_user("admin_b", clinic=clinic_b, role=Role.CLINIC_ADMIN)}


@pytest.fixture
def consent_a(client_a, therapist_a1):
    return make_consent(client_a, by=therapist_a1)


@pytest.mark.parametrize(("url", "persona", "expected"), MATRIX, ids=[f"{u} {p}" for u, p, _ in MATRIX])
def test_each_persona_gets_the_expected_answer_for_each_url(
    client_as, everyone, client_a, consent_a, url, persona, expected
):
    response = client_as(everyone[persona]).get(url.format(pk=client_a.pk, consent=consent_a.pk))

    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["therapist_b", "admin_b", "curator", "reception_a"])
@pytest.mark.parametrize("action", ["archive", "consents/new"])
def test_a_post_without_rights_changes_nothing(client_as, everyone, client_a, persona, action):
    response = client_as(everyone[persona]).post(
        f"/clients/{client_a.pk}/{action}/",
        {"kind": 1, "consent_text_version": "x", "given_on": "2024-01-01", "method": "verbal"},
    )

    assert response.status_code in (FORBIDDEN, NOT_FOUND)
    client_a.refresh_from_db()
    assert client_a.archived_at is None
    assert not client_a.consents.exists()


def test_another_clinics_user_cannot_edit_our_client(client_as, therapist_b, client_a):
    response = client_as(therapist_b).post(f"/clients/{client_a.pk}/edit/", {"given_name": "Hacked"})

    assert response.status_code == NOT_FOUND
    client_a.refresh_from_db()
    assert client_a.given_name == "Zoë"


def test_another_clinics_client_never_appears_in_our_list(client_as, therapist_b, client_a):
    html = client_as(therapist_b).get("/clients/?q=zoe&status=all").content.decode()

    assert "Nguyen" not in html


RECEPTION_PAGES = [
    "/clients/",
    "/clients/?q=zoe",
    "/clients/?q=0412",
    "/clients/new/",
    "/clients/{pk}/",
    "/clients/{pk}/edit/",
]


def clinical_labels():
    return [str(Client._meta.get_field(name).verbose_name) for name in CLINICAL_FIELDS] + [
        "Consent",
        "Needling precautions",
        "Dry needling",
        "Background",
    ]


def clinical_values():
    return [value for value in CLINICAL_VALUES.values() if isinstance(value, str)] + ["DN-2024.1"]


@pytest.mark.parametrize("url", RECEPTION_PAGES)
def test_reception_never_sees_a_clinical_label_or_value(client_as, reception_a, client_a, consent_a, url):
    response = client_as(reception_a).get(url.format(pk=client_a.pk))

    assert response.status_code == OK
    html = response.content.decode()
    for text in clinical_labels() + clinical_values():
        assert text.lower() not in html.lower(), f"{text!r} shown to reception on {url}"


def test_reception_sees_identity_and_contact_details(client_as, reception_a, client_a):
    html = client_as(reception_a).get(f"/clients/{client_a.pk}/").content.decode()

    assert "Zoë" in html and "0412 345 678" in html and "zoe@example.com" in html


def test_the_clinician_page_shows_the_clinical_labels_the_reception_test_looks_for(
    client_as, therapist_a1, client_a, consent_a
):
    """Guards the reception test: the strings it looks for really are on a clinician's page."""
    html = client_as(therapist_a1).get(f"/clients/{client_a.pk}/").content.decode().lower()

    for text in ["Medical history", "Medications", "Allergies", "Consents", "Needling precautions"]:
        assert text.lower() in html
    for text in clinical_values():
        assert text.lower() in html


def test_reception_cannot_change_clinical_fields_by_posting_them(client_as, reception_a, client_a):
    data = {
        "given_name": "Zoë",
        "family_name": "Nguyen",
        "date_of_birth": "1988-04-12",
        "sex": "not_stated",
        "phone": "0412 345 679",
        "medications": "None at all",
        "notes": "overwritten",
        "lock_version": "0",
    }
    response = client_as(reception_a).post(f"/clients/{client_a.pk}/edit/", data)

    assert response.status_code == 302
    client_a.refresh_from_db()
    assert client_a.phone == "0412 345 679"
    assert client_a.medications == CLINICAL_VALUES["medications"]
    assert client_a.notes == CLINICAL_VALUES["notes"]

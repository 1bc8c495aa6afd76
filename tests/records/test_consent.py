"""Recording consent and its withdrawal; clinic-specific consent kinds."""

from datetime import date

import pytest
import time_machine

from records.models import Consent, ConsentKind
from tests.builders import make_clinic
from tests.records.builders import make_consent

TODAY = date(2026, 6, 1)


def kind(code):
    return ConsentKind.objects.get(code=code, clinic__isnull=True)


def test_the_two_global_kinds_ship_with_the_migrations(db):
    assert set(ConsentKind.objects.filter(clinic__isnull=True).values_list("code", flat=True)) >= {
        "general_treatment",
        "dry_needling",
    }


@time_machine.travel(TODAY)
def test_a_therapist_records_dry_needling_consent(client_as, therapist_a1, client_a):
    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/new/",
        {
            "kind": kind("dry_needling").pk,
            "consent_text_version": "DN-2026.1",
            "given_on": "2026-05-30",
            "method": "signed_form",
        },
    )

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.client, consent.recorded_by, consent.given_on) == (
        client_a,
        therapist_a1,
        date(2026, 5, 30),
    )
    assert client_a.has_current_consent("dry_needling")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_on", "2026-06-02", "cannot be given in the future"),
        ("given_on", "not a date", "Enter a valid date."),
        ("consent_text_version", "", "This field is required."),
        ("method", "telepathy", "Select a valid choice."),
        ("kind", "999999", "Select a valid choice."),
    ],
)
@time_machine.travel(TODAY)
def test_bad_consent_input_is_shown_by_the_field(client_as, therapist_a1, client_a, field, value, message):
    data = {
        "kind": kind("general_treatment").pk,
        "consent_text_version": "GT-1",
        "given_on": "2026-05-01",
        "method": "verbal",
        field: value,
    }
    response = client_as(therapist_a1).post(f"/clients/{client_a.pk}/consents/new/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="error_1_id_{field}"' in html and message in html
    assert not Consent.objects.exists()


@time_machine.travel(TODAY)
def test_another_clinics_consent_kind_cannot_be_used(client_as, therapist_a1, client_a):
    other = ConsentKind.objects.create(clinic=make_clinic("Elsewhere"), code="cupping", name="Cupping")

    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/new/",
        {"kind": other.pk, "consent_text_version": "1", "given_on": "2026-05-01", "method": "verbal"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Consent.objects.exists()


@time_machine.travel(TODAY)
def test_a_withdrawal_is_recorded_and_the_consent_kept(client_as, therapist_a2, therapist_a1, client_a):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2026, 1, 5))

    response = client_as(therapist_a2).post(
        f"/clients/{client_a.pk}/consents/{consent.pk}/withdraw/",
        {"withdrawn_on": "2026-05-31", "withdrawal_reason": "Changed her mind", "lock_version": "0"},
    )

    assert response.status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by) == (date(2026, 5, 31), therapist_a2)
    assert not client_a.has_current_consent("dry_needling")


@pytest.mark.parametrize(
    ("value", "message"),
    [("2026-01-01", "before it was given"), ("2026-06-05", "in the future"), ("", "This field is required.")],
)
@time_machine.travel(TODAY)
def test_an_impossible_withdrawal_date_is_refused(client_as, therapist_a1, client_a, value, message):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2026, 1, 5))

    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/{consent.pk}/withdraw/",
        {"withdrawn_on": value, "withdrawal_reason": "Kept reason", "lock_version": "0"},
    )
    html = response.content.decode()
    assert 'id="error_1_id_withdrawn_on"' in html and message in html
    assert "Kept reason" in html
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawing_twice_changes_nothing(client_as, therapist_a1, client_a):
    consent = make_consent(
        client_a, by=therapist_a1, withdrawn_on=date(2024, 2, 2), withdrawn_by=therapist_a1
    )

    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/{consent.pk}/withdraw/", {"withdrawn_on": "2024-03-03"}
    )
    # Refused with the first withdrawal named (409), not silently redirected: the user's own was not kept.
    assert response.status_code == 409
    assert "already withdrawn on 02/02/2024 by Alice Tester" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2024, 2, 2)


def test_a_consent_of_another_client_cannot_be_withdrawn_through_this_one(
    client_as, therapist_a1, client_a, clinic_a
):
    from tests.records.builders import make_client

    other = make_client(clinic_a, given_name="Other")
    consent = make_consent(other, by=therapist_a1)

    response = client_as(therapist_a1).get(f"/clients/{client_a.pk}/consents/{consent.pk}/withdraw/")
    assert response.status_code == 404


def test_a_clinic_admin_adds_a_consent_kind_for_their_clinic(
    client_as, admin_a, clinic_a, client_a, therapist_a1
):
    response = client_as(admin_a).post(
        "/clients/consent-kinds/",
        {"name": "Cupping", "description": "Dry cups", "accepted_methods": ["signed_form", "verbal"]},
    )

    assert response.status_code == 302
    cupping = ConsentKind.objects.get(code="cupping")
    assert cupping.clinic == clinic_a and cupping.accepted_methods == ["signed_form", "verbal"]
    form = client_as(therapist_a1).get(f"/clients/{client_a.pk}/consents/new/").content.decode()
    assert "Cupping" in form


def test_a_clinic_kind_may_not_reuse_a_global_name(client_as, admin_a):
    response = client_as(admin_a).post("/clients/consent-kinds/", {"name": "Dry needling"})

    assert "exists already" in response.content.decode()
    assert ConsentKind.objects.filter(code="dry_needling").count() == 1


def test_a_name_without_letters_is_refused(client_as, admin_a):
    response = client_as(admin_a).post("/clients/consent-kinds/", {"name": "!!!"})

    assert "at least one letter or digit" in response.content.decode()

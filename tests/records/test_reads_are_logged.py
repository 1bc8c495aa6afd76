"""A consent form shown again after a refused POST shows part of the record: it is a logged read too."""

from datetime import date

from records.models import AccessLogEntry, Action
from tests.records.builders import make_consent


def reads(client) -> int:
    return AccessLogEntry.objects.filter(client=client, action=Action.VIEW_CLIENT).count()


def test_a_refused_consent_is_a_logged_read(client_as, therapist_a1, client_a):
    before = reads(client_a)

    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/new/", {"given_on": "0001-01-01"}
    )

    assert response.status_code == 200
    assert reads(client_a) == before + 1


def test_a_refused_withdrawal_is_a_logged_read(client_as, therapist_a1, client_a):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2024, 1, 10))
    before = reads(client_a)

    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/{consent.pk}/withdraw/", {"withdrawn_on": "0001-01-01"}
    )

    assert response.status_code == 200
    assert "DN-2024.1" in response.content.decode()
    entry = AccessLogEntry.objects.filter(client=client_a, action=Action.VIEW_CLIENT).latest("id")
    assert reads(client_a) == before + 1
    assert entry.detail == "withdrawal form: Dry needling"


def test_opening_the_consent_form_is_a_logged_read(client_as, therapist_a1, client_a):
    before = reads(client_a)

    assert client_as(therapist_a1).get(f"/clients/{client_a.pk}/consents/new/").status_code == 200
    assert reads(client_a) == before + 1

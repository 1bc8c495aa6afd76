"""The client page: summary, precaution and consent banners, consents, visit placeholder, retention date."""

from datetime import date

import pytest
import time_machine

from tests.records.builders import make_client, make_consent


def test_the_page_shows_needling_precautions_and_a_missing_consent_warning(client_as, therapist_a1, client_a):
    html = client_as(therapist_a1).get(f"/clients/{client_a.pk}/").content.decode()

    assert "Needling precautions" in html
    assert "Anticoagulants or a bleeding disorder" in html and "Diabetes" in html
    assert "Faints at the sight of blood" in html
    assert "No dry-needling consent on record" in html


def test_a_current_dry_needling_consent_removes_the_warning(client_as, therapist_a1, client_a):
    make_consent(client_a, by=therapist_a1)

    html = client_as(therapist_a1).get(f"/clients/{client_a.pk}/").content.decode()
    assert "No dry-needling consent" not in html
    assert "DN-2024.1" in html and "Current" in html


def test_a_withdrawn_dry_needling_consent_is_warned_about(client_as, therapist_a1, client_a):
    make_consent(client_a, by=therapist_a1, withdrawn_on=date(2024, 3, 1), withdrawn_by=therapist_a1)

    html = client_as(therapist_a1).get(f"/clients/{client_a.pk}/").content.decode()
    assert "Dry-needling consent has been withdrawn" in html
    assert "Withdrawn 01/03/2024" in html


def test_no_precautions_means_no_precaution_banner(client_as, therapist_a1, clinic_a):
    client = make_client(clinic_a, given_name="Plain")

    html = client_as(therapist_a1).get(f"/clients/{client.pk}/").content.decode()
    assert "Needling precautions" not in html


def test_the_page_has_a_place_for_the_visit_timeline(client_as, therapist_a1, reception_a, client_a):
    for user in (therapist_a1, reception_a):
        assert "No visits yet." in client_as(user).get(f"/clients/{client_a.pk}/").content.decode()


@time_machine.travel(date(2026, 6, 1))
def test_the_retention_date_is_shown(client_as, therapist_a1, clinic_a):
    minor = make_client(clinic_a, given_name="Mateus", date_of_birth=date(2011, 3, 21))

    html = client_as(therapist_a1).get(f"/clients/{minor.pk}/").content.decode()
    assert "21/03/2036" in html  # the 25th birthday is later than 7 years after today's entry


def test_an_archived_client_says_so_and_offers_restore(client_as, therapist_a1, client_a):
    client_a.archive(by=therapist_a1)

    html = client_as(therapist_a1).get(f"/clients/{client_a.pk}/").content.decode()
    assert "Archived on" in html and f"/clients/{client_a.pk}/restore/" in html


def test_the_page_links_history_and_access_log_for_clinic_admins_only(
    client_as, admin_a, therapist_a1, client_a
):
    url = f"/clients/{client_a.pk}/"

    assert f"{url}history/" in client_as(admin_a).get(url).content.decode()
    assert f"{url}history/" not in client_as(therapist_a1).get(url).content.decode()


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a"])
def test_the_client_page_runs_a_fixed_number_of_queries(
    client_as, personas, client_a, django_assert_num_queries, persona
):
    user = personas[persona]
    client = client_as(user)
    client.get("/clients/")  # warm the session
    make_consent(client_a, by=personas["therapist_a1"])
    with django_assert_num_queries(QUERIES_FOR_CLIENT_PAGE[persona]) as few:
        client.get(f"/clients/{client_a.pk}/")
    for n in range(10):
        make_consent(
            client_a, by=personas["therapist_a2"], code="general_treatment", consent_text_version=f"v{n}"
        )
    with django_assert_num_queries(len(few) - 1):
        # Within the repeat window: the view is counted on the first view's row, so no INSERT.
        response = client.get(f"/clients/{client_a.pk}/")
    assert response.status_code == 200


# session, user, membership with clinic (which answers the menu's curator check), the client with
# archived_by, its consents with kind and users, the access-log UPDATE counting a repeated view and (none
# within the window) its INSERT, the visit timeline (its rows carry each visit's last change and newest
# addendum, which give the retention date); clinicians also get the last pain map's marks, the client's
# episodes and the measure rows of the open ones (records/outcomes/progress.py)
QUERIES_FOR_CLIENT_PAGE = {"therapist_a1": 11, "reception_a": 8}

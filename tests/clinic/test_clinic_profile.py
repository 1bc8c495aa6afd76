"""The clinic's details and each therapist's registration number, which printouts carry."""

import pytest

from clinic.models import Clinic, Role
from records.visits.signing import sign_visit
from tests.records.builders import make_client
from tests.visits.builders import add_mark, make_visit


def test_a_clinic_admin_sets_the_clinics_name_address_and_phone(client_as, admin_a, clinic_a):
    response = client_as(admin_a).post(
        "/clinic/",
        {
            "name": "Northside Myotherapy",
            "address": "1 High St\nNorthcote VIC 3070",
            "phone": "03 9000 1111",
            "lock_version": "0",
        },
    )

    assert response.status_code == 302
    clinic_a.refresh_from_db()
    assert (clinic_a.name, clinic_a.address, clinic_a.phone) == (
        "Northside Myotherapy",
        "1 High St\nNorthcote VIC 3070",
        "03 9000 1111",
    )
    assert clinic_a.history.count() == 2  # created, then changed: the change is kept with who made it


def test_a_save_from_an_out_of_date_page_changes_nothing_and_shows_both_versions(
    client_as, admin_a, clinic_a
):
    browser = client_as(admin_a)
    browser.post("/clinic/", {"name": clinic_a.name, "phone": "03 1111 1111", "lock_version": "0"})

    response = browser.post("/clinic/", {"name": clinic_a.name, "phone": "03 2222 2222", "lock_version": "0"})

    assert response.status_code == 409
    assert "data-edit-conflict" in response.content.decode()
    assert Clinic.objects.get(pk=clinic_a.pk).phone == "03 1111 1111"


def test_bad_input_is_a_message_by_the_field(client_as, admin_a, clinic_a):
    response = client_as(admin_a).post("/clinic/", {"name": "", "phone": "x\x01", "lock_version": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html and "control characters" in html


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a", "curator"])
def test_only_clinic_admins_open_the_clinic_details(client_as, personas, persona):
    assert client_as(personas[persona]).get("/clinic/").status_code == 403
    assert client_as(personas[persona]).post("/clinic/", {"name": "Taken over"}).status_code == 403


def test_a_clinic_admin_records_a_therapists_registration_number(client_as, admin_a, therapist_a1):
    membership = therapist_a1.membership
    response = client_as(admin_a).post(
        f"/staff/{membership.pk}/",
        {
            "role": Role.THERAPIST,
            "is_active": "on",
            "registration_number": "PHY0001234567",
            "lock_version": "0",
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.registration_number == "PHY0001234567"
    assert "PHY0001234567" in client_as(admin_a).get("/staff/").content.decode()


def printable_visit(clinic, therapist):
    clinic.address, clinic.phone = "1 High St, Northcote VIC 3070", "03 9000 1111"
    clinic.save()
    membership = therapist.membership
    membership.registration_number = "MYO-4242"
    membership.save()
    visit = make_visit(make_client(clinic, given_name="Mia", family_name="Kowalski"), therapist, pain_start=5)
    add_mark(visit, "knee_posterior_lateral", "left", 7)
    return sign_visit(visit_id=visit.pk, by=therapist)


def test_the_printed_note_carries_the_clinic_the_therapist_and_the_pain_map_on_the_body_chart(
    client_as, therapist_a1, clinic_a
):
    visit = printable_visit(clinic_a, therapist_a1)

    html = client_as(therapist_a1).get(f"/clients/visits/{visit.pk}/print/").content.decode()

    letterhead = html[html.index("data-letterhead") : html.index("print-header")]
    for text in (clinic_a.name, "1 High St, Northcote VIC 3070", "03 9000 1111", "MYO-4242"):
        assert text in letterhead, text
    assert therapist_a1.get_full_name() in letterhead
    chart = html[html.index("data-printed-pain-map") :]
    assert chart.count("<svg") == 2  # front and back views
    # The marked region is coloured by its intensity, on the side recorded.
    assert 'data-region="knee_posterior_lateral"' in chart
    marked = chart[chart.index("intensity-7") - 400 : chart.index("intensity-7")]
    assert 'data-region="knee_posterior_lateral"' in marked and 'data-side="left"' in marked


def test_the_handout_carries_the_clinic_and_the_therapist(client_as, therapist_a1, clinic_a):
    visit = printable_visit(clinic_a, therapist_a1)

    html = client_as(therapist_a1).get(f"/clients/visits/{visit.pk}/handout/").content.decode()

    for text in (clinic_a.name, "03 9000 1111", "MYO-4242", therapist_a1.get_full_name()):
        assert text in html, text

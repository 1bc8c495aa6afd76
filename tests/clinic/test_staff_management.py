"""Clinic admins manage their own clinic's staff in the browser; nobody else can."""

import pytest
from django.contrib.auth import get_user_model

from clinic.models import Role
from tests.builders import form_data, make_user

User = get_user_model()
NEW_STAFF = {
    "username": "new_therapist",
    "first_name": "Nadia",
    "last_name": "Nguyen",
    "email": "nadia@example.com",
    "role": Role.THERAPIST,
}


def test_a_clinic_admin_sees_only_their_clinics_staff(client_as, admin_a, therapist_a1, therapist_b):
    html = client_as(admin_a).get("/staff/").content.decode()

    assert "therapist_a1" in html
    assert "therapist_b" not in html


def test_a_clinic_admin_changes_a_role(client_as, admin_a, therapist_a1):
    membership = therapist_a1.membership
    client_as(admin_a).post(
        f"/staff/{membership.pk}/", {"role": Role.RECEPTION, "is_active": "on", "lock_version": "0"}
    )

    membership.refresh_from_db()
    assert membership.role == Role.RECEPTION


def test_deactivating_a_user_ends_their_open_session(client_as, admin_a, therapist_a1, django_user_model):
    from django.test import Client

    therapist_browser = Client()
    therapist_browser.force_login(therapist_a1)
    assert therapist_browser.get("/").status_code == 200

    client_as(admin_a).post(
        f"/staff/{therapist_a1.membership.pk}/", {"role": Role.THERAPIST, "lock_version": "0"}
    )

    therapist_a1.refresh_from_db()
    assert not therapist_a1.is_active
    assert not therapist_a1.membership.is_active
    response = therapist_browser.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_admin_cannot_deactivate_themselves(client_as, admin_a):
    response = client_as(admin_a).post(f"/staff/{admin_a.membership.pk}/", {"role": Role.CLINIC_ADMIN})

    assert "You cannot deactivate your own account." in response.content.decode()
    admin_a.refresh_from_db()
    assert admin_a.is_active


@pytest.mark.parametrize("url", ["/staff/{pk}/"])
def test_another_clinics_admin_gets_404_for_our_staff(client_as, clinic_b, therapist_a1, url):
    admin_b = make_user("admin_b", clinic=clinic_b, role=Role.CLINIC_ADMIN)
    client = client_as(admin_b)
    pk = therapist_a1.membership.pk

    assert client.get(url.format(pk=pk)).status_code == 404
    assert client.post(url.format(pk=pk), {"role": Role.RECEPTION}).status_code == 404
    therapist_a1.membership.refresh_from_db()
    assert therapist_a1.membership.role == Role.THERAPIST


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a", "therapist_b", "curator"])
@pytest.mark.parametrize("url", ["/staff/", "/staff/new/"])
def test_roles_other_than_clinic_admin_get_403(client_as, personas, persona, url):
    assert client_as(personas[persona]).get(url).status_code == 403


def test_a_non_admin_cannot_post_a_role_change(client_as, therapist_a1, therapist_a2):
    response = client_as(therapist_a1).post(
        f"/staff/{therapist_a2.membership.pk}/", {"role": Role.CLINIC_ADMIN}
    )

    assert response.status_code == 403
    therapist_a2.membership.refresh_from_db()
    assert therapist_a2.membership.role == Role.THERAPIST


def test_the_staff_list_runs_a_fixed_number_of_queries(
    client_as, admin_a, clinic_a, django_assert_num_queries
):
    client = client_as(admin_a)
    client.get("/staff/")  # warm the session
    for n in range(3):
        make_user(f"extra_{n}", clinic=clinic_a, role=Role.THERAPIST)
    with django_assert_num_queries(QUERIES_FOR_STAFF_LIST) as few:
        client.get("/staff/")
    for n in range(3, 30):
        make_user(f"extra_{n}", clinic=clinic_a, role=Role.RECEPTION)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/staff/")
    assert response.content.decode().count("extra_") >= 30


# session, user, membership with clinic (which also says whether the user is a curator), staff rows (the
# session is not written again within the minute: clinic.middleware.SlidingSessionMiddleware)
QUERIES_FOR_STAFF_LIST = 4


def test_a_role_change_from_a_stale_page_is_refused_and_shows_both_versions(client_as, admin_a, therapist_a1):
    url = f"/staff/{therapist_a1.membership.pk}/"
    browser = client_as(admin_a)
    first, second = browser.get(url).context["form"], browser.get(url).context["form"]
    browser.post(url, {**form_data(first), "role": Role.RECEPTION, "is_active": "on"})

    response = browser.post(url, {**form_data(second), "role": Role.CLINIC_ADMIN, "is_active": "on"})

    html = response.content.decode()
    assert response.status_code == 409
    conflict = html.split("data-edit-conflict")[1].split("</section>")[0]
    assert "Ada Tester changed this staff member" in conflict
    assert "Reception" in conflict and "Clinic admin" in conflict
    assert 'name="lock_version" value="1"' in html
    therapist_a1.membership.refresh_from_db()
    assert therapist_a1.membership.role == Role.RECEPTION
    assert [row.role for row in therapist_a1.membership.history.order_by("history_date")] == [
        Role.THERAPIST,
        Role.RECEPTION,
    ]

"""Audit trail (every create and change, with user, time, old and new values) and the access log (every
view), neither of which the app ever changes or deletes."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from records.models import AccessLogEntry, AccessLogIsAppendOnly, Action, Client, Consent, ConsentKind
from tests.records.builders import make_client, make_consent

NEW_CLIENT = {
    "given_name": "Ruby",
    "family_name": "Campbell",
    "date_of_birth": "1985-09-09",
    "sex": "female",
    "phone": "0401 222 333",
}


def test_creating_and_editing_a_client_records_who_did_it_and_the_old_and_new_values(
    client_as, therapist_a1, reception_a, admin_a
):
    client_as(therapist_a1).post("/clients/new/", {**NEW_CLIENT, "medications": "Ibuprofen"})
    client = Client.objects.get()
    client_as(reception_a).post(
        f"/clients/{client.pk}/edit/", {**NEW_CLIENT, "phone": "0401 999 999", "lock_version": "0"}
    )

    created, edited = client.history.order_by("history_date")
    assert (created.history_type, created.history_user) == ("+", therapist_a1)
    assert (edited.history_type, edited.history_user) == ("~", reception_a)
    delta = edited.diff_against(created)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("phone", "0401 222 333", "0401 999 999")]

    html = client_as(admin_a).get(f"/clients/{client.pk}/history/").content.decode()
    assert "0401 222 333" in html and "0401 999 999" in html
    assert "Rita Tester" in html and "Alice Tester" in html


def test_consents_and_their_withdrawal_are_in_the_history(client_as, therapist_a1, admin_a, client_a):
    consent = make_consent(client_a, by=therapist_a1)
    client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/{consent.pk}/withdraw/",
        {
            "withdrawn_on": timezone.localdate().isoformat(),
            "withdrawal_reason": "Moved interstate",
            "lock_version": "0",
        },
    )

    rows = consent.history.order_by("history_date")
    assert [row.history_type for row in rows] == ["+", "~"]
    assert rows.last().history_user == therapist_a1
    html = client_as(admin_a).get(f"/clients/{client_a.pk}/history/").content.decode()
    assert "Consent: Dry needling" in html and "Moved interstate" in html


def test_archiving_is_in_the_history_with_the_user(client_as, therapist_a2, admin_a, client_a):
    client_as(therapist_a2).post(f"/clients/{client_a.pk}/archive/")

    assert client_a.history.latest().history_user == therapist_a2
    html = client_as(admin_a).get(f"/clients/{client_a.pk}/history/").content.decode()
    assert "Archived at" in html and "Aaron Tester" in html


VIEWS_AND_ACTIONS = [
    ("get", "/clients/{pk}/", Action.VIEW_CLIENT),
    ("get", "/clients/{pk}/edit/", Action.EDIT_CLIENT),
    ("get", "/clients/{pk}/history/", Action.VIEW_HISTORY),
    ("get", "/clients/{pk}/access-log/", Action.VIEW_ACCESS_LOG),
    ("post", "/clients/{pk}/archive/", Action.ARCHIVE_CLIENT),
    ("get", "/clients/", Action.LIST_CLIENTS),
    ("get", "/clients/access-log/", Action.VIEW_CLINIC_ACCESS_LOG),
]


@pytest.mark.parametrize(("method", "url", "action"), VIEWS_AND_ACTIONS)
def test_each_view_writes_an_access_log_row(client_as, admin_a, client_a, method, url, action):
    browser = client_as(admin_a)
    getattr(browser, method)(
        url.format(pk=client_a.pk), HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="10.1.2.3"
    )

    entry = AccessLogEntry.objects.get(action=action)
    assert entry.user == admin_a and entry.clinic_id == client_a.clinic_id
    assert entry.client == (client_a if "{pk}" in url else None)
    assert (entry.ip_address, entry.user_agent) == ("10.1.2.3", "Firefox/140")


def test_a_refused_view_writes_nothing(client_as, therapist_b, client_a):
    client_as(therapist_b).get(f"/clients/{client_a.pk}/")

    assert not AccessLogEntry.objects.filter(client=client_a).exists()


def test_access_log_rows_cannot_be_changed_or_deleted(client_as, therapist_a1, client_a):
    client_as(therapist_a1).get(f"/clients/{client_a.pk}/")
    entry = AccessLogEntry.objects.get()

    entry.detail = "tampered"
    with pytest.raises(AccessLogIsAppendOnly):
        entry.save()
    with pytest.raises(AccessLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AccessLogIsAppendOnly):
        AccessLogEntry.objects.update(detail="tampered")
    with pytest.raises(AccessLogIsAppendOnly):
        AccessLogEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.detail == ""


def audit_rows():
    """Every history and access-log row, as plain tuples, to compare before and after."""
    rows = set()
    for model in (Client.history.model, Consent.history.model, ConsentKind.history.model):
        # Lists (a consent kind's accepted methods) as tuples, so rows can go in a set.
        rows |= {
            (model.__name__, *(tuple(v) if isinstance(v, list) else v for v in values))
            for values in model.objects.values_list()
        }
    # A repeated view moves a row's count and last time, by design (test_repeated_views_are_counted.py):
    # everything else about the row must stay.
    kept = [
        f.attname for f in AccessLogEntry._meta.concrete_fields if f.name not in ("view_count", "last_at")
    ]
    rows |= {("access", *values) for values in AccessLogEntry.objects.values_list(*kept)}
    return rows


def records_routes():
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == "records":
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                yield str(pattern.pattern)


def test_no_page_deletes_or_changes_an_audit_row(client_as, admin_a, therapist_a1, client_a):
    """Walk every records URL with GET and with a POST (valid-looking and empty data) as a clinic admin:
    audit rows may be added, never changed or removed."""
    consent = make_consent(client_a, by=therapist_a1)
    browser = client_as(admin_a)
    browser.get(f"/clients/{client_a.pk}/")
    before = audit_rows()
    routes = list(records_routes())
    assert len(routes) >= 12
    for route in routes:
        url = "/clients/" + route.replace("<int:pk>", str(client_a.pk)).replace(
            "<int:consent_pk>", str(consent.pk)
        )
        for data in (
            {},
            {**NEW_CLIENT, "withdrawn_on": "2024-02-02", "name": "Cupping", "_method": "DELETE"},
        ):
            browser.get(url)
            browser.post(url, data)
        browser.delete(url)
    after = audit_rows()
    assert before <= after
    assert len(after) > len(before)


def test_the_history_of_a_client_admin_cannot_be_read_by_a_therapist(client_as, therapist_a1, client_a):
    assert client_as(therapist_a1).get(f"/clients/{client_a.pk}/history/").status_code == 403


@pytest.fixture
def busy_log(clinic_a, therapist_a1, therapist_a2, client_a, client_as):
    with time_machine.travel(datetime(2026, 5, 1, 10, tzinfo=timezone.get_current_timezone()), tick=False):
        client_as(therapist_a1).get(f"/clients/{client_a.pk}/")
    with time_machine.travel(
        datetime(2026, 5, 3, 23, 30, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        client_as(therapist_a2).get(f"/clients/{client_a.pk}/")
    with time_machine.travel(datetime(2026, 5, 4, 0, 30, tzinfo=timezone.get_current_timezone()), tick=False):
        client_as(therapist_a2).get(f"/clients/{client_a.pk}/edit/")


def test_the_clinic_access_log_filters_by_user_and_date(client_as, admin_a, therapist_a2, busy_log):
    browser = client_as(admin_a)

    by_user = browser.get("/clients/access-log/", {"user": therapist_a2.pk, "action": Action.VIEW_CLIENT})
    assert [e.user for e in by_user.context["page"].object_list] == [therapist_a2]
    by_day = browser.get("/clients/access-log/", {"date_from": "2026-05-03", "date_to": "2026-05-03"})
    assert [e.action for e in by_day.context["page"].object_list] == [Action.VIEW_CLIENT]
    assert by_day.context["page"].object_list[0].at.date() == date(2026, 5, 3)


def test_a_reversed_date_range_is_explained(client_as, admin_a, busy_log):
    response = client_as(admin_a).get(
        "/clients/access-log/", {"date_from": "2026-05-04", "date_to": "2026-05-01"}
    )

    assert "The end date is before the start date." in response.content.decode()


def test_the_clinic_access_log_shows_only_this_clinics_entries(client_as, admin_a, therapist_b, clinic_b):
    other = make_client(clinic_b, given_name="Elsewhere")
    client_as(therapist_b).get(f"/clients/{other.pk}/")

    html = client_as(admin_a).get("/clients/access-log/").content.decode()
    assert "Elsewhere" not in html


def test_the_clinic_access_log_runs_a_fixed_number_of_queries(
    client_as, admin_a, therapist_a1, clinic_a, django_assert_num_queries
):
    browser = client_as(therapist_a1)
    for n in range(3):
        browser.get(f"/clients/{make_client(clinic_a, given_name=f'A{n}').pk}/")
    browser = client_as(admin_a)
    browser.get("/clients/")
    with django_assert_num_queries(QUERIES_FOR_ACCESS_LOG) as few:
        browser.get("/clients/access-log/")
    few = len(few)  # now: the next request clears Django's query log
    browser = client_as(therapist_a1)
    for n in range(60):
        browser.get(f"/clients/{make_client(clinic_a, given_name=f'B{n}').pk}/")
    browser = client_as(admin_a)
    browser.get("/clients/")  # a new sign-in: its first request writes the session
    with django_assert_num_queries(few):
        response = browser.get("/clients/access-log/")
    assert len(response.context["page"].object_list) == 50


@pytest.mark.parametrize("page", ["history", "access-log"])
def test_the_client_history_and_access_log_pages_run_a_fixed_number_of_queries(
    client_as, admin_a, therapist_a1, client_a, django_assert_num_queries, page
):
    make_consent(client_a, by=therapist_a1)
    browser = client_as(admin_a)
    browser.get("/clients/")
    with django_assert_num_queries(QUERIES_FOR_CLIENT_AUDIT_PAGE[page]) as few:
        browser.get(f"/clients/{client_a.pk}/{page}/")
    few = len(few)  # now: the next request clears Django's query log
    for n in range(15):  # more changes, more consents, more views
        client_a.phone = f"0400 000 0{n:02d}"
        client_a.save()
        make_consent(client_a, by=therapist_a1, code="general_treatment", consent_text_version=f"v{n}")
        browser.get(f"/clients/{client_a.pk}/")
    with django_assert_num_queries(few):
        response = browser.get(f"/clients/{client_a.pk}/{page}/")
    assert response.status_code == 200


# 1 the session, 2 the user, 3 the membership with its clinic (and the curator check), 4 the user choices
# for the filter, 5 the log insert of this view, 6 the page of entries (51 rows off the (clinic, -at, -id)
# index, with their users and clients joined). No count: keyset pages (records/log_pages.py). The session
# is written at most once a minute, not here.
QUERIES_FOR_ACCESS_LOG = 6
# Both: session, user, membership (with the curator check), the client, the log insert, plus
# history: the client's rows, the consents' rows, the visits' rows, the episodes' rows (the parts of visits
# and of episodes add one query per history table when there are any: tests/visits, tests/outcomes), the
# users and kinds they name;
# access log: the page of entries (51 rows off the (client, -at, -id) index with their users; no count).
QUERIES_FOR_CLIENT_AUDIT_PAGE = {"history": 11, "access-log": 6}

"""The access log pages page by a cursor (time and id of the last row shown), never by counting rows."""

from datetime import timedelta

from django.utils import timezone

from records.log_pages import log_page, parse_cursor
from records.models import AccessLogEntry, Action
from tests.records.builders import make_client


def add_entries(clinic, user, count, *, client=None, action=Action.VIEW_CLIENT, same_time=False):
    start = timezone.now() - timedelta(days=1)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            clinic=clinic,
            user=user,
            client=client,
            action=action,
            detail=f"entry {n}",
            at=start if same_time else start + timedelta(seconds=n),
        )
        for n in range(count)
    )


def test_following_older_links_walks_the_whole_clinic_log_once_newest_first(
    client_as, admin_a, therapist_a1, clinic_a
):
    add_entries(clinic_a, therapist_a1, 120)
    browser = client_as(admin_a)
    seen, url = [], "/clients/access-log/?action=view_client"
    while url:
        page = browser.get(url).context["page"]
        seen.extend(page.object_list)
        url = f"/clients/access-log/?action=view_client&before={page.older}" if page.older else ""
    assert [entry.detail for entry in seen] == [f"entry {n}" for n in range(119, -1, -1)]


def test_rows_logged_at_the_same_instant_are_neither_skipped_nor_repeated(clinic_a, therapist_a1):
    add_entries(clinic_a, therapist_a1, 75, same_time=True)
    entries = AccessLogEntry.objects.filter(clinic=clinic_a)
    first = log_page(entries, None)
    second = log_page(entries, first.older)
    ids = [entry.pk for entry in first.object_list + second.object_list]
    assert len(ids) == len(set(ids)) == 75
    assert second.older == "" and not second.is_first


def test_a_client_log_pages_older_and_links_back_to_the_newest(client_as, admin_a, therapist_a1, clinic_a):
    client = make_client(clinic_a)
    add_entries(clinic_a, therapist_a1, 60, client=client)
    browser = client_as(admin_a)
    first = browser.get(f"/clients/{client.pk}/access-log/")
    older = first.context["page"].older
    assert f"before={older}" in first.content.decode()
    second = browser.get(f"/clients/{client.pk}/access-log/?before={older}")
    # 60 seeded and this admin's own first visit: 11 rows remain after the first 50.
    assert len(second.context["page"].object_list) == 11
    assert "Newest" in second.content.decode()


def test_an_unreadable_cursor_shows_the_newest_page_instead_of_an_error(client_as, admin_a):
    browser = client_as(admin_a)
    for bad in ["x", "12.", ".3", "1" * 60, "99999999999999999999999.1", "-5.2", "١٢.٣"]:
        response = browser.get("/clients/access-log/", {"before": bad})
        assert response.status_code == 200
        assert response.context["page"].is_first
    assert parse_cursor("1700000000000000.42")[1] == 42

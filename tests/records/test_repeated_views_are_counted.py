"""Repeated views of one record by one user within a few minutes are one access-log row with a count;
saving and signing a visit have their own actions."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from records.models import AccessLogEntry, Action
from records.models.audit import REPEAT_WINDOW_MINUTES
from tests.visits.builders import make_visit, page_data


def views_of(client, user):
    return list(
        AccessLogEntry.objects.filter(client=client, user=user, action=Action.VIEW_CLIENT).order_by(
            "at", "id"
        )
    )


def test_views_within_the_window_are_one_row_with_a_count(client_as, therapist_a1, client_a):
    browser = client_as(therapist_a1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        browser.get(client_a.get_absolute_url())
    with time_machine.travel(start + timedelta(minutes=REPEAT_WINDOW_MINUTES - 1), tick=False):
        browser.get(client_a.get_absolute_url())
        browser.get(client_a.get_absolute_url())

    [row] = views_of(client_a, therapist_a1)
    assert row.view_count == 3
    assert row.at == start  # the row stays where the first view put it: the log's pages keep their order
    assert row.last_at == start + timedelta(minutes=REPEAT_WINDOW_MINUTES - 1)


def test_a_view_after_the_window_another_user_or_another_record_is_a_new_row(
    client_as, therapist_a1, therapist_a2, client_a, clinic_a
):
    from tests.records.builders import make_client

    other = make_client(clinic_a, given_name="Ivy", family_name="Tran")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client_as(therapist_a1).get(client_a.get_absolute_url())
        client_as(therapist_a1).get(other.get_absolute_url())
        client_as(therapist_a2).get(client_a.get_absolute_url())
    with time_machine.travel(start + timedelta(minutes=REPEAT_WINDOW_MINUTES, seconds=1), tick=False):
        client_as(therapist_a1).get(client_a.get_absolute_url())

    assert [row.view_count for row in views_of(client_a, therapist_a1)] == [1, 1]
    assert len(views_of(other, therapist_a1)) == len(views_of(client_a, therapist_a2)) == 1


def test_the_log_page_shows_the_count(client_as, admin_a, therapist_a1, client_a):
    browser = client_as(therapist_a1)
    for _ in range(3):
        browser.get(client_a.get_absolute_url())

    html = client_as(admin_a).get(f"/clients/{client_a.pk}/access-log/").content.decode()

    assert "3 times" in html


def test_saving_and_signing_a_visit_have_their_own_actions(client_as, therapist_a1, client_a):
    draft = make_visit(client_a, therapist_a1)
    browser = client_as(therapist_a1)
    browser.post(draft.get_absolute_url(), page_data(draft) | {"plan": "Rest"})
    browser.post(draft.get_absolute_url(), page_data(draft, action="sign") | {"pain_start": "4"})

    actions = list(
        AccessLogEntry.objects.filter(client=draft.client, action__in=[Action.SAVE_VISIT, Action.SIGN_VISIT])
        .order_by("id")
        .values_list("action", "detail")
    )
    assert actions == [
        (Action.SAVE_VISIT, f"visit {draft.pk}"),
        (Action.SAVE_VISIT, f"visit {draft.pk}"),
        (Action.SIGN_VISIT, f"visit {draft.pk}"),
    ]

"""Autosave: the page's "Save draft" posted in the background (header X-Autosave: 1), answered in JSON.

The same permissions, validation, version check and transaction as the page's own save
(records/views/visits.py); what the answer carries lets the page's script stay in step
(records/visits/autosave.py).
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from records.models import Finding, Visit
from tests.visits.builders import BICEPS_FEMORIS, add_finding, page_data, row, sign, trigger_point

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


def autosave(browser, visit, data):
    return browser.post(visit.get_absolute_url(), data, **AUTOSAVE)


def test_an_autosave_saves_the_draft_and_gives_the_new_version(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    data = page_data(draft)
    data["presenting_complaint"] = "Typed, then left alone for a few seconds"

    response = autosave(browser, draft, data)

    draft.refresh_from_db()
    answer = response.json()
    assert response.status_code == 200 and answer["status"] == "saved"
    assert draft.presenting_complaint == "Typed, then left alone for a few seconds"
    assert answer["lock_version"] == draft.lock_version == int(data["lock_version"]) + 1
    assert answer["saved_at"].count(":") == 1  # "10:42"

    # The page takes the new version: its next save, background or not, is no conflict with this one.
    data["lock_version"] = str(answer["lock_version"])
    data["plan"] = "Review in a week"
    again = autosave(browser, draft, data)
    assert again.json()["status"] == "saved"
    draft.refresh_from_db()
    assert draft.plan == "Review in a week"


def test_new_and_removed_rows_are_reported_so_the_page_does_not_add_them_twice(
    client_as, therapist_a1, draft
):
    stored = add_finding(draft, side="right")
    browser = client_as(therapist_a1)
    data = page_data(draft)
    tp = trigger_point(BICEPS_FEMORIS)
    data.update(row("findings", 1, trigger_point=tp.pk, side="left", status="suspected"))
    data["findings-0-DELETE"] = "on"

    answer = autosave(browser, draft, data).json()

    created = Finding.objects.get(visit=draft)
    assert answer["rows"]["findings"] == {"created": {"findings-1": created.pk}, "removed": ["findings-0"]}
    assert (created.side, created.pk != stored.pk) == ("left", True)

    # What the script then posts: the new row as a stored one (index 0, with its id), the removed one gone.
    data = page_data(draft)
    data["lock_version"] = str(answer["lock_version"])
    assert data["findings-INITIAL_FORMS"] == "1" and data["findings-0-id"] == str(created.pk)
    assert autosave(browser, draft, data).json()["status"] == "saved"
    assert Finding.objects.filter(visit=draft).count() == 1


def test_refused_entries_come_back_by_input_and_nothing_is_saved(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    data = page_data(draft)
    data["pain_start"] = "11"
    data["presenting_complaint"] = "Not to be saved with a refused pain score"
    data.update(row("findings", 0, side="left", status="suspected"))  # no trigger point

    response = autosave(browser, draft, data)

    answer = response.json()
    assert response.status_code == 422 and answer["status"] == "invalid"
    assert answer["errors"]["pain_start"] == ["Pain is 0 to 10 (0 no pain, 10 worst imaginable)."]
    assert "findings-0-trigger_point" in answer["errors"]
    before = draft.lock_version
    draft.refresh_from_db()
    assert draft.lock_version == before and draft.presenting_complaint != data["presenting_complaint"]


def test_a_conflict_never_overwrites_and_says_who_saved(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    stale = page_data(draft)
    elsewhere = page_data(draft)
    elsewhere["plan"] = "Saved in the other tab"
    assert browser.post(draft.get_absolute_url(), elsewhere).status_code == 302

    stale["plan"] = "Typed in this tab"
    response = autosave(browser, draft, stale)

    answer = response.json()
    assert response.status_code == 409 and answer["status"] == "conflict"
    assert "saved this draft at" in answer["html"] and "Saved in the other tab" in answer["html"]
    draft.refresh_from_db()
    assert draft.plan == "Saved in the other tab"
    assert answer["lock_version"] == draft.lock_version  # for an explicit "Save draft" to replace it


def test_a_signed_visit_refuses_an_autosave(client_as, therapist_a1, draft):
    data = page_data(draft)
    sign(draft)
    data["plan"] = "Too late"

    response = autosave(client_as(therapist_a1), draft, data)

    assert response.status_code == 409 and response.json()["status"] == "locked"
    draft.refresh_from_db()
    assert draft.plan != "Too late"


@pytest.mark.parametrize(
    ("persona", "status"), [("reception_a", 403), ("therapist_a2", 403), ("therapist_b", 404)]
)
def test_only_the_drafts_own_therapist_may_autosave(client_as, request, draft, persona, status):
    data = page_data(draft)
    data["plan"] = "Not theirs to write"

    response = autosave(client_as(request.getfixturevalue(persona)), draft, data)

    assert response.status_code == status
    assert Visit.objects.get(pk=draft.pk).plan != "Not theirs to write"


def test_the_editor_is_told_how_long_its_session_has_left(client_as, therapist_a1, draft, settings):
    client = client_as(therapist_a1)
    visit = draft
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        html = client.get(visit.get_absolute_url()).content.decode()
        assert f'data-session-expires-in="{settings.SESSION_COOKIE_AGE}"' in html  # this request saved it
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        html = client.get(visit.get_absolute_url()).content.decode()
        assert f'data-session-expires-in="{settings.SESSION_COOKIE_AGE - 30}"' in html  # not saved again

"""Hardening of the visit log: impossible dates and over-long text are field errors, every re-shown note is
a logged read, a visit signed or discarded elsewhere answers 409, and NUL bytes are a message, never a 500."""

from datetime import date

import pytest

import records.views.visits as visit_views
from records.models import AccessLogEntry, Action, Addendum, Visit, VisitStatus
from records.visits.signing import sign_visit
from tests.records.builders import make_client
from tests.visits.builders import make_visit, page_data, sign

NUL = "\x00"


def post_page(browser, visit, **changes):
    data = page_data(visit)
    data["plan"] = "Review in one week; keep this text"
    data.update({key: str(value) for key, value in changes.items()})
    return browser.post(visit.get_absolute_url(), data)


def visit_reads(visit) -> int:
    return AccessLogEntry.objects.filter(
        client=visit.client, action=Action.VIEW_VISIT, detail__startswith=f"visit {visit.pk}"
    ).count()


# --- Dates --------------------------------------------------------------------------------------------------


def test_it_refuses_a_visit_dated_in_year_one_by_the_field(client_as, therapist_a1, draft):
    response = post_page(client_as(therapist_a1), draft, started_at="0001-01-01T00:00")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the year: dates before 01/01/2000 are not accepted." in html
    assert "Review in one week; keep this text" in html
    stored = Visit.objects.get(pk=draft.pk)
    assert stored.lock_version == 0 and stored.started_at == draft.started_at


def test_it_refuses_a_visit_dated_before_the_client_was_born(client_as, therapist_a1, clinic_a):
    child = make_client(clinic_a, given_name="Ivy", family_name="Tran", date_of_birth=date(2012, 5, 1))
    visit = make_visit(child, therapist_a1)

    response = post_page(client_as(therapist_a1), visit, started_at="2005-03-01T10:00")

    assert response.status_code == 200
    assert "A visit cannot be dated before the client was born; check the year." in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).lock_version == 0


def test_it_refuses_a_visit_in_the_year_9999_without_an_overflow(client_as, therapist_a1, draft):
    response = post_page(client_as(therapist_a1), draft, started_at="9999-12-31T23:59")

    assert response.status_code == 200
    assert "Check the year: dates after" in response.content.decode()


def test_the_date_picker_is_offered_the_same_range(client_as, therapist_a1, draft):
    html = client_as(therapist_a1).get(draft.get_absolute_url()).content.decode()

    assert 'min="2000-01-01T00:00"' in html


# --- Text limits --------------------------------------------------------------------------------------------


def test_it_refuses_a_hundred_thousand_characters_in_a_visit_text_field(client_as, therapist_a1, draft):
    response = post_page(client_as(therapist_a1), draft, observations="x" * 100_000)

    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 100000)." in response.content.decode()
    assert Visit.objects.get(pk=draft.pk).observations == ""


def test_the_model_refuses_over_long_text_whoever_writes_it(draft):
    from django.core.exceptions import ValidationError

    draft.assessment = "x" * 5001
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        draft.full_clean()


# --- Every shown note is a logged read ----------------------------------------------------------------------


def test_a_refused_addendum_shows_the_note_again_and_logs_the_read(client_as, therapist_a1, draft):
    sign(draft)
    before = visit_reads(draft)

    response = client_as(therapist_a1).post(f"/clients/visits/{draft.pk}/addenda/", {"text": "Something"})

    assert response.status_code == 200
    assert "Pain behind the left knee when running" in response.content.decode()
    assert visit_reads(draft) == before + 1


def test_a_refused_discard_shows_the_visit_again_and_logs_the_read(client_as, therapist_a1, draft):
    before = visit_reads(draft)

    response = client_as(therapist_a1).post(f"/clients/visits/{draft.pk}/discard/", {"reason": "  "})

    assert response.status_code == 200
    assert "Give a reason for discarding the draft" in response.content.decode()
    assert visit_reads(draft) == before + 1


def test_a_refused_save_shows_the_editor_again_and_logs_the_read(client_as, therapist_a1, draft):
    before = visit_reads(draft)

    response = post_page(client_as(therapist_a1), draft, pain_start=11)

    assert response.status_code == 200
    assert "Pain behind the left knee when running" in response.content.decode()
    assert visit_reads(draft) == before + 1


def test_a_save_conflict_shows_the_editor_again_and_logs_the_read(client_as, therapist_a1, draft):
    stale = page_data(draft)
    Visit.objects.filter(pk=draft.pk).update(lock_version=1, plan="Saved in another tab")
    before = visit_reads(draft)

    response = client_as(therapist_a1).post(draft.get_absolute_url(), {**stale, "plan": "Mine"})

    assert response.status_code == 409
    assert visit_reads(draft) == before + 1


# --- Signed or discarded elsewhere: 409, never 500 ----------------------------------------------------------


def test_signing_from_a_second_tab_answers_409(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    first_tab = page_data(draft, action="sign")
    second_tab = page_data(draft, action="sign")
    first_tab["pain_start"] = second_tab["pain_start"] = "5"
    assert browser.post(draft.get_absolute_url(), first_tab).status_code == 302

    response = browser.post(draft.get_absolute_url(), second_tab)

    assert response.status_code == 409
    assert "data-visit-locked" in response.content.decode()


def test_a_sign_landing_between_this_save_and_this_sign_answers_409(
    client_as, therapist_a1, draft, monkeypatch
):
    """The other tab's sign commits after this request saved the draft and before it signs."""
    real_save_draft = visit_views.save_draft

    def save_then_other_tab_signs(**kwargs):
        visit = real_save_draft(**kwargs)
        sign_visit(visit_id=visit.pk, by=therapist_a1)
        return visit

    monkeypatch.setattr(visit_views, "save_draft", save_then_other_tab_signs)
    data = page_data(draft, action="sign")
    data["pain_start"] = "5"

    response = client_as(therapist_a1).post(draft.get_absolute_url(), data)

    assert response.status_code == 409
    assert "This visit is signed and locked" in response.content.decode()
    assert Visit.objects.get(pk=draft.pk).status == VisitStatus.SIGNED


def test_a_discard_racing_a_sign_answers_409_and_the_visit_stays_signed(
    client_as, therapist_a1, draft, monkeypatch
):
    real_discard = visit_views.discard_visit

    def other_tab_signs_then_discard(**kwargs):
        Visit.objects.filter(pk=draft.pk).update(pain_start=4)
        sign_visit(visit_id=draft.pk, by=therapist_a1)
        return real_discard(**kwargs)

    monkeypatch.setattr(visit_views, "discard_visit", other_tab_signs_then_discard)

    response = client_as(therapist_a1).post(
        f"/clients/visits/{draft.pk}/discard/", {"reason": "Wrong client"}
    )

    assert response.status_code == 409
    assert Visit.objects.get(pk=draft.pk).status == VisitStatus.SIGNED


def test_a_discard_posted_after_the_visit_was_signed_elsewhere_answers_409(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    assert browser.get(f"/clients/visits/{draft.pk}/discard/").status_code == 200
    sign(draft)

    response = browser.post(f"/clients/visits/{draft.pk}/discard/", {"reason": "Wrong client"})

    assert response.status_code == 409


# --- NUL and control characters -----------------------------------------------------------------------------


def test_a_nul_in_the_discard_reason_is_a_field_error(client_as, therapist_a1, draft):
    response = client_as(therapist_a1).post(f"/clients/visits/{draft.pk}/discard/", {"reason": f"Wrong{NUL}"})

    assert response.status_code == 200
    assert "Remove the invisible control characters" in response.content.decode()
    assert Visit.objects.get(pk=draft.pk).status == VisitStatus.DRAFT


@pytest.mark.parametrize("field", ["text", "reason"])
def test_a_nul_in_an_addendum_is_a_field_error(client_as, therapist_a1, draft, field):
    sign(draft)
    data = {"text": "Left, not right.", "reason": "Wrong side recorded"}
    data[field] = f"Left{NUL}side"

    response = client_as(therapist_a1).post(f"/clients/visits/{draft.pk}/addenda/", data)

    assert response.status_code == 200
    assert "Remove the invisible control characters" in response.content.decode()
    assert not Addendum.objects.exists()


def test_a_nul_in_the_candidate_to_show_is_harmless(client_as, therapist_a1, draft):
    response = post_page(client_as(therapist_a1), draft, show=f"1:left{NUL}\r\nX-Evil: 1")

    assert response.status_code == 302
    assert "\r" not in response["Location"] and NUL not in response["Location"]
    assert client_as(therapist_a1).get(response["Location"]).status_code == 200


def test_a_valid_addendum_and_discard_still_work(client_as, therapist_a1, draft, patient):
    other = make_visit(patient, therapist_a1)
    sign(draft)
    browser = client_as(therapist_a1)

    assert (
        browser.post(f"/clients/visits/{draft.pk}/addenda/", {"text": "Left.", "reason": "Side"}).status_code
        == 302
    )
    assert browser.post(f"/clients/visits/{other.pk}/discard/", {"reason": "Duplicate"}).status_code == 302
    assert Addendum.objects.get().text == "Left."
    assert Visit.objects.get(pk=other.pk).discard_reason == "Duplicate"

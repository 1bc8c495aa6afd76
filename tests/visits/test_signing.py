"""Signing checks completeness, then locks the note; corrections are addenda under it."""

import pytest

from records.models import Addendum, VisitStatus
from records.visits.signing import SigningRefused, sign_visit, signing_problems
from tests.visits.builders import add_needling, page_data


def test_signing_is_refused_until_pain_needles_and_sharps_are_accounted_for(needling_draft, therapist_a1):
    add_needling(needling_draft, inserted=3, removed=2)

    with pytest.raises(SigningRefused) as refused:
        sign_visit(visit_id=needling_draft.pk, by=therapist_a1)

    assert refused.value.problems == [
        "Record the pain at the start of the session (0–10).",
        "Needles at Biceps femoris trigger point, left: 3 inserted but 2 removed. Account for the 1 missing "
        "needle before signing.",
        "Confirm that the needles went into a sharps container (dry needling was done).",
    ]
    needling_draft.refresh_from_db()
    assert needling_draft.status == VisitStatus.DRAFT


def test_a_visit_without_needling_needs_only_the_pain_at_start(draft, therapist_a1):
    draft.pain_start = 5
    draft.save()
    assert signing_problems(draft) == []
    signed = sign_visit(visit_id=draft.pk, by=therapist_a1)
    assert (signed.status, signed.signed_by) == (VisitStatus.SIGNED, therapist_a1)
    assert signed.signed_at is not None


def test_only_the_visits_therapist_signs_it(draft, therapist_a2):
    draft.pain_start = 5
    draft.save()
    with pytest.raises(PermissionError):
        sign_visit(visit_id=draft.pk, by=therapist_a2)


def test_sign_from_the_page_lists_the_problems_then_signs_once_fixed(client_as, therapist_a1, needling_draft):
    add_needling(needling_draft, inserted=3, removed=2)
    browser = client_as(therapist_a1)
    data = {**page_data(needling_draft, action="sign"), "pain_start": "6", "sharps_disposal_confirmed": "on"}

    response = browser.post(needling_draft.get_absolute_url(), data, follow=True)

    html = response.content.decode()
    assert "Not signed yet" in html and "3 inserted but 2 removed" in html
    needling_draft.refresh_from_db()
    assert (needling_draft.status, needling_draft.pain_start) == (VisitStatus.DRAFT, 6)  # saved, not signed

    data = {**page_data(needling_draft, action="sign"), "needling-0-needles_removed": "3"}
    response = browser.post(needling_draft.get_absolute_url(), data, follow=True)

    needling_draft.refresh_from_db()
    assert needling_draft.status == VisitStatus.SIGNED
    assert "Visit signed" in response.content.decode()
    assert 'name="plan"' not in response.content.decode()  # the read-only note now


def test_an_addendum_is_shown_under_the_note_with_author_time_and_reason(client_as, therapist_a1, draft):
    draft.pain_start = 4
    draft.save()
    sign_visit(visit_id=draft.pk, by=therapist_a1)
    browser = client_as(therapist_a1)

    response = browser.post(
        f"/clients/visits/{draft.pk}/addenda/",
        {"reason": "Wrong side recorded", "text": "The finding was on the right, not the left."},
        follow=True,
    )

    addendum = Addendum.objects.get()
    assert (addendum.author, addendum.reason) == (therapist_a1, "Wrong side recorded")
    html = response.content.decode()
    assert html.index("Pain behind the left knee") < html.index("The finding was on the right, not the left.")
    assert "Wrong side recorded" in html


def test_an_addendum_needs_text_and_a_reason(client_as, therapist_a1, draft):
    draft.pain_start = 4
    draft.save()
    sign_visit(visit_id=draft.pk, by=therapist_a1)
    response = client_as(therapist_a1).post(f"/clients/visits/{draft.pk}/addenda/", {"text": "Something"})
    assert "Give the reason for the addendum." in response.content.decode()
    assert ">Something</textarea>" in response.content.decode()
    assert not Addendum.objects.exists()

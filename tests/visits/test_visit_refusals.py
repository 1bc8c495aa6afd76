"""Who may not do what: each refusal answers clearly and changes nothing."""

import pytest

from records.models import Finding, NeedlingSite, TechniqueApplication, Visit, VisitPainMark, VisitStatus
from reference.models import TechniqueKind
from tests.visits.builders import (
    add_addendum,
    add_finding,
    add_mark,
    add_needling,
    page_data,
    row,
    sign,
    technique,
    trigger_point,
)

VISIT_URLS = [
    "/clients/visits/{pk}/",
    "/clients/visits/{pk}/candidates/",
    "/clients/visits/{pk}/discard/",
    "/clients/visits/{pk}/addenda/",
    "/clients/visits/{pk}/print/",
    "/clients/visits/{pk}/handout/",
]


def snapshot(visit):
    """Everything about a visit that a refusal must leave as it was."""
    fresh = Visit.objects.get(pk=visit.pk)
    parts = [
        list(model.objects.filter(visit=visit).values())
        for model in (VisitPainMark, Finding, TechniqueApplication, NeedlingSite)
    ]
    return (fresh.status, fresh.lock_version, fresh.plan, fresh.updated_at, parts, fresh.history.count())


@pytest.mark.parametrize("url", VISIT_URLS)
def test_reception_gets_403_on_every_visit_url(client_as, reception_a, draft, url):
    browser = client_as(reception_a)
    assert browser.get(url.format(pk=draft.pk)).status_code in (403, 405)
    assert browser.post(url.format(pk=draft.pk), {"plan": "x"}).status_code == 403


@pytest.mark.parametrize("url", VISIT_URLS)
def test_another_clinics_therapist_gets_404_on_every_visit_url(client_as, therapist_b, draft, url):
    browser = client_as(therapist_b)
    before = snapshot(draft)
    assert browser.get(url.format(pk=draft.pk)).status_code in (404, 405)
    assert browser.post(url.format(pk=draft.pk), {"plan": "x", "reason": "x", "text": "x"}).status_code in (
        404,
        405,
    )
    assert snapshot(draft) == before


@pytest.mark.parametrize("url", VISIT_URLS)
def test_a_curator_without_a_clinic_gets_404(client_as, curator, draft, url):
    assert client_as(curator).post(url.format(pk=draft.pk), {}).status_code == 404


def test_reception_sees_visit_dates_on_the_client_page_but_no_clinical_content(client_as, reception_a, draft):
    sign(draft)
    html = client_as(reception_a).get(draft.client.get_absolute_url()).content.decode()
    assert draft.started_at.astimezone().strftime("%d/%m/%Y") in html
    assert draft.get_absolute_url() not in html
    assert "Pain behind the left knee" not in html and "pain-over-time" not in html


def test_reception_cannot_start_a_visit_and_another_clinic_cannot_see_the_client(
    client_as, reception_a, therapist_b, patient
):
    assert client_as(reception_a).post(f"/clients/{patient.pk}/visits/new/").status_code == 403
    assert client_as(therapist_b).post(f"/clients/{patient.pk}/visits/new/").status_code == 404
    assert not Visit.objects.exists()


def test_a_therapist_cannot_edit_sign_or_discard_another_therapists_draft(client_as, therapist_a2, draft):
    browser = client_as(therapist_a2)
    before = snapshot(draft)

    page = browser.get(draft.get_absolute_url())
    assert page.status_code == 200 and "only they can change or sign it" in page.content.decode()
    data = {**page_data(draft), "plan": "overwritten by a colleague"}
    assert browser.post(draft.get_absolute_url(), data).status_code == 403
    assert browser.post(draft.get_absolute_url(), {**data, "action": "sign"}).status_code == 403
    assert browser.post(f"/clients/visits/{draft.pk}/discard/", {"reason": "mine now"}).status_code == 403
    assert browser.post(f"/clients/visits/{draft.pk}/candidates/", {}).status_code == 403
    assert snapshot(draft) == before


def test_a_signed_visit_cannot_be_edited_or_deleted_by_post_to_any_url(
    client_as, therapist_a1, needling_draft
):
    add_mark(needling_draft)
    add_finding(needling_draft)
    add_needling(needling_draft)
    data = {
        **page_data(needling_draft),
        "plan": "changed after signing",
        "findings-0-DELETE": "on",
        "needling-0-DELETE": "on",
        "reason": "tidy up",
        "add_candidate": f"{trigger_point().pk}:right",
    }
    sign(needling_draft)
    before = snapshot(needling_draft)
    browser = client_as(therapist_a1)

    for url in VISIT_URLS:
        for action in ("save", "sign"):
            response = browser.post(url.format(pk=needling_draft.pk), {**data, "action": action})
            if "addenda" in url:
                # The correction path: without text an addendum is refused by the field, the note untouched.
                assert response.status_code == 200 and "Write the addendum." in response.content.decode()
            else:
                assert response.status_code in (405, 409), url
                if response.status_code == 409:
                    assert "locked" in response.content.decode()
    assert snapshot(needling_draft) == before


def test_the_admin_cannot_change_or_delete_a_signed_visit(client_as, django_user_model, draft):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.com", "x" * 16)
    client = client_as(admin_user)
    sign(draft)

    change = client.get(f"/admin/records/visit/{draft.pk}/change/")
    assert change.status_code == 200
    assert 'name="plan"' not in change.content.decode()  # read-only
    client.post(f"/admin/records/visit/{draft.pk}/change/", {"plan": "admin edit"})
    assert client.get(f"/admin/records/visit/{draft.pk}/delete/").status_code == 403
    draft.refresh_from_db()
    assert draft.plan == ""


def test_the_admin_can_correct_a_draft_but_never_delete_it(client_as, django_user_model, draft):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.com", "x" * 16)
    client = client_as(admin_user)
    html = client.get(f"/admin/records/visit/{draft.pk}/change/").content.decode()
    assert 'name="plan"' in html
    assert client.get(f"/admin/records/visit/{draft.pk}/delete/").status_code == 403


def test_needling_is_refused_without_consent_with_a_clear_message(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    html = browser.get(draft.get_absolute_url()).content.decode()
    assert "Dry needling cannot be recorded:" in html and "has no dry-needling consent on record" in html
    assert 'name="needling-0-needles_inserted"' not in html

    data = page_data(draft)
    data["needling-TOTAL_FORMS"] = "1"
    data.update(
        row(
            "needling",
            0,
            trigger_point=trigger_point().pk,
            side="left",
            technique=technique("dry_needling").pk,
            method="static",
            needles_inserted=2,
            needles_removed=2,
            gauge_mm="0.25",
            length_mm=40,
            tolerance="good",
        )
    )
    data["plan"] = "kept after the refusal"
    response = browser.post(draft.get_absolute_url(), data)

    assert response.status_code == 200
    assert "Dry needling cannot be recorded: Mia Kowalski has no current dry-needling consent" in (
        response.content.decode()
    )
    assert "kept after the refusal" in response.content.decode()
    assert not NeedlingSite.objects.exists()


def test_withdrawn_consent_refuses_new_needling(client_as, therapist_a1, needling_draft):
    from datetime import date

    consent = needling_draft.client.consents.get()
    consent.withdrawn_on, consent.withdrawn_by, consent.withdrawal_reason = (
        date.today(),
        therapist_a1,
        "Changed mind",
    )
    consent.save()
    html = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()
    assert "has withdrawn dry-needling consent" in html


def test_wet_needling_is_refused_in_techniques_and_in_needling(client_as, therapist_a1, needling_draft):
    wet = technique(TechniqueKind.WET_NEEDLING)
    data = page_data(needling_draft)
    data.update(row("techniques", 0, technique=wet.pk, side="left"))
    data.update(
        row(
            "needling",
            0,
            trigger_point=trigger_point().pk,
            side="left",
            technique=wet.pk,
            method="static",
            needles_inserted=1,
            needles_removed=1,
            gauge_mm="0.25",
            length_mm=40,
            tolerance="good",
        )
    )

    response = client_as(therapist_a1).post(needling_draft.get_absolute_url(), data)

    html = response.content.decode()
    assert html.count("Wet needling cannot be logged as routine treatment. Scope of practice:") == 2
    assert not TechniqueApplication.objects.exists() and not NeedlingSite.objects.exists()


def test_an_addendum_on_a_draft_is_refused(client_as, therapist_a1, draft):
    response = client_as(therapist_a1).post(
        f"/clients/visits/{draft.pk}/addenda/", {"text": "x", "reason": "y"}
    )
    assert response.status_code == 409 and "edit the draft instead" in response.content.decode()


def test_a_discarded_draft_is_locked(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    browser.post(f"/clients/visits/{draft.pk}/discard/", {"reason": "Wrong client"})
    draft.refresh_from_db()
    assert draft.status == VisitStatus.DISCARDED
    assert browser.post(draft.get_absolute_url(), page_data(draft)).status_code == 409
    assert "Wrong client" in browser.get(draft.get_absolute_url()).content.decode()


def test_discarding_needs_a_reason(client_as, therapist_a1, draft):
    response = client_as(therapist_a1).post(f"/clients/visits/{draft.pk}/discard/", {"reason": "  "})
    assert "Give a reason" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VisitStatus.DRAFT


def test_an_addendum_is_not_a_way_to_edit_the_signed_note(client_as, therapist_a2, draft, therapist_a1):
    sign(draft)
    add_addendum(draft, therapist_a1)
    response = client_as(therapist_a2).post(
        f"/clients/visits/{draft.pk}/addenda/",
        {"text": "Client also reports calf pain.", "reason": "Late report"},
    )
    assert response.status_code == 302
    assert draft.addenda.count() == 2
    draft.refresh_from_db()
    assert draft.presenting_complaint == "Pain behind the left knee when running"

"""The change history records what changed: a save that changed nothing adds nothing, and a removed part
says which one it was."""

from records.models import Client, NeedlingSite, Visit
from tests.visits.builders import add_needling, page_data


def history_html(client_as, admin, client_id):
    return client_as(admin).get(f"/clients/{client_id}/history/").content.decode()


def test_saving_an_unchanged_draft_records_no_change(client_as, admin_a, therapist_a1, draft):
    browser = client_as(therapist_a1)
    response = browser.post(draft.get_absolute_url(), page_data(draft) | {"plan": "Review in a week"})
    assert response.status_code == 302
    assert Visit.objects.get(pk=draft.pk).plan == "Review in a week"
    rows_before = Visit.history.filter(id=draft.pk).count()

    for _ in range(3):
        assert browser.post(draft.get_absolute_url(), page_data(draft)).status_code == 302

    assert Visit.history.filter(id=draft.pk).count() == rows_before
    html = history_html(client_as, admin_a, draft.client_id)
    assert html.count("Review in a week") == 1, html[html.index("<main") :]


def test_saving_an_unchanged_client_form_records_no_change(client_as, admin_a, therapist_a1, patient):
    browser = client_as(therapist_a1)
    data = {
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex": patient.sex,
        "occupation": patient.occupation,
        "lock_version": patient.lock_version,
    }
    rows_before = patient.history.count()

    assert browser.post(f"/clients/{patient.pk}/edit/", data).status_code == 302

    assert patient.history.count() == rows_before
    assert Client.objects.get(pk=patient.pk).lock_version == patient.lock_version
    # A real change is still recorded, and moves the version on.
    assert browser.post(f"/clients/{patient.pk}/edit/", data | {"occupation": "Nurse"}).status_code == 302
    assert patient.history.count() == rows_before + 1
    assert Client.objects.get(pk=patient.pk).lock_version == patient.lock_version + 1


def test_a_removed_needling_site_is_named_in_the_history(client_as, admin_a, therapist_a1, needling_draft):
    add_needling(needling_draft)
    data = page_data(needling_draft)
    data["needling-0-DELETE"] = "on"

    assert client_as(therapist_a1).post(needling_draft.get_absolute_url(), data).status_code == 302

    assert not NeedlingSite.objects.exists()
    html = history_html(client_as, admin_a, needling_draft.client_id)
    day = needling_draft.started_at.astimezone().strftime("%d/%m/%Y")
    assert f"Visit {day}: needling site (Biceps femoris trigger point, left)</strong> removed" in html

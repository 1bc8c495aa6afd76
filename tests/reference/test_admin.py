"""The admin as the curators' tool: publish/unpublish, history, no deleting published entries, validation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reference.models import Muscle, ReferralZone, Status, Symptom, TriggerPoint
from reference.versioning import current_library_version
from tests.builders import admin_form_data
from tests.reference.builders import make_muscle, make_symptom, make_zone


def change_url(obj) -> str:
    return f"/admin/reference/{obj._meta.model_name}/{obj.pk}/change/"


def changelist(obj_or_model) -> str:
    return f"/admin/reference/{obj_or_model._meta.model_name}/"


def test_publishing_drafts_from_the_list_is_one_version_and_recorded_with_the_curator(client_as, curator):
    drafts = [make_symptom(status=Status.DRAFT) for _ in range(3)]

    response = client_as(curator).post(
        changelist(Symptom),
        {"action": "publish", "_selected_action": [s.pk for s in drafts]},
        follow=True,
    )

    assert "Published 3 entries. Library version is now 2." in response.content.decode()
    assert current_library_version() == 2
    for symptom in drafts:
        symptom.refresh_from_db()
        assert symptom.status == Status.PUBLISHED
        latest = symptom.history.first()
        assert latest.history_user == curator and latest.status == Status.PUBLISHED


def test_unpublishing_takes_an_entry_off_therapists_pages(client_as, curator, therapist_a1):
    sciatica_muscles = "/reference/conditions/sciatica/"
    from reference.models import Condition

    sciatica = Condition.objects.get(slug="sciatica")
    client_as(curator).post(changelist(Condition), {"action": "unpublish", "_selected_action": [sciatica.pk]})

    assert Condition.objects.get(pk=sciatica.pk).status == Status.DRAFT
    assert current_library_version() == 2
    assert client_as(therapist_a1).get(sciatica_muscles).status_code == 404


def test_publishing_refuses_an_incomplete_muscle_and_says_why(client_as, curator):
    piriformis = Muscle.objects.get(slug="piriformis")

    response = client_as(curator).post(
        changelist(Muscle), {"action": "publish", "_selected_action": [piriformis.pk]}, follow=True
    )

    html = response.content.decode()
    assert "Not changed: Piriformis" in html and "This field cannot be blank." in html
    assert Muscle.objects.get(pk=piriformis.pk).status == Status.DRAFT
    assert current_library_version() == 1


def test_there_is_no_bulk_delete_and_published_entries_have_no_delete_page(client_as, curator):
    client = client_as(curator)
    symptom = Symptom.objects.first()

    assert "delete_selected" not in client.get(changelist(Symptom)).content.decode()
    assert client.get(f"/admin/reference/symptom/{symptom.pk}/delete/").status_code == 403
    assert client.post(f"/admin/reference/symptom/{symptom.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Symptom.objects.filter(pk=symptom.pk).exists()


def test_a_draft_entry_can_be_deleted(client_as, curator):
    draft = make_symptom(status=Status.DRAFT)

    response = client_as(curator).post(f"/admin/reference/symptom/{draft.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Symptom.objects.filter(pk=draft.pk).exists()


def test_a_published_zone_cannot_be_deleted_from_its_trigger_point(client_as, curator, bf_trigger_point):
    client = client_as(curator)
    page = client.get(change_url(bf_trigger_point))
    data = admin_form_data(page)
    formset = page.context["inline_admin_formsets"][0].formset
    calf = next(form for form in formset.forms if form.instance.region.code == "calf_medial_upper")
    data[f"{calf.prefix}-DELETE"] = "on"

    response = client.post(change_url(bf_trigger_point), data)

    assert response.status_code == 200
    assert "is published: set it to draft (unpublish it) instead of deleting it." in response.content.decode()
    assert ReferralZone.objects.filter(pk=calf.instance.pk).exists()


def test_a_draft_zone_can_be_deleted_from_its_trigger_point(client_as, curator, bf_trigger_point):
    draft = make_zone(bf_trigger_point, "heel", "spillover", status=Status.DRAFT)
    client = client_as(curator)
    page = client.get(change_url(bf_trigger_point))
    data = admin_form_data(page)
    formset = page.context["inline_admin_formsets"][0].formset
    row = next(form for form in formset.forms if form.instance.pk == draft.pk)
    data[f"{row.prefix}-DELETE"] = "on"

    response = client.post(change_url(bf_trigger_point), data)

    assert response.status_code == 302
    assert not ReferralZone.objects.filter(pk=draft.pk).exists()


def test_a_curator_edits_a_zone_inline_and_the_history_says_who_changed_what(
    client_as, curator, bf_trigger_point, bf_calf_zone
):
    client = client_as(curator)
    page = client.get(change_url(bf_trigger_point))
    data = admin_form_data(page)
    formset = page.context["inline_admin_formsets"][0].formset
    row = next(form for form in formset.forms if form.instance.pk == bf_calf_zone.pk)
    data[f"{row.prefix}-kind"] = "essential"
    data[f"{row.prefix}-note"] = "Confirmed on the diagram"

    response = client.post(change_url(bf_trigger_point), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    bf_calf_zone.refresh_from_db()
    assert (bf_calf_zone.kind, bf_calf_zone.note) == ("essential", "Confirmed on the diagram")
    assert current_library_version() > 1
    history = client.get(f"/admin/reference/referralzone/{bf_calf_zone.pk}/history/").content.decode()
    assert "curator" in history.lower()
    record = bf_calf_zone.history.first()
    assert record.history_user == curator and record.kind == "essential"
    assert record.diff_against(record.prev_record).changed_fields == ["kind", "note"]


def test_saving_a_published_muscle_without_an_origin_shows_the_error_by_the_field(
    client_as, curator, biceps_femoris
):
    client = client_as(curator)
    data = admin_form_data(client.get(change_url(biceps_femoris)))
    data["origin"] = ""
    data["action"] = "Changed action that must not be lost"

    response = client.post(change_url(biceps_femoris), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["origin"] == ["This field cannot be blank."]
    assert "Changed action that must not be lost" in response.content.decode()
    assert Muscle.objects.get(pk=biceps_femoris.pk).origin.startswith("Ischial tuberosity")


def test_a_draft_muscle_may_be_saved_incomplete(client_as, curator):
    client = client_as(curator)
    response = client.post(
        "/admin/reference/muscle/add/",
        {
            "name": "Adductor magnus",
            "slug": "adductor-magnus",
            "sort_order": 0,
            "status": "draft",
            "source": Muscle.objects.get(slug="biceps-femoris").source_id,
            "parts-TOTAL_FORMS": 0,
            "parts-INITIAL_FORMS": 0,
            "trigger_points-TOTAL_FORMS": 0,
            "trigger_points-INITIAL_FORMS": 0,
            "associations-TOTAL_FORMS": 0,
            "associations-INITIAL_FORMS": 0,
            # Every entry's citations inline (further sources with page or figure).
            "reference-citation-content_type-object_id-TOTAL_FORMS": 0,
            "reference-citation-content_type-object_id-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Muscle.objects.get(slug="adductor-magnus").status == Status.DRAFT
    assert current_library_version() == 1


def test_autocomplete_finds_body_regions_for_a_zone(client_as, curator):
    response = client_as(curator).get(
        "/admin/autocomplete/",
        {"app_label": "reference", "model_name": "referralzone", "field_name": "region", "term": "knee"},
    )

    labels = [result["text"] for result in response.json()["results"]]
    assert "Back of knee, lateral (back)" in labels


def test_list_pages_search_and_filter(client_as, curator):
    client = client_as(curator)

    html = client.get("/admin/reference/referralzone/", {"q": "back of knee"}).content.decode()
    assert "Biceps femoris trigger point: Back of knee, lateral (essential)" in html
    html = client.get("/admin/reference/perpetuatingfactor/", {"needs_review__exact": "1"}).content.decode()
    assert "PSLE" in html and "Prolonged driving" not in html


# session, user, curator check, then the changelist's own queries; the rows' trigger points, muscles and
# regions come with them (list_select_related), so the count does not grow with the rows.
@pytest.mark.parametrize(
    "model", ["referralzone", "triggerpoint", "muscle", "muscleassociation", "technique"]
)
def test_admin_lists_run_a_fixed_number_of_queries(client_as, curator, model, django_assert_num_queries):
    client = client_as(curator)
    url = f"/admin/reference/{model}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(5):
        muscle = make_muscle()
        trigger_point = TriggerPoint.objects.create(
            muscle=muscle,
            label=f"TrP of {muscle.name}",
            slug=f"trp-{muscle.slug}",
            region_id=ReferralZone.objects.first().region_id,
            source=muscle.source,
            status=Status.PUBLISHED,
        )
        make_zone(trigger_point, "heel")
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)

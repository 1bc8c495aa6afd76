"""A curator saving a library entry from a stale admin page overwrites nothing and sees both versions."""

import pytest

from reference.models import Source
from tests.builders import admin_form_data, form_data, make_user
from tests.reference.builders import (
    make_association,
    make_condition,
    make_factor,
    make_group,
    make_muscle,
    make_self_help,
    make_source,
    make_symptom,
    make_technique,
    make_trigger_point,
    make_zone,
)

ENTRIES = {
    "muscle group": make_group,
    "muscle": make_muscle,
    "trigger point": lambda: make_trigger_point(make_muscle()),
    "referral zone": lambda: make_zone(make_trigger_point(make_muscle()), "calf_medial_upper"),
    "muscle association": lambda: make_association(make_muscle(), make_muscle()),
    "symptom": make_symptom,
    "perpetuating factor": make_factor,
    "self-help": make_self_help,
    "condition": make_condition,
    "technique": make_technique,
    "source": make_source,
}


def change_url(entry) -> str:
    return f"/admin/reference/{entry._meta.model_name}/{entry.pk}/change/"


def note_field(entry) -> str:
    """A free-text field every kind of entry has: sources have a note, entries a curator's note."""
    return "note" if isinstance(entry, Source) else "curator_note"


def revert_page_data(response) -> dict:
    """What the History page's "Revert" form posts (it has no inline rows)."""
    return form_data(response.context["adminform"].form)


def saved_by_another_curator(entry, text: str) -> None:
    other = make_user("curator_two", curator=True, first_name="Otto")
    fresh = type(entry).objects.get(pk=entry.pk)
    setattr(fresh, note_field(entry), text)
    fresh._history_user = other
    fresh.save()


@pytest.mark.parametrize("kind", ENTRIES)
def test_a_stale_admin_page_is_refused_with_both_versions_and_the_curators_input_kept(
    client_as, curator, kind
):
    entry = ENTRIES[kind]()
    browser = client_as(curator)
    page = browser.get(change_url(entry))
    assert 'name="lock_version" value="0"' in page.content.decode()
    stale = admin_form_data(page)
    field = note_field(entry)
    saved_by_another_curator(entry, "Otto's correction")
    history_before = entry.history.count()

    response = browser.post(change_url(entry), {**stale, field: "Cora's correction"})

    html = response.content.decode()
    assert response.status_code == 200
    conflict = html.split("data-edit-conflict")[1]
    assert "Otto Tester changed this" in conflict
    assert "Otto&#x27;s correction" in conflict and "Cora&#x27;s correction" in conflict
    entry.refresh_from_db()
    assert getattr(entry, field) == "Otto's correction"
    assert entry.history.count() == history_before  # the refused save left no trace

    # The page came back at the stored version: saving it again deliberately replaces Otto's version.
    again = browser.post(change_url(entry), admin_form_data(response))
    assert again.status_code == 302, again.content.decode()[:3000]
    entry.refresh_from_db()
    assert getattr(entry, field) == "Cora's correction"


def test_an_unchanged_stale_page_that_only_differs_in_its_rows_says_so(client_as, curator):
    trigger_point = make_trigger_point(make_muscle())
    browser = client_as(curator)
    stale = admin_form_data(browser.get(change_url(trigger_point)))
    fresh = type(trigger_point).objects.get(pk=trigger_point.pk)
    fresh.save()  # a save that changed no field on the page (e.g. an inline row's parent touched)

    response = browser.post(change_url(trigger_point), stale)

    assert response.status_code == 200
    assert "The fields at the top of this page are the same in both" in response.content.decode()


def test_a_curator_reverts_an_entry_to_an_earlier_version_from_its_history(client_as, curator):
    muscle = make_muscle(curator_note="first")
    muscle.curator_note = "second"
    muscle.save()
    first = muscle.history.order_by("history_date").first()
    url = f"/admin/reference/muscle/{muscle.pk}/history/{first.history_id}/"
    browser = client_as(curator)

    page = browser.get(url)
    # The page carries the version stored now (1), not the old one it shows (0).
    assert 'name="lock_version" value="1"' in page.content.decode()
    response = browser.post(url, revert_page_data(page))

    assert response.status_code == 302, response.content.decode()[:3000]
    muscle.refresh_from_db()
    assert (muscle.curator_note, muscle.lock_version) == ("first", 2)


def test_a_revert_page_opened_before_another_save_is_refused(client_as, curator):
    muscle = make_muscle(curator_note="first")
    first = muscle.history.first()
    url = f"/admin/reference/muscle/{muscle.pk}/history/{first.history_id}/"
    browser = client_as(curator)
    stale = revert_page_data(browser.get(url))
    saved_by_another_curator(muscle, "Otto's correction")

    response = browser.post(url, stale)

    assert response.status_code == 200
    assert "Otto Tester changed this" in response.content.decode()
    muscle.refresh_from_db()
    assert muscle.curator_note == "Otto's correction"


def test_a_stale_inline_row_changed_on_its_parents_page_is_refused(client_as, curator):
    muscle = make_muscle()
    trigger_point = make_trigger_point(muscle, location_description="As loaded")
    browser = client_as(curator)
    page = browser.get(change_url(muscle))
    data = admin_form_data(page)
    row = next(
        form
        for formset in page.context["inline_admin_formsets"]
        for form in formset.formset.forms
        if form.instance.pk == trigger_point.pk
    )
    saved_by_another_curator(trigger_point, "Otto's note on the trigger point")
    data[f"{row.prefix}-location_description"] = "Cora's description"

    response = browser.post(change_url(muscle), data)

    assert response.status_code == 200
    assert "Otto Tester changed this" in response.content.decode()
    trigger_point.refresh_from_db()
    assert (trigger_point.location_description, trigger_point.curator_note) == (
        "As loaded",
        "Otto's note on the trigger point",
    )


def test_an_inline_row_whose_fields_did_not_change_does_not_block_saving_its_parent(client_as, curator):
    muscle = make_muscle()
    trigger_point = make_trigger_point(muscle)
    browser = client_as(curator)
    data = admin_form_data(browser.get(change_url(muscle)))
    type(trigger_point).objects.get(pk=trigger_point.pk).save()  # a new version, the same fields

    response = browser.post(change_url(muscle), {**data, "curator_note": "Cora's note on the muscle"})

    assert response.status_code == 302
    muscle.refresh_from_db()
    assert muscle.curator_note == "Cora's note on the muscle"


def test_a_row_changed_elsewhere_blocks_its_parents_stale_page_even_if_this_user_left_it_alone(
    client_as, curator
):
    """Django saves every row whose posted values differ from the stored ones: the stale row would be."""
    muscle = make_muscle()
    trigger_point = make_trigger_point(muscle)
    browser = client_as(curator)
    data = admin_form_data(browser.get(change_url(muscle)))
    saved_by_another_curator(trigger_point, "Otto's note on the trigger point")

    response = browser.post(change_url(muscle), {**data, "curator_note": "Cora's note on the muscle"})

    assert response.status_code == 200
    trigger_point.refresh_from_db()
    assert trigger_point.curator_note == "Otto's note on the trigger point"

"""Client records, the clinic and memberships edited in the Django admin get the same version check."""

import pytest

from clinic.models import Clinic, Membership
from records.models import Client, Consent, ConsentKind
from tests.builders import admin_form_data, make_user
from tests.records.builders import make_consent

# model -> (a text field its admin change page edits, a builder of the record from the fixtures)
RECORDS = {
    "client": ("notes", lambda client_a, therapist: client_a),
    "consent": ("consent_text_version", lambda client_a, therapist: make_consent(client_a, by=therapist)),
    "consent kind": (
        "description",
        lambda client_a, therapist: ConsentKind.objects.create(
            clinic=client_a.clinic, code="cupping", name="Cupping"
        ),
    ),
    "clinic": ("name", lambda client_a, therapist: client_a.clinic),
    "membership": ("role", lambda client_a, therapist: therapist.membership),
}
THEIRS = {"role": "reception"}
MINE = {"role": "clinic_admin"}


def change_url(record) -> str:
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"


@pytest.mark.parametrize("kind", RECORDS)
def test_a_stale_admin_page_is_refused_with_both_versions(client_as, superuser, client_a, therapist_a1, kind):
    field, build = RECORDS[kind]
    record = build(client_a, therapist_a1)
    browser = client_as(superuser)
    stale = admin_form_data(browser.get(change_url(record)))
    theirs, mine = THEIRS.get(field, "Their version 2"), MINE.get(field, "My version 3")
    other = type(record).objects.get(pk=record.pk)
    setattr(other, field, theirs)
    other._history_user = make_user("another_root", first_name="Otto")
    other.save()

    response = browser.post(change_url(record), {**stale, field: mine})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Otto Tester changed this" in html.split("data-edit-conflict")[1]
    record.refresh_from_db()
    assert getattr(record, field) == theirs
    again = browser.post(change_url(record), admin_form_data(response))
    assert again.status_code == 302, again.content.decode()[:3000]
    record.refresh_from_db()
    assert getattr(record, field) == mine


def test_every_model_edited_in_the_admin_is_version_checked_there():
    """A new editable model must opt in: VersionedModel on the model, the mixin on its admin."""
    from django.contrib.admin.sites import site

    from clinic.admin_conflicts import VersionCheckedAdminMixin
    from clinic.edit_conflicts import VersionedModel
    from records.models import Visit

    # Read-only registrations (the access log, body regions, the library version) and visits, which keep
    # their own save path (records/visits/saving.py), are the exceptions.
    exceptions = {"AccessLogEntry", "Addendum", "BodyRegion", "LibraryVersion", "Visit"}
    checked = {Client, Consent, ConsentKind, Clinic, Membership}
    for model, model_admin in site._registry.items():
        if model._meta.app_label not in {"clinic", "records", "reference"} or model.__name__ in exceptions:
            continue
        assert issubclass(model, VersionedModel), model
        assert isinstance(model_admin, VersionCheckedAdminMixin), model
        checked.add(model)
    assert len(checked) >= 16 and Visit not in checked

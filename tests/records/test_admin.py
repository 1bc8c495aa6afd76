"""The Django admin never deletes client records nor rewrites their history."""

import pytest
from django.contrib.admin.sites import site

from records.models import AccessLogEntry, Client, Consent, ConsentKind


@pytest.mark.parametrize("model", [Client, Consent, ConsentKind, AccessLogEntry])
def test_nothing_in_records_can_be_deleted_in_the_admin(rf, superuser, model):
    request = rf.get("/admin/")
    request.user = superuser
    model_admin = site._registry[model]

    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_the_access_log_is_read_only_in_the_admin(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    model_admin = site._registry[AccessLogEntry]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)


def test_history_cannot_be_reverted_in_the_admin(client_as, superuser, client_a):
    client = client_as(superuser)
    version = client_a.history.first()

    page = client.get(f"/admin/records/client/{client_a.pk}/history/{version.history_id}/")
    assert page.status_code in (200, 403)
    assert "Revert" not in page.content.decode()
    posted = client.post(
        f"/admin/records/client/{client_a.pk}/history/{version.history_id}/", {"given_name": "X"}
    )
    assert posted.status_code == 403
    listing = client.get(f"/admin/records/client/{client_a.pk}/history/")
    assert listing.status_code == 200
    assert client.get(f"/admin/records/client/{client_a.pk}/delete/").status_code == 403

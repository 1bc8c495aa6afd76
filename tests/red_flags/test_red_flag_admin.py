"""Curators maintain the red-flag rules in the admin like any library entry: history, publish/unpublish with
one version change, no deleting a published rule, and a malformed trigger refused next to the field."""

import pytest

from reference.models import RedFlagRule, Status
from reference.versioning import current_library_version

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/reference/redflagrule/"


def test_curators_list_and_unpublish_rules_in_one_version_with_history(client_as, curator):
    rule = RedFlagRule.objects.get(slug="widespread-pain")
    browser = client_as(curator)
    version = current_library_version()

    assert "Widespread pain" in browser.get(CHANGELIST).content.decode()
    response = browser.post(CHANGELIST, {"action": "unpublish", "_selected_action": [rule.pk]}, follow=True)

    assert "Unpublished 1 entry." in response.content.decode()
    rule.refresh_from_db()
    assert rule.status == Status.DRAFT and current_library_version() == version + 1
    assert rule.history.first().history_user == curator


def test_a_published_rule_cannot_be_deleted_but_a_draft_can(client_as, curator):
    rule = RedFlagRule.objects.get(slug="widespread-pain")
    browser = client_as(curator)

    assert browser.post(f"{CHANGELIST}{rule.pk}/delete/", {"post": "yes"}).status_code == 403
    assert RedFlagRule.objects.filter(pk=rule.pk).exists()

    rule.status = Status.DRAFT
    rule.save()
    browser.post(f"{CHANGELIST}{rule.pk}/delete/", {"post": "yes"})
    assert not RedFlagRule.objects.filter(pk=rule.pk).exists()


def test_a_malformed_trigger_is_refused_next_to_the_field_and_nothing_changes(client_as, curator):
    rule = RedFlagRule.objects.get(slug="vascular-claudication")
    browser = client_as(curator)
    data = {
        "name": rule.name,
        "slug": rule.slug,
        "description": "",
        "sort_order": rule.sort_order,
        "urgency": rule.urgency,
        "triggers": '{"answer": "limping"}',
        "message": rule.message,
        "message_is_library_wording": "on",
        "conditions": [c.pk for c in rule.conditions.all()],
        "status": rule.status,
        "source": rule.source_id,
        "curator_note": "",
    }

    response = browser.post(f"{CHANGELIST}{rule.pk}/change/", data)

    assert response.status_code == 200
    assert "unknown checklist answer &#x27;limping&#x27;" in response.content.decode()
    rule.refresh_from_db()
    assert rule.triggers == {"answer": "claudication"}


def test_other_staff_see_no_rules_in_the_admin(client_as, admin_a):
    assert client_as(admin_a).get(CHANGELIST).status_code in (302, 403)

"""Episodes and check-ins in the Django admin: read-mostly, nothing added or deleted, locked check-ins
unchangeable."""

import pytest
from django.contrib.admin.sites import site

from records.models import CheckIn, CheckInAddendum, CheckInKind, Episode
from tests.outcomes.builders import answer_lefs, make_check_in, make_episode
from tests.records.builders import make_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def check_in(clinic_a, therapist_a1):
    episode = make_episode(make_client(clinic_a), therapist_a1)
    check_in = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE, usual_pain_week=5)
    answer_lefs(check_in, {1: 3, 2: 2})
    return check_in


@pytest.mark.parametrize("model", [Episode, CheckIn])
def test_nothing_is_added_or_deleted_in_the_admin(rf, superuser, model):
    request = rf.get("/admin/")
    request.user = superuser
    model_admin = site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_a_superuser_reads_episodes_and_check_ins_with_their_answers(client_as, superuser, check_in):
    client = client_as(superuser)
    assert client.get("/admin/records/episode/").status_code == 200
    assert client.get(f"/admin/records/episode/{check_in.episode_id}/change/").status_code == 200
    assert client.get("/admin/records/checkin/").status_code == 200
    page = client.get(f"/admin/records/checkin/{check_in.pk}/change/")
    assert page.status_code == 200
    assert "LEFS item score" in page.content.decode()


def test_a_signed_check_in_cannot_be_changed_in_the_admin(rf, superuser, check_in, therapist_a1):
    request = rf.get("/admin/")
    request.user = superuser
    model_admin = site._registry[CheckIn]
    assert model_admin.has_change_permission(request, check_in)
    check_in.sign(by=therapist_a1)
    assert not model_admin.has_change_permission(request, check_in)
    assert CheckInAddendum not in site._registry  # addenda are written in the app, with author and reason

"""The client export (records/export.py, the page and ``manage.py export_client``) holds every episode and
check-in item by item: each LEFS answer, each PSFS activity and score, GROC, usual pain, addenda."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from records.export import client_record
from records.models import CheckInAddendum, CheckInKind
from tests.outcomes.builders import answer_lefs, make_check_in, name_activity, score_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(episode, therapist_a1):
    running = name_activity(episode, 1, "Running 5 km")
    stairs = name_activity(episode, 2, "Stairs")
    baseline = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE, usual_pain_week=7)
    answer_lefs(baseline, dict.fromkeys(range(1, 21), 2) | {20: 0})
    score_activity(baseline, running, 2)
    score_activity(baseline, stairs, 5)
    later = make_check_in(episode, therapist_a1, recorded_on=date(2025, 4, 1), groc=5, usual_pain_week=3)
    answer_lefs(later, dict.fromkeys(range(1, 17), 3))
    score_activity(later, running, 6)
    later.sign(by=therapist_a1)
    CheckInAddendum.objects.create(check_in=later, text="Pain was 2", reason="Misheard", author=therapist_a1)
    return episode


def test_the_export_holds_every_episode_and_check_in_item_by_item(
    measured, runner, django_assert_num_queries
):
    with django_assert_num_queries(6):
        from records.export import episodes_record

        episodes = episodes_record(runner)
    [episode] = episodes
    assert episode["title"] == "Left hamstring strain" and episode["body_area"] == "Posterior thigh, left"
    assert episode["psfs_activities"] == [
        {"position": 1, "name": "Running 5 km"},
        {"position": 2, "name": "Stairs"},
    ]
    baseline, later = episode["check_ins"]
    assert baseline["kind"] == "baseline" and baseline["usual_pain_week"] == 7 and baseline["groc"] is None
    assert len(baseline["lefs_items"]) == 20
    assert baseline["lefs_items"][19] == {
        "item": 20,
        "text": "Rolling over in bed",
        "score": 0,
        "answer": "Extreme difficulty or unable to perform activity",
    }
    assert baseline["lefs_total"] == {"total": 38, "answered": 20, "prorated": False}
    assert baseline["psfs_scores"] == [
        {"activity": "Running 5 km", "position": 1, "score": 2},
        {"activity": "Stairs", "position": 2, "score": 5},
    ]
    assert baseline["psfs_average"] == "3.5"
    assert later["groc"] == 5 and later["groc_label"] == "A good deal better"
    assert later["lefs_total"] == {"total": 60, "answered": 16, "prorated": True}
    assert later["status"] == "signed" and later["signed_by"]
    assert later["addenda"][0]["text"] == "Pain was 2" and later["addenda"][0]["reason"] == "Misheard"
    assert client_record(runner)["episodes"] == episodes


def test_the_command_and_the_page_export_the_measures(measured, runner, client_as, admin_a):
    out = StringIO()
    call_command("export_client", runner.client_number, stdout=out)
    document = json.loads(out.getvalue())
    assert len(document["episodes"][0]["check_ins"][0]["lefs_items"]) == 20
    response = client_as(admin_a).get(f"/clients/{runner.pk}/export/")
    downloaded = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert downloaded["episodes"][0]["check_ins"][1]["psfs_scores"][0]["score"] == 6

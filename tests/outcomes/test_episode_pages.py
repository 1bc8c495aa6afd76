"""Opening, editing, discharging and reopening an episode of care (records/views/outcomes_entry.py): what is
saved, what bad input gets, the version check, who may, and the access log."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from records.models import AccessLogEntry, Action, DischargeReason, Episode, EpisodeStatus, PsfsActivity

pytestmark = pytest.mark.django_db


def episode_data(**overrides):
    data = {
        "title": "Right calf strain",
        "body_area": "Calf, right",
        "started_on": "2025-05-02",
        "goals": "Run 10 km again",
        "referral_source": "GP",
    }
    data.update(overrides)
    return data


def test_a_therapist_opens_an_episode_with_its_psfs_activities(client_as, therapist_a1, runner):
    data = episode_data(activity_1="Running 5 km", activity_2="Stairs", activity_3="Squatting")
    response = client_as(therapist_a1).post(f"/clients/{runner.pk}/episodes/new/", data)
    assert response.status_code == 302
    episode = Episode.objects.get(client=runner, title="Right calf strain")
    assert (episode.body_area, episode.started_on, episode.goals) == (
        "Calf, right",
        date(2025, 5, 2),
        "Run 10 km again",
    )
    assert episode.created_by == therapist_a1 and episode.status == EpisodeStatus.ACTIVE
    assert list(episode.psfs_activities.values_list("position", "name")) == [
        (1, "Running 5 km"),
        (2, "Stairs"),
        (3, "Squatting"),
    ]
    assert AccessLogEntry.objects.filter(client=runner, action=Action.EDIT_EPISODE).exists()
    assert episode.history.count() == 1


def test_activities_are_optional_but_never_fewer_than_three(client_as, therapist_a1, runner):
    browser = client_as(therapist_a1)
    assert browser.post(f"/clients/{runner.pk}/episodes/new/", episode_data()).status_code == 302
    response = browser.post(
        f"/clients/{runner.pk}/episodes/new/",
        episode_data(title="Second", activity_1="Running", activity_3="Hop"),
    )
    assert response.status_code == 200
    assert "Name at least 3 activities" in response.content.decode()
    # What was typed is kept.
    assert 'value="Running"' in response.content.decode() and 'value="Second"' in response.content.decode()
    assert not Episode.objects.filter(title="Second").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Name the presenting problem."),
        ("title", "x" * 201, "at most 200 characters"),
        ("started_on", "1999-12-31", "Check the year"),
        ("started_on", (timezone.localdate() + timedelta(days=3)).isoformat(), "cannot be in the future"),
        ("started_on", "1980-01-01", "Check the year"),
        ("goals", "x" * 2001, "at most 2000 characters"),
        ("referral_source", "GP\x00", "control characters"),
        ("activity_1", "y" * 201, "at most 200 characters"),
    ],
)
def test_bad_episode_input_gets_a_message_next_to_the_field(
    client_as, therapist_a1, runner, field, value, message
):
    response = client_as(therapist_a1).post(
        f"/clients/{runner.pk}/episodes/new/", episode_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Episode.objects.filter(client=runner).exists()


def test_an_episode_cannot_start_before_the_client_was_born(client_as, therapist_a1, runner):
    runner.date_of_birth = date(2001, 1, 1)
    runner.save()
    response = client_as(therapist_a1).post(
        f"/clients/{runner.pk}/episodes/new/", episode_data(title="Later", started_on="2000-06-01")
    )
    assert response.status_code == 200 and "before the client was born" in response.content.decode()


def test_editing_an_episode_is_version_checked(client_as, therapist_a1, therapist_a2, episode):
    url = f"/clients/episodes/{episode.pk}/edit/"
    opened = episode.lock_version
    # Someone else saves first.
    assert (
        client_as(therapist_a2)
        .post(url, episode_data(title="Hamstring, left", lock_version=opened))
        .status_code
        == 302
    )
    response = client_as(therapist_a1).post(
        url, episode_data(title="Left hamstring tear", lock_version=opened)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Hamstring, left" in page and "Left hamstring tear" in page  # both versions shown, input kept
    episode.refresh_from_db()
    assert episode.title == "Hamstring, left"
    # Saving again from the conflict page is a deliberate choice to replace it.
    response = client_as(therapist_a1).post(
        url, episode_data(title="Left hamstring tear", lock_version=episode.lock_version)
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.title == "Left hamstring tear"


def test_an_edit_form_does_not_offer_to_rename_activities(client_as, therapist_a1, episode):
    page = client_as(therapist_a1).get(f"/clients/episodes/{episode.pk}/edit/").content.decode()
    assert "activity_1" not in page


def test_discharging_and_reopening_an_episode(client_as, therapist_a1, episode):
    url = f"/clients/episodes/{episode.pk}/discharge/"
    browser = client_as(therapist_a1)
    assert "Discharge" in browser.get(url).content.decode()
    response = browser.post(
        url,
        {
            "action": "discharge",
            "discharged_on": "2025-06-30",
            "discharge_reason": DischargeReason.GOALS_MET,
            "discharge_note": "Back to running",
            "lock_version": episode.lock_version,
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.status, episode.discharged_on, episode.discharge_reason, episode.discharge_note) == (
        EpisodeStatus.DISCHARGED,
        date(2025, 6, 30),
        DischargeReason.GOALS_MET,
        "Back to running",
    )
    assert "Reopen" in browser.get(url).content.decode()
    response = browser.post(url, {"action": "reopen", "lock_version": episode.lock_version})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ACTIVE and episode.discharged_on is None
    assert AccessLogEntry.objects.filter(
        action=Action.DISCHARGE_EPISODE, detail__endswith="reopened"
    ).exists()
    assert episode.history.filter(status=EpisodeStatus.DISCHARGED).exists()  # the discharge stays in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"discharged_on": "2025-01-01", "discharge_reason": "goals_met"}, "cannot end before it started"),
        ({"discharged_on": "2025-06-30", "discharge_reason": ""}, "Give the reason for the discharge."),
        ({"discharged_on": "2025-06-30", "discharge_reason": "bored"}, "Select a valid choice"),
        ({"discharged_on": "0001-01-01", "discharge_reason": "goals_met"}, "Check the year"),
        (
            {"discharged_on": "2025-06-30", "discharge_reason": "goals_met", "discharge_note": "n" * 501},
            "at most 500 characters",
        ),
    ],
)
def test_a_bad_discharge_gets_a_message_and_changes_nothing(client_as, therapist_a1, episode, data, message):
    response = client_as(therapist_a1).post(
        f"/clients/episodes/{episode.pk}/discharge/",
        {"action": "discharge", "lock_version": episode.lock_version, **data},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ACTIVE


def test_a_discharge_from_a_stale_page_is_refused(client_as, therapist_a1, episode):
    opened = episode.lock_version
    episode.title = "Renamed elsewhere"
    episode.save()
    response = client_as(therapist_a1).post(
        f"/clients/episodes/{episode.pk}/discharge/",
        {
            "action": "discharge",
            "discharged_on": "2025-06-30",
            "discharge_reason": "goals_met",
            "lock_version": opened,
        },
    )
    assert response.status_code == 409
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ACTIVE


def test_reopening_an_active_episode_changes_nothing(client_as, therapist_a1, episode):
    response = client_as(therapist_a1).post(
        f"/clients/episodes/{episode.pk}/discharge/",
        {"action": "reopen", "lock_version": episode.lock_version},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ACTIVE and episode.history.count() == 1


@pytest.mark.parametrize("path", ["edit/", "discharge/", "check-ins/new/"])
def test_reception_gets_403_and_another_clinic_404(client_as, reception_a, therapist_b, episode, path):
    url = f"/clients/episodes/{episode.pk}/{path}"
    assert client_as(reception_a).get(url).status_code == 403
    assert client_as(therapist_b).get(url).status_code == 404
    assert client_as(reception_a).post(url, episode_data()).status_code == 403
    assert client_as(therapist_b).post(url, episode_data()).status_code == 404
    assert client_as(reception_a).get(f"/clients/{episode.client_id}/episodes/new/").status_code == 403
    assert client_as(therapist_b).get(f"/clients/{episode.client_id}/episodes/new/").status_code == 404


def test_no_episode_for_an_archived_client(client_as, therapist_a1, runner):
    runner.archive(by=therapist_a1)
    response = client_as(therapist_a1).post(f"/clients/{runner.pk}/episodes/new/", episode_data())
    assert response.status_code == 302
    assert not Episode.objects.filter(client=runner).exists()
    assert not PsfsActivity.objects.exists()


def test_the_forms_start_dated_today(client_as, therapist_a1, runner, episode):
    today = timezone.localdate().isoformat()
    browser = client_as(therapist_a1)
    assert f'value="{today}"' in browser.get(f"/clients/{runner.pk}/episodes/new/").content.decode()
    assert (
        f'value="{today}"' in browser.get(f"/clients/episodes/{episode.pk}/check-ins/new/").content.decode()
    )

"""Starting a visit picks its episode of care: the client's active episodes (newest chosen) or a new one."""

from datetime import date

import pytest

from records.models import Episode, Visit
from tests.outcomes.builders import make_episode

pytestmark = pytest.mark.django_db


def start_url(client) -> str:
    return f"/clients/{client.pk}/visits/new/"


def test_the_start_page_offers_the_active_episodes_newest_first_and_chosen(client_as, therapist_a1, runner):
    older = make_episode(runner, therapist_a1, title="Low back pain", started_on=date(2024, 9, 1))
    newer = make_episode(runner, therapist_a1, title="Left hamstring strain", started_on=date(2025, 3, 3))
    closed = make_episode(runner, therapist_a1, title="Neck ache", started_on=date(2024, 1, 1))
    closed.discharge(by=therapist_a1, on=date(2024, 2, 1), reason="goals_met")
    page = client_as(therapist_a1).get(start_url(runner)).content.decode()
    choice = page.split("data-episode-choice")[1].split("</fieldset>")[0]
    assert choice.index("Left hamstring strain") < choice.index("Low back pain")
    assert "Neck ache" not in choice and "Start a new episode" in choice
    assert f'value="{newer.pk}" class="form-check-input" id="id_episode_0" required checked' in choice
    assert f'value="{older.pk}"' in choice


def test_a_visit_joins_the_episode_chosen(client_as, therapist_a1, runner):
    older = make_episode(runner, therapist_a1, title="Low back pain", started_on=date(2024, 9, 1))
    make_episode(runner, therapist_a1, title="Left hamstring strain", started_on=date(2025, 3, 3))
    response = client_as(therapist_a1).post(start_url(runner), {"episode": str(older.pk)})
    visit = Visit.objects.get(client=runner)
    assert response.status_code == 302 and visit.episode == older


def test_a_visit_can_start_a_new_episode_with_its_title(client_as, therapist_a1, runner):
    current = make_episode(runner, therapist_a1)
    response = client_as(therapist_a1).post(
        start_url(runner), {"episode": "new", "new_episode_title": "Right shoulder impingement"}
    )
    assert response.status_code == 302
    visit = Visit.objects.get(client=runner)
    assert visit.episode != current and visit.episode.title == "Right shoulder impingement"
    assert visit.episode.created_by == therapist_a1 and visit.episode.is_active


def test_a_new_episode_without_a_title_is_named_by_its_date(client_as, therapist_a1, runner):
    client_as(therapist_a1).post(start_url(runner), {"episode": "new", "new_episode_title": "  "})
    assert Visit.objects.get(client=runner).episode.title.startswith("Care from ")


def test_without_a_choice_the_visit_joins_the_open_episode(client_as, therapist_a1, runner):
    current = make_episode(runner, therapist_a1)
    client_as(therapist_a1).post(start_url(runner), {})
    assert Visit.objects.get(client=runner).episode == current


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"episode": "discharged"}, "no longer open"),
        ({"episode": "other"}, "no longer open"),
        ({"episode": ""}, "Choose the episode this visit belongs to"),
        ({"episode": "new", "new_episode_title": "t" * 201}, "at most 200 characters"),
        ({"episode": "new", "new_episode_title": "Back\x00"}, "control characters"),
    ],
)
def test_a_bad_choice_starts_nothing_and_says_why(
    client_as, therapist_a1, therapist_b, runner, data, message
):
    from tests.records.builders import make_client

    closed = make_episode(runner, therapist_a1, title="Neck ache")
    closed.discharge(by=therapist_a1, on=date(2025, 4, 1), reason="goals_met")
    elsewhere = make_episode(make_client(therapist_b.membership.clinic, family_name="Other"), therapist_b)
    data = {
        **data,
        "episode": {"discharged": str(closed.pk), "other": str(elsewhere.pk)}.get(
            data["episode"], data["episode"]
        ),
    }
    response = client_as(therapist_a1).post(start_url(runner), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Visit.objects.filter(client=runner).exists()
    assert Episode.objects.filter(client=runner).count() == 1

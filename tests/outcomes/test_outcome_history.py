"""The client's change history names every episode, check-in, answer and addendum, in a fixed number of
queries whatever their number."""

import pytest

from records.models import CheckInAddendum, CheckInKind
from tests.outcomes.builders import answer_lefs, make_check_in, make_episode, name_activity, score_activity

pytestmark = pytest.mark.django_db


def record(episode, therapist, day):
    activity = episode.psfs_activities.first() or name_activity(episode, 1, "Running 5 km")
    check_in = make_check_in(episode, therapist, recorded_on=day, usual_pain_week=4)
    answer_lefs(check_in, {1: 3, 2: 2})
    score_activity(check_in, activity, 6)
    check_in.sign(by=therapist)
    CheckInAddendum.objects.create(check_in=check_in, text="Pain was 3", reason="Misheard", author=therapist)
    return check_in


def test_the_history_shows_episodes_and_check_ins_item_by_item(
    client_as, admin_a, therapist_a1, episode, django_assert_num_queries
):
    from datetime import date

    first = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE, usual_pain_week=7)
    answer_lefs(first, {20: 1})
    record(episode, therapist_a1, date(2025, 4, 1))
    episode.title = "Left hamstring tear"
    episode.save()
    browser = client_as(admin_a)
    url = f"/clients/{episode.client_id}/history/"
    html = browser.get(url).content.decode()
    for subject in (
        "Episode: Left hamstring tear",
        "Baseline check-in 03/03/2025",
        "Baseline check-in 03/03/2025: LEFS item 20",
        "Follow-up check-in 01/04/2025: PSFS Running 5 km",
        "Follow-up check-in 01/04/2025: addendum",
        "Episode: Left hamstring tear: PSFS activity 1",
    ):
        assert subject in html, subject
    assert "Left hamstring strain" in html  # the old title, as changed
    with django_assert_num_queries(40, exact=False) as few:
        browser.get(url)
    other = make_episode(episode.client, therapist_a1, title="Low back pain")
    for day in (date(2025, 4, 2), date(2025, 4, 3)):
        record(other, therapist_a1, day)
    with django_assert_num_queries(len(few.captured_queries)):
        assert "Low back pain" in browser.get(url).content.decode()

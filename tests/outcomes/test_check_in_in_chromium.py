"""Recording a baseline check-in in a real browser, by pointer only: the LEFS item by item, the client's
PSFS activities with their scores, usual pain; then the check-in page shows the computed totals, and after
a follow-up the episode's progress page charts the change."""

import re

import pytest

from records.models import CheckIn
from tests.browser.questions import answer_every_question_no, leave_by_the_top_bar
from tests.builders import PASSWORD
from tests.outcomes.builders import make_episode
from tests.records.builders import make_client

pytestmark = pytest.mark.browser


def test_a_therapist_records_a_lefs_and_a_psfs_and_sees_the_totals_and_the_progress_chart(
    page, login_in_browser, therapist_a1, clinic_a
):
    client = make_client(clinic_a, given_name="Ruth", family_name="Oyelaran")
    episode = make_episode(client, therapist_a1)
    login_in_browser(therapist_a1, PASSWORD)

    page.goto(f"/clients/episodes/{episode.pk}/check-ins/new/")
    page.get_by_role("group", name="Kind").get_by_text("Baseline", exact=True).click()
    page.get_by_role("group", name=re.compile("Your usual pain over the last week")).get_by_text(
        "6", exact=True
    ).click()
    # Items 1–19 "a little bit of difficulty" (3), item 20 "no difficulty" (4): 19 × 3 + 4 = 61.
    for item in range(1, 20):
        page.get_by_label(f"Item {item}, A little bit of difficulty", exact=True).check()
    page.get_by_label("Item 20, No difficulty", exact=True).check()
    for position, (name, score) in enumerate(
        (("Running 5 km", "2"), ("Stairs", "5"), ("Squatting", "4")), start=1
    ):
        page.get_by_label(f"Activity {position}", exact=True).fill(name)
        page.get_by_role("group", name=f"Score for activity {position}").get_by_text(
            score, exact=True
        ).click()
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(re.compile(r"/clients/check-ins/\d+/$"))
    check_in = CheckIn.objects.get(episode=episode)
    assert check_in.lefs_items.count() == 20 and check_in.psfs_scores.count() == 3
    totals = page.locator("[data-check-in-totals]")
    assert totals.locator("[data-lefs-total]").inner_text() == "61/80"
    assert totals.locator("[data-psfs-average]").inner_text().startswith("3.7/10")  # (2 + 5 + 4) / 3
    assert totals.locator("[data-usual-pain]").inner_text() == "6/10"
    assert (
        page.get_by_role("row", name=re.compile("Rolling over in bed"))
        .get_by_text("No difficulty")
        .is_visible()
    )

    # A follow-up with every LEFS item at "no difficulty" (80), then the episode's progress page: the LEFS
    # chart with both points, the later one ringed as meaningful, the table behind it, and the headline.
    page.goto(f"/clients/episodes/{episode.pk}/check-ins/new/")
    page.get_by_role("group", name="Kind").get_by_text("Follow-up", exact=True).click()
    for item in range(1, 21):
        page.get_by_label(f"Item {item}, No difficulty", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/clients/check-ins/\d+/$"))

    page.goto(episode.get_absolute_url())
    chart = page.locator('[data-progress-chart="lefs"]')
    assert chart.locator("svg [data-point]").count() == 2
    assert chart.locator("svg [data-meaningful]").count() == 1
    table = page.locator('[data-progress-table="lefs"]')
    assert table.locator("tbody tr").count() == 2
    assert "LEFS 61 → 80, +19: meaningful improvement" in page.locator("[data-headlines]").inner_text()
    assert page.locator('[data-progress-chart="psfs"] svg [data-point]').count() >= 1


def test_leaving_a_check_in_with_answers_not_saved_asks_first(page, login_in_browser, therapist_a1, clinic_a):
    """Twenty LEFS answers are a lot to lose to a stray tap on the top bar (static/js/leave-warning.js)."""
    episode = make_episode(make_client(clinic_a, given_name="Ruth", family_name="Oyelaran"), therapist_a1)
    login_in_browser(therapist_a1, PASSWORD)
    url = f"/clients/episodes/{episode.pk}/check-ins/new/"
    page.goto(url)
    page.get_by_label("Item 1, A little bit of difficulty", exact=True).check()
    asked = answer_every_question_no(page)
    leave_by_the_top_bar(page)

    assert asked and asked[0][0] == "confirm" and "not saved yet" in asked[0][1]
    assert page.url.endswith(url)
    assert page.get_by_label("Item 1, A little bit of difficulty", exact=True).is_checked()
    assert not CheckIn.objects.filter(episode=episode).exists()

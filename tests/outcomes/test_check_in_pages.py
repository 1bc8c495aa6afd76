"""Recording a check-in (records/views/outcomes_entry.py): on its own and inside a visit; every bad input
gets a message next to its field and loses nothing; the totals are computed; sign, lock, discard, addenda;
who may."""

from datetime import date

import pytest
from django.utils import timezone

from clinic.dates import local_date
from records.models import (
    AccessLogEntry,
    Action,
    CheckIn,
    CheckInAddendum,
    CheckInKind,
    CheckInStatus,
    LefsItemScore,
    PsfsActivity,
    PsfsScore,
)
from tests.outcomes.builders import answer_lefs, make_check_in, name_activity, score_activity
from tests.visits.builders import make_visit, sign

pytestmark = pytest.mark.django_db

ALL_THREES = {f"lefs_{n}": "3" for n in range(1, 21)}


def baseline_data(**overrides):
    data = {
        "kind": "baseline",
        "recorded_on": "2025-03-10",
        "usual_pain_week": "6",
        **ALL_THREES,
        "new_activity_1": "Running 5 km",
        "new_psfs_1": "2",
        "new_activity_2": "Stairs",
        "new_psfs_2": "5",
        "new_activity_3": "Squatting",
        "new_psfs_3": "4",
        "groc": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_baseline_check_in_names_the_activities_and_stores_every_item(client_as, therapist_a1, episode):
    browser = client_as(therapist_a1)
    page = browser.get(f"/clients/episodes/{episode.pk}/check-ins/new/").content.decode()
    assert "Walking a mile" in page and "Extreme difficulty or unable to perform activity" in page
    response = browser.post(f"/clients/episodes/{episode.pk}/check-ins/new/", baseline_data(lefs_20="1"))
    assert response.status_code == 302
    check_in = CheckIn.objects.get(episode=episode)
    assert response["Location"] == f"/clients/check-ins/{check_in.pk}/"
    assert (check_in.kind, check_in.recorded_on, check_in.usual_pain_week, check_in.groc) == (
        CheckInKind.BASELINE,
        date(2025, 3, 10),
        6,
        None,
    )
    assert check_in.status == CheckInStatus.DRAFT and check_in.therapist == therapist_a1
    items = dict(LefsItemScore.objects.filter(check_in=check_in).values_list("item", "score"))
    assert items == {**dict.fromkeys(range(1, 20), 3), 20: 1}
    assert list(episode.psfs_activities.values_list("position", "name")) == [
        (1, "Running 5 km"),
        (2, "Stairs"),
        (3, "Squatting"),
    ]
    assert sorted(PsfsScore.objects.filter(check_in=check_in).values_list("activity__position", "score")) == [
        (1, 2),
        (2, 5),
        (3, 4),
    ]
    # The check-in page shows the computed totals: 19 × 3 + 1 = 58; (2 + 5 + 4) / 3 = 3.7.
    detail = browser.get(response["Location"]).content.decode()
    assert "58/80" in detail and "3.7/10" in detail and "6/10" in detail
    assert AccessLogEntry.objects.filter(action=Action.SAVE_CHECK_IN).exists()
    assert AccessLogEntry.objects.filter(
        action=Action.VIEW_CHECK_IN, detail=f"check-in {check_in.pk}"
    ).exists()


def test_a_follow_up_scores_the_named_activities_and_rates_the_change(client_as, therapist_a1, episode):
    running = name_activity(episode, 1, "Running")
    stairs = name_activity(episode, 2, "Stairs")
    name_activity(episode, 3, "Hopping")
    response = client_as(therapist_a1).post(
        f"/clients/episodes/{episode.pk}/check-ins/new/",
        {
            "kind": "follow_up",
            "recorded_on": "2025-04-01",
            f"psfs_{running.pk}": "7",
            f"psfs_{stairs.pk}": "10",
            "groc": "5",
        },
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get(episode=episode)
    assert check_in.groc == 5 and not check_in.lefs_items.exists()
    assert dict(check_in.psfs_scores.values_list("activity__name", "score")) == {"Running": 7, "Stairs": 10}


def test_up_to_four_missing_lefs_items_are_prorated(client_as, therapist_a1, episode):
    data = baseline_data(**{f"lefs_{n}": "" for n in (1, 2, 3, 4)})
    response = client_as(therapist_a1).post(f"/clients/episodes/{episode.pk}/check-ins/new/", data)
    assert response.status_code == 302
    detail = client_as(therapist_a1).get(response["Location"]).content.decode()
    assert "60/80 (prorated: 4 missing)" in detail  # 16 × 3 = 48, × 20/16 = 60


def _refused(browser, episode, data):
    response = browser.post(f"/clients/episodes/{episode.pk}/check-ins/new/", data)
    assert response.status_code == 200
    assert not CheckIn.objects.filter(episode=episode).exists()
    assert not PsfsActivity.objects.filter(episode=episode).exists()
    return response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"lefs_7": "5"}, "Each LEFS answer is 0 (extreme difficulty) to 4 (no difficulty)."),
        ({"lefs_7": "-1"}, "Each LEFS answer is 0"),
        ({"lefs_7": "three"}, "Each LEFS answer is 0"),
        ({"new_psfs_2": "11"}, "Each PSFS score is 0 (unable to perform) to 10 (as before the problem)."),
        ({"usual_pain_week": "11"}, "Pain is 0 to 10"),
        ({"groc": "4"}, "There is no change to rate at the baseline; leave it empty."),
        ({"groc": "8", "kind": "follow_up"}, "The global rating of change is −7 to +7."),
        ({f"lefs_{n}": "" for n in range(1, 11)}, "Answer at least 16 of the 20 items: 10 are unanswered"),
        ({"new_activity_3": "", "new_psfs_3": ""}, "Name at least 3 activities"),
        ({"new_activity_4": "", "new_psfs_4": "6"}, "Name the activity this score is for."),
        ({"new_activity_1": "r" * 201}, "at most 200 characters"),
        ({"new_activity_1": "Run\x07"}, "control characters"),
        ({"recorded_on": "1999-12-31"}, "Check the year"),
        ({"recorded_on": "2025-03-02"}, "The episode started on 03/03/2025"),
        ({"recorded_on": "not a date"}, "Enter a valid date."),
        ({"kind": "weekly"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_rest(
    client_as, therapist_a1, episode, overrides, message
):
    page = _refused(client_as(therapist_a1), episode, baseline_data(**overrides))
    assert message in page
    assert "Nothing was saved yet" in page
    # Everything else stays as it was typed: a LEFS answer, an activity's name and score, the pain.
    if "lefs_12" not in overrides:
        assert 'name="lefs_12" value="3" class="form-check-input" id="id_lefs_12_3" checked' in page
    if "new_activity_2" not in overrides:
        assert 'value="Stairs"' in page
    if "usual_pain_week" not in overrides:
        assert 'name="usual_pain_week" value="6" class="btn-check" id="id_usual_pain_week_6" checked' in page


def test_a_second_baseline_is_refused(client_as, therapist_a1, episode):
    make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE)
    response = client_as(therapist_a1).post(
        f"/clients/episodes/{episode.pk}/check-ins/new/", baseline_data(recorded_on="2025-03-12")
    )
    assert response.status_code == 200
    assert "This episode has its baseline already" in response.content.decode()
    assert CheckIn.objects.filter(episode=episode).count() == 1


def test_editing_a_draft_check_in_changes_only_what_changed(client_as, therapist_a1, episode):
    check_in = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE, usual_pain_week=5)
    answer_lefs(check_in, dict.fromkeys(range(1, 21), 2))
    running = name_activity(episode, 1, "Running")
    score_activity(check_in, running, 3)
    url = f"/clients/check-ins/{check_in.pk}/edit/"
    page = client_as(therapist_a1).get(url).content.decode()
    assert 'name="lefs_5" value="2" class="form-check-input" id="id_lefs_5_2" checked' in page
    data = {
        "kind": "baseline",
        "recorded_on": "2025-03-03",
        "usual_pain_week": "4",
        **{f"lefs_{n}": "2" for n in range(1, 21)},
        "lefs_20": "4",
        f"psfs_{running.pk}": "",
        "lock_version": check_in.lock_version,
    }
    response = client_as(therapist_a1).post(url, data)
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.usual_pain_week == 4
    assert LefsItemScore.objects.get(check_in=check_in, item=20).score == 4
    assert LefsItemScore.history.filter(item=20).count() == 2  # created, changed: the others untouched
    assert LefsItemScore.history.filter(item=19).count() == 1
    assert not PsfsScore.objects.filter(check_in=check_in).exists()  # taken back: "Not answered"


def test_an_edit_from_a_stale_page_is_refused_and_keeps_the_input(client_as, therapist_a1, episode):
    check_in = make_check_in(episode, therapist_a1, usual_pain_week=5)
    opened = check_in.lock_version
    url = f"/clients/check-ins/{check_in.pk}/edit/"
    common = {"kind": "follow_up", "recorded_on": "2025-03-03", "lock_version": opened}
    assert client_as(therapist_a1).post(url, {**common, "usual_pain_week": "3"}).status_code == 302
    response = client_as(therapist_a1).post(url, {**common, "usual_pain_week": "8", **ALL_THREES})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not saved" in page
    assert 'name="usual_pain_week" value="8" class="btn-check" id="id_usual_pain_week_8" checked' in page
    check_in.refresh_from_db()
    assert check_in.usual_pain_week == 3 and not check_in.lefs_items.exists()


def test_an_answers_only_edit_moves_the_version_on(client_as, therapist_a1, episode):
    check_in = make_check_in(episode, therapist_a1, usual_pain_week=5)
    opened = check_in.lock_version
    url = f"/clients/check-ins/{check_in.pk}/edit/"
    common = {
        "kind": "follow_up",
        "recorded_on": "2025-03-03",
        "usual_pain_week": "5",
        "lock_version": opened,
    }
    assert client_as(therapist_a1).post(url, {**common, **ALL_THREES}).status_code == 302
    check_in.refresh_from_db()
    assert check_in.lock_version == opened + 1
    assert check_in.history.count() == 1  # no empty "changed" entry for the check-in itself
    assert client_as(therapist_a1).post(url, {**common, **ALL_THREES, "lefs_1": "1"}).status_code == 409
    assert not LefsItemScore.objects.filter(check_in=check_in, item=1, score=1).exists()


def test_signing_locks_a_check_in_and_corrections_are_addenda(client_as, therapist_a1, therapist_a2, episode):
    check_in = make_check_in(episode, therapist_a1, usual_pain_week=5)
    browser = client_as(therapist_a1)
    assert browser.post(f"/clients/check-ins/{check_in.pk}/sign/").status_code == 302
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.SIGNED and check_in.signed_by == therapist_a1
    edit = f"/clients/check-ins/{check_in.pk}/edit/"
    assert browser.get(edit).status_code == 409
    response = browser.post(edit, {"kind": "follow_up", "recorded_on": "2025-03-03", "usual_pain_week": "1"})
    assert response.status_code == 409 and "Add an addendum" in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.usual_pain_week == 5
    # Any clinician adds an addendum; a bad one gets messages and keeps the text.
    url = f"/clients/check-ins/{check_in.pk}/addenda/"
    response = client_as(therapist_a2).post(url, {"text": "Pain was 4, not 5.", "reason": ""})
    assert response.status_code == 200 and "Give the reason for the addendum." in response.content.decode()
    assert "Pain was 4, not 5." in response.content.decode()
    response = client_as(therapist_a2).post(url, {"text": "Pain was 4, not 5.", "reason": "Misheard"})
    assert response.status_code == 302
    addendum = CheckInAddendum.objects.get(check_in=check_in)
    assert (addendum.author, addendum.reason) == (therapist_a2, "Misheard")
    assert "Pain was 4, not 5." in browser.get(f"/clients/check-ins/{check_in.pk}/").content.decode()
    assert AccessLogEntry.objects.filter(action=Action.CHECK_IN_ADDENDUM).count() == 1
    assert AccessLogEntry.objects.filter(action=Action.SIGN_CHECK_IN).count() == 1


def test_an_empty_check_in_is_not_signed(client_as, therapist_a1, episode):
    check_in = make_check_in(episode, therapist_a1)
    response = client_as(therapist_a1).post(f"/clients/check-ins/{check_in.pk}/sign/", follow=True)
    assert "record at least one measure first" in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.DRAFT


def test_an_addendum_to_a_draft_is_refused(client_as, therapist_a1, episode):
    check_in = make_check_in(episode, therapist_a1, usual_pain_week=5)
    response = client_as(therapist_a1).post(
        f"/clients/check-ins/{check_in.pk}/addenda/", {"text": "More", "reason": "Because"}
    )
    assert response.status_code == 409
    assert not CheckInAddendum.objects.exists()


def test_discarding_needs_a_reason_and_keeps_the_check_in(client_as, therapist_a1, episode):
    check_in = make_check_in(episode, therapist_a1, usual_pain_week=5)
    url = f"/clients/check-ins/{check_in.pk}/discard/"
    response = client_as(therapist_a1).post(url, {"reason": "   "})
    assert response.status_code == 200 and "Give the reason for discarding" in response.content.decode()
    assert client_as(therapist_a1).post(url, {"reason": "Wrong client"}).status_code == 302
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.DISCARDED and check_in.discard_reason == "Wrong client"
    assert client_as(therapist_a1).get(f"/clients/check-ins/{check_in.pk}/").status_code == 200
    assert client_as(therapist_a1).post(f"/clients/check-ins/{check_in.pk}/sign/").status_code == 409


def test_only_the_recording_therapist_changes_a_draft(
    client_as, therapist_a2, admin_a, episode, therapist_a1
):
    check_in = make_check_in(episode, therapist_a1, usual_pain_week=5)
    for user in (therapist_a2, admin_a):
        browser = client_as(user)
        assert browser.get(f"/clients/check-ins/{check_in.pk}/").status_code == 200  # reading is fine
        assert browser.get(f"/clients/check-ins/{check_in.pk}/edit/").status_code == 403
        assert browser.post(f"/clients/check-ins/{check_in.pk}/sign/").status_code == 403
        assert browser.post(f"/clients/check-ins/{check_in.pk}/discard/", {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("path", ["", "edit/", "discard/"])
def test_reception_never_sees_a_check_in_and_another_clinic_gets_404(
    client_as, reception_a, therapist_b, therapist_a1, episode, path
):
    check_in = make_check_in(episode, therapist_a1, usual_pain_week=7)
    url = f"/clients/check-ins/{check_in.pk}/{path}"
    for method in ("get", "post"):
        assert getattr(client_as(reception_a), method)(url).status_code == 403
        assert getattr(client_as(therapist_b), method)(url).status_code == 404


# --- Inside a visit ---------------------------------------------------------------------------------------


def test_a_visit_check_in_is_dated_with_the_visit_and_shown_in_the_editor(client_as, therapist_a1, runner):
    visit = make_visit(runner, therapist_a1)
    browser = client_as(therapist_a1)
    editor = browser.get(visit.get_absolute_url()).content.decode()
    assert "Outcome measures" in editor and "None recorded in this visit." in editor
    assert f"/clients/visits/{visit.pk}/check-in/" in editor
    url = f"/clients/visits/{visit.pk}/check-in/"
    page = browser.get(url).content.decode()
    assert 'name="recorded_on"' not in page
    data = baseline_data(recorded_on=None, groc=None)
    response = browser.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("#outcome-measures")
    check_in = CheckIn.objects.get(visit=visit)
    assert check_in.recorded_on == local_date(visit.started_at) and check_in.episode_id == visit.episode_id
    editor = browser.get(visit.get_absolute_url()).content.decode()
    assert "60/80" in editor and "3.7/10" in editor and "6/10" in editor
    # A second save edits the same check-in (version-checked).
    response = browser.post(url, {**data, "usual_pain_week": "2", "lock_version": check_in.lock_version})
    assert response.status_code == 302
    assert CheckIn.objects.filter(visit=visit).count() == 1
    assert CheckIn.objects.get(visit=visit).usual_pain_week == 2


def test_a_visit_check_in_locks_with_the_visit_and_shows_in_the_signed_note(
    client_as, therapist_a1, therapist_a2, runner
):
    visit = make_visit(runner, therapist_a1)
    check_in = make_check_in(
        visit.episode, therapist_a1, visit=visit, recorded_on=local_date(visit.started_at), usual_pain_week=4
    )
    answer_lefs(check_in, dict.fromkeys(range(1, 21), 2))
    assert client_as(therapist_a2).get(f"/clients/visits/{visit.pk}/check-in/").status_code == 403
    sign(visit)
    browser = client_as(therapist_a1)
    assert browser.get(f"/clients/visits/{visit.pk}/check-in/").status_code == 409
    assert browser.post(f"/clients/visits/{visit.pk}/check-in/", {"kind": "follow_up"}).status_code == 409
    response = browser.get(f"/clients/check-ins/{check_in.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == f"/clients/visits/{visit.pk}/check-in/"
    assert browser.post(f"/clients/check-ins/{check_in.pk}/sign/").status_code == 409
    assert (
        browser.post(f"/clients/check-ins/{check_in.pk}/addenda/", {"text": "x", "reason": "y"}).status_code
        == 409
    )
    note = browser.get(visit.get_absolute_url()).content.decode()
    assert "40/80" in note and "4/10" in note
    assert "Edit the measures" not in note
    assert "locks with the visit" in browser.get(f"/clients/check-ins/{check_in.pk}/").content.decode()


def test_a_check_in_page_shows_each_lefs_answer(client_as, therapist_a1, episode):
    check_in = make_check_in(
        episode, therapist_a1, kind=CheckInKind.BASELINE, recorded_on=timezone.localdate()
    )
    answer_lefs(check_in, {1: 0, 2: 4})
    page = client_as(therapist_a1).get(f"/clients/check-ins/{check_in.pk}/").content.decode()
    assert "Extreme difficulty or unable to perform activity" in page and "No difficulty" in page
    assert "no total (18 of 20 items missing)" in page


def test_a_visit_check_in_recorded_meanwhile_in_another_tab_is_not_overwritten(
    client_as, therapist_a1, runner
):
    visit = make_visit(runner, therapist_a1)
    browser = client_as(therapist_a1)
    url = f"/clients/visits/{visit.pk}/check-in/"
    assert "lock_version" not in browser.get(url).content.decode()  # opened before any check-in existed
    assert (
        browser.post(url, baseline_data(recorded_on=None, groc=None, usual_pain_week="2")).status_code == 302
    )
    # The first tab's form, sent without a version: refused, the stored one kept.
    response = browser.post(url, baseline_data(recorded_on=None, groc=None, usual_pain_week="9"))
    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    assert CheckIn.objects.get(visit=visit).usual_pain_week == 2

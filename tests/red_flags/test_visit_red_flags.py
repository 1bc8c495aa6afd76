"""A visit records the red flags its map and checklist fire, and cannot be signed until each says what was
done; the signed note, the print view and the export show them."""

import json

import pytest

from records.export import client_record_json
from records.models import FlagOutcome, VisitRedFlag, VisitStatus
from reference.models import RedFlagRule
from reference.versioning import current_library_version
from tests.visits.builders import add_mark, page_data

pytestmark = pytest.mark.django_db
DVT = "dvt-calf-pain-with-risk-factor"


def dvt_map(data: dict) -> dict:
    return {
        **data,
        "mark-calf_medial_upper-left-intensity": "6",
        "mark-knee_posterior_lateral-left-intensity": "5",
        "screen": ["calf_swelling"],
        "pain_start": "6",
    }


def recorded(visit) -> dict[str, VisitRedFlag]:
    return {flag.rule.slug: flag for flag in VisitRedFlag.objects.filter(visit=visit).select_related("rule")}


def test_saving_a_draft_records_each_fired_flag_with_its_message_version_and_reasons(
    client_as, therapist_a1, draft
):
    client_as(therapist_a1).post(draft.get_absolute_url(), dvt_map(page_data(draft)))

    flags = recorded(draft)
    assert set(flags) == {DVT, "bakers-cyst-knee-and-calf-swelling", "calf-and-back-of-knee-vascular-screen"}
    dvt = flags[DVT]
    assert dvt.library_version == current_library_version()
    assert dvt.message == RedFlagRule.objects.get(slug=DVT).message and dvt.urgency == "urgent_referral"
    assert dvt.reason_list == [
        "pain at Calf, medial, upper third, left",
        "checklist: calf swelling, warmth or redness",
    ]
    assert dvt.outcome == ""
    draft.refresh_from_db()
    assert draft.screening_answers == ["calf_swelling"]


def test_signing_is_refused_with_a_message_next_to_each_flag_until_its_outcome_is_recorded(
    client_as, therapist_a1, draft
):
    browser = client_as(therapist_a1)

    response = browser.post(draft.get_absolute_url(), dvt_map(page_data(draft, action="sign")), follow=True)

    html = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VisitStatus.DRAFT
    assert "Not signed yet" in html
    assert "Record what was done about the red flag “Possible deep vein thrombosis”" in html
    assert html.count("data-flag-outcome-missing") == 3
    # Flags come above the candidates on the editing screen.
    assert html.index("data-red-flags") < html.index("data-candidates")


def test_a_referral_must_say_to_whom_then_signing_succeeds_and_the_note_shows_the_outcomes(
    client_as, therapist_a1, draft
):
    browser = client_as(therapist_a1)
    browser.post(draft.get_absolute_url(), dvt_map(page_data(draft)))
    ids = {slug: flag.rule_id for slug, flag in recorded(draft).items()}
    data = page_data(draft, action="sign")
    data[f"flag-{ids[DVT]}-outcome"] = FlagOutcome.REFERRED
    data[f"flag-{ids['bakers-cyst-knee-and-calf-swelling']}-outcome"] = FlagOutcome.REFERRED
    data[f"flag-{ids['calf-and-back-of-knee-vascular-screen']}-outcome"] = FlagOutcome.DEFERRED

    response = browser.post(draft.get_absolute_url(), data)

    assert response.status_code == 200
    assert "Say to whom the client was referred." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VisitStatus.DRAFT and recorded(draft)[DVT].outcome == ""

    data[f"flag-{ids[DVT]}-referred_to"] = "GP, Dr Lee, same day"
    data[f"flag-{ids['bakers-cyst-knee-and-calf-swelling']}-referred_to"] = "GP, Dr Lee, same day"
    data[f"flag-{ids[DVT]}-note"] = "Calf warm and swollen; letter given."
    response = browser.post(draft.get_absolute_url(), data, follow=True)

    draft.refresh_from_db()
    assert draft.status == VisitStatus.SIGNED
    html = response.content.decode()
    assert "What was done: Referred — to GP, Dr Lee, same day. Calf warm and swollen; letter given." in html
    assert "What was done: Treatment deferred" in html
    printed = browser.get(f"/clients/visits/{draft.pk}/print/").content.decode()
    assert "Possible deep vein thrombosis" in printed and "GP, Dr Lee, same day" in printed
    exported = json.loads(client_record_json(draft.client))["visits"][0]
    flag = next(f for f in exported["red_flags"] if f["rule"] == DVT)
    assert flag["outcome"] == "referred" and flag["referred_to"] == "GP, Dr Lee, same day"
    assert flag["why"][1] == "checklist: calf swelling, warmth or redness"
    assert exported["screening_answers"] == ["calf_swelling"]


def test_a_flag_that_no_longer_fires_is_dropped_unless_something_was_recorded_about_it(
    client_as, therapist_a1, draft
):
    browser = client_as(therapist_a1)
    browser.post(draft.get_absolute_url(), dvt_map(page_data(draft)))
    dvt_id = recorded(draft)[DVT].rule_id
    data = page_data(draft)
    data[f"flag-{dvt_id}-outcome"] = FlagOutcome.SCREENED
    data.pop("screen")  # the client had no swelling after all
    data.pop("mark-knee_posterior_lateral-left-intensity")

    browser.post(draft.get_absolute_url(), data)

    assert set(recorded(draft)) == {DVT}
    assert recorded(draft)[DVT].outcome == FlagOutcome.SCREENED


def test_a_draft_without_flags_signs_as_before_and_its_note_says_none_fired(client_as, therapist_a1, draft):
    add_mark(draft, "post_thigh_middle_medial", "left", 5)
    browser = client_as(therapist_a1)

    response = browser.post(
        draft.get_absolute_url(), {**page_data(draft, action="sign"), "pain_start": "5"}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == VisitStatus.SIGNED and not recorded(draft)
    assert "No red flag fired" in response.content.decode()


def test_an_unknown_checklist_answer_is_refused_next_to_the_checklist_and_nothing_is_saved(
    client_as, therapist_a1, draft
):
    data = {**page_data(draft), "screen": ["calf_swelling", "feels_odd"], "plan": "Stretch daily"}

    response = client_as(therapist_a1).post(draft.get_absolute_url(), data)

    assert "“feels_odd” is not a question on the checklist." in response.content.decode()
    draft.refresh_from_db()
    assert draft.plan == "" and draft.screening_answers == []


def test_recorded_flags_add_rows_not_queries_to_the_editor_and_the_note(
    client_as, therapist_a1, draft, django_assert_num_queries
):
    browser = client_as(therapist_a1)
    browser.post(draft.get_absolute_url(), {**page_data(draft), "screen": ["claudication"]})
    browser.get(draft.get_absolute_url())  # warm the session and the library caches
    with django_assert_num_queries(40, exact=False) as one:
        assert browser.get(draft.get_absolute_url()).status_code == 200
    before = len(one.captured_queries)

    browser.post(draft.get_absolute_url(), dvt_map(page_data(draft)))
    assert len(recorded(draft)) == 3  # claudication no longer ticked and unanswered: dropped
    browser.get(draft.get_absolute_url())  # shows (and clears) the "Draft saved" message, as above
    # The recorded flags are one query (records.visits.queries.EDITOR_PART_QUERIES), however many there are.
    with django_assert_num_queries(before):
        assert browser.get(draft.get_absolute_url()).status_code == 200

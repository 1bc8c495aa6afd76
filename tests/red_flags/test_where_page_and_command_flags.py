"""Fired flags on the "Where does it hurt?" page (above the candidates, live fragment included) and in
suggest_trigger_points' text and --json, every time, most urgent first."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
URL = "/reference/where-does-it-hurt/"
FRAGMENT = "/reference/where-does-it-hurt/candidates/"


def run(*args) -> str:
    out = StringIO()
    call_command("suggest_trigger_points", *args, stdout=out)
    return out.getvalue()


def flag_order(html: str) -> list[str]:
    return re.findall(r'data-red-flag="([\w-]+)"', html)


DVT_MAP = {
    "mark-calf_medial_upper-left-intensity": "6",
    "mark-knee_posterior_lateral-left-intensity": "5",
    "screen": ["calf_swelling", "saddle_numbness"],
}


def test_the_where_page_shows_the_fired_flags_most_urgent_first_above_the_candidates(client_as, therapist_a1):
    html = client_as(therapist_a1).post(URL, DVT_MAP).content.decode()

    assert flag_order(html) == [
        "cauda-equina-syndrome",
        "dvt-calf-pain-with-risk-factor",
        "bakers-cyst-knee-and-calf-swelling",
        "calf-and-back-of-knee-vascular-screen",
    ]
    assert html.index("data-red-flag-list") < html.index("data-candidate-list")
    assert "Emergency referral" in html and "Why:" in html
    assert 'href="/reference/conditions/deep-vein-thrombosis/"' in html
    # The checklist answers stay ticked after the post (plain form, no script needed).
    assert re.search(r'<input[^>]*value="calf_swelling"[^>]*checked', html)


def test_the_live_fragment_carries_the_flags_before_the_candidates(client_as, therapist_a1):
    html = client_as(therapist_a1).post(FRAGMENT, DVT_MAP).content.decode()

    assert html.index("data-red-flags-fragment") < html.index("data-candidate-list")
    assert flag_order(html)[0] == "cauda-equina-syndrome"


def test_flags_show_from_the_checklist_alone_and_nothing_shows_for_an_empty_form(client_as, therapist_a1):
    browser = client_as(therapist_a1)

    assert flag_order(browser.post(URL, {"screen": ["claudication"]}).content.decode()) == [
        "vascular-claudication"
    ]
    assert flag_order(browser.get(URL).content.decode()) == []


def test_a_bad_checklist_value_is_refused_next_to_the_checklist(client_as, therapist_a1):
    response = client_as(therapist_a1).post(URL, {**DVT_MAP, "screen": ["calf_swelling", "???"]})

    assert response.status_code == 400
    assert "“???” is not a question on the checklist." in response.content.decode()


def test_the_fragment_still_costs_four_queries_with_flags(client_as, therapist_a1, django_assert_num_queries):
    browser = client_as(therapist_a1)
    browser.post(FRAGMENT, DVT_MAP)  # warm the session, the index and the compiled rules

    # session, user, membership, library version: the compiled rules are kept per library version like the
    # suggestion index, so flags add no query.
    with django_assert_num_queries(4):
        browser.post(FRAGMENT, DVT_MAP)


def test_the_command_prints_flags_before_the_candidates_most_urgent_first():
    text = run(
        "calf_medial_upper:left:6",
        "knee_posterior_medial:left:5",
        "knee_posterior_lateral:left:5",
        "--screen",
        "calf_swelling",
        "--screen",
        "saddle_numbness",
    )

    lines = text.splitlines()
    assert lines[0] == "RED FLAGS (4), most urgent first: screen before treating."
    assert lines[1] == "  ! EMERGENCY REFERRAL: Possible cauda equina syndrome"
    assert text.index("Possible deep vein thrombosis") < text.index("Candidates: a hypothesis to examine")


def test_the_command_json_has_a_flags_key_with_why_and_the_mark_quality_counts():
    data = json.loads(run("gluteal:left:4", "calf_lateral_upper:left:6:tingling", "--json"))

    assert [f["rule"] for f in data["flags"]] == ["lumbosacral-radiculopathy", "neural-quality-screen"]
    radiculopathy = data["flags"][0]
    assert radiculopathy["urgency"] == "rule_out" and radiculopathy["message_is_library_wording"] is True
    assert "tingling pain at Calf, lateral, upper third, left" in radiculopathy["why"]
    assert "radiculopathy" in radiculopathy["conditions"] and "NICE" in radiculopathy["source"]
    assert "candidates" in data


def test_the_command_reads_constant_and_night_pain_and_always_has_a_flags_key():
    assert [
        f["rule"]
        for f in json.loads(run("post_thigh_middle_medial:left:5", "--constant", "--night-pain", "--json"))[
            "flags"
        ]
    ] == ["night-pain-not-eased"]
    assert json.loads(run("post_thigh_middle_medial:left:5", "--json"))["flags"] == []
    assert run("post_thigh_middle_medial:left:5").startswith("Red flags: none fired")


def test_the_command_refuses_an_unknown_screening_answer():
    with pytest.raises(CommandError, match="invalid choice: 'feels_odd'"):
        run("gluteal:left:4", "--screen", "feels_odd")

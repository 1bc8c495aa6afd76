"""`list_body_regions` and `suggest_trigger_points` on the command line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_list_body_regions_prints_codes_names_views_and_sides():
    text = run("list_body_regions")

    assert "knee_posterior_lateral" in text
    assert "Posterior thigh, distal medial" in text


def test_list_body_regions_as_json():
    data = json.loads(run("list_body_regions", "--json"))

    by_code = {r["code"]: r for r in data["regions"]}
    assert by_code["gluteal_fold"]["view"] == "back"
    assert by_code["gluteal_fold"]["sides"] == ["left", "right"]
    assert by_code["sacrum"]["sides"] == ["midline"]


@pytest.mark.django_db
def test_suggest_trigger_points_ranks_biceps_femoris_first_for_pain_behind_the_left_knee():
    data = json.loads(
        run(
            "suggest_trigger_points",
            "knee_posterior_medial:left:8",
            "knee_posterior_lateral:left:8",
            "--json",
        )
    )

    top = data["candidates"][0]
    # One essential zone of a pattern with spillover: 0.5 + 0.5 x 0.7 (no spillover painful).
    assert (top["muscle"], top["side"], top["score"]) == ("Biceps femoris", "left", 0.85)
    assert top["explains_essential"] == ["Back of knee, medial, left", "Back of knee, lateral, left"]


@pytest.mark.django_db
def test_suggest_trigger_points_prints_a_readable_table():
    text = run("suggest_trigger_points", "gluteal_fold:right:8", "calf_medial_upper:right:3")

    lines = text.splitlines()
    assert lines[0] == "Red flags: none fired by this map and these screening answers."
    assert "a hypothesis to examine by palpation, not a diagnosis" in text
    assert lines[2].lstrip().startswith("1. Semimembranosus and Semitendinosus")
    assert "explains 100 % of the pain; 1 of 3 essential zones painful" in lines[3]


@pytest.mark.django_db
def test_suggest_trigger_points_says_when_nothing_refers_there():
    assert "No trigger point in the library refers pain" in run(
        "suggest_trigger_points", "shoulder_anterior:left:5"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("kneecap:left:5", "unknown region code 'kneecap'"),
        ("knee_posterior_lateral:up:5", "unknown side 'up'"),
        ("knee_posterior_lateral:left:11", "outside 0 to 10"),
        ("knee_posterior_lateral:left:-1", "outside 0 to 10"),
        ("knee_posterior_lateral:left:lots", "whole number"),
        ("sacrum:left:4", "recorded as midline"),
        ("knee_posterior_lateral-left-5", "expected CODE:SIDE:INTENSITY"),
    ],
)
def test_bad_marks_are_refused_with_a_clear_message_and_status_2(spec, message):
    with pytest.raises(CommandError, match=message) as raised:
        run("suggest_trigger_points", spec)

    assert raised.value.returncode == 2


def test_a_bad_mark_exits_with_status_2_and_a_message_on_stderr():
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "suggest_trigger_points",
            "kneecap:left:5",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert "unknown region code 'kneecap'" in result.stderr

"""Bad input: a clear message by the field, everything else the therapist typed kept, nothing saved."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from records.models import NeedlingSite, TechniqueApplication, Visit
from records.models.visits import MAX_NEEDLES_PER_SITE, NEEDLES_INSERTED_MESSAGE
from reference.models import TechniqueKind
from tests.visits.builders import page_data, param, row, technique, trigger_point


def post(browser, visit, **changes):
    data = page_data(visit)
    data["plan"] = "Review in one week; keep this text"
    data.update({key: str(value) for key, value in changes.items()})
    return browser.post(visit.get_absolute_url(), data)


def assert_refused_and_kept(response, visit, *messages):
    html = response.content.decode()
    assert response.status_code == 200
    for message in messages:
        assert message in html, message
    assert "Review in one week; keep this text" in html
    assert "invalid-feedback" in html
    assert Visit.objects.get(pk=visit.pk).lock_version == visit.lock_version == 0


def test_pain_of_11_is_refused_by_the_field(client_as, therapist_a1, draft):
    response = post(client_as(therapist_a1), draft, pain_start=11)
    assert_refused_and_kept(response, draft, "Pain is 0 to 10 (0 no pain, 10 worst imaginable).")
    assert 'id="id_pain_start_error"' in response.content.decode()


def test_pain_of_11_on_the_pain_map_is_refused_by_the_region(client_as, therapist_a1, draft):
    response = post(client_as(therapist_a1), draft, **{"mark-knee_posterior_lateral-left-intensity": 11})
    assert_refused_and_kept(response, draft, "Intensity is 0 to 10.")
    assert not draft.pain_marks.exists()


@pytest.mark.parametrize("inserted", [-2, 0, MAX_NEEDLES_PER_SITE + 1, 100])
def test_needles_inserted_outside_1_to_the_maximum_are_refused_by_the_field(
    client_as, therapist_a1, needling_draft, inserted
):
    data = row(
        "needling",
        0,
        trigger_point=trigger_point().pk,
        side="left",
        technique=technique("dry_needling").pk,
        method="static",
        needles_inserted=inserted,
        needles_removed=0,
        gauge_mm="0.25",
        length_mm=40,
        tolerance="good",
    )
    response = post(client_as(therapist_a1), needling_draft, **data)
    assert_refused_and_kept(response, needling_draft, NEEDLES_INSERTED_MESSAGE)
    # One message, by the field: not one per bound.
    assert response.content.decode().count(NEEDLES_INSERTED_MESSAGE) == 1
    assert 'id="id_needling-0-needles_inserted_error"' in response.content.decode()
    assert not NeedlingSite.objects.exists()


def test_the_needle_input_offers_1_to_the_maximum(client_as, therapist_a1, needling_draft):
    html = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()
    inputs = re.findall(r'<input[^>]*name="needling-\d+-needles_inserted"[^>]*>', html)
    assert inputs
    for field in inputs:
        assert 'min="1"' in field and f'max="{MAX_NEEDLES_PER_SITE}"' in field


def test_more_needles_removed_than_inserted_is_refused(client_as, therapist_a1, needling_draft):
    data = row(
        "needling",
        0,
        trigger_point=trigger_point().pk,
        side="left",
        technique=technique("dry_needling").pk,
        method="static",
        needles_inserted=1,
        needles_removed=2,
        gauge_mm="0.25",
        length_mm=40,
        tolerance="good",
    )
    response = post(client_as(therapist_a1), needling_draft, **data)
    assert_refused_and_kept(response, needling_draft, "More needles removed than inserted")


def test_a_visit_dated_in_the_future_is_refused(client_as, therapist_a1, draft):
    tomorrow = timezone.localtime() + timedelta(days=1)
    response = post(client_as(therapist_a1), draft, started_at=tomorrow.strftime("%Y-%m-%dT%H:%M"))
    assert_refused_and_kept(response, draft, "A visit cannot be dated in the future.")


def test_a_parameter_of_the_wrong_technique_is_refused_next_to_that_parameter(client_as, therapist_a1, draft):
    met = technique(TechniqueKind.MUSCLE_ENERGY)
    data = row(
        "techniques",
        0,
        technique=met.pk,
        side="left",
        **{param("muscle_energy", "effort_percent"): 20, param("compression", "pressure"): "firm"},
    )
    response = post(client_as(therapist_a1), draft, **data)
    assert_refused_and_kept(
        response, draft, "Pressure is recorded for Compression, not for Muscle energy techniques."
    )
    html = response.content.decode()
    assert f'id="id_techniques-0-{param("compression", "pressure")}_error"' in html
    assert not TechniqueApplication.objects.exists()


def test_a_parameter_out_of_its_range_is_refused(client_as, therapist_a1, draft):
    data = row(
        "techniques",
        0,
        technique=technique(TechniqueKind.MUSCLE_ENERGY).pk,
        **{param("muscle_energy", "effort_percent"): 150},
    )
    response = post(client_as(therapist_a1), draft, **data)
    assert_refused_and_kept(response, draft, "Ensure this value is less than or equal to 100.")


def test_text_in_a_number_field_and_impossible_angles_are_refused(client_as, therapist_a1, draft):
    response = post(client_as(therapist_a1), draft, duration_minutes="an hour", slr_left=200)
    assert_refused_and_kept(response, draft, "Enter a whole number.", "An angle is 0 to 180 degrees.")


def test_spot_tenderness_above_3_is_refused(client_as, therapist_a1, draft):
    data = row(
        "findings", 0, trigger_point=trigger_point().pk, side="left", status="suspected", spot_tenderness=4
    )
    response = post(client_as(therapist_a1), draft, **data)
    assert_refused_and_kept(response, draft, "Spot tenderness is 0 to 3.")


def test_a_finding_without_a_trigger_point_is_refused_not_a_500(client_as, therapist_a1, draft):
    response = post(client_as(therapist_a1), draft, **row("findings", 0, side="left", status="confirmed"))
    assert_refused_and_kept(response, draft, "This field is required.")


def test_a_tampered_candidate_key_is_refused(client_as, therapist_a1, draft):
    response = post(client_as(therapist_a1), draft, add_candidate="999999:left")
    assert response.status_code == 302
    assert not draft.findings.exists()
    response = post(client_as(therapist_a1), draft, add_candidate="nonsense")
    assert response.status_code == 302


def test_a_self_help_entry_outside_the_published_library_is_refused_by_its_list(
    client_as, therapist_a1, draft
):
    data = page_data(draft)
    data.update({"plan": "Review in one week; keep this text", "self_help": ["999999"]})
    response = client_as(therapist_a1).post(draft.get_absolute_url(), data)

    assert_refused_and_kept(
        response, draft, "Select a valid choice. 999999 is not one of the available choices."
    )
    assert 'id="id_self_help_error"' in response.content.decode()
    assert not draft.self_help.exists()


def test_a_refusal_marks_only_that_page_not_the_next_one(client_as, therapist_a1, draft):
    """Row fields are shared by every form of the process: flagging an input as invalid must not leak."""
    from tests.visits.builders import add_technique

    add_technique(draft)
    browser = client_as(therapist_a1)
    refused = post(
        browser,
        draft,
        **{
            "techniques-0-nrs_before": 11,
            f"techniques-0-{param('compression', 'hold_seconds')}": 9999,
            "findings-0-spot_tenderness": 7,
            "findings-0-side": "left",
        },
    )
    assert refused.content.decode().count("is-invalid") >= 3

    html = browser.get(draft.get_absolute_url()).content.decode()
    assert "is-invalid" not in html and 'aria-invalid="true"' not in html

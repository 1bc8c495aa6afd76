"""Technique parameter specs are checked when curators save them; recorded values are checked against them."""

import pytest
from django.core.exceptions import ValidationError

from reference.models import Technique
from reference.technique_parameters import parse_parameter_specs, validate_parameter_values


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ({"name": "x"}, "must be a JSON list"),
        (["hold"], "must be an object"),
        ([{"name": "Hold Time", "label": "Hold", "type": "integer", "min": 1, "max": 2}], "lower_case"),
        ([{"name": "hold", "type": "integer", "min": 1, "max": 2}], "label is required"),
        ([{"name": "hold", "label": "Hold", "type": "float"}], "type must be one of"),
        ([{"name": "hold", "label": "Hold", "type": "integer", "min": 5, "max": 1}], "min ≤ max"),
        (
            [{"name": "hold", "label": "Hold", "type": "integer", "min": 1, "max": 9, "typical": [0, 5]}],
            "typical",
        ),
        ([{"name": "p", "label": "P", "type": "choice", "choices": []}], "non-empty list of choices"),
        ([{"name": "p", "label": "P", "type": "text", "colour": "red"}], "unknown key"),
        ([{"name": "p", "label": "P", "type": "text"}, {"name": "p", "label": "Q", "type": "text"}], "twice"),
    ],
)
def test_malformed_specs_are_refused_with_a_reason(specs, message):
    with pytest.raises(ValidationError) as raised:
        parse_parameter_specs(specs)
    assert message in raised.value.messages[0]


@pytest.mark.django_db
def test_a_technique_with_bad_parameters_fails_validation_on_that_field():
    technique = Technique.objects.get(kind="compression")
    technique.parameters = [{"name": "pressure", "label": "Pressure", "type": "choice"}]

    with pytest.raises(ValidationError) as raised:
        technique.full_clean()
    assert "parameters" in raised.value.message_dict


@pytest.mark.django_db
def test_an_invasive_technique_needs_written_consent():
    technique = Technique.objects.get(kind="dry_needling")
    technique.requires_written_consent = False

    with pytest.raises(ValidationError) as raised:
        technique.full_clean()
    assert raised.value.message_dict["requires_written_consent"] == [
        "An invasive technique needs written consent."
    ]


@pytest.mark.django_db
def test_values_recorded_for_compression_are_checked_against_its_specs():
    specs = Technique.objects.get(kind="compression").parameter_specs

    assert validate_parameter_values(specs, {"pressure": "firm", "hold_seconds": "60", "repetitions": 3}) == {
        "pressure": "firm",
        "hold_seconds": 60,
        "repetitions": 3,
    }
    with pytest.raises(ValidationError) as raised:
        validate_parameter_values(specs, {"pressure": "crushing", "hold_seconds": 900, "depth": 2})
    errors = raised.value.message_dict
    assert errors["pressure"] == ["Choose one of: light, moderate, firm."]
    assert errors["hold_seconds"] == ["Enter a number from 1 to 300."]
    assert errors["depth"] == ["This technique does not record this."]


@pytest.mark.django_db
def test_met_effort_is_a_percentage():
    specs = Technique.objects.get(kind="muscle_energy").parameter_specs
    assert validate_parameter_values(specs, {"effort_percent": 0}) == {"effort_percent": 0}
    with pytest.raises(ValidationError):
        validate_parameter_values(specs, {"effort_percent": 101})

"""Every free-text field of a client, consent, visit (and every part of it) and addendum has a length limit
that the model itself enforces, not only the form (docs/records.md and docs/visits.md list them)."""

import pytest
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

from clinic.text import has_control_characters, limited_text


def test_every_text_field_of_the_records_has_a_limit_the_model_enforces():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_app_config("records").get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
        and not (field.max_length and any(isinstance(v, MaxLengthValidator) for v in field.validators))
    ]
    assert unlimited == []


def test_a_limited_text_field_validates_its_length_in_the_model():
    field = limited_text(10, blank=True)

    assert field.max_length == 10
    assert any(isinstance(v, MaxLengthValidator) and v.limit_value == 10 for v in field.validators)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("plain", False),
        ("tab\tand\r\nlines", False),
        ("nul\x00", True),
        ("escape\x1b[0m", True),
        ("del\x7f", True),
    ],
)
def test_control_characters_other_than_tab_and_line_breaks_are_refused(text, refused):
    assert has_control_characters(text) is refused


def test_the_client_form_refuses_an_over_long_clinical_note(client_as, therapist_a1, client_a):
    from tests.records.builders import CLINICAL_VALUES

    data = {
        "given_name": client_a.given_name,
        "family_name": client_a.family_name,
        "date_of_birth": f"{client_a.date_of_birth:%Y-%m-%d}",
        "sex": client_a.sex,
        **{k: v for k, v in CLINICAL_VALUES.items() if not isinstance(v, bool)},
        "notes": "x" * 10_001,
    }
    response = client_as(therapist_a1).post(f"/clients/{client_a.pk}/edit/", data)

    assert response.status_code == 200
    assert "at most 10000 characters" in response.content.decode()

"""Free text people type: every field has a length limit, and no text carries control characters.

* ``limited_text(max_length)`` is the model field for free text. Django's ``TextField(max_length=...)``
  limits the form only; this one also validates it in ``full_clean()`` (so the admin and every write through
  ``records.visits.signing``/``records.visits.saving`` refuse too). The limits are listed in docs/visits.md
  and docs/records.md.
* ``PlainTextField`` is the form field for text posted or queried outside a ModelForm (the discard reason,
  search boxes): the same length limit and the same refusal of NUL as Django's form fields, plus the other
  control characters a keyboard cannot type (tabs and line breaks are fine).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils.deconstruct import deconstructible

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls. NUL is among them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@deconstructible
class NoControlCharacters:
    message = "Remove the invisible control characters from this text (they were probably pasted in)."

    def __call__(self, value):
        if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.message, code="control_characters")

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters)


validate_no_control_characters = NoControlCharacters()


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL_CHARACTERS.search(value or ""))


def limited_text(max_length: int, *args, **kwargs) -> models.TextField:
    """A TextField whose ``max_length`` is validated by the model as well as by its forms."""
    validators = [*kwargs.pop("validators", []), MaxLengthValidator(max_length)]
    return models.TextField(*args, max_length=max_length, validators=validators, **kwargs)


def refuse_control_characters(field: forms.Field) -> forms.Field:
    """Make a form field refuse control characters, with one message for NUL and the others alike."""
    field.validators = [
        *(
            v
            for v in field.validators
            if not isinstance(v, ProhibitNullCharactersValidator | NoControlCharacters)
        ),
        validate_no_control_characters,
    ]
    return field


class PlainTextField(forms.CharField):
    """A CharField that is always length-limited and refuses control characters, NUL included."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        refuse_control_characters(self)

"""The screening checklist and the pain-map attributes that red-flag rules can ask about.

The questions are code, not library data: a rule refers to them by their stable codes, visits store the
codes, and the wording is what a therapist asks the client. Rules (``reference.models.RedFlagRule``) are the
curated part. ``ScreeningForm`` is the plain form every page uses, so the checklist works without a script.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import models


class ScreeningAnswer(models.TextChoices):
    """One "yes" on the checklist. Unticked means "no" or "not asked"."""

    POP_OR_TRAUMA = "pop_or_trauma", "Onset with a pop, or after a fall or other trauma"
    NIGHT_PAIN_UNRELIEVED = "night_pain_unrelieved", "Night pain not eased by rest or position"
    FEVER_OR_WEIGHT_LOSS = "fever_or_weight_loss", "Fever, or weight loss without explanation"
    CANCER_HISTORY = "cancer_history", "History of cancer"
    ANTICOAGULANTS = "anticoagulants", "Takes anticoagulants (blood thinners)"
    CALF_SWELLING = "calf_swelling", "Calf swelling, warmth or redness"
    SURGERY_OR_TRAVEL = "surgery_or_travel", "Recent surgery, immobilisation or long travel"
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change", "New change in bladder or bowel control"
    SADDLE_NUMBNESS = "saddle_numbness", "Numbness in the saddle area (buttocks, genitals, inner thighs)"
    PROGRESSIVE_WEAKNESS = "progressive_weakness", "Progressive weakness in a leg"
    CLAUDICATION = "claudication", "Calf pain on walking, eased by rest"


class PainCourse(models.TextChoices):
    """Whether the pain is there all the time; recorded with the pain map."""

    CONSTANT = "constant", "Constant"
    INTERMITTENT = "intermittent", "Intermittent (comes and goes)"


@dataclass(frozen=True)
class Screening:
    """What the rules read besides the marks: the checklist's ticked answers and the pain's course."""

    answers: frozenset[str] = frozenset()
    constant: bool = False
    night_pain: bool = False

    @classmethod
    def of(cls, answers=(), *, pain_course: str = "", night_pain: bool = False) -> Screening:
        constant = pain_course == PainCourse.CONSTANT
        return cls(answers=frozenset(answers), constant=constant, night_pain=bool(night_pain))


class ScreeningForm(forms.Form):
    """The checklist and the pain's course as plain inputs: ``screen`` (checkboxes, one per answer),
    ``pain_course`` (radio) and ``night_pain`` (checkbox). Unknown values are refused beside the field."""

    pain_course = forms.ChoiceField(
        label="The pain is",
        choices=[("", "Not asked"), *PainCourse.choices],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    night_pain = forms.BooleanField(label="Pain at night", required=False)
    screen = forms.MultipleChoiceField(
        label="Screening checklist: tick every “yes”",
        choices=ScreeningAnswer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "“%(value)s” is not a question on the checklist."},
    )

    def options(self, name: str) -> list[dict]:
        """The radio buttons or checkboxes of ``name`` as plain values for ``includes/screening.html``, which
        draws them by hand: Django's widget templates took about 2 ms for these fourteen inputs on every page
        with a pain map. Names, ids, ``checked`` and ``aria-invalid`` are those Django would write."""
        field = self[name]
        value = field.value()
        chosen = {str(item) for item in value} if isinstance(value, (list, tuple)) else {str(value or "")}
        input_type = "checkbox" if isinstance(field.field.widget, forms.CheckboxSelectMultiple) else "radio"
        return [
            {
                "type": input_type,
                "name": field.html_name,
                "value": str(value),
                "id": f"{field.auto_id}_{index}",
                "label": label,
                "checked": str(value) in chosen,
                "invalid": bool(field.errors),
            }
            for index, (value, label) in enumerate(field.field.choices)
        ]

    def pain_course_options(self) -> list[dict]:
        return self.options("pain_course")

    def screen_options(self) -> list[dict]:
        return self.options("screen")

    def screening(self) -> Screening:
        """The answers that validated (an invalid field counts as unanswered, so flags still show)."""
        if not self.is_bound:
            data = self.initial
        else:
            self.is_valid()
            data = self.cleaned_data
        return Screening.of(
            data.get("screen") or (),
            pain_course=data.get("pain_course") or "",
            night_pain=data.get("night_pain") or False,
        )

"""What a therapist reads beside a muscle: symptoms, perpetuating factors, differential diagnoses, self-help.

Each links to the muscles it concerns, so a muscle page and the suggestions can list them per muscle.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reference.models.base import CurationState, NamedEntry, Status, status_constraint


class Symptom(NamedEntry):
    muscles = models.ManyToManyField("reference.Muscle", related_name="symptoms", blank=True)
    history = HistoricalRecords(m2m_fields=[muscles])

    class Meta(NamedEntry.Meta):
        constraints = [status_constraint("symptom")]


class PerpetuatingFactor(NamedEntry):
    """Something that keeps a trigger point going; the therapist checks it again at the next visit."""

    muscles = models.ManyToManyField("reference.Muscle", related_name="perpetuating_factors", blank=True)
    history = HistoricalRecords(m2m_fields=[muscles])

    class Meta(NamedEntry.Meta):
        constraints = [status_constraint("perpetuating_factor")]


class Condition(CurationState, NamedEntry):
    """A differential diagnosis to rule out before attributing pain to trigger points."""

    referral_prompt = models.TextField(
        blank=True,
        max_length=3000,
        help_text="How to rule it out, and what should prompt referral to a doctor: its own, specific text.",
    )
    presenting_regions = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Body-chart codes (the current chart, v2) where it typically hurts, e.g. "
            '["knee_posterior_medial", "calf_medial_upper"]: '
            "the candidates panel lists first the differentials that fit the painful regions."
        ),
    )
    muscles = models.ManyToManyField("reference.Muscle", related_name="conditions", blank=True)
    history = HistoricalRecords(m2m_fields=[muscles])

    class Meta(NamedEntry.Meta):
        constraints = [
            status_constraint("condition"),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | ~models.Q(referral_prompt=""),
                name="condition_published_says_when_to_refer",
                violation_error_message="A published condition needs a referral prompt.",
            ),
        ]

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED and not self.referral_prompt.strip():
            raise ValidationError({"referral_prompt": "This field cannot be blank."})
        from reference.body_chart import CURRENT_CHART_VERSION, load_chart

        codes = self.presenting_regions
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ValidationError({"presenting_regions": "Write a list of body-chart codes."})
        chart = load_chart(CURRENT_CHART_VERSION)
        unknown = [code for code in codes if chart.region(code) is None]
        if unknown:
            raise ValidationError(
                {"presenting_regions": f"Unknown body-chart code(s): {', '.join(unknown)}."}
            )

    def get_absolute_url(self) -> str:
        return reverse("reference:condition_detail", args=[self.slug])


class SelfHelp(NamedEntry):
    """Advice a therapist can give the client to follow at home."""

    muscles = models.ManyToManyField("reference.Muscle", related_name="self_help", blank=True)
    history = HistoricalRecords(m2m_fields=[muscles])

    class Meta(NamedEntry.Meta):
        verbose_name = "self-help advice"
        verbose_name_plural = "self-help advice"
        constraints = [status_constraint("self_help")]

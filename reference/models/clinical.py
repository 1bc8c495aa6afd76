"""What a therapist reads beside a muscle: symptoms, perpetuating factors, differential diagnoses, self-help.

Each links to the muscles it concerns, so a muscle page and the suggestions can list them per muscle.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reference.models.base import NamedEntry, Status, status_constraint


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


class Condition(NamedEntry):
    """A differential diagnosis to rule out before attributing pain to trigger points."""

    referral_prompt = models.TextField(blank=True, help_text="What should prompt referral to a doctor.")
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

"""Red flags that fired in a visit, and what the therapist did about each.

A flag is recorded when a save of the draft fires it (``records.visits.flags.sync_red_flags``), with the
rule, the library version and the rule's message and reasons as they were then, so the signed note shows
what the therapist was told even after curators change the rule. A visit cannot be signed until every
recorded flag has an outcome (``records.visits.signing``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from clinic.text import limited_text
from records.models.visits import Visit, VisitPart

MAX_REFERRED_TO = 200
MAX_OUTCOME_NOTE = 1000
MAX_REASONS = 2000


class FlagOutcome(models.TextChoices):
    SCREENED = "screened", "Screened: referral not indicated"
    REFERRED = "referred", "Referred"
    DEFERRED = "deferred", "Treatment deferred"


class VisitRedFlag(VisitPart):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="red_flags")
    rule = models.ForeignKey("reference.RedFlagRule", on_delete=models.PROTECT, related_name="+")
    library_version = models.PositiveIntegerField(help_text="The library version the rule fired at.")
    rule_name = models.CharField(max_length=200)
    urgency = models.CharField(max_length=20)
    urgency_label = models.CharField(max_length=60)
    message = limited_text(1000, help_text="The rule's message when it fired.")
    reasons = limited_text(MAX_REASONS, help_text="Why it fired, in words.")
    outcome = models.CharField("What was done", max_length=10, choices=FlagOutcome.choices, blank=True)
    referred_to = models.CharField(
        "Referred to", max_length=MAX_REFERRED_TO, blank=True, help_text="Whom, e.g. “GP, Dr Lee, same day”."
    )
    outcome_note = limited_text(MAX_OUTCOME_NOTE, "Note", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "rule"], name="visit_red_flag_once_per_rule"),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome__in=FlagOutcome.values),
                name="visit_red_flag_outcome_is_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome=FlagOutcome.REFERRED) | ~models.Q(referred_to=""),
                name="visit_red_flag_referral_names_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_name} ({self.get_outcome_display().lower() or 'no outcome yet'})"

    @property
    def reason_list(self) -> list[str]:
        return [line for line in self.reasons.splitlines() if line]

    def clean(self):
        super().clean()
        if self.outcome == FlagOutcome.REFERRED and not (self.referred_to or "").strip():
            raise ValidationError({"referred_to": "Say to whom the client was referred."})

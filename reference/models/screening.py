"""Red-flag and screening rules: when a pain map may not be trigger points at all.

Referred myofascial pain is a diagnosis of exclusion, so the library holds, as curated entries like any
other (cited, draft or published, with history, exported and imported), the rules that prompt a therapist
to screen or refer before treating. What fires a rule is written in ``triggers`` (grammar:
``reference/red_flag_triggers.py``); ``reference/red_flags.py`` evaluates the published rules.
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from reference.models.base import NamedEntry, Status, status_constraint
from reference.red_flag_triggers import validate_triggers

MAX_MESSAGE_LENGTH = 1000


class Urgency(models.TextChoices):
    """How soon to act, most urgent first: the order flags are shown in."""

    EMERGENCY = "emergency", "Emergency referral"
    URGENT_REFERRAL = "urgent_referral", "Urgent referral"
    RULE_OUT = "rule_out", "Rule out before treating"
    CONSIDER = "consider", "Consider"

    @classmethod
    def rank(cls, value: str) -> int:
        """0 for the most urgent."""
        return cls.values.index(value)


class RedFlagRule(NamedEntry):
    urgency = models.CharField(max_length=20, choices=Urgency.choices)
    message = models.TextField(
        max_length=MAX_MESSAGE_LENGTH, help_text="What the therapist reads when the rule fires: what to do."
    )
    message_is_library_wording = models.BooleanField(
        "Message is the library's own wording",
        default=True,
        help_text="On: written by the library's curators from the source. Off: quoted from the source.",
    )
    triggers = models.JSONField(
        help_text=(
            'What fires the rule, e.g. {"all": [{"mark": {"group": "calf"}}, {"answer": "calf_swelling"}]}. '
            "Conditions: all, any, answer, pattern, mark (see docs/reference-library.md)."
        )
    )
    conditions = models.ManyToManyField(
        "reference.Condition",
        related_name="red_flag_rules",
        blank=True,
        help_text="The conditions the flag points to.",
    )
    history = HistoricalRecords(m2m_fields=[conditions])

    class Meta(NamedEntry.Meta):
        verbose_name = "red-flag rule"
        constraints = [
            status_constraint("red_flag_rule"),
            models.CheckConstraint(
                condition=models.Q(urgency__in=Urgency.values), name="red_flag_rule_urgency_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | ~models.Q(message=""),
                name="red_flag_rule_published_has_message",
                violation_error_message="A published rule needs a message.",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.status == Status.PUBLISHED and not (self.message or "").strip():
            errors["message"] = "A published rule needs a message."
        try:
            validate_triggers(self.triggers)
        except ValidationError as error:
            errors["triggers"] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def urgency_rank(self) -> int:
        return Urgency.rank(self.urgency)

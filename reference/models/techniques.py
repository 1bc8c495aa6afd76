"""Treatment techniques and what each records when a therapist applies it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reference.models.base import NamedEntry, status_constraint
from reference.technique_parameters import ParameterSpec, parse_parameter_specs


class TechniqueKind(models.TextChoices):
    """What family a technique belongs to: stable codes code can rely on (e.g. needling needs the needling
    record). Several techniques may share a kind; the names shown to people live on the Technique row."""

    SPRAY_AND_STRETCH = "spray_and_stretch", "Spray and stretch"
    DEEP_STROKING = "deep_stroking", "Deep stroking massage"
    COMPRESSION = "compression", "Compression"
    MUSCLE_ENERGY = "muscle_energy", "Muscle energy technique"
    POSITIONAL_RELEASE = "positional_release", "Positional release"
    DRY_NEEDLING = "dry_needling", "Dry needling"
    WET_NEEDLING = "wet_needling", "Wet needling"


class Technique(NamedEntry):
    kind = models.CharField(max_length=30, choices=TechniqueKind.choices)
    invasive = models.BooleanField(default=False)
    requires_written_consent = models.BooleanField(default=False)
    loggable_as_routine = models.BooleanField(
        default=True, help_text="Off for techniques outside therapists' scope (wet needling is an injection)."
    )
    scope_note = models.TextField(blank=True, help_text="Who may use it (scope of practice).")
    parameters = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            'What an application records, as a JSON list, e.g. [{"name": "hold_seconds", "label": '
            '"Hold (seconds)", "type": "integer", "min": 1, "max": 300}]. Types: integer, choice, text.'
        ),
    )
    muscles = models.ManyToManyField("reference.Muscle", related_name="techniques", blank=True)
    history = HistoricalRecords(m2m_fields=[muscles])

    class Meta(NamedEntry.Meta):
        constraints = [
            status_constraint("technique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=TechniqueKind.values), name="technique_kind_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(invasive=False) | models.Q(requires_written_consent=True),
                name="technique_invasive_needs_written_consent",
                violation_error_message="An invasive technique needs written consent.",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.invasive and not self.requires_written_consent:
            errors["requires_written_consent"] = "An invasive technique needs written consent."
        try:
            parse_parameter_specs(self.parameters)
        except ValidationError as error:
            errors["parameters"] = error.messages
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("reference:technique_detail", args=[self.slug])

    @property
    def parameter_specs(self) -> list[ParameterSpec]:
        return parse_parameter_specs(self.parameters)

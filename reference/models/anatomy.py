"""Muscles, their trigger points and where those refer pain."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reference.models.base import (
    ContentEntry,
    ContentQuerySet,
    CurationState,
    NamedEntry,
    Status,
    status_constraint,
)

spinal_segments_validator = RegexValidator(
    r"^[CTLS]\d{1,2}(, [CTLS]\d{1,2})*$",
    "Write the segments in full, separated by a comma and a space, e.g. “L4, L5, S1”.",
)

# What a published muscle must state; drafts (e.g. associated muscles known only by name) may lack it.
MUSCLE_FACTS_REQUIRED_TO_PUBLISH = ("origin", "insertion", "action", "innervation_nerve", "spinal_segments")


class MuscleGroup(NamedEntry):
    history = HistoricalRecords()

    class Meta(NamedEntry.Meta):
        constraints = [status_constraint("muscle_group")]

    def get_absolute_url(self) -> str:
        return reverse("reference:index") + f"#group-{self.slug}"


class Muscle(NamedEntry):
    group = models.ForeignKey(
        MuscleGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="muscles"
    )
    origin = models.TextField(blank=True)
    insertion = models.TextField(blank=True)
    action = models.TextField(blank=True)
    innervation_nerve = models.CharField(
        max_length=200, blank=True, help_text="e.g. Branches of the sciatic nerve"
    )
    spinal_segments = models.CharField(
        max_length=100,
        blank=True,
        validators=[spinal_segments_validator],
        help_text="e.g. L4, L5, S1, S2, S3",
    )
    antagonists = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="antagonist_of")
    antagonist_note = models.TextField(blank=True)
    functional_movement = models.TextField(blank=True, help_text="Its basic functional movement.")
    history = HistoricalRecords(m2m_fields=[antagonists])

    class Meta(NamedEntry.Meta):
        # sort_order runs medial to lateral within a group, as anatomy texts list them.
        constraints = [
            status_constraint("muscle"),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT)
                | models.Q(
                    *(~models.Q(**{field: ""}) for field in MUSCLE_FACTS_REQUIRED_TO_PUBLISH),
                ),
                name="muscle_published_states_its_anatomy",
                violation_error_message=(
                    "A published muscle needs its origin, insertion, action and innervation."
                ),
            ),
        ]

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED:
            missing = {
                field: "This field cannot be blank."
                for field in MUSCLE_FACTS_REQUIRED_TO_PUBLISH
                if not getattr(self, field).strip()
            }
            if missing:
                raise ValidationError(missing)

    def get_absolute_url(self) -> str:
        return reverse("reference:muscle_detail", args=[self.slug])

    @property
    def spinal_segment_list(self) -> list[str]:
        return [segment for segment in self.spinal_segments.split(", ") if segment]


class MuscleAssociation(ContentEntry):
    """A muscle that is often involved together with another (the source's "associated muscles")."""

    from_muscle = models.ForeignKey(Muscle, on_delete=models.PROTECT, related_name="associations")
    to_muscle = models.ForeignKey(Muscle, on_delete=models.PROTECT, related_name="associated_from")
    note = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_muscle", "sort_order", "to_muscle__name"]
        constraints = [
            status_constraint("muscle_association"),
            models.UniqueConstraint(
                fields=["from_muscle", "to_muscle"], name="muscle_association_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_muscle=models.F("to_muscle")),
                name="muscle_association_not_to_itself",
                violation_error_message="A muscle cannot be associated with itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_muscle} → {self.to_muscle}"

    def clean(self):
        super().clean()
        if self.from_muscle_id and self.from_muscle_id == self.to_muscle_id:
            raise ValidationError({"to_muscle": "A muscle cannot be associated with itself."})


class TriggerPoint(CurationState, ContentEntry):
    muscle = models.ForeignKey(Muscle, on_delete=models.PROTECT, related_name="trigger_points")
    label = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text="Never change it once published.")
    location_description = models.TextField(blank=True)
    region = models.ForeignKey(
        "reference.BodyRegion",
        on_delete=models.PROTECT,
        related_name="trigger_points_here",
        help_text="Where the trigger point sits on the body chart.",
    )
    sort_order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["muscle", "sort_order", "label"]
        constraints = [status_constraint("trigger_point")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("reference:muscle_detail", args=[self.muscle.slug]) + f"#trp-{self.slug}"


class ZoneKind(models.TextChoices):
    """The source's "strong 10 cm zone" is essential; its "diffuse pain" is spillover."""

    ESSENTIAL = "essential", "Essential"
    SPILLOVER = "spillover", "Spillover"


class ReferralZoneQuerySet(ContentQuerySet):
    def published_for_suggestions(self, *, chart_version: int):
        """Published zones of published trigger points of published muscles, on one chart version."""
        return self.filter(
            status=Status.PUBLISHED,
            trigger_point__status=Status.PUBLISHED,
            trigger_point__muscle__status=Status.PUBLISHED,
            region__chart_version=chart_version,
        )


class ReferralZone(CurationState, ContentEntry):
    """Where a trigger point refers pain. Stored without a side: a zone lies on the trigger point's side."""

    # A zone is part of its trigger point's definition, so it goes with it; nothing else points at zones.
    trigger_point = models.ForeignKey(TriggerPoint, on_delete=models.CASCADE, related_name="zones")
    region = models.ForeignKey(
        "reference.BodyRegion", on_delete=models.PROTECT, related_name="referral_zones"
    )
    kind = models.CharField(max_length=10, choices=ZoneKind.choices)
    note = models.TextField(blank=True)
    contradicted = models.BooleanField(
        default=False,
        help_text=(
            "Another source contradicts this zone. It stays visible, with the discrepancy, but the ranking "
            "does not count it (see reference/suggest.py)."
        ),
    )
    discrepancy_note = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Shown to therapists: which source says what (required if contradicted).",
    )
    history = HistoricalRecords()

    objects = ReferralZoneQuerySet.as_manager()

    class Meta:
        ordering = ["trigger_point", "kind", "region__sort_order"]
        constraints = [
            status_constraint("referral_zone"),
            models.UniqueConstraint(fields=["trigger_point", "region"], name="referral_zone_once_per_region"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ZoneKind.values), name="referral_zone_kind_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(contradicted=False) | ~models.Q(discrepancy_note=""),
                name="referral_zone_contradiction_is_explained",
                violation_error_message="Say which source contradicts this zone, and how.",
            ),
        ]

    def clean(self):
        super().clean()
        if self.contradicted and not self.discrepancy_note.strip():
            raise ValidationError({"discrepancy_note": "Say which source contradicts this zone, and how."})

    def __str__(self) -> str:
        region = self.region.name if self.region_id else "?"
        return f"{self.trigger_point}: {region} ({self.get_kind_display().lower()})"

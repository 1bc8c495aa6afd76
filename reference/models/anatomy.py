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
    Wording,
    status_constraint,
)

spinal_segments_validator = RegexValidator(
    r"^[CTLS]\d{1,2}(, [CTLS]\d{1,2})*$",
    "Write the segments in full, separated by a comma and a space, e.g. “L4, L5, S1”.",
)

# What a published muscle must state; drafts (e.g. associated muscles known only by name) may lack it.
MUSCLE_FACTS_REQUIRED_TO_PUBLISH = ("origin", "insertion", "action", "innervation_nerve", "spinal_segments")


class Depth(models.TextChoices):
    SUPERFICIAL = "superficial", "Superficial"
    DEEP = "deep", "Deep"


class Palpation(models.TextChoices):
    """How the trigger point is found, as Travell & Simons describe it."""

    FLAT = "flat", "Flat palpation (against the bone)"
    PINCER = "pincer", "Pincer palpation (between thumb and fingers)"


class Laterality(models.TextChoices):
    """Which side the pain is referred to, relative to the trigger point."""

    SAME_SIDE = "same_side", "Same side"
    OTHER_SIDE = "other_side", "Other side"
    BOTH = "both", "Both sides"


def _choice_constraint(name: str, field: str, choices, *, blank: bool) -> models.CheckConstraint:
    values = [*choices.values, ""] if blank else list(choices.values)
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)


class MuscleGroup(NamedEntry):
    """A group of muscles (the hamstrings, the gluteal muscles): a real entry, never a muscle standing in for
    one. A source that gives the innervation for the group only is recorded here, and a muscle that takes it
    says so (``Muscle.innervation_from_group``)."""

    innervation_nerve = models.CharField(
        max_length=200, blank=True, help_text="As the source gives it for the group."
    )
    spinal_segments = models.CharField(
        max_length=100,
        blank=True,
        validators=[spinal_segments_validator],
        help_text="e.g. L4, L5, S1, S2, S3",
    )
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
    innervation_from_group = models.BooleanField(
        default=False,
        help_text=(
            "The source gives the innervation for the muscle's group, not for this muscle: the group's "
            "values are used, and shown with that note."
        ),
    )
    antagonists = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="antagonist_of")
    antagonist_groups = models.ManyToManyField(MuscleGroup, blank=True, related_name="antagonist_of")
    antagonist_note = models.TextField(blank=True)
    synergists = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="synergist_of")
    synergist_groups = models.ManyToManyField(MuscleGroup, blank=True, related_name="synergist_of")
    synergist_note = models.TextField(blank=True, max_length=2000)
    functional_movement = models.TextField(blank=True, help_text="Its basic functional movement.")
    history = HistoricalRecords(m2m_fields=[antagonists, antagonist_groups, synergists, synergist_groups])

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
        if self.innervation_from_group:
            group = self.group if self.group_id else None
            if group is None or not group.innervation_nerve.strip():
                raise ValidationError(
                    {"innervation_from_group": "Give the group, and the group's innervation, first."}
                )
            # The muscle carries the group's values, so every reader (and the export) sees one innervation.
            self.innervation_nerve, self.spinal_segments = group.innervation_nerve, group.spinal_segments
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

    @property
    def innervation_note(self) -> str:
        """What a reader is told when the innervation is the group's, not this muscle's own."""
        if not (self.innervation_from_group and self.group_id):
            return ""
        return f"The source gives this for the {self.group.name.lower()} as a group, not for each muscle."


class MusclePart(ContentEntry):
    """A head or part of a muscle (biceps femoris: long head, short head), with the facts where it differs.

    A blank fact means "as the muscle": only what differs is written, and the muscle page says so.
    """

    muscle = models.ForeignKey(Muscle, on_delete=models.PROTECT, related_name="parts")
    name = models.CharField(max_length=200, help_text="e.g. Long head")
    slug = models.SlugField(max_length=100, unique=True, help_text="Never change it once published.")
    sort_order = models.PositiveIntegerField(default=0)
    origin = models.TextField(blank=True, max_length=2000, help_text="Blank: as the muscle.")
    insertion = models.TextField(blank=True, max_length=2000, help_text="Blank: as the muscle.")
    action = models.TextField(blank=True, max_length=2000, help_text="Blank: as the muscle.")
    innervation_nerve = models.CharField(max_length=200, blank=True, help_text="Blank: as the muscle.")
    spinal_segments = models.CharField(
        max_length=100, blank=True, validators=[spinal_segments_validator], help_text="Blank: as the muscle."
    )
    note = models.TextField(blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["muscle", "sort_order", "name"]
        constraints = [
            status_constraint("muscle_part"),
            models.UniqueConstraint(fields=["muscle", "name"], name="muscle_part_name_once_per_muscle"),
        ]

    def __str__(self) -> str:
        return f"{self.muscle}: {self.name}" if self.muscle_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("reference:muscle_detail", args=[self.muscle.slug]) + f"#part-{self.slug}"

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) for each fact this part states itself; the rest are the muscle's."""
        pairs = [
            ("Origin", self.origin),
            ("Insertion", self.insertion),
            ("Action", self.action),
            ("Innervation", self.innervation_nerve),
            ("Spinal segments", self.spinal_segments),
        ]
        return [(label, value) for label, value in pairs if value]


class AssociationRole(models.TextChoices):
    """Travell & Simons: a key trigger point in one muscle can activate satellites in another muscle."""

    KEY = "key", "Key (activates satellites in the other muscle)"
    SATELLITE = "satellite", "Satellite (activated by the other muscle)"


class MuscleAssociation(ContentEntry):
    """A muscle that is often involved together with another (the source's "associated muscles")."""

    from_muscle = models.ForeignKey(Muscle, on_delete=models.PROTECT, related_name="associations")
    # Exactly one of the two: another muscle, or a group the source names as a whole ("the gluteal muscles").
    to_muscle = models.ForeignKey(
        Muscle, on_delete=models.PROTECT, null=True, blank=True, related_name="associated_from"
    )
    to_group = models.ForeignKey(
        MuscleGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="associated_from"
    )
    note = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    role = models.CharField(
        max_length=10,
        choices=AssociationRole.choices,
        blank=True,
        help_text="Key: its trigger points activate satellites in the other muscle. Blank: not stated.",
    )
    history = HistoricalRecords()

    class Meta:
        # No order through to_muscle: it is nullable, and an outer join cannot be locked (FOR UPDATE) on
        # PostgreSQL when a versioned save checks the row.
        ordering = ["from_muscle", "sort_order", "pk"]
        constraints = [
            status_constraint("muscle_association"),
            _choice_constraint("muscle_association_role_is_known", "role", AssociationRole, blank=True),
            models.UniqueConstraint(
                fields=["from_muscle", "to_muscle"], name="muscle_association_once_per_pair"
            ),
            models.UniqueConstraint(
                fields=["from_muscle", "to_group"], name="muscle_association_once_per_group"
            ),
            models.CheckConstraint(
                condition=models.Q(to_muscle__isnull=False, to_group__isnull=True)
                | models.Q(to_muscle__isnull=True, to_group__isnull=False),
                name="muscle_association_one_target",
                violation_error_message="Associate either a muscle or a group.",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_muscle=models.F("to_muscle")),
                name="muscle_association_not_to_itself",
                violation_error_message="A muscle cannot be associated with itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_muscle} → {self.target}"

    @property
    def target(self) -> Muscle | MuscleGroup | None:
        return self.to_muscle if self.to_muscle_id else (self.to_group if self.to_group_id else None)

    def clean(self):
        super().clean()
        if self.from_muscle_id and self.from_muscle_id == self.to_muscle_id:
            raise ValidationError({"to_muscle": "A muscle cannot be associated with itself."})
        if bool(self.to_muscle_id) == bool(self.to_group_id):
            raise ValidationError({"to_muscle": "Associate either a muscle or a group."})


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
    depth = models.CharField(max_length=12, choices=Depth.choices, blank=True, help_text="Blank: not stated.")
    palpation = models.CharField(
        max_length=8, choices=Palpation.choices, blank=True, help_text="Blank: not stated."
    )
    referral_laterality = models.CharField(
        max_length=12,
        choices=Laterality.choices,
        default=Laterality.SAME_SIDE,
        help_text="Where the pain is referred, relative to the trigger point's side.",
    )
    examination_tests = models.TextField(
        blank=True, max_length=2000, help_text="Tests that bring out or confirm it, e.g. a stretch range."
    )
    entrapment = models.TextField(
        blank=True, max_length=2000, help_text="Nerves or vessels the taut muscle can entrap, and the signs."
    )
    needling_hazards = models.TextField(
        blank=True,
        max_length=2000,
        help_text="What a needle must avoid here (nerves, vessels, organs); shown above the needling site.",
    )
    needling_hazards_wording = models.CharField(
        max_length=12,
        choices=Wording.choices,
        default=Wording.LIBRARY,
        help_text="How close the hazards' words are to the source: shown to therapists.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["muscle", "sort_order", "label"]
        constraints = [
            status_constraint("trigger_point"),
            _choice_constraint("trigger_point_depth_is_known", "depth", Depth, blank=True),
            _choice_constraint("trigger_point_palpation_is_known", "palpation", Palpation, blank=True),
            _choice_constraint(
                "trigger_point_laterality_is_known", "referral_laterality", Laterality, blank=False
            ),
        ]

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

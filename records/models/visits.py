"""The visit log: one visit's note, its pain map, findings, techniques, dry needling and addenda.

Record-keeping rules (DOMAIN.md) live here, not in views:

* A visit is a draft, editable, until its therapist signs it. A signed (or discarded) visit is locked: its
  own ``save()``/``delete()`` and those of every part of it raise ``VisitLocked``, whatever code calls them
  (views, the admin, a shell). Corrections are ``Addendum`` rows, which are append-only.
* Nothing is hard-deleted: a visit is never deleted (a draft is *discarded*, with a reason, and kept);
  parts of a draft may be removed while it is still a draft, and history records that.
* Every model has ``history`` (django-simple-history), so who changed what and when is kept.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic import access
from clinic.dates import EARLIEST_RECORD_DATE, RecordDateTimeField, date_floor_constraint, local_date
from clinic.text import limited_text
from records.models.base import DeletionRefused
from reference.body_chart import CURRENT_CHART_VERSION
from reference.models import Side, TechniqueKind
from reference.screening import PainCourse, ScreeningAnswer
from reference.technique_parameters import validate_parameter_values

MAX_PAIN = 10
MAX_DURATION_MINUTES = 480
MAX_ANGLE = 180
MAX_SPOT_TENDERNESS = 3
# Needles at one site (one trigger point on one side). Usually one to a few; more than 20 at one trigger
# point is a typo ("100" for "10"), and the count is safety data the signing reconciles, so it is refused.
MAX_NEEDLES_PER_SITE = 20
# A tablet's clock may run a little ahead of the server's.
FUTURE_GRACE = timedelta(minutes=5)


class VisitLocked(Exception):
    """Raised when code tries to change or delete a signed or discarded visit, or any part of one."""


class VisitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    DISCARDED = "discarded", "Discarded"


def _between(field: str, low: int, high: int, *, nullable: bool) -> models.Q:
    in_range = models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return (models.Q(**{f"{field}__isnull": True}) | in_range) if nullable else in_range


def _range_error(value, low: int, high: int, what: str) -> str | None:
    if value is not None and not low <= value <= high:
        return f"{what} is {low} to {high}."
    return None


# --- The visit --------------------------------------------------------------------------------------------


class VisitQuerySet(models.QuerySet):
    def for_user(self, user):
        return access.scoped_to_clinic(self, user)

    def drafts(self):
        return self.filter(status=VisitStatus.DRAFT)

    def signed(self):
        return self.filter(status=VisitStatus.SIGNED)

    def not_discarded(self):
        return self.exclude(status=VisitStatus.DISCARDED)

    def timeline_order(self):
        """Unsigned drafts first, then the rest newest first: what the client page lists."""
        is_draft = models.Case(
            models.When(status=VisitStatus.DRAFT, then=models.Value(0)),
            default=models.Value(1),
            output_field=models.IntegerField(),
        )
        return self.alias(draft_first=is_draft).order_by("draft_first", "-started_at", "-id")

    def delete(self):
        raise DeletionRefused("Visits are never deleted; discard a draft with a reason instead")

    delete.queryset_only = True


class Visit(models.Model):
    # The clinical content of the note, in the order it is written; the form and the export share it.
    NOTE_FIELDS = (
        "presenting_complaint",
        "onset",
        "aggravating",
        "easing",
        "pain_start",
        "pain_end",
        "observations",
        "slr_left",
        "slr_right",
        "ake_left",
        "ake_right",
        "assessment",
        "plan",
        "next_visit",
    )

    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="visits")
    client = models.ForeignKey("records.Client", on_delete=models.PROTECT, related_name="visits")
    # The episode of care the visit belongs to: chosen when the visit starts (Episode.objects.open_for).
    episode = models.ForeignKey("records.Episode", on_delete=models.PROTECT, related_name="visits")
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits")
    started_at = RecordDateTimeField("Date and time", default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField("Duration (minutes)", default=60)
    library_version = models.PositiveIntegerField(
        editable=False, help_text="The reference library version the note was written against."
    )
    chart_version = models.PositiveSmallIntegerField(default=CURRENT_CHART_VERSION, editable=False)
    status = models.CharField(max_length=10, choices=VisitStatus.choices, default=VisitStatus.DRAFT)

    # Subjective.
    presenting_complaint = limited_text(2000, blank=True)
    onset = limited_text(2000, blank=True)
    aggravating = limited_text(2000, "Aggravating activities", blank=True)
    easing = limited_text(2000, "Easing activities", blank=True)
    pain_start = models.PositiveSmallIntegerField(
        "Pain at start (0–10)", null=True, blank=True, help_text="NRS-11: 0 no pain, 10 worst imaginable."
    )
    pain_end = models.PositiveSmallIntegerField("Pain at end (0–10)", null=True, blank=True)

    # Screening: the pain's course with the pain map, and the checklist's "yes" answers (codes of
    # reference.screening.ScreeningAnswer), which the red-flag rules read.
    pain_course = models.CharField(
        "The pain is", max_length=12, choices=PainCourse.choices, blank=True, db_default=""
    )
    # Database defaults too, so rows written by code older than these fields stay valid.
    night_pain = models.BooleanField("Pain at night", default=False, db_default=False)
    screening_answers = models.JSONField(
        "Screening checklist: yes to",
        default=list,
        blank=True,
        db_default=models.Value([], models.JSONField()),
    )

    # Objective.
    observations = limited_text(5000, blank=True)
    slr_left = models.PositiveSmallIntegerField("Straight-leg raise, left (°)", null=True, blank=True)
    slr_right = models.PositiveSmallIntegerField("Straight-leg raise, right (°)", null=True, blank=True)
    ake_left = models.PositiveSmallIntegerField("Active knee extension, left (°)", null=True, blank=True)
    ake_right = models.PositiveSmallIntegerField("Active knee extension, right (°)", null=True, blank=True)

    # Assessment and plan.
    assessment = limited_text(5000, blank=True)
    plan = limited_text(5000, blank=True)
    next_visit = models.CharField(max_length=200, blank=True, help_text="A date or e.g. “in one week”.")
    self_help = models.ManyToManyField(
        "reference.SelfHelp", blank=True, related_name="prescribed_in", verbose_name="self-help prescribed"
    )
    self_help_notes = limited_text(2000, "Self-help notes", blank=True)
    perpetuating_factors = models.ManyToManyField(
        "reference.PerpetuatingFactor", blank=True, related_name="identified_in"
    )
    perpetuating_notes = limited_text(2000, "Perpetuating factors: notes", blank=True)

    # Dry-needling safety.
    sharps_disposal_confirmed = models.BooleanField("Sharps disposed of in a sharps container", default=False)

    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    discarded_at = models.DateTimeField(null=True, blank=True, editable=False)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    discard_reason = limited_text(1000, blank=True, editable=False)

    # Optimistic concurrency: every save of the draft moves it on; a save based on an older number is refused.
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[self_help, perpetuating_factors])
    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=VisitStatus.values), name="visit_status_is_known"
            ),
            date_floor_constraint("started_at", floor=EARLIEST_RECORD_DATE, name="visit_started_from_2000"),
            models.CheckConstraint(
                condition=_between("duration_minutes", 1, MAX_DURATION_MINUTES, nullable=False),
                name="visit_duration_1_to_480_minutes",
            ),
            models.CheckConstraint(
                condition=_between("pain_start", 0, MAX_PAIN, nullable=True), name="visit_pain_start_0_to_10"
            ),
            models.CheckConstraint(
                condition=_between("pain_end", 0, MAX_PAIN, nullable=True), name="visit_pain_end_0_to_10"
            ),
            *(
                models.CheckConstraint(
                    condition=_between(name, 0, MAX_ANGLE, nullable=True),
                    name=f"visit_{name}_0_to_180_degrees",
                )
                for name in ("slr_left", "slr_right", "ake_left", "ake_right")
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VisitStatus.SIGNED)
                | models.Q(signed_at__isnull=False, signed_by__isnull=False, pain_start__isnull=False),
                name="visit_signed_has_signer_and_pain_start",
            ),
            models.CheckConstraint(
                condition=models.Q(pain_course="") | models.Q(pain_course__in=PainCourse.values),
                name="visit_pain_course_is_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VisitStatus.DISCARDED)
                | (
                    models.Q(discarded_at__isnull=False, discarded_by__isnull=False)
                    & ~models.Q(discard_reason="")
                ),
                name="visit_discarded_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-started_at"], name="visit_client_timeline"),
            # A therapist's visits newest first, ties on the start time broken by id, as the dashboard and
            # the editor's recently used sections read them (a LIMIT straight off the index).
            models.Index(fields=["therapist", "status", "-started_at", "-id"], name="visit_therapist_recent"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.started_at).strftime("%d/%m/%Y %H:%M") if self.started_at else "?"
        return f"Visit {when} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        if not self._state.adding and self.stored_status() not in (None, VisitStatus.DRAFT):
            raise VisitLocked(
                f"This visit is {self.stored_status()} and locked; add an addendum to correct it."
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("records:visit_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise DeletionRefused("A visit is never deleted; discard a draft with a reason instead")

    @property
    def screening_yes(self) -> list[str]:
        """The checklist questions answered yes, in words, in the checklist's order."""
        answers = set(self.screening_answers or ())
        return [label for value, label in ScreeningAnswer.choices if value in answers]

    @property
    def is_draft(self) -> bool:
        return self.status == VisitStatus.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == VisitStatus.SIGNED

    @property
    def is_discarded(self) -> bool:
        return self.status == VisitStatus.DISCARDED

    def stored_status(self) -> str | None:
        """The status in the database now, not the one this (maybe stale) object holds. One query."""
        if self.pk is None:
            return None
        return Visit.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def clean(self):
        super().clean()
        errors = {}
        if self.started_at and self.started_at > timezone.now() + FUTURE_GRACE:
            errors["started_at"] = "A visit cannot be dated in the future."
        elif (
            self.started_at
            and self.client_id
            and self.client.date_of_birth
            and local_date(self.started_at) < self.client.date_of_birth
        ):
            errors["started_at"] = "A visit cannot be dated before the client was born; check the year."
        if self.duration_minutes is not None and not 1 <= self.duration_minutes <= MAX_DURATION_MINUTES:
            errors["duration_minutes"] = f"Duration is 1 to {MAX_DURATION_MINUTES} minutes."
        for name in ("pain_start", "pain_end"):
            message = _range_error(getattr(self, name), 0, MAX_PAIN, "Pain")
            if message:
                errors[name] = message + " (0 no pain, 10 worst imaginable)."
        for name in ("slr_left", "slr_right", "ake_left", "ake_right"):
            message = _range_error(getattr(self, name), 0, MAX_ANGLE, "An angle")
            if message:
                errors[name] = message.replace(".", " degrees.")
        answers = self.screening_answers
        if not isinstance(answers, list) or any(a not in ScreeningAnswer.values for a in answers):
            errors["screening_answers"] = "Only questions of the screening checklist can be answered."
        elif len(set(answers)) != len(answers):
            errors["screening_answers"] = "Each checklist question is answered once."
        if self.client_id and self.clinic_id and self.client.clinic_id != self.clinic_id:
            errors["client"] = "This client belongs to another clinic."
        if self.episode_id and self.client_id and self.episode.client_id != self.client_id:
            errors["episode"] = "That episode is another client's."
        if errors:
            raise ValidationError(errors)


# --- Parts of a visit --------------------------------------------------------------------------------------


def _refuse_if_locked(visit_ids) -> None:
    locked = Visit.objects.filter(pk__in=visit_ids).exclude(status=VisitStatus.DRAFT)
    status = locked.values_list("status", flat=True).first()
    if status is not None:
        raise VisitLocked(f"This visit is {status} and locked; add an addendum to correct it.")


class VisitPartQuerySet(models.QuerySet):
    """Bulk writes on parts of a visit check the lock too, so no queryset sidesteps it."""

    def update(self, **kwargs):
        _refuse_if_locked(self.values("visit_id"))
        return super().update(**kwargs)

    def delete(self):
        _refuse_if_locked(self.values("visit_id"))
        return super().delete()

    update.queryset_only = True
    delete.queryset_only = True


class VisitPart(models.Model):
    """Something recorded in a visit: editable while the visit is a draft, locked with it once signed."""

    objects = VisitPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_if_locked([self.visit_id])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_locked([self.visit_id])
        return super().delete(*args, **kwargs)


class VisitPainMark(VisitPart):
    """One region of the visit's pain map: stored as data (region row, side, intensity), not a picture."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="pain_marks")
    region = models.ForeignKey("reference.BodyRegion", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=7, choices=Side.choices)
    intensity = models.PositiveSmallIntegerField()
    quality = models.CharField(max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__sort_order", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "region", "side"], name="visit_pain_mark_once_per_region_side"
            ),
            models.CheckConstraint(
                condition=_between("intensity", 0, MAX_PAIN, nullable=False),
                name="visit_pain_mark_intensity_0_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=Side.values), name="visit_pain_mark_side_is_known"
            ),
        ]

    def __str__(self) -> str:
        region = self.region.name if self.region_id else "?"
        return f"{region}, {self.side}: {self.intensity}/10"

    def clean(self):
        super().clean()
        errors = {}
        message = _range_error(self.intensity, 0, MAX_PAIN, "Intensity")
        if message:
            errors["intensity"] = message
        if self.region_id and self.side and self.side not in self.region.sides():
            errors["side"] = f"{self.region.name} is recorded as {' or '.join(self.region.sides())}."
        if self.region_id and self.visit_id and self.region.chart_version != self.visit.chart_version:
            # A region of another chart is not on the drawing the visit shows, nor in its area figures.
            errors["region"] = (
                f"{self.region.name} is a region of body chart {self.region.chart_version}; "
                f"this visit is drawn on chart {self.visit.chart_version}."
            )
        if errors:
            raise ValidationError(errors)


class FindingStatus(models.TextChoices):
    SUSPECTED = "suspected", "Suspected"
    CONFIRMED = "confirmed", "Confirmed"
    RULED_OUT = "ruled_out", "Ruled out"


class Activity(models.TextChoices):
    ACTIVE = "active", "Active"
    LATENT = "latent", "Latent"


class Finding(VisitPart):
    """A trigger point examined in this visit, and what palpation showed."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    trigger_point = models.ForeignKey("reference.TriggerPoint", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=7, choices=Side.choices)
    status = models.CharField(max_length=10, choices=FindingStatus.choices, default=FindingStatus.SUSPECTED)
    activity = models.CharField("Active or latent", max_length=10, choices=Activity.choices, blank=True)
    taut_band = models.BooleanField(default=False)
    spot_tenderness = models.PositiveSmallIntegerField(
        "Spot tenderness (0–3)", null=True, blank=True, help_text="0 none, 1 mild, 2 moderate, 3 severe."
    )
    jump_sign = models.BooleanField(default=False)
    local_twitch_response = models.BooleanField(default=False)
    referred_pain_reproduced = models.BooleanField(default=False)
    pain_recognised = models.BooleanField("Client recognises the pain", default=False)
    notes = limited_text(1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "trigger_point", "side"],
                name="finding_once_per_trigger_point_side",
                violation_error_message="This trigger point on this side is already a finding of this visit.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=FindingStatus.values), name="finding_status_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(activity="") | models.Q(activity__in=Activity.values),
                name="finding_activity_is_known",
            ),
            models.CheckConstraint(
                condition=_between("spot_tenderness", 0, MAX_SPOT_TENDERNESS, nullable=True),
                name="finding_spot_tenderness_0_to_3",
            ),
            models.CheckConstraint(condition=models.Q(side__in=Side.values), name="finding_side_is_known"),
        ]

    def __str__(self) -> str:
        tp = self.trigger_point if self.trigger_point_id else "?"
        return f"{tp}, {self.side} ({self.get_status_display().lower()})"

    def clean(self):
        super().clean()
        message = _range_error(self.spot_tenderness, 0, MAX_SPOT_TENDERNESS, "Spot tenderness")
        if message:
            raise ValidationError({"spot_tenderness": message})


def technique_refusal(technique) -> str | None:
    """Why a library technique cannot be logged as routine treatment, or None when it can."""
    if technique is None:
        return None
    if not technique.loggable_as_routine:
        scope = technique.scope_note.strip() or "It is outside a therapist's scope of practice."
        return f"{technique.name} cannot be logged as routine treatment. Scope of practice: {scope}"
    return None


class TechniqueApplication(VisitPart):
    """A technique from the library, applied once, with the parameters that technique records."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="techniques")
    technique = models.ForeignKey("reference.Technique", on_delete=models.PROTECT, related_name="+")
    # A draft's finding may be removed after a technique pointed at it: the technique stays, untargeted.
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="techniques",
        help_text="The finding it treated (optional).",
    )
    side = models.CharField(max_length=7, choices=Side.choices, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    response = limited_text(1000, blank=True, help_text="e.g. pain 6 → 3, range of motion before and after.")
    nrs_before = models.PositiveSmallIntegerField("Pain before (0–10)", null=True, blank=True)
    nrs_after = models.PositiveSmallIntegerField("Pain after (0–10)", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_between("nrs_before", 0, MAX_PAIN, nullable=True),
                name="technique_nrs_before_0_to_10",
            ),
            models.CheckConstraint(
                condition=_between("nrs_after", 0, MAX_PAIN, nullable=True),
                name="technique_nrs_after_0_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(side="") | models.Q(side__in=Side.values), name="technique_side_is_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.technique) if self.technique_id else "Technique"

    def parameter_items(self) -> list[tuple[str, object]]:
        """(label, value with unit) in the technique's own order, for notes and exports."""
        if not self.technique_id:
            return []
        items = []
        for spec in self.technique.parameter_specs:
            if spec.name in self.parameters:
                value = self.parameters[spec.name]
                items.append((spec.label, f"{value} {spec.unit}".strip() if spec.unit else value))
        return items

    def clean_fields(self, exclude=None):
        # The parameters are checked against the technique's own spec here, as a field, so a form that
        # validates them input by input (and so leaves "parameters" out) is not told twice.
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "parameters" not in (exclude or ()) and self.technique_id and "technique" not in errors:
            try:
                self.parameters = validate_parameter_values(
                    self.technique.parameter_specs, self.parameters or {}
                )
            except ValidationError as error:
                errors["parameters"] = [
                    f"{name}: {'; '.join(messages)}" for name, messages in error.message_dict.items()
                ]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        errors: dict[str, list[str]] = {}
        for name in ("nrs_before", "nrs_after"):
            message = _range_error(getattr(self, name), 0, MAX_PAIN, "Pain")
            if message:
                errors[name] = [message]
        if self.technique_id:
            refusal = technique_refusal(self.technique)
            if refusal:
                errors["technique"] = [refusal]
            elif self.technique.kind == TechniqueKind.DRY_NEEDLING:
                errors["technique"] = ["Record dry needling per site in the dry-needling section."]
        if self.finding_id and self.visit_id and self.finding.visit_id != self.visit_id:
            errors["finding"] = ["That finding belongs to another visit."]
        if errors:
            raise ValidationError(errors)


class NeedlingMethod(models.TextChoices):
    STATIC = "static", "Static (left in place)"
    PISTONING = "pistoning", "In and out (pistoning)"
    ROTATION = "rotation", "Rotation (winding)"


class Tolerance(models.TextChoices):
    GOOD = "good", "Tolerated well"
    FAIR = "fair", "Some discomfort"
    POOR = "poor", "Poorly tolerated"
    STOPPED = "stopped", "Stopped at the client's request"


NEEDLES_INSERTED_MESSAGE = (
    f"Needles inserted at one site is 1 to {MAX_NEEDLES_PER_SITE}; record each trigger point as its own site."
)


class NeedlingSite(VisitPart):
    """One site needled: safety data, so needles in and out must reconcile before the visit is signed."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="needling_sites")
    trigger_point = models.ForeignKey("reference.TriggerPoint", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=7, choices=Side.choices)
    technique = models.ForeignKey(
        "reference.Technique",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The library's needling technique (dry needling).",
    )
    method = models.CharField(max_length=12, choices=NeedlingMethod.choices, default=NeedlingMethod.STATIC)
    needles_inserted = models.PositiveSmallIntegerField()
    needles_removed = models.PositiveSmallIntegerField()
    gauge_mm = models.DecimalField("Gauge (mm)", max_digits=3, decimal_places=2, help_text="e.g. 0.25")
    length_mm = models.PositiveSmallIntegerField("Needle length (mm)")
    depth_mm = models.PositiveSmallIntegerField("Depth (mm)", null=True, blank=True)
    dwell_seconds = models.PositiveIntegerField("Dwell time (seconds)", null=True, blank=True)
    local_twitch_responses = models.PositiveSmallIntegerField(default=0)
    tolerance = models.CharField(max_length=10, choices=Tolerance.choices, default=Tolerance.GOOD)
    notes = limited_text(1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(needles_inserted__gte=0, needles_removed__gte=0),
                name="needling_needle_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=_between("needles_inserted", 1, MAX_NEEDLES_PER_SITE, nullable=False),
                name="needling_needles_inserted_1_to_20",
            ),
            models.CheckConstraint(
                condition=models.Q(needles_removed__lte=models.F("needles_inserted")),
                name="needling_not_more_removed_than_inserted",
            ),
            models.CheckConstraint(
                condition=models.Q(gauge_mm__gte=0.1, gauge_mm__lte=0.5),
                name="needling_gauge_0_10_to_0_50_mm",
            ),
            models.CheckConstraint(
                condition=models.Q(length_mm__gte=5, length_mm__lte=150), name="needling_length_5_to_150_mm"
            ),
            models.CheckConstraint(
                condition=models.Q(depth_mm__isnull=True) | models.Q(depth_mm__lte=models.F("length_mm")),
                name="needling_depth_within_needle_length",
            ),
            models.CheckConstraint(
                condition=models.Q(local_twitch_responses__gte=0),
                name="needling_twitch_responses_not_negative",
            ),
            models.CheckConstraint(condition=models.Q(side__in=Side.values), name="needling_side_is_known"),
            models.CheckConstraint(
                condition=models.Q(method__in=NeedlingMethod.values), name="needling_method_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance__in=Tolerance.values), name="needling_tolerance_is_known"
            ),
        ]

    def __str__(self) -> str:
        tp = self.trigger_point if self.trigger_point_id else "?"
        return f"{tp}, {self.side}: {self.needles_inserted} in, {self.needles_removed} out"

    @property
    def needles_reconcile(self) -> bool:
        return self.needles_inserted == self.needles_removed

    def clean(self):
        super().clean()
        errors = {}
        for name in ("needles_inserted", "needles_removed", "local_twitch_responses"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = "Cannot be negative."
        inserted = self.needles_inserted
        if (
            "needles_inserted" not in errors
            and inserted is not None
            and not 1 <= inserted <= MAX_NEEDLES_PER_SITE
        ):
            errors["needles_inserted"] = NEEDLES_INSERTED_MESSAGE
        if (
            "needles_removed" not in errors
            and self.needles_inserted is not None
            and self.needles_removed is not None
            and self.needles_removed > self.needles_inserted
        ):
            errors["needles_removed"] = "More needles removed than inserted: check both counts."
        if self.gauge_mm is not None and not 0.1 <= float(self.gauge_mm) <= 0.5:
            errors["gauge_mm"] = "Gauge is 0.10 to 0.50 mm."
        if self.length_mm is not None and not 5 <= self.length_mm <= 150:
            errors["length_mm"] = "Needle length is 5 to 150 mm."
        if self.depth_mm is not None and self.length_mm is not None and self.depth_mm > self.length_mm:
            errors["depth_mm"] = "Deeper than the needle is long."
        if self.technique_id:
            refusal = technique_refusal(self.technique)
            if refusal:
                errors["technique"] = refusal
            elif self.technique.kind != TechniqueKind.DRY_NEEDLING:
                errors["technique"] = "Only dry needling is recorded per needling site."
        if errors:
            raise ValidationError(errors)


class AdverseEventKind(models.TextChoices):
    BRUISING = "bruising", "Bruising"
    BLEEDING = "bleeding", "Bleeding"
    FAINTING = "fainting", "Fainting or near-fainting"
    PAIN_FLARE = "pain_flare", "Pain flare"
    NAUSEA = "nausea", "Nausea"
    STUCK_NEEDLE = "stuck_needle", "Stuck or bent needle"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class AdverseEvent(VisitPart):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="adverse_events")
    kind = models.CharField(max_length=20, choices=AdverseEventKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = limited_text(2000, blank=True)
    action_taken = limited_text(2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AdverseEventKind.values), name="adverse_event_kind_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=Severity.values), name="adverse_event_severity_is_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(action_taken=""), name="adverse_event_action_taken_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_severity_display().lower()})"

    def clean(self):
        super().clean()
        if not (self.action_taken or "").strip():
            raise ValidationError({"action_taken": "Say what was done about it."})


# --- Addenda ----------------------------------------------------------------------------------------------


class AddendumIsAppendOnly(Exception):
    """Raised by any attempt to change or remove an addendum."""


class AddendumQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AddendumIsAppendOnly("Addenda are never changed; add another addendum")

    def delete(self):
        raise AddendumIsAppendOnly("Addenda are never deleted")

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyAddendum(models.Model):
    """What a visit's and a check-in's addenda share: never changed nor deleted (corrections are further
    addenda), a text and a reason both required. The subclasses declare the fields (``text``, ``reason``,
    ``author``, ``created_at``) and the record they correct; ``refusal`` says why that record takes none."""

    label = "Addendum"
    objects = AddendumQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at).strftime("%d/%m/%Y %H:%M") if self.created_at else "?"
        return f"{self.label} {when}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AddendumIsAppendOnly("Addenda are never changed; add another addendum")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AddendumIsAppendOnly("Addenda are never deleted")

    def refusal(self) -> str:
        """Why the corrected record takes no addendum ("" when it does)."""
        return ""

    def clean(self):
        super().clean()
        errors = {}
        if not (self.text or "").strip():
            errors["text"] = "Write the addendum."
        if not (self.reason or "").strip():
            errors["reason"] = "Give the reason for the addendum."
        refusal = self.refusal()
        if refusal:
            errors["text"] = refusal
        if errors:
            raise ValidationError(errors)


class Addendum(AppendOnlyAddendum):
    """A dated correction or addition to a signed visit, by a named user with a reason; the note stays."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="addenda")
    text = limited_text(5000)
    reason = models.CharField(
        max_length=300, help_text="Why the note needs this, e.g. “wrong side recorded”."
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "addenda"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="addendum_text_not_blank"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="addendum_reason_not_blank"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("records:visit_detail", args=[self.visit_id]) + f"#addendum-{self.pk}"

    def refusal(self) -> str:
        if self.visit_id and not self.visit.is_signed:
            return "Addenda are for signed visits; edit the draft instead."
        return ""

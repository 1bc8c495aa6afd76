"""Episodes of care and outcome measures, stored item by item.

* An ``Episode`` is one presenting problem of a client (title, body area, start, goals, referral source,
  active or discharged with a reason). Every visit belongs to exactly one (``Visit.episode``); a new visit
  joins the client's open episode or opens one (``Episode.objects.open_for``). Episodes are never deleted.
* A ``CheckIn`` is one dated recording of measures in an episode: inside a visit (``visit`` set; it is
  locked when its visit is signed or discarded) or on its own (``visit`` empty; it is signed and locked
  itself, corrected by ``CheckInAddendum``). It holds "usual pain over the last week" (NRS) and the global
  rating of change; LEFS answers (``LefsItemScore``) and PSFS scores (``PsfsScore``, against the
  episode's named ``PsfsActivity`` rows) hang off it. Totals and averages are computed
  (``records.outcomes.scoring``), never stored.

Ranges are CheckConstraints, mirrored in ``clean()`` for a message next to the field.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic import access
from clinic.dates import EARLIEST_RECORD_DATE, RecordDateField, date_floor_constraint, local_date
from clinic.edit_conflicts import VersionedModel
from clinic.text import limited_text
from records.models.answer_totals import answers_changed
from records.models.base import DeletionRefused, NeverDeletedModel, NeverDeletedQuerySet
from records.models.visits import AppendOnlyAddendum, VisitStatus
from records.outcomes.instruments import (
    GROC_MAX,
    GROC_MIN,
    LEFS_ITEM_COUNT,
    LEFS_MAX_SCORE,
    LEFS_MIN_SCORE,
    NRS_MAX,
    NRS_MIN,
    PSFS_MAX_ACTIVITIES,
    PSFS_MAX_SCORE,
    PSFS_MIN_SCORE,
)

MAX_GOALS_LENGTH = 2000


class CheckInLocked(Exception):
    """Raised when code tries to change a signed or discarded check-in (or one in a signed visit), or a
    LEFS or PSFS answer of one."""


def _between(field: str, low: int, high: int, *, nullable: bool) -> models.Q:
    in_range = models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return (models.Q(**{f"{field}__isnull": True}) | in_range) if nullable else in_range


def _not_future_nor_before_birth(day: date | None, client, what: str) -> str | None:
    if day is None:
        return None
    if day > timezone.localdate():
        return f"{what} cannot be in the future."
    if client is not None and client.date_of_birth and day < client.date_of_birth:
        return f"{what} cannot be before the client was born; check the year."
    return None


# --- Episodes of care ------------------------------------------------------------------------------------


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DISCHARGED = "discharged", "Discharged"


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    SELF_DISCHARGED = "self_discharged", "Self-discharged"
    REFERRED_ON = "referred_on", "Referred on"
    NO_IMPROVEMENT = "no_improvement", "No improvement"
    OTHER = "other", "Other"


def opened_episode_title(day: date) -> str:
    """The title of an episode opened by starting a visit, until the therapist names the problem."""
    return f"Care from {day:%d/%m/%Y}"


class EpisodeQuerySet(NeverDeletedQuerySet):
    def for_user(self, user):
        return access.scoped_to_clinic(self, user)

    def active(self):
        return self.filter(status=EpisodeStatus.ACTIVE)

    def discharged(self):
        return self.filter(status=EpisodeStatus.DISCHARGED)

    def open_for(self, client, *, by, on: date | None = None) -> Episode:
        """The episode a new visit of ``client`` joins: the client's most recently started ACTIVE episode, or
        a new one opened ``on`` (default today) by ``by``, titled "Care from <date>". The one way visits get
        their episode (records.visits.saving.start_visit, the demo, the benchmark, the tests)."""
        current = (
            Episode.objects.filter(client=client, status=EpisodeStatus.ACTIVE)
            .order_by("-started_on", "-id")
            .first()
        )
        if current is not None:
            return current
        day = on or timezone.localdate()
        episode = Episode(
            clinic_id=client.clinic_id,
            client=client,
            title=opened_episode_title(day),
            started_on=day,
            created_by=by,
        )
        episode._history_user = by
        episode.full_clean()
        episode.save()
        return episode

    def open_for_clients(self, *, clinic, client_ids, by, on: date) -> dict[int, Episode]:
        """``open_for`` for many clients of ``clinic`` at once, for bulk seeding (the benchmark): each
        client's newest active episode, the others opened in one ``bulk_create`` without history rows.
        Returns {client id: episode}."""
        found: dict[int, Episode] = {}
        for episode in (
            Episode.objects.filter(client_id__in=client_ids, status=EpisodeStatus.ACTIVE)
            .order_by("client_id", "-started_on", "-id")
            .only("pk", "client_id", "clinic_id")
        ):
            found.setdefault(episode.client_id, episode)
        missing = [
            Episode(
                clinic=clinic,
                client_id=client_id,
                title=opened_episode_title(on),
                started_on=on,
                created_by=by,
            )
            for client_id in dict.fromkeys(client_ids)
            if client_id not in found
        ]
        for episode in Episode.objects.bulk_create(missing, batch_size=1000):
            found[episode.client_id] = episode
        return found


class Episode(VersionedModel, NeverDeletedModel):
    """One presenting problem of a client, from its first visit or check-in to discharge."""

    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="episodes")
    client = models.ForeignKey("records.Client", on_delete=models.PROTECT, related_name="episodes")
    title = models.CharField(
        max_length=200, help_text="The presenting problem, e.g. “Left hamstring strain”."
    )
    body_area = models.CharField(max_length=100, blank=True, help_text="e.g. “Posterior thigh, left”.")
    started_on = RecordDateField("Started on")
    goals = limited_text(MAX_GOALS_LENGTH, blank=True, help_text="What the client wants to be able to do.")
    referral_source = models.CharField(
        max_length=200, blank=True, help_text="e.g. GP, physiotherapist, self."
    )
    status = models.CharField(max_length=12, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE)
    discharged_on = RecordDateField("Discharged on", null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    discharge_note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="episode_title_not_blank"),
            models.CheckConstraint(
                condition=models.Q(status__in=EpisodeStatus.values), name="episode_status_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(discharge_reason="")
                | models.Q(discharge_reason__in=DischargeReason.values),
                name="episode_discharge_reason_is_known",
            ),
            date_floor_constraint("started_on", floor=EARLIEST_RECORD_DATE, name="episode_started_from_2000"),
            date_floor_constraint(
                "discharged_on",
                floor=EARLIEST_RECORD_DATE,
                name="episode_discharged_from_2000",
                nullable=True,
            ),
            # Discharged exactly when it has a discharge date and reason; never discharged before it began.
            models.CheckConstraint(
                condition=(
                    models.Q(status=EpisodeStatus.ACTIVE, discharged_on__isnull=True, discharge_reason="")
                    | (
                        models.Q(status=EpisodeStatus.DISCHARGED, discharged_on__isnull=False)
                        & ~models.Q(discharge_reason="")
                    )
                ),
                name="episode_discharged_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(discharged_on__isnull=True)
                | models.Q(discharged_on__gte=models.F("started_on")),
                name="episode_discharged_not_before_start",
            ),
        ]
        indexes = [models.Index(fields=["client", "status", "-started_on"], name="episode_client_status")]

    def __str__(self) -> str:
        return f"{self.title} (from {self.started_on:%d/%m/%Y})" if self.started_on else self.title

    def get_absolute_url(self) -> str:
        return reverse("records:episode_progress", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == EpisodeStatus.ACTIVE

    def clean(self):
        super().clean()
        errors = {}
        client = self.client if self.client_id else None
        message = _not_future_nor_before_birth(self.started_on, client, "The start date")
        if message:
            errors["started_on"] = message
        message = _not_future_nor_before_birth(self.discharged_on, client, "The discharge date")
        if message:
            errors["discharged_on"] = message
        elif self.discharged_on and self.started_on and self.discharged_on < self.started_on:
            errors["discharged_on"] = "An episode cannot end before it started."
        if self.status == EpisodeStatus.DISCHARGED:
            if self.discharged_on is None and "discharged_on" not in errors:
                errors["discharged_on"] = "Give the discharge date."
            if not self.discharge_reason:
                errors["discharge_reason"] = "Give the reason for the discharge."
        elif self.discharged_on is not None or self.discharge_reason:
            errors["status"] = "Only a discharged episode has a discharge date and reason."
        if not (self.title or "").strip():
            errors["title"] = "Name the presenting problem."
        if client is not None and self.clinic_id and client.clinic_id != self.clinic_id:
            errors["client"] = "This client belongs to another clinic."
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def discharge(self, *, by, on: date, reason: str, note: str = "", expected_lock_version=None) -> None:
        """Close the episode. New visits of the client then open a new episode."""
        self.status = EpisodeStatus.DISCHARGED
        self.discharged_on = on
        self.discharge_reason = reason
        self.discharge_note = note
        self.full_clean()
        self._history_user = by
        if expected_lock_version is not None:
            self.expected_lock_version = expected_lock_version
        self.save()

    @transaction.atomic
    def reopen(self, *, by, expected_lock_version=None) -> None:
        """Undo a discharge (made in error, or the problem came back soon): history keeps the discharge."""
        self.status = EpisodeStatus.ACTIVE
        self.discharged_on = None
        self.discharge_reason = ""
        self.discharge_note = ""
        self.full_clean()
        self._history_user = by
        if expected_lock_version is not None:
            self.expected_lock_version = expected_lock_version
        self.save()


# --- Check-ins -------------------------------------------------------------------------------------------


class CheckInKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    FOLLOW_UP = "follow_up", "Follow-up"
    DISCHARGE = "discharge", "Discharge"


class CheckInStatus(models.TextChoices):
    """For a check-in on its own. One inside a visit stays DRAFT here and locks with its visit."""

    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    DISCARDED = "discarded", "Discarded"


class CheckInQuerySet(models.QuerySet):
    def for_user(self, user):
        return access.scoped_to_clinic(self, user)

    def counted(self):
        """Check-ins whose measures count: not discarded, nor inside a discarded visit."""
        return self.exclude(status=CheckInStatus.DISCARDED).exclude(visit__status=VisitStatus.DISCARDED)

    def locked(self):
        return self.filter(
            models.Q(visit__isnull=True) & ~models.Q(status=CheckInStatus.DRAFT)
            | models.Q(visit__isnull=False) & ~models.Q(visit__status=VisitStatus.DRAFT)
        )

    def in_date_order(self):
        return self.order_by("recorded_on", "id")

    def delete(self):
        raise DeletionRefused("Check-ins are never deleted in bulk; discard one with a reason instead")

    delete.queryset_only = True


class CheckIn(VersionedModel):
    """One dated recording of an episode's measures, inside a visit or on its own."""

    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="check_ins")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="check_ins")
    visit = models.OneToOneField(
        "records.Visit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_in",
        help_text="The visit it was recorded in; empty for a check-in on its own.",
    )
    recorded_on = RecordDateField("Date")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="check_ins"
    )
    kind = models.CharField(max_length=10, choices=CheckInKind.choices, default=CheckInKind.FOLLOW_UP)
    usual_pain_week = models.PositiveSmallIntegerField(
        "Usual pain over the last week (0–10)",
        null=True,
        blank=True,
        help_text="NRS-11: 0 no pain, 10 worst pain imaginable.",
    )
    groc = models.SmallIntegerField(
        "Global rating of change (−7 to +7)",
        null=True,
        blank=True,
        help_text=(
            "Since care began: −7 a very great deal worse, 0 about the same, +7 a very great deal better."
        ),
    )

    status = models.CharField(max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.DRAFT)
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = "check-in"
        ordering = ["recorded_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CheckInKind.values), name="check_in_kind_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CheckInStatus.values), name="check_in_status_is_known"
            ),
            date_floor_constraint(
                "recorded_on", floor=EARLIEST_RECORD_DATE, name="check_in_recorded_from_2000"
            ),
            models.CheckConstraint(
                condition=_between("usual_pain_week", NRS_MIN, NRS_MAX, nullable=True),
                name="check_in_usual_pain_0_to_10",
            ),
            models.CheckConstraint(
                condition=_between("groc", GROC_MIN, GROC_MAX, nullable=True),
                name="check_in_groc_minus_7_to_7",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=CheckInKind.BASELINE) | models.Q(groc__isnull=True),
                name="check_in_no_groc_at_baseline",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=CheckInStatus.SIGNED)
                | models.Q(signed_at__isnull=False, signed_by__isnull=False),
                name="check_in_signed_has_signer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=CheckInStatus.DISCARDED)
                | (
                    models.Q(discarded_at__isnull=False, discarded_by__isnull=False)
                    & ~models.Q(discard_reason="")
                ),
                name="check_in_discarded_has_reason",
            ),
            # Inside a visit the visit is signed or discarded, not the check-in.
            models.CheckConstraint(
                condition=models.Q(visit__isnull=True)
                | models.Q(status=CheckInStatus.DRAFT, signed_at__isnull=True, discarded_at__isnull=True),
                name="check_in_in_visit_locks_with_visit",
            ),
        ]
        indexes = [models.Index(fields=["episode", "recorded_on"], name="check_in_episode_date")]

    def __str__(self) -> str:
        when = f"{self.recorded_on:%d/%m/%Y}" if self.recorded_on else "?"
        return f"{self.get_kind_display()} check-in {when}"

    def get_absolute_url(self) -> str:
        if self.visit_id:
            return reverse("records:visit_detail", args=[self.visit_id])
        return self.episode.get_absolute_url()

    # Locking -------------------------------------------------------------------------------------------

    def stored_lock(self) -> str | None:
        """Why the stored check-in is locked ("signed", "discarded", "in a signed visit"), or None.
        One query."""
        if self.pk is None:
            return None
        row = CheckIn.objects.filter(pk=self.pk).values("status", "visit__status").first()
        return _lock_reason(row) if row else None

    @property
    def is_locked(self) -> bool:
        """As this object holds it (the visit's status read through ``visit`` when it has one)."""
        if self.visit_id:
            return self.visit.status != VisitStatus.DRAFT
        return self.status != CheckInStatus.DRAFT

    def save(self, *args, **kwargs):
        reason = self.stored_lock()
        if reason:
            raise CheckInLocked(f"This check-in is {reason} and locked; add an addendum to correct it.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # Inside a draft visit it is a part of the draft and may be removed with it; on its own it is a
        # clinical entry like a visit: discarded with a reason, never deleted.
        if not self.visit_id:
            raise DeletionRefused("A check-in is never deleted; discard it with a reason instead")
        reason = self.stored_lock()
        if reason:
            raise CheckInLocked(f"This check-in is {reason} and locked.")
        with transaction.atomic():
            LefsItemScore.objects.filter(check_in=self).delete()
            PsfsScore.objects.filter(check_in=self).delete()
            return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        episode = self.episode if self.episode_id else None
        client = episode.client if episode else None
        message = _not_future_nor_before_birth(self.recorded_on, client, "The check-in date")
        if message:
            errors["recorded_on"] = message
        elif episode and not self.visit_id and self.recorded_on and self.recorded_on < episode.started_on:
            # (A visit typed in late may precede its episode's start; its check-in is dated with it.)
            errors["recorded_on"] = (
                f"The episode started on {episode.started_on:%d/%m/%Y}; a check-in cannot be dated before it."
            )
        if self.usual_pain_week is not None and not NRS_MIN <= self.usual_pain_week <= NRS_MAX:
            errors["usual_pain_week"] = "Pain is 0 to 10 (0 no pain, 10 worst imaginable)."
        if self.groc is not None:
            if not GROC_MIN <= self.groc <= GROC_MAX:
                errors["groc"] = "The global rating of change is −7 to +7."
            elif self.kind == CheckInKind.BASELINE:
                errors["groc"] = "There is no change to rate at the baseline; leave it empty."
        if episode and self.clinic_id and episode.clinic_id != self.clinic_id:
            errors["episode"] = "This episode belongs to another clinic."
        if self.visit_id:
            visit = self.visit
            if episode and visit.episode_id != episode.pk:
                errors["visit"] = "That visit belongs to another episode."
            elif self.recorded_on and visit.started_at and self.recorded_on != local_date(visit.started_at):
                errors["recorded_on"] = "A check-in inside a visit is dated with the visit."
        if (
            episode
            and self.kind == CheckInKind.BASELINE
            and CheckIn.objects.filter(episode=episode, kind=CheckInKind.BASELINE)
            .counted()
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["kind"] = "This episode has its baseline already; record a follow-up."
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def sign(self, *, by) -> None:
        """Sign a check-in recorded on its own; it is locked from then on."""
        if self.visit_id:
            raise ValueError("A check-in inside a visit is signed with the visit.")
        self.full_clean()
        self.status = CheckInStatus.SIGNED
        self.signed_at = timezone.now()
        self.signed_by = by
        self._history_user = by
        self.save()

    @transaction.atomic
    def discard(self, *, by, reason: str) -> None:
        """Set a draft check-in on its own aside, with the reason; it stays on record."""
        if self.visit_id:
            raise ValueError(
                "A check-in inside a visit is removed from the draft or discarded with the visit."
            )
        if not (reason or "").strip():
            raise ValidationError({"discard_reason": "Give the reason for discarding the check-in."})
        self.status = CheckInStatus.DISCARDED
        self.discarded_at = timezone.now()
        self.discarded_by = by
        self.discard_reason = reason.strip()
        self._history_user = by
        self.save()


def _lock_reason(row: dict) -> str | None:
    if row["visit__status"] is not None:
        return None if row["visit__status"] == VisitStatus.DRAFT else f"in a {row['visit__status']} visit"
    return None if row["status"] == CheckInStatus.DRAFT else row["status"]


def _refuse_if_check_ins_locked(check_in_ids) -> None:
    if isinstance(check_in_ids, list) and not check_in_ids:
        return
    row = CheckIn.objects.filter(pk__in=check_in_ids).locked().values("status", "visit__status").first()
    if row is not None:
        raise CheckInLocked(
            f"This check-in is {_lock_reason(row)} and locked; add an addendum to correct it."
        )


class CheckInPartQuerySet(models.QuerySet):
    """Bulk writes on a check-in's answers check its lock too, and keep its answer totals."""

    def update(self, **kwargs):
        check_in_ids = self._check_in_ids()
        _refuse_if_check_ins_locked(check_in_ids)
        updated = super().update(**kwargs)
        moved_to = kwargs.get("check_in_id", getattr(kwargs.get("check_in"), "pk", None))
        answers_changed([*check_in_ids, moved_to])
        return updated

    def delete(self):
        check_in_ids = self._check_in_ids()
        _refuse_if_check_ins_locked(check_in_ids)
        deleted = super().delete()
        answers_changed(check_in_ids)
        return deleted

    def _check_in_ids(self) -> list[int]:
        return list(self.order_by().values_list("check_in_id", flat=True).distinct())

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        answers_changed(row.check_in_id for row in created)
        return created

    update.queryset_only = True
    delete.queryset_only = True


class CheckInPart(models.Model):
    """An answer of a check-in: editable while the check-in is, locked with it."""

    objects = CheckInPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_if_check_ins_locked([self.check_in_id])
        super().save(*args, **kwargs)
        answers_changed([self.check_in_id])

    def delete(self, *args, **kwargs):
        _refuse_if_check_ins_locked([self.check_in_id])
        deleted = super().delete(*args, **kwargs)
        answers_changed([self.check_in_id])
        return deleted


class LefsItemScore(CheckInPart):
    """One answered LEFS item (1–20) of a check-in, scored 0–4. An unanswered item has no row."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.PROTECT, related_name="lefs_items")
    item = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "LEFS item score"
        ordering = ["item"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_in", "item"],
                name="lefs_item_once_per_check_in",
                violation_error_message="This LEFS item is answered already in this check-in.",
            ),
            models.CheckConstraint(
                condition=_between("item", 1, LEFS_ITEM_COUNT, nullable=False), name="lefs_item_1_to_20"
            ),
            models.CheckConstraint(
                condition=_between("score", LEFS_MIN_SCORE, LEFS_MAX_SCORE, nullable=False),
                name="lefs_item_score_0_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"LEFS item {self.item}: {self.score}"

    def clean(self):
        super().clean()
        errors = {}
        if self.item is not None and not 1 <= self.item <= LEFS_ITEM_COUNT:
            errors["item"] = f"LEFS items are numbered 1 to {LEFS_ITEM_COUNT}."
        if self.score is not None and not LEFS_MIN_SCORE <= self.score <= LEFS_MAX_SCORE:
            errors["score"] = "Each LEFS answer is 0 (extreme difficulty) to 4 (no difficulty)."
        if errors:
            raise ValidationError(errors)


class PsfsActivity(models.Model):
    """An activity the client named for the Patient-Specific Functional Scale (up to five per episode)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="psfs_activities")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200, help_text="In the client's words, e.g. “Running 5 km”.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "PSFS activity"
        verbose_name_plural = "PSFS activities"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "position"],
                name="psfs_activity_position_once_per_episode",
                violation_error_message="This episode has an activity in that place already.",
            ),
            models.CheckConstraint(
                condition=_between("position", 1, PSFS_MAX_ACTIVITIES, nullable=False),
                name="psfs_activity_position_1_to_5",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="psfs_activity_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Renaming an activity scored in a locked check-in would change what that score meant.
        if not self._state.adding and self.pk is not None:
            stored = PsfsActivity.objects.filter(pk=self.pk).values_list("name", flat=True).first()
            if stored is not None and stored != self.name:
                _refuse_if_check_ins_locked(
                    PsfsScore.objects.filter(activity_id=self.pk).values("check_in_id")
                )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.position is not None and not 1 <= self.position <= PSFS_MAX_ACTIVITIES:
            errors["position"] = f"A client names up to {PSFS_MAX_ACTIVITIES} activities."
        if not (self.name or "").strip():
            errors["name"] = "Name the activity."
        if errors:
            raise ValidationError(errors)


class PsfsScore(CheckInPart):
    """How able the client is, 0 (unable) to 10 (as before the problem), to do one named activity."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.PROTECT, related_name="psfs_scores")
    activity = models.ForeignKey(PsfsActivity, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "PSFS score"
        ordering = ["activity__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_in", "activity"],
                name="psfs_score_once_per_check_in_activity",
                violation_error_message="This activity is scored already in this check-in.",
            ),
            models.CheckConstraint(
                condition=_between("score", PSFS_MIN_SCORE, PSFS_MAX_SCORE, nullable=False),
                name="psfs_score_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        activity = self.activity.name if self.activity_id else "?"
        return f"{activity}: {self.score}/10"

    def clean(self):
        super().clean()
        errors = {}
        if self.score is not None and not PSFS_MIN_SCORE <= self.score <= PSFS_MAX_SCORE:
            errors["score"] = "Each PSFS score is 0 (unable to perform) to 10 (as before the problem)."
        if self.activity_id and self.check_in_id and self.activity.episode_id != self.check_in.episode_id:
            errors["activity"] = "That activity belongs to another episode."
        if errors:
            raise ValidationError(errors)


class CheckInAddendum(AppendOnlyAddendum):
    """A dated correction or addition to a signed check-in on its own, by a named user with a reason.
    Append-only, like a visit's ``Addendum`` (a check-in inside a visit is corrected by the visit's)."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.PROTECT, related_name="addenda")
    text = limited_text(5000)
    reason = models.CharField(max_length=300, help_text="Why the check-in needs this, e.g. “wrong date”.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    label = "Check-in addendum"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "check-in addendum"
        verbose_name_plural = "check-in addenda"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="check_in_addendum_text_not_blank"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="check_in_addendum_reason_not_blank"),
        ]

    def refusal(self) -> str:
        if self.check_in_id and (self.check_in.visit_id or self.check_in.status != CheckInStatus.SIGNED):
            return "Addenda are for signed check-ins on their own; edit a draft instead."
        return ""

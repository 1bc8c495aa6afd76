"""Consent: what a client agreed to, which text they saw, how, and whether they withdrew it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.dates import EARLIEST_RECORD_DATE, RecordDateField, date_floor_constraint
from clinic.edit_conflicts import VersionedModel
from clinic.text import limited_text
from records.models.base import NeverDeletedModel, NeverDeletedQuerySet


class Method(models.TextChoices):
    SIGNED_FORM = "signed_form", "Signed form"
    ELECTRONIC = "electronic", "Electronic"
    VERBAL = "verbal", "Verbal"


def every_method() -> list[str]:
    return list(Method.values)


class ConsentKindQuerySet(NeverDeletedQuerySet):
    def available_to(self, clinic):
        """Global kinds (seeded by migration) plus the clinic's own, active ones only."""
        return self.filter(models.Q(clinic__isnull=True) | models.Q(clinic=clinic), is_active=True)


class ConsentKind(VersionedModel, NeverDeletedModel):
    """A kind of consent. Global kinds (no clinic) ship with the app and have a stable ``code`` that
    code relies on ("dry_needling" gates needling in the visit log); clinics add their own."""

    clinic = models.ForeignKey(
        "clinic.Clinic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_kinds",
        help_text="Empty for the kinds every clinic has.",
    )
    code = models.SlugField(max_length=60, help_text="Stable identifier used by the app, e.g. dry_needling.")
    name = models.CharField(max_length=120)
    description = limited_text(1000, blank=True)
    is_active = models.BooleanField(default=True)
    accepted_methods = models.JSONField(
        "Methods that count",
        default=every_method,
        help_text="How a consent of this kind must be given to count (dry needling: written or e-signed).",
    )
    history = HistoricalRecords()

    objects = ConsentKindQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(clinic__isnull=True),
                name="consent_kind_global_code_unique",
            ),
            models.UniqueConstraint(
                fields=["clinic", "code"],
                condition=models.Q(clinic__isnull=False),
                name="consent_kind_code_unique_in_clinic",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="consent_kind_name_not_blank"),
            models.CheckConstraint(condition=~models.Q(code=""), name="consent_kind_code_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name

    def accepts(self, method: str) -> bool:
        return method in (self.accepted_methods or ())

    def accepted_methods_display(self) -> str:
        """e.g. "signed form or electronic"."""
        labels = [label.lower() for value, label in Method.choices if self.accepts(value)]
        return " or ".join(labels) or "no method"

    def clean(self):
        super().clean()
        methods = self.accepted_methods
        if not isinstance(methods, list) or not methods or any(m not in Method.values for m in methods):
            raise ValidationError({"accepted_methods": "Choose at least one method."})
        clash = ConsentKind.objects.filter(code=self.code).exclude(pk=self.pk)
        # A clinic's kind must not shadow a global one either: "dry_needling" has to mean one thing.
        clash = clash.filter(models.Q(clinic__isnull=True) | models.Q(clinic=self.clinic))
        if self.code and clash.exists():
            raise ValidationError({"name": "A consent kind with this name or code exists already."})


class ConsentAlreadyWithdrawn(Exception):
    """A withdrawal of a consent that is withdrawn already (two people, or two tabs, at once)."""

    def __init__(self, current: "Consent"):
        by = current.withdrawn_by
        super().__init__(
            f"This consent was already withdrawn on {current.withdrawn_on:%d/%m/%Y}"
            + (f" by {by.get_full_name() or by.get_username()}" if by else "")
            + ". Nothing was changed."
        )
        self.current = current


class ConsentQuerySet(NeverDeletedQuerySet):
    def current(self):
        """Consents given and not withdrawn."""
        return self.filter(withdrawn_on__isnull=True)


class Consent(VersionedModel, NeverDeletedModel):
    client = models.ForeignKey("records.Client", on_delete=models.PROTECT, related_name="consents")
    kind = models.ForeignKey(ConsentKind, on_delete=models.PROTECT, related_name="consents")
    consent_text_version = models.CharField(
        "Consent text version", max_length=60, help_text="Which version of the consent text the client saw."
    )
    given_on = RecordDateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_on = RecordDateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = limited_text(1000, blank=True)
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=Method.values), name="consent_method_is_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(consent_text_version=""), name="consent_text_version_not_blank"
            ),
            date_floor_constraint("given_on", floor=EARLIEST_RECORD_DATE, name="consent_given_from_2000"),
            date_floor_constraint(
                "withdrawn_on", floor=EARLIEST_RECORD_DATE, name="consent_withdrawn_from_2000", nullable=True
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_on__isnull=False, withdrawn_by__isnull=False),
                name="consent_withdrawal_has_date_and_user",
            ),
        ]

    def __str__(self) -> str:
        state = f"withdrawn {self.withdrawn_on:%d/%m/%Y}" if self.withdrawn_on else "current"
        return f"{self.kind} ({self.consent_text_version}), given {self.given_on:%d/%m/%Y}, {state}"

    def get_absolute_url(self) -> str:
        return reverse("records:client_detail", args=[self.client_id]) + "#consents"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None

    @property
    def method_accepted(self) -> bool:
        """Whether the way it was given counts for its kind (a verbal dry-needling consent does not)."""
        return self.kind.accepts(self.method)

    @property
    def counts(self) -> bool:
        """Current and given in a way its kind accepts: what unlocks what the kind gates."""
        return self.is_current and self.method_accepted

    def withdraw(self, *, by, on, reason: str = "", expected_lock_version: int | None = None) -> "Consent":
        """Record the withdrawal once, returning the saved row.

        The row is locked first, so of two withdrawals at once the second waits, then finds the consent
        withdrawn and raises ``ConsentAlreadyWithdrawn`` instead of overwriting the first's date and author.
        ``expected_lock_version`` (the withdrawal form's) also refuses a page opened before another change.
        """
        with transaction.atomic():
            # of=self: PostgreSQL cannot lock the nullable side of the join that reads who withdrew it.
            stored = (
                Consent.objects.select_for_update(of=("self",)).select_related("withdrawn_by").get(pk=self.pk)
            )
            if stored.withdrawn_on is not None:
                raise ConsentAlreadyWithdrawn(stored)
            stored.withdrawn_on, stored.withdrawn_by, stored.withdrawal_reason = on, by, reason
            stored._history_user = by
            stored.full_clean()
            if expected_lock_version is not None:
                stored.expected_lock_version = expected_lock_version
            stored.save()
        return stored

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.given_on and self.given_on > today:
            errors["given_on"] = "Consent cannot be given in the future."
        elif self.given_on and self.client_id and self.given_on < self.client.date_of_birth:
            errors["given_on"] = "Consent cannot be given before the client was born; check the year."
        if self.withdrawn_on:
            if self.withdrawn_on > today:
                errors["withdrawn_on"] = "A withdrawal cannot be dated in the future."
            elif self.given_on and self.withdrawn_on < self.given_on:
                errors["withdrawn_on"] = "A consent cannot be withdrawn before it was given."
        if self.kind_id and self.client_id and self.kind.clinic_id not in (None, self.client.clinic_id):
            errors["kind"] = "This consent kind belongs to another clinic."
        if errors:
            raise ValidationError(errors)

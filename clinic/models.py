"""The clinic (practice) and the staff who belong to it, each with one role."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from clinic.edit_conflicts import VersionedModel
from clinic.text import limited_text


class Clinic(VersionedModel):
    name = models.CharField(max_length=200, unique=True)
    # What printouts (the visit note, the self-help handout) carry so a client knows who treated them.
    address = limited_text(500, blank=True, help_text="As it should appear on printouts.")
    phone = models.CharField(max_length=40, blank=True, help_text="As it should appear on printouts.")
    require_second_factor = models.BooleanField(
        "require a second factor",
        default=False,
        help_text="Every member of staff must enter a code from an authenticator app after their password.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    THERAPIST = "therapist", "Therapist"
    RECEPTION = "reception", "Reception"
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def for_clinic(self, clinic):
        return self.filter(clinic=clinic)


class Membership(VersionedModel):
    """A user's place in one clinic. One membership per user keeps every scoping question simple:
    the user's clinic is the only clinic whose clients they can ever see."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="membership")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    registration_number = models.CharField(
        "registration or association number",
        max_length=60,
        blank=True,
        help_text="e.g. an AHPRA registration (PHY0001234567) or a professional association's member "
        "number; printed under the therapist's name on notes and handouts.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["clinic", "user__username"]
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()}, {self.clinic})"

    def get_absolute_url(self) -> str:
        return reverse("staff_edit", args=[self.pk])

    @property
    def is_clinician(self) -> bool:
        """Therapists and clinic admins read clinical notes; reception never does."""
        return self.role in {Role.THERAPIST, Role.CLINIC_ADMIN}


class SecondFactorLockout(models.Model):
    """Wrong second-factor codes entered for one account since its last right one.

    Counted per account, not per address as django-axes counts passwords: whoever types codes already
    holds the password, so a second address must not buy more guesses. The limit and the pause are
    django-axes' own (``AXES_FAILURE_LIMIT``, ``AXES_COOLOFF_TIME``); the pause runs from the last failure.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor_lockout"
    )
    failures = models.PositiveSmallIntegerField(default=0)
    last_failure_at = models.DateTimeField(editable=False)  # set by the app, never typed

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(failures__gte=0), name="second_factor_failures_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.failures} wrong second-factor code(s) for user #{self.user_id}"

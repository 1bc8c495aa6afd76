"""The client: identity, contact details, clinical background and the pre-needling screen."""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic import access
from clinic.dates import EARLIEST_BIRTH_DATE, BirthDateField, RecordDateTimeField, date_floor_constraint
from clinic.edit_conflicts import VersionedModel
from clinic.text import limited_text
from records import retention
from records.fields import NEEDLING_PRECAUTION_FIELDS
from records.models.base import NeverDeletedModel, NeverDeletedQuerySet
from records.search import ParsedQuery, digits_of, normalise_text, search_name_for

OLDEST_PLAUSIBLE_AGE_YEARS = 130
MIN_ANYWHERE_TERM = 3  # shorter search terms match the start of a name, longer ones any part
DRY_NEEDLING = "dry_needling"
GENERAL_TREATMENT = "general_treatment"


def validate_phone(value: str) -> None:
    if not re.fullmatch(r"\+?[\d\s().-]+", value) or len(re.sub(r"\D", "", value)) < 6:
        raise ValidationError(
            "Enter a phone number: at least 6 digits; spaces, brackets, + and - are fine.", code="phone"
        )


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    ANOTHER_TERM = "another_term", "Another term"
    NOT_STATED = "not_stated", "Prefer not to say"


class ClientQuerySet(NeverDeletedQuerySet):
    def for_user(self, user):
        """The clients ``user`` may see: all of their clinic's, none without a clinic."""
        return access.scoped_to_clinic(self, user)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def search(self, query: ParsedQuery):
        """Apply a parsed search box query (see ``records.search.parse_query``)."""
        if query.error:
            return self.none()
        if query.date_of_birth:
            return self.filter(date_of_birth=query.date_of_birth)
        if query.phone_digits:
            return self.filter(phone_digits__contains=query.phone_digits)
        if not query.name_terms:
            return self
        # search_name is already lowercased and accent-free, and so are the terms: a plain LIKE, which
        # the trigram index on PostgreSQL serves (icontains would wrap the column in UPPER() and miss it).
        names = models.Q()
        for term in query.name_terms:
            if len(term) < MIN_ANYWHERE_TERM:
                # One or two letters match the start of a name ("li" finds Li and Liam, not every
                # Williams): more useful, and a trigram index can serve it where '%li%' needs a scan.
                names &= models.Q(search_name__startswith=term) | models.Q(search_name__contains=f" {term}")
            else:
                names &= models.Q(search_name__contains=term)
        if query.client_number:
            names |= models.Q(client_number=query.client_number)
        return self.filter(names)

    def in_name_order(self, *, narrowed: bool = False):
        """Family then given name. ``narrowed``: a search or filter keeps only some rows, so sort those
        rather than walk the (clinic, sort_name) index. Left to itself, PostgreSQL walks that index and
        discards non-matching rows one by one, which is slow when the matches sort late ("Wilson" among
        100,000 clients took 60 ms; sorting the trigram matches takes a few ms). ``Lower`` of the already
        lowercase column changes no order; it only makes the index unusable for the sort."""
        if narrowed:
            return self.order_by(Lower("sort_name"), "id")
        return self.order_by("sort_name", "id")

    def seen_by(self, user):
        """Clients ``user`` has treated: at least one visit of theirs that was not discarded."""
        from records.models.visits import Visit, VisitStatus

        visits = Visit.objects.filter(client=models.OuterRef("pk"), therapist=user).exclude(
            status=VisitStatus.DISCARDED
        )
        return self.filter(models.Exists(visits))


class ClientNumberCounter(models.Model):
    """The last client number handed out in a clinic. A counter row locked while a client is created
    makes numbers sequential without two receptionists ever getting the same one."""

    clinic = models.OneToOneField("clinic.Clinic", on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "client number counter"

    def __str__(self) -> str:
        return f"{self.clinic}: {format_client_number(self.last_number)}"

    @classmethod
    def take(cls, clinic, *, count: int = 1) -> int:
        """Reserve ``count`` numbers for ``clinic`` and return the first. Call inside a transaction."""
        counter, _ = cls.objects.select_for_update().get_or_create(clinic=clinic)
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
        return first


def format_client_number(number: int) -> str:
    return f"C{number:05d}"


class Client(VersionedModel, NeverDeletedModel):
    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="clients")
    client_number = models.CharField(
        max_length=20, editable=False, help_text="Given in sequence within the clinic, e.g. C00042."
    )

    # Identity and contact: reception sees and edits these (records/fields.py).
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = BirthDateField()
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_STATED)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(blank=True)
    address = limited_text(500, blank=True)
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_phone = models.CharField(max_length=30, blank=True, validators=[validate_phone])
    gp_or_referrer = models.CharField("GP or referrer", max_length=200, blank=True)

    # Clinical background: therapists and clinic admins only. Text limits are generous; they exist so a
    # pasted document cannot bloat every page that shows the client.
    occupation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Prolonged sitting or driving perpetuates hamstring trigger points.",
    )
    sports_and_activities = models.CharField(
        "Sports and activities", max_length=300, blank=True, help_text="e.g. cycling, running, soccer"
    )
    medical_history = limited_text(5000, blank=True)
    medications = limited_text(2000, blank=True)
    allergies = limited_text(2000, blank=True)
    anticoagulant_or_bleeding_disorder = models.BooleanField(
        "Anticoagulants or a bleeding disorder", default=False
    )
    pregnancy = models.BooleanField("Pregnancy", default=False)
    needle_phobia = models.BooleanField("Needle phobia", default=False)
    immunosuppression = models.BooleanField("Immunosuppression", default=False)
    diabetes = models.BooleanField("Diabetes", default=False)
    metal_allergy = models.BooleanField("Metal allergy", default=False)
    needling_precaution_other = limited_text(1000, "Other needling precaution", blank=True)
    notes = limited_text(10000, "Clinical notes", blank=True)

    archived_at = RecordDateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Derived in save() for fast, accent-insensitive search and sorting; never edited directly.
    search_name = models.CharField(max_length=310, editable=False)
    sort_name = models.CharField(max_length=210, editable=False)
    phone_digits = models.CharField(max_length=30, editable=False, blank=True)

    history = HistoricalRecords(excluded_fields=["search_name", "sort_name", "phone_digits"])
    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "client_number"], name="client_number_unique_in_clinic"
            ),
            models.CheckConstraint(condition=~models.Q(given_name=""), name="client_given_name_not_blank"),
            models.CheckConstraint(condition=~models.Q(family_name=""), name="client_family_name_not_blank"),
            models.CheckConstraint(condition=~models.Q(client_number=""), name="client_number_not_blank"),
            models.CheckConstraint(condition=models.Q(sex__in=Sex.values), name="client_sex_is_known"),
            date_floor_constraint(
                "date_of_birth", floor=EARLIEST_BIRTH_DATE, name="client_date_of_birth_from_1900"
            ),
        ]
        indexes = [
            models.Index(fields=["clinic", "sort_name"], name="client_list_order"),
            models.Index(fields=["clinic", "date_of_birth"], name="client_date_of_birth"),
            models.Index(fields=["clinic", "phone_digits"], name="client_phone_digits"),
            # The trigram GIN indexes on search_name and phone_digits are PostgreSQL-only: migration 0003.
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.client_number})"

    def get_absolute_url(self) -> str:
        return reverse("records:client_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.name_for_display(self.given_name, self.preferred_name, self.family_name)

    @staticmethod
    def name_for_display(given_name: str, preferred_name: str, family_name: str) -> str:
        """The name pages show; also for rows read as plain values (the dashboard)."""
        if preferred_name and preferred_name != given_name:
            return f"{given_name} “{preferred_name}” {family_name}"
        return f"{given_name} {family_name}"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def clean(self):
        super().clean()
        errors = {}
        for name in ("given_name", "family_name"):
            if not (getattr(self, name) or "").strip():
                errors[name] = "Enter a name."
        if self.date_of_birth:
            today = timezone.localdate()
            if self.date_of_birth > today:
                errors["date_of_birth"] = "The date of birth is in the future."
            elif self.date_of_birth < retention.add_years(today, -OLDEST_PLAUSIBLE_AGE_YEARS):
                errors["date_of_birth"] = (
                    f"The date of birth is more than {OLDEST_PLAUSIBLE_AGE_YEARS} years ago; check the year."
                )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # A new client's number is assigned in save(), so its constraints can only be checked then.
        if not self.client_number:
            exclude = {*(exclude or ()), "client_number"}
        super().validate_constraints(exclude=exclude)

    def derive_search_fields(self) -> None:
        self.search_name = search_name_for(
            given_name=self.given_name, preferred_name=self.preferred_name, family_name=self.family_name
        )
        self.sort_name = normalise_text(f"{self.family_name} {self.given_name}")
        self.phone_digits = digits_of(self.phone)

    def save(self, *args, **kwargs):
        self.derive_search_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name", "sort_name", "phone_digits"}
        if self.client_number:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            self.client_number = format_client_number(ClientNumberCounter.take(self.clinic))
            return super().save(*args, **kwargs)

    @transaction.atomic
    def archive(self, *, by) -> None:
        self.archived_at = timezone.now()
        self.archived_by = by
        self._history_user = by
        self.save(update_fields=["archived_at", "archived_by", "updated_at"])

    @transaction.atomic
    def restore(self, *, by) -> None:
        self.archived_at = None
        self.archived_by = None
        self._history_user = by
        self.save(update_fields=["archived_at", "archived_by", "updated_at"])

    # Needling precautions and consent -------------------------------------------------------------

    def needling_precautions(self) -> list[str]:
        """Labels of the precautions that apply, in screen order, then the free-text one."""
        found = [
            str(self._meta.get_field(name).verbose_name)
            for name in NEEDLING_PRECAUTION_FIELDS
            if getattr(self, name)
        ]
        if self.needling_precaution_other.strip():
            found.append(self.needling_precaution_other.strip())
        return found

    def _consents_of(self, kind_code: str) -> list:
        """This client's consents of a kind, with their kind: the prefetched ones when the view prefetched
        ``consents__kind`` (the client page and the visit editor do), otherwise one query."""
        if "consents" in getattr(self, "_prefetched_objects_cache", {}):
            return [c for c in self.consents.all() if c.kind.code == kind_code]
        return list(self.consents.filter(kind__code=kind_code).select_related("kind"))

    def has_current_consent(self, kind_code: str) -> bool:
        """Whether a consent of this kind is given, not withdrawn, and given in a way the kind accepts (a
        verbal dry-needling consent is recorded but does not count)."""
        return any(c.counts for c in self._consents_of(kind_code))

    def dry_needling_consent_status(self) -> str:
        """ "current"; "not_accepted" (a current consent given in a way the kind does not accept, e.g.
        verbal); "withdrawn" (given once, every such consent withdrawn since); or "missing"."""
        consents = self._consents_of(DRY_NEEDLING)
        if any(c.counts for c in consents):
            return "current"
        if any(c.is_current for c in consents):
            return "not_accepted"
        return "withdrawn" if consents else "missing"

    def dry_needling_accepted_methods(self) -> str:
        """How a dry-needling consent must be given to count, in words (for the pages that say why)."""
        consents = self._consents_of(DRY_NEEDLING)
        if consents:
            return consents[0].kind.accepted_methods_display()
        return "signed form or electronic"

    # Retention ------------------------------------------------------------------------------------

    def entry_dates(self):
        """Dates of the entries in this client's record. The visit log adds its visits and addenda here
        (prefetch them on pages that show the retention date, so it stays one query)."""
        yield timezone.localdate(self.created_at)
        yield timezone.localdate(self.updated_at)
        for consent in self.consents.all():
            yield timezone.localdate(consent.updated_at)
        # Visits (drafts and discarded ones are entries too) and addenda: one aggregate query, unless the page
        # read every visit already and noted their times (records.visits.queries.timeline_context).
        if hasattr(self, "visit_entry_times"):
            latest = {"visits and addenda": max(self.visit_entry_times, default=None)}
        else:
            latest = self.visits.aggregate(
                visit=models.Max("updated_at"), addendum=models.Max("addenda__created_at")
            )
        for value in latest.values():
            if value is not None:
                yield timezone.localdate(value)

    def last_entry_date(self) -> date:
        return max(self.entry_dates())

    def retain_until(self) -> date:
        """Keep the record at least until this date: 7 years after the last entry, or age 25 if later."""
        return retention.retain_until(last_entry=self.last_entry_date(), date_of_birth=self.date_of_birth)

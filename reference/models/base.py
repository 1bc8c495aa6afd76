"""What every reference-library entry shares: a status, a source, curator fields and the version bump."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models

from clinic.edit_conflicts import VersionedModel
from reference.models.library import bump_library_version


class Status(models.TextChoices):
    """Only published entries reach therapists' pages and the suggestions; drafts are curators' work."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Side(models.TextChoices):
    """The side of the body a pain mark, a finding or a technique applies to."""

    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    MIDLINE = "midline", "Midline"


class ContentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def visible_to(self, user):
        """Curators preview drafts; everyone else reads published entries only."""
        from reference.access import can_preview_drafts

        return self.all() if can_preview_drafts(user) else self.published()


def status_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(status__in=Status.values), name=f"{prefix}_status_is_known"
    )


class ContentEntry(VersionedModel):
    """Base of every curated entry.

    Saving or deleting an entry that is, or was until now, published changes what therapists and the
    suggestion engine read, so it moves the library version on (see ``reference/models/library.py``). The bump
    lives here rather than in a signal so it is visible where the write happens.
    """

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source = models.ForeignKey(
        "reference.Source", on_delete=models.PROTECT, related_name="%(class)s_entries", help_text="Citation."
    )
    curator_note = models.TextField(
        blank=True, help_text="For curators only: corrections made to the source, open questions."
    )
    needs_review = models.BooleanField(
        default=False, help_text="Something here is uncertain and a curator should check it."
    )

    # Further sources with page or figure (``reference/models/citations.py``); no column of its own.
    citations = GenericRelation("reference.Citation")

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        touches = self.touches_published_library()
        super().save(*args, **kwargs)
        if touches:
            bump_library_version()
        self._published_in_db = self.is_published

    def delete(self, *args, **kwargs):
        touches = self.touches_published_library()
        result = super().delete(*args, **kwargs)
        if touches:
            bump_library_version()
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored status: unpublishing must bump the version just like publishing does.
        instance._published_in_db = instance.__dict__.get("status") == Status.PUBLISHED
        return instance

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def touches_published_library(self) -> bool:
        return self.is_published or getattr(self, "_published_in_db", False)


class NamedEntry(ContentEntry):
    """An entry with a name, a stable slug (its key in URLs and in export files) and a description."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text="Never change it once published.")
    description = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0, help_text="Lists show lower numbers first.")

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Wording(models.TextChoices):
    """How close an entry's words are to its source: therapists see it beside the entry."""

    VERBATIM = "verbatim", "Verbatim from the source"
    INTERPRETED = "interpreted", "Interpreted from the source"
    LIBRARY = "library", "Library wording"


class CurationState(models.Model):
    """What therapists are told about how sure the library is of an entry (trigger points, referral zones,
    differentials): its wording, and, when ``needs_review`` is set, the curator's reason in plain words.
    The ``curator_note`` stays for curators; ``review_reason`` is shown to everyone."""

    wording = models.CharField(
        max_length=12, choices=Wording.choices, default=Wording.INTERPRETED, help_text="Shown to therapists."
    )
    review_reason = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Why it is under review, in words a therapist can act on (required when under review).",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if getattr(self, "needs_review", False) and not self.review_reason.strip():
            raise ValidationError(
                {"review_reason": "Say why this entry is under review; therapists read it."}
            )

    @property
    def curation_label(self) -> str:
        label = self.get_wording_display()
        return f"{label}; under review: {self.review_reason}" if self.needs_review else label

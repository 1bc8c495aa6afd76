"""Further sources for any library entry, each with the page or figure it comes from.

Every entry keeps its primary ``source`` (where it was first taken from); a ``Citation`` adds another source,
or pins the primary one to a page, figure or chapter. One mechanism serves every kind of entry: a generic
relation (content type + id), reached from each entry as ``entry.citations`` (``ContentEntry`` declares
it), so a new entry type gets citations, their admin inline and their export without a new table.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from reference.models.library import bump_library_version


class Citation(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey("reference.Source", on_delete=models.PROTECT, related_name="citations")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Page, figure or chapter, e.g. “ch. 16, Fig. 16.1” or “p. 318”."
    )
    note = models.TextField(
        blank=True, max_length=2000, help_text="What this source says here, e.g. where it disagrees."
    )
    sort_order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type", "object_id", "sort_order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_entry_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source", "locator"], name="citation_once_per_locator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}, {self.locator}" if self.locator else str(self.source)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Citations are shown beside entries and in the candidates' explanations: a visible change.
        bump_library_version()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        bump_library_version()
        return result

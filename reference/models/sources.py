"""Where the library's facts come from."""

from django.db import models
from simple_history.models import HistoricalRecords

from clinic.dates import PublicationDateField, RecordDateField
from clinic.edit_conflicts import VersionedModel
from reference.models.library import bump_library_version


class Source(VersionedModel):
    """A citation. Every entry points at one, so a therapist can always see where a fact comes from."""

    key = models.SlugField(max_length=100, unique=True, help_text="Stable key used in export files.")
    citation = models.TextField(help_text="The full citation as it should be shown.")
    author = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = PublicationDateField(null=True, blank=True)
    accessed_on = RecordDateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="About the source and its author; gaps in our copy.")
    disclaimer = models.TextField(blank=True, help_text="The source's own disclaimer, verbatim.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.author}: {self.title}" if self.author else self.title

    def save(self, *args, **kwargs):
        editing = not self._state.adding
        super().save(*args, **kwargs)
        # Citations are shown beside published entries, so editing one is a visible change. A new source is
        # not shown until something cites it, and a cited source cannot be deleted (PROTECT).
        if editing:
            bump_library_version()

"""The library's version counter (see ``reference/versioning.py``)."""

from django.db import models


class LibraryVersion(models.Model):
    """One row holding the current library version number."""

    SINGLETON_ID = 1

    number = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="library_version_is_a_single_row"),
        ]

    def __str__(self) -> str:
        return f"Library version {self.number}"

"""The library version: a number that moves on whenever published content changes.

A visit stores the number it was written against, and the suggestion engine keys its cache on it, so it
must change on every write that therapists could notice: a save or delete of an entry that is or was
published (``ContentEntry.save``/``delete``), a source edit, the admin's publish/unpublish actions and
imports. Those writers call :func:`bump_library_version`; there are no signals.

The counter and the functions that move it live here, beside the model, so that the models which bump it
import it one way; ``reference/versioning.py`` is where the rest of the code reads them from.
Reading it is one indexed query on a one-row table.
"""

import threading
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

_batch = threading.local()


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


def current_library_version() -> int:
    """The current version number (one query). 0 only before the migrations have run."""
    number = LibraryVersion.objects.filter(pk=LibraryVersion.SINGLETON_ID).values_list("number", flat=True)
    return next(iter(number), 0)


def bump_library_version() -> None:
    """Move the version on by one, or once at the end of an enclosing :func:`one_version_change`."""
    if getattr(_batch, "depth", 0):
        _batch.dirty = True
        return
    _bump()


def _bump() -> None:
    # UPDATE ... SET number = number + 1 is atomic, so concurrent curators never lose a bump.
    updated = LibraryVersion.objects.filter(pk=LibraryVersion.SINGLETON_ID).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        LibraryVersion.objects.get_or_create(pk=LibraryVersion.SINGLETON_ID, defaults={"number": 1})


@contextmanager
def one_version_change():
    """Group many writes (an import, a bulk publish) into a single version change, inside one transaction."""
    with transaction.atomic():
        _batch.depth = getattr(_batch, "depth", 0) + 1
        if _batch.depth == 1:
            _batch.dirty = False
        try:
            yield
        finally:
            _batch.depth -= 1
        if _batch.depth == 0 and _batch.dirty:
            _batch.dirty = False
            _bump()

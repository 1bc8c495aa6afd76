"""Behaviour shared by records that must never be deleted through the app."""

from django.db import models


class DeletionRefused(Exception):
    """Raised when code tries to delete a record the law requires us to keep (archive it instead)."""


class NeverDeletedQuerySet(models.QuerySet):
    def delete(self):
        raise DeletionRefused(
            f"{self.model._meta.verbose_name_plural} are never deleted; archive them instead"
        )

    delete.queryset_only = True


class NeverDeletedModel(models.Model):
    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise DeletionRefused(f"A {self._meta.verbose_name} is never deleted; archive it instead")

"""What the app suggested when a visit was signed: the ranked candidate trigger points, kept as data.

The Outcomes page asks, per trigger point, how often it was suggested, at which rank, and how often the
therapist then confirmed it on palpation in that visit. Recomputing the suggestions at query time would mean
running the ranking for every visit of a year on every view (and the library moves on: a visit's suggestions
are those of the library it was signed against), so the ranking is stored once, when the visit is signed
(``records.outcomes.suggestion_snapshots``), with whether the finding was confirmed: the visit is locked
from then on, so that cannot change. Rows are written once and never changed or deleted.

The clinic, therapist and visit time are copied from the (locked) visit so the page filters these rows by
one index without joining the visits.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from records.models.base import DeletionRefused
from reference.models import Side


class SuggestionSnapshotIsAppendOnly(Exception):
    """Raised by any attempt to change a stored suggestion."""


class SuggestedTriggerPointQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise SuggestionSnapshotIsAppendOnly("Stored suggestions are never changed")

    def delete(self):
        raise DeletionRefused("Stored suggestions are never deleted")

    update.queryset_only = True
    delete.queryset_only = True


class SuggestedTriggerPoint(models.Model):
    """One trigger point (on one side) among the candidates the app ranked for a visit when it was signed."""

    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(
        "records.Visit", on_delete=models.PROTECT, related_name="suggested_trigger_points"
    )
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visit_started_at = models.DateTimeField(
        editable=False, help_text="The visit's time (copied: the visit is locked)."
    )
    trigger_point = models.ForeignKey("reference.TriggerPoint", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=7, choices=Side.choices)
    # The candidate's rank (1 best); trigger points with identical patterns share their candidate's rank.
    rank = models.PositiveSmallIntegerField()
    shared_rank = models.BooleanField(default=False, help_text="Tied with another candidate (“=2”).")
    score = models.DecimalField(max_digits=3, decimal_places=2)
    confirmed = models.BooleanField(
        default=False, help_text="A confirmed finding of this trigger point and side in the same visit."
    )
    library_version = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SuggestedTriggerPointQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "trigger_point", "side"], name="suggestion_once_per_visit_trigger_point_side"
            ),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="suggestion_rank_from_1"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="suggestion_score_0_to_1"
            ),
            models.CheckConstraint(condition=models.Q(side__in=Side.values), name="suggestion_side_is_known"),
        ]
        indexes = [
            models.Index(fields=["clinic", "visit_started_at"], name="suggestion_clinic_time"),
        ]

    def __str__(self) -> str:
        return f"Suggested #{self.rank}: trigger point {self.trigger_point_id}, {self.side}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SuggestionSnapshotIsAppendOnly("Stored suggestions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DeletionRefused("Stored suggestions are never deleted")

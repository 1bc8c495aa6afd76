"""Body-chart regions as rows, so referral zones and pain marks can point at them with a foreign key.

The rows mirror ``reference/data/body_chart_v{N}.json`` (seeded by a data migration); the drawing itself
stays in that file and ``reference/body_chart.py``. A code never changes meaning within a chart version.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class ChartView(models.TextChoices):
    FRONT = "front", "Front"
    BACK = "back", "Back"


class BodyRegionQuerySet(models.QuerySet):
    def for_chart(self, version: int):
        return self.filter(chart_version=version)


class BodyRegion(models.Model):
    chart_version = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=60)
    name = models.CharField(max_length=120)
    view = models.CharField(max_length=5, choices=ChartView.choices)
    sided = models.BooleanField(help_text="Recorded as left/right; otherwise a midline region.")
    sort_order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = BodyRegionQuerySet.as_manager()

    class Meta:
        ordering = ["chart_version", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["chart_version", "code"], name="body_region_code_unique_per_chart"
            ),
            models.CheckConstraint(
                condition=models.Q(view__in=ChartView.values), name="body_region_view_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(chart_version__gte=1), name="body_region_chart_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_view_display().lower()})"

    def sides(self) -> tuple[str, ...]:
        return ("left", "right") if self.sided else ("midline",)

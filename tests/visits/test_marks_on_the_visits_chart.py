"""A pain mark is on a region of the chart its visit is drawn on: refused otherwise, and the rows stored
before that rule (the demo's) are mended by migration records.0021."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from records.models import Visit, VisitPainMark
from tests.visits.builders import add_mark, make_visit, region

BEFORE_MENDING = ("records", "0020_check_in_answer_totals")


def test_a_mark_on_a_region_of_another_chart_is_refused(therapist_a1, patient):
    visit = make_visit(patient, therapist_a1)
    assert visit.chart_version == 2
    mark = VisitPainMark(visit=visit, region=region("popliteal_fossa", 1), side="left", intensity=5)

    with pytest.raises(ValidationError) as refused:
        mark.full_clean()

    assert "region of body chart 1; this visit is drawn on chart 2" in str(
        refused.value.message_dict["region"]
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_a_visit_on_the_chart_its_marks_were_tapped_on(therapist_a1, patient):
    old_chart_marks = make_visit(patient, therapist_a1)
    mixed = make_visit(patient, therapist_a1)
    right = make_visit(patient, therapist_a1)
    # As load_demo stored them before the rule: regions of chart 1 on visits saying chart 2.
    VisitPainMark.objects.create(
        visit=old_chart_marks, region=region("popliteal_fossa", 1), side="left", intensity=6
    )
    VisitPainMark.objects.create(
        visit=old_chart_marks, region=region("calf_medial", 1), side="left", intensity=2
    )
    VisitPainMark.objects.create(visit=mixed, region=region("popliteal_fossa", 1), side="left", intensity=6)
    add_mark(mixed, "knee_posterior_lateral", "left", 4)
    add_mark(right, "knee_posterior_lateral", "left", 4)

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_MENDING])
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())

    chart_of = dict(Visit.objects.values_list("pk", "chart_version"))
    assert chart_of[old_chart_marks.pk] == 1
    assert chart_of[mixed.pk] == 2  # marks on two charts: which one was meant is not known
    assert chart_of[right.pk] == 2

"""The migrations that move the library (reference 0011_body_chart_v2) and draft visits' pain maps (records
0013_pain_marks_on_body_chart_v2) onto body chart v2, run backward and forward with the latest models.

Runs on SQLite and on PostgreSQL (DATABASE_URL). Back then forward gives the same library; forward then back
gives the same rows, ids included; a signed visit stays on v1 as recorded.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from records.models import Visit, VisitPainMark
from reference.models import BodyRegion, Citation, Condition, RedFlagRule, ReferralZone, TriggerPoint
from tests.records.builders import make_client
from tests.visits.builders import add_mark, make_visit, sign

pytestmark = pytest.mark.django_db


def _run(app: str, name: str, *, forward: bool) -> None:
    loader = MigrationLoader(connection)
    operation = loader.disk_migrations[(app, name)].operations[-1]
    # The latest state's models match the test database's tables (later migrations may add columns).
    apps = loader.project_state().apps
    (operation.code if forward else operation.reverse_code)(apps, None)


def back_to_v1() -> None:
    _run("records", "0013_pain_marks_on_body_chart_v2", forward=False)
    _run("reference", "0011_body_chart_v2", forward=False)


def forward_to_v2() -> None:
    _run("reference", "0011_body_chart_v2", forward=True)
    _run("records", "0013_pain_marks_on_body_chart_v2", forward=True)


def library(*, with_ids: bool) -> dict:
    """What the migration may change, comparable as plain values."""

    def row_id(pk):
        return pk if with_ids else None

    zones = sorted(
        (
            row_id(z.pk),
            z.trigger_point.slug,
            z.region.chart_version,
            z.region.code,
            z.kind,
            z.note,
            z.wording,
            z.contradicted,
            z.discrepancy_note,
            z.status,
            z.needs_review,
            z.review_reason,
            tuple(
                sorted(
                    (c.source_id, c.locator, c.note)
                    for c in Citation.objects.filter(content_type__model="referralzone", object_id=z.pk)
                )
            ),
        )
        for z in ReferralZone.objects.select_related("trigger_point", "region")
    )
    return {
        "zones": zones,
        "trigger_points": sorted(
            TriggerPoint.objects.values_list("slug", "region__chart_version", "region__code")
        ),
        "conditions": sorted((c.slug, tuple(c.presenting_regions)) for c in Condition.objects.all()),
        "rules": sorted((r.pk, repr(r.triggers)) for r in RedFlagRule.objects.all()),
        "v2_regions": BodyRegion.objects.filter(chart_version=2).count(),
    }


def zone_codes(slug: str, kind: str) -> set[str]:
    return set(
        ReferralZone.objects.filter(trigger_point__slug=slug, kind=kind).values_list(
            "region__code", flat=True
        )
    )


def test_the_hamstring_zones_are_on_v2_where_the_sources_put_them():
    assert set(ReferralZone.objects.values_list("region__chart_version", flat=True)) == {2}
    semimembranosus = zone_codes("semimembranosus-trp", "spillover")
    assert "knee_posterior_medial" in semimembranosus
    assert "knee_posterior_lateral" not in semimembranosus
    assert {"calf_medial_upper", "calf_medial_middle", "calf_medial_lower", "achilles"} <= semimembranosus
    assert {"gluteal_fold", "ischial_tuberosity", "gluteal"} == zone_codes("semimembranosus-trp", "essential")
    assert zone_codes("biceps-femoris-trp", "essential") == {
        "knee_posterior_medial",
        "knee_posterior_lateral",
    }
    biceps_spillover = zone_codes("biceps-femoris-trp", "spillover")
    assert {"post_thigh_distal_lateral", "gluteal_fold", "calf_lateral_upper"} <= biceps_spillover
    assert not {"calf_lateral_middle", "calf_lateral_lower", "ischial_tuberosity"} & biceps_spillover
    # A copy keeps its citations: the article and Travell & Simons for the medial back of the knee.
    zone = ReferralZone.objects.get(
        trigger_point__slug="semitendinosus-trp", region__code="knee_posterior_medial"
    )
    assert zone.citations.count() == 2


def test_the_library_goes_back_to_v1_as_it_was_and_forward_again_exactly():
    on_v2 = library(with_ids=False)

    back_to_v1()
    on_v1 = library(with_ids=True)
    assert on_v1["v2_regions"] == 0
    assert {zone[2] for zone in on_v1["zones"]} == {1}
    assert zone_codes("semimembranosus-trp", "spillover") >= {"popliteal_fossa", "calf_medial", "achilles"}
    assert zone_codes("biceps-femoris-trp", "essential") == {"popliteal_fossa"}
    assert dict(on_v1["conditions"])["knee-joint-dysfunction"] == ("popliteal_fossa", "knee_anterior")

    forward_to_v2()
    assert library(with_ids=False) == on_v2

    back_to_v1()
    assert library(with_ids=True) == on_v1
    forward_to_v2()


def marks(visit) -> list[tuple]:
    return sorted(
        VisitPainMark.objects.filter(visit=visit).values_list(
            "pk", "region__chart_version", "region__code", "side", "intensity", "quality"
        )
    )


@pytest.fixture
def v1_visits(clinic_a, therapist_a1):
    """A signed visit and a draft recorded on chart v1, as they stood before the migration."""
    client = make_client(clinic_a, given_name="Ada", family_name="Quist")
    signed = make_visit(client, therapist_a1, chart_version=1)
    add_mark(signed, "popliteal_fossa", "left", 6)
    add_mark(signed, "calf_medial", "left", 4, "")
    sign(signed)
    draft = make_visit(client, therapist_a1, chart_version=1)
    add_mark(draft, "popliteal_fossa", "left", 7)
    add_mark(draft, "ant_thigh_proximal_lateral", "right", 5, "")
    add_mark(draft, "ant_thigh_middle_lateral", "right", 3, "burning")
    add_mark(draft, "sacrum", "midline", 2, "")
    return signed, draft


def test_a_draft_moves_to_v2_and_back_exactly_and_a_signed_visit_stays_as_recorded(v1_visits):
    signed, draft = v1_visits
    signed_marks, draft_marks = marks(signed), marks(draft)

    _run("records", "0013_pain_marks_on_body_chart_v2", forward=True)

    assert Visit.objects.get(pk=signed.pk).chart_version == 1
    assert marks(signed) == signed_marks
    assert Visit.objects.get(pk=draft.pk).chart_version == 2
    moved = {
        (code, side): (intensity, quality) for _, version, code, side, intensity, quality in marks(draft)
    }
    assert {version for _, version, *_ in marks(draft)} == {2}
    assert moved == {
        ("knee_posterior_medial", "left"): (7, "aching"),
        ("knee_posterior_lateral", "left"): (7, "aching"),
        ("ant_thigh_proximal_lateral", "right"): (5, ""),
        ("thigh_lateral", "right"): (5, ""),  # the strip crosses both thirds: the more intense mark
        ("ant_thigh_middle_lateral", "right"): (3, "burning"),
        ("sacrum", "midline"): (2, ""),
    }
    on_v2 = [row[1:] for row in marks(draft)]

    _run("records", "0013_pain_marks_on_body_chart_v2", forward=False)
    assert Visit.objects.get(pk=draft.pk).chart_version == 1
    assert marks(draft) == draft_marks
    assert marks(signed) == signed_marks

    _run("records", "0013_pain_marks_on_body_chart_v2", forward=True)
    assert [row[1:] for row in marks(draft)] == on_v2

"""How sure the library is of an entry: wording, review reasons, contradictions and citations."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reference.models import Citation, Condition, ReferralZone, TriggerPoint, Wording
from reference.versioning import current_library_version

pytestmark = pytest.mark.django_db


def bf_zone(code):
    return ReferralZone.objects.get(trigger_point__slug="biceps-femoris-trp", region__code=code)


def test_an_entry_under_review_needs_a_reason_therapists_can_read():
    trigger_point = TriggerPoint.objects.get(slug="biceps-femoris-trp")
    trigger_point.review_reason = ""

    with pytest.raises(ValidationError, match="Say why this entry is under review"):
        trigger_point.full_clean()


def test_a_contradicted_zone_needs_its_discrepancy_in_the_model_and_in_the_database():
    zone = bf_zone("calf_lateral_upper")
    zone.contradicted = True

    with pytest.raises(ValidationError, match="Say which source contradicts this zone"):
        zone.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralZone.objects.filter(pk=zone.pk).update(contradicted=True, discrepancy_note="")


def test_every_trigger_point_zone_and_differential_has_a_curation_state_and_reasons_where_under_review():
    for model in (TriggerPoint, ReferralZone, Condition):
        for entry in model.objects.published():
            assert entry.wording in Wording.values
            if entry.needs_review:
                assert entry.review_reason.strip(), entry
            entry.full_clean()


def test_a_differential_names_only_known_chart_regions():
    condition = Condition.objects.get(slug="sciatica")
    condition.presenting_regions = ["gluteal", "kneecap"]

    with pytest.raises(ValidationError, match="Unknown body-chart code"):
        condition.full_clean()


def test_zones_cite_both_sources_with_the_chapter():
    zone = bf_zone("knee_posterior_lateral")

    cited = [(c.source.key, c.locator) for c in zone.citations.order_by("sort_order")]
    assert cited == [("hinds-hamstrings", ""), ("travell-simons-1992-vol2", "ch. 16, Hamstring muscles")]


def test_adding_a_citation_moves_the_library_version():
    version = current_library_version()
    zone = bf_zone("calf_lateral_upper")

    Citation.objects.create(entry=zone, source=zone.source, locator="ch. 16, Fig. 16.1")

    assert current_library_version() == version + 1


def test_the_admin_edits_a_zones_citations_inline_with_its_curation_fields(client_as, curator):
    zone = bf_zone("post_thigh_middle_medial")

    html = client_as(curator).get(f"/admin/reference/referralzone/{zone.pk}/change/").content.decode()

    assert "citation (source with page or figure)" in html.lower()
    assert 'value="ch. 16, Hamstring muscles"' in html
    for name in ("wording", "review_reason", "contradicted", "discrepancy_note"):
        assert f'name="{name}"' in html

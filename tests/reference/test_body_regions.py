"""The BodyRegion rows mirror the versioned chart file, so zones and pain marks point at real regions."""

import pytest

from reference.body_chart import load_chart
from reference.models import BodyRegion

pytestmark = pytest.mark.django_db

HAMSTRING_CODES = {
    "gluteal_fold",
    "post_thigh_proximal_medial",
    "post_thigh_proximal_lateral",
    "post_thigh_middle_medial",
    "post_thigh_middle_lateral",
    "post_thigh_distal_medial",
    "post_thigh_distal_lateral",
    "popliteal_fossa",
    "calf_medial",
    "calf_lateral",
    "achilles",
    "heel",
}


def test_every_region_of_chart_version_1_is_a_row_in_file_order():
    chart = load_chart(1)
    rows = list(BodyRegion.objects.for_chart(1).order_by("sort_order"))

    assert [(r.code, r.name, r.view, r.sided) for r in rows] == [
        (r.code, r.name, r.view, r.sided) for r in chart.regions
    ]


def test_the_regions_the_hamstring_patterns_need_are_on_the_back_view():
    regions = {r.code: r for r in BodyRegion.objects.filter(code__in=HAMSTRING_CODES)}

    assert set(regions) == HAMSTRING_CODES
    assert {r.view for r in regions.values()} == {"back"}
    assert all(r.sided for r in regions.values())
    assert regions["popliteal_fossa"].sides() == ("left", "right")


def test_a_code_is_unique_within_a_chart_version():
    from django.core.exceptions import ValidationError

    duplicate = BodyRegion(chart_version=1, code="heel", name="Another heel", view="back", sided=True)
    with pytest.raises(ValidationError):
        duplicate.full_clean()

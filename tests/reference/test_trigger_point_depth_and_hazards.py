"""The deeper trigger-point model: depth, palpation, referral laterality, examination, entrapment, needling
hazards (shipped for the hamstrings), key and satellite associations."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reference.models import MuscleAssociation, TriggerPoint

pytestmark = pytest.mark.django_db


def test_the_hamstrings_ship_with_their_needling_hazards_in_library_wording():
    for slug in ("semimembranosus-trp", "semitendinosus-trp", "biceps-femoris-trp"):
        trigger_point = TriggerPoint.objects.get(slug=slug)
        assert "Sciatic nerve" in trigger_point.needling_hazards
        assert "Popliteal artery and vein" in trigger_point.needling_hazards
        assert trigger_point.needling_hazards_wording == "library"
        assert trigger_point.history.filter(
            history_change_reason="Needling hazards added (migration)"
        ).exists()


def test_an_unknown_palpation_method_is_refused_by_the_form_check_and_the_database(bf_trigger_point):
    bf_trigger_point.palpation = "squeeze"
    with pytest.raises(ValidationError) as raised:
        bf_trigger_point.full_clean()
    assert "palpation" in raised.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        TriggerPoint.objects.filter(pk=bf_trigger_point.pk).update(palpation="squeeze")


def test_an_unknown_association_role_is_refused_by_the_database():
    association = MuscleAssociation.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        MuscleAssociation.objects.filter(pk=association.pk).update(role="main")


def test_the_muscle_page_shows_hazards_and_how_the_trigger_point_is_found(
    client_as, therapist_a1, bf_trigger_point
):
    bf_trigger_point.palpation = "pincer"
    bf_trigger_point.referral_laterality = "both"
    bf_trigger_point.save()
    page = client_as(therapist_a1).get("/reference/muscles/biceps-femoris/").content.decode()
    assert "<strong>Needling hazards:</strong> Sciatic nerve" in page
    assert "Pincer palpation (between thumb and fingers)" in page
    assert "this one refers pain to both sides" in page

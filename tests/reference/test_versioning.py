"""The library version moves on whenever published content changes, and only then."""

import pytest

from reference.models import Muscle, ReferralZone, Source, Status, Symptom
from reference.versioning import bump_library_version, current_library_version, one_version_change
from tests.reference.builders import make_muscle, make_symptom

pytestmark = pytest.mark.django_db


def test_reading_the_version_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert current_library_version() == 1


def test_editing_a_published_entry_bumps_the_version():
    zone = ReferralZone.objects.get(
        trigger_point__slug="biceps-femoris-trp", region__code="calf_medial_upper"
    )
    zone.note = "Checked"
    zone.save()

    assert current_library_version() == 2


def test_drafts_come_and_go_without_changing_the_version():
    symptom = make_symptom(status=Status.DRAFT)
    symptom.name = "Renamed draft"
    symptom.save()
    symptom.delete()

    assert current_library_version() == 1


def test_publishing_and_unpublishing_both_bump_it():
    muscle = make_muscle(status=Status.DRAFT)
    assert current_library_version() == 1

    muscle.status = Status.PUBLISHED
    muscle.save()
    assert current_library_version() == 2

    muscle = Muscle.objects.get(pk=muscle.pk)
    muscle.status = Status.DRAFT
    muscle.save()
    assert current_library_version() == 3


def test_deleting_a_published_entry_bumps_it():
    make_symptom().delete()  # created published (+1), deleted (+1)
    assert current_library_version() == 3


def test_editing_a_source_bumps_it():
    source = Source.objects.get(key="hinds-hamstrings")
    source.note += " Checked."
    source.save()
    assert current_library_version() == 2


def test_a_batch_of_changes_is_one_version():
    with one_version_change():
        for symptom in Symptom.objects.all():
            symptom.description = "Batch edit"
            symptom.save()
        bump_library_version()
    assert current_library_version() == 2


def test_a_failed_batch_changes_nothing():
    with pytest.raises(RuntimeError), one_version_change():
        symptom = Symptom.objects.first()
        symptom.name = "Half-done"
        symptom.save()
        raise RuntimeError("stop")

    assert current_library_version() == 1
    assert not Symptom.objects.filter(name="Half-done").exists()
    make_symptom()
    assert current_library_version() == 2

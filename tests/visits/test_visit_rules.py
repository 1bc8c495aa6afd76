"""The record-keeping rules hold in the models and the database, whatever code path writes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from records.models import (
    Addendum,
    AddendumIsAppendOnly,
    DeletionRefused,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitLocked,
    VisitPainMark,
    VisitStatus,
)
from records.visits.signing import discard_visit
from reference.models import TechniqueKind
from tests.visits.builders import (
    add_addendum,
    add_finding,
    add_mark,
    add_needling,
    add_technique,
    make_visit,
    sign,
    technique,
)


def test_a_signed_visit_refuses_save_and_delete(draft):
    sign(draft)
    draft.plan = "changed afterwards"

    with pytest.raises(VisitLocked):
        draft.save()
    with pytest.raises(DeletionRefused):
        draft.delete()
    draft.refresh_from_db()
    assert draft.plan == ""


def test_a_stale_copy_of_a_signed_visit_cannot_be_saved_over_it(draft):
    stale = Visit.objects.get(pk=draft.pk)
    sign(draft)
    stale.assessment = "written on an old copy"

    with pytest.raises(VisitLocked):
        stale.save()


def test_every_part_of_a_signed_visit_refuses_change_and_delete(needling_draft):
    parts = [
        add_mark(needling_draft),
        add_finding(needling_draft),
        add_technique(needling_draft),
        add_needling(needling_draft),
    ]
    sign(needling_draft)

    for part in parts:
        with pytest.raises(VisitLocked):
            part.save()
        with pytest.raises(VisitLocked):
            part.delete()
    for model in (VisitPainMark, Finding, TechniqueApplication, NeedlingSite):
        with pytest.raises(VisitLocked):
            model.objects.filter(visit=needling_draft).delete()
        with pytest.raises(VisitLocked):
            model.objects.filter(visit=needling_draft).update(visit=needling_draft)
        assert model.objects.filter(visit=needling_draft).count() == 1
    with pytest.raises(VisitLocked):
        add_finding(needling_draft, side="right")


def test_a_draft_is_never_deleted_but_discarded_with_a_reason_and_kept(draft, therapist_a1):
    with pytest.raises(DeletionRefused):
        draft.delete()
    with pytest.raises(DeletionRefused):
        Visit.objects.filter(pk=draft.pk).delete()

    discard_visit(visit_id=draft.pk, by=therapist_a1, reason="Opened for the wrong client")

    draft.refresh_from_db()
    assert (draft.status, draft.discard_reason, draft.discarded_by) == (
        VisitStatus.DISCARDED,
        "Opened for the wrong client",
        therapist_a1,
    )
    with pytest.raises(VisitLocked):
        draft.save()


def test_addenda_are_append_only(draft, therapist_a1):
    sign(draft)
    addendum = add_addendum(draft, therapist_a1)
    addendum.text = "rewritten"

    with pytest.raises(AddendumIsAppendOnly):
        addendum.save()
    with pytest.raises(AddendumIsAppendOnly):
        addendum.delete()
    with pytest.raises(AddendumIsAppendOnly):
        Addendum.objects.filter(pk=addendum.pk).update(text="x")
    with pytest.raises(AddendumIsAppendOnly):
        Addendum.objects.filter(pk=addendum.pk).delete()


def test_an_addendum_is_for_a_signed_visit_only(draft, therapist_a1):
    with pytest.raises(ValidationError, match="signed visits"):
        add_addendum(draft, therapist_a1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain_start", 11),
        ("pain_end", 11),
        ("duration_minutes", 0),
        ("duration_minutes", 481),
        ("slr_left", 181),
    ],
)
def test_out_of_range_values_are_refused_by_clean_and_by_the_database(draft, field, value):
    setattr(draft, field, value)
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert field in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=draft.pk).update(**{field: value})


def test_a_visit_dated_in_the_future_is_refused(draft):
    draft.started_at = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        draft.full_clean()


def test_needle_counts_cannot_be_negative_or_removed_more_than_inserted(needling_draft):
    site = add_needling(needling_draft)

    for inserted, removed in ((-1, 0), (2, 3), (0, 0), (21, 0)):
        site.needles_inserted, site.needles_removed = inserted, removed
        with pytest.raises(ValidationError):
            site.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedlingSite.objects.filter(pk=site.pk).update(needles_removed=5)
    # At least one needle and at most 20 at a site, in the database too (needling_needles_inserted_1_to_20).
    for inserted in (0, 21):
        with pytest.raises(IntegrityError), transaction.atomic():
            NeedlingSite.objects.filter(pk=site.pk).update(needles_inserted=inserted, needles_removed=0)


def test_one_mark_per_region_and_side_and_one_finding_per_trigger_point_and_side(draft):
    add_mark(draft)
    add_finding(draft)
    with pytest.raises(ValidationError):
        add_mark(draft, intensity=3)
    with pytest.raises(ValidationError, match="already a finding"):
        add_finding(draft)
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitPainMark.objects.create(
            visit=draft, region=draft.pain_marks.get().region, side="left", intensity=2
        )


def test_wet_needling_cannot_be_logged_citing_scope_of_practice(needling_draft):
    with pytest.raises(ValidationError, match="scope of practice"):
        add_technique(needling_draft, kind=TechniqueKind.WET_NEEDLING, parameters={})
    with pytest.raises(ValidationError, match="scope of practice"):
        add_needling(needling_draft, technique=technique(TechniqueKind.WET_NEEDLING))


def test_a_parameter_the_technique_does_not_record_is_refused(draft):
    with pytest.raises(ValidationError, match="does not record"):
        add_technique(draft, kind=TechniqueKind.MUSCLE_ENERGY, parameters={"pressure": "firm"})
    with pytest.raises(ValidationError, match="from 0 to 100"):
        add_technique(draft, kind=TechniqueKind.MUSCLE_ENERGY, parameters={"effort_percent": 150})


def test_a_visit_starts_against_the_current_library_version(patient, therapist_a1):
    from reference.versioning import current_library_version

    visit = make_visit(patient, therapist_a1)
    assert visit.library_version == current_library_version() > 0

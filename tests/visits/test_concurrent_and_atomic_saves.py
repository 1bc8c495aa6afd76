"""Two saves of one draft never silently overwrite each other, and a failed save leaves nothing behind."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from records.models import Finding, NeedlingSite, TechniqueApplication, Visit
from records.visits.saving import DraftChanges, EditConflict, save_draft
from reference.models import TechniqueKind
from reference.suggest import PainMark
from tests.visits.builders import add_mark, page_data, technique, trigger_point


def test_a_save_from_an_out_of_date_page_is_refused_and_keeps_the_users_text(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    first_tab = page_data(draft)
    second_tab = page_data(draft)
    first_tab["assessment"] = "Saved first, from the tablet"
    assert browser.post(draft.get_absolute_url(), first_tab).status_code == 302

    second_tab["assessment"] = "Typed in the second tab"
    response = browser.post(draft.get_absolute_url(), second_tab)

    html = response.content.decode()
    assert response.status_code == 409
    assert "saved this draft" in html and "Saved first, from the tablet" in html  # what the other save holds
    assert "Typed in the second tab" in html  # the user's own text, kept in the form
    draft.refresh_from_db()
    assert (draft.assessment, draft.lock_version) == ("Saved first, from the tablet", 1)
    assert 'name="lock_version" value="1"' in html

    # Saving the re-rendered page again deliberately replaces the other version.
    resubmit = {**second_tab, "lock_version": "1"}
    assert browser.post(draft.get_absolute_url(), resubmit).status_code == 302
    draft.refresh_from_db()
    assert (draft.assessment, draft.lock_version) == ("Typed in the second tab", 2)


def test_the_service_refuses_a_stale_version_and_writes_nothing(draft, therapist_a1):
    save_draft(
        visit_id=draft.pk,
        by=therapist_a1,
        expected_lock_version=0,
        changes=DraftChanges(fields={"plan": "first"}),
    )
    with pytest.raises(EditConflict) as conflict:
        save_draft(
            visit_id=draft.pk,
            by=therapist_a1,
            expected_lock_version=0,
            changes=DraftChanges(
                fields={"plan": "second"}, marks=[PainMark("knee_posterior_lateral", "left", 5)]
            ),
        )
    assert conflict.value.current.plan == "first"
    draft.refresh_from_db()
    assert (draft.plan, draft.lock_version, draft.pain_marks.count()) == ("first", 1, 0)


# Transactional, so the threads' own connections see the committed rows; tests/conftest.py gives it serialized
# rollback, so it starts with the migrations' data like every transactional test.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_one_draft_one_wins_the_other_gets_a_conflict(clinic_a, therapist_a1):
    from tests.records.builders import make_client
    from tests.visits.builders import make_visit

    visit = make_visit(make_client(clinic_a), therapist_a1)
    start = threading.Barrier(2)
    results: dict[str, str] = {}

    def save(name: str) -> None:
        try:
            start.wait(timeout=10)
            save_draft(
                visit_id=visit.pk,
                by=therapist_a1,
                expected_lock_version=0,
                changes=DraftChanges(fields={"assessment": f"written by {name}", "plan": f"plan by {name}"}),
            )
            results[name] = "saved"
        except EditConflict:
            results[name] = "conflict"
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[name] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("tablet", "desktop")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["conflict", "saved"]
    winner = next(name for name, result in results.items() if result == "saved")
    visit.refresh_from_db()
    assert (visit.assessment, visit.plan, visit.lock_version) == (
        f"written by {winner}",
        f"plan by {winner}",
        1,
    )


def test_a_failing_part_after_valid_ones_leaves_no_partial_rows(needling_draft, therapist_a1):
    add_mark(needling_draft, "gluteal_fold", "right", 3)
    before = (Visit.objects.get(pk=needling_draft.pk).lock_version, list(needling_draft.pain_marks.values()))
    valid_finding = Finding(trigger_point=trigger_point(), side="left")
    valid_technique = TechniqueApplication(
        technique=technique(TechniqueKind.COMPRESSION),
        side="left",
        parameters={"pressure": "firm", "hold_seconds": 60},
    )
    invalid_site = NeedlingSite(
        trigger_point=trigger_point(),
        side="left",
        technique=technique("dry_needling"),
        needles_inserted=1,
        needles_removed=4,
        gauge_mm=Decimal("0.25"),
        length_mm=40,
    )

    with pytest.raises(ValidationError):
        save_draft(
            visit_id=needling_draft.pk,
            by=therapist_a1,
            expected_lock_version=0,
            changes=DraftChanges(
                fields={"assessment": "should not be kept"},
                marks=[PainMark("knee_posterior_lateral", "left", 8)],
                saves=[valid_finding, valid_technique, invalid_site],
            ),
        )

    needling_draft.refresh_from_db()
    assert needling_draft.assessment == ""
    assert (needling_draft.lock_version, list(needling_draft.pain_marks.values())) == before
    assert not Finding.objects.exists() and not TechniqueApplication.objects.exists()
    assert not NeedlingSite.objects.exists()


def test_a_page_with_one_invalid_row_saves_nothing_at_all(client_as, therapist_a1, needling_draft):
    data = page_data(needling_draft)
    data.update(
        {
            "assessment": "not yet",
            "mark-knee_posterior_lateral-left-intensity": "6",
            "findings-0-trigger_point": str(trigger_point().pk),
            "findings-0-side": "left",
            "findings-0-status": "confirmed",
            "needling-0-trigger_point": str(trigger_point().pk),
            "needling-0-side": "left",
            "needling-0-technique": str(technique("dry_needling").pk),
            "needling-0-method": "static",
            "needling-0-needles_inserted": "-1",
            "needling-0-needles_removed": "0",
            "needling-0-gauge_mm": "0.25",
            "needling-0-length_mm": "40",
            "needling-0-tolerance": "good",
        }
    )

    response = client_as(therapist_a1).post(needling_draft.get_absolute_url(), data)

    assert response.status_code == 200
    needling_draft.refresh_from_db()
    assert (needling_draft.assessment, needling_draft.lock_version) == ("", 0)
    assert not needling_draft.pain_marks.exists() and not needling_draft.findings.exists()


def test_the_conflict_lists_only_what_the_other_save_changed(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    first_tab, second_tab = page_data(draft), page_data(draft)
    browser.post(draft.get_absolute_url(), {**first_tab, "plan": "Their plan"})

    html = browser.post(draft.get_absolute_url(), {**second_tab, "assessment": "Mine"}).content.decode()

    conflict = html.split("data-edit-conflict")[1].split("</div>")[0]
    assert "Plan" in conflict and "Their plan" in conflict
    assert "Date and time" not in conflict and "Presenting complaint" not in conflict

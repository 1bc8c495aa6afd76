"""A therapist's whole visit in a real browser, from the client page to the printed note."""

import re

import pytest

from records.models import Visit, VisitStatus
from tests.builders import PASSWORD
from tests.visits.builders import param

pytestmark = pytest.mark.browser


def test_a_therapist_logs_a_visit_signs_it_corrects_it_and_prints_it(
    page, login_in_browser, therapist_a1, consenting_patient
):
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(consenting_patient.get_absolute_url())
    # A first visit: nothing to choose, so the client page starts it straight away.
    page.get_by_role("button", name="Start a visit").click()
    page.wait_for_url(re.compile(r"/clients/visits/\d+/$"))

    # Mark the pain map: the candidates update beside it; add the first as a finding.
    page.locator('path.region[data-region="knee_posterior_lateral"][data-side="left"]').click()
    first = page.locator("[data-candidate]").first
    first.wait_for()
    assert "Biceps femoris" in first.inner_text()
    page.get_by_label("Pain at start (0–10)").fill("6")
    first.get_by_role("button", name="Add as finding").click()
    # In place, without a page load: the finding row is filled in, saved with the draft.
    assert "added as a suspected finding" in page.locator("[data-findings-status]").inner_text()

    # Confirm the finding.
    finding = page.locator('fieldset[data-row="finding"]').first
    finding.get_by_label("Confirmed").check()
    finding.get_by_label("Taut band").check()

    # Compression and MET, each showing only its own parameters.
    page.select_option("#id_techniques-0-technique", label="Compression")
    assert page.locator("#id_techniques-0-" + param("muscle_energy", "effort_percent")).is_hidden()
    page.select_option("#id_techniques-0-" + param("compression", "pressure"), "firm")
    page.fill("#id_techniques-0-" + param("compression", "hold_seconds"), "60")
    page.fill("#id_techniques-0-" + param("compression", "repetitions"), "3")
    page.select_option("#id_techniques-1-technique", label="Muscle energy techniques")
    assert page.locator("#id_techniques-1-" + param("compression", "pressure")).is_hidden()
    page.fill("#id_techniques-1-" + param("muscle_energy", "effort_percent"), "20")
    page.fill("#id_techniques-1-" + param("muscle_energy", "hold_seconds"), "7")

    # Dry needling: the precautions come first; one needle not yet accounted for.
    assert "Diabetes" in page.locator("[data-needling-precautions]").inner_text()
    page.get_by_text("Record a needling site").click()
    page.select_option("#id_needling-0-trigger_point", label="Biceps femoris — Biceps femoris trigger point")
    page.select_option("#id_needling-0-side", "left")
    page.fill("#id_needling-0-needles_inserted", "3")
    page.fill("#id_needling-0-needles_removed", "2")
    page.fill("#id_needling-0-gauge_mm", "0.25")
    page.fill("#id_needling-0-length_mm", "50")
    page.get_by_label(re.compile("Sharps disposal confirmed")).check()
    page.get_by_role("button", name="Save and sign").click()

    refused = page.locator("[data-signing-refused]")
    refused.wait_for()
    assert "3 inserted but 2 removed" in refused.inner_text()
    visit = Visit.objects.get()
    assert visit.status == VisitStatus.DRAFT

    page.fill("#id_needling-0-needles_removed", "3")
    page.get_by_role("button", name="Save and sign").click()
    page.locator(".messages").get_by_text("Visit signed").wait_for()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SIGNED
    assert {t.technique.kind: t.parameters for t in visit.techniques.all()} == {
        "compression": {"pressure": "firm", "hold_seconds": 60, "repetitions": 3},
        "muscle_energy": {"effort_percent": 20, "hold_seconds": 7},
    }
    assert visit.findings.get().status == "confirmed"

    # A correction is an addendum under the unchanged note.
    page.get_by_label("Reason").fill("Response omitted")
    page.get_by_label("Text of the addendum").fill("Range of motion improved after MET.")
    page.get_by_role("button", name="Add addendum").click()
    assert "Range of motion improved after MET." in page.locator("[data-addendum]").inner_text()

    # The printable note: navigation and buttons disappear on paper.
    page.get_by_role("link", name="Printable note").click()
    assert "Response omitted" in page.locator(".visit-note").inner_text()
    assert page.locator("nav.navbar").is_visible()
    page.emulate_media(media="print")
    assert page.locator("nav.navbar").is_hidden()
    assert page.get_by_role("button", name="Print").is_hidden()
    assert page.locator(".visit-note").is_visible()
    assert page.csp_violations == []

"""Red flags and dry-needling consent in a real browser: flags above the candidates, signing asks what was
done about each, and a verbal consent does not unlock needling."""

import re

import pytest

from records.models import Method, VisitRedFlag, VisitStatus
from tests.builders import PASSWORD
from tests.records.builders import make_client, make_consent
from tests.visits.builders import make_visit

pytestmark = pytest.mark.browser
WHERE = "/reference/where-does-it-hurt/"


def region(page, code, side):
    return page.locator(f'path.region[data-region="{code}"][data-side="{side}"]')


def test_flags_appear_above_the_candidates_as_the_map_and_checklist_change(
    page, login_in_browser, therapist_a1
):
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(WHERE)

    region(page, "calf_medial_upper", "left").click()
    region(page, "knee_posterior_lateral", "left").click()
    screen = page.locator('[data-red-flag="calf-and-back-of-knee-vascular-screen"]')
    screen.wait_for()
    page.locator("[data-candidate]").first.wait_for()

    page.get_by_label("Calf swelling, warmth or redness").check()
    dvt = page.locator('[data-red-flag="dvt-calf-pain-with-risk-factor"]')
    dvt.wait_for()
    order = page.locator("[data-red-flag]").evaluate_all("nodes => nodes.map(n => n.dataset.redFlag)")
    assert (
        order[0] == "dvt-calf-pain-with-risk-factor" and order[-1] == "calf-and-back-of-knee-vascular-screen"
    )
    assert "Urgent referral" in dvt.inner_text() and "Do not massage" in dvt.inner_text()
    flags_box = page.locator("[data-red-flags]").bounding_box()
    candidates_box = page.locator("[data-candidates]").bounding_box()
    assert flags_box["y"] + flags_box["height"] <= candidates_box["y"]

    page.get_by_label("Numbness in the saddle area (buttocks, genitals, inner thighs)").check()
    page.locator('[data-red-flag="cauda-equina-syndrome"]').wait_for()
    assert page.locator("[data-red-flag]").first.get_attribute("data-red-flag") == "cauda-equina-syndrome"
    assert page.csp_violations == []


def test_signing_asks_what_was_done_about_each_flag(page, login_in_browser, therapist_a1, clinic_a):
    client = make_client(clinic_a, given_name="Lena", family_name="Brandt")
    visit = make_visit(client, therapist_a1)
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(visit.get_absolute_url())

    page.get_by_label("Pain at start (0–10)").fill("5")
    page.get_by_label("Calf pain on walking, eased by rest").check()
    page.locator('[data-red-flag="vascular-claudication"]').wait_for()
    page.get_by_role("button", name="Save and sign").click()
    page.wait_for_url(re.compile(r"sign=refused"))

    outcome = page.locator("[data-flag-outcome]")
    assert "Possible vascular claudication" in outcome.inner_text()
    missing = outcome.locator("[data-flag-outcome-missing]")
    assert missing.is_visible() and "before signing" in missing.inner_text()
    assert "Record what was done about the red flag" in page.locator("[data-signing-refused]").inner_text()

    outcome.get_by_label("Referred", exact=True).check()
    outcome.get_by_label("Referred to (whom)").fill("GP for vascular assessment")
    page.get_by_role("button", name="Save and sign").click()
    page.wait_for_selector("[data-note-red-flags]")

    visit.refresh_from_db()
    assert visit.status == VisitStatus.SIGNED
    assert VisitRedFlag.objects.get(visit=visit).referred_to == "GP for vascular assessment"
    assert (
        "What was done: Referred — to GP for vascular assessment"
        in page.locator("[data-note-red-flags]").inner_text()
    )


def test_a_verbal_dry_needling_consent_does_not_unlock_needling(
    page, login_in_browser, therapist_a1, clinic_a
):
    client = make_client(clinic_a, given_name="Ana", family_name="Reyes")
    make_consent(client, by=therapist_a1, method=Method.VERBAL)
    visit = make_visit(client, therapist_a1)
    login_in_browser(therapist_a1, PASSWORD)

    page.goto(client.get_absolute_url())
    assert (
        "needs signed form or electronic consent" in page.locator("[data-consent-not-accepted]").inner_text()
    )

    page.goto(visit.get_absolute_url())
    refusal = page.locator("[data-no-needling-consent]")
    assert "does not count for needling" in refusal.inner_text()
    assert page.get_by_text("Record a needling site").count() == 0

"""The body-chart pain map in a real browser: clicking, the keyboard, live candidates, and no script."""

import pytest
from playwright.sync_api import expect

from tests.builders import PASSWORD

pytestmark = pytest.mark.browser
URL = "/reference/where-does-it-hurt/"


def region(page, code, side):
    return page.locator(f'path.region[data-region="{code}"][data-side="{side}"]')


def test_marking_regions_by_click_and_keyboard_updates_the_candidates(page, login_in_browser, therapist_a1):
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(URL)
    candidates = page.locator("[data-candidates]")
    assert "Mark at least one painful region" in candidates.inner_text()

    region(page, "knee_posterior_lateral", "left").click()
    page.wait_for_selector("[data-candidate]")
    first = page.locator("[data-candidate]").first
    assert "Biceps femoris" in first.inner_text() and "left" in first.inner_text()
    assert page.locator("#id_mark-knee_posterior_lateral-left-intensity").input_value() == "5"

    # Keyboard: focus a region, Enter marks it, a number key sets its intensity.
    gluteal = region(page, "gluteal_fold", "right")
    gluteal.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("9")
    assert page.locator("#id_mark-gluteal_fold-right-intensity").input_value() == "9"
    assert "intensity-9" in gluteal.get_attribute("class")
    expect(page.locator("[data-candidate]").first).to_contain_text("Semi")
    assert "Inferior gluteal fold, right: 9/10 (severe)" in page.locator("[data-pain-map-list]").inner_text()

    # Show a candidate's pattern over the chart.
    page.locator("[data-candidate]").first.get_by_role("button", name="Show referral pattern").click()
    assert "zone-essential" in region(page, "gluteal_fold", "right").get_attribute("class")
    assert page.csp_violations == []


def test_equal_scores_share_a_rank_identical_patterns_are_grouped_and_the_score_is_put_in_words(
    page, login_in_browser, therapist_a1
):
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(URL)

    # The whole back of each knee: chart v2 draws it in a medial and a lateral half.
    region(page, "knee_posterior_lateral", "left").click()
    page.wait_for_selector("[data-candidate]")
    region(page, "knee_posterior_medial", "left").click()
    region(page, "knee_posterior_lateral", "right").click()
    region(page, "knee_posterior_medial", "right").click()
    expect(page.locator("[data-candidate]")).to_have_count(4)

    items = page.locator("[data-candidate]")
    first, second = items.nth(0), items.nth(1)
    # Both knees equally painful: biceps femoris on each side, equal scores, one shared rank.
    expect(first.locator(".candidate-rank")).to_have_text("=1.")
    expect(second.locator(".candidate-rank")).to_have_text("=1.")
    expect(first).to_contain_text("Biceps femoris")
    expect(second).to_contain_text("Biceps femoris")
    expect(first.locator("[data-explanation]")).to_contain_text(
        "Explains 50 % of the pain; 2 of 2 essential zones painful."
    )
    expect(first.locator("[data-explanation]")).to_contain_text(
        "A hypothesis to examine by palpation, not a diagnosis."
    )
    # Semimembranosus and semitendinosus: one entry per side naming both.
    grouped = items.nth(2)
    expect(grouped.locator(".candidate-rank")).to_have_text("=3.")
    expect(grouped.get_by_role("link", name="Semimembranosus")).to_be_visible()
    expect(grouped.get_by_role("link", name="Semitendinosus")).to_be_visible()
    expect(grouped.locator("[data-candidate-group]")).to_contain_text(
        "Identical referral patterns: examine 2 muscles"
    )
    # The article's discrepancy for biceps femoris is in its notes.
    first.locator("[data-curation-notes] summary").click()
    expect(first.locator("[data-curation-notes]")).to_contain_text("diffuse pain posteromedial legs")
    assert page.csp_violations == []


def test_the_plain_form_works_with_javascript_disabled(
    chromium_browser, live_server, browser_db, therapist_a1
):
    context = chromium_browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("therapist_a1")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(URL)

        assert page.locator("details[data-pain-map-entry]").get_attribute("open") is not None
        page.get_by_role("spinbutton", name="Back of knee, lateral, left").fill("8")
        page.get_by_role("button", name="Show candidates").click()

        first = page.locator("[data-candidate]").first
        assert "Biceps femoris" in first.inner_text()
        assert "intensity-8" in region(page, "knee_posterior_lateral", "left").get_attribute("class")
    finally:
        context.close()

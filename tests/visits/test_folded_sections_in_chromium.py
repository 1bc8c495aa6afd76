"""Folded sections in a real browser: the heading or the section bar opens one; without script all show."""

import pytest
from playwright.sync_api import expect

from tests.builders import PASSWORD
from tests.visits.builders import add_technique, make_visit, sign

pytestmark = pytest.mark.browser


@pytest.fixture
def folding_draft(needling_draft, consenting_patient, therapist_a1):
    """A draft of a therapist whose last signed visit recorded only a technique."""
    earlier = make_visit(consenting_patient, therapist_a1)
    add_technique(earlier)
    sign(earlier)
    return needling_draft


def test_a_folded_section_opens_from_its_heading_or_the_section_bar(
    page, login_in_browser, therapist_a1, folding_draft
):
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(folding_draft.get_absolute_url())
    self_help = page.locator("#self-help")
    notes = page.get_by_label("Self-help notes")
    expect(notes).to_be_hidden()
    expect(page.get_by_label("Pain at start (0–10)")).to_be_visible()  # never folded
    expect(page.locator('#techniques select[name$="-technique"]').first).to_be_visible()  # used before

    toggle = self_help.get_by_role("button", name="Self-help and perpetuating factors")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(notes).to_be_visible()

    page.locator(".visit-sections").get_by_role("link", name="Assessment & plan").click()
    expect(page.get_by_label("Plan", exact=True)).to_be_visible()
    assert page.csp_violations == []


def test_without_script_every_section_shows(
    chromium_browser, live_server, browser_db, therapist_a1, folding_draft
):
    context = chromium_browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(therapist_a1.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(folding_draft.get_absolute_url())
        assert page.locator("section[data-folded]").count() >= 2
        expect(page.get_by_label("Self-help notes")).to_be_visible()
        expect(page.get_by_label("Plan", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Save and refresh candidates")).to_be_visible()
    finally:
        context.close()

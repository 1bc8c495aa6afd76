"""The Outcomes page in Chromium as a clinic admin: its charts draw, and axe-core finds no violations."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility_in_chromium import violations
from tests.builders import PASSWORD
from tests.outcomes.test_outcomes_page import known_clinic  # noqa: F401 - the known data set, as a fixture

pytestmark = pytest.mark.browser


def test_the_outcomes_page_has_no_accessibility_violations(page, login_in_browser, admin_a, known_clinic):  # noqa: F811
    login_in_browser(admin_a, PASSWORD)
    page.goto("/clients/outcomes/?date_from=2025-01-01&date_to=2025-12-31")

    expect(page.get_by_role("heading", name="Outcomes of Clinic A Myotherapy")).to_be_visible()
    charts = page.locator("svg.outcome-chart-svg")
    assert charts.count() == 4
    box = charts.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 50
    assert page.get_by_role(
        "table", name="Meaningful change by measure, episodes discharged in the period"
    ).is_visible()
    assert violations(page) == []

    page.goto(
        "/clients/outcomes/?date_from=2025-06-01&date_to=2025-01-01"
    )  # refused: the message, no figures
    expect(page.get_by_text("The end date is before the start date.")).to_be_visible()
    assert violations(page) == []

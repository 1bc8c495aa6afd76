"""An episode's progress page in Chromium: the charts are drawn (SVG under the strict CSP), each with its
table of figures, and axe-core finds no accessibility violations on it nor on the printable report."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility_in_chromium import violations
from tests.builders import PASSWORD
from tests.outcomes.progress_data import known_course
from tests.records.builders import make_client

pytestmark = pytest.mark.browser


@pytest.fixture
def course(clinic_a, therapist_a1):
    client = make_client(clinic_a, given_name="Zoë", family_name="O’Sullivan", date_of_birth=date(1990, 5, 1))
    return known_course(client, therapist_a1)


def test_the_progress_page_draws_its_charts_with_tables_and_has_no_accessibility_violations(
    page, login_in_browser, therapist_a1, course
):
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(course.episode.get_absolute_url())
    chart = page.get_by_role("img", name="LEFS total over time")
    assert chart.get_attribute("role") == "img"
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 80  # drawn, not collapsed
    assert page.locator('[data-progress-chart="lefs"] [data-point]').count() == 3
    assert page.locator('[data-progress-chart="lefs"] [data-meaningful]').count() == 1
    table = page.get_by_role("table", name="LEFS total over time: the figures")
    assert table.get_by_role("row").count() == 4
    assert "+17: meaningful improvement" in table.inner_text()
    assert page.locator("[data-change-map] svg").count() >= 1
    assert page.csp_violations == []
    assert violations(page) == []
    page.goto(f"/clients/episodes/{course.episode.pk}/report/")
    expect(page.locator("[data-signature-line]")).to_be_visible()
    assert page.csp_violations == []
    assert violations(page) == []

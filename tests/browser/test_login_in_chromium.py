import pytest
from playwright.sync_api import expect

from tests.builders import PASSWORD

pytestmark = pytest.mark.browser


def test_a_therapist_signs_in_and_sees_the_dashboard(page, login_in_browser, therapist_a1):
    login_in_browser(therapist_a1, PASSWORD)

    expect(page.get_by_role("heading", name="Good day, Alice")).to_be_visible()
    expect(page.get_by_text("Clinic A Myotherapy · Therapist")).to_be_visible()
    assert page.csp_violations == []


def test_a_wrong_password_keeps_the_user_on_the_login_page_with_a_message(page, therapist_a1):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("therapist_a1")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    assert page.get_by_label("Username").input_value() == "therapist_a1"

"""The second factor as staff meet it in Chromium: set-up, a code, a recovery code, and the lockout."""

from base64 import b32decode

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from playwright.sync_api import expect

from tests.builders import PASSWORD, authenticator_code, wrong_code_for
from tests.conftest import give_authenticator

pytestmark = pytest.mark.browser

CODE_FIELD = "Code from your authenticator app, or a recovery code"


def password_step(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_curator_sets_up_an_authenticator_at_first_sign_in_and_keeps_the_recovery_codes(
    page, live_server, curator
):
    password_step(page, curator)
    page.wait_for_url("**/account/second-factor/set-up/**")
    expect(page.get_by_text("Your account must sign in with a second factor")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()

    # What a person types into their app when they cannot scan: the secret shown as text.
    secret = page.locator("#totp-secret").inner_text()
    key = b32decode(secret.replace(" ", ""))
    page.get_by_label("Code from your authenticator app").fill(authenticator_code(key))
    page.get_by_role("button", name="Turn on").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").locator("li").all_inner_texts()
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=curator).values_list("token", flat=True)
    )
    assert len(codes) == 10
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Reference", exact=True)).to_be_visible()
    assert page.csp_violations == []


def test_a_therapist_with_an_authenticator_signs_in_with_a_code(page, live_server, therapist_a1):
    device = give_authenticator(therapist_a1)
    password_step(page, therapist_a1)
    page.wait_for_url("**/account/second-factor/**")
    # Nothing else opens before the code: the clients list sends the browser back here.
    page.goto("/clients/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()

    page.get_by_label(CODE_FIELD).fill(authenticator_code(device))
    page.get_by_role("button", name="Verify").click()

    page.wait_for_url(f"{live_server.url}/clients/")
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    assert page.csp_violations == []


def test_a_recovery_code_signs_in_once_and_not_twice(page, live_server, therapist_a1):
    give_authenticator(therapist_a1)
    device = StaticDevice.objects.create(user=therapist_a1, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")
    StaticToken.objects.create(device=device, token="efgh6723")

    password_step(page, therapist_a1)
    page.get_by_label(CODE_FIELD).fill("abcd-2345")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Good day, Alice")).to_be_visible()

    page.context.clear_cookies()
    password_step(page, therapist_a1)
    page.get_by_label(CODE_FIELD).fill("abcd2345")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That code did not work")).to_be_visible()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()


def test_five_wrong_codes_pause_the_sign_in_and_every_page_then_says_so(
    page, live_server, therapist_a1, settings
):
    # django-otp's own throttle makes each retry wait 1, 2, 4, 8 s; it is tested in tests/clinic. Off here, so
    # the browser can type five codes in a row and meet the lockout that counts them.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = give_authenticator(therapist_a1)
    password_step(page, therapist_a1)
    for _attempt in range(4):
        page.get_by_label(CODE_FIELD).fill(wrong_code_for(device))
        with page.expect_navigation():  # the form posts and the page comes back with the answer
            page.get_by_role("button", name="Verify").click()
        expect(page.get_by_text("That code did not work")).to_be_visible()  # waits for the answer
    page.get_by_label(CODE_FIELD).fill(wrong_code_for(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()

    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    expect(page.get_by_text("Too many failed sign-in attempts")).to_be_visible()
    page.goto("/account/second-factor/")
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    page.goto("/clients/")
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    assert page.csp_violations == []

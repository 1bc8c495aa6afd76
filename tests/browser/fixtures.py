"""Playwright driving Debian's Chromium against pytest-django's live server.

No Chromium: browser tests are skipped with a loud line at the end of the run, unless REQUIRE_BROWSER=1,
which turns the missing browser into a failure (CI sets it).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.live_server_gate import gate_of

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_skipped_for_no_browser: list[str] = []
SIGN_IN_SECONDS = 30


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def chromium_browser():
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}"
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}: install Debian's chromium package")
        _skipped_for_no_browser.append(message)
        pytest.skip(f"BROWSER TESTS SKIPPED: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_db(transactional_db):
    """A live server needs committed rows. Like every transactional test, a browser test gets serialized
    rollback from tests/conftest.py, which restores the migrations' reference data before it starts."""


@pytest.fixture
def page(chromium_browser, live_server, browser_db):
    context = chromium_browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: _record_csp_violation(page, msg))
    yield page
    # Closing a page fires pagehide, and the visit editor saves then. The live server's gate is closed by
    # now (pytest_runtest_teardown below), so that request gets 503 without touching the database; routing
    # turns away what it can before it leaves the browser.
    context.route("**/*", lambda route: route.abort())
    context.close()


def _record_csp_violation(page, message) -> None:
    if "Content Security Policy" in message.text:
        page.csp_violations.append(message.text)


@pytest.fixture
def login_in_browser(page, live_server):
    """Sign a user in through the real login form; a user who must use a second factor (a curator) gets an
    authenticator and types its current code on the code page, as they would from their phone."""
    from tests.builders import authenticator_code
    from tests.conftest import give_authenticator, needs_second_factor

    def login(user, password: str):
        device = give_authenticator(user) if needs_second_factor(user) else None
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        if device is not None:
            page.wait_for_url("**/account/second-factor/**")
            enter_code(device)
        try:
            # Longer than the default: on a busy CI machine the code check, the new session and the
            # dashboard come one after another, and a slow sign-in is not what any test here is about.
            page.wait_for_url(f"{live_server.url}/", timeout=SIGN_IN_SECONDS * 1000)
        except PlaywrightTimeoutError as timeout:
            if not _code_went_unanswered(page, device):
                raise AssertionError(_why_sign_in_stalled(page, device)) from timeout
            # Twice on CI (never here in dozens of runs) the code page sat with no answer to its POST, no
            # message and no code accepted: send a fresh code once more, then fail with what was left.
            page.goto("/account/second-factor/?next=/")
            enter_code(device)
            try:
                page.wait_for_url(f"{live_server.url}/", timeout=SIGN_IN_SECONDS * 1000)
            except PlaywrightTimeoutError as again:
                raise AssertionError("after a second code: " + _why_sign_in_stalled(page, device)) from again
        return page

    def enter_code(device):
        code = authenticator_code(device)
        page.get_by_label("Code from your authenticator app, or a recovery code").fill(code)
        page.get_by_role("button", name="Verify").click()

    return login


def _code_went_unanswered(page, device) -> bool:
    """Still on the code page, with no message, and the server never accepted a code."""
    if device is None or "/account/second-factor/" not in page.url:
        return False
    device.refresh_from_db()
    return device.last_t < 0 and not page.locator(".invalid-feedback, .alert, .errorlist").all_inner_texts()


def _why_sign_in_stalled(page, device) -> str:
    """What a sign-in that never reached the dashboard left behind, so a failure on CI explains itself: the
    page and its messages, and whether the server ever accepted the code (django-otp moves ``last_t``)."""
    messages = page.locator(".invalid-feedback, .alert, .errorlist").all_inner_texts()
    reason = f"sign-in stopped at {page.url} ({page.title()!r}); messages on the page: {messages}"
    if device is not None:
        device.refresh_from_db()
        accepted = "accepted a code" if device.last_t >= 0 else "has accepted no code"
        reason += f"; the authenticator {accepted}"
    return reason


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """The live server answers while the test's body runs (tests/browser/live_server_gate.py says why)."""
    live_server = getattr(item, "funcargs", {}).get("live_server")
    if live_server is not None:
        gate_of(live_server).open()
    yield


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """Before any fixture is torn down (the page closed, the database flushed): no new request reaches
    Django, and those inside finish."""
    live_server = getattr(item, "funcargs", {}).get("live_server")
    if live_server is not None:
        gate_of(live_server).close()
    yield


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_no_browser:
        line = "!" * 78
        terminalreporter.write_line(line, red=True, bold=True)
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED ({_skipped_for_no_browser[0]}). Install Debian's chromium, "
            "or set REQUIRE_BROWSER=1 to make this a failure.",
            red=True,
            bold=True,
        )
        terminalreporter.write_line(line, red=True, bold=True)

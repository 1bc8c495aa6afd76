"""axe-core finds no accessibility violations on the client list, the client page and the visit editor.

axe-core (MPL-2.0) is vendored for tests only under tests/browser/vendor/axe-core/ and injected into each page
by Playwright; the app never serves it.
"""

from pathlib import Path

import pytest

from tests.builders import PASSWORD
from tests.records.builders import make_client, make_consent
from tests.visits.builders import add_finding, add_mark, make_visit, sign

pytestmark = pytest.mark.browser

AXE_VERSION = "4.10.3"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def violations(page) -> list[str]:
    # Evaluated through the DevTools protocol, which the page's strict CSP (no inline script) does not govern;
    # the page itself is not changed to allow it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    assert page.evaluate("() => axe.version") == AXE_VERSION
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
            }));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['targets']}" for v in found]


@pytest.fixture
def record(clinic_a, therapist_a1):
    """A client with consents, a signed visit with a pain map, and a draft: what the pages show in use."""
    client = make_client(clinic_a, given_name="Zoë", family_name="O’Sullivan", diabetes=True)
    make_consent(client, by=therapist_a1)
    signed = make_visit(client, therapist_a1, pain_start=6, pain_end=3, presenting_complaint="Knee pain")
    add_mark(signed, "knee_posterior_lateral", "left", 6)
    add_finding(signed)
    sign(signed)
    draft = make_visit(client, therapist_a1, presenting_complaint="Follow-up")
    add_mark(draft, "knee_posterior_lateral", "left", 4)
    return client, draft


def test_the_client_list_has_no_accessibility_violations(page, login_in_browser, therapist_a1, record):
    login_in_browser(therapist_a1, PASSWORD)
    page.goto("/clients/")
    assert violations(page) == []
    page.goto("/clients/?q=sullivan")
    assert violations(page) == []


def test_the_client_page_has_no_accessibility_violations(page, login_in_browser, therapist_a1, record):
    client, _draft = record
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(client.get_absolute_url())
    assert violations(page) == []


def test_the_visit_editor_has_no_accessibility_violations(page, login_in_browser, therapist_a1, record):
    _client, draft = record
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(draft.get_absolute_url())
    assert violations(page) == []


def test_the_check_finds_a_violation_when_there_is_one(page):
    """The check itself can fail: an image without a text alternative and a skipped heading level."""
    page.set_content(
        "<!doctype html><html lang='en'><title>t</title><main><h1>A</h1><h3>B</h3><img src='x.png'></main>"
    )
    found = " ".join(violations(page))
    assert "image-alt" in found


def test_the_signed_note_printout_and_handout_have_no_accessibility_violations(
    page, login_in_browser, therapist_a1, record
):
    client, _draft = record
    signed = client.visits.get(status="signed")
    login_in_browser(therapist_a1, PASSWORD)
    note = signed.get_absolute_url()
    for url in (note, f"{note}print/", f"{note}handout/", "/"):
        page.goto(url)
        assert violations(page) == [], url


def test_the_clinic_admin_pages_have_no_accessibility_violations(page, login_in_browser, admin_a, clinic_a):
    login_in_browser(admin_a, PASSWORD)
    for url in ("/clinic/", "/staff/", "/staff/new/"):
        page.goto(url)
        assert violations(page) == [], url
    # A refused form: its messages next to the fields must be announced and labelled too.
    page.goto("/staff/new/")
    page.get_by_role("button", name="Send the invitation").click()
    assert violations(page) == []


def test_the_invitation_page_has_no_accessibility_violations(page, clinic_a):
    from django.test import RequestFactory

    from clinic.invitations import invitation_link
    from clinic.models import Role
    from tests.builders import make_user

    invited = make_user("invited_one", clinic=clinic_a, role=Role.THERAPIST)
    invited.set_unusable_password()
    invited.save()
    link = invitation_link(RequestFactory().get("/"), invited).removeprefix("http://testserver")
    page.goto(link)
    assert page.locator("input[name=new_password1]").count() == 1  # the form, not "no longer works"
    assert violations(page) == []

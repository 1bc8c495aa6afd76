"""Nothing typed on the visit page is lost, and rows are added in place: in Chromium (issue 12).

Autosave, the warning on leaving, an idle sign-out in the middle of typing, and adding a finding, a technique
and a needling site without a page load (static/js/visit-autosave.js, leave-warning.js, visit.js).
"""

import re
from datetime import date

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from records.models import Addendum, Consent, Visit
from tests.browser.questions import answer_every_question_no, leave_by_the_top_bar
from tests.builders import PASSWORD
from tests.visits.builders import BICEPS_FEMORIS, add_needling, make_visit, param, sign, trigger_point

pytestmark = pytest.mark.browser

COMPLAINT = "#id_presenting_complaint"


def sign_in_on_this_page(page, user):
    """The sign-in form the page is on (after an idle sign-out it carries where to go back to)."""
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def stays_on_this_page(page):
    """A mark that only a page load removes."""
    page.evaluate("window.noPageLoad = true")
    return lambda: page.evaluate("window.noPageLoad === true")


def test_a_draft_saves_itself_a_moment_after_typing(page, login_in_browser, therapist_a1, draft, settings):
    settings.VISIT_AUTOSAVE_SECONDS = 1
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(draft.get_absolute_url())
    page.fill(COMPLAINT, "Sharp pain behind the knee on the stairs")
    page.fill("#id_pain_start", "7")

    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text(re.compile(r"^Saved \d\d:\d\d$"))

    page.reload()
    assert page.input_value(COMPLAINT) == "Sharp pain behind the knee on the stairs"
    draft.refresh_from_db()
    assert (draft.presenting_complaint, draft.pain_start) == ("Sharp pain behind the knee on the stairs", 7)

    # A refused entry is marked beside its input and stays as typed; nothing is saved.
    page.fill("#id_pain_end", "12")
    page.wait_for_selector("#id_pain_end_error")
    assert "Pain is 0 to 10" in page.locator("#id_pain_end_error").inner_text()
    assert page.get_attribute("#id_pain_end", "aria-describedby") == "id_pain_end_error"
    assert page.input_value("#id_pain_end") == "12"
    assert "Not saved yet" in status.inner_text()
    draft.refresh_from_db()
    assert draft.pain_end is None
    assert page.csp_violations == []


def test_leaving_with_unsaved_changes_asks_first(page, login_in_browser, therapist_a1, draft, settings):
    settings.VISIT_AUTOSAVE_SECONDS = 600  # nothing is saved in the background during this test
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(draft.get_absolute_url())
    page.fill(COMPLAINT, "Typed, not saved yet")
    asked = []

    def answer(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("nav.navbar").get_by_role("link", name="Clients").click()

    assert asked and asked[0][0] == "confirm" and "not saved yet" in asked[0][1]
    assert page.url.endswith(draft.get_absolute_url())
    assert page.input_value(COMPLAINT) == "Typed, not saved yet"

    # Closing or reloading the tab gets the browser's own question.
    asked.clear()
    with pytest.raises(PlaywrightTimeoutError):  # the dismissed "leave site?" question cancels the reload
        page.reload(timeout=3000)
    assert asked and asked[0][0] == "beforeunload"

    # The client form warns the same way.
    def leave(dialog):
        dialog.accept()

    page.remove_listener("dialog", answer)
    page.on("dialog", leave)
    page.goto(f"/clients/{draft.client_id}/edit/")
    # One answer per question: with both listeners, a question accepted by one and dismissed by the other
    # raised in Playwright and let the page go on to the client list while the test ended.
    page.remove_listener("dialog", leave)
    page.on("dialog", answer)
    page.get_by_label("Occupation").fill("Changed")
    asked.clear()
    page.get_by_role("link", name="Cancel").click()
    assert asked and asked[0][0] == "confirm"


def test_the_consent_form_asks_before_leaving_with_unsaved_changes(
    page, live_server, login_in_browser, therapist_a1, patient
):
    form_url = f"/clients/{patient.pk}/consents/new/"
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(form_url)
    asked = answer_every_question_no(page)
    page.fill("#id_consent_text_version", "DN-2026.1")

    leave_by_the_top_bar(page)

    assert [kind for kind, _message in asked] == ["confirm"] and "not saved yet" in asked[0][1]
    assert page.url == f"{live_server.url}{form_url}"
    assert page.input_value("#id_consent_text_version") == "DN-2026.1"

    # Recording the consent is a save: nothing is asked, and the client page it leads to asks nothing either.
    asked.clear()
    page.locator("#id_kind").select_option(label="Dry needling")
    page.fill("#id_given_on", date.today().isoformat())
    page.locator("input[name=method][value=signed_form]").check()
    page.get_by_role("button", name="Record consent").click()
    page.wait_for_url(f"{live_server.url}{patient.get_absolute_url()}#consents")
    assert Consent.objects.get(client=patient).consent_text_version == "DN-2026.1"
    leave_by_the_top_bar(page)
    page.wait_for_url(f"{live_server.url}/clients/")
    assert asked == []


def test_the_addendum_form_asks_before_leaving_with_unsaved_changes(
    page, live_server, login_in_browser, therapist_a1, patient
):
    signed = sign(make_visit(patient, therapist_a1, presenting_complaint="Pain behind the left knee"))
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(signed.get_absolute_url())
    asked = answer_every_question_no(page)
    page.get_by_label("Text of the addendum").fill("Left knee, not right.")

    leave_by_the_top_bar(page)

    assert [kind for kind, _message in asked] == ["confirm"] and "not saved yet" in asked[0][1]
    assert page.url == f"{live_server.url}{signed.get_absolute_url()}"
    assert page.get_by_label("Text of the addendum").input_value() == "Left knee, not right."

    # Adding the addendum is a save: nothing is asked, and the note it leads back to asks nothing either.
    asked.clear()
    page.get_by_label("Reason").fill("Wrong side recorded")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_text("Addendum added under the note.")).to_be_visible()
    assert Addendum.objects.get(visit=signed).text == "Left knee, not right."
    leave_by_the_top_bar(page)
    page.wait_for_url(f"{live_server.url}/clients/")
    assert asked == []


def test_an_idle_sign_out_loses_nothing_and_shows_nothing_to_the_next_user(
    page, live_server, login_in_browser, therapist_a1, therapist_a2, draft, settings
):
    settings.VISIT_AUTOSAVE_SECONDS = 600  # the typing reaches the server only by "Save draft"
    settings.SESSION_COOKIE_AGE = 8  # a short idle limit: a warning at 6 s, the end at 8 s
    settings.SESSION_REFRESH_SECONDS = 1
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(draft.get_absolute_url())
    page.fill(COMPLAINT, "Typed just before the idle sign-out")

    # Warned before the end, then told it happened.
    page.locator("[data-session-warning]").wait_for(state="visible", timeout=15_000)
    assert page.get_by_role("button", name="Stay signed in").is_visible()
    page.locator("[data-session-ended]").wait_for(state="visible", timeout=15_000)
    page.wait_for_timeout(1500)  # the server's end is a moment before the page's count

    # The save after the end: the sign-in page says the session ended; nothing was saved.
    page.locator(".visit-actions").get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next=.*session=ended"))
    assert "Your session ended" in page.locator("[data-session-ended]").inner_text()
    draft.refresh_from_db()
    assert draft.presenting_complaint != "Typed just before the idle sign-out"

    # Signing in again leads back to the visit, with what was typed, ready to save.
    settings.SESSION_COOKIE_AGE = 30 * 60
    sign_in_on_this_page(page, therapist_a1)
    page.wait_for_url(f"{live_server.url}{draft.get_absolute_url()}")
    assert page.input_value(COMPLAINT) == "Typed just before the idle sign-out"
    assert "Put back what you typed" in page.locator("[data-autosave-status]").inner_text()

    # Signed out again (the session ended elsewhere): another user signs in on this tab.
    Session.objects.all().delete()
    page.locator(".visit-actions").get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('visit-draft:')).length") == 1
    sign_in_on_this_page(page, therapist_a2)
    page.wait_for_url(f"{live_server.url}{draft.get_absolute_url()}")
    assert "Typed just before the idle sign-out" not in page.content()
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('visit-draft:')).length") == 0


def test_findings_techniques_and_needling_sites_are_added_in_place(
    page, login_in_browser, therapist_a1, needling_draft, settings
):
    settings.VISIT_AUTOSAVE_SECONDS = 600  # saved by "Save draft" at the end
    add_needling(needling_draft, inserted=3, removed=3, side="right")
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(needling_draft.get_absolute_url())
    no_page_load = stays_on_this_page(page)

    # "Add as finding" on a candidate fills a finding row, as suspected.
    page.locator('path.region[data-region="knee_posterior_lateral"][data-side="left"]').click()
    candidate = page.locator("[data-candidate]").first
    candidate.wait_for()
    candidate.get_by_role("button", name="Add as finding").first.click()
    assert "added as a suspected finding" in page.locator("[data-findings-status]").inner_text()
    finding = page.locator('[data-formset="findings"] [data-row="finding"]').first
    assert finding.locator("select[name$='-trigger_point']").input_value() == str(
        trigger_point(BICEPS_FEMORIS).pk
    )
    assert finding.locator("select[name$='-side']").input_value() == "left"

    # Another technique: a new row, numbered after the others, its parameters following its choice.
    page.get_by_role("button", name="Add another technique").click()
    assert page.input_value("#id_techniques-TOTAL_FORMS") == "3"
    page.select_option("#id_techniques-2-technique", label="Compression")
    assert page.locator("#id_techniques-2-" + param("compression", "pressure")).is_visible()
    page.select_option("#id_techniques-2-" + param("compression", "pressure"), "firm")
    page.fill("#id_techniques-2-" + param("compression", "hold_seconds"), "60")
    page.fill("#id_techniques-2-" + param("compression", "repetitions"), "3")

    # Another needling site starts from the last one's entries.
    page.get_by_role("button", name="Add another site (copies the last)").click()
    new_site = page.locator('[data-formset="needling"] [data-row="needling site"]').last
    assert new_site.locator("input[name$='-gauge_mm']").input_value() == "0.25"
    assert new_site.locator("input[name$='-needles_inserted']").input_value() == "3"
    assert new_site.locator("select[name$='-side']").input_value() == "right"
    new_site.locator("select[name$='-side']").select_option("left")
    assert no_page_load()

    page.locator(".visit-actions").get_by_role("button", name="Save draft").click()
    page.locator(".messages").get_by_text("Draft saved").wait_for()
    visit = Visit.objects.get(pk=needling_draft.pk)
    assert [(f.trigger_point.slug, f.side, f.status) for f in visit.findings.all()] == [
        (BICEPS_FEMORIS, "left", "suspected")
    ]
    assert [t.technique.kind for t in visit.techniques.all()] == ["compression"]
    assert sorted((s.side, str(s.gauge_mm)) for s in visit.needling_sites.all()) == [
        ("left", "0.25"),
        ("right", "0.25"),
    ]

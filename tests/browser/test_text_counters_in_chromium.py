"""Every limited text box shows how much of its limit is used, on every page and in rows added later; a
refused addendum puts the focus on the field to fix."""

import pytest

from records.visits.signing import sign_visit
from tests.builders import PASSWORD
from tests.records.builders import make_client
from tests.visits.builders import make_visit

pytestmark = pytest.mark.browser


def counter_of(page, selector):
    """The text of the counter that describes the field (its aria-describedby names it)."""
    return page.evaluate(
        """(selector) => {
            const field = document.querySelector(selector);
            const ids = (field.getAttribute("aria-describedby") || "").split(" ");
            const counter = ids.map((id) => document.getElementById(id)).find(
                (el) => el && el.hasAttribute("data-text-counter"));
            if (!counter) return null;
            const box = counter.getBoundingClientRect();
            return {text: counter.textContent, visible: !counter.hidden && box.height > 0};
        }""",
        selector,
    )


def test_a_textarea_shows_its_count_and_limit_and_counts_as_you_type(
    page, login_in_browser, therapist_a1, clinic_a
):
    client = make_client(clinic_a, given_name="Ivy", family_name="Tran")
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(f"{client.get_absolute_url()}edit/")

    notes = page.get_by_label("Clinical notes")
    assert counter_of(page, "#id_notes") == {"text": "0 / 10000", "visible": True}
    notes.fill("Sore after a long drive")
    assert counter_of(page, "#id_notes") == {"text": "23 / 10000", "visible": True}
    assert page.csp_violations == []


def test_a_one_line_input_shows_its_counter_while_focused(page, login_in_browser, therapist_a1, clinic_a):
    client = make_client(clinic_a, given_name="Ivy", family_name="Tran")
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(f"{client.get_absolute_url()}edit/")

    assert counter_of(page, "#id_occupation")["visible"] is False
    page.get_by_label("Occupation").fill("Nurse")
    assert counter_of(page, "#id_occupation")["visible"] is True
    assert counter_of(page, "#id_occupation")["text"].startswith("5 / ")


def test_the_visit_editor_counts_its_text_boxes_also_in_rows_added_later(
    page, login_in_browser, therapist_a1, clinic_a
):
    client = make_client(clinic_a, given_name="Mia", family_name="Kowalski")
    visit = make_visit(client, therapist_a1)
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(visit.get_absolute_url())

    page.locator("#id_plan").fill("Review in one week")
    assert counter_of(page, "#id_plan") == {"text": "18 / 5000", "visible": True}
    # A row added by script (as the editor adds findings and sites in place) is found by its attribute.
    page.evaluate(
        """() => {
            const row = document.createElement("div");
            row.innerHTML = '<textarea id="added-later" maxlength="1000"></textarea>';
            document.querySelector("main").appendChild(row);
        }"""
    )
    page.wait_for_function(
        "() => (document.getElementById('added-later').getAttribute('aria-describedby') || '') !== ''"
    )
    assert counter_of(page, "#added-later") == {"text": "0 / 1000", "visible": True}
    # A copy of a row brings its counter along: it is taken over, not doubled.
    page.evaluate(
        """() => {
            const copy = document.getElementById("added-later").parentElement.cloneNode(true);
            copy.querySelector("textarea").id = "copied";
            document.querySelector("main").appendChild(copy);
        }"""
    )
    page.wait_for_function(
        "() => document.getElementById('copied').getAttribute('aria-describedby') !== null"
    )
    assert page.locator("#copied ~ [data-text-counter]").count() == 1
    assert page.csp_violations == []


def test_an_empty_addendum_puts_its_message_at_the_top_and_the_focus_in_the_field(
    page, login_in_browser, therapist_a1, clinic_a
):
    client = make_client(clinic_a, given_name="Mia", family_name="Kowalski")
    visit = make_visit(client, therapist_a1, pain_start=3, presenting_complaint="Knee")
    sign_visit(visit_id=visit.pk, by=therapist_a1)
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(visit.get_absolute_url())

    page.get_by_role("button", name="Add addendum").click()
    page.wait_for_load_state()

    assert page.evaluate("() => document.activeElement.id") == "addendum-reason"
    assert page.get_by_text("Give the reason for the addendum.").count() == 1
    assert page.get_by_text("Write the addendum.").count() == 1
    # At the top: in view without scrolling.
    top = page.locator("#add-addendum-heading").bounding_box()["y"]
    assert top < page.viewport_size["height"]

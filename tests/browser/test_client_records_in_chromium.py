"""A therapist's everyday round in a real browser: add a client, record dry-needling consent, find the
client again by part of the name, and archive someone who no longer comes."""

import re

import pytest
from playwright.sync_api import expect

from records.models import Client
from tests.builders import PASSWORD
from tests.records.builders import make_client

pytestmark = pytest.mark.browser


def test_a_therapist_creates_a_client_records_consent_finds_them_and_archives_another(
    page, login_in_browser, therapist_a1, clinic_a
):
    leaving = make_client(clinic_a, given_name="Kwame", family_name="Mensah")
    login_in_browser(therapist_a1, PASSWORD)

    page.goto("/clients/new/")
    page.get_by_label("Given name").fill("Chloé")
    page.get_by_label("Family name").fill("Marchetti")
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_label("Phone", exact=True).fill("0412 555 010")
    page.get_by_label("Occupation").fill("Courier driver")
    page.get_by_label("Diabetes").check()
    page.get_by_role("button", name="Add client").click()

    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    expect(page.get_by_role("heading", name="Chloé Marchetti")).to_be_visible()
    expect(page.get_by_text("No dry-needling consent on record")).to_be_visible()
    expect(page.get_by_text("Diabetes").first).to_be_visible()

    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Kind").select_option(label="Dry needling")
    page.get_by_label("Consent text version").fill("DN-2026.1")
    page.get_by_label("Given on").fill("2024-02-01")
    page.get_by_label("Signed form").check()
    page.get_by_role("button", name="Record consent").click()

    page.wait_for_url(re.compile(r"/clients/\d+/#consents$"))
    expect(page.get_by_text("Dry needling consent recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="DN-2026.1")).to_be_visible()
    assert page.get_by_text("No dry-needling consent on record").count() == 0

    page.goto("/clients/")
    page.get_by_label("Search").fill("arche")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/clients/\?.*q=arche"))
    expect(page.get_by_role("link", name="Marchetti, Chloé")).to_be_visible()
    assert page.get_by_role("link", name="Mensah, Kwame").count() == 0

    page.goto(leaving.get_absolute_url())
    page.get_by_role("link", name="Archive").click()
    page.get_by_role("button", name="Archive Kwame Mensah").click()
    page.wait_for_url(f"**{leaving.get_absolute_url()}")
    expect(page.get_by_text("The record is kept; restore it at any time.")).to_be_visible()
    leaving.refresh_from_db()
    assert leaving.is_archived
    assert Client.objects.get(family_name="Marchetti").has_current_consent("dry_needling")
    assert page.csp_violations == []


def test_two_tabs_editing_one_client_the_second_save_shows_both_versions_and_keeps_its_input(
    page, login_in_browser, therapist_a1, clinic_a
):
    client = make_client(clinic_a, given_name="Ivy", family_name="Tran", phone="0400 100 200")
    login_in_browser(therapist_a1, PASSWORD)
    edit_url = f"{client.get_absolute_url()}edit/"
    page.goto(edit_url)
    other_tab = page.context.new_page()
    other_tab.goto(edit_url)

    other_tab.get_by_label("Phone", exact=True).fill("0400 999 888")
    other_tab.get_by_role("button", name="Save changes").click()
    other_tab.wait_for_url(f"**{client.get_absolute_url()}")
    page.get_by_label("Clinical notes").fill("Typed in the first tab")
    page.get_by_role("button", name="Save changes").click()

    conflict = page.locator("[data-edit-conflict]")
    expect(conflict.get_by_text("Alice Tester changed this client")).to_be_visible()
    phone_row = conflict.get_by_role("row").filter(has_text="Phone")
    assert phone_row.get_by_role("cell").nth(0).inner_text() == "0400 999 888"  # stored now
    assert phone_row.get_by_role("cell").nth(1).inner_text() == "0400 100 200"  # this tab's
    assert page.get_by_label("Clinical notes").input_value() == "Typed in the first tab"
    client.refresh_from_db()
    assert (client.phone, client.notes) == ("0400 999 888", "")

    page.get_by_label("Phone", exact=True).fill("0400 999 888")  # re-apply the other tab's change
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**{client.get_absolute_url()}")
    client.refresh_from_db()
    assert (client.phone, client.notes, client.lock_version) == ("0400 999 888", "Typed in the first tab", 2)
    assert page.csp_violations == []

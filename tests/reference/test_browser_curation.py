"""In a real browser: a curator changes a referral zone in the admin and publishes it; a therapist sees it."""

import re

import pytest
from playwright.sync_api import expect

from reference.models import ReferralZone, Status
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser

BF_PAGE = "/reference/muscles/biceps-femoris/"


def test_a_curators_published_zone_change_reaches_the_therapists_muscle_page(
    page, login_in_browser, live_server, shipped_library, curator, therapist_a1
):
    zone = ReferralZone.objects.get(
        trigger_point__slug="biceps-femoris-trp", region__code="calf_lateral_upper"
    )

    login_in_browser(curator, PASSWORD)
    page.goto("/admin/reference/referralzone/?q=calf")
    row = (
        page.locator("#result_list tbody tr")
        .filter(has_text="Biceps femoris")
        .filter(has_text="Calf, lateral")
    )
    row.get_by_role("link", name="Biceps femoris trigger point").click()
    page.locator("#id_kind").select_option("essential")
    page.locator("#id_note").fill("Strong pain in the lateral calf, confirmed by the curator.")
    page.locator("#id_status").select_option("draft")  # work on it before therapists see it
    page.get_by_role("button", name="Save", exact=True).first.click()  # save_on_top: two bars
    page.wait_for_url(re.compile(r"/admin/reference/referralzone/(\?.*)?$"))
    assert ReferralZone.objects.get(pk=zone.pk).status == Status.DRAFT

    page.locator(f'input[name="_selected_action"][value="{zone.pk}"]').check()
    page.locator('select[name="action"]').select_option("publish")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Published 1 entry.")).to_be_visible()

    page.context.clear_cookies()
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(BF_PAGE)
    essential = page.locator(".zone-list--essential")
    expect(essential.get_by_text("Calf, lateral")).to_be_visible()
    expect(essential.get_by_text("confirmed by the curator")).to_be_visible()
    assert (
        page.locator('path[data-region="calf_lateral_upper"][data-side="right"]').get_attribute("fill")
        == "#b8323a"
    )
    assert page.csp_violations == []


def test_a_therapist_cannot_reach_the_reference_admin(page, login_in_browser, live_server, therapist_a1):
    login_in_browser(therapist_a1, PASSWORD)

    page.goto("/admin/reference/referralzone/")

    assert "/admin/login/" in page.url
    expect(page.get_by_text("You are authenticated as therapist_a1")).to_be_visible()
    assert page.get_by_role("link", name="Admin").count() == 0

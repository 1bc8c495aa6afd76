"""In a real browser, as a curator: add gluteus medius in the workspace, tap its trigger points' zones on
the body chart, publish it from the checklist, and find it ranked in "Where does it hurt?"."""

import re

import pytest
from playwright.sync_api import expect

from reference.models import Muscle, ReferralZone, Source, Status
from reference.versioning import current_library_version
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser


MIDLINE = {"sacrum"}


def region(page, code, side="right"):
    side = "midline" if code in MIDLINE else side
    return page.locator(f'path.region[data-region="{code}"][data-side="{side}"]')


def add_trigger_point(page, label, *, essential, spillover):
    page.locator("#id_new-label").fill(label)
    page.locator("#id_new-region").select_option(label="Buttock, upper outer (back)")
    page.get_by_role("button", name="Add the trigger point").click()
    page.wait_for_url(re.compile(r"/trigger-points/gluteus-medius-[a-z0-9-]+/(#zones)?$"))
    for code in essential:
        region(page, code).click()
    page.locator("label[for=zone-mode-spillover]").click()
    for code in spillover:
        region(page, code, "left").click()  # either side of the chart marks the region
    for code in essential:
        expect(region(page, code, "left")).to_have_class(re.compile(r"\bzone-essential\b"))
    page.get_by_role("button", name="Save the zones").click()
    expect(page.locator("[data-stored-zones]")).to_contain_text("Spillover: ")
    page.get_by_role("link", name="Gluteus medius").click()


def test_a_curator_adds_draws_and_publishes_a_muscle_that_therapists_then_get_suggested(
    page, login_in_browser, live_server, curator
):
    source = Source.objects.get(key__startswith="travell")
    login_in_browser(curator, PASSWORD)
    page.get_by_role("link", name="Curate", exact=True).click()

    page.get_by_label("Name").fill("Gluteus medius")
    page.locator("#id_source").select_option(str(source.pk))
    page.get_by_role("button", name="Add a muscle").click()
    expect(page.get_by_role("heading", name="Gluteus medius")).to_contain_text("Draft")
    checklist = page.locator("[data-publish-checklist]")
    expect(checklist.get_by_role("link", name="No trigger point yet")).to_be_visible()

    page.locator("#id_origin").fill(
        "Outer surface of the ilium between the anterior and posterior gluteal lines"
    )
    page.locator("#id_insertion").fill("Lateral surface of the greater trochanter")
    page.locator("#id_action").fill("Abducts the thigh; steadies the pelvis when standing on one leg")
    page.locator("#id_innervation_nerve").fill("Superior gluteal nerve")
    page.locator("#id_spinal_segments").fill("L4, L5, S1")
    page.get_by_role("button", name="Save the facts").click()
    expect(page.get_by_text("Gluteus medius: facts saved.")).to_be_visible()
    page.locator("#id_cite-source").select_option(str(source.pk))
    page.locator("#id_cite-locator").fill("ch. 8, Fig. 8.1")
    page.get_by_role("button", name="Cite it").click()

    add_trigger_point(page, "TrP1", essential=["sacrum", "gluteal_upper"], spillover=["gluteal"])
    add_trigger_point(
        page, "TrP2", essential=["hip_lateral", "gluteal"], spillover=["post_thigh_proximal_lateral"]
    )

    expect(page.get_by_text("Nothing is missing.")).to_be_visible()
    version = current_library_version()
    page.get_by_role("button", name="Publish this muscle").click()
    expect(page.get_by_text(re.compile(r"Gluteus medius is published \(9 entries\)"))).to_be_visible()
    muscle = Muscle.objects.get(slug="gluteus-medius")
    assert muscle.status == Status.PUBLISHED
    assert set(
        ReferralZone.objects.filter(trigger_point__muscle=muscle).values_list("status", flat=True)
    ) == {"published"}
    assert current_library_version() == version + 1

    page.get_by_role("link", name="Where does it hurt?").click()
    region(page, "sacrum", "midline").click()
    region(page, "gluteal_upper", "right").click()
    first = page.locator("[data-candidate]").first
    expect(first).to_contain_text("Gluteus medius")
    expect(first).to_contain_text("TrP1")
    assert page.csp_violations == []

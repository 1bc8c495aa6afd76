"""The pain map on a 768 px tablet: intensity in one tap, and regions big enough to tap when zoomed."""

import pytest
from playwright.sync_api import expect

from reference.models import ReferralZone
from reference.pain_map import CURRENT_CHART_VERSION
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser
URL = "/reference/where-does-it-hurt/"
TABLET = {"width": 768, "height": 1024}
TOUCH_TARGET_PX = 44


def region(page, code, side):
    return page.locator(f'path.region[data-region="{code}"][data-side="{side}"]')


def hamstring_regions() -> list[str]:
    """Every chart region the hamstrings' referral patterns use, essential or spillover, from the library
    itself: when the chart or the library changes, so does what is measured."""
    return sorted(
        set(
            ReferralZone.objects.filter(
                trigger_point__muscle__group__name="Hamstrings",
                region__chart_version=CURRENT_CHART_VERSION,
            ).values_list("region__code", flat=True)
        )
    )


def test_a_tap_on_a_region_offers_the_intensities_and_one_more_tap_sets_one(
    page, login_in_browser, therapist_a1
):
    page.set_viewport_size(TABLET)
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(URL)

    knee = region(page, "knee_posterior_lateral", "left")
    knee.click()
    editor = page.locator("[data-pain-map-editor]")
    expect(editor).to_be_visible()
    expect(editor.locator("[data-editor-label]")).to_have_text("Back of knee, lateral, left")
    # Beside the region, level with it: not at the foot of the page, and not over the leg above or below.
    knee_box, editor_box = knee.bounding_box(), editor.bounding_box()
    knee_middle = knee_box["y"] + knee_box["height"] / 2
    assert editor_box["y"] <= knee_middle <= editor_box["y"] + editor_box["height"]
    assert (
        editor_box["x"] >= knee_box["x"] + knee_box["width"]
        or editor_box["x"] + editor_box["width"] <= knee_box["x"]
    )
    buttons = editor.locator("[data-intensity]")
    expect(buttons).to_have_count(11)
    for index in range(11):
        box = buttons.nth(index).bounding_box()
        assert box["width"] >= TOUCH_TARGET_PX and box["height"] >= TOUCH_TARGET_PX, (index, box)

    editor.get_by_role("button", name="7", exact=True).click()
    # The plain form field carries the value (it is what is submitted), and the box closes.
    assert page.locator("#id_mark-knee_posterior_lateral-left-intensity").input_value() == "7"
    expect(editor).to_be_hidden()
    assert "intensity-7" in knee.get_attribute("class")
    expect(page.locator("[data-pain-map-list]")).to_contain_text("Back of knee, lateral, left: 7/10")

    # Tapped again, the box shows the current intensity pressed; "Clear this region" unmarks it.
    knee.click()
    expect(editor.get_by_role("button", name="7", exact=True)).to_have_attribute("aria-pressed", "true")
    editor.get_by_role("button", name="Clear this region").click()
    assert page.locator("#id_mark-knee_posterior_lateral-left-intensity").input_value() == ""
    assert page.csp_violations == []


def test_zoomed_on_the_back_of_the_legs_every_hamstring_region_is_a_44_px_target_at_768_px(
    page, login_in_browser, therapist_a1
):
    codes = hamstring_regions()
    assert len(codes) >= 10  # the hamstrings refer from the buttock to the heel
    page.set_viewport_size(TABLET)
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(URL)
    assert page.evaluate("window.innerWidth") == 768

    page.get_by_role("button", name="Zoom: back of the legs").click()
    zoom = page.locator('[data-zoom="back-of-legs"]')
    expect(zoom).to_have_attribute("aria-pressed", "true")
    expect(zoom).to_have_text("Whole body")
    expect(page.locator('[data-pain-map-view="front"]')).to_be_hidden()

    sizes = page.evaluate(
        """(codes) => {
            const out = [];
            document.querySelectorAll('[data-pain-map-view="back"] path.region').forEach((path) => {
                if (!codes.includes(path.dataset.region)) return;
                const box = path.getBoundingClientRect();
                out.push([path.dataset.region, path.dataset.side, box.width, box.height]);
            });
            return out;
        }""",
        codes,
    )
    measured = {code for code, _side, _w, _h in sizes}
    assert measured == set(codes), "every hamstring region is drawn in the back view"
    too_small = [(c, s, round(w), round(h)) for c, s, w, h in sizes if min(w, h) < TOUCH_TARGET_PX]
    assert too_small == []
    # Without the zoom the same regions are too small to tap reliably: the zoom is what makes them big.
    zoom.click()
    smallest = page.evaluate(
        """(codes) => Math.min(...Array.from(
            document.querySelectorAll('[data-pain-map-view="back"] path.region')
        ).filter((p) => codes.includes(p.dataset.region)).map((p) => {
            const b = p.getBoundingClientRect(); return Math.min(b.width, b.height);
        }))""",
        codes,
    )
    assert smallest < TOUCH_TARGET_PX

    # Zoomed, a tap still marks the region and the page never scrolls sideways.
    zoom.click()
    region(page, "calf_lateral_upper", "right").click()
    page.locator("[data-pain-map-editor]").get_by_role("button", name="3", exact=True).click()
    assert page.locator("#id_mark-calf_lateral_upper-right-intensity").input_value() == "3"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.csp_violations == []


def test_on_a_narrow_screen_showing_a_pattern_brings_the_chart_into_view_and_the_button_hides_it(
    page, login_in_browser, therapist_a1
):
    page.set_viewport_size(TABLET)
    login_in_browser(therapist_a1, PASSWORD)
    page.goto(URL)
    region(page, "knee_posterior_lateral", "left").click()
    page.locator("[data-pain-map-editor]").get_by_role("button", name="8", exact=True).click()
    first = page.locator("[data-candidate]").first
    first.wait_for()
    # At 768 px the candidates sit below the chart.
    chart = page.locator('[data-pain-map-view="back"]')
    assert first.bounding_box()["y"] > chart.bounding_box()["y"] + chart.bounding_box()["height"] - 1

    button = first.get_by_role("button", name="Show referral pattern")
    button.scroll_into_view_if_needed()
    assert not _in_viewport(page, chart)
    button.click()
    hide = first.get_by_role("button", name="Hide referral pattern")
    expect(hide).to_have_attribute("aria-pressed", "true")
    assert "zone-essential" in region(page, "knee_posterior_lateral", "left").get_attribute("class")
    page.wait_for_function(
        """() => { const b = document.querySelector('[data-pain-map-view="back"]').getBoundingClientRect();
                   return b.top >= -1 && b.top < window.innerHeight; }"""
    )
    hide.click()
    show = first.get_by_role("button", name="Show referral pattern")
    expect(show).to_have_attribute("aria-pressed", "false")
    assert "zone-essential" not in region(page, "knee_posterior_lateral", "left").get_attribute("class")


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box["y"] + box["height"] > 0 and box["y"] < page.viewport_size["height"]

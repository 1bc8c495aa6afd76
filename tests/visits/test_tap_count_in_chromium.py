"""How much work a whole visit is on a 768 px tablet, counted in a real browser.

The walk (issue 12): find the client, start a visit, mark 3 pain regions with their intensities, add one
finding with "Add as finding", record one compression, one needling site and the self-help, and sign.
Every tap (a click, a select opened and an option chosen is two), every field filled by typing (the
on-screen keyboard; its tap to focus the field is one of the taps) and every page load is counted, the
counts are printed, and the issue's limits asserted: at most 25 taps, 8 of them with the keyboard, and 4
page loads.

The therapist has needled and recorded techniques and self-help before, as a therapist using the app does:
their usual sections are open and a new needling site starts from their last needle.
"""

import re
from decimal import Decimal

import pytest

from records.models import Visit, VisitStatus
from reference.models import SelfHelp
from tests.builders import PASSWORD
from tests.records.builders import make_client, make_consent
from tests.visits.builders import BICEPS_FEMORIS, add_finding, add_needling, add_technique, make_visit, sign

pytestmark = pytest.mark.browser
TABLET = {"width": 768, "height": 1024}
MAX_TAPS, MAX_KEYBOARD_FIELDS, MAX_PAGE_LOADS = 25, 8, 4


class Counter:
    """Drives the page the way a therapist's finger does, and counts it."""

    def __init__(self, page):
        self.page = page
        self.taps = self.keyboard = self.loads = 0
        self.steps: list[str] = []
        page.on("load", lambda _page: self._loaded())

    def _loaded(self):
        self.loads += 1

    def tap(self, locator, what: str):
        locator.click()
        self.taps += 1
        self.steps.append(f"tap: {what}")

    def type(self, locator, text: str, what: str):
        locator.click()
        locator.fill(text)
        self.taps += 1
        self.keyboard += 1
        self.steps.append(f"type: {what}")

    def choose(self, select, label: str, what: str):
        # A select on a tablet: one tap opens the list, one picks the option.
        select.select_option(label=label)
        self.taps += 2
        self.steps.append(f"choose: {what}")

    def report(self) -> str:
        return f"taps={self.taps} keyboard_fields={self.keyboard} page_loads={self.loads}"


@pytest.fixture
def experienced_therapist(therapist_a1, clinic_a):
    """therapist_a1 with a signed visit of another client: a finding, a compression, a needle, self-help."""
    other = make_client(clinic_a, given_name="Priya", family_name="Raman")
    make_consent(other, by=therapist_a1)
    visit = make_visit(other, therapist_a1, pain_start=5)
    add_finding(visit, BICEPS_FEMORIS, "left")
    add_technique(visit)
    add_needling(visit, gauge_mm=Decimal("0.30"), length_mm=40)
    visit.self_help.add(SelfHelp.objects.published().first())
    sign(visit)
    return therapist_a1


def test_a_whole_visit_on_a_tablet_takes_at_most_25_taps_8_typed_fields_and_4_page_loads(
    page, login_in_browser, experienced_therapist, clinic_a
):
    client = make_client(clinic_a, given_name="Aoife", family_name="Brennan")
    make_consent(client, by=experienced_therapist)
    page.set_viewport_size(TABLET)
    login_in_browser(experienced_therapist, PASSWORD)
    page.goto("/clients/")  # the starting point: the client list, open on the tablet
    walk = Counter(page)

    # Find the client and start the visit.
    walk.type(page.get_by_label("Search"), "Brennan", "search for the client")
    walk.tap(page.get_by_role("button", name="Search"), "search")
    walk.tap(page.get_by_role("link", name=re.compile("Brennan")).first, "the client")
    walk.tap(page.get_by_role("button", name="Start a visit"), "start a visit")
    page.wait_for_url(re.compile(r"/clients/visits/\d+/$"))
    assert page.locator("[data-refresh-candidates]").is_hidden()  # the candidates follow the map live

    walk.type(page.get_by_label("Pain at start (0–10)"), "6", "pain at start")

    # Three regions on the zoomed back of the legs, each with its intensity: two taps a region.
    walk.tap(page.get_by_role("button", name="Zoom: back of the legs"), "zoom on the legs")
    editor = page.locator("[data-pain-map-editor]")
    for code, intensity in (
        ("knee_posterior_lateral", "7"),
        ("post_thigh_middle_lateral", "5"),
        ("gluteal_fold", "3"),
    ):
        target = page.locator(f'path.region[data-region="{code}"][data-side="left"]')
        walk.tap(target, f"region {code}")
        walk.tap(editor.get_by_role("button", name=intensity, exact=True), f"intensity {intensity}")
    first = page.locator("[data-candidate]").first
    first.wait_for()
    assert "Biceps femoris" in first.inner_text()

    walk.tap(first.get_by_role("button", name="Add as finding").first, "add as finding")
    # In place: no page load; the finding row is filled and the needling list offers it first.
    page.locator("[data-findings-status]").get_by_text("added as a suspected finding").wait_for()

    # One compression.
    technique = page.locator('fieldset[data-row="technique"] select[name$="-technique"]').first
    walk.choose(technique, "Compression", "technique: compression")

    # One needling site: the finding is offered first; gauge and length come from the last needle.
    walk.tap(page.get_by_text("Record a needling site"), "record a needling site")
    site = page.locator('fieldset[data-row="needling site"]').last
    walk.choose(
        site.locator('select[name$="-trigger_point"]'),
        "Biceps femoris — Biceps femoris trigger point (left finding)",
        "needling: the finding's trigger point",
    )
    walk.choose(site.locator('select[name$="-side"]'), "Left", "needling: side")
    walk.type(site.get_by_label("Needles inserted"), "2", "needles inserted")
    walk.type(site.get_by_label("Needles removed"), "2", "needles removed")
    assert site.get_by_label("Gauge (mm)").input_value() in ("0.30", "0.3")
    assert site.get_by_label("Needle length (mm)").input_value() == "40"
    walk.tap(page.get_by_label(re.compile("Sharps disposal confirmed")), "sharps disposed of")

    walk.tap(page.get_by_label("Learn to stretch the hamstrings correctly"), "self-help")
    walk.tap(page.get_by_role("button", name="Save and sign"), "sign")
    page.locator(".messages").get_by_text("Visit signed").wait_for()

    visit = Visit.objects.get(client=client)
    assert visit.status == VisitStatus.SIGNED
    assert sorted(m.intensity for m in visit.pain_marks.all()) == [3, 5, 7]
    assert visit.findings.count() == 1 and visit.techniques.get().technique.kind == "compression"
    site = visit.needling_sites.get()
    assert (site.gauge_mm, site.length_mm, site.needles_inserted) == (Decimal("0.30"), 40, 2)
    assert visit.self_help.count() == 1

    print(f"\nTAP COUNT (768 px): {walk.report()}\n  " + "\n  ".join(walk.steps))
    assert walk.taps <= MAX_TAPS, walk.report()
    assert walk.keyboard <= MAX_KEYBOARD_FIELDS, walk.report()
    assert walk.loads <= MAX_PAGE_LOADS, walk.report()
    assert page.csp_violations == []

"""axe-core finds no accessibility violations on any page of the curators' workspace (issue 14), as a curator
signed in with a second factor sees it: with the page's scripts run, and again with forms refused.

Every page under /reference/curate/ (reference/urls.py): the list of muscles, with the add-a-muscle and
add-a-source forms; a muscle's page with its trigger points, zones, citations and publish checklist; a trigger
point's zone chart; the preview. The remaining URLs (add, sources/add, trigger-points/add, citations/add,
publish, zones) only take a POST and answer with one of these pages, refused or redirected: each is reached
here through its form.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from reference.models import Citation, Status
from tests.browser.test_accessibility_in_chromium import violations
from tests.builders import PASSWORD
from tests.reference.builders import make_muscle, make_trigger_point, make_zone, region

pytestmark = pytest.mark.browser

WORKSPACE = "/reference/curate/"


def muscle_url(muscle, rest=""):
    return f"{WORKSPACE}muscles/{muscle.slug}/{rest}"


@pytest.fixture
def drafts():
    """A draft muscle ready to publish (cited, a trigger point with essential and spillover zones) and a
    bare draft whose checklist still lists what is missing."""
    ready = make_muscle(name="Gluteus medius", slug="gluteus-medius", status=Status.DRAFT)
    Citation.objects.create(
        content_type=ContentType.objects.get_for_model(ready),
        object_id=ready.pk,
        source=ready.source,
        locator="ch. 8, Fig. 8.1",
    )
    trigger_point = make_trigger_point(
        ready, label="TrP1", status=Status.DRAFT, region=region("gluteal_upper")
    )
    make_zone(trigger_point, "post_thigh_proximal_lateral", status=Status.DRAFT)
    make_zone(trigger_point, "calf_lateral_upper", kind="spillover", status=Status.DRAFT)
    bare = make_muscle(name="Soleus", slug="soleus", status=Status.DRAFT, origin="", insertion="")
    return ready, trigger_point, bare


def no_violations(page):
    assert violations(page) == []
    assert page.csp_violations == []


def test_the_list_and_its_forms_have_no_accessibility_violations(page, login_in_browser, curator, drafts):
    login_in_browser(curator, PASSWORD)
    page.goto(WORKSPACE)
    expect(page.get_by_role("link", name="Gluteus medius")).to_be_visible()
    no_violations(page)

    # Refused: each form comes back with its messages by its fields.
    page.get_by_role("button", name="Add a muscle").click()
    expect(page.locator("#error_1_id_name")).to_be_visible()
    no_violations(page)
    page.goto(WORKSPACE)
    page.get_by_role("button", name="Add the source").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    no_violations(page)


def test_a_muscle_page_and_its_publish_checklist_have_no_accessibility_violations(
    page, login_in_browser, curator, drafts
):
    ready, _trigger_point, bare = drafts
    login_in_browser(curator, PASSWORD)

    page.goto(muscle_url(ready))
    expect(page.get_by_text("Nothing is missing.")).to_be_visible()
    expect(page.get_by_role("link", name="TrP1")).to_be_visible()
    no_violations(page)

    # Refused as stale: both versions side by side.
    ready.refresh_from_db()
    ready.origin = "Changed meanwhile by another curator"
    ready.save()
    page.locator("#id_origin").fill("Outer surface of the ilium")
    page.get_by_role("button", name="Save the facts").click()
    expect(page.locator("[data-edit-conflict]")).to_be_visible()
    no_violations(page)

    page.goto(muscle_url(bare))
    expect(page.locator("[data-publish-checklist] li").first).to_be_visible()
    no_violations(page)

    # Refused facts, trigger point and citation.
    page.locator("#id_name").fill("")
    page.get_by_role("button", name="Save the facts").click()
    expect(page.locator("#error_1_id_name")).to_be_visible()
    no_violations(page)
    page.get_by_role("button", name="Add the trigger point").click()
    expect(page.locator("#error_1_id_new-label")).to_be_visible()
    no_violations(page)
    page.get_by_role("button", name="Cite it").click()
    expect(page.locator("#error_1_id_cite-source")).to_be_visible()
    no_violations(page)


def test_the_zone_chart_page_has_no_accessibility_violations(page, login_in_browser, curator, drafts):
    ready, trigger_point, _bare = drafts
    login_in_browser(curator, PASSWORD)
    page.goto(muscle_url(ready, f"trigger-points/{trigger_point.slug}/"))
    expect(page.locator("[data-zone-modes]")).to_be_visible()  # the chart script has run
    no_violations(page)

    # In use: spillover mode, a region tapped; and the list of selects opened.
    page.locator("label[for=zone-mode-spillover]").click()
    page.locator('path.region[data-region="gluteal"][data-side="left"]').click()
    page.get_by_text("Choose the zones as a list").click()
    no_violations(page)

    # Refused as stale (another curator added a zone meanwhile), then saved.
    make_zone(trigger_point, "sacrum", status=Status.DRAFT)
    page.get_by_role("button", name="Save the zones").click()
    expect(page.locator("[data-edit-conflict]")).to_be_visible()
    no_violations(page)
    page.get_by_role("button", name="Save the zones").click()
    expect(page.get_by_text("Zones of TrP1 saved")).to_be_visible()
    no_violations(page)
    page.locator("#id_label").fill("")
    page.get_by_role("button", name="Save the trigger point").click()
    expect(page.locator("#error_1_id_label")).to_be_visible()
    no_violations(page)


def test_the_preview_has_no_accessibility_violations(page, login_in_browser, curator, drafts):
    ready, trigger_point, _bare = drafts
    login_in_browser(curator, PASSWORD)
    page.goto(muscle_url(ready, "preview/"))
    expect(page.locator("[data-sample-suggestion] ol li").first).to_be_visible()
    no_violations(page)

    # Published, then a part changed back to a draft: the table of what publishing changes.
    page.goto(muscle_url(ready))
    page.get_by_role("button", name="Publish this muscle").click()
    expect(page.get_by_text("Gluteus medius is published")).to_be_visible()
    trigger_point.refresh_from_db()
    trigger_point.status = Status.DRAFT
    trigger_point.location_description = "Just below the iliac crest"
    trigger_point.save()
    page.goto(muscle_url(ready, "preview/"))
    expect(page.locator("[data-publication-changes] table")).to_be_visible()
    no_violations(page)

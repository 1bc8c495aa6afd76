"""A new needling site starts from what the therapist is likely to record: this visit's findings first in
the trigger-point list, and the gauge and length of the needle they used last."""

import re
from decimal import Decimal

from records.visits.signing import discard_visit
from tests.visits.builders import (
    BICEPS_FEMORIS,
    SEMITENDINOSUS,
    add_finding,
    add_needling,
    make_visit,
    page_data,
    trigger_point,
)


def needling_select(html: str) -> str:
    return re.search(r'<select name="needling-0-trigger_point".*?</select>', html, re.S).group(0)


def test_the_trigger_point_list_offers_this_visits_findings_first(client_as, therapist_a1, needling_draft):
    add_finding(needling_draft, SEMITENDINOSUS, "right")
    html = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()
    select = needling_select(html)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["This visit&#39;s findings", "Library"]
    findings_group = select.split('<optgroup label="Library">')[0]
    semitendinosus = trigger_point(SEMITENDINOSUS)
    assert f'value="{semitendinosus.pk}"' in findings_group
    assert "(right finding)" in findings_group
    # Only the findings: the library's other entries are in the second group.
    assert f'value="{trigger_point(BICEPS_FEMORIS).pk}"' not in findings_group


def test_without_findings_the_list_is_the_library_alone(client_as, therapist_a1, needling_draft):
    html = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()
    assert "<optgroup" not in needling_select(html)


def test_a_finding_chosen_from_its_group_saves_as_that_trigger_point(client_as, therapist_a1, needling_draft):
    add_finding(needling_draft, SEMITENDINOSUS, "right")
    browser = client_as(therapist_a1)
    data = page_data(needling_draft, therapist_a1)
    data.update(
        {
            "needling-0-trigger_point": str(trigger_point(SEMITENDINOSUS).pk),
            "needling-0-side": "right",
            "needling-0-needles_inserted": "1",
            "needling-0-needles_removed": "1",
            "needling-0-gauge_mm": "0.30",
            "needling-0-length_mm": "40",
        }
    )
    assert browser.post(needling_draft.get_absolute_url(), data).status_code == 302
    site = needling_draft.needling_sites.get()
    assert site.trigger_point.slug == SEMITENDINOSUS and site.gauge_mm == Decimal("0.30")


def test_gauge_and_length_default_to_the_therapists_last_needle(
    client_as, therapist_a1, therapist_a2, needling_draft, consenting_patient
):
    browser = client_as(therapist_a1)

    def new_site_values():
        html = browser.get(needling_draft.get_absolute_url()).content.decode()
        gauge = re.search(r'<input type="number" name="needling-0-gauge_mm"( value="([^"]*)")?', html)
        length = re.search(r'<input type="number" name="needling-0-length_mm"( value="([^"]*)")?', html)
        return gauge.group(2), length.group(2)

    assert new_site_values() == (None, None)  # never needled: nothing to start from
    earlier = make_visit(
        consenting_patient, therapist_a1, started_at=needling_draft.started_at.replace(year=2024)
    )
    add_needling(earlier, gauge_mm=Decimal("0.20"), length_mm=30)
    later = make_visit(
        consenting_patient, therapist_a1, started_at=needling_draft.started_at.replace(year=2025)
    )
    add_needling(later, gauge_mm=Decimal("0.30"), length_mm=60)
    # Someone else's needle and a discarded visit's do not count.
    theirs = make_visit(consenting_patient, therapist_a2)
    add_needling(theirs, gauge_mm=Decimal("0.16"), length_mm=15)
    discarded = make_visit(consenting_patient, therapist_a1)
    add_needling(discarded, gauge_mm=Decimal("0.18"), length_mm=25)
    discard_visit(visit_id=discarded.pk, by=therapist_a1, reason="Opened by mistake")
    assert new_site_values() == ("0.30", "60")


def test_an_untouched_new_site_with_defaults_is_not_saved(
    client_as, therapist_a1, needling_draft, consenting_patient
):
    earlier = make_visit(
        consenting_patient, therapist_a1, started_at=needling_draft.started_at.replace(year=2024)
    )
    add_needling(earlier, gauge_mm=Decimal("0.30"), length_mm=60)
    browser = client_as(therapist_a1)
    html = browser.get(needling_draft.get_absolute_url()).content.decode()
    data = page_data(needling_draft, therapist_a1)
    assert data["needling-0-gauge_mm"] in ("0.30", "0.3")  # the page's defaults, posted back as shown
    assert browser.post(needling_draft.get_absolute_url(), data).status_code == 302
    assert not needling_draft.needling_sites.exists()
    assert "needling-0-length_mm" in html

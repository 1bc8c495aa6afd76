"""Issue 10, defect 9 in the visit editor: a forged row count is refused quickly, and two rows naming one
stored part are refused, each with a message and nothing saved."""

import time

import pytest

from records.models import Finding, Visit
from records.visits.forms import MAX_ADVERSE_EVENTS, MAX_FINDINGS, MAX_NEEDLING_SITES, MAX_TECHNIQUES
from tests.visits.builders import add_finding, page_data

LIMITS = {
    "findings": MAX_FINDINGS,
    "techniques": MAX_TECHNIQUES,
    "needling": MAX_NEEDLING_SITES,
    "adverse": MAX_ADVERSE_EVENTS,
}


@pytest.mark.parametrize("prefix", LIMITS)
@pytest.mark.parametrize("total", ["100000", "limit+1"])
def test_a_forged_row_count_is_refused_quickly_with_a_message(
    client_as, therapist_a1, needling_draft, prefix, total
):
    data = page_data(needling_draft)
    data[f"{prefix}-TOTAL_FORMS"] = str(LIMITS[prefix] + 1) if total == "limit+1" else total

    started = time.perf_counter()
    response = client_as(therapist_a1).post(needling_draft.get_absolute_url(), data)
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert f"Too many rows: at most {LIMITS[prefix]} can be saved here. Nothing was saved." in (
        response.content.decode()
    )
    assert Visit.objects.get(pk=needling_draft.pk).lock_version == 0
    assert elapsed < 3, f"took {elapsed:.1f} s (6 s before the limit)"


def test_two_rows_naming_one_finding_are_refused_with_a_message(client_as, therapist_a1, draft):
    first, second = add_finding(draft, side="left"), add_finding(draft, side="right")
    data = page_data(draft)
    assert {data["findings-0-id"], data["findings-1-id"]} == {str(first.pk), str(second.pk)}
    data["findings-1-id"] = data["findings-0-id"]

    response = client_as(therapist_a1).post(draft.get_absolute_url(), data)

    assert response.status_code == 200
    assert "The same entry was sent twice. Nothing was saved" in response.content.decode()
    assert sorted(Finding.objects.filter(visit=draft).values_list("pk", "side")) == sorted(
        [(first.pk, "left"), (second.pk, "right")]
    )
    assert Visit.objects.get(pk=draft.pk).lock_version == 0

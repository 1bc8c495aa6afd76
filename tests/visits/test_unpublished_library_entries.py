"""An entry unpublished after a visit recorded it ("PSLE", issue 11) stays in that visit."""

from reference.models import PerpetuatingFactor, Status
from tests.visits.builders import page_data, sign


def psle():
    factor = PerpetuatingFactor.objects.get(slug="psle")
    assert factor.status == Status.DRAFT  # unpublished by the library's migration
    return factor


def test_psle_is_no_longer_offered_in_a_new_visit(client_as, therapist_a1, draft):
    html = client_as(therapist_a1).get(draft.get_absolute_url()).content.decode()

    assert "PSLE" not in html


def test_a_signed_visit_that_recorded_psle_keeps_it_and_still_shows_it(client_as, therapist_a1, draft):
    draft.perpetuating_factors.add(psle())
    sign(draft)

    html = client_as(therapist_a1).get(draft.get_absolute_url()).content.decode()

    assert list(draft.perpetuating_factors.all()) == [psle()]
    assert "PSLE" in html


def test_a_draft_that_recorded_psle_keeps_it_ticked_through_a_save(client_as, therapist_a1, draft):
    factor = psle()
    draft.perpetuating_factors.add(factor)
    browser = client_as(therapist_a1)

    html = browser.get(draft.get_absolute_url()).content.decode()
    assert f'name="perpetuating_factors" value="{factor.pk}"' in html
    assert "PSLE (no longer in the library)" in html
    data = page_data(draft)
    data["perpetuating_factors"] = [str(factor.pk)]
    assert browser.post(draft.get_absolute_url(), data).status_code == 302

    assert list(draft.perpetuating_factors.all()) == [factor]
    # Once unticked it is gone, and cannot be ticked again.
    draft.refresh_from_db()
    data = page_data(draft)
    data.pop("perpetuating_factors", None)
    assert browser.post(draft.get_absolute_url(), data).status_code == 302
    assert not draft.perpetuating_factors.exists()
    assert "PSLE" not in browser.get(draft.get_absolute_url()).content.decode()

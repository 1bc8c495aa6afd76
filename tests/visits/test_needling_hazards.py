"""The needling form shows the chosen trigger point's needling hazards above the site."""

import pytest

from tests.visits.builders import add_needling

pytestmark = pytest.mark.django_db


def test_the_needling_site_shows_its_trigger_points_hazards_above_it(client_as, therapist_a1, needling_draft):
    add_needling(needling_draft)
    page = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()
    stored_row = page.split('data-row="needling site"')[1]
    hazards = stored_row.split("data-needling-hazards ")[1].split("</div>")[0]
    assert " hidden" not in hazards.split(">")[0]
    assert "Common fibular (peroneal) nerve" in hazards


def test_a_new_needling_site_keeps_its_hazards_hidden_until_a_trigger_point_is_chosen(
    client_as, therapist_a1, needling_draft
):
    page = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()
    new_row = page.split('data-row="needling site"')[1]
    assert "data-needling-hazards " in new_row
    box = new_row.split("data-needling-hazards ")[1]
    assert box.split(">")[0].endswith(" hidden")
    assert "<span data-needling-hazards-text></span>" in box

"""Sections the therapist has not used fold away: empty in this visit and in their recent signed visits."""

import re

from records.visits.sections import sections_used_recently
from tests.visits.builders import add_needling, add_technique, make_visit, page_data, row, sign, trigger_point


def folded(html: str) -> set[str]:
    return set(re.findall(r'<section id="([\w-]+)"[^>]* data-folded', html))


def test_a_therapist_without_signed_visits_sees_every_section(client_as, therapist_a1, needling_draft):
    assert sections_used_recently(therapist_a1.pk) is None
    html = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()
    assert folded(html) == set()


def test_sections_empty_here_and_in_the_therapists_recent_visits_fold(
    client_as, therapist_a1, needling_draft, consenting_patient
):
    earlier = make_visit(consenting_patient, therapist_a1, plan="Review in a week")
    add_technique(earlier)
    add_needling(earlier)
    sign(earlier)
    assert sections_used_recently(therapist_a1.pk) == {"techniques", "needling", "plan"}

    browser = client_as(therapist_a1)
    html = browser.get(needling_draft.get_absolute_url()).content.decode()
    assert folded(html) == {"findings", "self-help"}
    # Whatever folds is still in the page (and submitted): the script only hides it.
    assert 'name="self_help_notes"' in html

    # Something in a section keeps it open, even for a therapist who never used it.
    needling_draft.self_help_notes = "Stretch twice a day"
    needling_draft.save()
    html = browser.get(needling_draft.get_absolute_url()).content.decode()
    assert folded(html) == {"findings"}


def test_a_section_with_an_error_is_never_folded(client_as, therapist_a1, needling_draft, consenting_patient):
    earlier = make_visit(consenting_patient, therapist_a1)
    add_technique(earlier)
    sign(earlier)
    browser = client_as(therapist_a1)
    data = page_data(needling_draft, therapist_a1)
    # A finding without its side: refused, shown again with the error, so the section is open.
    data.update(row("findings", 0, trigger_point=trigger_point().pk))
    response = browser.post(needling_draft.get_absolute_url(), data)
    html = response.content.decode()
    assert response.status_code == 200 and "is-invalid" in html
    assert "findings" not in folded(html)
    assert {"self-help", "plan"} <= folded(html)

"""Visits are in the client's change history that clinic admins read: who created, changed and signed what."""

from tests.visits.builders import (
    add_addendum,
    add_finding,
    add_mark,
    add_needling,
    add_technique,
    make_visit,
    sign,
)


def grow(visit, author):
    add_mark(visit)
    add_finding(visit)
    add_technique(visit)
    add_needling(visit)
    sign(visit)
    add_addendum(visit, author)


def test_the_history_page_shows_each_visit_its_parts_and_addenda(
    client_as, admin_a, therapist_a1, needling_draft
):
    grow(needling_draft, therapist_a1)

    html = client_as(admin_a).get(f"/clients/{needling_draft.client_id}/history/").content.decode()

    day = needling_draft.started_at.astimezone().strftime("%d/%m/%Y")
    for subject in ("pain map", "finding", "technique", "needling site", "addendum"):
        assert f"Visit {day}: {subject}" in html, subject
    assert "Biceps femoris trigger point" in html and "Compression" in html
    assert "Back of knee" in html  # the region's name, not its id
    assert "Signed" in html and "Wrong side recorded" in html


def test_the_history_page_runs_a_fixed_number_of_queries_whatever_the_number_of_visits(
    client_as, admin_a, therapist_a1, needling_draft, django_assert_num_queries
):
    grow(needling_draft, therapist_a1)
    browser = client_as(admin_a)
    url = f"/clients/{needling_draft.client_id}/history/"
    browser.get(url)
    with django_assert_num_queries(40, exact=False) as few:
        browser.get(url)
    for _ in range(4):
        grow(make_visit(needling_draft.client, therapist_a1), therapist_a1)
    with django_assert_num_queries(len(few.captured_queries)):
        assert browser.get(url).status_code == 200

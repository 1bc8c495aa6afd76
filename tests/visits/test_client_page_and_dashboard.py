"""Around the visit: the client page's timeline, pain chart and last map; the dashboard; retention."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from records.models import Client
from records.visits.signing import discard_visit
from tests.visits.builders import add_addendum, add_mark, make_visit, sign


def test_the_timeline_lists_drafts_first_then_visits_newest_first(client_as, therapist_a1, patient):
    now = timezone.now()
    old = sign(
        make_visit(patient, therapist_a1, started_at=now - timedelta(days=30), pain_start=7, pain_end=4)
    )
    new = sign(
        make_visit(patient, therapist_a1, started_at=now - timedelta(days=2), pain_start=5, pain_end=2)
    )
    draft = make_visit(patient, therapist_a1, started_at=now - timedelta(days=10))

    html = client_as(therapist_a1).get(patient.get_absolute_url()).content.decode()

    positions = [html.index(f'href="{v.get_absolute_url()}"') for v in (draft, new, old)]
    assert positions == sorted(positions)
    assert 'data-timeline-visit="draft"' in html


def test_the_client_page_draws_pain_over_time_and_the_last_map_without_script(
    client_as, therapist_a1, patient
):
    now = timezone.now()
    first = sign(
        make_visit(patient, therapist_a1, started_at=now - timedelta(days=14), pain_start=8, pain_end=5)
    )
    add_mark(
        make_visit(patient, therapist_a1, started_at=now - timedelta(days=7), pain_start=5, pain_end=2),
        "knee_posterior_lateral",
        "left",
        5,
    )
    assert first

    html = client_as(therapist_a1).get(patient.get_absolute_url()).content.decode()

    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 220" role="img" class="pain-over-time"'
        in html
    )
    assert "pain at start 8/10" in html and "pain at end 2/10" in html
    assert "data-last-map" in html and 'data-region="knee_posterior_lateral"' in html
    assert "<script>" not in html.split("data-pain-chart")[1].split("</figure>")[0]


def test_a_discarded_draft_stays_on_the_timeline_but_not_in_the_chart(client_as, therapist_a1, patient):
    visit = make_visit(patient, therapist_a1, pain_start=9)
    discard_visit(visit_id=visit.pk, by=therapist_a1, reason="Duplicate")
    html = client_as(therapist_a1).get(patient.get_absolute_url()).content.decode()
    assert 'data-timeline-visit="discarded"' in html
    assert "pain-over-time" not in html


def test_the_dashboard_shows_my_unsigned_drafts_and_recent_visits(
    client_as, therapist_a1, therapist_a2, patient
):
    mine = make_visit(patient, therapist_a1)
    signed = sign(make_visit(patient, therapist_a1, pain_start=3))
    theirs = make_visit(patient, therapist_a2)

    html = client_as(therapist_a1).get("/").content.decode()

    drafts = html.split("data-dashboard-drafts")[1].split("</section>")[0]
    recent = html.split("data-dashboard-recent")[1].split("</section>")[0]
    assert mine.get_absolute_url() in drafts and theirs.get_absolute_url() not in drafts
    assert signed.get_absolute_url() in recent and mine.get_absolute_url() not in recent


def test_reception_has_no_visit_lists_on_the_dashboard(client_as, reception_a, therapist_a1, patient):
    make_visit(patient, therapist_a1)
    html = client_as(reception_a).get("/").content.decode()
    assert "Unsigned drafts" not in html


def test_the_therapist_seen_filter_finds_clients_from_their_visits(
    therapist_a1, therapist_a2, patient, clinic_a
):
    from tests.records.builders import make_client

    other = make_client(clinic_a, given_name="Lee", family_name="Ng")
    make_visit(patient, therapist_a1)
    discarded = make_visit(other, therapist_a1)
    discard_visit(visit_id=discarded.pk, by=therapist_a1, reason="Wrong client")

    assert list(Client.objects.seen_by(therapist_a1)) == [patient]
    assert list(Client.objects.seen_by(therapist_a2)) == []


def test_visits_and_addenda_extend_the_retention_period(therapist_a1, patient):
    with time_machine.travel("2030-03-01 10:00 +1100"):
        visit = sign(make_visit(patient, therapist_a1))
    with time_machine.travel("2031-06-01 10:00 +1000"):
        add_addendum(visit, therapist_a1)
    patient.refresh_from_db()
    assert str(patient.last_entry_date()) == "2031-06-01"
    assert patient.retain_until().year == 2038

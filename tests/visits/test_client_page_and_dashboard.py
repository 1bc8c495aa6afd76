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
    second = make_visit(patient, therapist_a1, started_at=now - timedelta(days=7), pain_start=5, pain_end=2)
    add_mark(second, "knee_posterior_lateral", "left", 5)
    sign(second)
    make_visit(patient, therapist_a1, pain_start=9, pain_end=9)  # a draft: not plotted
    assert first

    html = client_as(therapist_a1).get(patient.get_absolute_url()).content.decode()

    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 220" role="img" class="pain-over-time"'
        in html
    )
    assert "pain at start 8/10" in html and "pain at end 2/10" in html
    assert "9/10" not in html
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


def test_the_client_page_dates_retention_from_its_timeline_rows(client_as, therapist_a1, patient):
    """The page takes the newest visit and addendum from the timeline's own query (Client.entry_dates)."""
    with time_machine.travel("2030-03-01 10:00 +1100"):
        visit = sign(make_visit(patient, therapist_a1))
        make_visit(patient, therapist_a1)  # a draft is an entry too
    with time_machine.travel("2031-06-01 10:00 +1000"):
        add_addendum(visit, therapist_a1)
    html = client_as(therapist_a1).get(patient.get_absolute_url()).content.decode()
    assert "Keep this record until at least <strong>01/06/2038</strong>" in html


def test_the_dashboard_lists_every_draft_and_the_ten_newest_signed_visits(
    client_as, therapist_a1, therapist_a2, patient
):
    now = timezone.now()
    signed = [
        sign(make_visit(patient, therapist_a1, started_at=now - timedelta(days=day), pain_start=2))
        for day in range(1, 13)
    ]
    drafts = [make_visit(patient, therapist_a1, started_at=now - timedelta(days=day)) for day in (20, 30, 40)]
    sign(make_visit(patient, therapist_a2))  # someone else's

    html = client_as(therapist_a1).get("/").content.decode()

    drafts_html = html.split("data-dashboard-drafts")[1].split("</section>")[0]
    recent_html = html.split("data-dashboard-recent")[1].split("</section>")[0]
    assert [d.get_absolute_url() in drafts_html for d in drafts] == [True] * 3
    assert '<span class="badge text-bg-warning">3</span>' in drafts_html
    shown = [v.get_absolute_url() + '"' in recent_html for v in signed]
    assert shown == [True] * 10 + [False] * 2  # newest first, ten of them
    assert recent_html.index(signed[0].get_absolute_url()) < recent_html.index(signed[1].get_absolute_url())
    assert f"{patient.display_name}</a>" in recent_html and "pain 2" in recent_html


def test_the_pain_chart_figure_holds_no_table(client_as, therapist_a1, patient):
    """HTML allows no table inside a figure (a Nu checker error): the screen-reader table sits beside it."""
    sign(make_visit(patient, therapist_a1, pain_start=6, pain_end=3))
    html = client_as(therapist_a1).get(patient.get_absolute_url()).content.decode()
    figure = html[html.index("data-pain-chart>") : html.index("</figure>", html.index("data-pain-chart>"))]
    assert "<table" not in figure
    assert "data-pain-chart-table" in html and "<td>6</td><td>3</td>" in html
    assert "1 signed visit," in html

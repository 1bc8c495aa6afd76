"""The episode's progress page and its printed report: what they show, what counts, who may open them."""

from datetime import date

import pytest

from records.models import AccessLogEntry, Action, CheckInKind
from tests.outcomes.builders import make_episode
from tests.outcomes.progress_data import DAYS, known_course, record_check_in, record_visit, treat
from tests.records.builders import make_client
from tests.visits.builders import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(clinic_a, therapist_a1):
    client = make_client(clinic_a, given_name="Ivy", family_name="Brennan", date_of_birth=date(1990, 5, 1))
    return known_course(client, therapist_a1)


def page(browser, url) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_episode_links_to_its_progress_page(course):
    assert course.episode.get_absolute_url() == f"/clients/episodes/{course.episode.pk}/"


def test_the_progress_page_shows_the_episode_and_its_headline_changes(client_as, therapist_a1, course):
    html = page(client_as(therapist_a1), course.episode.get_absolute_url())
    assert "Left hamstring strain" in html
    assert "Run 5 km without pain" in html and "GP" in html and "03/03/2025" in html
    assert "LEFS 38 → 55, +17: meaningful improvement" in html
    assert "PSFS 3.0 → 6.0, +3.0: meaningful improvement" in html
    assert "Usual pain (last week) 6 → 3, −3: meaningful improvement" in html
    assert "GROC +5 (" in html
    assert "Pain at visit start 7 → 4, −3: meaningful improvement" in html


def charted(html: str, slug: str) -> str:
    """One measure's section of the page (its chart and table)."""
    start = html.index(f'data-measure="{slug}"')
    end = html.find("data-measure=", start + 20)
    return html[start : end if end > 0 else len(html)]


def test_each_measure_has_a_chart_with_a_band_and_a_table_behind_it(client_as, therapist_a1, course):
    html = page(client_as(therapist_a1), course.episode.get_absolute_url())
    lefs = charted(html, "lefs")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in lefs and 'role="img"' in lefs
    assert 'data-band="29 47"' in lefs  # 9 points either side of the baseline 38
    assert lefs.count("data-point") == 3 and lefs.count("data-meaningful") == 1  # only 55 reached it
    assert "<caption" in lefs and '<th scope="col">LEFS total</th>' in lefs
    assert "+6: not a meaningful change (9 points needed)" in lefs
    assert "+17: meaningful improvement" in lefs
    psfs = charted(html, "psfs")
    assert 'data-band="1.0 5.0"' in psfs
    assert '<th scope="col">Running</th>' in psfs and '<th scope="col">Stairs</th>' in psfs
    assert "5 (+3: meaningful improvement)" in psfs  # Running 2 → 5, one activity needs 3 points
    assert "3 (+1: not a meaningful change (3 points needed))" in psfs
    assert 'data-band="4 8"' in charted(html, "usual-pain")
    assert 'data-band="-4 4"' in charted(html, "groc")
    assert charted(html, "groc").count("data-meaningful") == 1  # +5, not +2
    assert 'data-band="5 9"' in charted(html, "visit-pain")
    slr = charted(html, "slr")
    assert "Straight-leg raise, left" in slr and "data-band" not in slr and "No meaningful-change" in slr
    assert 'data-measure="ake"' not in html  # no active knee extension recorded: no chart
    sizes = charted(html, "pain-map-size")
    assert "<td>2</td><td>10</td>" in sizes and "<td>2</td><td>8</td>" in sizes


def test_discarded_check_ins_and_visits_are_never_plotted(client_as, therapist_a1, course):
    html = page(client_as(therapist_a1), course.episode.get_absolute_url())
    # Neither the discarded check-in (LEFS 10) nor the one inside the discarded visit (LEFS 5).
    assert "<td>10/80</td>" not in html and "<td>5/80</td>" not in html
    assert charted(html, "usual-pain").count("data-point") == 3
    visit_pain = charted(html, "visit-pain")
    assert visit_pain.count("<tr>") == 1 + 3  # header and three signed visits: not the discarded one
    assert "Inferior gluteal fold, left" not in html  # only the discarded visit marked it


def test_a_draft_check_in_is_plotted_hollow_and_marked_draft(client_as, therapist_a1, course):
    record_check_in(
        course.episode, therapist_a1, DAYS[2], kind=CheckInKind.FOLLOW_UP, usual_pain_week=2, sign_it=False
    )
    pain = charted(page(client_as(therapist_a1), course.episode.get_absolute_url()), "usual-pain")
    assert pain.count("data-point") == 4
    assert pain.count('fill="#ffffff"') == 1 and pain.count("data-draft") == 1
    assert "A hollow point is a draft" in pain


def test_a_draft_visit_is_not_plotted(client_as, therapist_a1, course):
    record_visit(course.episode.client, therapist_a1, course.episode, DAYS[2], pain_start=1, sign_it=False)
    assert (
        charted(page(client_as(therapist_a1), course.episode.get_absolute_url()), "visit-pain").count("<tr>")
        == 1 + 3
    )


def test_the_pain_maps_are_shown_side_by_side_with_the_change_between_them(client_as, therapist_a1, course):
    html = page(client_as(therapist_a1), course.episode.get_absolute_url())
    assert "data-first-map" in html and "data-latest-map" in html and "data-change-map" in html
    assert "Resolved (painful, then not): 1" in html and "Inferior gluteal fold, right: 4 → 0" in html
    assert "Better (less intense): 1" in html and "Back of knee, lateral, left: 6 → 3" in html
    assert "New (not painful, then painful): 1" in html and "upper third, left: 0 → 5" in html
    assert "Worse (more intense)" not in html.split("data-change-list")[1]


def test_an_episode_without_measures_says_so(client_as, therapist_a1, clinic_a):
    episode = make_episode(make_client(clinic_a), therapist_a1)
    html = page(client_as(therapist_a1), episode.get_absolute_url())
    assert "No measures recorded in this episode yet." in html
    assert "No measure has a baseline and a later value yet." in html
    assert "data-pain-maps" not in html


def test_the_page_includes_the_episode_actions(client_as, therapist_a1, course):
    from django.template.loader import get_template

    assert get_template("records/outcomes/includes/episode_actions.html")
    html = page(client_as(therapist_a1), course.episode.get_absolute_url())
    assert f'href="/clients/episodes/{course.episode.pk}/report/"' in html


def test_viewing_the_progress_page_and_printing_the_report_are_logged(client_as, therapist_a1, course):
    browser = client_as(therapist_a1)
    page(browser, course.episode.get_absolute_url())
    page(browser, f"/clients/episodes/{course.episode.pk}/report/")
    details = set(
        AccessLogEntry.objects.filter(client=course.episode.client, action=Action.VIEW_CLIENT).values_list(
            "detail", flat=True
        )
    )
    pk = course.episode.pk
    assert {f"episode {pk}: progress", f"episode {pk}: printed the progress report"} <= details


# --- The report ---------------------------------------------------------------------------------------


@pytest.fixture
def treated_course(clinic_a, therapist_a1):
    client = make_client(clinic_a, given_name="Ivy", family_name="Brennan", date_of_birth=date(1990, 5, 1))
    course = known_course(client, therapist_a1)
    for day in DAYS[:2]:
        visit = record_visit(client, therapist_a1, course.episode, day, pain_start=5, sign_it=False)
        treat(visit)
        sign(visit)
    draft = record_visit(client, therapist_a1, course.episode, DAYS[2], pain_start=5, sign_it=False)
    treat(draft)  # a draft's treatment is not summarised
    return course


def test_the_report_has_the_letterhead_measures_findings_treatment_and_signature_line(
    client_as, therapist_a1, treated_course
):
    clinic = therapist_a1.membership.clinic
    clinic.address, clinic.phone = "1 Main St, Carlton", "03 9000 0000"
    clinic.save()
    therapist_a1.membership.registration_number = "MYO-1234"
    therapist_a1.membership.save()
    html = page(client_as(therapist_a1), f"/clients/episodes/{treated_course.episode.pk}/report/")
    assert clinic.name in html and "1 Main St, Carlton" in html and "03 9000 0000" in html
    assert "Registration or association no. MYO-1234" in html
    assert "Progress report: Ivy Brennan" in html and "Left hamstring strain" in html
    assert "LEFS 38 → 55, +17: meaningful improvement" in html
    assert 'data-progress-chart="lefs"' in html and 'data-progress-table="lefs"' in html
    findings = html.split("data-report-findings")[1].split("data-report-treatment")[0]
    assert "Biceps femoris" in findings and "<td>left</td><td>2</td>" in findings  # two signed visits
    treatment = html.split("data-report-treatment")[1]
    assert "<td>2</td><td>2</td><td>6.0 → 3.0</td>" in treatment  # two applications in two visits
    assert "data-report-needling" in treatment and "<td>left</td><td>2</td><td>4</td>" in treatment
    assert "data-signature-line" in html and "Signed: ____" in html
    assert "visit-print.css" in html and 'media="print"' in html


# --- Who may open them ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "report/"])
def test_reception_is_refused_and_another_clinic_learns_nothing(
    client_as, reception_a, therapist_b, admin_a, therapist_a2, course, suffix
):
    url = f"/clients/episodes/{course.episode.pk}/{suffix}"
    assert client_as(reception_a).get(url).status_code == 403
    assert client_as(therapist_b).get(url).status_code == 404
    assert client_as(therapist_a2).get(url).status_code == 200
    assert client_as(admin_a).get(url).status_code == 200
    assert client_as(therapist_a2).post(url).status_code == 405
    assert client_as(therapist_a2).get("/clients/episodes/999999/").status_code == 404


# --- The client page -----------------------------------------------------------------------------------


def test_the_client_page_lists_episodes_with_the_open_ones_headlines(client_as, therapist_a1, course):
    client = course.episode.client
    old = make_episode(client, therapist_a1, started_on=date(2024, 1, 8), title="Right calf strain")
    record_check_in(old, therapist_a1, date(2024, 1, 8), kind=CheckInKind.BASELINE, lefs=20)
    record_check_in(old, therapist_a1, date(2024, 2, 8), kind=CheckInKind.FOLLOW_UP, lefs=70)
    old.discharge(by=therapist_a1, on=date(2024, 3, 1), reason="goals_met")
    html = page(client_as(therapist_a1), client.get_absolute_url())
    section = html.split("data-episodes")[1].split("</section>")[0]
    assert f'href="/clients/episodes/{course.episode.pk}/"' in section
    assert "Left hamstring strain" in section and "from 03/03/2025" in section
    assert "LEFS 38 → 55, +17: meaningful improvement" in section
    assert "PSFS 3.0 → 6.0, +3.0: meaningful improvement" in section
    assert "Pain at visit start 7 → 4, −3: meaningful improvement" in section
    # The discharged episode is listed with its dates and reason, without a headline.
    assert "Right calf strain" in section and "to 01/03/2024" in section and "goals met" in section
    assert "LEFS 20 → 70" not in section
    # Open episodes first.
    assert section.index("Left hamstring strain") < section.index("Right calf strain")


def test_a_headline_needs_a_baseline_and_a_later_value(client_as, therapist_a1, clinic_a):
    client = make_client(clinic_a)
    episode = make_episode(client, therapist_a1)
    record_check_in(episode, therapist_a1, episode.started_on, kind=CheckInKind.BASELINE, lefs=30)
    html = page(client_as(therapist_a1), client.get_absolute_url())
    assert "No measure has a baseline and a later value yet." in html
    assert "LEFS 30" not in html


def test_reception_sees_no_episodes_nor_measures_on_the_client_page(client_as, reception_a, course):
    html = page(client_as(reception_a), course.episode.client.get_absolute_url())
    assert "data-episodes" not in html and "LEFS" not in html and "Left hamstring strain" not in html

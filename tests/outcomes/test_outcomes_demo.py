"""load_demo fills the Outcomes page and the episodes' progress: episodes with LEFS, PSFS, usual pain and GROC
over several visits with pain maps, some reaching a meaningful change and some not, some discharged."""

from django.core.management import call_command

from clinic.management.commands.first_login import DEMO_CLINIC_NAME
from clinic.models import Clinic, Membership, Role
from records.models import CheckIn, Episode, EpisodeStatus, SuggestedTriggerPoint, Visit
from records.outcomes.clinic_figures import default_period, outcome_figures


def test_the_demo_has_episodes_with_every_measure_over_several_visits(db):
    call_command("load_demo")
    clinic = Clinic.objects.get(name=DEMO_CLINIC_NAME)
    measured = Episode.objects.filter(clinic=clinic, check_ins__lefs_items__isnull=False).distinct()

    assert measured.count() >= 8
    for episode in measured:
        check_ins = CheckIn.objects.filter(episode=episode).counted()
        assert check_ins.count() >= 2
        assert check_ins.filter(psfs_scores__isnull=False).distinct().count() >= 2
        assert check_ins.filter(usual_pain_week__isnull=False).count() >= 2
        assert check_ins.filter(groc__isnull=False).exists()
        assert Visit.objects.filter(episode=episode, pain_marks__isnull=False).distinct().count() >= 3
    assert measured.filter(status=EpisodeStatus.DISCHARGED).count() >= 5
    assert measured.filter(status=EpisodeStatus.ACTIVE).exists()
    assert SuggestedTriggerPoint.objects.filter(clinic=clinic, confirmed=True).exists()
    assert SuggestedTriggerPoint.objects.filter(clinic=clinic, confirmed=False).exists()

    visits = Visit.objects.count()
    call_command("load_demo")
    assert Visit.objects.count() == visits  # nothing twice


def test_the_demo_fills_every_figure_of_the_outcomes_page(db, client_as):
    call_command("load_demo")
    clinic = Clinic.objects.get(name=DEMO_CLINIC_NAME)
    figures = outcome_figures(clinic=clinic, period=default_period())

    assert figures.episodes_started >= 10 and figures.episodes_discharged >= 5
    for measure in figures.measures:
        # Some episodes reach a meaningful improvement on each measure, some do not.
        assert 0 < measure.improved < measure.episodes, measure
    assert len(figures.techniques) >= 3 and all(t.count for t in figures.techniques)
    assert figures.trigger_points and figures.ranks
    assert any(0 < p.confirmed < p.suggested for p in figures.trigger_points)

    admin = Membership.objects.get(clinic=clinic, role=Role.CLINIC_ADMIN).user
    response = client_as(admin).get("/clients/outcomes/")
    assert response.status_code == 200
    assert response.content.decode().count("<svg") == 4


def test_every_demo_episode_shows_its_progress_and_report(db, client_as):
    call_command("load_demo")
    clinic = Clinic.objects.get(name=DEMO_CLINIC_NAME)
    therapist = Membership.objects.filter(clinic=clinic, role=Role.THERAPIST).first().user
    browser = client_as(therapist)
    for episode in Episode.objects.filter(clinic=clinic):
        assert browser.get(f"/clients/episodes/{episode.pk}/").status_code == 200
        assert browser.get(f"/clients/episodes/{episode.pk}/report/").status_code == 200
    mismatched = Visit.objects.filter(clinic=clinic, pain_marks__region__chart_version=1)
    assert not mismatched.exclude(chart_version=1).exists()  # every mark is on its visit's chart

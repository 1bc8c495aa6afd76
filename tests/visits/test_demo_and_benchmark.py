"""load_demo creates visits (signed with addenda, drafts, needling only with consent); the benchmark seeds
visits that the pages can show."""

from django.core.management import call_command

from clinic.management.commands.first_login import DEMO_CLINIC_NAME
from records.models import DRY_NEEDLING, Addendum, Client, NeedlingSite, Visit, VisitStatus


def test_load_demo_creates_signed_visits_with_addenda_drafts_and_consented_needling(db, capsys):
    call_command("load_demo")

    assert "visits added" in capsys.readouterr().out
    visits = Visit.objects.filter(clinic__name=DEMO_CLINIC_NAME)
    assert visits.filter(status=VisitStatus.SIGNED).count() >= 5
    assert visits.filter(status=VisitStatus.DRAFT).count() >= 2
    assert Addendum.objects.filter(visit__in=visits).count() >= 2
    needled = Client.objects.filter(visits__needling_sites__isnull=False).distinct()
    assert needled.exists()
    assert all(client.has_current_consent(DRY_NEEDLING) for client in needled)
    assert all(site.needles_inserted == site.needles_removed for site in NeedlingSite.objects.all())

    count = visits.count()
    call_command("load_demo")
    assert Visit.objects.count() == count  # nothing twice


def test_the_demo_visits_open_as_pages(client_as, db):
    call_command("load_demo")
    visit = Visit.objects.filter(status=VisitStatus.SIGNED, addenda__isnull=False).first()
    therapist = visit.therapist
    browser = client_as(therapist)
    assert browser.get(visit.get_absolute_url()).status_code == 200
    assert browser.get(visit.client.get_absolute_url()).status_code == 200
    draft = Visit.objects.filter(status=VisitStatus.DRAFT, therapist=therapist).first()
    assert browser.get(draft.get_absolute_url()).status_code == 200


def test_benchmark_visits_are_seeded_and_readable(client_as, therapist_a1, clinic_a):
    from records.bench.visits import seed_visits
    from tests.records.builders import make_client, make_consent

    clients = [make_client(clinic_a, given_name=f"Bench{n}", family_name="Client") for n in range(5)]
    make_consent(clients[0], by=therapist_a1)
    seeded = seed_visits(
        clinic=clinic_a, therapist=therapist_a1, client_ids=[c.pk for c in clients], per_client=3
    )

    assert seeded.count == 15 and len(seeded.draft_ids) == 1
    browser = client_as(therapist_a1)
    assert browser.get(f"/clients/visits/{seeded.signed_ids[0]}/").status_code == 200
    assert browser.get(f"/clients/visits/{seeded.draft_ids[0]}/").status_code == 200
    assert NeedlingSite.objects.filter(visit__client=clients[0]).count() == 3

"""The clinic ``bench_load`` measures: the demo clinic plus a few hundred invented clients with visits."""

from dataclasses import dataclass

from django.db import connection

from clinic.management.commands.first_login import DEMO_CLINIC_NAME
from records.bench.clients import seed_clients
from records.bench.visits import seed_visits
from records.demo.clients import load_demo
from records.models import Client, Visit, VisitStatus


@dataclass(frozen=True)
class SeededClinic:
    username: str
    password: str
    client_id: int
    signed_visit_id: int
    draft_visit_id: int
    clients: int
    visits: int


def seed_clinic(*, clients: int, visit_clients: int, visits_per_client: int) -> SeededClinic:
    demo = load_demo(clinic_name=DEMO_CLINIC_NAME)
    therapist = demo.clinic.memberships.select_related("user").get(user__username="demo_therapist").user
    ids = seed_clients(clinic=demo.clinic, therapist=therapist, count=clients)
    seeded = seed_visits(
        clinic=demo.clinic,
        therapist=therapist,
        client_ids=ids[:visit_clients],
        per_client=visits_per_client,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    visits = Visit.objects.filter(clinic=demo.clinic)
    # The demo's own notes: a client with signed visits and addenda, and a draft the therapist may edit.
    signed = visits.filter(status=VisitStatus.SIGNED, therapist=therapist).order_by("pk").first()
    draft = visits.filter(status=VisitStatus.DRAFT, therapist=therapist).order_by("pk").first()
    if signed is None or draft is None:
        signed_id, draft_id = seeded.signed_ids[0], seeded.draft_ids[0]
    else:
        signed_id, draft_id = signed.pk, draft.pk
    return SeededClinic(
        username=therapist.username,
        password=demo.password,
        client_id=Visit.objects.get(pk=signed_id).client_id,
        signed_visit_id=signed_id,
        draft_visit_id=draft_id,
        clients=Client.objects.filter(clinic=demo.clinic).count(),
        visits=visits.count(),
    )

"""Invented demo data for a newcomer's first look: a clinic, staff of each role and a few dozen clients.

Every person here is made up. Clients are identified by name and date of birth, so running the loader
again adds only what is missing.
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic, Membership, Role
from records.demo.outcomes import DEMO_EPISODES, load_demo_outcomes
from records.demo.visits import load_demo_visits
from records.models import Client, Consent, ConsentKind, Method, Sex
from records.retention import add_years
from records.search import normalise_text

DEMO_STAFF = [
    # username, first name, last name, role
    ("demo_admin", "Dana", "Okafor", Role.CLINIC_ADMIN),
    ("demo_therapist", "Tess", "Harper", Role.THERAPIST),
    ("demo_therapist2", "Marco", "Bellini", Role.THERAPIST),
    ("demo_reception", "Priya", "Shah", Role.RECEPTION),
]

# Hand-written clients whose stories match the hamstring material: sitting, driving, cycling, kicking.
FEATURED_CLIENTS = [
    {
        "given_name": "Zoë",
        "family_name": "Marchetti",
        "date_of_birth": date(1987, 3, 14),
        "sex": Sex.FEMALE,
        "occupation": "Office worker (accounts), sits 9 hours a day",
        "sports_and_activities": "Pilates once a week",
        "medical_history": "Low back pain 2021, resolved.",
        "consents": ["general_treatment", "dry_needling"],
    },
    {
        "given_name": "Liam",
        "family_name": "O'Sullivan",
        "date_of_birth": date(1992, 7, 2),
        "sex": Sex.MALE,
        "occupation": "Courier driver, 10-hour shifts in the van",
        "sports_and_activities": "Casual gym",
        "medical_history": "Posterior thigh ache when driving, worse at the end of a shift.",
        "consents": ["general_treatment"],
    },
    {
        "given_name": "Mei",
        "family_name": "Tanaka",
        "preferred_name": "May",
        "date_of_birth": date(1979, 11, 23),
        "sex": Sex.FEMALE,
        "occupation": "Software tester",
        "sports_and_activities": "Road cycling, 200 km a week",
        "anticoagulant_or_bleeding_disorder": True,
        "medications": "Apixaban 5 mg twice daily (atrial fibrillation).",
        "consents": ["general_treatment"],
    },
    {
        "given_name": "Mateus",
        "family_name": "Ferreira",
        "date_of_birth": None,
        "sex": Sex.MALE,
        "occupation": "Year 10 student",
        "sports_and_activities": "Soccer (striker), club and school",
        "medical_history": "Right hamstring strain last season.",
        "consents": ["general_treatment"],
        "notes": "Minor: a parent attends every session.",
    },
    {
        "given_name": "Aroha",
        "family_name": "Ngata",
        "date_of_birth": date(1995, 5, 30),
        "sex": Sex.FEMALE,
        "occupation": "Nurse, rotating shifts",
        "sports_and_activities": "Netball",
        "pregnancy": True,
        "consents": ["general_treatment", "dry_needling:withdrawn"],
    },
    {
        "given_name": "Björn",
        "family_name": "Lindqvist",
        "date_of_birth": date(1968, 9, 9),
        "sex": Sex.MALE,
        "occupation": "Long-haul truck driver",
        "sports_and_activities": "Fishing",
        "diabetes": True,
        "medications": "Metformin 1 g twice daily.",
        "consents": ["general_treatment", "dry_needling"],
    },
    {
        "given_name": "Siobhan",
        "family_name": "Kelly",
        "date_of_birth": date(2001, 1, 17),
        "sex": Sex.FEMALE,
        "occupation": "Barista",
        "sports_and_activities": "Sprinting (200 m), athletics club",
        "needle_phobia": True,
        "consents": ["general_treatment"],
    },
    {
        "given_name": "Rahul",
        "family_name": "Menon",
        "date_of_birth": date(1984, 6, 5),
        "sex": Sex.MALE,
        "occupation": "Architect, long hours at a drafting desk",
        "sports_and_activities": "Squash",
        "metal_allergy": True,
        "allergies": "Nickel.",
        "consents": ["general_treatment", "dry_needling"],
    },
    {
        "given_name": "Chloé",
        "family_name": "Dubois",
        "date_of_birth": date(1990, 12, 1),
        "sex": Sex.FEMALE,
        "occupation": "Physiotherapy student",
        "sports_and_activities": "Triathlon",
        "immunosuppression": True,
        "medical_history": "Kidney transplant 2015.",
        "medications": "Tacrolimus.",
        "consents": ["general_treatment"],
    },
    {
        "given_name": "Kwame",
        "family_name": "Mensah",
        "date_of_birth": date(1975, 4, 18),
        "sex": Sex.MALE,
        "occupation": "Rideshare driver",
        "sports_and_activities": "Walking",
        "consents": [],
        "archived": True,
    },
    {
        "given_name": "Ellie",
        "family_name": "Brennan",
        "date_of_birth": date(1956, 2, 29),
        "sex": Sex.FEMALE,
        "occupation": "Retired teacher",
        "sports_and_activities": "Lawn bowls, gardening",
        "medical_history": "Osteoarthritis of both knees.",
        "needling_precaution_other": "Pacemaker fitted 2020.",
        "consents": ["general_treatment"],
    },
    {
        "given_name": "Tomás",
        "family_name": "Álvarez",
        "preferred_name": "Tom",
        "date_of_birth": date(1998, 8, 8),
        "sex": Sex.MALE,
        "occupation": "Electrician",
        "sports_and_activities": "Soccer, weekend league",
        "consents": ["general_treatment", "dry_needling"],
    },
]

GIVEN_NAMES = {
    Sex.FEMALE: ["Amelia", "Hannah", "Isla", "Grace", "Sofia", "Ruby", "Leila", "Noor", "Jasmine", "Freya"],
    Sex.MALE: ["Oliver", "Jack", "Noah", "Hamish", "Arjun", "Lachlan", "Finn", "Omar", "Hugo", "Kai"],
}
FAMILY_NAMES = [
    "Walsh",
    "Papadopoulos",
    "Nguyen",
    "Fitzgerald",
    "Kowalski",
    "Haddad",
    "Okoro",
    "Baker",
    "Rossi",
    "Chen",
    "Patel",
    "Murray",
    "Novak",
    "Campbell",
    "Ivanova",
    "Singh",
    "Wright",
    "Lee",
]
OCCUPATIONS = [
    ("Office worker", "Running 5 km twice a week"),
    ("Courier driver", "Gym"),
    ("Bus driver", "Swimming"),
    ("Call-centre operator", "Yoga"),
    ("Chef", "Cycling to work"),
    ("Teacher", "Hiking"),
    ("Warehouse picker", "Soccer"),
    ("Accountant", "Road cycling"),
    ("Student", "Australian rules football"),
    ("Graphic designer", "Rock climbing"),
]
STREETS = ["Acacia Street", "Banksia Road", "Wattle Avenue", "Harbour Parade", "Station Street", "Mill Lane"]
SUBURBS = ["Brunswick VIC 3056", "Footscray VIC 3011", "Coburg VIC 3058", "Sunshine VIC 3020"]
GENERATED_CLIENTS = 26


@dataclass
class DemoResult:
    clinic: Clinic
    created_staff: list[str] = field(default_factory=list)
    skipped_staff: list[str] = field(default_factory=list)
    password: str = ""
    clients_created: int = 0
    visits_created: int = 0


def demo_clients(today: date) -> list[dict]:
    """The featured clients plus generated ones, the same every run (seeded)."""
    rng = random.Random(20240601)  # invented demo data: no security purpose
    clients = []
    for spec in FEATURED_CLIENTS:
        spec = dict(spec)
        if spec["date_of_birth"] is None:  # the minor stays a minor whenever the demo is loaded
            spec["date_of_birth"] = add_years(today, -15) - timedelta(days=73)
        clients.append(spec)
    for n in range(GENERATED_CLIENTS):
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        occupation, activity = rng.choice(OCCUPATIONS)
        spec = {
            "given_name": rng.choice(GIVEN_NAMES[sex]),
            "family_name": rng.choice(FAMILY_NAMES),
            "date_of_birth": date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)),
            "sex": sex,
            "occupation": occupation,
            "sports_and_activities": activity,
            "consents": ["general_treatment"] + (["dry_needling"] if n % 3 == 0 else []),
        }
        clients.append(spec)
    for n, spec in enumerate(clients):
        spec.setdefault("phone", f"04{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}")
        spec.setdefault("email", f"{normalise_text(spec['given_name'])}.{n}@example.com".replace(" ", ""))
        spec.setdefault("address", f"{rng.randint(1, 200)} {rng.choice(STREETS)}\n{rng.choice(SUBURBS)}")
        spec.setdefault(
            "emergency_contact_name", f"{rng.choice(GIVEN_NAMES[Sex.FEMALE])} {spec['family_name']}"
        )
        spec.setdefault("emergency_contact_phone", f"04{rng.randint(10, 99)} {rng.randint(100, 999)} 000")
        spec.setdefault("gp_or_referrer", rng.choice(["Dr A. Example, Example Medical", "Self-referred", ""]))
    return clients


def ensure_staff(clinic: Clinic, result: DemoResult) -> dict[str, object]:
    User = get_user_model()
    staff = {}
    for username, first_name, last_name, role in DEMO_STAFF:
        user = User.objects.filter(username=username).select_related("membership").first()
        if user is None:
            if not result.password:
                result.password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=result.password,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.com",
            )
            Membership.objects.create(user=user, clinic=clinic, role=role)
            result.created_staff.append(f"{username} ({role.label})")
        elif getattr(user, "membership", None) is None or user.membership.clinic_id != clinic.pk:
            result.skipped_staff.append(username)
            continue
        staff[role] = user
    return staff


@transaction.atomic
def load_demo(*, clinic_name: str) -> DemoResult:
    today = timezone.localdate()
    clinic, _ = Clinic.objects.get_or_create(name=clinic_name)
    result = DemoResult(clinic=clinic)
    staff = ensure_staff(clinic, result)
    therapist = staff.get(Role.THERAPIST) or staff.get(Role.CLINIC_ADMIN)
    if therapist is None:
        therapist = Membership.objects.filter(clinic=clinic).select_related("user").first().user
    kinds = {kind.code: kind for kind in ConsentKind.objects.filter(clinic__isnull=True)}
    existing = set(Client.objects.filter(clinic=clinic).values_list("sort_name", "date_of_birth"))
    for n, spec in enumerate(demo_clients(today)):
        spec = dict(spec)
        consents = spec.pop("consents")
        archived = spec.pop("archived", False)
        key = (normalise_text(f"{spec['family_name']} {spec['given_name']}"), spec["date_of_birth"])
        if key in existing:
            continue
        existing.add(key)
        client = Client(clinic=clinic, **spec)
        client._change_reason = "Demo data (load_demo)"
        client.full_clean()
        client.save()
        result.clients_created += 1
        for code in consents:
            code, _, state = code.partition(":")
            given_on = today - timedelta(days=30 + 17 * n)
            consent = Consent(
                client=client,
                kind=kinds[code],
                consent_text_version="DN-2024.1" if code == "dry_needling" else "GT-2023.2",
                given_on=given_on,
                method=Method.SIGNED_FORM if code == "dry_needling" else Method.ELECTRONIC,
                recorded_by=therapist,
            )
            if state == "withdrawn":
                consent.withdrawn_on = min(today, given_on + timedelta(days=20))
                consent.withdrawn_by = therapist
                consent.withdrawal_reason = "Pregnant: prefers no needling until after the birth."
            consent._change_reason = "Demo data (load_demo)"
            consent.full_clean()
            consent.save()
        if archived:
            client.archive(by=therapist)
    result.visits_created = load_demo_visits(
        clinic=clinic, therapist=therapist, second_therapist=staff.get(Role.CLINIC_ADMIN)
    )
    result.visits_created += load_demo_outcomes(
        clinic=clinic,
        therapist=therapist,
        clients=outcome_clients(clinic, today),
        second_therapist=staff.get(Role.CLINIC_ADMIN),
    )
    return result


def outcome_clients(clinic: Clinic, today: date) -> list[Client]:
    """The generated demo clients who get the demo episodes with outcome measures: the same every run."""
    specs = demo_clients(today)[len(FEATURED_CLIENTS) :][: len(DEMO_EPISODES)]
    found = []
    for spec in specs:
        client = Client.objects.filter(
            clinic=clinic,
            given_name=spec["given_name"],
            family_name=spec["family_name"],
            date_of_birth=spec["date_of_birth"],
            archived_at__isnull=True,
        ).first()
        if client is not None:
            found.append(client)
    return found

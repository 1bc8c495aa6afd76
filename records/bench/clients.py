"""Seeding many invented clients quickly, for the benchmark command (``bench_clients``).

Rows go in with ``bulk_create`` in batches, with the derived search columns computed in Python by the same
method ``save()`` uses; no history rows are written (the benchmark measures reading).
"""

import random
from datetime import date, timedelta

from django.db import transaction

from records.models import Client, ClientNumberCounter, Consent, ConsentKind, Method, Sex
from records.models.clients import format_client_number


def words(text: str) -> list[str]:
    return text.split()


GIVEN = words(
    "Olivia Amelia Isla Ava Mia Grace Chloé Zoë Ruby Sophie Harper Willow Matilda Evie Ella Sienna "
    "Aroha Mei Priya Aisha Leila Noor Hannah Freya Ingrid Renée Inés Björk Siobhan Niamh Oliver Noah "
    "Jack William Leo Lucas Thomas Henry Charlie James Hamish Arjun Rahul Kwame Mateus José Tomás "
    "Søren Björn Liam Finn Omar Hugo Kai Lachlan Mohammed Wei Hiroshi Dmitri Ngaio Tane Jesús "
    "François Zoltán"
)
FAMILY_STEMS = words(
    "Nguyen Smith Jones Williams Brown Wilson Taylor Johnson White Martin Anderson Thompson Walker "
    "Harris Lee Ryan Robinson Kelly King Davis Wright Evans Roberts Green Hall Wood Jackson Clarke "
    "Patel Khan Singh Chen Wang Li Zhang Kim Park Tran Pham Le Murphy O'Brien Papadopoulos Rossi "
    "Russo Ferrari Müller Schmidt Kowalski Nowak Novák Dubois Lefèvre García Fernández López Álvarez "
    "Gómez Pérez Sánchez Silva Santos Okafor Mensah Haddad Nakamura Tanaka Sato Ivanova Petrov "
    "Lindqvist Johansson Ngata"
)
FAMILY_SUFFIXES = ["", "", "", "-Hughes", "-Clarke", "-Moore", " de Vries", "-Baker"]


def invented_names(rng: random.Random, count: int):
    for _ in range(count):
        family = rng.choice(FAMILY_STEMS) + rng.choice(FAMILY_SUFFIXES)
        yield rng.choice(GIVEN), family


def seed_clients(*, clinic, therapist, count: int, batch_size: int = 5000, seed: int = 1) -> list[int]:
    """Create ``count`` invented clients in ``clinic`` (a third with consents); return their ids."""
    rng = random.Random(seed)  # invented data: no security purpose
    kinds = {kind.code: kind for kind in ConsentKind.objects.filter(clinic__isnull=True)}
    ids = []
    with transaction.atomic():
        first = ClientNumberCounter.take(clinic, count=count)
        names = invented_names(rng, count)
        for start in range(0, count, batch_size):
            batch = []
            for offset in range(min(batch_size, count - start)):
                given, family = next(names)
                client = Client(
                    clinic=clinic,
                    client_number=format_client_number(first + start + offset),
                    given_name=given,
                    family_name=family,
                    date_of_birth=date(1935, 1, 1) + timedelta(days=rng.randint(0, 32000)),
                    sex=rng.choice(Sex.values),
                    phone=f"04{rng.randint(0, 99):02d} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}",
                    email=f"client{start + offset}@example.com",
                    occupation=rng.choice(
                        ["Office worker", "Courier driver", "Cyclist", "Teacher", "Student"]
                    ),
                    medical_history="Invented for the benchmark.",
                )
                client.derive_search_fields()
                batch.append(client)
            created = Client.objects.bulk_create(batch)
            ids.extend(client.pk for client in created)
            consents = []
            for client in created[::3]:
                for code in ("general_treatment", "dry_needling"):
                    consents.append(
                        Consent(
                            client=client,
                            kind=kinds[code],
                            consent_text_version="BENCH-1",
                            given_on=date(2024, 1, 1),
                            method=Method.SIGNED_FORM,
                            recorded_by=therapist,
                        )
                    )
            Consent.objects.bulk_create(consents)
    return ids

"""The security tests reuse the records and visits fixtures (clients, drafts) as they are; the fuzz test and
the access matrix share one world of two clinics per module."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clinic.invitations import invitation_tokens
from reference.models import Muscle
from tests.records.conftest import client_a  # noqa: F401
from tests.security.builders import make_personas, make_world
from tests.visits.conftest import consenting_patient, draft, needling_draft, patient  # noqa: F401


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker):
    """Two clinics with one of everything, built once per module inside a transaction rolled back at its end.
    Each test still runs in its own savepoint (pytest-django's ``db``), so tests cannot affect each other."""
    with django_db_blocker.unblock(), transaction.atomic():
        personas, clinic_a, clinic_b = make_personas()
        world = make_world(personas, clinic_a, clinic_b)
        user = personas["therapist_a2"]
        invited_a = _invited(clinic_a, "invited_a")
        invited_b = _invited(clinic_b, "invited_b")
        muscle = Muscle.objects.get(slug="biceps-femoris")
        world.ids.update(
            {
                # The superuser's: no test signs them in while the token must stay valid.
                "reset_uid": urlsafe_base64_encode(force_bytes(world.users["superuser"].pk)),
                "reset_token": default_token_generator.make_token(world.users["superuser"]),
                "therapist_a2_user": user.pk,
                # Staff invited but not yet signed up: the invitation link, and sending it again.
                "invite_uid": urlsafe_base64_encode(force_bytes(invited_a.pk)),
                "invite_token": invitation_tokens.make_token(invited_a),
                "invited_a": invited_a.membership.pk,
                "invited_b": invited_b.membership.pk,
                "muscle": muscle.pk,
                "muscle_type": ContentType.objects.get_for_model(Muscle).pk,
            }
        )
        yield world
        transaction.set_rollback(True)


def _invited(clinic, username):
    from clinic.models import Membership, Role

    user = get_user_model().objects.create(username=username, email=f"{username}@example.com")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
    return user


@pytest.fixture
def world(world_once, db):
    return world_once

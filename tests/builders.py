"""Small builders for test data. Each returns saved objects with sensible defaults."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clinic.access import CURATORS_GROUP
from clinic.models import Clinic, Membership

PASSWORD = "correct horse battery staple"


def make_clinic(name: str = "Bayside Myotherapy") -> Clinic:
    return Clinic.objects.get_or_create(name=name)[0]


def make_user(
    username: str,
    *,
    clinic: Clinic | None = None,
    role: str | None = None,
    curator: bool = False,
    password: str = PASSWORD,
    first_name: str = "",
    last_name: str = "",
):
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        email=f"{username}@example.com",
        first_name=first_name or username.split("_")[0].title(),
        last_name=last_name or "Tester",
        is_staff=curator,
    )
    if clinic is not None:
        Membership.objects.create(user=user, clinic=clinic, role=role)
    if curator:
        user.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    return user


def authenticator_code(device_or_key, *, steps: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps`` time steps later) for a ``TOTPDevice`` or a raw
    secret key, computed as the app does (RFC 6238, with django-otp's implementation)."""
    from django_otp.oath import totp

    key = device_or_key if isinstance(device_or_key, bytes) else device_or_key.bin_key
    return f"{totp(key, drift=steps):06d}"


def wrong_code_for(device_or_key) -> str:
    """A six-digit code that is not the current one (nor, but for a one-in-a-million chance, a neighbour)."""
    return f"{(int(authenticator_code(device_or_key)) + 500_001) % 1_000_000:06d}"

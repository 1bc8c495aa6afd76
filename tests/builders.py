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

"""The access helpers answer the menu's questions from one membership query, and answer them afresh each
request."""

from django.contrib.auth.models import Group

from clinic import access
from clinic.models import Role
from tests.builders import make_clinic, make_user


def fresh(user):
    """The user as the next request loads it (nothing cached on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_a_clinic_user_who_curates_is_told_apart_in_the_membership_query(db, django_assert_num_queries):
    clinic = make_clinic()
    curating = make_user("curating_admin", clinic=clinic, role=Role.CLINIC_ADMIN, curator=True)
    plain = make_user("plain_therapist", clinic=clinic, role=Role.THERAPIST)

    for user, expected in ((fresh(curating), True), (fresh(plain), False)):
        with django_assert_num_queries(1):
            assert access.role_of(user) in (Role.CLINIC_ADMIN, Role.THERAPIST)
            assert access.is_curator(user) is expected


def test_leaving_the_curators_takes_effect_on_the_next_request(db):
    user = make_user("leaving_admin", clinic=make_clinic(), role=Role.CLINIC_ADMIN, curator=True)
    assert access.is_curator(fresh(user))
    user.groups.remove(Group.objects.get(name=access.CURATORS_GROUP))
    assert not access.is_curator(fresh(user))


def test_a_curator_without_a_clinic_is_still_a_curator(db):
    user = make_user("library_curator", curator=True)
    assert access.membership_for(fresh(user)) is None
    assert access.is_curator(fresh(user))

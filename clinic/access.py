"""Who may see what: the one place views ask about a user's clinic and role.

Every view on client data goes through these helpers, so a user of another clinic meets a 404 (we do not
confirm that a record exists elsewhere) and a user without the right role meets a 403.
"""

from functools import wraps

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import Membership, Role
from clinic.prepared_queries import PreparedQuery

CURATORS_GROUP = "Curators"


def membership_for(user) -> Membership | None:
    """The user's active membership with its clinic, loaded once per request and cached on the user.

    The same query says whether the user is a curator (the menu asks on every page) and whether they have
    set up a second factor (the sign-in gate asks on every page), saving two queries."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_cached_active_membership"):
        found = ACTIVE_MEMBERSHIP.objects(user_id=user.pk)
        membership = found[0] if found else None
        user._cached_active_membership = membership
        if membership is not None and not hasattr(user, "_cached_is_curator"):
            user._cached_is_curator = membership.user_is_curator
    return user._cached_active_membership


def _active_membership_query(user_id: int):
    curator = Group.objects.filter(user=OuterRef("user_id"), name=CURATORS_GROUP)
    second_factor = TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)
    return (
        Membership.objects.select_related("clinic")
        .filter(user_id=user_id, is_active=True)
        .annotate(user_is_curator=Exists(curator), user_has_second_factor=Exists(second_factor))
        .order_by("pk")[:1]
    )


# Every signed-in page asks, so it is compiled once per process (clinic.prepared_queries).
ACTIVE_MEMBERSHIP = PreparedQuery(_active_membership_query, user_id=-1)


def clinic_for(user):
    membership = membership_for(user)
    return membership.clinic if membership else None


def role_of(user) -> str | None:
    membership = membership_for(user)
    return membership.role if membership else None


def is_clinician(user) -> bool:
    membership = membership_for(user)
    return bool(membership and membership.is_clinician)


def is_clinic_admin(user) -> bool:
    return role_of(user) == Role.CLINIC_ADMIN


def is_curator(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    membership_for(user)  # answers it too, for a user with a clinic
    if not hasattr(user, "_cached_is_curator"):
        user._cached_is_curator = user.groups.filter(name=CURATORS_GROUP).exists()
    return user._cached_is_curator


def scoped_to_clinic(queryset, user, *, field: str = "clinic"):
    """Restrict a queryset of clinic-owned rows to the user's clinic; no clinic means no rows."""
    clinic = clinic_for(user)
    if clinic is None:
        return queryset.none()
    return queryset.filter(**{field: clinic})


def get_for_user_or_404(queryset, user, *, field: str = "clinic", **lookup):
    """Fetch one clinic-owned object; another clinic's object is indistinguishable from a missing one."""
    try:
        return scoped_to_clinic(queryset, user, field=field).get(**lookup)
    except queryset.model.DoesNotExist as error:
        raise Http404("No such record") from error


def roles_required(*roles: str):
    """Allow the view only to members of a clinic holding one of ``roles``; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


clinic_admin_required = roles_required(Role.CLINIC_ADMIN)
clinician_required = roles_required(Role.THERAPIST, Role.CLINIC_ADMIN)
staff_member_required = roles_required(Role.THERAPIST, Role.CLINIC_ADMIN, Role.RECEPTION)

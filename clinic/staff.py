"""Changes to a staff member that span the membership, the login account and its sessions."""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from clinic.models import Membership


@transaction.atomic
def update_membership(
    *,
    membership: Membership,
    role: str,
    is_active: bool,
    registration_number: str | None = None,
    expected_lock_version: int | None = None,
) -> None:
    """Set role, registration number (None: unchanged) and active state; deactivation also disables the
    login and ends open sessions.

    With ``expected_lock_version`` (the edit form's), raises ``EditConflict`` and changes nothing when the
    membership was saved by someone else since the form was opened.

    Django refuses inactive users on every request anyway; deleting the sessions as well means a
    stolen session cookie is worthless at once, not only after the next request.
    """
    membership.role = role
    membership.is_active = is_active
    if registration_number is not None:
        membership.registration_number = registration_number
    membership.full_clean()
    if expected_lock_version is not None:
        membership.expected_lock_version = expected_lock_version
    membership.save()
    user = membership.user
    if user.is_active != is_active:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
    if not is_active:
        end_sessions_of(user)


def end_sessions_of(user) -> int:
    """Delete every stored session belonging to ``user``; returns how many ended.

    Sessions store the user id inside their encoded data, so this reads the unexpired ones. That is a
    scan, but deactivation is rare and the expired rows are cleared by ``clearsessions``.
    """
    ended = 0
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == user_id:
            session.delete()
            ended += 1
    return ended

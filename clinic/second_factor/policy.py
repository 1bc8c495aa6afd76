"""Who must sign in with a second factor, and what a signed-in user still owes before any page opens."""

from enum import StrEnum

from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import access


class Step(StrEnum):
    VERIFY = "verify"  # has an authenticator: must enter a code in this session
    ENROL = "enrol"  # must use a second factor but has none yet: must set one up first


def is_required(user) -> bool:
    """Django admin users and curators always; everyone else when their clinic asks for it."""
    if user.is_staff or user.is_superuser or access.is_curator(user):
        return True
    membership = access.membership_for(user)
    return bool(membership and membership.clinic.require_second_factor)


def has_second_factor(user) -> bool:
    """Whether the user has a confirmed authenticator. Answered by the membership query every page makes
    anyway; only a user without a clinic costs a query of its own."""
    membership = access.membership_for(user)
    if membership is not None:
        return membership.user_has_second_factor
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_step(user) -> Step | None:
    """What stands between a signed-in user and the app: None once the session is verified, or for a user
    who neither has nor needs a second factor."""
    if not user.is_authenticated or user.is_verified():
        return None
    if has_second_factor(user):
        return Step.VERIFY
    if is_required(user):
        return Step.ENROL
    return None

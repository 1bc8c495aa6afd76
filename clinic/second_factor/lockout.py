"""Wrong second-factor codes lock the account's code step, as wrong passwords lock the sign-in.

Same limit and pause as django-axes (``AXES_FAILURE_LIMIT`` wrong codes, then ``AXES_COOLOFF_TIME``, which
``LOGIN_LOCKOUT_MINUTES`` sets), counted per account. django-otp's own throttle (a delay doubling with each
failure on a device) stays on underneath; alone it would allow thousands of guesses a day.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.models import SecondFactorLockout


def failure_limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def _failures_now(row: SecondFactorLockout, now) -> int:
    # The count restarts once the pause has passed since the last wrong code, as django-axes' does.
    if row.last_failure_at <= now - settings.AXES_COOLOFF_TIME:
        return 0
    return row.failures


def is_locked(user) -> bool:
    row = SecondFactorLockout.objects.filter(user=user).first()
    return row is not None and _failures_now(row, timezone.now()) >= failure_limit()


@transaction.atomic
def record_failure(user) -> int:
    """Count one wrong code; returns the failures now counted (the limit or more means locked)."""
    now = timezone.now()
    row, _ = SecondFactorLockout.objects.select_for_update().get_or_create(
        user=user, defaults={"last_failure_at": now}
    )
    row.failures = min(_failures_now(row, now) + 1, 32767)
    row.last_failure_at = now
    row.save(update_fields=["failures", "last_failure_at"])
    return row.failures


def clear(user) -> None:
    SecondFactorLockout.objects.filter(user=user).delete()

"""Setting up, checking, renewing and resetting a user's second factor, each written to the access log.

A user has at most one authenticator (a ``TOTPDevice``) and one set of recovery codes (a ``StaticDevice``
holding single-use ``StaticToken`` rows). django-otp checks the codes; these functions add the lockout and the
access log around every check, and lock the device row so a code cannot be used twice by racing requests.
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass
from enum import Enum

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import access
from clinic.second_factor import lockout
from records.audit import log_account_event
from records.models import Action

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
APP_CODE = re.compile(r"\d{6}")
# django-otp's StaticToken.random_token(): 5 random bytes in lower-case base32, 8 characters.
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


def normalise(code: str) -> str:
    """People copy codes with spaces or a hyphen in the middle; neither is part of the code."""
    return re.sub(r"[\s-]", "", code).lower()


def is_app_code(code: str) -> bool:
    return APP_CODE.fullmatch(code) is not None


def is_recovery_code(code: str) -> bool:
    return RECOVERY_CODE.fullmatch(code) is not None


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: the same secret on every visit to the set-up page, so reloading it
    does not invalidate what the user already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG drawn by segno: paths with presentation attributes only, so the
    strict Content-Security-Policy (no inline style or script) holds."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title="QR code for your authenticator app", svgclass="qr-code"
    )


class Outcome(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    WAIT = "wait"  # django-otp's own throttle: the code was not even checked
    LOCKED = "locked"


@dataclass(frozen=True)
class Check:
    outcome: Outcome
    device: TOTPDevice | StaticDevice | None = None
    wait_seconds: int = 0


def check_code(
    request, code: str, *, device: TOTPDevice | None = None, recovery_allowed: bool = False
) -> Check:
    """Check ``code`` for ``request.user``: against ``device`` when given (an authenticator being set up),
    else against their authenticator, or their recovery codes when ``recovery_allowed`` and the code looks
    like one. A wrong code counts towards the lockout and is logged; a right one clears the count."""
    user = request.user
    if lockout.is_locked(user):
        return Check(Outcome.LOCKED)
    recovery = recovery_allowed and device is None and is_recovery_code(code)
    with transaction.atomic():
        if device is not None:
            candidates = TOTPDevice.objects.filter(pk=device.pk, user=user)
        elif recovery:
            candidates = StaticDevice.objects.devices_for_user(user, confirmed=True)
        else:
            candidates = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        candidate = candidates.select_for_update().order_by("pk").first()
        if candidate is not None:
            allowed, details = candidate.verify_is_allowed()
            if not allowed:
                until = (details or {}).get("locked_until") or timezone.now()
                seconds = math.ceil((until - timezone.now()).total_seconds())
                return Check(Outcome.WAIT, wait_seconds=max(1, seconds))
            if candidate.verify_token(code):
                lockout.clear(user)
                return Check(Outcome.ACCEPTED, device=candidate)
    failures = lockout.record_failure(user)
    limit = lockout.failure_limit()
    detail = f"{'recovery code' if recovery else 'code'}: wrong {min(failures, limit)} of {limit}"
    if failures >= limit:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        detail += f"; second factor paused for {minutes} minutes"
    log_account_event(request, clinic_id=_clinic_id(user), action=Action.SECOND_FACTOR_FAILED, detail=detail)
    return Check(Outcome.LOCKED if failures >= limit else Outcome.WRONG)


def sign_in(request, device) -> None:
    """Mark this session verified by ``device``, with a new session key: the session just gained rights."""
    otp_login(request, device)
    request.session.cycle_key()
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        log_account_event(
            request,
            clinic_id=_clinic_id(request.user),
            action=Action.RECOVERY_CODE_USED,
            detail=f"{left} recovery code{'' if left == 1 else 's'} left",
        )


@transaction.atomic
def finish_enrolment(request, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator that just accepted a code, make the recovery codes (returned to be shown
    once), verify the session and log it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Set-up pages opened in other tabs left unconfirmed authenticators behind: they must never turn valid.
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = _new_recovery_codes(device.user)
    sign_in(request, device)
    log_account_event(
        request,
        clinic_id=_clinic_id(request.user),
        action=Action.ENROL_SECOND_FACTOR,
        detail=f"authenticator app and {len(codes)} recovery codes",
    )
    return codes


@transaction.atomic
def renew_recovery_codes(request) -> list[str]:
    codes = _new_recovery_codes(request.user)
    log_account_event(
        request,
        clinic_id=_clinic_id(request.user),
        action=Action.RECOVERY_CODES_RENEWED,
        detail=f"{len(codes)} new recovery codes; the old ones no longer work",
    )
    return codes


@transaction.atomic
def reset(user, *, request=None, clinic_id: int | None, by: str) -> int:
    """Remove ``user``'s authenticator and recovery codes and clear their lockout; they set up a new one at
    their next sign-in (at once if they must use one). Returns how many devices went."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    lockout.clear(user)
    log_account_event(
        request,
        clinic_id=clinic_id,
        action=Action.RESET_SECOND_FACTOR,
        detail=f"second factor of {user.get_username()} reset by {by}",
    )
    return removed


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = set()
    while len(codes) < settings.SECOND_FACTOR_RECOVERY_CODES:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


def _clinic_id(user) -> int | None:
    clinic = access.clinic_for(user)
    return clinic.pk if clinic else None

"""Staff invitations: a clinic admin invites by email, the new person sets their own password.

No admin ever knows a staff member's password: the account is created with an unusable password, and the
invitation e-mail carries a one-time link (Django's password-reset token machinery with its own salt, so a
reset token never opens an invitation and the other way round). The token is bound to the account's
password hash and last sign-in, so it stops working once the password is set (one use), and it expires
after ``PASSWORD_RESET_TIMEOUT`` (3 days by default). Django's password reset form ignores accounts with an
unusable password, so until the invitation is accepted it is the only way in.

Sending is limited: ``INVITATIONS_PER_HOUR`` per clinic, counted on the access log's (clinic, action, time)
index, so a compromised or careless admin account cannot turn the app into a mail cannon.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from records.audit import log_account_event
from records.models import AccessLogEntry, Action

INVITATIONS_PER_HOUR = 20


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "clinic.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitations_left(clinic) -> int:
    """How many more invitations the clinic may send this hour (one query)."""
    since = timezone.now() - timedelta(hours=1)
    sent = AccessLogEntry.objects.filter(clinic=clinic, action=Action.INVITE_STAFF, at__gte=since).count()
    return max(INVITATIONS_PER_HOUR - sent, 0)


def invitation_link(request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return request.build_absolute_uri(
        reverse("invitation_accept", args=[uid, invitation_tokens.make_token(user)])
    )


def send_invitation(request, *, user, clinic) -> None:
    """E-mail ``user`` their one-time link and record it in the clinic's access log."""
    context = {
        "user": user,
        "clinic": clinic,
        "invited_by": request.user.get_full_name() or request.user.get_username(),
        "link": invitation_link(request, user),
        "expires_days": max(settings.PASSWORD_RESET_TIMEOUT // 86_400, 1),
    }
    subject = render_to_string("clinic/invitation_subject.txt", context).strip()
    body = render_to_string("clinic/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
    log_account_event(
        request, clinic_id=clinic.pk, action=Action.INVITE_STAFF, detail=f"invited {user.get_username()}"
    )


def is_awaiting_acceptance(user) -> bool:
    return user.is_active and not user.has_usable_password()

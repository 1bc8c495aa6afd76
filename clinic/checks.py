"""Deployment checks of our own, run by ``manage.py check --deploy`` (and so by ``make deploy-check``).

In production, password-reset links must go out by mail. With the console backend (the default when no
``EMAIL_HOST`` is set) they are written to the log instead, where anyone who reads the logs can take over
any account. ``check --deploy`` warns, and the app logs an error at every start-up until it is fixed.
"""

import logging

from django.conf import settings
from django.core.checks import Tags, Warning, register

logger = logging.getLogger("clinic")

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
RESET_LINKS_IN_LOG = (
    "Password-reset links are written to the log: DJANGO_ENV=production with the console email backend "
    "(EMAIL_HOST is not set)."
)


def reset_links_go_to_the_log() -> bool:
    return bool(getattr(settings, "PRODUCTION", False)) and settings.EMAIL_BACKEND == CONSOLE_BACKEND


@register(Tags.security, deploy=True)
def check_password_reset_mail(app_configs, **kwargs):
    if not reset_links_go_to_the_log():
        return []
    return [
        Warning(
            RESET_LINKS_IN_LOG,
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) so password resets are mailed.",
            id="clinic.W001",
        )
    ]


def warn_at_start_up() -> None:
    if reset_links_go_to_the_log():
        logger.error("%s Set EMAIL_HOST so password resets are mailed.", RESET_LINKS_IN_LOG)

"""Production without a mail server would write password-reset links to the log: check --deploy warns
(so `make deploy-check` fails) and start-up logs an error."""

import logging

import pytest

from clinic.checks import check_password_reset_mail, warn_at_start_up

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_it_warns_in_production_when_reset_links_would_go_to_the_log(settings):
    settings.PRODUCTION = True
    settings.EMAIL_BACKEND = CONSOLE

    warnings = check_password_reset_mail(None)

    assert [w.id for w in warnings] == ["clinic.W001"]
    assert "Password-reset links are written to the log" in warnings[0].msg


def test_it_is_quiet_in_production_with_smtp(settings):
    settings.PRODUCTION = True
    settings.EMAIL_BACKEND = SMTP

    assert check_password_reset_mail(None) == []


def test_it_is_quiet_on_a_developers_machine(settings):
    settings.PRODUCTION = False
    settings.EMAIL_BACKEND = CONSOLE

    assert check_password_reset_mail(None) == []


def test_it_is_registered_as_a_deploy_check():
    from django.core.checks import registry

    assert check_password_reset_mail in registry.registry.get_checks(include_deployment_checks=True)
    assert check_password_reset_mail not in registry.registry.get_checks(include_deployment_checks=False)


def test_start_up_logs_an_error_in_production_with_the_console_backend(settings, caplog):
    settings.PRODUCTION = True
    settings.EMAIL_BACKEND = CONSOLE

    with caplog.at_level(logging.ERROR, logger="clinic"):
        warn_at_start_up()

    assert "Password-reset links are written to the log" in caplog.text


@pytest.mark.parametrize("email_host", ["", "smtp.example.org"])
def test_deploy_check_fails_without_a_mail_server_and_passes_with_one(email_host, tmp_path):
    """What `make deploy-check` runs, in its environment: it sets EMAIL_HOST, so it passes."""
    import os
    import subprocess
    import sys

    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_ENV": "production",
        "SECRET_KEY": "deploy-check-" + "x7" * 30,
        "ALLOWED_HOSTS": "clinic.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://clinic.example.org",
        "CLINIC_VAR_DIR": str(tmp_path),
        "EMAIL_HOST": email_host,
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings_dir(),
        env=env,
        capture_output=True,
        text=True,
    )

    if email_host:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert "clinic.W001" in result.stderr
        # Once as the check's warning, once as the error logged at start-up.
        assert result.stderr.count("Password-reset links are written to the log") >= 2


def settings_dir():
    from django.conf import settings

    return settings.BASE_DIR

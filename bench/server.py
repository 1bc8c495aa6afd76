"""gunicorn with production settings on a free loopback port, serving plain HTTP, stopped on the way out."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

WORKERS = 2
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    """Production settings (DEBUG off, manifest static files, secure cookies), minus the HTTPS redirect.

    The benchmark talks plain HTTP on loopback, so ``SECURE_SSL_REDIRECT`` is off and HSTS is not sent;
    cookies keep their Secure flag (wrk sends the session cookie regardless). ``EMAIL_HOST`` names an
    unreachable host so the start-up check for a real mail server passes; the pages measured send no mail.
    """
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_HOST": "smtp.invalid",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(var_dir / "static"),
        "CLINIC_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(
                f"gunicorn exited with status {process.returncode} before serving", returncode=1
            )
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer /healthz within {timeout:.0f} s", returncode=1)


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn's process group (the master and its workers, all started here): TERM, then KILL."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def gunicorn(database_url: str, *, log=print):
    """Yield the base URL of a running gunicorn (2 workers) over ``database_url``; stop it afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench_load_") as var:
        var_dir = Path(var)
        env = server_environment(database_url, var_dir)
        # The manifest storage serves only collected files, as in production.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "clinic.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ]
        log_file = (var_dir / "gunicorn.log").open("w")
        # A new session makes gunicorn the leader of its own process group, so stop() reaches its workers
        # and nothing else.
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(port, process)
            log(f"gunicorn ({WORKERS} workers, production settings) on http://{HOST}:{port}/")
            yield f"http://{HOST}:{port}"
        finally:
            stop(process)
            log_file.close()
            errors = (var_dir / "gunicorn.log").read_text()[-2000:].strip()
            if errors:
                log("gunicorn said:\n" + errors)

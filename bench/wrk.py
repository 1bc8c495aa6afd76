"""Running wrk (a bounded HTTP load generator) against one URL and reading its result line."""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

SCRIPT = Path(__file__).with_name("wrk.lua")
CONNECTIONS = 8
THREADS = 2
INSTALL_HINT = "Install it with: apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS)."


def ensure_wrk(*, install: bool, log=print) -> str:
    """The path of wrk; installed with apt-get when missing and allowed (as .ci/run does for chromium)."""
    found = shutil.which("wrk")
    if found:
        return found
    if install and shutil.which("apt-get") and os.geteuid() == 0:
        log("wrk is missing: installing Debian's wrk package with apt-get...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=False)
        found = shutil.which("wrk")
        if found:
            return found
    raise CommandError(f"bench_load needs the wrk load generator, which is not installed. {INSTALL_HINT}")


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    ok: int
    redirects: int
    failures: int
    socket_errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        """Everything that is not a 2xx answer: redirects (the login page), 4xx/5xx, socket errors."""
        return self.redirects + self.failures + self.socket_errors


def parse(output: str) -> Result:
    line = next((line for line in output.splitlines() if line.startswith("BENCH_RESULT ")), None)
    if line is None:
        raise CommandError(f"wrk printed no result line:\n{output[-2000:]}", returncode=1)
    values = dict(item.split("=", 1) for item in line.split()[1:])
    number = {key: int(value) for key, value in values.items()}
    return Result(
        requests=number["requests"],
        seconds=number["duration_us"] / 1_000_000,
        p50_ms=number["p50_us"] / 1000,
        p90_ms=number["p90_us"] / 1000,
        p99_ms=number["p99_us"] / 1000,
        ok=number["ok"],
        redirects=number["redirects"],
        failures=number["failures"],
        socket_errors=sum(
            number[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
        ),
    )


def run(wrk: str, url: str, *, cookie: str, seconds: int) -> Result:
    command = [
        wrk,
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={SCRIPT}",
        url,
    ]
    completed = subprocess.run(
        command,
        env={**os.environ, "BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    if completed.returncode != 0:
        raise CommandError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}", returncode=1)
    return parse(completed.stdout)

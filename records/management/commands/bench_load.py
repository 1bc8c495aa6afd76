"""Requests per second of the key pages under load, each as a ratio to a one-query reference page.

Creates a scratch PostgreSQL database (``<NAME>_load``), seeds the demo clinic plus invented clients with
visits, starts gunicorn (2 workers, production settings, plain HTTP on a free loopback port) with the
reference page that exists only for the benchmark (``bench.settings``), signs in as the demo therapist,
then runs wrk (8 connections) against the reference page and each page in turn: ref, page, ref, page...
Prints req/s, the ratio to the reference run just before, p50/p90/p99 and non-2xx answers per page.
gunicorn is stopped and the scratch database dropped at the end, on error and on Ctrl-C too.
The orchestration lives in ``bench/``; see README "Speed".
"""

import os
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import report, scratch, seed, server, session, wrk
from bench.pages import PAGE_NAMES, pages_for
from bench.urls import REFERENCE_PATH


def interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Load-test the key pages with wrk on gunicorn over a scratch PostgreSQL database."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="Length of each wrk run (default 10).")
        parser.add_argument(
            "--pages", default=",".join(PAGE_NAMES), help=f"Comma-separated pages: {', '.join(PAGE_NAMES)}."
        )
        parser.add_argument("--clients", type=int, default=300, help="Invented clients besides the demo's.")
        parser.add_argument("--visit-clients", type=int, default=60, help="How many of them get visits.")
        parser.add_argument("--visits-per-client", type=int, default=3, help="Visits for each of those.")
        parser.add_argument("--scratch-name", default="", help="Scratch database name (default <NAME>_load).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards.")
        parser.add_argument(
            "--no-install", action="store_true", help="Fail instead of installing wrk with apt-get."
        )

    def handle(self, *args, **options):
        if not 1 <= options["seconds"] <= 600:
            raise CommandError("--seconds must be between 1 and 600", returncode=2)
        for name in ("clients", "visit_clients", "visits_per_client"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1", returncode=2)
        wanted = [name.strip() for name in options["pages"].split(",") if name.strip()]
        unknown = sorted(set(wanted) - set(PAGE_NAMES))
        if unknown or not wanted:
            raise CommandError(
                f"Unknown --pages {unknown}; choose from {', '.join(PAGE_NAMES)}", returncode=2
            )
        scratch.require_postgresql()
        wrk_path = wrk.ensure_wrk(install=not options["no_install"], log=self.stdout.write)
        name = options["scratch_name"] or f"{connection.settings_dict['NAME']}_load"
        # Ctrl-C raises KeyboardInterrupt; a TERM from a supervisor does the same, so cleanup runs for both.
        previous = signal.signal(signal.SIGTERM, interrupt)
        try:
            with scratch.scratch_database(name, keep=options["keep"], log=self.stdout.write):
                started = time.perf_counter()
                clinic = seed.seed_clinic(
                    clients=options["clients"],
                    visit_clients=options["visit_clients"],
                    visits_per_client=options["visits_per_client"],
                )
                self.stdout.write(
                    f"Seeded {clinic.clients} clients and {clinic.visits} visits "
                    f"in {time.perf_counter() - started:.1f} s."
                )
                with server.gunicorn(scratch.database_url(name), log=self.stdout.write) as base_url:
                    self.measure(wrk_path, base_url, clinic, wanted, options["seconds"])
        finally:
            signal.signal(signal.SIGTERM, previous)

    def measure(self, wrk_path, base_url, clinic, wanted, seconds):
        cookie = session.sign_in(base_url, clinic.username, clinic.password)
        pages = [page for page in pages_for(clinic) if page.name in wanted]
        for path in [REFERENCE_PATH, *(page.path for page in pages)]:
            status, location = session.fetch(base_url, path, cookie)
            if status != 200:
                self.stderr.write(
                    f"Warning: {path} answered {status} {location}; its run counts it as errors."
                )
        load = os.getloadavg()
        self.stdout.write(
            f"wrk: {wrk.CONNECTIONS} connections, {wrk.THREADS} threads, {seconds} s a run; signed in as "
            f"{clinic.username}; {os.cpu_count()} CPUs, load average before: "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        self.stdout.write(report.HEADER)
        for page in pages:
            reference = wrk.run(wrk_path, base_url + REFERENCE_PATH, cookie=cookie, seconds=seconds)
            self.stdout.write(report.line("  reference (Fortunes)", reference))
            result = wrk.run(wrk_path, base_url + page.path, cookie=cookie, seconds=seconds)
            self.stdout.write(report.line(page.label, result, reference, page))
        load = os.getloadavg()
        self.stdout.write(f"Load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

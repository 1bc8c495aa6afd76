"""Time the Outcomes page over a year of a busy clinic.

Like ``bench_clients``: a throwaway database next to the configured one (PostgreSQL: ``<NAME>_outcomes``
unless ``--scratch-name`` says otherwise; SQLite: ``var/bench_outcomes.sqlite3``), migrated, seeded
(``records.bench.clinic_outcomes``: by default 20 therapists × 25 visits a week × 52 weeks, with episodes,
check-ins, LEFS, PSFS, GROC, techniques and stored suggestions), measured and dropped. Times are whole
requests through Django's test client as the clinic admin (middleware, access log and rendering included), in
milliseconds: the page over the last 12 months for the whole clinic, and for one therapist at a time. The goal
is p95 at most 200 ms on PostgreSQL.
"""

import gc
import time
import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client as TestClient
from django.test.utils import override_settings

from clinic.models import Clinic
from records.bench.clinic_outcomes import seed_outcome_clinic
from records.bench.timing import PLAIN_STATIC, allowed_host, fetch, report_line, scratch_database, timed_ms
from records.outcomes.clinic_figures import default_period, outcome_figures

GOAL_P95_MS = 200
URL = "/clients/outcomes/"


class Command(BaseCommand):
    help = "Seed a year of a 20-therapist clinic in a scratch database and time the Outcomes page."

    def add_arguments(self, parser):
        parser.add_argument("--therapists", type=int, default=20, help="Therapists in the clinic.")
        parser.add_argument("--visits-per-week", type=int, default=25, help="Visits per therapist per week.")
        parser.add_argument("--weeks", type=int, default=52, help="How many weeks of visits to seed.")
        parser.add_argument("--pages", type=int, default=100, help="How many requests of each kind to time.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed for the invented data.")
        parser.add_argument("--scratch-name", default="", help="Name of the scratch PostgreSQL database.")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards.")

    def handle(self, *args, **options):
        for name in ("therapists", "visits_per_week", "weeks", "pages"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1", returncode=2)
        with scratch_database(
            postgresql_name=options["scratch_name"] or f"{connection.settings_dict['NAME']}_outcomes",
            sqlite_file="bench_outcomes.sqlite3",
            keep=options["keep"],
            log=self.stdout.write,
        ):
            self.run(options)

    def run(self, options):
        clinic = Clinic.objects.create(name=f"Outcomes benchmark {time.strftime('%Y-%m-%d %H:%M:%S')}")
        started = time.perf_counter()
        seeded = seed_outcome_clinic(
            clinic=clinic,
            therapists=options["therapists"],
            visits_per_week=options["visits_per_week"],
            weeks=options["weeks"],
            seed=options["seed"],
        )
        self.stdout.write(
            f"Seeded {seeded.visits:,} signed visits in {seeded.episodes:,} episodes, {seeded.check_ins:,} "
            f"check-ins (each a whole LEFS and three PSFS scores) and {seeded.suggestions:,} stored "
            f"suggestions in {time.perf_counter() - started:.1f} s."
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        warnings.filterwarnings("ignore", message="No directory at")
        browser = TestClient(HTTP_HOST=allowed_host())
        browser.force_login(seeded.admin)
        count = options["pages"]
        therapist_urls = [
            f"{URL}?therapist={seeded.therapist_ids[n % len(seeded.therapist_ids)]}" for n in range(count)
        ]
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}):
            for url in [URL] * 3 + therapist_urls[:3]:
                fetch(browser, url)
            gc.collect()
            gc.freeze()
            clinic_ms = [timed_ms(browser, URL) for _ in range(count)]
            therapist_ms = [timed_ms(browser, url) for url in therapist_urls]
        figures = outcome_figures(clinic=clinic, period=default_period())
        self.stdout.write(
            f"The year's page: {figures.episodes_started:,} episodes started, "
            f"{figures.episodes_discharged:,} discharged, {figures.visit_pain.count:,} signed visits."
        )
        self.report("Outcomes page, last 12 months, whole clinic", clinic_ms)
        self.report("Outcomes page, last 12 months, one therapist", therapist_ms)

    def report(self, label: str, times_ms: list[float]):
        self.stdout.write(report_line(label, times_ms, goal_p95_ms=GOAL_P95_MS))

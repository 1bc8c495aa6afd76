"""Time the access-log pages over a log of millions of rows (default 1 million; the goal is at 50 million).

Creates a scratch PostgreSQL database (``<NAME>_accesslog``), makes several clinics with staff and clients,
fills the access log with ``INSERT ... SELECT generate_series`` (bench/access_log_fill.py), then times
whole requests through Django's test client as a clinic admin: the clinic-wide log with and without
filters, an older page, and a client's log. Prints p50/p95 per page against the 100 ms p95 goal and, with
``--explain``, PostgreSQL's plan for each page's main query. The scratch database is dropped at the end.
"""

import gc
import statistics
import time
import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client as TestClient
from django.test.utils import CaptureQueriesContext, override_settings

from bench import scratch
from bench.access_log_fill import fill, make_clinics
from records.bench.timing import PLAIN_STATIC, percentile
from records.log_pages import log_page
from records.models import AccessLogEntry, Action

GOAL_P95_MS = 100


class Command(BaseCommand):
    help = "Fill a scratch access log with millions of rows and time the access-log pages."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000, help="Access-log rows (e.g. 50000000).")
        parser.add_argument("--clinics", type=int, default=20, help="Clinics sharing the log.")
        parser.add_argument("--staff", type=int, default=10, help="Staff per clinic.")
        parser.add_argument("--clients", type=int, default=500, help="Clients per clinic.")
        parser.add_argument("--requests", type=int, default=100, help="Timed requests per page.")
        parser.add_argument(
            "--explain", action="store_true", help="Print the plan of each page's main query."
        )
        parser.add_argument("--scratch-name", default="", help="Scratch database (default <NAME>_accesslog).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards.")

    def handle(self, *args, **options):
        for name in ("rows", "clinics", "staff", "clients", "requests"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1", returncode=2)
        scratch.require_postgresql()
        name = options["scratch_name"] or f"{connection.settings_dict['NAME']}_accesslog"
        with scratch.scratch_database(name, keep=options["keep"], log=self.stdout.write):
            clinics = make_clinics(
                clinics=options["clinics"], staff=options["staff"], clients=options["clients"]
            )
            self.stdout.write(f"Filling the access log with {options['rows']:,} rows...")
            seconds = fill(clinics, options["rows"], log=self.stdout.write)
            self.stdout.write(f"Filled in {seconds:.0f} s ({options['rows'] / seconds:,.0f} rows/s).")
            self.measure(clinics[0], options)

    def measure(self, filled, options):
        warnings.filterwarnings("ignore", message="No directory at")
        browser = TestClient(HTTP_HOST="localhost")
        browser.force_login(filled.admin)
        client_id = filled.client_ids[len(filled.client_ids) // 2]
        user_id = filled.user_ids[3 % len(filled.user_ids)]
        day = AccessLogEntry.objects.filter(clinic=filled.clinic).order_by("at").values_list("at", flat=True)
        mid = (day.first() + (day.last() - day.first()) / 2).date().isoformat()
        pages = [
            ("Clinic log", "/clients/access-log/"),
            ("Clinic log, by person", f"/clients/access-log/?user={user_id}"),
            ("Clinic log, by action", f"/clients/access-log/?action={Action.EXPORT}"),
            ("Clinic log, one day", f"/clients/access-log/?date_from={mid}&date_to={mid}"),
            ("Clinic log, person+action", f"/clients/access-log/?user={user_id}&action={Action.EDIT_CLIENT}"),
            ("Client log", f"/clients/{client_id}/access-log/"),
        ]
        with override_settings(
            ALLOWED_HOSTS=["localhost"],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}},
        ):
            # An older page: the cursor of the first page's last row, as the "Older" link carries it.
            first = log_page(AccessLogEntry.objects.filter(clinic=filled.clinic), None)
            pages.append(("Clinic log, 2nd page", f"/clients/access-log/?before={first.older}"))
            gc.collect()
            gc.freeze()
            self.stdout.write(f"Requests per page: {options['requests']} (whole requests, in process)")
            for label, url in pages:
                for _ in range(3):
                    self.get(browser, url)
                wall, cpu = zip(*(self.timed(browser, url) for _ in range(options["requests"])), strict=True)
                p95 = percentile(wall, 0.95)
                verdict = "goal met" if p95 <= GOAL_P95_MS else f"ABOVE the {GOAL_P95_MS} ms goal"
                self.stdout.write(
                    f"{label:<28} p50 {statistics.median(wall):6.1f} ms  p95 {p95:6.1f} ms  ({verdict}); "
                    f"CPU p50 {statistics.median(cpu):5.1f} ms  p95 {percentile(cpu, 0.95):5.1f} ms"
                )
                if options["explain"]:
                    self.explain(browser, url)

    def get(self, browser, url):
        response = browser.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}", returncode=1)
        return response

    def timed(self, browser, url) -> tuple[float, float]:
        """Wall time and this process's CPU time of one request, in ms: on a busy machine they differ."""
        started, cpu = time.perf_counter(), time.process_time()
        self.get(browser, url)
        return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000

    def explain(self, browser, url):
        """EXPLAIN ANALYZE of the request's SELECT from the access log (the page of entries)."""
        with CaptureQueriesContext(connection) as queries:
            self.get(browser, url)
        table = AccessLogEntry._meta.db_table
        selects = [
            q["sql"] for q in queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
        ]
        for sql in selects:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
                plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
            self.stdout.write(plan)

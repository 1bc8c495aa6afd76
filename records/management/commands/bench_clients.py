"""Time name search and the client page over many clients.

By default the command builds a throwaway database next to the configured one (PostgreSQL: a new database,
``<NAME>_bench`` unless ``--scratch-name`` says otherwise; SQLite: ``var/bench.sqlite3``), migrates it, seeds
it, measures, and drops it, so real data is never touched. ``--in-place`` uses the configured database
instead and refuses if it already holds clients (unless ``--force``).

Clients with visits also get episodes with check-ins (LEFS, PSFS, usual pain, GROC:
records/bench/outcomes.py), and their progress pages are timed too. Times are for whole requests through
Django's test client as a signed-in therapist (middleware, access log and template rendering included), in
milliseconds. The goal is p95 at most 50 ms on PostgreSQL.
"""

import gc
import random
import time
import warnings

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client as TestClient
from django.test.utils import override_settings

from clinic.models import Clinic, Membership, Role
from records.bench.clients import FAMILY_STEMS, GIVEN, seed_clients
from records.bench.outcomes import seed_outcomes
from records.bench.timing import PLAIN_STATIC, allowed_host, fetch, report_line, scratch_database, timed_ms
from records.bench.visits import seed_visits
from records.models import Client
from records.search import normalise_text

GOAL_P95_MS = 50


class Command(BaseCommand):
    help = "Seed many invented clients in a scratch database and time name search and the client page."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=100_000, help="How many clients to seed.")
        parser.add_argument("--searches", type=int, default=200, help="How many name searches to time.")
        parser.add_argument("--pages", type=int, default=200, help="How many client pages to time.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed for names and queries.")
        parser.add_argument(
            "--visit-clients", type=int, default=10_000, help="How many of the clients get visits (0: none)."
        )
        parser.add_argument(
            "--visits-per-client", type=int, default=10, help="Visits for each of those clients."
        )
        parser.add_argument("--visit-pages", type=int, default=200, help="How many visit pages to time.")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the configured database instead of a scratch one (it must hold no clients).",
        )
        parser.add_argument(
            "--force", action="store_true", help="With --in-place: run even if clients exist."
        )
        parser.add_argument("--scratch-name", default="", help="Name of the scratch PostgreSQL database.")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards.")

    def handle(self, *args, **options):
        for name in ("clients", "searches", "pages"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1", returncode=2)
        for name in ("visit_clients", "visits_per_client", "visit_pages"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative", returncode=2)
        if options["in_place"]:
            if Client.objects.exists() and not options["force"]:
                raise CommandError(
                    "This database already holds clients. Run without --in-place to use a scratch database, "
                    "or add --force to add benchmark clients to it anyway.",
                    returncode=2,
                )
            self.run(options)
            return
        if options["force"]:
            raise CommandError("--force only applies with --in-place", returncode=2)
        with scratch_database(
            postgresql_name=options["scratch_name"] or f"{connection.settings_dict['NAME']}_bench",
            sqlite_file="bench.sqlite3",
            keep=options["keep"],
            log=self.stdout.write,
        ):
            self.run(options)

    def run(self, options):
        rng = random.Random(options["seed"])  # benchmark queries: no security purpose
        count = options["clients"]
        clinic = Clinic.objects.create(name=f"Benchmark clinic {time.strftime('%Y-%m-%d %H:%M:%S')}")
        therapist = get_user_model().objects.create_user(
            username=f"bench_therapist_{clinic.pk}", first_name="Bench", last_name="Therapist"
        )
        Membership.objects.create(user=therapist, clinic=clinic, role=Role.THERAPIST)

        started = time.perf_counter()
        ids = seed_clients(clinic=clinic, therapist=therapist, count=count, seed=options["seed"])
        self.stdout.write(f"Seeded {count:,} clients in {time.perf_counter() - started:.1f} s.")
        visit_client_ids = ids[: options["visit_clients"]] if options["visits_per_client"] else []
        seeded = None
        if visit_client_ids:
            started = time.perf_counter()
            seeded = seed_visits(
                clinic=clinic,
                therapist=therapist,
                client_ids=visit_client_ids,
                per_client=options["visits_per_client"],
                seed=options["seed"],
            )
            self.stdout.write(
                f"Seeded {seeded.count:,} visits for {len(visit_client_ids):,} clients "
                f"in {time.perf_counter() - started:.1f} s."
            )
            started = time.perf_counter()
            outcomes = seed_outcomes(therapist=therapist, client_ids=visit_client_ids, seed=options["seed"])
            seeded.episode_ids = outcomes.episode_ids
            self.stdout.write(
                f"Seeded {outcomes.check_ins:,} check-ins (LEFS, PSFS, usual pain, GROC) in "
                f"{len(outcomes.episode_ids):,} episodes in {time.perf_counter() - started:.1f} s."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        # WhiteNoise warns that collectstatic has not run; the benchmark serves no static files.
        warnings.filterwarnings("ignore", message="No directory at")
        browser = TestClient(HTTP_HOST=allowed_host())
        browser.force_login(therapist)
        fragments = [self.name_fragment(rng) for _ in range(options["searches"])]
        pages = [rng.choice(ids) for _ in range(options["pages"])]
        # Plain static storage: the manifest storage needs collectstatic first and costs one dict lookup.
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}):
            for warm_up in fragments[:5]:
                fetch(browser, f"/clients/?q={warm_up}")
            for pk in pages[:5]:
                fetch(browser, f"/clients/{pk}/")
            # As clinic/wsgi.py does in production: the seeding's objects and the loaded app are frozen
            # out of the garbage collector's full scans.
            gc.collect()
            gc.freeze()
            search_ms = [timed_ms(browser, f"/clients/?q={fragment}") for fragment in fragments]
            page_ms = [timed_ms(browser, f"/clients/{pk}/") for pk in pages]
            visit_timings = self.time_visits(browser, rng, visit_client_ids, seeded, options["visit_pages"])

        self.report("Name search (client list with q)", search_ms)
        self.report("Client page", page_ms)
        for label, times in visit_timings:
            self.report(label, times)
        slowest = sorted(zip(search_ms, fragments, strict=True), reverse=True)[:5]
        self.stdout.write("Slowest searches: " + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in slowest))

    def name_fragment(self, rng) -> str:
        name = normalise_text(rng.choice(GIVEN) if rng.random() < 0.5 else rng.choice(FAMILY_STEMS))
        length = rng.randint(min(3, len(name)), min(5, len(name)))
        start = rng.randint(0, len(name) - length)
        return name[start : start + length].strip() or name

    def time_visits(self, browser, rng, client_ids, seeded, count) -> list[tuple[str, list[float]]]:
        """The client page of clients with visits, a signed visit's note, a draft's editing screen and an
        episode's progress page (its check-ins' measures, visits and pain maps)."""
        if not seeded or not count:
            return []
        timings = []
        urls = [
            ("Client page with visits", [f"/clients/{rng.choice(client_ids)}/" for _ in range(count)]),
            (
                "Visit page (signed note)",
                [f"/clients/visits/{rng.choice(seeded.signed_ids)}/" for _ in range(count)],
            ),
        ]
        if seeded.draft_ids:
            drafts = [f"/clients/visits/{rng.choice(seeded.draft_ids)}/" for _ in range(count)]
            urls.append(("Visit page (editing a draft)", drafts))
        if seeded.episode_ids:
            progress = [f"/clients/episodes/{rng.choice(seeded.episode_ids)}/" for _ in range(count)]
            urls.append(("Episode progress page", progress))
        for label, batch in urls:
            for url in batch[:5]:
                fetch(browser, url)
            timings.append((label, [timed_ms(browser, url) for url in batch]))
        return timings

    def report(self, label: str, times_ms: list[float]):
        self.stdout.write(report_line(label, times_ms, goal_p95_ms=GOAL_P95_MS))

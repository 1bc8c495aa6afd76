"""Benchmark the suggestion engine on a large synthetic library, in a scratch database.

It creates a throw-away database the way the test runner does (``test_<name>``; in memory on SQLite),
migrates it, adds N muscles x 3 trigger points x 8 zones (10 % under review, 5 % contradicted) and R
generated red-flag rules (besides the seeded ones), runs pain maps of 1 to 20 marked regions with random
qualities and screening answers, and prints the median and 95th-percentile time per suggestion, the
candidates and the fired red flags together, as a page computes them (the library version read once, then
the cached index and compiled rules). Your own database is not touched.
"""

import gc
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection

from reference.body_chart import load_chart
from reference.pain_map import CURRENT_CHART_VERSION, PainQuality
from reference.red_flag_triggers import PATTERNS, region_groups
from reference.red_flags import fired_flags, rule_book
from reference.screening import Screening, ScreeningAnswer
from reference.suggest import PainMark, forget_cached_indexes, rank_candidates, suggest, suggestion_index
from reference.versioning import current_library_version

TRIGGER_POINTS_PER_MUSCLE = 3
ZONES_PER_TRIGGER_POINT = 8
ESSENTIAL_ZONES_PER_TRIGGER_POINT = 2


class Command(BaseCommand):
    help = "Time trigger-point suggestions on a synthetic library in a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("--muscles", type=int, default=1000)
        parser.add_argument("--rules", type=int, default=100, help="generated red-flag rules to add")
        parser.add_argument("--maps", type=int, default=200, help="how many pain maps to time")
        parser.add_argument("--max-marks", type=int, default=20, help="largest number of marked regions")
        parser.add_argument("--seed", type=int, default=20261124)
        parser.add_argument(
            "--limit", type=int, default=10, help="candidates described in full, as the page shows (0 = all)"
        )

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        old_name = connection.settings_dict["NAME"]
        self.stdout.write(f"Creating a scratch database ({connection.vendor})...")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            self.run_benchmark(rng, options)
        finally:
            forget_cached_indexes()
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def run_benchmark(self, rng, options):
        started = time.perf_counter()
        zones = seed_library(rng, muscles=options["muscles"])
        self.stdout.write(
            f"Seeded {options['muscles']} muscles x {TRIGGER_POINTS_PER_MUSCLE} trigger points x "
            f"{ZONES_PER_TRIGGER_POINT} zones = {zones} zones in {time.perf_counter() - started:.1f} s"
        )
        seed_rules(rng, count=options["rules"])
        maps = random_pain_maps(rng, count=options["maps"], max_marks=options["max_marks"])
        screenings = [random_screening(rng) for _ in maps]

        forget_cached_indexes()
        started = time.perf_counter()
        limit = options["limit"] or None
        suggest_and_flag(maps[0], screenings[0], limit=limit)
        build_ms = (time.perf_counter() - started) * 1000
        rules = len(rule_book(chart_version=CURRENT_CHART_VERSION))
        # As clinic/wsgi.py does at start-up: long-lived objects (here the seeding's and the index) are frozen
        # out of the garbage collector's full scans, which otherwise land in random suggestions.
        gc.collect()
        gc.freeze()

        timings, flag_timings, candidate_counts, flag_counts = [], [], [], []
        version = current_library_version()
        for marks, screening in zip(maps, screenings, strict=True):
            started = time.perf_counter()
            _, flags = suggest_and_flag(marks, screening, limit=limit)
            timings.append((time.perf_counter() - started) * 1000)
            flag_counts.append(len(flags))
            started = time.perf_counter()
            fired_flags(marks, screening, chart_version=CURRENT_CHART_VERSION, library_version=version)
            flag_timings.append((time.perf_counter() - started) * 1000)
            candidate_counts.append(
                len(rank_candidates(suggestion_index(chart_version=CURRENT_CHART_VERSION), marks))
            )

        timings.sort()
        flag_timings.sort()
        p95 = percentile_95(timings)
        self.stdout.write(
            f"First suggestion (reads the library into the index and compiles the rules): {build_ms:.1f} ms"
        )
        self.stdout.write(
            f"{len(timings)} pain maps of 1-{options['max_marks']} regions, "
            f"{statistics.mean(candidate_counts):.0f} matching candidates on average, "
            f"best {limit or 'all'} described in full; {rules} published red-flag rules, "
            f"{statistics.mean(flag_counts):.1f} fired on average"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"per suggestion with red flags: median {statistics.median(timings):.2f} ms, "
                f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
            )
        )
        self.stdout.write(
            f"of which red-flag evaluation alone: median {statistics.median(flag_timings):.2f} ms, "
            f"p95 {percentile_95(flag_timings):.2f} ms"
        )


def seed_library(rng, *, muscles: int) -> int:
    from reference.models import BodyRegion, Muscle, MuscleGroup, ReferralZone, Source, Status, TriggerPoint
    from reference.versioning import bump_library_version

    regions = list(BodyRegion.objects.for_chart(CURRENT_CHART_VERSION))
    source = Source.objects.create(key="bench-synthetic", title="Synthetic benchmark library")
    group = MuscleGroup.objects.create(name="Synthetic", slug="bench-synthetic", source=source)
    muscle_rows = Muscle.objects.bulk_create(
        Muscle(
            name=f"Synthetic muscle {n:04d}",
            slug=f"bench-muscle-{n:04d}",
            group=group,
            status=Status.PUBLISHED,
            source=source,
            origin="synthetic",
            insertion="synthetic",
            action="synthetic",
            innervation_nerve="synthetic",
            spinal_segments="L4, L5",
        )
        for n in range(muscles)
    )
    trigger_points = TriggerPoint.objects.bulk_create(
        TriggerPoint(
            muscle=muscle,
            label=f"TrP {t + 1}",
            slug=f"{muscle.slug}-trp-{t + 1}",
            region=rng.choice(regions),
            status=Status.PUBLISHED,
            source=source,
        )
        for muscle in muscle_rows
        for t in range(TRIGGER_POINTS_PER_MUSCLE)
    )
    zones = []
    for trigger_point in trigger_points:
        for index, region in enumerate(rng.sample(regions, ZONES_PER_TRIGGER_POINT)):
            kind = "essential" if index < ESSENTIAL_ZONES_PER_TRIGGER_POINT else "spillover"
            # A curated library's mix: some zones under review (count half), a few contradicted (not at all).
            state = rng.random()
            zones.append(
                ReferralZone(
                    trigger_point=trigger_point,
                    region=region,
                    kind=kind,
                    status=Status.PUBLISHED,
                    source=source,
                    needs_review=state < 0.1,
                    review_reason="synthetic" if state < 0.1 else "",
                    contradicted=state > 0.95,
                    discrepancy_note="synthetic" if state > 0.95 else "",
                )
            )
    ReferralZone.objects.bulk_create(zones, batch_size=2000)
    bump_library_version()
    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no planner statistics yet; a live database has them (autovacuum).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(zones)


def random_pain_maps(rng, *, count: int, max_marks: int) -> list[list[PainMark]]:
    chart = load_chart(CURRENT_CHART_VERSION)
    places = [(region.code, side) for region in chart.regions for side in region.sides()]
    maps = []
    for _ in range(count):
        chosen = rng.sample(places, rng.randint(1, max_marks))
        maps.append(
            [
                PainMark(
                    region=code,
                    side=side,
                    intensity=rng.randint(1, 10),
                    quality=rng.choice(["", "", "aching", *PainQuality.values]),
                )
                for code, side in chosen
            ]
        )
    return maps


def suggest_and_flag(marks, screening, *, limit):
    """What a page does: read the library version once, then rank and evaluate from the cached copies."""
    version = current_library_version()
    candidates = suggest(marks, chart_version=CURRENT_CHART_VERSION, limit=limit, library_version=version)
    flags = fired_flags(marks, screening, chart_version=CURRENT_CHART_VERSION, library_version=version)
    return candidates, flags


NEURAL = ["tingling", "numb", "burning", "electric"]


def seed_rules(rng, *, count: int) -> None:
    """``count`` published rules drawn from every kind of condition of the trigger grammar."""
    from reference.models import RedFlagRule, Source, Status, Urgency
    from reference.versioning import bump_library_version

    source = Source.objects.get(key="bench-synthetic")
    groups = sorted(region_groups(CURRENT_CHART_VERSION).groups)
    codes = [region.code for region in load_chart(CURRENT_CHART_VERSION).regions]
    answers, patterns = ScreeningAnswer.values, sorted(PATTERNS)

    def triggers(n: int) -> dict:
        shape = n % 4
        if shape == 0:
            return {"all": [{"mark": {"group": rng.choice(groups)}}, {"answer": rng.choice(answers)}]}
        if shape == 1:
            neural = {"mark": {"qualities": rng.sample(NEURAL, 2)}}
            return {
                "any": [{"answer": rng.choice(answers)}, {"all": [{"pattern": rng.choice(patterns)}, neural]}]
            }
        if shape == 2:
            return {"mark": {"regions": rng.sample(codes, 3), "sides": [rng.choice(["left", "right"])]}}
        return {
            "all": [
                {"pattern": rng.choice(patterns)},
                {"any": [{"answer": a} for a in rng.sample(answers, 3)]},
            ]
        }

    RedFlagRule.objects.bulk_create(
        RedFlagRule(
            name=f"Synthetic rule {n:03d}",
            slug=f"bench-rule-{n:03d}",
            urgency=rng.choice(Urgency.values),
            message="Synthetic benchmark rule.",
            triggers=triggers(n),
            status=Status.PUBLISHED,
            source=source,
            sort_order=n,
        )
        for n in range(count)
    )
    bump_library_version()


def random_screening(rng) -> Screening:
    """Mostly a few answers or none, as a checklist usually is."""
    answers = rng.sample(ScreeningAnswer.values, rng.choice([0, 0, 1, 2, 3]))
    return Screening.of(
        answers, pain_course=rng.choice(["", "constant", "intermittent"]), night_pain=rng.random() < 0.2
    )


def percentile_95(sorted_timings: list[float]) -> float:
    return sorted_timings[max(0, int(round(0.95 * len(sorted_timings))) - 1)]

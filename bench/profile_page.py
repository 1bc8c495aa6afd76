"""Time (and optionally profile) whole requests in-process, against a database kept by a benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/clinic_dev \\
    python -m bench.profile_page --database prof_clients --user bench_therapist_1 \\
        --url /clients/visits/12/ [--url ...] [--count 100] [--profile] [--compare /bench/fortunes/]

Why: the benchmarks say how fast a page is; this says where its time goes, on the same data. Keep a database
with ``bench_clients --keep --scratch-name NAME`` (or ``bench_load --keep --scratch-name NAME``), then point
this at it. It runs under ``bench.settings`` with production's template loaders and garbage-collector freeze,
prints median / p95 wall and CPU time per URL (requests interleaved when several URLs are given) and, with
``--profile``, the heaviest functions by their own and cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="The kept scratch database's name.")
    parser.add_argument("--user", required=True, help="Username to sign in as (forced, no password).")
    parser.add_argument("--url", action="append", required=True, help="A URL to time; repeat for more.")
    parser.add_argument("--count", type=int, default=100, help="Requests per URL (after 5 to warm up).")
    parser.add_argument("--profile", action="store_true", help="Print a cProfile of the first URL.")
    parser.add_argument("--lines", type=int, default=40, help="Lines of profile to print.")
    parser.add_argument("--queries", action="store_true", help="Print each query of the first URL, timed.")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic")
    os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + args.database

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import get_resolver

    from records.bench.timing import allowed_host, fetch

    get_resolver().url_patterns  # noqa: B018 (as clinic/wsgi.py: load every view before the freeze)
    browser = Client(HTTP_HOST=allowed_host())
    browser.force_login(get_user_model().objects.get(username=args.user))
    for url in args.url:
        for _ in range(5):
            fetch(browser, url)
    gc.collect()
    gc.freeze()

    if args.queries:
        print_timed_queries(browser, args.url[0])

    wall: dict[str, list[float]] = {url: [] for url in args.url}
    cpu: dict[str, list[float]] = {url: [] for url in args.url}
    sizes: dict[str, int] = {}
    for _ in range(args.count):
        for url in args.url:
            started, started_cpu = time.perf_counter(), time.process_time()
            sizes[url] = len(fetch(browser, url).content)
            wall[url].append((time.perf_counter() - started) * 1000)
            cpu[url].append((time.process_time() - started_cpu) * 1000)
    for url in args.url:
        print(f"{url}: wall {summary(wall[url])}; cpu {summary(cpu[url])}; {sizes[url]:,} bytes")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.count):
            fetch(browser, args.url[0])
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.lines)
        stats.sort_stats("cumulative").print_stats(args.lines)


def summary(times_ms: list[float]) -> str:
    from records.bench.timing import percentile

    return f"median {statistics.median(times_ms):.1f} p95 {percentile(times_ms, 0.95):.1f} ms"


def print_timed_queries(browser, url: str) -> None:
    """Each query one request of ``url`` runs, with its wall time on the database connection."""
    from django.db import connection

    from records.bench.timing import fetch

    timed = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timer):
        fetch(browser, url)
    for ms, sql in timed:
        print(f"{ms:6.2f} ms  {sql[:160]}")
    print(f"{len(timed)} queries, {sum(ms for ms, _ in timed):.1f} ms")


if __name__ == "__main__":
    main()

"""Load benchmarks run against a real gunicorn on a scratch PostgreSQL database (``manage.py bench_load``).

Nothing here is imported by the app at run time: ``bench.settings`` adds the reference page for the
benchmark's own server only, and the other modules orchestrate a run (scratch database, seed, server, wrk).
"""

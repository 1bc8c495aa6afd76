"""Generated clinics for ``manage.py bench_clients``; never imported by the running app."""

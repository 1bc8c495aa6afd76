"""The app's settings plus the benchmark's reference page: used only by the gunicorn ``bench_load`` starts."""

from clinic.settings import *  # noqa: F403
from clinic.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

"""WSGI entry point: `gunicorn clinic.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
application = get_wsgi_application()
# The URLconf imports every view, form and template tag: load it now, so the freeze below covers them too.
get_resolver().url_patterns  # noqa: B018 (read for its side effect)

# Everything loaded so far (Django, the app, the body chart) lives as long as the process. Freezing it keeps
# the garbage collector from re-scanning it on every full collection, which otherwise adds tens of
# milliseconds to an occasional large page.
gc.freeze()

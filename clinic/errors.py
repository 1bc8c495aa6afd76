"""Error pages that say what happened in plain words and reveal nothing about the system."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template

# What a database restart or a dropped connection raises; anything else is a real error (500).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def database_unavailable_response() -> HttpResponse:
    """503 with Retry-After: the database is restarting or unreachable, so the request may simply be repeated.
    ``clinic.middleware.DatabaseRetryMiddleware`` retries a read once before the user sees this."""
    response = HttpResponse(get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.database_unavailable = True
    return response


def server_error(request):
    # Django calls this handler while handling the exception, so the exception is still at hand.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    # No request context: the failure may lie in a context processor or the database.
    return HttpResponseServerError(get_template("500.html").render({}))

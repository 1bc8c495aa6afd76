"""Headers every response gets on top of Django's security middleware and django-csp; the sliding session."""

import logging
import time

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.db import connections

logger = logging.getLogger(__name__)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PrivateHeadersMiddleware:
    """Pages for a signed-in user may show client data: no browser or proxy may keep a copy.

    Anonymous pages (login, password reset, health check) are left cacheable by default rules;
    static files never reach this middleware because WhiteNoise answers them first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
            response.headers["Pragma"] = "no-cache"
        return response


class SlidingSessionMiddleware:
    """Keep a working user's session alive: each request moves the idle timeout on, as Django's
    ``SESSION_SAVE_EVERY_REQUEST`` would, but writes the session at most once per
    ``SESSION_REFRESH_SECONDS`` (a minute) instead of on every request, which cost every page a
    transaction. A session thus ends between 29 and 30 idle minutes after the last request.

    It sits after Django's SessionMiddleware, which then saves the session when this marks it changed.
    """

    REFRESHED_AT = "_idle_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response
        self.refresh_seconds = getattr(settings, "SESSION_REFRESH_SECONDS", 60)

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(self.REFRESHED_AT, 0) >= self.refresh_seconds:
            session[self.REFRESHED_AT] = now
        return response


class DatabaseRetryMiddleware:
    """When the database drops the connection (a restart, a failover), repeat a read once on a new one.

    ``clinic.errors.server_error`` answers any request that failed on OperationalError/InterfaceError with
    the 503 "try again" page and ``Retry-After``, whichever middleware or view raised it. This middleware is
    the outermost, so it sees that response. For GET and HEAD, which change nothing and may be repeated, it
    closes the broken connections and runs the request again, once; the second answer, page or 503, is
    final. A POST is never repeated: the user is told to check and try again.
    """

    RETRIED = "_database_retried"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(response, "database_unavailable", False)
            and request.method in ("GET", "HEAD")
            and not getattr(request, self.RETRIED, False)
        ):
            setattr(request, self.RETRIED, True)
            logger.warning(
                "Database connection lost during %s %s; retrying once", request.method, request.path
            )
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:
                    connection.close()
            response = self.get_response(request)
        return response


class SessionEndedLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's "every page needs a sign-in", telling the sign-in page when a session has just ended.

    A request that still carries a session cookie but is not signed in comes from a session that ended
    (idle sign-out; signing out deletes the cookie): the sign-in page then says so (``?session=ended``),
    and the visit editor's script, which kept what was typed in that browser tab, puts it back once the
    therapist has signed in again (``static/js/visit-autosave.js``).
    """

    def handle_no_permission(self, request, view_func):
        response = super().handle_no_permission(request, view_func)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and response.has_header("Location"):
            location = response["Location"]
            response["Location"] = location + ("&" if "?" in location else "?") + "session=ended"
        return response

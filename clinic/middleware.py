"""Headers every response gets on top of Django's security middleware and django-csp; the sliding session."""

import time

from django.conf import settings

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

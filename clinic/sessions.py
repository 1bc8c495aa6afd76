"""How long a signed-in session has left, and the editor's keep-alive.

Sessions end after ``SESSION_IDLE_MINUTES`` without a request (``SESSION_COOKIE_AGE``); the sliding session
middleware (``clinic.middleware.SlidingSessionMiddleware``) moves the end on at most once a minute. Pages that
hold typing (the visit editor) ask how long is left, warn before the end and keep the session alive while
the therapist works, by posting to ``keep_alive`` at most once a minute (``static/js/visit-autosave.js``).
"""

import time

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from clinic.middleware import SlidingSessionMiddleware


def session_expires_in(request) -> int:
    """Seconds until this session ends if nothing else is asked of the server, counting this response."""
    age = settings.SESSION_COOKIE_AGE
    refreshed = request.session.get(SlidingSessionMiddleware.REFRESHED_AT)
    elapsed = int(time.time()) - refreshed if refreshed is not None else None
    if elapsed is None or elapsed >= getattr(settings, "SESSION_REFRESH_SECONDS", 60):
        return age  # this response saves the session, moving its end on (the middleware)
    return max(0, age - elapsed)


@require_POST
def keep_alive(request):
    """Move the session's end on now (the page's script calls this while the user works, throttled)."""
    request.session[SlidingSessionMiddleware.REFRESHED_AT] = int(time.time())
    return JsonResponse({"session_expires_in": settings.SESSION_COOKIE_AGE})

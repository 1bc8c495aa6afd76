"""Only curators reach the workspace. Anonymous users are sent to sign in by LoginRequiredMiddleware; the
second-factor middleware makes a curator give their code first."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from clinic.access import is_curator


def curator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_curator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper

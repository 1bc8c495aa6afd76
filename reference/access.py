"""Who reads the reference library and who previews its drafts.

The library is not clinic data: every member of a clinic (therapist, reception, clinic admin) reads its
published entries, and curators (group "Curators", with or without a clinic) also see drafts. Anyone else
signed in (a user with no active membership) gets 403.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from clinic import access


def can_read_library(user) -> bool:
    return access.membership_for(user) is not None or access.is_curator(user)


def can_preview_drafts(user) -> bool:
    return access.is_curator(user)


def library_reader_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read_library(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper

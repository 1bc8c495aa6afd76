"""Template context every page needs to draw the navigation for the user's role."""

from django.utils.functional import SimpleLazyObject

from clinic import access


def membership(request):
    # Lazy, so fragments and pages that never draw the navigation pay no query for it.
    user = request.user
    return {
        "current_membership": SimpleLazyObject(lambda: access.membership_for(user)),
        "user_is_clinician": SimpleLazyObject(lambda: access.is_clinician(user)),
        "user_is_clinic_admin": SimpleLazyObject(lambda: access.is_clinic_admin(user)),
        "user_is_curator": SimpleLazyObject(lambda: access.is_curator(user)),
    }

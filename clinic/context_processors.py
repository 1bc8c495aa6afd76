"""Template context every page needs to draw the navigation for the user's role."""

from clinic import access


def membership(request):
    user = request.user
    return {
        "current_membership": access.membership_for(user),
        "user_is_clinician": access.is_clinician(user),
        "user_is_clinic_admin": access.is_clinic_admin(user),
        "user_is_curator": access.is_curator(user),
    }

"""An episode's progress page and its printable progress report.

Clinicians only: the page is clinical content (reception gets 403, as on a visit); another clinic's episode
is 404 (records/views/common.py). Both reads go to the access log, as the client's record.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from clinic import access
from records.audit import log_access
from records.models import Action, Episode
from records.outcomes.progress import load_progress
from records.outcomes.treatment_summary import summarise_treatment
from records.views.common import CLINICIANS


def episode_for_user_or_404(user, pk: int) -> Episode:
    """The episode ``pk`` with its client, if it belongs to the user's clinic, else 404. One query."""
    return access.get_for_user_or_404(Episode.objects.select_related("client"), user, pk=pk)


def episode_view(view):
    """Look the episode up in the user's clinic (404 otherwise), then let clinicians only pass (403)."""

    @wraps(view)
    def wrapper(request, pk: int):
        episode = episode_for_user_or_404(request.user, pk)
        if access.role_of(request.user) not in CLINICIANS:
            raise PermissionDenied
        return view(request, episode)

    return wrapper


@episode_view
@require_http_methods(["GET"])
def episode_progress(request, episode):
    context = {"episode": episode, "client": episode.client, "progress": load_progress(episode)}
    log_access(
        request, client=episode.client, action=Action.VIEW_CLIENT, detail=f"episode {episode.pk}: progress"
    )
    return render(request, "records/outcomes/progress.html", context)


@episode_view
@require_http_methods(["GET"])
def episode_report(request, episode):
    membership = access.membership_for(request.user)
    context = {
        "episode": episode,
        "client": episode.client,
        "progress": load_progress(episode),
        "treatment": summarise_treatment(episode),
        # The letterhead: the reader's clinic and registration, loaded with their membership (no query).
        "printing_clinic": membership.clinic,
        "therapist_registration": membership.registration_number,
    }
    log_access(
        request,
        client=episode.client,
        action=Action.VIEW_CLIENT,
        detail=f"episode {episode.pk}: printed the progress report",
    )
    return render(request, "records/outcomes/report.html", context)

"""The one scoped lookup every client page uses, and the rule for who may open which client URL.

Rule: a URL naming a client answers 404 unless the client belongs to the user's clinic (so another clinic's
user, or a curator without a clinic, learns nothing, not even that the record exists); then the user's role
decides, and a role without rights answers 403. Pages that name no client (the list, the clinic-wide
access log) check the role only, so a user without a clinic role gets 403 there.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from clinic import access
from clinic.models import Role
from clinic.prepared_queries import LARGEST_ID, PreparedQuery, keep_prefetched
from records.audit import log_access
from records.models import Action, Client
from records.visits.queries import CONSENTS

STAFF = (Role.THERAPIST, Role.CLINIC_ADMIN, Role.RECEPTION)
CLINICIANS = (Role.THERAPIST, Role.CLINIC_ADMIN)
CLINIC_ADMINS = (Role.CLINIC_ADMIN,)


def _client_query(pk: int, clinic_id: int):
    return Client.objects.select_related("archived_by").filter(pk=pk, clinic_id=clinic_id)


# Every client page starts with it (and usually the client's consents, ``CONSENTS``): compiled once per
# process (clinic.prepared_queries).
CLIENT = PreparedQuery(_client_query, pk=-1, clinic_id=-2)


def client_for_request(request, pk: int, *, with_consents: bool = False) -> Client:
    """The client ``pk`` if it belongs to the user's clinic, else 404; ``with_consents``: with its consents
    read (``client.consents.all()``), in a second query."""
    clinic = access.clinic_for(request.user)
    # An id beyond the column's range finds nothing (the ORM's answer), rather than failing in the database.
    found = CLIENT.objects(pk=pk, clinic_id=clinic.pk) if clinic and 0 < pk <= LARGEST_ID else []
    if not found:
        raise Http404("No such record")
    client = found[0]
    if with_consents:
        keep_prefetched(client, "consents", CONSENTS.objects(client_id=client.pk), back_reference="client")
    return client


def client_view(roles, *, with_consents: bool = False):
    """Decorate a view taking ``(request, client, ...)`` for a URL with ``<int:pk>``: look the client up
    in the user's clinic (404 otherwise), then require one of ``roles`` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk: int, *args, **kwargs):
            client = client_for_request(request, pk, with_consents=with_consents)
            if access.role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, client, *args, **kwargs)

        return wrapper

    return decorator


def render_client_page(
    request, client: Client, template: str, context: dict, *, detail: str, status: int = 200
):
    """Render a page that shows part of ``client``'s record (a consent, say) and log the read, whatever the
    method: a form shown again after a refused POST is a read too."""
    log_access(request, client=client, action=Action.VIEW_CLIENT, detail=detail)
    return render(request, template, context, status=status)

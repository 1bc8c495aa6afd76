"""The client's whole record as a JSON download, for clinic admins answering a client's request (APP 12)."""

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods

from records.audit import log_access
from records.export import client_record_json, export_filename
from records.models import Action
from records.views.common import CLINIC_ADMINS, client_view


@client_view(CLINIC_ADMINS)
@require_http_methods(["GET"])
def client_export(request, client):
    body = client_record_json(client)
    log_access(request, client=client, action=Action.EXPORT, detail="whole record as JSON (download)")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(client)}"'
    return response

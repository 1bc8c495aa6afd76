"""What clinic admins read in a breach investigation: change history and the access log."""

from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clinic import access
from records.audit import change_history, log_access
from records.forms import AccessLogFilterForm
from records.log_pages import log_page
from records.models import AccessLogEntry, Action
from records.views.common import CLINIC_ADMINS, client_view

HISTORY_PER_PAGE = 50


@client_view(CLINIC_ADMINS)
@require_http_methods(["GET"])
def client_history(request, client):
    log_access(request, client=client, action=Action.VIEW_HISTORY)
    page = Paginator(change_history(client), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "records/client_history.html", {"client": client, "page": page})


@client_view(CLINIC_ADMINS)
@require_http_methods(["GET"])
def client_access_log(request, client):
    log_access(request, client=client, action=Action.VIEW_ACCESS_LOG)
    entries = AccessLogEntry.objects.filter(client=client).select_related("user")
    # Keyset pages, never a row count: the log grows by every page view (records/log_pages.py).
    page = log_page(entries, request.GET.get("before"))
    return render(request, "records/client_access_log.html", {"client": client, "page": page})


@access.clinic_admin_required
@require_http_methods(["GET"])
def access_log(request):
    clinic = access.clinic_for(request.user)
    form = AccessLogFilterForm(request.GET or None, clinic=clinic)
    entries = AccessLogEntry.objects.for_user(request.user).select_related("user", "client")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(user=data["user"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        # Whole days in the clinic's time zone, as ranges so the (clinic, -at) index serves them.
        if data["date_from"]:
            entries = entries.filter(
                at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min))
            )
        if data["date_to"]:
            next_day = data["date_to"] + timedelta(days=1)
            entries = entries.filter(at__lt=timezone.make_aware(datetime.combine(next_day, time.min)))
    log_access(request, client=None, action=Action.VIEW_CLINIC_ACCESS_LOG, detail=request.GET.urlencode())
    page = log_page(entries, request.GET.get("before"))
    querystring = request.GET.copy()
    querystring.pop("before", None)
    return render(
        request,
        "records/access_log.html",
        {"form": form, "page": page, "clinic": clinic, "querystring": querystring.urlencode()},
    )

"""Client list, page, create, edit, archive and restore.

Roles: therapists and clinic admins see and edit everything; reception sees and edits identity and contact
details only (the contact form, no clinical sections). Who gets 404 and who 403: see records/views/common.py.
"""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods

from clinic import access
from clinic.edit_conflicts import EditConflict, conflict_context
from records.audit import log_access
from records.fields import CLINICAL_FIELDS, CONTACT_FIELDS
from records.forms import ClientSearchForm, client_form_class_for
from records.models import Action, Client
from records.outcomes.progress import client_episodes
from records.search import parse_query
from records.views.common import CLINICIANS, STAFF, client_view
from records.visits.queries import read_client_page, timeline_context

CLIENTS_PER_PAGE = 25
# Identity columns only: the list never shows clinical fields, so it never loads them.
LIST_COLUMNS = [
    "pk",
    "clinic_id",
    "client_number",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "phone",
    "archived_at",
]


@access.staff_member_required
@require_http_methods(["GET"])
def client_list(request):
    clinic = access.clinic_for(request.user)
    form = ClientSearchForm(request.GET or None, clinic=clinic)
    query, status, therapist = parse_query(""), "active", None
    if form.is_bound:
        form.is_valid()  # a bad filter is reported by its field; the valid ones still apply
        query = parse_query(form.cleaned_data.get("q", ""))
        status = form.cleaned_data.get("status") or "active"
        therapist = form.cleaned_data.get("therapist")
        if query.error:
            form.add_error("q", query.error)
    clients = Client.objects.for_user(request.user).search(query)
    if status == "active":
        clients = clients.active()
    elif status == "archived":
        clients = clients.archived()
    if therapist is not None:
        clients = clients.seen_by(therapist)
    narrowed = not query.is_empty or status == "archived" or therapist is not None
    clients = clients.in_name_order(narrowed=narrowed).only(*LIST_COLUMNS)
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    log_access(
        request,
        client=None,
        action=Action.LIST_CLIENTS,
        detail=f"q={request.GET.get('q', '')!r} status={status} page={page.number}",
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "records/client_list.html",
        {
            "clinic": clinic,
            "form": form,
            "page": page,
            "rows": list_rows(page.object_list),
            "searching": not query.is_empty or status != "active",
            "querystring": querystring.urlencode(),
        },
    )


def list_rows(clients) -> list[dict]:
    """What each row of the list shows, as plain values: the template then only places them. Through the
    template engine (a URL reversed and a date formatted per row, each attribute looked up on a model) the
    rows cost the page twice as much."""
    rows = []
    for client in clients:
        rows.append(
            {
                "url": client.get_absolute_url(),
                "family_name": client.family_name,
                "given_name": client.given_name,
                "preferred_name": client.preferred_name,
                "client_number": client.client_number,
                "born": f"{client.date_of_birth:%d/%m/%Y}" if client.date_of_birth else "",
                "phone": client.phone,
                "archived": client.archived_at is not None,
            }
        )
    return rows


def _sections(client, *, clinician: bool):
    """Label/value pairs for the client page, from the one field split in records/fields.py."""

    def pairs(names):
        out = []
        for name in names:
            model_field = client._meta.get_field(name)
            if model_field.get_internal_type() == "BooleanField":
                continue
            value = getattr(client, f"get_{name}_display")() if model_field.choices else getattr(client, name)
            if isinstance(value, date):
                value = f"{value:%d/%m/%Y}"
            out.append((capfirst(model_field.verbose_name), value))
        return out

    sections = {"contact": pairs(CONTACT_FIELDS)}
    if clinician:
        sections["clinical"] = pairs(
            [n for n in CLINICAL_FIELDS if n not in ("needling_precaution_other", "notes")]
        )
    return sections


@client_view(STAFF)
@require_http_methods(["GET"])
def client_detail(request, client):
    clinician = access.is_clinician(request.user)
    log_access(request, client=client, action=Action.VIEW_CLIENT)
    # The consents, timeline, last map, episodes and measures in one round trip.
    reads = read_client_page(client, clinician=clinician)
    context = {"client": client, "clinician": clinician, "sections": _sections(client, clinician=clinician)}
    if clinician:
        context["consents"] = list(client.consents.all())
        context["precautions"] = client.needling_precautions()
        context["dry_needling_consent"] = client.dry_needling_consent_status()
    context.update(timeline_context(client, clinician=clinician, reads=reads))
    if clinician:
        # Episodes and their headlines are clinical content: never for reception.
        context["episodes"] = client_episodes(
            client, context["timeline_visits"], episodes=reads["episodes"], measure_rows=reads["measure_rows"]
        )
    # The user's own open draft, if any: "Start a visit" then goes to the page that offers to open it.
    context["own_draft"] = next(
        (v for v in context["timeline_visits"] if v.is_draft and v.therapist_id == request.user.pk), None
    )
    return render(request, "records/client_detail.html", context)


@access.staff_member_required
@require_http_methods(["GET", "POST"])
def client_create(request):
    clinic = access.clinic_for(request.user)
    form_class = client_form_class_for(clinician=access.is_clinician(request.user))
    form = form_class(request.POST or None, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        client = form.save()
        log_access(request, client=client, action=Action.CREATE_CLIENT)
        messages.success(request, f"{client} added.")
        return redirect(client)
    return render(request, "records/client_form.html", {"form": form, "client": None})


@client_view(STAFF)
@require_http_methods(["GET", "POST"])
def client_edit(request, client):
    title = str(client)  # before the form writes the submitted (maybe invalid) values onto the instance
    form_class = client_form_class_for(clinician=access.is_clinician(request.user))
    form = form_class(request.POST or None, instance=client, clinic=client.clinic_id)
    log_access(
        request, client=client, action=Action.EDIT_CLIENT, detail="saved" if request.method == "POST" else ""
    )
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except EditConflict as conflict:
            # Nothing written. The page shows both versions (only the fields this role's form has, so
            # reception never sees clinical content) and keeps the user's input, now at the stored version.
            context = {
                "form": form.rebind_after_conflict(conflict.current),
                "client": client,
                "title": title,
                "conflict": conflict_context(form, conflict.current),
            }
            return render(request, "records/client_form.html", context, status=409)
        messages.success(request, f"{client} saved.")
        return redirect(client)
    return render(request, "records/client_form.html", {"form": form, "client": client, "title": title})


@client_view(CLINICIANS)
@require_http_methods(["GET", "POST"])
def client_archive(request, client):
    if request.method == "POST":
        if not client.is_archived:
            client.archive(by=request.user)
            log_access(request, client=client, action=Action.ARCHIVE_CLIENT)
            messages.success(request, f"{client} archived. The record is kept; restore it at any time.")
        return redirect(client)
    return render(request, "records/client_archive.html", {"client": client, "restoring": False})


@client_view(CLINICIANS)
@require_http_methods(["GET", "POST"])
def client_restore(request, client):
    if request.method == "POST":
        if client.is_archived:
            client.restore(by=request.user)
            log_access(request, client=client, action=Action.RESTORE_CLIENT)
            messages.success(request, f"{client} restored.")
        return redirect(client)
    return render(request, "records/client_archive.html", {"client": client, "restoring": True})

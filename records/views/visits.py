"""The visit log: start a visit, work on the draft, sign it, discard it, add addenda.

Who may do what (checked in this order, so the answer never leaks more than it should):
a visit outside the user's clinic is a 404 (another clinic's user, or a curator without a clinic, learns
nothing); then a user who is not a clinician (reception) gets 403 on every visit URL; a signed or
discarded visit answers 409 to every change; a draft is changed only by its own therapist (others 403).
Reading a visit is recorded in the access log; changing one is recorded by its history. Every response
that shows a visit's content goes through ``render_visit_page``, which writes the access-log row, whatever
the method or status (a re-shown form after a refused addendum is a read too).

A draft may be signed or discarded elsewhere (another tab) while this request runs: ``visit_view`` turns the
resulting ``VisitLocked`` into the 409 locked page, wherever in the view it is raised.
"""

from __future__ import annotations

from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST

from clinic import access
from clinic.sessions import session_expires_in
from records.audit import log_access
from records.forms import AddendumForm, DiscardForm
from records.models import Action, Finding, Visit, VisitLocked
from records.outcomes.forms import EpisodeChoiceForm
from records.outcomes.summary import visit_measures
from records.pain_chart import pain_map_thumbnails
from records.views.common import CLINICIANS, client_view
from records.visits.autosave import errors_by_input, is_autosave, saved_rows
from records.visits.forms import VisitEditor, VisitForm
from records.visits.note_cache import parts_context, signed_record
from records.visits.printing import printout_context
from records.visits.queries import load_parts, marks_of, visit_for_user_or_404
from records.visits.saving import EditConflict, last_signed_map_visit, save_draft, start_visit
from records.visits.sections import folded_sections
from records.visits.signing import SigningRefused, add_addendum, discard_visit, sign_visit, signing_problems
from reference.body_chart import load_chart
from reference.models import Side, Status, TriggerPoint
from reference.pain_map import PainMapForm, PainQuality
from reference.pain_map_views import overlay_for, pain_map_context, suggestions_context
from reference.screening import ScreeningForm

LOCKED_STATUS = 409


def visit_view(view):
    """Decorate a view taking ``(request, visit)`` for a URL with ``<int:pk>``: the visit is looked up in the
    user's clinic (404 otherwise, so nothing leaks), then only clinicians pass (403 otherwise), the same
    rule as the client pages (records/views/common.py)."""

    @wraps(view)
    def wrapper(request, pk: int):
        visit = visit_for_user_or_404(request.user, pk)
        if access.role_of(request.user) not in CLINICIANS:
            raise PermissionDenied
        try:
            return view(request, visit)
        except VisitLocked:
            # Signed or discarded elsewhere after this request read it (two tabs, a sign racing a discard).
            visit.refresh_from_db()
            return locked_response(request, visit)
        except PermissionError as error:
            raise PermissionDenied(str(error)) from error

    return wrapper


def render_visit_page(request, visit: Visit, template: str, context: dict, *, detail: str, status: int = 200):
    """Render a page showing ``visit``'s content and record the read in the access log: the one way visit
    content reaches a response, so no branch (a re-shown form, a conflict, an error) can skip the log."""
    log_access(request, client=visit.client, action=Action.VIEW_VISIT, detail=f"visit {visit.pk}{detail}")
    return render(request, template, context, status=status)


def locked_response(request, visit: Visit, *, message: str = ""):
    """Every attempt to change a signed or discarded visit ends here: 409 and a plain explanation."""
    message = message or (
        f"This visit is {visit.get_status_display().lower()} and locked. Nothing was changed."
        + (" Add an addendum to correct or add to the note." if visit.is_signed else "")
    )
    return render(
        request, "records/visits/locked.html", {"visit": visit, "message": message}, status=LOCKED_STATUS
    )


def require_own_draft(request, visit: Visit):
    """Return a 409 response for a locked visit, raise 403 for someone else's draft, else None."""
    if not visit.is_draft:
        return locked_response(request, visit)
    if visit.therapist_id != request.user.pk:
        raise PermissionDenied("Only the therapist who started this draft can change it.")
    return None


# --- Start ------------------------------------------------------------------------------------------------


@client_view(CLINICIANS)
@require_http_methods(["GET", "POST"])
def visit_start(request, client):
    """Start a visit: the page offers the client's open drafts first (open one rather than start a second),
    then a fresh map or a copy of the last signed visit's map, previewed with its date and therapist."""
    if client.is_archived:
        messages.error(request, "This client is archived. Restore the record before starting a visit.")
        return redirect(client)
    previous = last_signed_map_visit(client)
    episodes = list(client.episodes.active().order_by("-started_on", "-id"))
    if request.method == "POST":
        # Without a choice (an older page, a script) the visit joins the client's open episode.
        chosen = {}
        if "episode" in request.POST:
            episode_form = EpisodeChoiceForm(request.POST, episodes=episodes)
            if not episode_form.is_valid():
                context = start_context(client, request.user, previous, episodes=episodes)
                context["episode_form"] = episode_form
                messages.error(request, "Not started: choose the episode again.")
                return render(request, "records/visits/start.html", context)
            chosen = episode_form.chosen()
        copy_from = None
        wanted = request.POST.get("copy_from", "")
        if wanted or request.POST.get("copy_last_map"):
            # The map previewed is the one copied: a newer signed visit since the page was shown is not.
            if previous is None or (wanted and wanted != str(previous.pk)):
                messages.error(
                    request,
                    "Not started: the last visit's map changed since this page was shown. Check it and "
                    "choose again.",
                )
                return redirect("records:visit_start", client.pk)
            copy_from = previous
        visit = start_visit(client=client, therapist=request.user, copy_from=copy_from, **chosen)
        return redirect(visit)
    return render(
        request, "records/visits/start.html", start_context(client, request.user, previous, episodes=episodes)
    )


def start_context(client, user, previous: Visit | None, *, episodes: list) -> dict:
    """The start page: open drafts (the user's own first), the episode to join (the client's active
    episodes, ``episodes``, the newest chosen), and the previous map with a preview. Three queries: the
    drafts, the previous visit's marks (with their regions)."""
    drafts = list(client.visits.drafts().select_related("therapist").order_by("-started_at", "-id"))
    marks = list(previous.pain_marks.select_related("region")) if previous else []
    chart = load_chart(previous.chart_version) if previous else None
    return {
        "client": client,
        "episode_form": EpisodeChoiceForm(episodes=episodes),
        "own_drafts": [d for d in drafts if d.therapist_id == user.pk],
        "other_drafts": [d for d in drafts if d.therapist_id != user.pk],
        "previous": previous,
        "previous_marks": [
            {
                "label": chart.region(m.region.code).label(m.side),
                "intensity": m.intensity,
                "quality": PainQuality(m.quality).label.lower() if m.quality else "",
            }
            for m in marks
        ],
        "previous_thumbnails": pain_map_thumbnails(
            marks, chart_version=previous.chart_version if previous else 1
        ),
    }


# --- The visit page ---------------------------------------------------------------------------------------


@visit_view
@require_http_methods(["GET", "POST"])
def visit_detail(request, visit):
    if request.method == "POST":
        if is_autosave(request):
            return _autosave(request, visit)
        refusal = require_own_draft(request, visit)
        if refusal is not None:
            return refusal
        return _save(request, visit)
    if visit.is_draft and visit.therapist_id == request.user.pk:
        load_parts(visit, for_editing=True)
        editor = VisitEditor.build(visit, marks=marks_of(visit))
        return _render_editor(request, visit, editor, shown_key=request.GET.get("show", ""))
    return render_visit_page(
        request, visit, "records/visits/note.html", note_context(visit, request.user), detail=""
    )


def _save(request, visit: Visit):
    load_parts(visit, for_editing=True)
    editor = VisitEditor.build(visit, request.POST)
    action = request.POST.get("action", "save")
    if not editor.is_valid():
        messages.error(request, "Nothing was saved yet: correct the entries marked below.")
        return _render_editor(request, visit, editor, status=200)
    try:
        save_draft(
            visit_id=visit.pk,
            by=request.user,
            expected_lock_version=editor.lock_version,
            changes=editor.changes(),
        )
    except EditConflict as conflict:
        return _render_conflict(request, visit, conflict.current)
    except VisitLocked:
        visit.refresh_from_db()
        return locked_response(request, visit)
    except ValidationError as error:
        messages.error(request, "Nothing was saved: " + "; ".join(error.messages))
        return _render_editor(request, visit, editor, status=200)
    log_access(request, client=visit.client, action=Action.SAVE_VISIT, detail=f"visit {visit.pk}")

    if "add_candidate" in request.POST:
        return _add_candidate(request, visit, request.POST["add_candidate"])
    if request.POST.get("show"):
        messages.info(request, "Draft saved.")
        return redirect(
            f"{visit.get_absolute_url()}?{urlencode({'show': request.POST['show']}, safe=':')}#candidates"
        )
    if action == "sign":
        try:
            sign_visit(visit_id=visit.pk, by=request.user)
        except SigningRefused:
            # The page lists what is missing (computed afresh), so the list is never stale.
            return redirect(visit.get_absolute_url() + "?sign=refused")
        log_access(request, client=visit.client, action=Action.SIGN_VISIT, detail=f"visit {visit.pk}")
        messages.success(request, "Visit signed. The note is now locked; corrections are added as addenda.")
        return redirect(visit)
    messages.success(request, "Draft saved.")
    return redirect(visit)


def _autosave(request, visit: Visit):
    """The page's "Save draft" sent in the background (``records.visits.autosave``): the same checks,
    validation, version check and transaction as ``_save``, answered in JSON."""
    if not visit.is_draft:
        return _autosave_locked(visit)
    if visit.therapist_id != request.user.pk:
        raise PermissionDenied("Only the therapist who started this draft can change it.")
    load_parts(visit, for_editing=True)
    editor = VisitEditor.build(visit, request.POST)
    if not editor.is_valid():
        return JsonResponse(
            {
                "status": "invalid",
                "message": "Not saved yet: correct the entries marked below.",
                "errors": errors_by_input(editor),
            },
            status=422,
        )
    try:
        saved = save_draft(
            visit_id=visit.pk,
            by=request.user,
            expected_lock_version=editor.lock_version,
            changes=editor.changes(),
        )
    except EditConflict as conflict:
        return _autosave_conflict(request, visit, conflict.current)
    except VisitLocked:
        visit.refresh_from_db()
        return _autosave_locked(visit)
    except ValidationError as error:
        return JsonResponse(
            {"status": "invalid", "message": "Not saved: " + "; ".join(error.messages), "errors": {}},
            status=422,
        )
    return JsonResponse(
        {
            "status": "saved",
            "saved_at": f"{timezone.localtime(saved.updated_at):%H:%M}",
            "lock_version": saved.lock_version,
            "rows": saved_rows(editor),
            "session_expires_in": session_expires_in(request),
        }
    )


def _autosave_locked(visit: Visit):
    message = f"Not saved: this visit is {visit.get_status_display().lower()}."
    return JsonResponse({"status": "locked", "message": message}, status=LOCKED_STATUS)


def _autosave_conflict(request, visit: Visit, current: Visit):
    """Nothing saved: the explanation the full page gives, drawn by the same template. It shows the other
    version's entries, so it is a read of the visit."""
    log_access(
        request, client=visit.client, action=Action.VIEW_VISIT, detail=f"visit {visit.pk}: autosave conflict"
    )
    conflict = conflict_details(current, _submitted_note(visit, request.POST, current))
    html = render_to_string("records/visits/includes/edit_conflict.html", {"conflict": conflict}, request)
    return JsonResponse(
        {
            "status": "conflict",
            "message": "Not saved: this draft was saved elsewhere after you opened it.",
            "html": html,
            # Used only when the therapist then chooses "Save draft", to replace that version with theirs.
            "lock_version": current.lock_version,
        },
        status=LOCKED_STATUS,
    )


def _add_candidate(request, visit: Visit, key: str):
    """Add a suggested (trigger point, side) as a suspected finding, once."""
    tp_id, _, side = key.partition(":")
    trigger_point = (
        TriggerPoint.objects.published().filter(pk=tp_id, muscle__status=Status.PUBLISHED).first()
        if tp_id.isdigit()
        else None
    )
    if trigger_point is None or side not in Side.values:
        messages.error(request, "That candidate is not in the published library.")
        return redirect(visit)
    with transaction.atomic():
        finding, created = Finding.objects.get_or_create(visit=visit, trigger_point=trigger_point, side=side)
    if created:
        messages.success(
            request, f"Draft saved. {trigger_point.label}, {side}, added as a suspected finding."
        )
    else:
        messages.info(request, f"Draft saved. {trigger_point.label}, {side}, is already a finding.")
    return redirect(visit.get_absolute_url() + "#findings")


def _render_editor(
    request, visit: Visit, editor: VisitEditor, *, status: int = 200, shown_key: str = "", conflict=None
):
    context = suggestions_context(
        editor.pain_map, editor.screening, shown_key=shown_key, library_version=editor.library.version
    )
    overlay = overlay_for(shown_key, context["candidates"]) if shown_key else None
    reads = visit.editor_reads  # read with the parts (records.visits.queries.load_parts)
    context.update(pain_map_context(editor.pain_map, overlay=overlay))
    context.update(
        {
            "visit": visit,
            "client": visit.client,
            "editor": editor,
            "form": editor.form,
            "screening_form": editor.screening,
            "add_as_finding": True,
            "precautions": visit.client.needling_precautions(),
            "consent_status": visit.client.dry_needling_consent_status(),
            "signing_problems": signing_problems(visit) if request.method == "GET" else [],
            # The visit's check-in in a line (records/outcomes/summary.py).
            "measures": visit_measures(visit.pk, rows=reads.measure_rows),
            "conflict": conflict,
            "folded_sections": folded_sections(
                editor, request.user.pk, recent_rows=reads.recent_section_rows
            ),
            "autosave_seconds": settings.VISIT_AUTOSAVE_SECONDS,
            "session_expires_in": session_expires_in(request),
            "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        }
    )
    detail = "" if request.method == "GET" else f": editor shown again after a refused save ({status})"
    return render_visit_page(
        request, visit, "records/visits/edit.html", context, detail=detail, status=status
    )


def _render_conflict(request, visit: Visit, current: Visit):
    """Keep everything the user typed, show what the other save changed, and let them save over it."""
    data = request.POST.copy()
    data["lock_version"] = current.lock_version
    editor = VisitEditor.build(visit, data)
    editor.is_valid()
    submitted = editor.form.cleaned_data if editor.form.is_valid() else {}
    messages.warning(
        request,
        "Not saved: this draft was saved elsewhere after you opened it. Your entries are kept below; check "
        "the other version, then save again to replace it with yours.",
    )
    conflict = conflict_details(current, submitted)
    return _render_editor(request, visit, editor, status=409, conflict=conflict)


def _submitted_note(visit: Visit, data, current: Visit) -> dict:
    """The note's fields as submitted (valid ones only), to compare with the version saved elsewhere."""
    data = data.copy()
    data["lock_version"] = current.lock_version
    form = VisitEditor.build(visit, data).form
    return form.cleaned_data if form.is_valid() else {}


def conflict_details(current: Visit, submitted: dict) -> dict:
    """Who saved the draft elsewhere and when, and where their note differs from what was submitted."""
    latest = current.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    saved_by = latest.history_user if latest else None
    differences = []
    for name in VisitForm.Meta.fields:
        theirs, mine = getattr(current, name), submitted.get(name)
        if name not in submitted or _shown(mine) == _shown(theirs):
            continue
        differences.append((capfirst(Visit._meta.get_field(name).verbose_name), _shown(theirs)))
    return {
        "saved_by": (saved_by.get_full_name() or saved_by.get_username()) if saved_by else "someone",
        "saved_at": current.updated_at,
        "differences": differences,
    }


def _shown(value) -> str:
    """A value as the page shows it (a time to the minute, as the form takes it)."""
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


@visit_view
@require_POST
def visit_candidates(request, visit):
    """The candidates beside the pain map, refreshed by the page's script as the map changes."""
    refusal = require_own_draft(request, visit)
    if refusal is not None:
        return refusal
    form = PainMapForm(request.POST)
    screening_form = ScreeningForm(request.POST)
    context = suggestions_context(form, screening_form)
    context.update(add_as_finding=True, flags_heading="h3")
    status = 400 if form.errors or screening_form.errors else 200
    return render(request, "includes/suggestions_fragment.html", context, status=status)


# --- Ending a draft, correcting a note -------------------------------------------------------------------


@visit_view
@require_http_methods(["GET", "POST"])
def visit_discard(request, visit):
    refusal = require_own_draft(request, visit)
    if refusal is not None:
        return refusal
    form = DiscardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        discard_visit(visit_id=visit.pk, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Draft discarded. It is kept in the record with your reason.")
        return redirect(visit.client)
    errors = form.errors.get("reason") if form.is_bound else None
    return render_visit_page(
        request,
        visit,
        "records/visits/discard.html",
        {
            "visit": visit,
            "client": visit.client,
            "error": errors[0] if errors else "",
            # What was typed comes back, minus the characters the form refused to keep.
            "reason": form.data.get("reason", "").replace("\x00", "") if form.is_bound else "",
            "max_length": form.fields["reason"].max_length,
        },
        detail=": discard form",
    )


@visit_view
@require_POST
def visit_addendum(request, visit):
    if not visit.is_signed:
        message = (
            "Addenda are for signed notes: this visit is a draft, so edit the draft instead."
            if visit.is_draft
            else "This visit was discarded; nothing can be added to it."
        )
        return locked_response(request, visit, message=message)
    form = AddendumForm(request.POST)
    errors = form.errors if not form.is_valid() else {}
    if not errors:
        try:
            addendum = add_addendum(
                visit=visit,
                by=request.user,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, "Addendum added under the note.")
            return redirect(addendum)
    context = note_context(visit, request.user)
    context["addendum_errors"] = errors
    context["addendum_data"] = {
        name: form.data.get(name, "").replace("\x00", "") for name in ("text", "reason")
    }
    return render_visit_page(
        request, visit, "records/visits/note.html", context, detail=": note shown again, addendum refused"
    )


# --- Reading ----------------------------------------------------------------------------------------------


def note_context(visit: Visit, user) -> dict:
    """The note page's (and printable note's) context. A signed note's record comes drawn from the cache
    (records/visits/note_cache.py) with only its addenda read; other visits load and draw every part."""
    if visit.is_signed:
        record = signed_record(visit, user)
        return {
            "visit": visit,
            "client": visit.client,
            "note_record_html": mark_safe(record["html"]),  # noqa: S308 - our own template's output
            "has_self_help": record["has_self_help"],
            "addenda": list(visit.addenda.all()),
            "can_edit": False,
            "can_add_addendum": True,
        }
    return full_note_context(visit, user)


def full_note_context(visit: Visit, user) -> dict:
    """Every part of the visit, loaded (one query per kind of part) for the templates to draw."""
    load_parts(visit)
    parts = parts_context(visit)
    return parts | {
        "client": visit.client,
        "addenda": list(visit.addenda.all()),
        "has_self_help": bool(parts["self_help"]),
        "can_edit": visit.is_draft and visit.therapist_id == user.pk,
        "can_add_addendum": visit.is_signed,
    }


@visit_view
@require_http_methods(["GET"])
def visit_print(request, visit):
    return render_visit_page(
        request,
        visit,
        "records/visits/print.html",
        note_context(visit, request.user) | printout_context(visit, request.user),
        detail=": printed the note",
    )


@visit_view
@require_http_methods(["GET"])
def visit_handout(request, visit):
    return render_visit_page(
        request,
        visit,
        "records/visits/handout.html",
        full_note_context(visit, request.user) | printout_context(visit, request.user, with_pain_map=False),
        detail=": printed the self-help handout",
    )

"""Recording episodes of care and check-ins: open, edit, discharge and reopen an episode; record, edit, sign,
discard and correct a check-in (on its own, or inside a visit).

Who may do what, in this order (the rule of records/views/common.py and records/views/visits.py): an episode
or check-in outside the user's clinic is a 404; then anyone but a clinician (reception) gets 403; a locked
check-in (signed, discarded, or in a visit no longer a draft) answers 409 to every change; a draft check-in
is changed only by the therapist who recorded it (others 403). Every page showing measures is recorded in
the access log; every change by the models' history.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clinic import access
from clinic.edit_conflicts import EditConflict, conflict_context
from records.audit import log_access
from records.models import (
    Action,
    CheckIn,
    CheckInLocked,
    CheckInStatus,
    Episode,
    LefsItemScore,
    PsfsScore,
)
from records.outcomes.forms import (
    CheckInAddendumForm,
    CheckInDiscardForm,
    CheckInForm,
    DischargeForm,
    EpisodeForm,
    ReopenForm,
)
from records.outcomes.instruments import (
    GROC_QUESTION,
    LEFS_ANSWERS,
    LEFS_ITEM_COUNT,
    LEFS_ITEMS,
    LEFS_QUESTION,
    PSFS_ANCHORS,
    PSFS_QUESTION,
)
from records.outcomes.saving import create_episode, save_check_in
from records.outcomes.summary import summary_of
from records.views.common import CLINICIANS, client_view
from records.views.visits import render_visit_page, require_own_draft, visit_view

LOCKED_STATUS = 409
CHECK_IN_FIELDS = ["kind", "recorded_on", "usual_pain_week", "groc"]


# --- Lookups ----------------------------------------------------------------------------------------------


def _clinician_only(request) -> None:
    if access.role_of(request.user) not in CLINICIANS:
        raise PermissionDenied


def episode_view(view):
    """Decorate a view taking ``(request, episode)`` for a URL with ``<int:pk>``: 404 outside the user's
    clinic, then 403 for anyone but a clinician."""

    @wraps(view)
    def wrapper(request, pk: int):
        episode = access.get_for_user_or_404(Episode.objects.select_related("client"), request.user, pk=pk)
        _clinician_only(request)
        return view(request, episode)

    return wrapper


def check_in_view(view):
    """Decorate a view taking ``(request, check_in)``: 404 outside the user's clinic, 403 for anyone but a
    clinician, and a check-in locked while the request ran (signed in another tab) answers 409."""

    @wraps(view)
    def wrapper(request, pk: int):
        check_in = access.get_for_user_or_404(
            CheckIn.objects.select_related(
                "episode__client", "visit", "therapist", "signed_by", "discarded_by"
            ),
            request.user,
            pk=pk,
        )
        _clinician_only(request)
        try:
            return view(request, check_in)
        except CheckInLocked:
            check_in.refresh_from_db()
            return locked_response(request, check_in)

    return wrapper


def _with_answers(queryset):
    return queryset.prefetch_related(
        "lefs_items", Prefetch("psfs_scores", queryset=PsfsScore.objects.select_related("activity"))
    )


def locked_response(request, check_in: CheckIn, *, message: str = ""):
    if not message:
        if check_in.visit_id:
            message = (
                "This check-in was recorded in a visit that is no longer a draft: it is locked with the "
                "visit. Nothing was changed. Correct it with an addendum to the visit's note."
            )
        else:
            message = (
                f"This check-in is {check_in.get_status_display().lower()} and locked. Nothing was changed."
            )
            if check_in.status == CheckInStatus.SIGNED:
                message += " Add an addendum to correct or add to it."
    return render(
        request,
        "records/outcomes/check_in_locked.html",
        {"check_in": check_in, "message": message},
        status=LOCKED_STATUS,
    )


def _own_draft_refusal(request, check_in: CheckIn):
    """409 for a locked check-in, 403 for another therapist's draft, else None."""
    if check_in.is_locked:
        return locked_response(request, check_in)
    if check_in.therapist_id != request.user.pk:
        raise PermissionDenied("Only the therapist who recorded this check-in can change it.")
    return None


def _own_standalone_draft_refusal(request, check_in: CheckIn, *, inside_a_visit: str):
    """As ``_own_draft_refusal``, for what only a check-in on its own allows (signing, discarding): one inside
    a visit gets 409 with ``inside_a_visit``, which says where that is done instead."""
    if check_in.visit_id:
        return locked_response(request, check_in, message=inside_a_visit)
    return _own_draft_refusal(request, check_in)


def _log(request, client, action: str, detail: str) -> None:
    log_access(request, client=client, action=action, detail=detail)


# --- Episodes ---------------------------------------------------------------------------------------------


@client_view(CLINICIANS)
@require_http_methods(["GET", "POST"])
def episode_new(request, client):
    if client.is_archived:
        messages.error(request, "This client is archived. Restore the record before opening an episode.")
        return redirect(client)
    form = EpisodeForm(request.POST or None, client=client, by=request.user)
    if request.method == "POST" and form.is_valid():
        episode = create_episode(episode=form.instance, activity_names=form.activity_names(), by=request.user)
        _log(request, client, Action.EDIT_EPISODE, f"episode {episode.pk}: opened")
        messages.success(request, f"Episode “{episode.title}” opened.")
        return redirect(episode)
    _log(request, client, Action.EDIT_EPISODE, "new episode form")
    return render(
        request, "records/outcomes/episode_form.html", {"client": client, "form": form, "episode": None}
    )


@episode_view
@require_http_methods(["GET", "POST"])
def episode_edit(request, episode):
    client = episode.client
    title = episode.title  # before the form writes the submitted values onto the instance
    form = EpisodeForm(request.POST or None, instance=episode, client=client, by=request.user)
    context = {"client": client, "form": form, "episode": episode, "title": title}
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except EditConflict as conflict:
            _log(
                request, client, Action.EDIT_EPISODE, f"episode {episode.pk}: save refused, changed elsewhere"
            )
            context.update(
                form=form.rebind_after_conflict(conflict.current),
                conflict=conflict_context(form, conflict.current),
            )
            return render(request, "records/outcomes/episode_form.html", context, status=409)
        _log(request, client, Action.EDIT_EPISODE, f"episode {episode.pk}: saved")
        messages.success(request, f"Episode “{episode.title}” saved.")
        return redirect(episode)
    _log(request, client, Action.EDIT_EPISODE, f"episode {episode.pk}")
    return render(request, "records/outcomes/episode_form.html", context)


@episode_view
@require_http_methods(["GET", "POST"])
def episode_discharge(request, episode):
    """Discharge an active episode (date, reason, note), or reopen a discharged one (``action=reopen``)."""
    client = episode.client
    reopening = not episode.is_active
    form_class = ReopenForm if reopening else DischargeForm
    if request.method == "POST" and (request.POST.get("action") == "reopen") != reopening:
        # The page was opened before someone else discharged or reopened the episode.
        messages.warning(
            request,
            f"Nothing changed: this episode is {episode.get_status_display().lower()} already.",
        )
        return redirect(reverse("records:episode_discharge", args=[episode.pk]))
    form = form_class(request.POST or None, episode=episode)
    context = {"client": client, "episode": episode, "form": form, "reopening": reopening}
    if request.method == "POST" and form.is_valid():
        try:
            if reopening:
                episode.reopen(by=request.user, expected_lock_version=form.expected_lock_version)
            else:
                episode.discharge(
                    by=request.user,
                    on=form.cleaned_data["discharged_on"],
                    reason=form.cleaned_data["discharge_reason"],
                    note=form.cleaned_data["discharge_note"],
                    expected_lock_version=form.expected_lock_version,
                )
        except EditConflict as conflict:
            episode.refresh_from_db()
            _log(
                request, client, Action.DISCHARGE_EPISODE, f"episode {episode.pk}: refused, changed elsewhere"
            )
            context["conflict"] = conflict_context(form, conflict.current, fields=["title", "status"])
            context["form"] = form.rebind_after_conflict(conflict.current)
            return render(request, "records/outcomes/episode_discharge.html", context, status=409)
        except ValidationError as error:
            episode.refresh_from_db()
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            verb = "reopened" if reopening else "discharged"
            _log(request, client, Action.DISCHARGE_EPISODE, f"episode {episode.pk}: {verb}")
            messages.success(request, f"Episode “{episode.title}” {verb}.")
            return redirect(episode)
    _log(request, client, Action.DISCHARGE_EPISODE, f"episode {episode.pk}: form")
    return render(request, "records/outcomes/episode_discharge.html", context)


# --- Check-ins: recording ---------------------------------------------------------------------------------


def _check_in_form_page(request, context: dict, *, status: int = 200):
    return render(request, "records/outcomes/check_in_form.html", context, status=status)


def _save_from_form(request, form: CheckInForm):
    """Write the form's check-in; a ValidationError from the models is shown as the form's own."""
    try:
        return save_check_in(
            check_in=form.instance,
            by=request.user,
            expected_lock_version=form.expected_lock_version,
            lefs=form.lefs_scores(),
            psfs=form.psfs_scores(),
            new_activities=form.new_activities(),
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return None


def _form_context(form: CheckInForm, *, client, episode, visit=None, check_in=None, **extra) -> dict:
    return {
        "client": client,
        "episode": episode,
        "visit": visit,
        "check_in": check_in,
        "form": form,
        "lefs_question": LEFS_QUESTION,
        "lefs_answers": LEFS_ANSWERS,
        "psfs_question": PSFS_QUESTION,
        "psfs_anchors": PSFS_ANCHORS,
        "groc_question": GROC_QUESTION,
        "stored_summary": summary_of(check_in) if check_in is not None and check_in.pk else None,
        **extra,
    }


@episode_view
@require_http_methods(["GET", "POST"])
def check_in_new(request, episode):
    """A check-in on its own (not in a visit), for ``episode``."""
    client = episode.client
    activities = list(episode.psfs_activities.all())
    form = CheckInForm(request.POST or None, episode=episode, therapist=request.user, activities=activities)
    if request.method == "POST" and form.is_valid():
        check_in = _save_from_form(request, form)
        if check_in is not None:
            _log(request, client, Action.SAVE_CHECK_IN, f"check-in {check_in.pk}: recorded")
            messages.success(request, "Check-in saved as a draft. Sign it when it is complete.")
            return redirect("records:check_in_detail", check_in.pk)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Nothing was saved yet: correct the entries marked below.")
    _log(request, client, Action.VIEW_CHECK_IN, f"episode {episode.pk}: new check-in form")
    return _check_in_form_page(request, _form_context(form, client=client, episode=episode))


@visit_view
@require_http_methods(["GET", "POST"])
def visit_check_in(request, visit):
    """The check-in recorded in a draft visit (made at the first save): only the visit's therapist, while
    the visit is a draft; it locks with the visit."""
    refusal = require_own_draft(request, visit)
    if refusal is not None:
        return refusal
    episode = visit.episode  # read with the visit (visit_for_user_or_404)
    check_in = _with_answers(CheckIn.objects.filter(visit=visit)).first()
    activities = list(episode.psfs_activities.all())
    form = CheckInForm(
        request.POST or None,
        instance=check_in,
        episode=episode,
        therapist=visit.therapist,
        visit=visit,
        activities=activities,
    )
    context = _form_context(form, client=visit.client, episode=episode, visit=visit, check_in=check_in)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_from_form(request, form)
        except IntegrityError:
            # Another tab recorded this visit's check-in first (one per visit): nothing of this save stays.
            messages.error(
                request,
                "Not saved: this visit's measures were recorded elsewhere meanwhile. Open the measures "
                "again to see them, then re-enter your changes.",
            )
            return render_visit_page(
                request,
                visit,
                "records/outcomes/check_in_form.html",
                context,
                detail=": check-in save refused, recorded elsewhere",
                status=409,
            )
        except EditConflict as conflict:
            context.update(
                form=form.rebind_after_conflict(conflict.current),
                conflict=conflict_context(form, conflict.current, fields=CHECK_IN_FIELDS),
            )
            return render_visit_page(
                request,
                visit,
                "records/outcomes/check_in_form.html",
                context,
                detail=": check-in save refused, changed elsewhere",
                status=409,
            )
        if saved is not None:
            _log(request, visit.client, Action.SAVE_CHECK_IN, f"check-in {saved.pk} in visit {visit.pk}")
            messages.success(request, "Outcome measures saved in the draft.")
            return redirect(visit.get_absolute_url() + "#outcome-measures")
    if form.is_bound and not form.is_valid():
        messages.error(request, "Nothing was saved yet: correct the entries marked below.")
    return render_visit_page(
        request, visit, "records/outcomes/check_in_form.html", context, detail=": outcome measures form"
    )


@check_in_view
@require_http_methods(["GET", "POST"])
def check_in_edit(request, check_in):
    if check_in.visit_id:
        # One form for a visit's check-in: the visit's, with the visit's rules.
        return redirect("records:visit_check_in", check_in.visit_id)
    refusal = _own_draft_refusal(request, check_in)
    if refusal is not None:
        return refusal
    episode = check_in.episode
    client = episode.client
    check_in = _with_answers(CheckIn.objects.select_related("episode__client", "therapist")).get(
        pk=check_in.pk
    )
    form = CheckInForm(
        request.POST or None,
        instance=check_in,
        episode=episode,
        therapist=check_in.therapist,
        activities=list(episode.psfs_activities.all()),
    )
    context = _form_context(form, client=client, episode=episode, check_in=check_in)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_from_form(request, form)
        except EditConflict as conflict:
            _log(
                request,
                client,
                Action.VIEW_CHECK_IN,
                f"check-in {check_in.pk}: save refused, changed elsewhere",
            )
            context.update(
                form=form.rebind_after_conflict(conflict.current),
                conflict=conflict_context(form, conflict.current, fields=CHECK_IN_FIELDS),
            )
            return _check_in_form_page(request, context, status=409)
        if saved is not None:
            _log(request, client, Action.SAVE_CHECK_IN, f"check-in {check_in.pk}: saved")
            messages.success(request, "Check-in saved.")
            return redirect("records:check_in_detail", check_in.pk)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Nothing was saved yet: correct the entries marked below.")
    _log(request, client, Action.VIEW_CHECK_IN, f"check-in {check_in.pk}: edit form")
    return _check_in_form_page(request, context)


# --- Check-ins: reading, signing, discarding, correcting ----------------------------------------------------


def detail_context(check_in: CheckIn, user, **extra) -> dict:
    """The check-in page: every LEFS item with its answer, every activity with its score, the totals
    (computed), the addenda. Five queries: the answers, the scores, the episode's activities, the addenda."""
    lefs = {row.item: row.score for row in check_in.lefs_items.all()}
    answers = dict(LEFS_ANSWERS)
    scores = {row.activity_id: row.score for row in check_in.psfs_scores.all()}
    activities = list(check_in.episode.psfs_activities.all())
    standalone = not check_in.visit_id
    can_add_addendum = standalone and check_in.status == CheckInStatus.SIGNED
    if can_add_addendum and "addendum_form" not in extra:
        extra["addendum_form"] = CheckInAddendumForm(check_in=check_in, author=user)
    return {
        "heading": f"{check_in.get_kind_display()} check-in of {check_in.recorded_on:%d/%m/%Y}",
        "check_in": check_in,
        "episode": check_in.episode,
        "client": check_in.episode.client,
        "summary": summary_of(check_in),
        "lefs_rows": [
            {
                "number": n,
                "text": LEFS_ITEMS[n - 1],
                "score": lefs.get(n),
                "answer": answers.get(lefs.get(n), ""),
            }
            for n in range(1, LEFS_ITEM_COUNT + 1)
        ],
        "lefs_answered": bool(lefs),
        "psfs_rows": [{"activity": a, "score": scores.get(a.pk)} for a in activities],
        "addenda": list(check_in.addenda.select_related("author")),
        "can_edit": not check_in.is_locked and check_in.therapist_id == user.pk,
        "can_sign": standalone and not check_in.is_locked and check_in.therapist_id == user.pk,
        "can_add_addendum": can_add_addendum,
        "groc_question": GROC_QUESTION,
        **extra,
    }


def _detail_page(request, check_in, *, detail: str = "", status: int = 200, **extra):
    _log(request, check_in.episode.client, Action.VIEW_CHECK_IN, f"check-in {check_in.pk}{detail}")
    check_in = _with_answers(
        CheckIn.objects.select_related("episode__client", "visit", "therapist", "signed_by", "discarded_by")
    ).get(pk=check_in.pk)
    return render(
        request,
        "records/outcomes/check_in_detail.html",
        detail_context(check_in, request.user, **extra),
        status=status,
    )


@check_in_view
@require_http_methods(["GET"])
def check_in_detail(request, check_in):
    return _detail_page(request, check_in)


@check_in_view
@require_POST
def check_in_sign(request, check_in):
    refusal = _own_standalone_draft_refusal(
        request,
        check_in,
        inside_a_visit="A check-in inside a visit is signed with the visit. Nothing was changed.",
    )
    if refusal is not None:
        return refusal
    if not (
        check_in.usual_pain_week is not None
        or check_in.groc is not None
        or LefsItemScore.objects.filter(check_in=check_in).exists()
        or PsfsScore.objects.filter(check_in=check_in).exists()
    ):
        messages.error(request, "Not signed: record at least one measure first.")
        return redirect("records:check_in_detail", check_in.pk)
    try:
        check_in.sign(by=request.user)
    except ValidationError as error:
        messages.error(request, "Not signed: " + "; ".join(error.messages))
        return redirect("records:check_in_detail", check_in.pk)
    _log(request, check_in.episode.client, Action.SIGN_CHECK_IN, f"check-in {check_in.pk}")
    messages.success(request, "Check-in signed. It is now locked; corrections are added as addenda.")
    return redirect("records:check_in_detail", check_in.pk)


@check_in_view
@require_http_methods(["GET", "POST"])
def check_in_discard(request, check_in):
    refusal = _own_standalone_draft_refusal(
        request,
        check_in,
        inside_a_visit=(
            "A check-in inside a visit is changed in the visit's draft, or discarded with the visit."
        ),
    )
    if refusal is not None:
        return refusal
    form = CheckInDiscardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check_in.discard(by=request.user, reason=form.cleaned_data["reason"])
        _log(request, check_in.episode.client, Action.DISCARD_CHECK_IN, f"check-in {check_in.pk}")
        messages.success(request, "Check-in discarded. It is kept in the record with your reason.")
        return redirect(check_in.episode)
    _log(request, check_in.episode.client, Action.VIEW_CHECK_IN, f"check-in {check_in.pk}: discard form")
    return render(
        request,
        "records/outcomes/check_in_discard.html",
        {"check_in": check_in, "episode": check_in.episode, "client": check_in.episode.client, "form": form},
    )


@check_in_view
@require_POST
def check_in_addendum(request, check_in):
    if check_in.visit_id or check_in.status != CheckInStatus.SIGNED:
        message = (
            "A check-in inside a visit is corrected with an addendum to the visit's note."
            if check_in.visit_id
            else f"Addenda are for signed check-ins: this one is {check_in.get_status_display().lower()}."
        )
        return locked_response(request, check_in, message=message)
    form = CheckInAddendumForm(request.POST, check_in=check_in, author=request.user)
    if form.is_valid():
        form.save()
        _log(request, check_in.episode.client, Action.CHECK_IN_ADDENDUM, f"check-in {check_in.pk}")
        messages.success(request, "Addendum added under the check-in.")
        return redirect(reverse("records:check_in_detail", args=[check_in.pk]) + "#addenda")
    return _detail_page(request, check_in, detail=": addendum refused", addendum_form=form)

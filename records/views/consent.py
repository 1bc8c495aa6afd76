"""Recording consents and their withdrawal (clinicians); the clinic's own consent kinds (clinic admins)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clinic import access
from clinic.edit_conflicts import EditConflict, conflict_context
from records.audit import log_access
from records.forms import ConsentForm, ConsentKindForm, ConsentWithdrawForm
from records.models import Action, ConsentAlreadyWithdrawn, ConsentKind
from records.views.common import CLINICIANS, client_view, render_client_page


@client_view(CLINICIANS)
@require_http_methods(["GET", "POST"])
def consent_create(request, client):
    form = ConsentForm(request.POST or None, client=client, recorded_by=request.user)
    if request.method == "POST" and form.is_valid():
        consent = form.save()
        log_access(request, client=client, action=Action.ADD_CONSENT, detail=str(consent.kind))
        messages.success(request, f"{consent.kind} consent recorded.")
        return redirect(client.get_absolute_url() + "#consents")
    return render_client_page(
        request, client, "records/consent_form.html", {"client": client, "form": form}, detail="consent form"
    )


@client_view(CLINICIANS)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, client, consent_pk: int):
    consent = client.consents.select_related("kind").filter(pk=consent_pk).first()
    if consent is None:
        raise Http404("No such consent")
    if consent.withdrawn_on is not None:
        if request.method == "POST":
            return _already_withdrawn(request, client, ConsentAlreadyWithdrawn(consent))
        messages.info(
            request, f"This {consent.kind} consent was withdrawn on {consent.withdrawn_on:%d/%m/%Y}."
        )
        return redirect(client.get_absolute_url() + "#consents")
    form = ConsentWithdrawForm(request.POST or None, instance=consent, withdrawn_by=request.user)
    context = {"client": client, "consent": consent, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            consent.withdraw(
                by=request.user,
                on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["withdrawal_reason"],
                expected_lock_version=form.expected_lock_version,
            )
        except ConsentAlreadyWithdrawn as refusal:
            return _already_withdrawn(request, client, refusal)
        except EditConflict as conflict:
            context.update(
                {
                    "form": form.rebind_after_conflict(conflict.current),
                    "conflict": conflict_context(form, conflict.current),
                }
            )
            return _withdraw_page(request, client, context, status=409)
        log_access(request, client=client, action=Action.WITHDRAW_CONSENT, detail=str(consent.kind))
        messages.success(request, f"Withdrawal of {consent.kind} consent recorded.")
        return redirect(client.get_absolute_url() + "#consents")
    return _withdraw_page(request, client, context)


def _withdraw_page(request, client, context: dict, *, status: int = 200):
    # The page shows the consent: a read for the access log, whatever the method or status.
    detail = f"withdrawal form: {context['consent'].kind}"
    return render_client_page(
        request, client, "records/consent_withdraw.html", context, detail=detail, status=status
    )


def _already_withdrawn(request, client, refusal: ConsentAlreadyWithdrawn):
    """Someone recorded the withdrawal first: theirs stands, and the page says whose it is (409)."""
    context = {"client": client, "consent": refusal.current, "refusal": str(refusal)}
    return _withdraw_page(request, client, context, status=409)


@access.clinic_admin_required
@require_http_methods(["GET", "POST"])
def consent_kinds(request):
    clinic = access.clinic_for(request.user)
    form = ConsentKindForm(request.POST or None, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        kind = form.save()
        messages.success(request, f"Consent kind “{kind}” added.")
        return redirect("records:consent_kinds")
    kinds = ConsentKind.objects.filter(clinic__isnull=True) | ConsentKind.objects.filter(clinic=clinic)
    return render(request, "records/consent_kinds.html", {"form": form, "kinds": kinds.order_by("name")})

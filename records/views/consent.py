"""Recording consents and their withdrawal (clinicians); the clinic's own consent kinds (clinic admins)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clinic import access
from records.audit import log_access
from records.forms import ConsentForm, ConsentKindForm, ConsentWithdrawForm
from records.models import Action, ConsentKind
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
        messages.info(
            request, f"This {consent.kind} consent was withdrawn on {consent.withdrawn_on:%d/%m/%Y}."
        )
        return redirect(client.get_absolute_url() + "#consents")
    form = ConsentWithdrawForm(request.POST or None, instance=consent, withdrawn_by=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        log_access(request, client=client, action=Action.WITHDRAW_CONSENT, detail=str(consent.kind))
        messages.success(request, f"Withdrawal of {consent.kind} consent recorded.")
        return redirect(client.get_absolute_url() + "#consents")
    return render_client_page(
        request,
        client,
        "records/consent_withdraw.html",
        {"client": client, "consent": consent, "form": form},
        detail=f"withdrawal form: {consent.kind}",
    )


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

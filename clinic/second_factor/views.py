"""The code page, the set-up page, the user's Security page, and the clinic admin's rule and reset."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from clinic import access
from clinic.edit_conflicts import EditConflict, conflict_context
from clinic.models import Membership
from clinic.second_factor import devices, lockout, policy
from clinic.second_factor.devices import Outcome
from clinic.second_factor.forms import ClinicSecondFactorForm, CodeForm
from clinic.second_factor.middleware import second_factor_exempt
from records.audit import log_account_event
from records.models import Action

WRONG_CODE = "That code did not work. Enter the newest code your app shows, or a recovery code."
WRONG_APP_CODE = "That code did not work. Enter the newest code your app shows."


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("dashboard")


def _locked(request):
    # The words django-axes shows for wrong passwords: nothing here tells a guesser which step failed.
    return render(request, "registration/locked_out.html", {"second_factor_pending": True}, status=429)


def _refusal(check, wrong_message: str) -> str:
    if check.outcome is Outcome.WAIT:
        unit = "second" if check.wait_seconds == 1 else "seconds"
        return f"Too many codes in a row: wait {check.wait_seconds} {unit}, then try again."
    return wrong_message


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def verify(request):
    step = policy.pending_step(request.user)
    if step is policy.Step.ENROL:
        return redirect(f"{reverse('second_factor_enrol')}?{request.GET.urlencode()}")
    if step is None:
        return redirect(_next_url(request))
    if lockout.is_locked(request.user):
        return _locked(request)
    form = CodeForm(request.POST or None, recovery_allowed=True)
    if request.method == "POST" and form.is_valid():
        check = devices.check_code(request, form.cleaned_data["code"], recovery_allowed=True)
        if check.outcome is Outcome.ACCEPTED:
            devices.sign_in(request, check.device)
            return redirect(_next_url(request))
        if check.outcome is Outcome.LOCKED:
            return _locked(request)
        form.add_error("code", _refusal(check, WRONG_CODE))
    return render(
        request,
        "second_factor/verify.html",
        {"form": form, "next": _next_url(request), "second_factor_pending": True},
    )


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    if devices.authenticator_of(user) is not None:
        # Setting up a second authenticator must never be a way round entering a code from the first.
        return redirect("second_factor_verify" if not user.is_verified() else "account_security")
    if lockout.is_locked(user):
        return _locked(request)
    device = devices.pending_authenticator(user)
    form = CodeForm(request.POST or None, recovery_allowed=False)
    if request.method == "POST" and form.is_valid():
        check = devices.check_code(request, form.cleaned_data["code"], device=device)
        if check.outcome is Outcome.ACCEPTED:
            codes = devices.finish_enrolment(request, check.device)
            # Shown in this response and never again: reloading cannot show them a second time.
            return render(
                request, "second_factor/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        if check.outcome is Outcome.LOCKED:
            return _locked(request)
        form.add_error("code", _refusal(check, WRONG_APP_CODE))
    required = policy.is_required(user)
    return render(
        request,
        "second_factor/enrol.html",
        {
            "form": form,
            "secret": devices.secret_text(device),
            "qr_code": devices.qr_code_svg(device),
            "required": required,
            "next": _next_url(request),
            "second_factor_pending": required,
        },
    )


@require_http_methods(["GET"])
def security(request):
    user = request.user
    enrolled = devices.authenticator_of(user) is not None
    return render(
        request,
        "second_factor/security.html",
        {
            "enrolled": enrolled,
            "required": policy.is_required(user),
            "codes_left": devices.recovery_codes_left(user) if enrolled else 0,
            "form": CodeForm(recovery_allowed=False),
        },
    )


@require_POST
def renew_recovery_codes(request):
    user = request.user
    if devices.authenticator_of(user) is None:
        return redirect("second_factor_enrol")
    if lockout.is_locked(user):
        return _locked(request)
    form = CodeForm(request.POST, recovery_allowed=False)
    if form.is_valid():
        check = devices.check_code(request, form.cleaned_data["code"])
        if check.outcome is Outcome.ACCEPTED:
            codes = devices.renew_recovery_codes(request)
            return render(
                request,
                "second_factor/recovery_codes.html",
                {"codes": codes, "next": reverse("account_security")},
            )
        if check.outcome is Outcome.LOCKED:
            return _locked(request)
        form.add_error("code", _refusal(check, WRONG_APP_CODE))
    return render(
        request,
        "second_factor/security.html",
        {
            "enrolled": True,
            "required": policy.is_required(user),
            "codes_left": devices.recovery_codes_left(user),
            "form": form,
        },
        status=400,
    )


@access.clinic_admin_required
@require_http_methods(["GET", "POST"])
def clinic_rule(request):
    clinic = access.clinic_for(request.user)
    form = ClinicSecondFactorForm(request.POST or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            try:
                form.save()
            except EditConflict as conflict:
                context = {
                    "form": form.rebind_after_conflict(conflict.current),
                    "clinic": conflict.current,
                    "conflict": conflict_context(form, conflict.current),
                }
                return render(request, "second_factor/clinic_rule.html", context, status=409)
            state = "required" if clinic.require_second_factor else "no longer required"
            log_account_event(
                request,
                clinic_id=clinic.pk,
                action=Action.SECOND_FACTOR_RULE,
                detail=f"second factor {state}",
            )
            messages.success(request, f"A second factor is {state} for the staff of {clinic.name}.")
        return redirect("staff_list")
    return render(request, "second_factor/clinic_rule.html", {"form": form, "clinic": clinic})


@access.clinic_admin_required
@require_POST
def reset_for_staff(request, pk: int):
    membership = access.get_for_user_or_404(Membership.objects.select_related("user"), request.user, pk=pk)
    person = membership.user
    removed = devices.reset(
        person, request=request, clinic_id=membership.clinic_id, by=request.user.get_username()
    )
    name = person.get_full_name() or person.get_username()
    if removed:
        messages.success(
            request, f"{name}'s second factor is reset: they set up a new one at their next sign-in."
        )
    else:
        messages.info(request, f"{name} had no second factor set up; nothing to reset.")
    return redirect("staff_edit", pk=membership.pk)

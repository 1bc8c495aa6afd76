"""Clinic-wide pages: the dashboard, the health check and staff management."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.db import DatabaseError, connection
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import access
from clinic.edit_conflicts import EditConflict, conflict_context
from clinic.forms import ClinicProfileForm, StaffEditForm, StaffInviteForm
from clinic.invitations import (
    INVITATIONS_PER_HOUR,
    invitation_tokens,
    invitations_left,
    is_awaiting_acceptance,
    send_invitation,
)
from clinic.models import Membership
from clinic.staff import update_membership
from records.audit import log_account_event
from records.models import Action

THROTTLED = (
    f"This clinic has sent {INVITATIONS_PER_HOUR} invitations in the last hour, the most it may: "
    "try again later."
)


def dashboard(request):
    from records.visits.queries import dashboard_visits

    membership = access.membership_for(request.user)
    context = {"membership": membership}
    if membership is not None and membership.is_clinician:
        context.update(dashboard_visits(request.user))
    return render(request, "clinic/dashboard.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 when it does not: what a load balancer needs."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon (hashed, cached
    for a year by WhiteNoise) instead of a 404 in every log."""
    response = redirect(static("icons/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def with_second_factor(memberships):
    """Whether each member has set up an authenticator, inside the same query."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)
    return memberships.annotate(has_second_factor=Exists(confirmed))


@access.clinic_admin_required
def staff_list(request):
    clinic = access.clinic_for(request.user)
    memberships = (
        with_second_factor(Membership.objects.for_clinic(clinic))
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__first_name", "user__username")
    )
    return render(request, "clinic/staff_list.html", {"clinic": clinic, "memberships": memberships})


@access.clinic_admin_required
def staff_create(request):
    """Invite a staff member: their account, and an e-mail with a one-time link to set their password."""
    clinic = access.clinic_for(request.user)
    form = StaffInviteForm(request.POST or None, clinic=clinic)
    left = invitations_left(clinic)
    if request.method == "POST" and form.is_valid():
        if left < 1:
            form.add_error(None, THROTTLED)
        else:
            user = form.save()
            send_invitation(request, user=user, clinic=clinic)
            messages.success(
                request,
                f"Invitation sent to {user.email}. {user.get_full_name()} chooses a password from the link "
                f"in it and then signs in as {user.username}.",
            )
            return redirect("staff_list")
    return render(request, "clinic/staff_form.html", {"form": form, "clinic": clinic})


@access.clinic_admin_required
@require_POST
def staff_reinvite(request, pk: int):
    """Send the invitation again (a new link) to someone who has not yet set a password."""
    membership = access.get_for_user_or_404(Membership.objects.select_related("user"), request.user, pk=pk)
    user = membership.user
    if not is_awaiting_acceptance(user):
        messages.error(request, f"{user.get_full_name() or user.username} has set a password already.")
    elif invitations_left(membership.clinic) < 1:
        messages.error(request, THROTTLED)
    else:
        send_invitation(request, user=user, clinic=membership.clinic)
        messages.success(request, f"A new invitation went to {user.email}.")
    return redirect(membership)


@access.clinic_admin_required
def staff_edit(request, pk: int):
    membership = access.get_for_user_or_404(
        with_second_factor(Membership.objects.select_related("user")), request.user, pk=pk
    )
    form = StaffEditForm(request.POST or None, membership=membership, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            update_membership(
                membership=membership,
                role=form.cleaned_data["role"],
                is_active=form.cleaned_data["is_active"],
                registration_number=form.cleaned_data["registration_number"],
                expected_lock_version=form.expected_lock_version,
            )
        except EditConflict as conflict:
            context = {
                "form": form.rebind_after_conflict(conflict.current),
                "membership": conflict.current,
                "conflict": conflict_context(form, conflict.current),
            }
            return render(request, "clinic/staff_edit.html", context, status=409)
        state = "active" if membership.is_active else "deactivated; their sessions have ended"
        messages.success(
            request, f"{membership.user.get_full_name() or membership.user.username} is {state}."
        )
        return redirect("staff_list")
    return render(request, "clinic/staff_edit.html", {"form": form, "membership": membership})


@access.clinic_admin_required
def clinic_profile(request):
    """The clinic's name, address and phone, which printouts carry; version-checked like every record."""
    clinic = access.clinic_for(request.user)
    form = ClinicProfileForm(request.POST or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except EditConflict as conflict:
            context = {
                "form": form.rebind_after_conflict(conflict.current),
                "clinic": conflict.current,
                "conflict": conflict_context(form, conflict.current),
            }
            return render(request, "clinic/clinic_profile.html", context, status=409)
        messages.success(request, "Clinic details saved. Printouts now carry them.")
        return redirect("clinic_profile")
    return render(request, "clinic/clinic_profile.html", {"form": form, "clinic": clinic})


class InvitationAcceptView(PasswordResetConfirmView):
    """The invited person chooses their password from the e-mailed link (clinic/invitations.py): Django's
    reset-confirm view with the invitation tokens; only an account still awaiting its first password."""

    token_generator = invitation_tokens
    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and is_awaiting_acceptance(user) else None

    def form_valid(self, form):
        response = super().form_valid(form)
        membership = access.membership_for(self.user)
        log_account_event(
            self.request,
            clinic_id=membership.clinic_id if membership else None,
            action=Action.ACCEPT_INVITATION,
            detail=f"{self.user.get_username()} set their password from the invitation",
        )
        messages.success(self.request, f"Your password is set. Sign in as {self.user.get_username()}.")
        return response

"""Keep a signed-in user who still owes a second factor on the code pages until they have given it."""

from urllib.parse import urlencode

from django.contrib.auth.views import LogoutView
from django.shortcuts import redirect
from django.urls import reverse

from clinic.second_factor.policy import Step, pending_step


def second_factor_exempt(view):
    """Mark a view an unverified user may open: the code and set-up pages themselves."""
    view.second_factor_exempt = True
    return view


class SecondFactorGateMiddleware:
    """After django-otp's OTPMiddleware: a user with an authenticator goes to the code page, a user who must
    use one but has none goes to the set-up page, whatever they asked for, until the session is verified.

    Pages that need no login (sign-in, password reset, /healthz) and sign-out stay open; static files never
    get here (WhiteNoise answers them first). A user without a second factor who needs none pays nothing:
    the check rides on the membership query the page makes anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or getattr(
            view_func, "second_factor_exempt", False
        ):
            return None
        if getattr(view_func, "view_class", None) is not None and issubclass(
            view_func.view_class, LogoutView
        ):
            return None
        step = pending_step(request.user)
        if step is None:
            return None
        target = reverse("second_factor_verify" if step is Step.VERIFY else "second_factor_enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

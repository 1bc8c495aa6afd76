"""Small builders for test data. Each returns saved objects with sensible defaults."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clinic.access import CURATORS_GROUP
from clinic.models import Clinic, Membership

PASSWORD = "correct horse battery staple"


def make_clinic(name: str = "Bayside Myotherapy") -> Clinic:
    return Clinic.objects.get_or_create(name=name)[0]


def make_user(
    username: str,
    *,
    clinic: Clinic | None = None,
    role: str | None = None,
    curator: bool = False,
    password: str = PASSWORD,
    first_name: str = "",
    last_name: str = "",
):
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        email=f"{username}@example.com",
        first_name=first_name or username.split("_")[0].title(),
        last_name=last_name or "Tester",
        is_staff=curator,
    )
    if clinic is not None:
        Membership.objects.create(user=user, clinic=clinic, role=role)
    if curator:
        user.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    return user


def form_data(*forms_on_page) -> dict:
    """The POST data a browser sends for these forms as rendered (an unticked box is not sent)."""
    data = {}
    for form in forms_on_page:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None:
                continue
            if isinstance(field, forms.BooleanField):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            else:
                data[form.add_prefix(name)] = value
    return data


def page_form_data(response, name: str = "form") -> dict:
    """The POST data of the form ``name`` in a page's context, as the page rendered it."""
    return form_data(response.context[name])


def admin_form_data(response) -> dict:
    """The POST data an admin change page sends as rendered: the form, its inlines and their management."""
    context = response.context
    forms_on_page = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms_on_page += [inline.formset.management_form, *inline.formset.forms]
    return form_data(*forms_on_page)


def authenticator_code(device_or_key, *, steps: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps`` time steps later) for a ``TOTPDevice`` or a raw
    secret key, computed as the app does (RFC 6238, with django-otp's implementation)."""
    from django_otp.oath import totp

    key = device_or_key if isinstance(device_or_key, bytes) else device_or_key.bin_key
    return f"{totp(key, drift=steps):06d}"


def wrong_code_for(device_or_key) -> str:
    """A six-digit code that is not the current one (nor, but for a one-in-a-million chance, a neighbour)."""
    return f"{(int(authenticator_code(device_or_key)) + 500_001) % 1_000_000:06d}"

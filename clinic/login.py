"""Sign-in forms that refuse over-long or malformed usernames before anything authenticates them.

Django's AuthenticationForm only sets the username input's ``maxlength`` attribute: the server accepted
any length, and django-axes, which records every failed attempt, then overflowed its 255-character
username column (a 500 for an anonymous visitor on PostgreSQL). Here the limit is a real validator, so an
over-long username is a field error and ``authenticate()`` (and with it axes) is never called. Axes also
gets its username through ``axes_username``, which cuts it to the column, in case any other path (the
admin's sign-in, a future API) hands it one.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator

from clinic.text import refuse_control_characters

USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length  # 150
AXES_USERNAME_LENGTH = 255  # django-axes' AccessAttempt.username column
TOO_LONG = "A username has at most %(limit_value)d characters."


def _bound_username(form) -> None:
    field = form.fields["username"]
    field.max_length = USERNAME_MAX_LENGTH
    field.widget.attrs["maxlength"] = USERNAME_MAX_LENGTH
    field.validators = [*field.validators, MaxLengthValidator(USERNAME_MAX_LENGTH, message=TOO_LONG)]
    refuse_control_characters(field)


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_username(self)


class AdminLoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_username(self)


class ResetPasswordForm(PasswordResetForm):
    """Django's form already limits the address to 254 characters; it also refuses control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters(self.fields["email"])


def axes_username(request, credentials) -> str | None:
    """What django-axes records as the username: never longer than its column, never with a NUL."""
    username = (credentials or {}).get("username")
    if username is None:
        username = getattr(request, "POST", {}).get("username")
    if username is None:
        return None
    return str(username).replace("\x00", "")[:AXES_USERNAME_LENGTH]

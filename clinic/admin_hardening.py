"""What every admin page shares so that malformed input gets a message, never a 500.

- ``HardenedAdminMixin`` (model admins and inlines): autocomplete widgets that re-draw a form holding a
  non-numeric id as "nothing chosen" (Django's own look the id up and fail); the form reports the bad value.
- ``HardenedInlineMixin``: every inline formset has a row limit and refuses two rows naming one entry
  (``clinic.formsets``).
- ``HardenedModelAdmin``: searches and filters holding a NUL byte (which PostgreSQL cannot compare), or a
  search longer than any name, find nothing or give the admin's own "bad filter" answer; the list's editable
  column has the row limit too; a save that still breaks a database constraint (say, two curators adding
  the same referral zone at once) is rolled back and reported, not a 500. ``harden_registered_admins`` gives
  other apps' admins (users, groups, the sign-in throttle) the same.
- ``scoped_view_on_site``: the admin's "view on site" redirect answers only for the reference library.
  Django's answers for any object with a URL, so a curator without a clinic could learn which clients,
  visits and consents exist in any clinic (302 or 404).
"""

from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from django.forms.models import BaseModelFormSet
from django.http import Http404, HttpResponseRedirect

from clinic.formsets import RowChecksMixin, limits

# Longer search terms find nothing: no name is this long, and SQLite refuses LIKE patterns over 50,000 bytes.
MAX_SEARCH_LENGTH = 200

# Only the library has pages every curator may open; everything else with a URL is clinical data.
VIEW_ON_SITE_APPS = frozenset({"reference"})


class _ValidIdsOnly:
    """Draw only the chosen values that are ids at all; the form reports the bad one beside the field."""

    def optgroups(self, name, value, attr=None):
        to_python = self.field.remote_field.model._meta.pk.to_python

        def valid(item):
            try:
                to_python(item)
            except ValidationError:
                return False
            return "\x00" not in str(item)

        return super().optgroups(name, [item for item in value if valid(item)], attr)


class SafeAutocompleteSelect(_ValidIdsOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidIdsOnly, AutocompleteSelectMultiple):
    pass


SAFE_WIDGETS = {
    AutocompleteSelect: SafeAutocompleteSelect,
    AutocompleteSelectMultiple: SafeAutocompleteSelectMultiple,
}


def _make_safe(formfield):
    if formfield is not None and type(formfield.widget) in SAFE_WIDGETS:
        formfield.widget.__class__ = SAFE_WIDGETS[type(formfield.widget)]
    return formfield


def has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class OutsideFieldErrorsMixin:
    """A model's ``clean()`` may name a field the admin's form leaves out (an inline without the review
    reason, the list's editable columns); Django then raises ValueError, a 500. Show such an error on the
    form as a whole instead, naming the field."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            outside = [
                name for name in error.error_dict if name != NON_FIELD_ERRORS and name not in self.fields
            ]
            if outside:
                errors = dict(error.error_dict)
                for name in outside:
                    label = name.replace("_", " ").capitalize()
                    errors.setdefault(NON_FIELD_ERRORS, []).extend(
                        ValidationError(f"{label}: {message}") for e in errors.pop(name) for message in e
                    )
                error = ValidationError(errors)
        super().add_error(field, error)


def _with_outside_field_errors(form_class):
    if issubclass(form_class, OutsideFieldErrorsMixin):
        return form_class
    return type(form_class.__name__, (OutsideFieldErrorsMixin, form_class), {})


class HardenedAdminMixin:
    """For model admins and inlines alike."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _make_safe(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _make_safe(super().formfield_for_manytomany(db_field, request, **kwargs))


class HardenedInlineMixin(HardenedAdminMixin):
    max_rows = 100

    def get_formset(self, request, obj=None, **kwargs):
        formset = self.formset
        if not issubclass(formset, RowChecksMixin):
            formset = type(f"Hardened{formset.__name__}", (RowChecksMixin, formset), {})
        form = _with_outside_field_errors(kwargs.pop("form", self.form))
        return super().get_formset(
            request, obj, **{**limits(self.max_rows), "formset": formset, "form": form, **kwargs}
        )

    def get_max_num(self, request, obj=None, **kwargs):
        # An inline's own max_num wins when it is lower than the limit.
        own = super().get_max_num(request, obj, **kwargs)
        return min(own, self.max_rows) if own is not None else self.max_rows


class HardenedModelAdmin(HardenedAdminMixin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_outside_field_errors(super().get_form(request, obj, change=change, **kwargs))

    def get_changelist_form(self, request, **kwargs):
        return _with_outside_field_errors(super().get_changelist_form(request, **kwargs))

    def changelist_view(self, request, extra_context=None):
        # The admin's own answer to a filter it cannot apply: the unfiltered list with "?e=1".
        if has_nul(request.GET.keys()) or has_nul(v for values in request.GET.lists() for v in values[1]):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term or len(search_term) > MAX_SEARCH_LENGTH:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def get_changelist_formset(self, request, **kwargs):
        # The list's editable column is a formset too: the same limit (a page's worth of rows).
        formset = type("HardenedChangeListFormSet", (RowChecksMixin, BaseModelFormSet), {})
        return super().get_changelist_formset(
            request, **{**limits(self.list_per_page), "formset": formset, **kwargs}
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # The forms check uniqueness first; this is the race they cannot see. changeform_view's own
            # transaction has rolled back, so nothing was saved.
            self.message_user(
                request,
                "Nothing was saved: the change clashes with an entry saved meanwhile (for example the same "
                "region twice). Check the entries and save again.",
                messages.ERROR,
            )
            if IS_POPUP_VAR in request.GET:
                return HttpResponseRedirect(request.get_full_path())
            return HttpResponseRedirect(request.path)


def scoped_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for reference-library entries only; anything else is a 404.

    clinic/urls.py routes the admin's own URL for it (``admin:view_on_site``) here, behind the admin's
    login."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    if content_type is None or content_type.app_label not in VIEW_ON_SITE_APPS:
        raise Http404("No page to show")
    return shortcut(request, content_type_id, object_id)


def harden_registered_admins(site) -> None:
    """Give the admins other apps registered before ours (users, groups, the sign-in throttle's logs) the
    same hardening: each is re-registered as a subclass with ``HardenedModelAdmin`` first, its inlines with
    ``HardenedInlineMixin`` (the authenticator admins' recovery-code rows, for one)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, HardenedModelAdmin):
            continue
        inlines = [
            inline
            if issubclass(inline, HardenedInlineMixin)
            else type(f"Hardened{inline.__name__}", (HardenedInlineMixin, inline), {})
            for inline in model_admin.inlines
        ]
        hardened = type(
            f"Hardened{type(model_admin).__name__}",
            (HardenedModelAdmin, type(model_admin)),
            {"inlines": inlines},
        )
        site.unregister(model)
        site.register(model, hardened)

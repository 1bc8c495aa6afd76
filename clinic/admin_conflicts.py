"""The version check on Django admin change forms (curators' library, clinics, memberships, client records).

Two layers, both from ``clinic.edit_conflicts``. The form compares the version it was opened at with the
stored one while it validates, so a curator who saves a stale page gets the form back with their input, an
error showing both versions, and the stored version in the hidden field (saving again replaces the other
version deliberately). The save itself re-checks under a row lock, which closes the gap between the two;
losing that race rolls the whole change back (inlines included) and answers 409 with both versions.
Inline rows (``VersionCheckedInlineMixin``) carry their own versions the same way, so a trigger point saved
on its own page is not overwritten by the stale row of its muscle's page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from simple_history.models import is_historic

from clinic.edit_conflicts import (
    EditConflict,
    VersionedFormMixin,
    VersionField,
    conflict_context,
    last_change_of,
)

CONFLICT_STATUS = 409


class VersionCheckedAdminForm(VersionedFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "lock_version" in self.fields and is_historic(self.instance):
            # Reverting to an old version (the History page): that page was opened against the version
            # stored now, not the old one it shows.
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            self.initial["lock_version"] = stored.values_list("lock_version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        submitted = cleaned.get("lock_version")
        if submitted is None or self.instance.pk is None or not self.needs_version_check():
            return cleaned
        model = type(self.instance)
        current = model._base_manager.filter(pk=self.instance.pk).first()
        if current is not None and current.lock_version != submitted:
            context = {
                "conflict": conflict_context(self, current),
                "what": f"this {model._meta.verbose_name}",
            }
            self.rebind_version(current)
            raise ValidationError(render_to_string("admin/edit_conflict_error.html", context))
        return cleaned

    def needs_version_check(self) -> bool:
        return True  # the page's own record is saved whatever changed

    def rebind_version(self, current):
        """Keep the user's input but carry the stored version, so the next save is a deliberate overwrite."""
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = current.lock_version
        self.data = data


class VersionCheckedInlineForm(VersionCheckedAdminForm):
    # Declared so the inline can list it among its fields (a non-editable model field cannot be listed
    # otherwise); rows already saved replace it with the required field of VersionedFormMixin.
    lock_version = VersionField(required=False)

    def needs_version_check(self) -> bool:
        # The formset saves only rows whose posted values differ from the stored ones; a row it will not
        # save cannot overwrite anything, so a newer stored version there is no conflict.
        return self.has_changed()


class VersionCheckedInlineMixin:
    """Put before the inline base: ``class ZoneInline(VersionCheckedInlineMixin, admin.TabularInline)``."""

    form = VersionCheckedInlineForm

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "lock_version"]

    def get_exclude(self, request, obj=None):
        # Keeps the model's non-editable field out of the generated form; the declared one stands in.
        return [*(super().get_exclude(request, obj) or ()), "lock_version"]


class VersionCheckedAdminMixin:
    """Put it before the ModelAdmin base: ``class XAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin)``."""

    form = VersionCheckedAdminForm
    change_form_template = "admin/version_checked_change_form.html"
    object_history_form_template = "admin/version_checked_object_history_form.html"

    def save_model(self, request, obj, form, change):
        request._version_checked_form = form  # for the conflict page, should the locked save refuse
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            # changeform_view's transaction has rolled back: nothing of this save, inlines included, is kept.
            form = getattr(request, "_version_checked_form", None)
            if form is not None and not isinstance(conflict.current, form._meta.model):
                form = None  # an inline row lost the race: name it, without the page's fields
            opts = self.model._meta
            context = {
                **self.admin_site.each_context(request),
                "opts": opts,
                "title": f"Not saved: this {opts.verbose_name} changed meanwhile",
                "original": conflict.current,
                "what": f"this {conflict.current._meta.verbose_name}",
                "conflict": conflict_context(form, conflict.current) if form is not None else None,
                "saved_by": last_change_of(conflict.current)[0],
                "change_url": request.get_full_path(),
            }
            return TemplateResponse(request, "admin/edit_conflict.html", context, status=CONFLICT_STATUS)

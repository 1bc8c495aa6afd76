"""Django admin for client records: for superusers investigating data, never for deleting it.

Nothing here deletes: delete permission is off for every records model, history cannot be reverted, and the
access log is read-only. Day-to-day work happens in the clinic's own pages, which scope by clinic and role.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from clinic.admin_conflicts import VersionCheckedAdminMixin
from clinic.admin_hardening import HardenedInlineMixin, HardenedModelAdmin
from records.models import AccessLogEntry, Client, Consent, ConsentKind
from records.outcomes.admin import register_outcome_admin
from records.visits.admin import register_visit_admin


class NoDeleteHistoryAdmin(HardenedModelAdmin, SimpleHistoryAdmin):
    # Client data has no page outside its clinic's own views; the admin links to none (defect 10).
    view_on_site = False

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        # Reverting would rewrite a record from an old version; corrections are new entries instead.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a posted old version even with the button hidden; refuse it outright.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ConsentInline(HardenedInlineMixin, admin.TabularInline):
    view_on_site = False
    model = Consent
    fk_name = "client"
    extra = 0
    can_delete = False
    fields = ["kind", "consent_text_version", "given_on", "method", "recorded_by", "withdrawn_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(VersionCheckedAdminMixin, NoDeleteHistoryAdmin):
    list_display = ["client_number", "family_name", "given_name", "date_of_birth", "clinic", "archived_at"]
    list_filter = ["clinic", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["client_number", "search_name", "phone_digits"]
    list_select_related = ["clinic"]
    autocomplete_fields = ["clinic"]
    raw_id_fields = ["archived_by"]
    readonly_fields = ["client_number", "created_at", "updated_at"]
    inlines = [ConsentInline]


@admin.register(ConsentKind)
class ConsentKindAdmin(VersionCheckedAdminMixin, NoDeleteHistoryAdmin):
    list_display = ["name", "code", "clinic", "accepted_methods", "is_active"]
    list_filter = ["is_active", "clinic"]
    search_fields = ["name", "code"]
    list_select_related = ["clinic"]


@admin.register(Consent)
class ConsentAdmin(VersionCheckedAdminMixin, NoDeleteHistoryAdmin):
    list_display = ["client", "kind", "consent_text_version", "given_on", "method", "withdrawn_on"]
    list_filter = ["kind", "method"]
    search_fields = ["client__search_name", "client__client_number"]
    list_select_related = ["client", "kind"]
    raw_id_fields = ["client", "recorded_by", "withdrawn_by"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(HardenedModelAdmin, admin.ModelAdmin):
    list_display = ["at", "user", "action", "client", "clinic", "ip_address"]
    list_filter = ["action", "clinic"]
    search_fields = ["user__username", "client__client_number", "detail"]
    list_select_related = ["user", "client", "clinic"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


register_visit_admin(NoDeleteHistoryAdmin)
register_outcome_admin(NoDeleteHistoryAdmin)

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clinic.admin_conflicts import VersionCheckedAdminMixin
from clinic.models import Clinic, Membership


@admin.register(Clinic)
class ClinicAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "clinic", "role", "is_active"]
    list_filter = ["role", "is_active", "clinic"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "clinic__name"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["clinic"]
    raw_id_fields = ["user"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clinic.admin_conflicts import VersionCheckedAdminMixin
from clinic.admin_hardening import HardenedModelAdmin, harden_registered_admins
from clinic.models import Clinic, Membership


@admin.register(Clinic)
class ClinicAdmin(VersionCheckedAdminMixin, HardenedModelAdmin, SimpleHistoryAdmin):
    view_on_site = False
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(VersionCheckedAdminMixin, HardenedModelAdmin, SimpleHistoryAdmin):
    # Its page is the clinic's own staff page, which the admin's redirect does not serve (defect 10).
    view_on_site = False
    list_display = ["user", "clinic", "role", "is_active"]
    list_filter = ["role", "is_active", "clinic"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "clinic__name"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["clinic"]
    raw_id_fields = ["user"]


# django.contrib.auth and django-axes registered theirs before this module runs (INSTALLED_APPS order).
harden_registered_admins(admin.site)

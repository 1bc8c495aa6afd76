"""Episodes and check-ins in the Django admin: for superusers investigating data, locked like the visits.

Nothing is added or deleted here (episodes open when a visit starts, check-ins are recorded in the app,
where the therapist and date are set). An episode's details stay editable, with the version check; a check-in
only while it is unlocked (a draft on its own, or in a draft visit); its answers and addenda are read-only.
"""

from django.contrib import admin

from clinic.admin_conflicts import VersionCheckedAdminMixin
from clinic.admin_hardening import HardenedInlineMixin
from records.models import CheckIn, CheckInAddendum, Episode, LefsItemScore, PsfsActivity, PsfsScore


class ReadOnlyInline(HardenedInlineMixin, admin.TabularInline):
    view_on_site = False
    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PsfsActivityInline(ReadOnlyInline):
    model = PsfsActivity
    fields = ["position", "name", "created_at"]


class LefsItemInline(ReadOnlyInline):
    model = LefsItemScore
    fields = ["item", "score"]


class PsfsScoreInline(ReadOnlyInline):
    model = PsfsScore
    fields = ["activity", "score"]


class CheckInAddendumInline(ReadOnlyInline):
    model = CheckInAddendum
    fields = ["created_at", "author", "reason", "text"]


def register_outcome_admin(base_admin):
    """Register with the records admin's no-delete, no-revert history admin as the base class."""

    @admin.register(Episode)
    class EpisodeAdmin(VersionCheckedAdminMixin, base_admin):
        list_display = ["title", "client", "started_on", "status", "discharged_on", "clinic"]
        list_filter = ["status", "discharge_reason", "clinic"]
        search_fields = ["title", "client__client_number", "client__search_name"]
        list_select_related = ["client", "clinic"]
        date_hierarchy = "started_on"
        raw_id_fields = ["client", "created_by"]
        readonly_fields = ["clinic", "client", "created_by", "lock_version", "created_at", "updated_at"]
        inlines = [PsfsActivityInline]

        def has_add_permission(self, request):
            return False

    @admin.register(CheckIn)
    class CheckInAdmin(VersionCheckedAdminMixin, base_admin):
        list_display = ["recorded_on", "kind", "episode", "therapist", "visit", "status", "clinic"]
        list_filter = ["kind", "status", "clinic"]
        search_fields = ["episode__title", "episode__client__client_number", "episode__client__search_name"]
        list_select_related = ["episode", "therapist", "visit", "clinic"]
        date_hierarchy = "recorded_on"
        raw_id_fields = ["therapist"]
        readonly_fields = [
            "clinic",
            "episode",
            "visit",
            "status",
            "signed_at",
            "signed_by",
            "discarded_at",
            "discarded_by",
            "discard_reason",
            "lock_version",
            "created_at",
            "updated_at",
        ]
        inlines = [LefsItemInline, PsfsScoreInline, CheckInAddendumInline]

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return (obj is None or not obj.is_locked) and super().has_change_permission(request, obj)

    return EpisodeAdmin, CheckInAdmin

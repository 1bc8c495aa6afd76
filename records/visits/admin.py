"""The visit log in the Django admin: for superusers investigating data, and locked like everywhere else.

A signed or discarded visit is read-only here (its parts and addenda too); nothing is ever deleted; addenda
are added in the app, where the author and reason are recorded, never edited here.
"""

from django.contrib import admin

from clinic.admin_hardening import HardenedInlineMixin
from records.models import (
    Addendum,
    AdverseEvent,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitPainMark,
    VisitRedFlag,
)


def _editable(obj) -> bool:
    visit = obj if isinstance(obj, Visit) or obj is None else obj.visit
    return visit is None or visit.is_draft


class VisitPartInline(HardenedInlineMixin, admin.TabularInline):
    view_on_site = False
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class PainMarkInline(VisitPartInline):
    model = VisitPainMark
    raw_id_fields = ["region"]


class FindingInline(VisitPartInline):
    model = Finding
    raw_id_fields = ["trigger_point"]
    fields = ["trigger_point", "side", "status", "activity", "spot_tenderness", "notes"]


class TechniqueInline(VisitPartInline):
    model = TechniqueApplication
    raw_id_fields = ["technique", "finding"]
    fields = ["technique", "finding", "side", "parameters", "nrs_before", "nrs_after", "response"]


class NeedlingInline(VisitPartInline):
    model = NeedlingSite
    raw_id_fields = ["trigger_point", "technique"]
    fields = [
        "trigger_point",
        "side",
        "technique",
        "needles_inserted",
        "needles_removed",
        "gauge_mm",
        "length_mm",
    ]


class AdverseEventInline(VisitPartInline):
    model = AdverseEvent


class RedFlagInline(VisitPartInline):
    """What fired is recorded by saving the draft (records.visits.flags); only the outcome is editable."""

    model = VisitRedFlag
    fields = [
        "rule_name",
        "urgency_label",
        "library_version",
        "message",
        "outcome",
        "referred_to",
        "outcome_note",
    ]
    readonly_fields = ["rule_name", "urgency_label", "library_version", "message"]

    def has_add_permission(self, request, obj=None):
        return False


class AddendumInline(HardenedInlineMixin, admin.TabularInline):
    view_on_site = False
    model = Addendum
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "reason", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def register_visit_admin(base_admin):
    """Register with the records admin's no-delete, no-revert history admin as the base class."""

    @admin.register(Visit)
    class VisitAdmin(base_admin):
        list_display = ["started_at", "client", "therapist", "status", "clinic", "signed_at"]
        list_filter = ["status", "clinic"]
        search_fields = ["client__client_number", "client__search_name", "therapist__username"]
        list_select_related = ["client", "therapist", "clinic"]
        date_hierarchy = "started_at"
        raw_id_fields = ["client", "therapist"]
        readonly_fields = [
            "library_version",
            "chart_version",
            "lock_version",
            "signed_at",
            "signed_by",
            "discarded_at",
            "discarded_by",
            "discard_reason",
            "created_at",
            "updated_at",
        ]
        inlines = [
            PainMarkInline,
            FindingInline,
            TechniqueInline,
            NeedlingInline,
            AdverseEventInline,
            RedFlagInline,
            AddendumInline,
        ]

        def has_add_permission(self, request):
            # Visits start from a client's page, where clinic, therapist and library version are set.
            return False

        def has_change_permission(self, request, obj=None):
            return _editable(obj) and super().has_change_permission(request, obj)

    @admin.register(Addendum)
    class AddendumAdmin(base_admin):
        list_display = ["created_at", "visit", "author", "reason"]
        list_select_related = ["visit", "author"]
        search_fields = ["visit__client__client_number", "reason"]
        readonly_fields = ["visit", "author", "reason", "text", "created_at"]

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

    return VisitAdmin

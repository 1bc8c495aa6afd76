"""The curators' tool: every library model, with history, search, filters and publish/unpublish actions.

Only curators (group "Curators", see ``clinic.access.is_curator``) see or change anything here; other staff
accounts see no reference models at all, and users who are not staff never reach the admin. A published
entry cannot be deleted: it is unpublished instead, so clinical records never lose what they pointed at.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from clinic.access import is_curator
from clinic.admin_conflicts import VersionCheckedAdminMixin, VersionCheckedInlineMixin
from clinic.admin_hardening import HardenedInlineMixin, HardenedModelAdmin
from reference.models import (
    BodyRegion,
    Citation,
    Condition,
    LibraryVersion,
    Muscle,
    MuscleAssociation,
    MuscleGroup,
    MusclePart,
    PerpetuatingFactor,
    RedFlagRule,
    ReferralZone,
    SelfHelp,
    Source,
    Status,
    Symptom,
    Technique,
    TriggerPoint,
)
from reference.versioning import current_library_version, one_version_change

CURATOR_FIELDS = ("status", "source", "needs_review", "curator_note")
# Trigger points, zones and differentials also tell therapists how sure the library is.
CURATION_STATE_FIELDS = (*CURATOR_FIELDS, "wording", "review_reason")


def _is_published(obj) -> bool:
    return getattr(obj, "status", None) == Status.PUBLISHED


class CuratorOnlyMixin:
    """Curators may do everything except delete published entries; nobody else may do anything."""

    def has_module_permission(self, request):
        return is_curator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_curator(request.user)

    def has_add_permission(self, request, *args):
        return is_curator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_curator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_curator(request.user) and not _is_published(obj)


class ReadOnlyForCuratorsMixin(CuratorOnlyMixin):
    """Rows that mirror versioned files or counters: curators look, nobody edits here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CuratorInlineMixin(CuratorOnlyMixin):
    """Inlines are asked about the parent: rows of a published parent may still be deleted while they are
    drafts (``KeepPublishedRowsFormSet`` refuses published rows)."""

    def has_delete_permission(self, request, obj=None):
        return is_curator(request.user)


class KeepPublishedRowsFormSet(BaseInlineFormSet):
    """An inline row that is published is unpublished, not deleted, so records keep what they cite."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and _is_published(form.instance):
                raise ValidationError(
                    f"“{form.instance}” is published: set it to draft (unpublish it) instead of deleting it."
                )


@admin.action(description="Publish selected entries")
def publish(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Status.PUBLISHED)


@admin.action(description="Unpublish selected entries (back to draft)")
def unpublish(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Status.DRAFT)


def _set_status(modeladmin, request, queryset, status):
    """Save each entry (history records who did it) after validating it; report the ones refused."""
    changed, refused = 0, []
    with one_version_change():
        for entry in queryset:
            if entry.status == status:
                continue
            entry.status = status
            try:
                entry.full_clean()
            except ValidationError as error:
                refused.append(f"{entry}: {'; '.join(error.messages)}")
                continue
            entry._change_reason = f"{status} by admin action"
            entry.save()
            changed += 1
    verb = "Published" if status == Status.PUBLISHED else "Unpublished"
    if changed:
        modeladmin.message_user(
            request,
            f"{verb} {changed} entr{'y' if changed == 1 else 'ies'}. Library version is now "
            f"{current_library_version()}.",
            messages.SUCCESS,
        )
    for message in refused:
        modeladmin.message_user(request, f"Not changed: {message}", messages.ERROR)
    if not changed and not refused:
        modeladmin.message_user(request, "Nothing to change: the selected entries already had that status.")


class VersionedLibraryInlineMixin(CuratorInlineMixin, VersionCheckedInlineMixin, HardenedInlineMixin):
    """A library entry's rows inline: curators only, each row version-checked, row counts capped."""


class CitationInline(CuratorInlineMixin, HardenedInlineMixin, GenericTabularInline):
    """Further sources of any entry, each with its page or figure (``reference/models/citations.py``)."""

    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "locator", "note", "sort_order"]
    verbose_name = "citation (source with page or figure)"


class ContentAdmin(CuratorOnlyMixin, VersionCheckedAdminMixin, HardenedModelAdmin, SimpleHistoryAdmin):
    actions = [publish, unpublish]
    list_filter = ["status", "needs_review", "source"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    save_on_top = True

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), CitationInline]

    def get_actions(self, request):
        # Bulk delete would bypass "unpublish, don't delete"; drafts are deleted one by one from their page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


NAMED_FIELDS = ("name", "slug", "description", "sort_order")


class NamedContentAdmin(ContentAdmin):
    list_display = ["name", "status", "needs_review", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": NAMED_FIELDS}),
        ("Curation", {"fields": CURATOR_FIELDS}),
    ]


class WithMusclesAdmin(NamedContentAdmin):
    autocomplete_fields = ["source", "muscles"]
    list_filter = ["status", "needs_review", "muscles", "source"]
    fieldsets = [
        (None, {"fields": (*NAMED_FIELDS, "muscles")}),
        ("Curation", {"fields": CURATOR_FIELDS}),
    ]


@admin.register(Source)
class SourceAdmin(CuratorOnlyMixin, VersionCheckedAdminMixin, HardenedModelAdmin, SimpleHistoryAdmin):
    list_display = ["title", "author", "publisher", "published_on"]
    search_fields = ["title", "author", "citation", "key"]
    fields = [
        "key",
        "title",
        "author",
        "publisher",
        "url",
        "published_on",
        "accessed_on",
        "citation",
        "note",
        "disclaimer",
    ]

    def has_delete_permission(self, request, obj=None):
        # A cited source is protected by the database anyway; an uncited one may go.
        return is_curator(request.user)


@admin.register(BodyRegion)
class BodyRegionAdmin(ReadOnlyForCuratorsMixin, HardenedModelAdmin, SimpleHistoryAdmin):
    list_display = ["code", "name", "view", "sided", "chart_version", "sort_order"]
    list_filter = ["chart_version", "view", "sided"]
    search_fields = ["code", "name"]
    fields = ["chart_version", "code", "name", "view", "sided", "sort_order"]


@admin.register(LibraryVersion)
class LibraryVersionAdmin(ReadOnlyForCuratorsMixin, HardenedModelAdmin, admin.ModelAdmin):
    list_display = ["number", "changed_at"]
    fields = ["number", "changed_at"]


@admin.register(MuscleGroup)
class MuscleGroupAdmin(NamedContentAdmin):
    fieldsets = [
        (None, {"fields": NAMED_FIELDS}),
        ("Innervation given for the group", {"fields": (("innervation_nerve", "spinal_segments"),)}),
        ("Curation", {"fields": CURATOR_FIELDS}),
    ]


class MusclePartInline(
    CuratorInlineMixin, VersionCheckedInlineMixin, HardenedInlineMixin, admin.StackedInline
):
    model = MusclePart
    formset = KeepPublishedRowsFormSet
    extra = 0
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        ("name", "slug", "sort_order"),
        "origin",
        "insertion",
        "action",
        ("innervation_nerve", "spinal_segments"),
        "note",
        ("status", "source", "needs_review"),
    ]
    verbose_name = "head or part"
    verbose_name_plural = "heads or parts (only what differs from the muscle)"


class TriggerPointInline(
    CuratorInlineMixin, VersionCheckedInlineMixin, HardenedInlineMixin, admin.StackedInline
):
    model = TriggerPoint
    formset = KeepPublishedRowsFormSet
    extra = 0
    show_change_link = True
    autocomplete_fields = ["region", "source"]
    prepopulated_fields = {"slug": ["label"]}
    fields = [
        ("label", "slug"),
        ("region", "sort_order"),
        "location_description",
        ("status", "source", "needs_review"),
        "curator_note",
    ]


class MuscleAssociationInline(
    CuratorInlineMixin, VersionCheckedInlineMixin, HardenedInlineMixin, admin.TabularInline
):
    model = MuscleAssociation
    fk_name = "from_muscle"
    formset = KeepPublishedRowsFormSet
    extra = 0
    autocomplete_fields = ["to_muscle", "to_group", "source"]
    fields = ["to_muscle", "to_group", "role", "note", "sort_order", "status", "source", "needs_review"]
    verbose_name = "associated muscle"
    verbose_name_plural = "associated muscles"


@admin.register(Muscle)
class MuscleAdmin(NamedContentAdmin):
    list_display = ["name", "group", "status", "needs_review", "sort_order"]
    list_filter = ["status", "needs_review", "group", "source"]
    list_select_related = ["group", "source"]
    search_fields = ["name", "slug", "description", "origin", "insertion", "action"]
    autocomplete_fields = [
        "source",
        "group",
        "antagonists",
        "antagonist_groups",
        "synergists",
        "synergist_groups",
    ]
    inlines = [MusclePartInline, TriggerPointInline, MuscleAssociationInline]
    fieldsets = [
        (None, {"fields": ("name", "slug", "group", "sort_order", "description")}),
        (
            "Anatomy",
            {
                "fields": (
                    "origin",
                    "insertion",
                    "action",
                    ("innervation_nerve", "spinal_segments"),
                    "innervation_from_group",
                    ("synergists", "synergist_groups"),
                    "synergist_note",
                    ("antagonists", "antagonist_groups"),
                    "antagonist_note",
                    "functional_movement",
                )
            },
        ),
        ("Curation", {"fields": CURATOR_FIELDS}),
    ]


class ReferralZoneInline(
    CuratorInlineMixin, VersionCheckedInlineMixin, HardenedInlineMixin, admin.TabularInline
):
    model = ReferralZone
    formset = KeepPublishedRowsFormSet
    extra = 0
    autocomplete_fields = ["region", "source"]
    fields = ["region", "kind", "note", "status", "source", "needs_review", "wording", "contradicted"]


@admin.register(TriggerPoint)
class TriggerPointAdmin(ContentAdmin):
    list_display = ["label", "muscle", "region", "status", "needs_review"]
    list_filter = ["status", "needs_review", "muscle__group", "source"]
    list_select_related = ["muscle", "region", "source"]
    search_fields = ["label", "slug", "location_description", "muscle__name"]
    autocomplete_fields = ["muscle", "region", "source"]
    prepopulated_fields = {"slug": ["label"]}
    inlines = [ReferralZoneInline]
    fieldsets = [
        (None, {"fields": ("muscle", "label", "slug", "region", "location_description", "sort_order")}),
        (
            "Examination and needling",
            {
                "fields": (
                    "depth",
                    "palpation",
                    "referral_laterality",
                    "examination_tests",
                    "entrapment",
                    "needling_hazards",
                    "needling_hazards_wording",
                )
            },
        ),
        ("Curation", {"fields": CURATION_STATE_FIELDS}),
    ]


@admin.register(ReferralZone)
class ReferralZoneAdmin(ContentAdmin):
    list_display = ["trigger_point", "region", "kind", "status", "needs_review", "contradicted", "wording"]
    list_filter = ["status", "kind", "needs_review", "contradicted", "wording", "trigger_point__muscle"]
    list_select_related = ["trigger_point", "region", "source"]
    search_fields = [
        "trigger_point__label",
        "trigger_point__muscle__name",
        "region__name",
        "region__code",
        "note",
    ]
    autocomplete_fields = ["trigger_point", "region", "source"]
    fieldsets = [
        (None, {"fields": ("trigger_point", "region", "kind", "note")}),
        ("Curation", {"fields": CURATION_STATE_FIELDS}),
        ("Second sources", {"fields": ("contradicted", "discrepancy_note")}),
    ]


@admin.register(MuscleAssociation)
class MuscleAssociationAdmin(ContentAdmin):
    list_display = ["from_muscle", "to_muscle", "to_group", "status", "sort_order"]
    list_filter = ["status", "needs_review", "from_muscle"]
    list_select_related = ["from_muscle", "to_muscle", "to_group", "source"]
    search_fields = ["from_muscle__name", "to_muscle__name", "to_group__name", "note"]
    autocomplete_fields = ["from_muscle", "to_muscle", "to_group", "source"]
    fieldsets = [
        (None, {"fields": ("from_muscle", ("to_muscle", "to_group"), "role", "note", "sort_order")}),
        ("Curation", {"fields": CURATOR_FIELDS}),
    ]


@admin.register(Symptom)
class SymptomAdmin(WithMusclesAdmin):
    pass


@admin.register(PerpetuatingFactor)
class PerpetuatingFactorAdmin(WithMusclesAdmin):
    pass


@admin.register(SelfHelp)
class SelfHelpAdmin(WithMusclesAdmin):
    pass


@admin.register(Condition)
class ConditionAdmin(WithMusclesAdmin):
    search_fields = ["name", "slug", "description", "referral_prompt"]
    fieldsets = [
        (None, {"fields": (*NAMED_FIELDS, "referral_prompt", "presenting_regions", "muscles")}),
        ("Curation", {"fields": CURATION_STATE_FIELDS}),
    ]


@admin.register(Technique)
class TechniqueAdmin(WithMusclesAdmin):
    list_display = ["name", "kind", "invasive", "requires_written_consent", "loggable_as_routine", "status"]
    list_filter = ["status", "kind", "invasive", "needs_review", "source"]
    list_editable = []
    search_fields = ["name", "slug", "description", "scope_note"]
    fieldsets = [
        (None, {"fields": (*NAMED_FIELDS, "kind")}),
        (
            "Safety and scope",
            {"fields": ("invasive", "requires_written_consent", "loggable_as_routine", "scope_note")},
        ),
        ("What it records", {"fields": ("parameters",)}),
        (None, {"fields": ("muscles",)}),
        ("Curation", {"fields": CURATOR_FIELDS}),
    ]


@admin.register(RedFlagRule)
class RedFlagRuleAdmin(NamedContentAdmin):
    list_display = ["name", "urgency", "status", "needs_review", "sort_order"]
    list_filter = ["status", "urgency", "needs_review", "source"]
    search_fields = ["name", "slug", "description", "message"]
    autocomplete_fields = ["source", "conditions"]
    fieldsets = [
        (None, {"fields": (*NAMED_FIELDS, "urgency")}),
        ("When it fires", {"fields": ("triggers",)}),
        ("What the therapist reads", {"fields": ("message", "message_is_library_wording", "conditions")}),
        ("Curation", {"fields": CURATOR_FIELDS}),
    ]

"""The visit page's forms: the note, the pain map, and a formset per kind of part.

``VisitEditor`` builds all of them from one visit and one POST, validates them together and turns them into
the ``DraftChanges`` that ``records.visits.saving.save_draft`` writes in one transaction.

Library choices (published trigger points, techniques, self-help, perpetuating factors) are read once per
library version and process (``VisitLibrary.current()``) and shared by every row, so the page's query count
does not grow with the number of rows, and the library costs no query while it is unchanged.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory

from clinic.formsets import RowChecksMixin, limits
from records.models import (
    DRY_NEEDLING,
    AdverseEvent,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
)
from records.models.visits import MAX_NEEDLES_PER_SITE, NEEDLES_INSERTED_MESSAGE, technique_refusal
from records.visits import widgets as row_widgets
from records.visits.flags import FlagOutcomeForm
from records.visits.queries import LAST_NEEDLE, attach_related, chosen_library_ids
from records.visits.saving import DraftChanges
from reference.body_chart import load_chart
from reference.library_cache import cached_for_version
from reference.models import (
    PerpetuatingFactor,
    SelfHelp,
    Side,
    Status,
    Technique,
    TechniqueKind,
    TriggerPoint,
)
from reference.pain_map import PainMapForm
from reference.screening import ScreeningForm
from reference.technique_parameters import ParameterSpec, validate_parameter_values
from reference.versioning import current_library_version

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
FINDING_ROWS = 1
TECHNIQUE_ROWS = 2
NEEDLING_ROWS = 1
ADVERSE_EVENT_ROWS = 1
# The most rows of each kind one visit holds: far more than a session needs, few enough that a forged
# TOTAL_FORMS costs little (clinic/formsets.py).
MAX_FINDINGS = 60
MAX_TECHNIQUES = 60
MAX_NEEDLING_SITES = 40
MAX_ADVERSE_EVENTS = 20
SIDES = [(Side.LEFT, "Left"), (Side.RIGHT, "Right")]
BLANK = [("", "—")]


def number(low: int, high: int, **attrs):
    return forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric", **attrs})


def text_area(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows})


class VisitLibrary:
    """The published library entries the visit page offers, with their choice lists ready.

    Built once per process and library version (``VisitLibrary.current()``), then shared read-only by every
    request, so the editing screen reads none of the library while it is unchanged.
    """

    def __init__(self, version: int):
        self.version = version
        self.trigger_points: list[TriggerPoint] = list(
            TriggerPoint.objects.published()
            .filter(muscle__status=Status.PUBLISHED)
            .select_related("muscle")
            .order_by("muscle__sort_order", "muscle__name", "sort_order", "label")
        )
        self.trigger_point_by_id = {tp.pk: tp for tp in self.trigger_points}
        self.trigger_point_choices = BLANK + [
            (tp.pk, f"{tp.muscle.name} — {tp.label}") for tp in self.trigger_points
        ]
        self.techniques: list[Technique] = list(Technique.objects.published().order_by("sort_order", "name"))
        self.technique_by_id = {technique.pk: technique for technique in self.techniques}
        # What the techniques section offers. Needling is recorded per site; wet needling is listed so that
        # choosing it explains why it cannot be logged rather than failing as an unknown choice.
        self.treatment_techniques = [t for t in self.techniques if t.kind != TechniqueKind.DRY_NEEDLING]
        self.needling_techniques = [
            t for t in self.techniques if t.kind in (TechniqueKind.DRY_NEEDLING, TechniqueKind.WET_NEEDLING)
        ]
        self.dry_needling = next((t for t in self.techniques if t.kind == TechniqueKind.DRY_NEEDLING), None)
        self.specs: dict[int, list[ParameterSpec]] = {
            t.pk: t.parameter_specs for t in self.treatment_techniques
        }
        self.treatment_technique_choices = self.technique_choices(self.treatment_techniques)
        self.needling_technique_choices = self.technique_choices(self.needling_techniques)
        self.parameter_fields: dict[str, forms.Field] = {}
        self.parameter_groups: list[tuple[Technique, list[str]]] = []
        for technique in self.treatment_techniques:
            names = [param_field_name(technique.pk, spec) for spec in self.specs[technique.pk]]
            for spec, name in zip(self.specs[technique.pk], names, strict=True):
                self.parameter_fields[name] = TechniqueApplicationForm.parameter_field(technique, spec)
            if names:
                self.parameter_groups.append((technique, names))
        self._row_fields: dict[type, dict[str, forms.Field]] = {}
        # Drawn by records.visits.rows as pages ask for them: (row prefix, technique id) -> HTML, and each
        # empty row by its position (and the findings it offers) -> HTML.
        self.blank_parameter_groups: dict[tuple[str, int], str] = {}
        self.blank_rows: dict[tuple, str] = {}
        self.self_help_choices = list(
            SelfHelp.objects.published().order_by("sort_order", "name").values_list("pk", "name")
        )
        self.perpetuating_factor_choices = list(
            PerpetuatingFactor.objects.published().order_by("sort_order", "name").values_list("pk", "name")
        )

    def fields_for(self, form_class) -> dict[str, forms.Field]:
        """The fields of a kind of row, shaped for this library version, shared read-only by its forms."""
        fields = self._row_fields.get(form_class)
        if fields is None:
            fields = copy.deepcopy(form_class.base_fields)
            form_class.shape_fields(fields, self)
            for field in fields.values():
                style_widget(field.widget)
            self._row_fields[form_class] = fields
        return fields

    @classmethod
    def current(cls, version: int | None = None) -> VisitLibrary:
        """The snapshot for the current library version: ``version`` when the caller read it already (the
        visit's lookup does, ``visit.current_library_version``), else one query while it is unchanged."""
        if version is None:
            version = current_library_version()
        return cached_for_version("visit-library", version, lambda: cls(version))

    def technique_choices(self, techniques) -> list[tuple]:
        return BLANK + [(t.pk, self.technique_label(t)) for t in techniques]

    @staticmethod
    def technique_label(technique: Technique) -> str:
        if technique_refusal(technique):
            return f"{technique.name} (not loggable: outside scope of practice)"
        return technique.name


def share_choices(field: forms.ModelChoiceField, choices) -> None:
    """Give a ModelChoiceField a ready list of choices, so rendering it costs no query; validation still
    checks the submitted value against the field's queryset."""
    field.choices = choices


def style_widgets(form: forms.Form) -> None:
    """Bootstrap's classes on the widgets, so rows render without crispy."""
    for field in form.fields.values():
        style_widget(field.widget)


def style_widget(widget: forms.Widget) -> None:
    # Idempotent, and it writes nothing when the class is there: some widgets are shared by every form of
    # the process (the technique parameters, styled once when built).
    if isinstance(widget, forms.HiddenInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


def param_field_name(technique_id: int, spec: ParameterSpec) -> str:
    # By the technique's id: kinds are not unique in the library, ids are.
    return f"param-{technique_id}-{spec.name}"


# --- The note ---------------------------------------------------------------------------------------------


class VisitForm(forms.ModelForm):
    default_renderer = row_widgets.renderer
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The library choices are plain form fields, not the model's: their current values come in ``initial``
    # as ids (records.visits.queries.chosen_library_ids, one light query instead of loading the entries),
    # and records.visits.saving.save_draft writes them.
    self_help = forms.ModelMultipleChoiceField(
        queryset=SelfHelp.objects.published(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Self-help prescribed",
    )
    perpetuating_factors = forms.ModelMultipleChoiceField(
        queryset=PerpetuatingFactor.objects.published(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Perpetuating factors",
    )

    class Meta:
        model = Visit
        fields = [
            "started_at",
            "duration_minutes",
            *Visit.NOTE_FIELDS,
            "self_help_notes",
            "perpetuating_notes",
            "sharps_disposal_confirmed",
        ]
        widgets = {
            "started_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
            "duration_minutes": number(1, 480),
            "presenting_complaint": text_area(2),
            "onset": text_area(1),
            "aggravating": text_area(1),
            "easing": text_area(1),
            "pain_start": number(0, 10),
            "pain_end": number(0, 10),
            "observations": text_area(3),
            "slr_left": number(0, 180),
            "slr_right": number(0, 180),
            "ake_left": number(0, 180),
            "ake_right": number(0, 180),
            "assessment": text_area(3),
            "plan": text_area(3),
            "self_help_notes": text_area(2),
            "perpetuating_notes": text_area(2),
        }

    # The constraints' wording, by the field, before the model is asked.
    RANGES = {
        "pain_start": (0, 10, "Pain is 0 to 10 (0 no pain, 10 worst imaginable)."),
        "pain_end": (0, 10, "Pain is 0 to 10 (0 no pain, 10 worst imaginable)."),
        "duration_minutes": (1, 480, "Duration is 1 to 480 minutes."),
        "slr_left": (0, 180, "An angle is 0 to 180 degrees."),
        "slr_right": (0, 180, "An angle is 0 to 180 degrees."),
        "ake_left": (0, 180, "An angle is 0 to 180 degrees."),
        "ake_right": (0, 180, "An angle is 0 to 180 degrees."),
    }

    def __init__(self, *args, library: VisitLibrary, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
        if not self.is_bound:
            self.initial["lock_version"] = self.instance.lock_version
        self.fields["started_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        for name, (low, high, message) in self.RANGES.items():
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.error_messages.update({"min_value": message, "max_value": message})
            # One message for both ends of the range, in the words the constraint uses.
            field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
            field.validators.append(_range_validator(low, high, message))
        for name, model, choices in (
            ("self_help", SelfHelp, library.self_help_choices),
            ("perpetuating_factors", PerpetuatingFactor, library.perpetuating_factor_choices),
        ):
            share_choices(self.fields[name], self._keeping_unpublished(name, model, choices))
        self.fields[
            "sharps_disposal_confirmed"
        ].label = "Sharps disposal confirmed: every needle went into a sharps container"

    def _keeping_unpublished(self, name: str, model, choices: list) -> list:
        """The library's choices, plus any entry this visit recorded that has since been unpublished (e.g.
        "PSLE"): the visit keeps it, ticked, until the therapist unticks it. Only then does this cost a
        query (the names of those entries)."""
        offered = {pk for pk, _ in choices}
        kept = {int(pk) for pk in self.initial.get(name) or () if int(pk) not in offered}
        if not kept:
            return choices
        rows = list(model.objects.filter(pk__in=kept).order_by("name").values_list("pk", "name"))
        self.fields[name].queryset = model.objects.filter(Q(status=Status.PUBLISHED) | Q(pk__in=kept))
        return [*choices, *((pk, f"{label} (no longer in the library)") for pk, label in rows)]

    def draft_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _range_validator(low: int, high: int, message: str):
    def validate(value):
        if value is not None and not low <= value <= high:
            raise ValidationError(message, code="range")

    return validate


# --- Parts: one form per row ------------------------------------------------------------------------------


class PartForm(forms.ModelForm):
    """Shared by the rows: library choices come from the request's ``VisitLibrary``."""

    default_renderer = row_widgets.renderer

    def __init__(self, *args, library: VisitLibrary, visit: Visit, **kwargs):
        self.library = library
        self.visit = visit
        # Every row of a kind has the same fields: they are set up once per library version and shared
        # read-only (``VisitLibrary.fields_for``) instead of Django deep-copying them for each form; a page
        # has a dozen rows, and copying their fields cost about as much as drawing them. Nothing changes a
        # field after that (invalid inputs are flagged when drawn: records.visits.rows).
        self.base_fields = {}
        super().__init__(*args, **kwargs)
        self.fields = dict(library.fields_for(type(self)))

    @classmethod
    def shape_fields(cls, fields: dict[str, forms.Field], library: VisitLibrary) -> None:
        """Adjust the class's fields for the library: choices, labels, limits. Runs once per version."""
        if "trigger_point" in fields:
            share_choices(fields["trigger_point"], library.trigger_point_choices)
        if "side" in fields and fields["side"].required:
            fields["side"].choices = BLANK + SIDES


class FindingForm(PartForm):
    trigger_point = forms.ModelChoiceField(TriggerPoint.objects.published(), label="Trigger point")

    class Meta:
        model = Finding
        fields = [
            "trigger_point",
            "side",
            "status",
            "activity",
            "taut_band",
            "spot_tenderness",
            "jump_sign",
            "local_twitch_response",
            "referred_pain_reproduced",
            "pain_recognised",
            "notes",
        ]
        widgets = {
            "spot_tenderness": number(0, 3),
            "notes": text_area(1),
            "status": forms.RadioSelect(attrs={"class": "form-check-input"}),
        }

    @classmethod
    def shape_fields(cls, fields, library):
        super().shape_fields(fields, library)
        fields["spot_tenderness"].help_text = ""
        fields["activity"].choices = [("", "Not assessed"), *fields["activity"].choices[1:]]
        fields["spot_tenderness"].validators.append(_range_validator(0, 3, "Spot tenderness is 0 to 3."))


class TechniqueApplicationForm(PartForm):
    """A technique with its own parameters. Every technique's parameter inputs are on the form (labelled with
    their technique, so the page works without a script); only the chosen technique's may be filled."""

    technique = forms.ModelChoiceField(Technique.objects.published(), label="Technique")

    class Meta:
        model = TechniqueApplication
        fields = ["technique", "finding", "side", "nrs_before", "nrs_after", "response"]
        widgets = {
            "nrs_before": number(0, 10),
            "nrs_after": number(0, 10),
            "response": text_area(1),
        }

    def __init__(self, *args, finding_field: forms.ModelChoiceField | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The findings to point at are the visit's own: that field is shared by the visit's rows only.
        self.fields["finding"] = finding_field or self.finding_field(self.library, self.visit, choices=())
        self.parameter_groups = self.library.parameter_groups
        stored = self.instance.parameters if self.instance.pk else {}
        for spec in self.library.specs.get(self.instance.technique_id, ()) if stored else ():
            if spec.name in stored:
                self.initial[param_field_name(self.instance.technique_id, spec)] = stored[spec.name]

    @classmethod
    def finding_field(cls, library: VisitLibrary, visit: Visit, *, choices) -> forms.ModelChoiceField:
        field = copy.deepcopy(library.fields_for(cls)["finding"])
        field.queryset = Finding.objects.filter(visit=visit)
        share_choices(field, [("", "— none —"), *choices])
        return field

    @classmethod
    def shape_fields(cls, fields, library):
        super().shape_fields(fields, library)
        share_choices(fields["technique"], library.treatment_technique_choices)
        fields["side"].choices = [("", "—"), *SIDES]
        fields["finding"].help_text = fields["response"].help_text = ""
        fields["response"].widget.attrs["placeholder"] = "e.g. pain 6 → 3, SLR 60° → 75°"
        for name in ("nrs_before", "nrs_after"):
            fields[name].validators.append(_range_validator(0, 10, "Pain is 0 to 10."))
        # Every technique's parameter fields (built with the library), each labelled with its technique.
        fields.update(library.parameter_fields)

    @staticmethod
    def parameter_field(technique: Technique, spec: ParameterSpec) -> forms.Field:
        label = f"{technique.name}: {spec.label}"
        attrs = {"data-technique-param": technique.pk}
        if spec.type == "integer":
            return forms.IntegerField(
                label=label,
                required=False,
                min_value=spec.min,
                max_value=spec.max,
                help_text=spec.help,
                widget=number(spec.min, spec.max, **attrs),
            )
        if spec.type == "choice":
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=BLANK + [(c, c) for c in spec.choices],
                help_text=spec.help,
                widget=forms.Select(attrs=attrs),
            )
        return forms.CharField(
            label=label,
            required=False,
            max_length=spec.max_length,
            help_text=spec.help,
            widget=forms.TextInput(attrs=attrs),
        )

    def clean(self):
        cleaned = super().clean()
        technique = cleaned.get("technique")
        values = {}
        for other in self.library.treatment_techniques:
            for spec in self.library.specs[other.pk]:
                name = param_field_name(other.pk, spec)
                value = cleaned.get(name)
                if value in (None, ""):
                    continue
                if technique is not None and other.pk != technique.pk:
                    self.add_error(
                        name, f"{spec.label} is recorded for {other.name}, not for {technique.name}."
                    )
                elif technique is not None:
                    values[spec.name] = value
        if technique is not None and technique.pk in self.library.specs and not technique_refusal(technique):
            try:
                values = validate_parameter_values(self.library.specs[technique.pk], values)
            except ValidationError as error:
                by_name = {spec.name: spec for spec in self.library.specs[technique.pk]}
                for spec_name, messages in error.message_dict.items():
                    field = (
                        param_field_name(technique.pk, by_name[spec_name]) if spec_name in by_name else None
                    )
                    self.add_error(field, messages)
        self.instance.parameters = values
        return cleaned


class NeedlingSiteForm(PartForm):
    trigger_point = forms.ModelChoiceField(TriggerPoint.objects.published(), label="Trigger point")
    technique = forms.ModelChoiceField(Technique.objects.published(), label="Technique")

    class Meta:
        model = NeedlingSite
        fields = [
            "trigger_point",
            "side",
            "technique",
            "method",
            "needles_inserted",
            "needles_removed",
            "gauge_mm",
            "length_mm",
            "depth_mm",
            "dwell_seconds",
            "local_twitch_responses",
            "tolerance",
            "notes",
        ]
        widgets = {
            "needles_inserted": number(1, MAX_NEEDLES_PER_SITE),
            "needles_removed": number(0, MAX_NEEDLES_PER_SITE),
            "gauge_mm": forms.NumberInput(
                attrs={"min": "0.10", "max": "0.50", "step": "0.01", "inputmode": "decimal"}
            ),
            "length_mm": number(5, 150),
            "depth_mm": number(0, 150),
            "dwell_seconds": number(0, 3600),
            "local_twitch_responses": number(0, 99),
            "notes": text_area(1),
        }

    def __init__(
        self,
        *args,
        trigger_point_field: forms.ModelChoiceField | None = None,
        defaults: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if trigger_point_field is not None:
            # This visit's findings first (shared by the visit's rows only), then the library.
            self.fields["trigger_point"] = trigger_point_field
        if not self.instance.pk:
            if self.library.dry_needling is not None:
                self.initial.setdefault("technique", self.library.dry_needling.pk)
            # A new site starts from the needle this therapist used last (``last_needle_used``).
            for name, value in (defaults or {}).items():
                self.initial.setdefault(name, value)

    @classmethod
    def trigger_point_field(cls, library: VisitLibrary, findings) -> forms.ModelChoiceField | None:
        """The trigger-point choice with the visit's findings offered first, or None when it has none (the
        shared field, with the library alone, is then used)."""
        offered = []
        for finding in findings:
            if finding.trigger_point_id in library.trigger_point_by_id:
                tp = library.trigger_point_by_id[finding.trigger_point_id]
                offered.append((tp.pk, f"{tp.muscle.name} — {tp.label} ({finding.side} finding)"))
        if not offered:
            return None
        base = library.fields_for(cls)["trigger_point"]
        field = copy.copy(base)
        field.widget = copy.copy(base.widget)
        field.offered_findings = tuple(offered)  # part of the kept blank row's key (records.visits.rows)
        share_choices(
            field,
            [
                *BLANK,
                ("This visit's findings", offered),
                ("Library", library.trigger_point_choices[len(BLANK) :]),
            ],
        )
        return field

    @classmethod
    def shape_fields(cls, fields, library):
        super().shape_fields(fields, library)
        share_choices(fields["technique"], library.needling_technique_choices)
        fields["technique"].help_text = fields["gauge_mm"].help_text = ""
        fields["gauge_mm"].widget.attrs["placeholder"] = "0.25"
        for name in ("needles_removed", "local_twitch_responses"):
            fields[name].error_messages["min_value"] = "Cannot be negative."
        # One message for every count out of range (0, negative or too many), not one per bound.
        inserted = fields["needles_inserted"]
        inserted.min_value, inserted.max_value = 1, MAX_NEEDLES_PER_SITE
        inserted.widget.attrs.update(min=1, max=MAX_NEEDLES_PER_SITE)
        inserted.validators = [
            *(v for v in inserted.validators if not isinstance(v, MinValueValidator | MaxValueValidator)),
            MinValueValidator(1, NEEDLES_INSERTED_MESSAGE),
            MaxValueValidator(MAX_NEEDLES_PER_SITE, NEEDLES_INSERTED_MESSAGE),
        ]


class AdverseEventForm(PartForm):
    class Meta:
        model = AdverseEvent
        fields = ["kind", "severity", "description", "action_taken"]
        widgets = {"description": text_area(1), "action_taken": text_area(1)}


# --- Formsets ---------------------------------------------------------------------------------------------


class PartFormSet(RowChecksMixin, BaseInlineFormSet):
    def __init__(self, *args, library: VisitLibrary, form_extra: dict | None = None, **kwargs):
        self.library = library
        self.form_extra = form_extra or {}
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove from this visit"
            style_widget(form.fields["DELETE"].widget)

    def get_queryset(self):
        """The visit's stored rows: the ones prefetched by ``records.visits.queries.load_parts`` when they
        were (no query), else the formset's own query. Both are in id order."""
        if not hasattr(self, "_queryset"):
            prefetched = getattr(self.instance, "_prefetched_objects_cache", {})
            accessor = self.fk.remote_field.get_accessor_name()
            if accessor in prefetched:
                self._queryset = list(prefetched[accessor])
        return super().get_queryset()

    def new_forms_in_use(self) -> bool:
        """Whether an empty row was filled in (the page then shows the new rows open)."""
        return self.is_bound and any(form.has_changed() for form in self.extra_forms)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "library": self.library,
            "visit": self.instance,
            **self.form_extra,
        }

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.renderer,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        return form


class NeedlingFormSet(PartFormSet):
    def __init__(self, *args, consent_current: bool, client_name: str, **kwargs):
        self.consent_current = consent_current
        self.client_name = client_name
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.consent_current:
            return
        for form in self.forms:
            if form.instance.pk is None and form.has_changed() and not self._should_delete_form(form):
                raise ValidationError(
                    f"Dry needling cannot be recorded: {self.client_name} has no current dry-needling "
                    "consent. Record the client's written consent on their page first.",
                    code="no_consent",
                )


def _formset(model, form, extra, max_rows, formset=PartFormSet):
    return inlineformset_factory(
        Visit,
        model,
        form=form,
        formset=formset,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
        renderer=row_widgets.renderer,
        **limits(max_rows),
    )


FindingFormSet = _formset(Finding, FindingForm, FINDING_ROWS, MAX_FINDINGS)
TechniqueFormSet = _formset(TechniqueApplication, TechniqueApplicationForm, TECHNIQUE_ROWS, MAX_TECHNIQUES)
AdverseEventFormSet = _formset(AdverseEvent, AdverseEventForm, ADVERSE_EVENT_ROWS, MAX_ADVERSE_EVENTS)


# Without consent no empty rows are offered; existing sites (consent since withdrawn) stay visible.
NEEDLING_FORMSETS = {
    consent: _formset(
        NeedlingSite,
        NeedlingSiteForm,
        NEEDLING_ROWS if consent else 0,
        MAX_NEEDLING_SITES,
        formset=NeedlingFormSet,
    )
    for consent in (True, False)
}


def last_needle_used(therapist_id: int, *, rows: list[tuple] | None = None) -> dict:
    """The gauge and length of the needle this therapist recorded last (``LAST_NEEDLE``: any client, not a
    discarded visit, within their last ``NEEDLE_LOOKBACK_VISITS`` visits), so a new needling site starts
    from them: most therapists use one or two needles. One query, or none when given its ``rows`` (the
    editing screen reads it with the visit's parts: records.visits.queries.EditorReads)."""
    if rows is None:
        rows = LAST_NEEDLE.rows(therapist_id=therapist_id)
    if not rows:
        return {}
    gauge, length = rows[0]
    return {"gauge_mm": gauge, "length_mm": length}


# --- Everything together ----------------------------------------------------------------------------------


@dataclass
class VisitEditor:
    """All the forms of one visit page, bound to one POST (or unbound for a GET)."""

    visit: Visit
    library: VisitLibrary
    form: VisitForm
    pain_map: PainMapForm
    findings: BaseInlineFormSet
    techniques: BaseInlineFormSet
    needling: BaseInlineFormSet
    adverse_events: BaseInlineFormSet
    consent_current: bool
    screening: ScreeningForm
    flag_forms: list[FlagOutcomeForm]

    @classmethod
    def build(cls, visit: Visit, data=None, *, library: VisitLibrary | None = None, marks=()) -> VisitEditor:
        """``visit`` should come with its parts prefetched (``records.visits.queries.load_parts``)."""
        library = library or VisitLibrary.current(getattr(visit, "current_library_version", None))
        consent_current = visit.client.has_current_consent(DRY_NEEDLING)
        reads = getattr(visit, "editor_reads", None)  # read with the parts (load_parts(for_editing=True))
        needle_defaults = (
            last_needle_used(visit.therapist_id, rows=reads.last_needle_rows if reads else None)
            if consent_current
            else {}
        )
        findings = visit.findings.all()
        attach_related(findings, "trigger_point", library.trigger_point_by_id, also=("muscle",))
        attach_related(visit.techniques.all(), "technique", library.technique_by_id)
        attach_related(
            visit.needling_sites.all(), "trigger_point", library.trigger_point_by_id, also=("muscle",)
        )
        finding_choices = [
            (f.pk, f"{f.trigger_point.muscle.name} — {f.trigger_point.label}, {f.side}") for f in findings
        ]
        common = {"instance": visit, "library": library}
        return cls(
            visit=visit,
            library=library,
            form=VisitForm(data, instance=visit, library=library, initial=chosen_library_ids(visit)),
            pain_map=PainMapForm(data, marks=marks, chart=load_chart(visit.chart_version)),
            findings=FindingFormSet(
                data,
                prefix="findings",
                queryset=Finding.objects.select_related("trigger_point__muscle"),
                **common,
            ),
            techniques=TechniqueFormSet(
                data,
                prefix="techniques",
                queryset=TechniqueApplication.objects.select_related("technique"),
                form_extra={
                    "finding_field": TechniqueApplicationForm.finding_field(
                        library, visit, choices=finding_choices
                    )
                },
                **common,
            ),
            needling=NEEDLING_FORMSETS[consent_current](
                data,
                prefix="needling",
                form_extra={
                    "trigger_point_field": NeedlingSiteForm.trigger_point_field(library, findings),
                    "defaults": needle_defaults,
                },
                queryset=NeedlingSite.objects.select_related("trigger_point"),
                consent_current=consent_current,
                client_name=visit.client.display_name,
                **common,
            ),
            adverse_events=AdverseEventFormSet(data, prefix="adverse", **common),
            consent_current=consent_current,
            screening=ScreeningForm(
                data,
                initial={
                    "pain_course": visit.pain_course,
                    "night_pain": visit.night_pain,
                    "screen": list(visit.screening_answers or ()),
                },
            ),
            # The recorded flags come loaded with the parts (records.visits.queries.EDITOR_PART_QUERIES).
            flag_forms=[FlagOutcomeForm(data, flag=flag) for flag in visit.red_flags.all()],
        )

    @property
    def formsets(self):
        return [self.findings, self.techniques, self.needling, self.adverse_events]

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.pain_map.is_valid(), self.screening.is_valid()]
        results += [fs.is_valid() for fs in self.formsets] + [form.is_valid() for form in self.flag_forms]
        return all(results)

    @property
    def lock_version(self) -> int:
        return self.form.cleaned_data["lock_version"]

    def changes(self) -> DraftChanges:
        """What to write. Call only after ``is_valid()``."""
        saves, deletes = [], []
        for formset in self.formsets:
            saves += formset.save(commit=False)
            deletes += formset.deleted_objects
        screening = self.screening.cleaned_data
        return DraftChanges(
            fields={
                **self.form.draft_fields(),
                "pain_course": screening["pain_course"],
                "night_pain": screening["night_pain"],
                "screening_answers": list(screening["screen"]),
            },
            flag_outcomes={form.flag.rule_id: form.answer() for form in self.flag_forms},
            self_help=self.form.cleaned_data["self_help"],
            perpetuating_factors=self.form.cleaned_data["perpetuating_factors"],
            marks=self.pain_map.marks(),
            saves=saves,
            deletes=deletes,
        )

    def error_count(self) -> int:
        count = len(self.form.errors) + len(self.pain_map.errors) + len(self.screening.errors)
        count += sum(len(form.errors) for form in self.flag_forms)
        for formset in self.formsets:
            count += len(formset.non_form_errors()) + sum(len(form.errors) for form in formset.forms)
        return count

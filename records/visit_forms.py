"""The visit page's forms: the note, the pain map, and a formset per kind of part.

``VisitEditor`` builds all of them from one visit and one POST, validates them together and turns them into
the ``DraftChanges`` that ``records.visit_saving.save_draft`` writes in one transaction.

Library choices (published trigger points, techniques, self-help, perpetuating factors) are read once per
request and shared by every row, so the page's query count does not grow with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory

from records import fast_widgets
from records.models import (
    DRY_NEEDLING,
    AdverseEvent,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
)
from records.models.visits import technique_refusal
from records.visit_saving import DraftChanges
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
from reference.technique_parameters import ParameterSpec, validate_parameter_values

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
FINDING_ROWS = 1
TECHNIQUE_ROWS = 2
NEEDLING_ROWS = 1
ADVERSE_EVENT_ROWS = 1
SIDES = [(Side.LEFT, "Left"), (Side.RIGHT, "Right")]
BLANK = [("", "—")]


def number(low: int, high: int, **attrs):
    return forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric", **attrs})


def text_area(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows})


class VisitLibrary:
    """The published library entries the visit page offers, each read once."""

    @cached_property
    def trigger_points(self) -> list[TriggerPoint]:
        return list(
            TriggerPoint.objects.published()
            .filter(muscle__status=Status.PUBLISHED)
            .select_related("muscle")
            .order_by("muscle__sort_order", "muscle__name", "sort_order", "label")
        )

    @cached_property
    def trigger_point_choices(self) -> list[tuple]:
        return BLANK + [(tp.pk, f"{tp.muscle.name} — {tp.label}") for tp in self.trigger_points]

    @cached_property
    def techniques(self) -> list[Technique]:
        return list(Technique.objects.published().order_by("sort_order", "name"))

    @cached_property
    def treatment_techniques(self) -> list[Technique]:
        """What the techniques section offers. Needling is recorded per site; wet needling is listed so that
        choosing it explains why it cannot be logged rather than failing as an unknown choice."""
        return [t for t in self.techniques if t.kind != TechniqueKind.DRY_NEEDLING]

    @cached_property
    def needling_techniques(self) -> list[Technique]:
        return [
            t for t in self.techniques if t.kind in (TechniqueKind.DRY_NEEDLING, TechniqueKind.WET_NEEDLING)
        ]

    @cached_property
    def dry_needling(self) -> Technique | None:
        return next((t for t in self.techniques if t.kind == TechniqueKind.DRY_NEEDLING), None)

    @cached_property
    def specs(self) -> dict[int, list[ParameterSpec]]:
        return {t.pk: t.parameter_specs for t in self.treatment_techniques}

    @cached_property
    def self_help(self) -> list[SelfHelp]:
        return list(SelfHelp.objects.published().order_by("sort_order", "name"))

    @cached_property
    def perpetuating_factors(self) -> list[PerpetuatingFactor]:
        return list(PerpetuatingFactor.objects.published().order_by("sort_order", "name"))

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
    """Bootstrap's classes on the widgets, so rows render with a plain include instead of crispy."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def mark_invalid(form: forms.Form) -> None:
    """Flag the inputs whose values were refused, pointing at their message, as crispy would."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form[name].auto_id}_error"


def param_field_name(technique: Technique, spec: ParameterSpec) -> str:
    # By the technique's id: kinds are not unique in the library, ids are.
    return f"param-{technique.pk}-{spec.name}"


# --- The note ---------------------------------------------------------------------------------------------


class VisitForm(forms.ModelForm):
    default_renderer = fast_widgets.renderer
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Visit
        fields = [
            "started_at",
            "duration_minutes",
            *Visit.NOTE_FIELDS,
            "self_help",
            "self_help_notes",
            "perpetuating_factors",
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
            "self_help": forms.CheckboxSelectMultiple,
            "self_help_notes": text_area(2),
            "perpetuating_factors": forms.CheckboxSelectMultiple,
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
        self.fields["self_help"].queryset = SelfHelp.objects.published()
        share_choices(self.fields["self_help"], [(s.pk, s.name) for s in library.self_help])
        self.fields["perpetuating_factors"].queryset = PerpetuatingFactor.objects.published()
        share_choices(
            self.fields["perpetuating_factors"], [(p.pk, p.name) for p in library.perpetuating_factors]
        )
        self.fields[
            "sharps_disposal_confirmed"
        ].label = "Sharps disposal confirmed: every needle went into a sharps container"

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)

    def draft_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("self_help", "perpetuating_factors")
        }


def _range_validator(low: int, high: int, message: str):
    def validate(value):
        if value is not None and not low <= value <= high:
            raise ValidationError(message, code="range")

    return validate


# --- Parts: one form per row ------------------------------------------------------------------------------


class PartForm(forms.ModelForm):
    """Shared by the rows: library choices come from the request's ``VisitLibrary``."""

    default_renderer = fast_widgets.renderer

    def __init__(self, *args, library: VisitLibrary, visit: Visit, **kwargs):
        self.library = library
        self.visit = visit
        super().__init__(*args, **kwargs)
        if "trigger_point" in self.fields:
            share_choices(self.fields["trigger_point"], library.trigger_point_choices)
        if "side" in self.fields and self.fields["side"].required:
            self.fields["side"].choices = BLANK + SIDES

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)


class FindingForm(PartForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trigger_point"].queryset = TriggerPoint.objects.published()
        self.fields["trigger_point"].label = "Trigger point"
        self.fields["spot_tenderness"].help_text = ""
        self.fields["activity"].choices = [("", "Not assessed"), *self.fields["activity"].choices[1:]]
        self.fields["spot_tenderness"].validators.append(_range_validator(0, 3, "Spot tenderness is 0 to 3."))


class TechniqueApplicationForm(PartForm):
    """A technique with its own parameters. Every technique's parameter inputs are on the form (labelled with
    their technique, so the page works without a script); only the chosen technique's may be filled."""

    class Meta:
        model = TechniqueApplication
        fields = ["technique", "finding", "side", "nrs_before", "nrs_after", "response"]
        widgets = {
            "nrs_before": number(0, 10),
            "nrs_after": number(0, 10),
            "response": text_area(1),
        }

    def __init__(self, *args, finding_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technique"].queryset = Technique.objects.published()
        share_choices(
            self.fields["technique"], self.library.technique_choices(self.library.treatment_techniques)
        )
        self.fields["finding"].queryset = Finding.objects.filter(visit=self.visit)
        share_choices(self.fields["finding"], [("", "— none —"), *finding_choices])
        self.fields["side"].choices = [("", "—"), *SIDES]
        self.fields["finding"].help_text = self.fields["response"].help_text = ""
        self.fields["response"].widget.attrs["placeholder"] = "e.g. pain 6 → 3, SLR 60° → 75°"
        for name in ("nrs_before", "nrs_after"):
            self.fields[name].validators.append(_range_validator(0, 10, "Pain is 0 to 10."))
        stored = self.instance.parameters if self.instance.pk else {}
        self.parameter_fields: list[tuple[Technique, list[str]]] = []
        for technique in self.library.treatment_techniques:
            names = []
            for spec in self.library.specs[technique.pk]:
                name = param_field_name(technique, spec)
                self.fields[name] = self.parameter_field(technique, spec)
                if self.instance.technique_id == technique.pk and spec.name in stored:
                    self.initial[name] = stored[spec.name]
                names.append(name)
            if names:
                self.parameter_fields.append((technique, names))

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

    def parameter_groups(self):
        """[(technique, [bound fields])] for the template."""
        return [(technique, [self[name] for name in names]) for technique, names in self.parameter_fields]

    def clean(self):
        cleaned = super().clean()
        technique = cleaned.get("technique")
        values = {}
        for other in self.library.treatment_techniques:
            for spec in self.library.specs[other.pk]:
                name = param_field_name(other, spec)
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
                    field = param_field_name(technique, by_name[spec_name]) if spec_name in by_name else None
                    self.add_error(field, messages)
        self.instance.parameters = values
        return cleaned


class NeedlingSiteForm(PartForm):
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
            "needles_inserted": number(0, 99),
            "needles_removed": number(0, 99),
            "gauge_mm": forms.NumberInput(
                attrs={"min": "0.10", "max": "0.50", "step": "0.01", "inputmode": "decimal"}
            ),
            "length_mm": number(5, 150),
            "depth_mm": number(0, 150),
            "dwell_seconds": number(0, 3600),
            "local_twitch_responses": number(0, 99),
            "notes": text_area(1),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trigger_point"].queryset = TriggerPoint.objects.published()
        self.fields["technique"].queryset = Technique.objects.published()
        share_choices(
            self.fields["technique"], self.library.technique_choices(self.library.needling_techniques)
        )
        self.fields["technique"].help_text = self.fields["gauge_mm"].help_text = ""
        self.fields["gauge_mm"].widget.attrs["placeholder"] = "0.25"
        if not self.instance.pk and self.library.dry_needling is not None:
            self.initial.setdefault("technique", self.library.dry_needling.pk)
        for name in ("needles_inserted", "needles_removed", "local_twitch_responses"):
            field = self.fields[name]
            field.error_messages["min_value"] = "Cannot be negative."


class AdverseEventForm(PartForm):
    class Meta:
        model = AdverseEvent
        fields = ["kind", "severity", "description", "action_taken"]
        widgets = {"description": text_area(1), "action_taken": text_area(1)}


# --- Formsets ---------------------------------------------------------------------------------------------


class PartFormSet(BaseInlineFormSet):
    def __init__(self, *args, library: VisitLibrary, form_extra: dict | None = None, **kwargs):
        self.library = library
        self.form_extra = form_extra or {}
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove from this visit"
        style_widgets(form)

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


def _formset(model, form, extra, formset=PartFormSet):
    return inlineformset_factory(
        Visit,
        model,
        form=form,
        formset=formset,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
        renderer=fast_widgets.renderer,
    )


FindingFormSet = _formset(Finding, FindingForm, FINDING_ROWS)
TechniqueFormSet = _formset(TechniqueApplication, TechniqueApplicationForm, TECHNIQUE_ROWS)
AdverseEventFormSet = _formset(AdverseEvent, AdverseEventForm, ADVERSE_EVENT_ROWS)


def needling_formset_class(*, consent_current: bool):
    # Without consent no empty rows are offered; existing sites (consent since withdrawn) stay visible.
    extra = NEEDLING_ROWS if consent_current else 0
    return _formset(NeedlingSite, NeedlingSiteForm, extra, formset=NeedlingFormSet)


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

    @classmethod
    def build(cls, visit: Visit, data=None, *, library: VisitLibrary | None = None, marks=()) -> VisitEditor:
        """``visit`` should come with its parts prefetched (``records.visit_queries.visit_for_page``)."""
        library = library or VisitLibrary()
        consent_current = visit.client.has_current_consent(DRY_NEEDLING)
        findings = visit.findings.all()
        finding_choices = [
            (f.pk, f"{f.trigger_point.muscle.name} — {f.trigger_point.label}, {f.side}") for f in findings
        ]
        common = {"instance": visit, "library": library}
        return cls(
            visit=visit,
            library=library,
            form=VisitForm(data, instance=visit, library=library),
            pain_map=PainMapForm(data, marks=marks),
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
                form_extra={"finding_choices": finding_choices},
                **common,
            ),
            needling=needling_formset_class(consent_current=consent_current)(
                data,
                prefix="needling",
                queryset=NeedlingSite.objects.select_related("trigger_point"),
                consent_current=consent_current,
                client_name=visit.client.display_name,
                **common,
            ),
            adverse_events=AdverseEventFormSet(data, prefix="adverse", **common),
            consent_current=consent_current,
        )

    @property
    def formsets(self):
        return [self.findings, self.techniques, self.needling, self.adverse_events]

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.pain_map.is_valid()] + [fs.is_valid() for fs in self.formsets]
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
        return DraftChanges(
            fields=self.form.draft_fields(),
            self_help=self.form.cleaned_data["self_help"],
            perpetuating_factors=self.form.cleaned_data["perpetuating_factors"],
            marks=self.pain_map.marks(),
            saves=saves,
            deletes=deletes,
        )

    def error_count(self) -> int:
        count = len(self.form.errors) + len(self.pain_map.errors)
        for formset in self.formsets:
            count += len(formset.non_form_errors()) + sum(len(form.errors) for form in formset.forms)
        return count

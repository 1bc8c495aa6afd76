"""The workspace's forms. Fields a published muscle must state are marked as such while it is a draft, and
required once it is published (the model's constraint would refuse the save anyway)."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from clinic.edit_conflicts import VersionedFormMixin
from reference.models import (
    BodyRegion,
    Citation,
    Muscle,
    MuscleGroup,
    Source,
    TriggerPoint,
    ZoneKind,
)
from reference.models.anatomy import MUSCLE_FACTS_REQUIRED_TO_PUBLISH
from reference.pain_map import CURRENT_CHART_VERSION

NEEDED_TO_PUBLISH = "Needed to publish."


def chart_regions():
    return BodyRegion.objects.for_chart(CURRENT_CHART_VERSION).order_by("sort_order")


class SourceChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Source.objects.order_by("title"), **kwargs)


class AddMuscleForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="As the source names it, e.g. “Gluteus medius”.")
    source = SourceChoiceField(help_text="Where its facts come from; add a source below if it is not listed.")

    @property
    def slug(self) -> str:
        return slugify(self.cleaned_data["name"])[:100]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not slugify(name):
            raise forms.ValidationError("Give the muscle a name with letters or numbers.")
        return name


class MuscleFactsForm(VersionedFormMixin, forms.ModelForm):
    group = forms.ModelChoiceField(
        queryset=MuscleGroup.objects.order_by("sort_order", "name"), required=False
    )
    source = SourceChoiceField()

    class Meta:
        model = Muscle
        fields = [
            "name",
            "group",
            "description",
            "origin",
            "insertion",
            "action",
            "innervation_nerve",
            "spinal_segments",
            "innervation_from_group",
            "functional_movement",
            "source",
            "curator_note",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "description",
                "origin",
                "insertion",
                "action",
                "functional_movement",
                "curator_note",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MUSCLE_FACTS_REQUIRED_TO_PUBLISH:
            field = self.fields[name]
            if self.instance.is_published:
                field.required = True
            else:
                field.help_text = f"{NEEDED_TO_PUBLISH} {field.help_text}".strip()


class TriggerPointForm(VersionedFormMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        queryset=chart_regions(), help_text="Where the trigger point sits on the body chart."
    )
    source = SourceChoiceField()

    class Meta:
        model = TriggerPoint
        fields = [
            "label",
            "region",
            "location_description",
            "depth",
            "palpation",
            "referral_laterality",
            "examination_tests",
            "entrapment",
            "needling_hazards",
            "needling_hazards_wording",
            "source",
            "wording",
            "needs_review",
            "review_reason",
            "curator_note",
            "sort_order",
        ]
        widgets = {
            "location_description": forms.Textarea(attrs={"rows": 2}),
            "examination_tests": forms.Textarea(attrs={"rows": 2}),
            "entrapment": forms.Textarea(attrs={"rows": 2}),
            "needling_hazards": forms.Textarea(attrs={"rows": 2}),
            "review_reason": forms.Textarea(attrs={"rows": 2}),
            "curator_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"label": "e.g. “TrP1” or “Gluteus medius TrP1”."}

    def __init__(self, *args, muscle: Muscle, **kwargs):
        super().__init__(*args, **kwargs)
        self.muscle = muscle
        self.instance.muscle = muscle
        if self.instance.pk is None:
            self.initial.setdefault("source", muscle.source_id)

    def clean_label(self):
        label = " ".join(self.cleaned_data["label"].split())
        clash = TriggerPoint.objects.filter(muscle=self.muscle, label__iexact=label).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(f"{self.muscle.name} already has a trigger point called “{label}”.")
        return label

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance.slug = unique_trigger_point_slug(self.muscle, self.instance.label)
        return super().save(commit)


def unique_trigger_point_slug(muscle: Muscle, label: str) -> str:
    base = slugify(label)
    if not base.startswith(muscle.slug):
        base = f"{muscle.slug}-{base}"
    base = base[:90]
    taken = set(TriggerPoint.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


ZONE_CHOICES = [("", "Not a zone"), *ZoneKind.choices]


def zone_field_name(code: str) -> str:
    return f"zone-{code}"


class ZonesForm(forms.Form):
    """One choice per body-chart region: not a zone, essential or spillover. The chart script sets these
    same selects when a curator taps a region, so the form works without the script too.

    ``seen`` holds the zones (id and version) the page was opened with: saving refuses when another curator
    changed them since, rather than silently mixing two edits.
    """

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10_000)

    def __init__(self, *args, regions, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = list(regions)
        self.zones_by_region = {zone.region_id: zone for zone in zones}
        self.initial["seen"] = zones_signature(zones)
        for region in self.regions:
            name = zone_field_name(region.code)
            self.fields[name] = forms.ChoiceField(choices=ZONE_CHOICES, required=False, label=region.name)
            zone = self.zones_by_region.get(region.pk)
            self.initial[name] = zone.kind if zone else ""

    def rows(self):
        """(region, bound field) per region, in chart order, for the plain-form table."""
        return [(region, self[zone_field_name(region.code)]) for region in self.regions]

    def wanted(self) -> dict[int, str]:
        """Region id → kind for every region chosen as a zone."""
        return {
            region.pk: self.cleaned_data[zone_field_name(region.code)]
            for region in self.regions
            if self.cleaned_data.get(zone_field_name(region.code))
        }


def zones_signature(zones) -> str:
    return ",".join(f"{zone.pk}:{zone.lock_version}" for zone in sorted(zones, key=lambda zone: zone.pk))


class CitationForm(forms.ModelForm):
    source = SourceChoiceField()

    class Meta:
        model = Citation
        fields = ["source", "locator", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"locator": "Page, figure or chapter, e.g. “p. 318” or “Fig. 8.1”."}

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("locator", "").strip():
            self.add_error("locator", "Say where in the source: a page, figure or chapter.")
        source, locator = cleaned.get("source"), cleaned.get("locator", "")
        if source and self.entry.citations.filter(source=source, locator=locator).exists():
            self.add_error("locator", "This source is already cited here with that page or figure.")
        return cleaned

    def save(self, commit=True):
        self.instance.entry = self.entry
        self.instance.sort_order = self.entry.citations.count()
        return super().save(commit)


class SourceForm(forms.ModelForm):
    """A new source, added without leaving the workspace; its key is made from the title."""

    class Meta:
        model = Source
        fields = ["title", "author", "citation", "url", "publisher"]
        widgets = {"citation": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"citation": "The full citation as therapists should read it."}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not slugify(title):
            raise forms.ValidationError("Give the source a title with letters or numbers.")
        return title

    def save(self, commit=True):
        base = slugify(self.instance.title)[:90]
        taken = set(Source.objects.filter(key__startswith=base).values_list("key", flat=True))
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        self.instance.key = key
        return super().save(commit)

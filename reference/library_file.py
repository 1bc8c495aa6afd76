"""The library as one JSON document: what ``export_reference`` prints and ``import_reference`` loads.

Entries are keyed by natural keys (slugs, source keys, chart codes), never database ids, so a file moves
between databases. Import creates or updates the entries in the file and leaves others alone; it runs in one
transaction and checks every entry with ``full_clean()``, so a bad entry stops it with a message naming the
entry and nothing is half-imported. The document is deterministic (sorted by key), so exporting, importing
into an empty library and exporting again gives the same text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from reference.models import (
    BodyRegion,
    Citation,
    Condition,
    ContentEntry,
    Muscle,
    MuscleAssociation,
    MuscleGroup,
    MusclePart,
    PerpetuatingFactor,
    RedFlagRule,
    ReferralZone,
    SelfHelp,
    Source,
    Symptom,
    Technique,
    TriggerPoint,
)
from reference.versioning import bump_library_version, one_version_change

FORMAT = "clinic-reference-library"
FORMAT_VERSION = 1


class LibraryFileError(Exception):
    """A file that cannot be imported; the message names the entry and the problem."""


# --- How each section maps to a model ------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A foreign key written as the target's natural key."""

    field: str
    model: type[models.Model]
    label: str
    nullable: bool = False


@dataclass(frozen=True)
class ManyRef:
    """A many-to-many field written as a sorted list of the targets' slugs."""

    field: str
    model: type[models.Model]
    label: str


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    model: type[models.Model]
    keys: tuple[str, ...]
    scalars: tuple[str, ...] = ()
    refs: tuple[Ref, ...] = ()
    many: tuple[ManyRef, ...] = ()
    display: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        ref_fields = tuple(ref.field for ref in self.refs if ref.field not in self.keys)
        return (*self.keys, *ref_fields, *self.scalars, *(m.field for m in self.many))


CURATION = ("status", "needs_review", "curator_note")
# Trigger points, zones and differentials also say how sure the library is, to therapists.
CURATION_STATE = (*CURATION, "wording", "review_reason")
SOURCE_REF = Ref("source", Source, "source")
NAMED = ("name", "description", "sort_order")
MUSCLES = ManyRef("muscles", Muscle, "muscle")

SECTIONS = (
    Section(
        "sources",
        "source",
        Source,
        keys=("key",),
        scalars=(
            "title",
            "author",
            "publisher",
            "url",
            "published_on",
            "accessed_on",
            "citation",
            "note",
            "disclaimer",
        ),
        display="title",
    ),
    Section(
        "body_regions",
        "body region",
        BodyRegion,
        keys=("chart_version", "code"),
        scalars=("name", "view", "sided", "sort_order"),
        display="code",
    ),
    Section(
        "muscle_groups",
        "muscle group",
        MuscleGroup,
        keys=("slug",),
        scalars=(*NAMED, "innervation_nerve", "spinal_segments", *CURATION),
        refs=(SOURCE_REF,),
        display="name",
    ),
    Section(
        "muscles",
        "muscle",
        Muscle,
        keys=("slug",),
        refs=(Ref("group", MuscleGroup, "muscle group", nullable=True), SOURCE_REF),
        scalars=(
            *NAMED,
            "origin",
            "insertion",
            "action",
            "innervation_nerve",
            "spinal_segments",
            "innervation_from_group",
            "antagonist_note",
            "synergist_note",
            "functional_movement",
            *CURATION,
        ),
        many=(
            ManyRef("antagonists", Muscle, "muscle"),
            ManyRef("antagonist_groups", MuscleGroup, "muscle group"),
            ManyRef("synergists", Muscle, "muscle"),
            ManyRef("synergist_groups", MuscleGroup, "muscle group"),
        ),
        display="name",
    ),
    Section(
        "muscle_parts",
        "head or part",
        MusclePart,
        keys=("slug",),
        refs=(Ref("muscle", Muscle, "muscle"), SOURCE_REF),
        scalars=(
            "name",
            "sort_order",
            "origin",
            "insertion",
            "action",
            "innervation_nerve",
            "spinal_segments",
            "note",
            *CURATION,
        ),
        display="name",
    ),
    Section(
        "trigger_points",
        "trigger point",
        TriggerPoint,
        keys=("slug",),
        refs=(Ref("muscle", Muscle, "muscle"), Ref("region", BodyRegion, "body region"), SOURCE_REF),
        scalars=(
            "label",
            "location_description",
            "sort_order",
            "depth",
            "palpation",
            "referral_laterality",
            "examination_tests",
            "entrapment",
            "needling_hazards",
            "needling_hazards_wording",
            *CURATION_STATE,
        ),
        display="label",
    ),
    Section(
        "referral_zones",
        "referral zone",
        ReferralZone,
        keys=("trigger_point", "region"),
        refs=(
            Ref("trigger_point", TriggerPoint, "trigger point"),
            Ref("region", BodyRegion, "body region"),
            SOURCE_REF,
        ),
        scalars=("kind", "note", "contradicted", "discrepancy_note", *CURATION_STATE),
    ),
    Section(
        "muscle_associations",
        "muscle association",
        MuscleAssociation,
        # An association names a muscle or a whole group: the other of the two is null (or left out).
        keys=("from_muscle", "to_muscle", "to_group"),
        refs=(
            Ref("from_muscle", Muscle, "muscle"),
            Ref("to_muscle", Muscle, "muscle", nullable=True),
            Ref("to_group", MuscleGroup, "muscle group", nullable=True),
            SOURCE_REF,
        ),
        scalars=("note", "sort_order", "role", *CURATION),
    ),
    Section(
        "symptoms",
        "symptom",
        Symptom,
        keys=("slug",),
        refs=(SOURCE_REF,),
        scalars=(*NAMED, *CURATION),
        many=(MUSCLES,),
        display="name",
    ),
    Section(
        "perpetuating_factors",
        "perpetuating factor",
        PerpetuatingFactor,
        keys=("slug",),
        refs=(SOURCE_REF,),
        scalars=(*NAMED, *CURATION),
        many=(MUSCLES,),
        display="name",
    ),
    Section(
        "conditions",
        "condition",
        Condition,
        keys=("slug",),
        refs=(SOURCE_REF,),
        scalars=(*NAMED, "referral_prompt", "presenting_regions", *CURATION_STATE),
        many=(MUSCLES,),
        display="name",
    ),
    Section(
        "techniques",
        "technique",
        Technique,
        keys=("slug",),
        refs=(SOURCE_REF,),
        scalars=(
            *NAMED,
            "kind",
            "invasive",
            "requires_written_consent",
            "loggable_as_routine",
            "scope_note",
            "parameters",
            *CURATION,
        ),
        many=(MUSCLES,),
        display="name",
    ),
    Section(
        "self_help",
        "self-help advice",
        SelfHelp,
        keys=("slug",),
        refs=(SOURCE_REF,),
        scalars=(*NAMED, *CURATION),
        many=(MUSCLES,),
        display="name",
    ),
)
SECTIONS += (
    Section(
        "red_flag_rules",
        "red-flag rule",
        RedFlagRule,
        keys=("slug",),
        refs=(SOURCE_REF,),
        scalars=(*NAMED, "urgency", "triggers", "message", "message_is_library_wording", *CURATION),
        many=(ManyRef("conditions", Condition, "condition"),),
        display="name",
    ),
)
SECTION_NAMES = tuple(section.name for section in SECTIONS)


def _natural_key(obj) -> object:
    """How an entry is named when something else points at it."""
    if isinstance(obj, Source):
        return obj.key
    if isinstance(obj, BodyRegion):
        return {"chart_version": obj.chart_version, "code": obj.code}
    return obj.slug


def _sort_key(value) -> tuple:
    if value is None:  # an association's unused target sorts before any slug
        return ("",)
    return tuple(sorted(value.items())) if isinstance(value, dict) else (value,)


# --- Citations: every entry's further sources, written inside the entry ----------------------------------

CITATION_FIELDS = ("source", "locator", "note")
CITATIONS = models.Prefetch(
    "citations", queryset=Citation.objects.select_related("source").order_by("sort_order", "pk")
)


def _is_cited(section: Section) -> bool:
    return issubclass(section.model, ContentEntry)


def _citation_out(citation: Citation) -> dict:
    return {"source": citation.source.key, "locator": citation.locator, "note": citation.note}


# --- Export ------------------------------------------------------------------------------------------------


def _scalar_out(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def export_library() -> dict:
    """The whole library (all statuses) as a JSON-ready document."""
    document: dict = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for section in SECTIONS:
        queryset = section.model.objects.all()
        related = [ref.field for ref in section.refs]
        if section.model is ReferralZone:
            related += ["trigger_point", "region"]
        if related:
            queryset = queryset.select_related(*related)
        if section.many:
            queryset = queryset.prefetch_related(*(m.field for m in section.many))
        cited = _is_cited(section)
        if cited:
            queryset = queryset.prefetch_related(CITATIONS)
        entries = []
        for obj in queryset:
            entry = {}
            for name in section.fields:
                ref = next((r for r in section.refs if r.field == name), None)
                many = next((m for m in section.many if m.field == name), None)
                if ref is not None:
                    target = getattr(obj, name)
                    entry[name] = None if target is None else _natural_key(target)
                elif many is not None:
                    entry[name] = sorted(target.slug for target in getattr(obj, name).all())
                else:
                    entry[name] = _scalar_out(getattr(obj, name))
            if cited:
                entry["citations"] = [_citation_out(citation) for citation in obj.citations.all()]
            entries.append(entry)
        entries.sort(key=lambda e: tuple(_sort_key(e[k]) for k in section.keys))
        document[section.name] = entries
    return document


# --- Import ------------------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, section: str) -> None:
        counts = getattr(self, bucket)
        counts[section] = counts.get(section, 0) + 1

    def __str__(self) -> str:
        total = {name: sum(getattr(self, name).values()) for name in ("created", "updated", "unchanged")}
        return f"{total['created']} created, {total['updated']} updated, {total['unchanged']} unchanged"


TEXT_FIELDS = (models.CharField, models.TextField)


class _Importer:
    def __init__(self, document, *, reason: str):
        self.document = document
        self.reason = reason
        self.summary = ImportSummary()
        self._index: dict[type, dict] = {}
        self._deferred_many: list[tuple[Section, models.Model, str, ManyRef, list]] = []

    # Lookups by natural key, loaded once per model and kept up to date as entries are created.
    def index(self, model) -> dict:
        if model not in self._index:
            self._index[model] = {self._index_key(model, obj): obj for obj in self._all(model)}
        return self._index[model]

    @staticmethod
    def _all(model):
        if model is ReferralZone:
            return model.objects.select_related("trigger_point", "region")
        if model is MuscleAssociation:
            return model.objects.select_related("from_muscle", "to_muscle", "to_group")
        return model.objects.all()

    @staticmethod
    def _index_key(model, obj):
        if model is Source:
            return obj.key
        if model is BodyRegion:
            return (obj.chart_version, obj.code)
        if model is ReferralZone:
            return (obj.trigger_point.slug, (obj.region.chart_version, obj.region.code))
        if model is MuscleAssociation:
            return (
                obj.from_muscle.slug,
                obj.to_muscle.slug if obj.to_muscle_id else None,
                obj.to_group.slug if obj.to_group_id else None,
            )
        return obj.slug

    def run(self) -> ImportSummary:
        document = self.document
        if not isinstance(document, dict):
            raise LibraryFileError("The file must hold a JSON object (as written by export_reference).")
        if document.get("format") != FORMAT or document.get("format_version") != FORMAT_VERSION:
            raise LibraryFileError(
                f'Not a reference library file: expected "format": "{FORMAT}" and '
                f'"format_version": {FORMAT_VERSION}.'
            )
        unknown = sorted(set(document) - {"format", "format_version", *SECTION_NAMES})
        if unknown:
            raise LibraryFileError(
                f"Unknown section(s): {', '.join(unknown)}. Known: {', '.join(SECTION_NAMES)}."
            )
        with one_version_change():
            for section in SECTIONS:
                entries = document.get(section.name, [])
                if not isinstance(entries, list):
                    raise LibraryFileError(f'Section "{section.name}" must be a list of entries.')
                seen = set()
                for position, entry in enumerate(entries):
                    self.import_entry(section, position, entry, seen)
            for section, obj, where, many, values in self._deferred_many:
                self.set_many(section, obj, where, many, values)
        return self.summary

    def where(self, section: Section, position: int, entry: dict) -> str:
        shown = entry.get(section.display) if section.display else None
        if not isinstance(shown, str) or not shown:
            shown = " / ".join(str(self._describe(entry.get(key))) for key in section.keys)
        return f'{section.label} "{shown}"'

    @staticmethod
    def _describe(value) -> str:
        if isinstance(value, dict) and "code" in value:
            return str(value["code"])
        return str(value)

    def resolve(self, ref_model, value, where: str, field_name: str, label: str):
        if ref_model is BodyRegion:
            if not (isinstance(value, dict) and set(value) == {"chart_version", "code"}):
                raise LibraryFileError(
                    f'{where}: {field_name}: write it as {{"chart_version": 1, "code": "..."}}.'
                )
            key = (value["chart_version"], value["code"])
            shown = f"{value['code']} (chart version {value['chart_version']})"
        else:
            if not isinstance(value, str):
                raise LibraryFileError(f"{where}: {field_name}: must be the {label}'s key as text.")
            key, shown = value, value
        target = self.index(ref_model).get(key)
        if target is None:
            raise LibraryFileError(f'{where}: {field_name}: no {label} "{shown}" in the library or the file.')
        return target

    def entry_key(self, section: Section, entry: dict, where: str):
        values = []
        for key in section.keys:
            ref = next((r for r in section.refs if r.field == key), None)
            if ref is not None and ref.nullable and entry.get(key) is None:
                values.append(None)  # e.g. an association with a group has no muscle
                continue
            if key not in entry:
                raise LibraryFileError(f"{where}: {key}: missing.")
            value = entry[key]
            if ref is not None:
                value = self.resolve(ref.model, value, where, key, ref.label)
                value = self._index_key(ref.model, value)
            elif section.model is BodyRegion and key == "chart_version":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise LibraryFileError(f"{where}: chart_version: must be a whole number.")
            elif not isinstance(value, str) or not value:
                raise LibraryFileError(f"{where}: {key}: must be non-empty text.")
            values.append(value)
        return values[0] if len(values) == 1 else tuple(values)

    def import_entry(self, section: Section, position: int, entry, seen: set) -> None:
        if not isinstance(entry, dict):
            raise LibraryFileError(f"{section.name}[{position}]: each entry must be a JSON object.")
        where = self.where(section, position, entry)
        allowed = {*section.fields, "citations"} if _is_cited(section) else set(section.fields)
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise LibraryFileError(f"{where}: unknown field(s) {', '.join(unknown)}.")
        key = self.entry_key(section, entry, where)
        if key in seen:
            raise LibraryFileError(f"{where}: listed twice in the file.")
        seen.add(key)
        index = self.index(section.model)
        obj = index.get(key)
        is_new = obj is None
        if is_new:
            obj = section.model()
        before = None if is_new else self.snapshot(section, obj)

        if section.model is BodyRegion and not is_new:
            for name in ("view", "sided"):
                if name in entry and entry[name] != getattr(obj, name):
                    raise LibraryFileError(
                        f"{where}: {name}: a chart code never changes meaning; the library has "
                        f"{getattr(obj, name)!r} and the file {entry[name]!r}."
                    )

        for ref in section.refs:
            if ref.field not in entry:
                continue
            value = entry[ref.field]
            if value is None:
                if not ref.nullable:
                    raise LibraryFileError(f"{where}: {ref.field}: This field cannot be null.")
                setattr(obj, ref.field, None)
            else:
                setattr(obj, ref.field, self.resolve(ref.model, value, where, ref.field, ref.label))
        ref_fields = {ref.field for ref in section.refs}
        for name in (*section.keys, *section.scalars):
            if name in entry and name not in ref_fields:
                setattr(obj, name, self.check_type(section, name, entry[name], where))

        try:
            obj.full_clean()
        except ValidationError as error:
            raise LibraryFileError(f"{where}: {self.first_message(error)}") from error

        many_values = {}
        for many in section.many:
            if many.field in entry:
                values = entry[many.field]
                if not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
                    raise LibraryFileError(f"{where}: {many.field}: must be a list of {many.label} slugs.")
                many_values[many] = values

        citations = self.read_citations(entry["citations"], where) if "citations" in entry else None

        changed = is_new or self.snapshot(section, obj) != before
        if changed:
            obj._change_reason = self.reason
            obj.save()
            index[key] = obj
        if citations is not None:
            changed = self.set_citations(obj, citations, where) or changed
        for many, values in many_values.items():
            if section.model is Muscle:
                # Antagonists may name muscles further down the file: set them once every muscle exists.
                self._deferred_many.append((section, obj, where, many, values))
            else:
                changed = self.set_many(section, obj, where, many, values) or changed
        bucket = "created" if is_new else ("updated" if changed else "unchanged")
        self.summary.count(bucket, section.name)

    def read_citations(self, values, where: str) -> list[tuple]:
        """The file's citations of one entry as (source, locator, note), checked before anything is saved."""
        if not isinstance(values, list):
            raise LibraryFileError(f'{where}: citations: must be a list of {{"source", "locator", "note"}}.')
        result = []
        for position, value in enumerate(values):
            at = f"{where}: citations[{position}]"
            if not isinstance(value, dict) or "source" not in value:
                raise LibraryFileError(f'{at}: must be an object with at least a "source".')
            unknown = sorted(set(value) - set(CITATION_FIELDS))
            if unknown:
                raise LibraryFileError(f"{at}: unknown field(s) {', '.join(unknown)}.")
            source = self.resolve(Source, value["source"], at, "source", "source")
            locator, note = value.get("locator", ""), value.get("note", "")
            if not isinstance(locator, str) or not isinstance(note, str):
                raise LibraryFileError(f"{at}: locator and note must be text.")
            check = Citation(source=source, locator=locator, note=note, content_type_id=1, object_id=1)
            try:
                check.full_clean(exclude=["content_type", "object_id"], validate_unique=False)
            except ValidationError as error:
                raise LibraryFileError(f"{at}: {self.first_message(error)}") from error
            if (source.pk, locator) in {(s.pk, loc) for s, loc, _ in result}:
                raise LibraryFileError(f"{at}: the same source and locator are listed twice.")
            result.append((source, locator, note))
        return result

    @staticmethod
    def set_citations(obj, citations: list[tuple], where: str) -> bool:
        """Replace the entry's citations with the file's, when they differ (order included)."""
        current = [(c.source_id, c.locator, c.note) for c in obj.citations.order_by("sort_order", "pk")]
        if current == [(source.pk, locator, note) for source, locator, note in citations]:
            return False
        obj.citations.all().delete()
        for position, (source, locator, note) in enumerate(citations):
            Citation.objects.create(entry=obj, source=source, locator=locator, note=note, sort_order=position)
        bump_library_version()
        return True

    def set_many(self, section, obj, where, many: ManyRef, values: list) -> bool:
        targets = [self.resolve(many.model, value, where, many.field, many.label) for value in values]
        current = {target.pk for target in getattr(obj, many.field).all()}
        if current == {target.pk for target in targets}:
            return False
        getattr(obj, many.field).set(targets)
        return True

    @staticmethod
    def snapshot(section: Section, obj) -> tuple:
        names = [ref.field for ref in section.refs] + list(section.scalars) + list(section.keys)
        values = []
        for name in names:
            model_field = obj._meta.get_field(name)
            values.append(getattr(obj, model_field.attname))
        return tuple(values)

    @staticmethod
    def check_type(section: Section, name: str, value, where: str):
        model_field = section.model._meta.get_field(name)
        if isinstance(model_field, TEXT_FIELDS) and not isinstance(value, str):
            raise LibraryFileError(f"{where}: {name}: must be text.")
        if isinstance(model_field, models.BooleanField) and not isinstance(value, bool):
            raise LibraryFileError(f"{where}: {name}: must be true or false.")
        if isinstance(model_field, models.IntegerField) and (
            not isinstance(value, int) or isinstance(value, bool)
        ):
            raise LibraryFileError(f"{where}: {name}: must be a whole number.")
        if isinstance(model_field, models.DateField):
            if value is None:
                return None
            if not isinstance(value, str):
                raise LibraryFileError(f"{where}: {name}: must be a date written YYYY-MM-DD, or null.")
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise LibraryFileError(
                    f"{where}: {name}: must be a date written YYYY-MM-DD, or null."
                ) from None
        return value

    @staticmethod
    def first_message(error: ValidationError) -> str:
        if not hasattr(error, "error_dict"):
            return "; ".join(error.messages)
        messages = []
        for name, errors in error.message_dict.items():
            text = " ".join(errors)
            messages.append(text if name == NON_FIELD_ERRORS else f"{name}: {text}")
        return "; ".join(messages)


def import_library(document, *, reason: str = "import_reference") -> ImportSummary:
    """Create or update every entry of ``document`` in one transaction; raise LibraryFileError on the first
    bad entry, leaving the library as it was."""
    return _Importer(document, reason=reason).run()

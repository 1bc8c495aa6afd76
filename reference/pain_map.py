"""A pain map as data: marks on body-chart regions, the form that enters them, and their validation.

The same field names serve the script-driven chart and the plain-form fallback, so a map entered either
way arrives identically: ``mark-<region>-<side>-intensity`` (0-10, blank = not marked) and
``mark-<region>-<side>-quality``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html import escape

from django import forms
from django.utils.safestring import mark_safe

from reference.body_chart import CURRENT_CHART_VERSION, BodyChart, load_chart, render_view_svg
from reference.pain_qualities import PainQuality
from reference.suggest import PainMark

MAX_INTENSITY = 10


def intensity_band(intensity: int) -> str:
    """NRS-11 bands used for colours and words: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe."""
    if intensity <= 0:
        return "none"
    if intensity <= 3:
        return "mild"
    if intensity <= 6:
        return "moderate"
    return "severe"


def field_prefix(region_code: str, side: str) -> str:
    return f"mark-{region_code}-{side}"


@dataclass(frozen=True)
class EntrySlot:
    """One row of the pain-map list: a region on one side and its two inputs' names and ids, the same on every
    page for a chart view and form prefix (``entry_slots``). ``*_key`` are the form's field names, ``*_name``
    the inputs' (with the form's prefix)."""

    label: str
    intensity_key: str
    quality_key: str
    intensity_name: str
    intensity_id: str
    quality_name: str
    quality_id: str


@functools.lru_cache(maxsize=4)
def chart_fields(chart_version: int) -> dict[str, forms.Field]:
    """The intensity and quality fields of every (region, side) of a chart, built once per process.

    A chart has about 300 such fields; building them for every request cost a visit page some 15 ms. Forms
    share these instances read-only (nothing here changes a field or its widget after construction), which
    is why they are not deep-copied the way Django copies declared fields.
    """
    fields: dict[str, forms.Field] = {}
    for region in load_chart(chart_version).regions:
        for side in region.sides():
            prefix = field_prefix(region.code, side)
            fields[f"{prefix}-intensity"] = forms.IntegerField(
                label=f"{region.label(side)}: intensity",
                required=False,
                min_value=0,
                max_value=MAX_INTENSITY,
                error_messages={
                    "min_value": "Intensity is 0 to 10.",
                    "max_value": "Intensity is 0 to 10.",
                    "invalid": "Enter a whole number from 0 to 10.",
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_INTENSITY, "inputmode": "numeric"}),
            )
            fields[f"{prefix}-quality"] = forms.ChoiceField(
                label=f"{region.label(side)}: quality",
                required=False,
                choices=[("", "—"), *PainQuality.choices],
            )
    return fields


class PainMapForm(forms.Form):
    """Every (region, side) of the chart as an intensity and a quality field.

    Invalid values are reported on their own field; the valid marks are still available through
    ``valid_marks()`` so a page can keep drawing them.
    """

    def __init__(self, *args, chart: BodyChart | None = None, marks=(), **kwargs):
        self.chart = chart or load_chart(CURRENT_CHART_VERSION)
        self.initial_marks = list(marks)
        initial = kwargs.pop("initial", None) or {}
        for mark in marks:
            prefix = field_prefix(mark.region, mark.side)
            initial[f"{prefix}-intensity"] = mark.intensity
            initial[f"{prefix}-quality"] = mark.quality
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(chart_fields(self.chart.version))

    def entry_rows_html(self, view_code: str) -> str:
        """The plain-form list's rows for one view, with what the user typed (bound) or the stored map."""
        values = self.data if self.is_bound else self.initial
        errors = self.errors if self.is_bound else {}
        rows = []
        for slot in entry_slots(self.chart.version, view_code, self.prefix or "", str(self.auto_id or "")):
            value = values.get(slot.intensity_name if self.is_bound else slot.intensity_key)
            quality = values.get(slot.quality_name if self.is_bound else slot.quality_key)
            value_text, quality_text = "" if value is None else str(value), str(quality or "")
            row_errors = tuple(errors.get(slot.intensity_key, ()))
            if row_errors or len(value_text) > 2 or (quality_text and quality_text not in PainQuality.values):
                rows.append(entry_row_html(slot, value_text, quality_text, row_errors))
            else:
                # A valid row is one of a few variants (blank, or an intensity and quality): kept.
                rows.append(_kept_entry_row_html(slot, value_text, quality_text))
        return mark_safe("".join(rows))  # noqa: S308 - entry_row_html escapes every value

    def clean(self):
        cleaned = super().clean()
        for region in self.chart.regions:
            for side in region.sides():
                prefix = field_prefix(region.code, side)
                if cleaned.get(f"{prefix}-quality") and cleaned.get(f"{prefix}-intensity") is None:
                    self.add_error(f"{prefix}-intensity", "Give an intensity for a region with a quality.")
        return cleaned

    def marks(self) -> list[PainMark]:
        """The marks of a valid form, in chart order."""
        return self._marks_from(self.cleaned_data)

    def valid_marks(self) -> list[PainMark]:
        """Marks whose own fields validated, even when others on the form did not."""
        if not self.is_bound:
            return list(self.initial_marks)
        self.is_valid()
        return self._marks_from(self.cleaned_data)

    def _marks_from(self, data) -> list[PainMark]:
        marks = []
        for region in self.chart.regions:
            for side in region.sides():
                prefix = field_prefix(region.code, side)
                intensity = data.get(f"{prefix}-intensity")
                if intensity in (None, ""):
                    continue
                marks.append(
                    PainMark(
                        region=region.code,
                        side=side,
                        intensity=intensity,
                        quality=data.get(f"{prefix}-quality") or "",
                    )
                )
        return marks


class MarkSpecError(ValueError):
    """A command-line mark that cannot be read; the message says what is wrong."""


def parse_mark_spec(spec: str, chart: BodyChart) -> PainMark:
    """Read ``CODE:SIDE:INTENSITY[:QUALITY]`` as typed on the command line."""
    parts = spec.split(":")
    if len(parts) not in (3, 4):
        raise MarkSpecError(f"{spec!r}: expected CODE:SIDE:INTENSITY, e.g. popliteal_fossa:left:7")
    code, side, raw_intensity = parts[0].strip(), parts[1].strip().lower(), parts[2].strip()
    region = chart.region(code)
    if region is None:
        raise MarkSpecError(f"{spec!r}: unknown region code {code!r} (see `manage.py list_body_regions`)")
    if side not in ("left", "right", "midline"):
        raise MarkSpecError(f"{spec!r}: unknown side {side!r}; use left, right or midline")
    if side not in region.sides():
        allowed = " or ".join(region.sides())
        raise MarkSpecError(f"{spec!r}: {region.name} is recorded as {allowed}, not {side}")
    try:
        intensity = int(raw_intensity)
    except ValueError:
        raise MarkSpecError(f"{spec!r}: intensity must be a whole number from 0 to 10") from None
    if not 0 <= intensity <= MAX_INTENSITY:
        raise MarkSpecError(f"{spec!r}: intensity {intensity} is outside 0 to 10")
    quality = parts[3].strip().lower() if len(parts) == 4 else ""
    if quality and quality not in PainQuality.values:
        raise MarkSpecError(
            f"{spec!r}: unknown quality {quality!r}; use one of {', '.join(PainQuality.values)}"
        )
    return PainMark(region=code, side=side, intensity=intensity, quality=quality)


@dataclass(frozen=True)
class ChartOverlay:
    """A candidate's referral pattern drawn over the map: essential solid, spillover hatched."""

    side: str
    essential: frozenset[str]
    spillover: frozenset[str]


@functools.lru_cache(maxsize=len(PainQuality.choices) + 1)
def quality_options(chosen: str) -> str:
    """The quality select's options with ``chosen`` selected (one of a handful of strings, kept)."""
    return '<option value="">—</option>' + "".join(
        f'<option value="{code}"{" selected" if code == chosen else ""}>{escape(label)}</option>'
        for code, label in PainQuality.choices
    )


@functools.lru_cache(maxsize=64)
def entry_slots(chart_version: int, view_code: str, prefix: str, auto_id: str) -> tuple[EntrySlot, ...]:
    """The list's rows of one view for a form ``prefix`` and ``auto_id``, worked out once per process."""

    def name(field: str) -> str:
        return f"{prefix}-{field}" if prefix else field

    def input_id(html_name: str) -> str:
        # As Django's BoundField.auto_id gives it.
        return auto_id % html_name if "%s" in auto_id else (html_name if auto_id else "")

    slots = []
    for region in load_chart(chart_version).regions_for_view(view_code):
        for side in region.sides():
            intensity, quality = (
                f"{field_prefix(region.code, side)}-intensity",
                f"{field_prefix(region.code, side)}-quality",
            )
            slots.append(
                EntrySlot(
                    label=region.label(side),
                    intensity_key=intensity,
                    quality_key=quality,
                    intensity_name=name(intensity),
                    intensity_id=input_id(name(intensity)),
                    quality_name=name(quality),
                    quality_id=input_id(name(quality)),
                )
            )
    return tuple(slots)


def entry_row_html(slot: EntrySlot, value: str, quality: str, errors: tuple[str, ...]) -> str:
    """One plain-form table row, written in Python.

    A chart has about 150 (region, side) rows with seven quality options each; through the template
    engine that alone cost a draft visit page some 15 ms, so the rows are written here, every value escaped.
    """
    input_id = escape(slot.intensity_id)
    described = f' aria-describedby="{input_id}-error"' if errors else ""
    error_html = "".join(
        f'<div class="invalid-feedback" id="{input_id}-error">{escape(error)}</div>' for error in errors
    )
    label = escape(slot.label)
    return (
        f'<tr><th scope="row"><label for="{input_id}">{label}</label></th><td>'
        f'<input type="number" name="{escape(slot.intensity_name)}" id="{input_id}" min="0" max="10" '
        f'inputmode="numeric" class="form-control form-control-sm{" is-invalid" if errors else ""}" '
        f'value="{escape(value)}"{described}>{error_html}</td>'
        f'<td><select name="{escape(slot.quality_name)}" id="{escape(slot.quality_id)}" '
        'class="form-select form-select-sm" '
        f'aria-label="{label}: quality">{quality_options(quality)}</select></td></tr>'
    )


# Every blank row, and each marked one's few variants, drawn once per process: a map has about 150 rows,
# nearly all blank, on every page that shows it.
_kept_entry_row_html = functools.lru_cache(maxsize=16384)(
    lambda slot, value, quality: entry_row_html(slot, value, quality, ())
)


def render_pain_map_views(
    form: PainMapForm, *, marks: list[PainMark], overlay: ChartOverlay | None = None
) -> list[dict]:
    """The front and back views with marks coloured by intensity, ready for the pain-map template.

    An empty map (nothing posted, stored or shown over it: "Where does it hurt?" as first opened, a new
    visit) is the same for everyone on a chart version, so it is drawn once per process and kept."""
    empty = not marks and overlay is None and not form.is_bound and not form.initial
    key = (form.chart.version, form.prefix, form.auto_id)
    if empty and key in _empty_views:
        return _empty_views[key]
    views = _render_views(form, marks=marks, overlay=overlay)
    if empty:
        _empty_views[key] = views
    return views


# (chart version, form prefix, form auto_id) -> the empty map's views; a handful of entries.
_empty_views: dict[tuple, list[dict]] = {}


def _render_views(form: PainMapForm, *, marks: list[PainMark], overlay: ChartOverlay | None) -> list[dict]:
    classes: dict[tuple[str, str], str] = {}
    for mark in marks:
        classes[(mark.region, mark.side)] = f"is-marked intensity-{mark.intensity}"
    if overlay is not None:
        for region in form.chart.regions:
            for side in region.sides():
                if side not in (overlay.side, "midline"):
                    continue
                zone = (
                    "zone-essential"
                    if region.code in overlay.essential
                    else "zone-spillover"
                    if region.code in overlay.spillover
                    else ""
                )
                if zone:
                    key = (region.code, side)
                    classes[key] = f"{classes.get(key, '')} {zone}".strip()
    return [
        {
            "view": view,
            "svg": mark_safe(  # noqa: S308 - render_view_svg escapes every value it interpolates
                render_view_svg(form.chart, view.code, classes=classes, interactive=True)
            ),
            "rows_html": form.entry_rows_html(view.code),
        }
        for view in form.chart.views
    ]

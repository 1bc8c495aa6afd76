"""The parameters a technique records, described as data so curators can change them without a release.

A technique's ``parameters`` is a JSON list of specs::

    {"name": "hold_seconds", "label": "Hold (seconds)", "type": "integer", "min": 1, "max": 300,
     "unit": "s", "typical": [30, 90], "required": false, "help": "..."}
    {"name": "pressure", "label": "Pressure", "type": "choice", "choices": ["light", "moderate", "firm"]}
    {"name": "position", "label": "Position", "type": "text", "max_length": 200}

The visit log builds its fields from these specs and checks recorded values with
:func:`validate_parameter_values`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

TYPES = ("integer", "choice", "text")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_KEYS = {
    "name",
    "label",
    "type",
    "min",
    "max",
    "unit",
    "choices",
    "typical",
    "required",
    "help",
    "max_length",
}


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    label: str
    type: str
    min: int | None = None
    max: int | None = None
    unit: str = ""
    choices: tuple[str, ...] = ()
    typical: tuple[int, int] | None = None
    required: bool = False
    help: str = ""
    max_length: int = 200

    @property
    def range_text(self) -> str:
        if self.type == "integer" and self.min is not None and self.max is not None:
            return f"{self.min}–{self.max}{(' ' + self.unit) if self.unit else ''}"
        if self.type == "choice":
            return ", ".join(self.choices)
        return ""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_parameter_specs(data) -> list[ParameterSpec]:
    """Read and check a ``parameters`` list; a ValidationError names the bad spec and what is wrong."""
    if not isinstance(data, list):
        raise ValidationError("Parameters must be a JSON list of objects.")
    specs: list[ParameterSpec] = []
    seen: set[str] = set()
    for position, item in enumerate(data, start=1):
        where = f"Parameter {position}"
        if not isinstance(item, dict):
            raise ValidationError(f"{where} must be an object with name, label and type.")
        name = item.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValidationError(f"{where}: name must be lower_case letters, digits and underscores.")
        where = f"Parameter “{name}”"
        if name in seen:
            raise ValidationError(f"{where} is listed twice.")
        seen.add(name)
        unknown = sorted(set(item) - _KEYS)
        if unknown:
            raise ValidationError(f"{where}: unknown key(s) {', '.join(unknown)}.")
        label, kind = item.get("label"), item.get("type")
        if not isinstance(label, str) or not label.strip():
            raise ValidationError(f"{where}: label is required.")
        if kind not in TYPES:
            raise ValidationError(f"{where}: type must be one of {', '.join(TYPES)}.")
        low, high, typical, choices = (
            item.get("min"),
            item.get("max"),
            item.get("typical"),
            item.get("choices"),
        )
        if kind == "integer":
            if not (_is_int(low) and _is_int(high) and low <= high):
                raise ValidationError(f"{where}: an integer needs whole-number min and max with min ≤ max.")
            if typical is not None and not (
                isinstance(typical, list)
                and len(typical) == 2
                and all(_is_int(v) for v in typical)
                and low <= typical[0] <= typical[1] <= high
            ):
                raise ValidationError(f"{where}: typical must be [low, high] within min and max.")
        elif low is not None or high is not None or typical is not None:
            raise ValidationError(f"{where}: min, max and typical are for integers only.")
        if kind == "choice":
            if not (isinstance(choices, list) and choices and all(isinstance(c, str) and c for c in choices)):
                raise ValidationError(f"{where}: a choice needs a non-empty list of choices.")
            if len(set(choices)) != len(choices):
                raise ValidationError(f"{where}: choices repeat.")
        elif choices is not None:
            raise ValidationError(f"{where}: choices are for the choice type only.")
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise ValidationError(f"{where}: required must be true or false.")
        max_length = item.get("max_length", 200)
        if not (_is_int(max_length) and 1 <= max_length <= 1000):
            raise ValidationError(f"{where}: max_length must be a whole number from 1 to 1000.")
        specs.append(
            ParameterSpec(
                name=name,
                label=label.strip(),
                type=kind,
                min=low,
                max=high,
                unit=str(item.get("unit", "")),
                choices=tuple(choices or ()),
                typical=tuple(typical) if typical else None,
                required=required,
                help=str(item.get("help", "")),
                max_length=max_length,
            )
        )
    return specs


def validate_parameter_values(specs: list[ParameterSpec], values: dict) -> dict:
    """Check values recorded for one application; returns them cleaned or raises a per-parameter error."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    by_name = {spec.name: spec for spec in specs}
    for name in values:
        if name not in by_name:
            errors[name] = "This technique does not record this."
    for spec in specs:
        value = values.get(spec.name)
        if value in (None, ""):
            if spec.required:
                errors[spec.name] = "This field is required."
            continue
        if spec.type == "integer":
            try:
                number = int(value)
            except (TypeError, ValueError):
                errors[spec.name] = "Enter a whole number."
                continue
            if isinstance(value, float) and value != number:
                errors[spec.name] = "Enter a whole number."
            elif not spec.min <= number <= spec.max:
                errors[spec.name] = f"Enter a number from {spec.min} to {spec.max}."
            else:
                cleaned[spec.name] = number
        elif spec.type == "choice":
            if value not in spec.choices:
                errors[spec.name] = f"Choose one of: {', '.join(spec.choices)}."
            else:
                cleaned[spec.name] = value
        else:
            text = str(value).strip()
            if len(text) > spec.max_length:
                errors[spec.name] = f"Keep it to {spec.max_length} characters."
            else:
                cleaned[spec.name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned

"""Builders for reference-library test data; each returns saved, valid entries (published unless told)."""

from itertools import count

from reference.body_chart import CURRENT_CHART_VERSION
from reference.models import (
    BodyRegion,
    Condition,
    Muscle,
    MuscleAssociation,
    MuscleGroup,
    PerpetuatingFactor,
    ReferralZone,
    SelfHelp,
    Source,
    Status,
    Symptom,
    Technique,
    TechniqueKind,
    TriggerPoint,
)

_numbers = count(1)


def _n() -> int:
    return next(_numbers)


def make_source(**fields) -> Source:
    n = _n()
    defaults = {
        "key": f"source-{n}",
        "title": f"Source {n}",
        "citation": f"Citation {n}",
        "author": "A. Author",
    }
    return Source.objects.create(**{**defaults, **fields})


def region(code: str, chart_version: int = CURRENT_CHART_VERSION) -> BodyRegion:
    return BodyRegion.objects.get(chart_version=chart_version, code=code)


def make_group(**fields) -> MuscleGroup:
    n = _n()
    defaults = {"name": f"Group {n}", "slug": f"group-{n}", "status": Status.PUBLISHED}
    fields = {**defaults, **fields}
    fields.setdefault("source", make_source())
    return MuscleGroup.objects.create(**fields)


def make_muscle(**fields) -> Muscle:
    n = _n()
    defaults = {
        "name": f"Muscle {n}",
        "slug": f"muscle-{n}",
        "status": Status.PUBLISHED,
        "origin": "Somewhere",
        "insertion": "Elsewhere",
        "action": "Moves things",
        "innervation_nerve": "A nerve",
        "spinal_segments": "L4, L5",
    }
    fields = {**defaults, **fields}
    fields.setdefault("source", make_source())
    return Muscle.objects.create(**fields)


def make_trigger_point(muscle: Muscle, **fields) -> TriggerPoint:
    n = _n()
    defaults = {
        "label": f"Trigger point {n}",
        "slug": f"trigger-point-{n}",
        "status": Status.PUBLISHED,
        "region": region("post_thigh_middle_lateral"),
        "source": muscle.source,
    }
    return TriggerPoint.objects.create(muscle=muscle, **{**defaults, **fields})


def make_zone(trigger_point: TriggerPoint, code: str, kind: str = "essential", **fields) -> ReferralZone:
    defaults = {"status": Status.PUBLISHED, "source": trigger_point.source}
    return ReferralZone.objects.create(
        trigger_point=trigger_point, region=region(code), kind=kind, **{**defaults, **fields}
    )


def make_association(from_muscle: Muscle, to_muscle: Muscle, **fields) -> MuscleAssociation:
    defaults = {"status": Status.PUBLISHED, "source": from_muscle.source, "note": "Often together"}
    return MuscleAssociation.objects.create(
        from_muscle=from_muscle, to_muscle=to_muscle, **{**defaults, **fields}
    )


def _named(model, prefix: str, muscles=(), **fields):
    n = _n()
    defaults = {
        "name": f"{prefix} {n}",
        "slug": f"{prefix.lower().replace(' ', '-')}-{n}",
        "status": Status.PUBLISHED,
    }
    fields = {**defaults, **fields}
    fields.setdefault("source", make_source())
    entry = model.objects.create(**fields)
    if muscles:
        entry.muscles.set(muscles)
    return entry


def make_symptom(muscles=(), **fields) -> Symptom:
    return _named(Symptom, "Symptom", muscles, **fields)


def make_factor(muscles=(), **fields) -> PerpetuatingFactor:
    return _named(PerpetuatingFactor, "Factor", muscles, **fields)


def make_self_help(muscles=(), **fields) -> SelfHelp:
    return _named(SelfHelp, "Self help", muscles, **fields)


def make_condition(muscles=(), **fields) -> Condition:
    fields.setdefault("referral_prompt", "Refer when in doubt.")
    return _named(Condition, "Condition", muscles, **fields)


def make_technique(muscles=(), **fields) -> Technique:
    fields.setdefault("kind", TechniqueKind.COMPRESSION)
    return _named(Technique, "Technique", muscles, **fields)

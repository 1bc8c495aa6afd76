"""Body chart v2: seed its regions and move the library onto it (referral zones, trigger point locations,
conditions' presenting regions, red-flag rules naming regions), by reference/data/body_chart_v1_to_v2.json.

Reversible exactly: forward, a record on a v1 region is moved in place to the first v2 region cut from it and
copied to the others; backward, the oldest row of each v1 region is moved back and the copies removed, so a
round trip gives the same rows, ids and citations (tests/reference/test_body_chart_v2_migration.py). The
v1 regions stay: visits signed on v1 keep pointing at them. Pain marks move in records' own migration.
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

from reference.chart_crosswalk import load_crosswalk

CHART_FILE = Path(__file__).resolve().parent.parent / "data" / "body_chart_v2.json"
REASON = "Body chart v2 (migration)"


def _history(apps, model_name, obj, kind):
    Historical = apps.get_model("reference", f"Historical{model_name}")
    Model = apps.get_model("reference", model_name)
    Historical.objects.create(
        **{field.attname: getattr(obj, field.attname) for field in Model._meta.concrete_fields},
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=REASON,
    )




def _zone_strength(zone):
    # Backward, where several v2 zones of one trigger point meet in one v1 region, the oldest essential wins.
    return (zone.kind != "essential", zone.pk)


def _move_zones(apps, trigger_point, placed, regions):
    """Make ``trigger_point``'s zones the ``placed`` ones (``{code: zone row}``): each row is moved in place the
    first time it is placed and copied (with its citations) after that; rows not placed are deleted."""
    ReferralZone = apps.get_model("reference", "ReferralZone")
    Citation = apps.get_model("reference", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    zone_type = ContentType.objects.get_or_create(app_label="reference", model="referralzone")[0]
    all_zones = list(ReferralZone.objects.filter(trigger_point=trigger_point).order_by("pk"))
    used = set()
    # Moving a row in place before another frees its region would break "one zone per region": clear first.
    moves = []
    for code, zone in placed.items():
        if zone.pk in used:
            copy = ReferralZone.objects.get(pk=zone.pk)
            copy.pk = None
            copy.region = regions[code]
            moves.append(("copy", copy, zone))
        else:
            used.add(zone.pk)
            moves.append(("move", zone, regions[code]))
    for zone in all_zones:
        if zone.pk not in used:
            Citation.objects.filter(content_type=zone_type, object_id=zone.pk).delete()
            _history(apps, "ReferralZone", zone, "-")
            zone.delete()
    for kind, zone, target in moves:
        if kind == "move":
            zone.region = target
            zone.save(update_fields=["region"])
            _history(apps, "ReferralZone", zone, "~")
    for kind, copy, original in moves:
        if kind == "copy":
            copy.save()
            _history(apps, "ReferralZone", copy, "+")
            for citation in Citation.objects.filter(content_type=zone_type, object_id=original.pk):
                citation.pk = None
                citation.object_id = copy.pk
                citation.save()


def _translate_triggers(node, translate):
    """A red-flag rule's triggers with every ``mark.regions`` list translated."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "regions" and isinstance(value, list):
                out[key] = translate(value)
            else:
                out[key] = _translate_triggers(value, translate)
        return out
    if isinstance(node, list):
        return [_translate_triggers(item, translate) for item in node]
    return node


def _move_library(apps, *, to_version):
    crosswalk = load_crosswalk(1)
    BodyRegion = apps.get_model("reference", "BodyRegion")
    TriggerPoint = apps.get_model("reference", "TriggerPoint")
    ReferralZone = apps.get_model("reference", "ReferralZone")
    Condition = apps.get_model("reference", "Condition")
    RedFlagRule = apps.get_model("reference", "RedFlagRule")
    from_version = 1 if to_version == 2 else 2
    regions = {r.code: r for r in BodyRegion.objects.filter(chart_version=to_version)}
    forward = to_version == 2

    tp_ids = set(
        ReferralZone.objects.filter(region__chart_version=from_version).values_list("trigger_point_id", flat=True)
    )
    for trigger_point in TriggerPoint.objects.filter(pk__in=tp_ids).order_by("pk"):
        zones = ReferralZone.objects.filter(trigger_point=trigger_point).select_related("region").order_by("pk")
        records = {(zone.region.code, None): zone for zone in zones}
        if forward:
            moved = crosswalk.carry_forward(records, stronger=_first, trigger_point=trigger_point.slug)
        else:
            moved = crosswalk.carry_back(records, stronger=lambda a, b: min(a, b, key=_zone_strength))
        _move_zones(apps, trigger_point, {code: zone for (code, _), zone in moved.items()}, regions)

    for trigger_point in TriggerPoint.objects.filter(region__chart_version=from_version).select_related("region"):
        code = trigger_point.region.code
        new_code = (
            crosswalk.targets(code, trigger_point=trigger_point.slug)[0] if forward else crosswalk.parents[code][0]
        )
        trigger_point.region = regions[new_code]
        trigger_point.save(update_fields=["region"])
        _history(apps, "TriggerPoint", trigger_point, "~")

    translate = crosswalk.codes_forward if forward else crosswalk.codes_back
    for condition in Condition.objects.exclude(presenting_regions=[]):
        codes = condition.presenting_regions or []
        if all(code in (crosswalk.forward if forward else crosswalk.parents) for code in codes):
            condition.presenting_regions = translate(codes)
            condition.save(update_fields=["presenting_regions"])
            _history(apps, "Condition", condition, "~")
    for rule in RedFlagRule.objects.all():
        triggers = _translate_triggers(rule.triggers, translate)
        if triggers != rule.triggers:
            rule.triggers = triggers
            rule.save(update_fields=["triggers"])
            _history(apps, "RedFlagRule", rule, "~")


def _first(a, _b):
    return a


def forwards(apps, schema_editor):
    BodyRegion = apps.get_model("reference", "BodyRegion")
    data = json.loads(CHART_FILE.read_text(encoding="utf-8"))
    assert data["version"] == 2, f"{CHART_FILE.name} is not chart version 2"
    for position, region in enumerate(data["regions"], start=1):
        row = BodyRegion.objects.create(
            chart_version=2,
            code=region["code"],
            name=region["name"],
            view=region["view"],
            sided=bool(region["sided"]),
            sort_order=position * 10,
        )
        _history(apps, "BodyRegion", row, "+")
    _move_library(apps, to_version=2)


def backwards(apps, schema_editor):
    _move_library(apps, to_version=1)
    apps.get_model("reference", "BodyRegion").objects.filter(chart_version=2).delete()
    for name in ("BodyRegion", "ReferralZone", "TriggerPoint", "Condition", "RedFlagRule"):
        apps.get_model("reference", f"Historical{name}").objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0010_trigger_point_depth_palpation_laterality_hazards"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""A client's whole record as one JSON document (APP 12: a client can ask for their record).

The document holds the client's details, consents, and every visit (drafts and discarded ones too, since they
are part of the record) with its pain map, findings, techniques, needling, adverse events and addenda; and
every episode of care with its PSFS activities and check-ins, each check-in item by item (every LEFS answer,
every PSFS score, the global rating of change, usual pain) with its addenda. Totals are given as computed by
records/outcomes/scoring.py, beside the items they come from. Library entries are named by slug and name, so
the document reads without the library at hand.

Cost: one query per kind of row (under twenty), whatever the number of visits and check-ins.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from records.fields import CLINICAL_FIELDS, CONTACT_FIELDS
from records.models import (
    AccessLogEntry,
    Action,
    CheckIn,
    CheckInAddendum,
    Consent,
    Episode,
    PsfsScore,
    Visit,
)
from records.outcomes.instruments import GROC_LABELS, LEFS_ANSWERS, lefs_item_text
from records.outcomes.scoring import lefs_total, psfs_average
from records.visits.queries import visits_with_parts

FORMAT_VERSION = 1


def _user(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _trigger_point(tp) -> dict:
    return {"slug": tp.slug, "label": tp.label, "muscle": tp.muscle.name}


def client_record(client) -> dict:
    """Everything recorded about ``client``, as plain JSON-ready data."""
    consents = Consent.objects.filter(client=client).select_related("kind", "recorded_by", "withdrawn_by")
    visits = visits_with_parts().filter(client=client).order_by("started_at", "id")
    return {
        "format": "clinic-record/client",
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.localtime().isoformat(),
        "clinic": client.clinic.name,
        "client": {
            "client_number": client.client_number,
            **{name: _value(getattr(client, name)) for name in CONTACT_FIELDS + CLINICAL_FIELDS},
            "created_at": _value(client.created_at),
            "archived_at": _value(client.archived_at),
        },
        "consents": [
            {
                "kind": c.kind.code,
                "kind_name": c.kind.name,
                "consent_text_version": c.consent_text_version,
                "given_on": _value(c.given_on),
                "method": c.method,
                "method_accepted": c.method_accepted,
                "recorded_by": _user(c.recorded_by),
                "withdrawn_on": _value(c.withdrawn_on),
                "withdrawn_by": _user(c.withdrawn_by),
                "withdrawal_reason": c.withdrawal_reason,
            }
            for c in consents
        ],
        "visits": [visit_record(v) for v in visits],
        "episodes": episodes_record(client),
    }


def episodes_record(client) -> list[dict]:
    """Every episode of ``client`` (discharged ones too) with its activities and check-ins (discarded ones
    too, marked so): six queries."""
    check_ins = CheckIn.objects.select_related(
        "therapist", "signed_by", "discarded_by", "visit"
    ).prefetch_related(
        "lefs_items",
        Prefetch("psfs_scores", queryset=PsfsScore.objects.select_related("activity")),
        Prefetch("addenda", queryset=CheckInAddendum.objects.select_related("author")),
    )
    episodes = (
        Episode.objects.filter(client=client)
        .select_related("created_by")
        .prefetch_related(
            "psfs_activities", Prefetch("check_ins", queryset=check_ins.order_by("recorded_on", "id"))
        )
        .order_by("started_on", "id")
    )
    return [
        {
            "title": e.title,
            "body_area": e.body_area,
            "started_on": _value(e.started_on),
            "goals": e.goals,
            "referral_source": e.referral_source,
            "status": e.status,
            "discharged_on": _value(e.discharged_on),
            "discharge_reason": e.discharge_reason,
            "discharge_note": e.discharge_note,
            "created_by": _user(e.created_by),
            "psfs_activities": [{"position": a.position, "name": a.name} for a in e.psfs_activities.all()],
            "check_ins": [check_in_record(c) for c in e.check_ins.all()],
        }
        for e in episodes
    ]


def check_in_record(check_in) -> dict:
    """One check-in, item by item; its rows come prefetched (``episodes_record``)."""
    answers = dict(LEFS_ANSWERS)
    items = list(check_in.lefs_items.all())
    scores = list(check_in.psfs_scores.all())
    total = lefs_total({row.item: row.score for row in items}) if items else None
    average = psfs_average(row.score for row in scores)
    return {
        "recorded_on": _value(check_in.recorded_on),
        "kind": check_in.kind,
        "in_visit_started_at": _value(check_in.visit.started_at) if check_in.visit_id else None,
        "therapist": _user(check_in.therapist),
        "status": check_in.status,
        "usual_pain_week": check_in.usual_pain_week,
        "groc": check_in.groc,
        "groc_label": GROC_LABELS.get(check_in.groc, "") if check_in.groc is not None else "",
        "lefs_items": [
            {
                "item": row.item,
                "text": lefs_item_text(row.item),
                "score": row.score,
                "answer": answers[row.score],
            }
            for row in items
        ],
        "lefs_total": None
        if total is None
        else {"total": total.total, "answered": total.answered, "prorated": total.prorated},
        "psfs_scores": [
            {"activity": row.activity.name, "position": row.activity.position, "score": row.score}
            for row in scores
        ],
        "psfs_average": _value(average),
        "signed_at": _value(check_in.signed_at),
        "signed_by": _user(check_in.signed_by),
        "discarded_at": _value(check_in.discarded_at),
        "discarded_by": _user(check_in.discarded_by),
        "discard_reason": check_in.discard_reason,
        "addenda": [
            {
                "created_at": _value(a.created_at),
                "author": _user(a.author),
                "reason": a.reason,
                "text": a.text,
            }
            for a in check_in.addenda.all()
        ],
    }


VISIT_FIELDS = [
    "started_at",
    "duration_minutes",
    "status",
    "library_version",
    "chart_version",
    *Visit.NOTE_FIELDS,
    "pain_course",
    "night_pain",
    "screening_answers",
    "self_help_notes",
    "perpetuating_notes",
    "sharps_disposal_confirmed",
    "signed_at",
    "discarded_at",
    "discard_reason",
]


def visit_record(visit) -> dict:
    """One visit with its parts; ``visit`` comes from ``visits_with_parts()`` so nothing here queries."""
    return {
        **{name: _value(getattr(visit, name)) for name in VISIT_FIELDS},
        "therapist": _user(visit.therapist),
        "signed_by": _user(visit.signed_by),
        "discarded_by": _user(visit.discarded_by),
        "pain_map": [
            {
                "region": m.region.code,
                "region_name": m.region.name,
                "side": m.side,
                "intensity": m.intensity,
                "quality": m.quality,
                "chart_version": m.region.chart_version,
            }
            for m in visit.pain_marks.all()
        ],
        "red_flags": [
            {
                "rule": f.rule.slug,
                "name": f.rule_name,
                "urgency": f.urgency,
                "library_version": f.library_version,
                "message": f.message,
                "why": f.reason_list,
                "outcome": f.outcome,
                "referred_to": f.referred_to,
                "outcome_note": f.outcome_note,
            }
            for f in visit.red_flags.all()
        ],
        "findings": [
            {
                "trigger_point": _trigger_point(f.trigger_point),
                "side": f.side,
                "status": f.status,
                "activity": f.activity,
                "taut_band": f.taut_band,
                "spot_tenderness": f.spot_tenderness,
                "jump_sign": f.jump_sign,
                "local_twitch_response": f.local_twitch_response,
                "referred_pain_reproduced": f.referred_pain_reproduced,
                "pain_recognised": f.pain_recognised,
                "notes": f.notes,
            }
            for f in visit.findings.all()
        ],
        "techniques": [
            {
                "technique": t.technique.slug,
                "technique_name": t.technique.name,
                "finding": _trigger_point(t.finding.trigger_point) | {"side": t.finding.side}
                if t.finding
                else None,
                "side": t.side,
                "parameters": t.parameters,
                "nrs_before": t.nrs_before,
                "nrs_after": t.nrs_after,
                "response": t.response,
            }
            for t in visit.techniques.all()
        ],
        "needling": [
            {
                "trigger_point": _trigger_point(s.trigger_point),
                "side": s.side,
                "technique": s.technique.slug,
                "method": s.method,
                "needles_inserted": s.needles_inserted,
                "needles_removed": s.needles_removed,
                "gauge_mm": _value(s.gauge_mm),
                "length_mm": s.length_mm,
                "depth_mm": s.depth_mm,
                "dwell_seconds": s.dwell_seconds,
                "local_twitch_responses": s.local_twitch_responses,
                "tolerance": s.tolerance,
                "notes": s.notes,
            }
            for s in visit.needling_sites.all()
        ],
        "adverse_events": [
            {
                "kind": e.kind,
                "severity": e.severity,
                "description": e.description,
                "action_taken": e.action_taken,
            }
            for e in visit.adverse_events.all()
        ],
        "self_help": [{"slug": s.slug, "name": s.name} for s in visit.self_help.all()],
        "perpetuating_factors": [{"slug": p.slug, "name": p.name} for p in visit.perpetuating_factors.all()],
        "addenda": [
            {
                "created_at": _value(a.created_at),
                "author": _user(a.author),
                "reason": a.reason,
                "text": a.text,
            }
            for a in visit.addenda.all()
        ],
    }


def client_record_json(client) -> str:
    return json.dumps(client_record(client), ensure_ascii=False, indent=2)


def export_filename(client) -> str:
    return f"{client.client_number}-record-{timezone.localdate():%Y-%m-%d}.json"


def log_command_export(client, *, user=None, detail: str) -> AccessLogEntry:
    """The access-log row for an export made outside a request (the management command)."""
    return AccessLogEntry.objects.create(
        clinic_id=client.clinic_id, user=user, client=client, action=Action.EXPORT, detail=detail
    )

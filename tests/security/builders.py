"""Two clinics with one of everything, for the fuzz test and the access matrix.

Clinic A holds what clinic A's personas work on (a client with clinical details and consent, a draft visit
with every kind of part, a signed visit with an addendum, a clinic consent kind, a second therapist's
membership). Clinic B holds the same, under a client whose family name is ``MARKER``: that word must never
appear in a page a clinic A user or a clinic-less curator sees, and clinic B's rows must never change from
their requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q

from clinic.dates import local_date
from clinic.models import Membership, Role
from records.models import (
    Addendum,
    AdverseEvent,
    CheckIn,
    CheckInAddendum,
    CheckInKind,
    Client,
    Consent,
    ConsentKind,
    Episode,
    Finding,
    LefsItemScore,
    NeedlingSite,
    PsfsActivity,
    PsfsScore,
    TechniqueApplication,
    Visit,
    VisitPainMark,
)
from tests.builders import make_clinic, make_user
from tests.outcomes.builders import answer_lefs, make_check_in, name_activity, score_activity
from tests.records.builders import CLINICAL_VALUES, make_client, make_consent
from tests.visits.builders import (
    SEMITENDINOSUS,
    add_addendum,
    add_finding,
    add_mark,
    add_needling,
    add_technique,
    make_visit,
    sign,
)

MARKER = "Zzyzxmarker"


@dataclass
class World:
    """Ids by name (for URL templates such as ``/clients/{client_a}/``) and the users by persona."""

    ids: dict[str, int] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    clinic_b_ids: list[int] = field(default_factory=list)
    clinic_b: object = None

    def url(self, template: str) -> str:
        return template.format(**self.ids)


def _clinic_records(world: World, suffix: str, clinic, therapist, *, family_name: str, **client_fields):
    client = make_client(clinic, family_name=family_name, **client_fields)
    consent = make_consent(client, by=therapist)
    kind = ConsentKind.objects.create(clinic=clinic, code=f"photos_{suffix}", name=f"Photos {suffix.upper()}")
    draft = make_visit(client, therapist, presenting_complaint=f"Draft complaint {family_name}")
    add_mark(draft)
    finding = add_finding(draft, side="left")
    add_finding(draft, SEMITENDINOSUS, side="right")
    technique = add_technique(draft, finding=finding)
    needling = add_needling(draft)
    event = AdverseEvent.objects.create(visit=draft, kind="bruising", severity="mild", action_taken="Ice")
    check_in = make_check_in(
        draft.episode,
        therapist,
        visit=draft,
        recorded_on=local_date(draft.started_at),
        kind=CheckInKind.BASELINE,
        usual_pain_week=6,
    )
    answer_lefs(check_in, {1: 2, 2: 3})
    activity = name_activity(draft.episode, 1, f"Running {suffix}")
    score_activity(check_in, activity, 4)
    # Check-ins on their own: a draft (edit, sign, discard) and a signed one with an addendum.
    standalone = make_check_in(
        draft.episode, therapist, recorded_on=local_date(draft.started_at), usual_pain_week=5
    )
    signed_check_in = make_check_in(
        draft.episode, therapist, recorded_on=local_date(draft.started_at), usual_pain_week=4
    )
    signed_check_in.sign(by=therapist)
    check_in_addendum = CheckInAddendum.objects.create(
        check_in=signed_check_in, text="Pain was 3", reason="Misheard", author=therapist
    )
    signed = sign(make_visit(client, therapist, presenting_complaint=f"Signed complaint {family_name}"))
    addendum = add_addendum(signed, therapist)
    world.ids.update(
        {
            f"client_{suffix}": client.pk,
            f"consent_{suffix}": consent.pk,
            f"kind_{suffix}": kind.pk,
            f"draft_{suffix}": draft.pk,
            f"signed_{suffix}": signed.pk,
            f"finding_{suffix}": finding.pk,
            f"technique_{suffix}": technique.pk,
            f"needling_{suffix}": needling.pk,
            f"event_{suffix}": event.pk,
            f"addendum_{suffix}": addendum.pk,
            f"episode_{suffix}": draft.episode_id,
            f"check_in_{suffix}": check_in.pk,
            f"standalone_check_in_{suffix}": standalone.pk,
            f"signed_check_in_{suffix}": signed_check_in.pk,
        }
    )
    return [
        client,
        consent,
        kind,
        draft,
        signed,
        finding,
        technique,
        needling,
        event,
        addendum,
        draft.episode,
        check_in,
        activity,
        standalone,
        signed_check_in,
        check_in_addendum,
    ]


def make_personas() -> tuple[dict, object, object]:
    """The personas of tests/conftest.py, made the same way, for a world built once per test module."""
    clinic_a, clinic_b = make_clinic("Clinic A Myotherapy"), make_clinic("Clinic B Remedial")
    personas = {
        "therapist_a1": make_user("therapist_a1", clinic=clinic_a, role=Role.THERAPIST, first_name="Alice"),
        "therapist_a2": make_user("therapist_a2", clinic=clinic_a, role=Role.THERAPIST, first_name="Aaron"),
        "reception_a": make_user("reception_a", clinic=clinic_a, role=Role.RECEPTION, first_name="Rita"),
        "admin_a": make_user("admin_a", clinic=clinic_a, role=Role.CLINIC_ADMIN, first_name="Ada"),
        "therapist_b": make_user("therapist_b", clinic=clinic_b, role=Role.THERAPIST, first_name="Ben"),
        "curator": make_user("curator", curator=True, first_name="Cora"),
    }
    return personas, clinic_a, clinic_b


def make_world(personas: dict, clinic_a, clinic_b) -> World:
    world = World()
    world.clinic_b = clinic_b
    root = make_user("root", curator=True)
    root.is_superuser = True
    root.save()
    world.users = {**personas, "superuser": root}
    _clinic_records(world, "a", clinic_a, personas["therapist_a1"], family_name="Nguyen", **CLINICAL_VALUES)
    b_rows = _clinic_records(world, "b", clinic_b, personas["therapist_b"], family_name=MARKER)
    archived = make_client(clinic_a, given_name="Arch", family_name="Ived")
    archived.archive(by=personas["therapist_a1"])
    world.ids["archived_a"] = archived.pk
    world.ids["membership_a2"] = personas["therapist_a2"].membership.pk
    world.ids["membership_b"] = personas["therapist_b"].membership.pk
    world.clinic_b_ids = sorted(
        {row.pk for row in b_rows} | {world.ids["membership_b"], personas["therapist_b"].pk}
    )
    return world


# --- What must not change -------------------------------------------------------------------------------

CLINIC_B_ROWS = {
    Client: "clinic",
    Consent: "client__clinic",
    ConsentKind: "clinic",
    Visit: "clinic",
    VisitPainMark: "visit__clinic",
    Finding: "visit__clinic",
    TechniqueApplication: "visit__clinic",
    NeedlingSite: "visit__clinic",
    AdverseEvent: "visit__clinic",
    Addendum: "visit__clinic",
    Episode: "clinic",
    CheckIn: "clinic",
    LefsItemScore: "check_in__clinic",
    PsfsActivity: "episode__clinic",
    PsfsScore: "check_in__clinic",
    CheckInAddendum: "check_in__clinic",
    Membership: "clinic",
}


def clinic_rows(clinic) -> dict:
    """Every row of one clinic's records, with every column, and its staff accounts."""
    rows = {
        model.__name__: list(model.objects.filter(**{path: clinic}).order_by("pk").values_list())
        for model, path in CLINIC_B_ROWS.items()
    }
    users = Membership.objects.filter(clinic=clinic).values("user_id")
    rows["User"] = list(
        Membership.user.field.related_model.objects.filter(pk__in=users).order_by("pk").values_list()
    )
    rows["Visit.self_help"] = list(
        Visit.self_help.through.objects.filter(visit__clinic=clinic).order_by("pk").values_list()
    )
    return rows


def cross_clinic_links() -> list[str]:
    """Rows of one clinic that point at another clinic's rows: what a forged id would leave behind."""
    checks = {
        "visit of another clinic's client": Visit.objects.exclude(clinic=F("client__clinic")),
        "technique applied to another visit's finding": TechniqueApplication.objects.filter(
            finding__isnull=False
        ).exclude(finding__visit=F("visit")),
        "consent of another clinic's kind": Consent.objects.filter(kind__clinic__isnull=False).exclude(
            kind__clinic=F("client__clinic")
        ),
        "visit by a therapist of another clinic": Visit.objects.exclude(
            Q(therapist__membership__clinic=F("clinic"))
        ),
    }
    return [name for name, queryset in checks.items() if queryset.exists()]

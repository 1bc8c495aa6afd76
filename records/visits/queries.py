"""How pages read visits: each page's visits in a fixed number of queries, whatever their size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, Subquery, Value, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from clinic import access
from clinic.dates import day_and_date, day_date_and_time
from clinic.prepared_queries import LARGEST_ID, PreparedQuery, keep_prefetched, read_together
from records.models import (
    Addendum,
    AdverseEvent,
    Client,
    Consent,
    Finding,
    NeedlingSite,
    TechniqueApplication,
    Visit,
    VisitPainMark,
    VisitRedFlag,
    VisitStatus,
)
from records.outcomes.progress import CLIENT_EPISODES, MEASURE_ROWS
from records.outcomes.summary import VISIT_MEASURES
from records.visits.sections import RECENT_SECTIONS
from reference.models import LibraryVersion
from reference.suggest import PainMark

DASHBOARD_RECENT = 10
DASHBOARD_COLUMNS = (
    "pk",
    "status",
    "started_at",
    "pain_start",
    "pain_end",
    "client__client_number",
    "client__given_name",
    "client__preferred_name",
    "client__family_name",
)


NOTE_PARTS = (
    Prefetch("pain_marks", queryset=VisitPainMark.objects.select_related("region")),
    Prefetch("findings", queryset=Finding.objects.select_related("trigger_point__muscle")),
    Prefetch(
        "techniques",
        queryset=TechniqueApplication.objects.select_related("technique", "finding__trigger_point__muscle"),
    ),
    Prefetch(
        "needling_sites", queryset=NeedlingSite.objects.select_related("trigger_point__muscle", "technique")
    ),
    "adverse_events",
    Prefetch("red_flags", queryset=VisitRedFlag.objects.select_related("rule")),
    Prefetch("addenda", queryset=Addendum.objects.select_related("author")),
    "self_help",
    "perpetuating_factors",
)


def visits_with_parts():
    """Visits with everything a note shows, in one query per kind of part."""
    return Visit.objects.select_related("client", "therapist", "signed_by", "discarded_by").prefetch_related(
        *NOTE_PARTS
    )


def _visit_with_library_version_query(pk: int, clinic_id: int):
    current_version = LibraryVersion.objects.filter(pk=LibraryVersion.SINGLETON_ID).values("number")
    return (
        Visit.objects.select_related("client", "therapist", "signed_by", "discarded_by", "episode")
        .annotate(current_library_version=Subquery(current_version[:1]))
        .filter(pk=pk, clinic_id=clinic_id)
    )


# Every visit page starts with it: compiled once per process (clinic.prepared_queries).
VISIT_WITH_LIBRARY_VERSION = PreparedQuery(_visit_with_library_version_query, pk=-1, clinic_id=-2)


def visit_for_user_or_404(user, pk: int) -> Visit:
    """The visit ``pk`` if it belongs to the user's clinic, else 404 (one query, with its episode of care;
    parts are loaded by the page that needs them, with ``load_parts``). The same query reads the current
    library version (``visit.current_library_version``), which a signed note's cached record is keyed on."""
    clinic = access.clinic_for(user)
    in_range = 0 < pk <= LARGEST_ID
    found = VISIT_WITH_LIBRARY_VERSION.objects(pk=pk, clinic_id=clinic.pk) if clinic and in_range else []
    if not found:
        raise Http404("No such record")
    return found[0]


def load_parts(visit: Visit, *, for_editing: bool = False) -> Visit:
    """Prefetch what the note (or the editing screen) shows, one query per kind of part."""
    if for_editing:
        _load_editor_parts(visit)
    else:
        prefetch_related_objects([visit], *NOTE_PARTS)
    return visit


def _parts_of_a_visit(model, *related: str) -> PreparedQuery:
    def build(visit_id):
        rows = model.objects.filter(visit_id=visit_id)
        # select_related() without names would join every foreign key.
        return rows.select_related(*related) if related else rows

    return PreparedQuery(build, visit_id=-1)


# What the editing screen shows, one query per kind of part, compiled once per process
# (clinic.prepared_queries): it is the busiest page, and the ORM spent longer writing these seven small
# queries than PostgreSQL spent running them (6.0 ms against 2.4 ms for all seven, bench_clients data).
# The formsets take their rows from them (``PartFormSet.get_queryset``); their trigger points and techniques
# come from the shared library snapshot (``attach_related``), not from joins.
EDITOR_PART_QUERIES = {
    "pain_marks": _parts_of_a_visit(VisitPainMark, "region"),
    "findings": _parts_of_a_visit(Finding),
    "techniques": _parts_of_a_visit(TechniqueApplication),
    "needling_sites": _parts_of_a_visit(NeedlingSite),
    "adverse_events": _parts_of_a_visit(AdverseEvent),
    "red_flags": _parts_of_a_visit(VisitRedFlag),
}
CLIENT_CONSENTS = PreparedQuery(
    lambda client_id: Consent.objects.select_related("kind").filter(client_id=client_id), client_id=-1
)


def _consents_query(client_id: int):
    return Consent.objects.select_related("kind", "recorded_by", "withdrawn_by").filter(client_id=client_id)


# The client pages' consents, with who recorded and withdrew each (records.views.common).
CONSENTS = PreparedQuery(_consents_query, client_id=-1)


# How far back a therapist's last needle is looked for, in their own visits.
NEEDLE_LOOKBACK_VISITS = 50


def _last_needle_query(therapist_id: int):
    """The gauge and length of the therapist's last needle (``records.visits.forms.last_needle_used``). The
    visits are bounded first, through the therapist/status/date index: joining every needling site of the
    therapist and sorting them took 45 ms at 100,000 visits (bench_clients)."""

    def recent(status):  # per status, so each reads the therapist/status/date index in order
        return (
            Visit.objects.filter(therapist_id=therapist_id, status=status)
            .order_by("-started_at", "-id")
            .values("pk")[:NEEDLE_LOOKBACK_VISITS]
        )

    drafts, signed = recent(VisitStatus.DRAFT), recent(VisitStatus.SIGNED)
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: one UNION of the two short lists, which it estimates as short and joins by index
        # (2 ms at 100,000 visits; the OR of two IN lists below was planned as a scan of every visit, 35 ms).
        visits = Q(visit_id__in=Subquery(drafts.union(signed, all=True)))
    else:  # SQLite allows no LIMIT inside a UNION's parts
        visits = Q(visit_id__in=Subquery(drafts)) | Q(visit_id__in=Subquery(signed))
    return (
        NeedlingSite.objects.filter(visits)
        .order_by("-visit__started_at", "-id")
        .values_list("gauge_mm", "length_mm")[:1]
    )


# Compiled once per process (clinic.prepared_queries): the ORM took longer to write it than the database to
# run it.
LAST_NEEDLE = PreparedQuery(_last_needle_query, therapist_id=-1)


@dataclass(frozen=True)
class EditorReads:
    """What the editing screen reads besides the parts, read with them (``visit.editor_reads``): the rows of
    ``CHOSEN_LIBRARY_IDS``, of the visit's check-in (``records.outcomes.summary.VISIT_MEASURES``), of the
    therapist's recently used sections (``records.visits.sections.RECENT_SECTIONS``) and of their last
    needle (``LAST_NEEDLE``: used only when the client's needling consent is current, but read anyway, so
    the page needs no second round trip when it is)."""

    chosen_library_ids: list[tuple]
    measure_rows: list[tuple]
    recent_section_rows: list[tuple]
    last_needle_rows: list[tuple]


def _load_editor_parts(visit: Visit) -> None:
    """The editing screen's parts, kept where a prefetch keeps them, and its other reads
    (``visit.editor_reads``): eleven queries that need only the visit, sent to the database together
    (``read_together``), so the page waits for one answer instead of eleven. The editor is its therapist's
    alone, so the recently used sections are the visit's therapist's."""
    client = visit.client
    answers = read_together(
        *(query.as_objects(visit_id=visit.pk) for query in EDITOR_PART_QUERIES.values()),
        CLIENT_CONSENTS.as_objects(client_id=client.pk),
        CHOSEN_LIBRARY_IDS.as_rows(visit_id=visit.pk),
        VISIT_MEASURES.as_rows(visit_id=visit.pk),
        RECENT_SECTIONS.as_rows(therapist_id=visit.therapist_id),
        LAST_NEEDLE.as_rows(therapist_id=visit.therapist_id),
    )
    for name, rows in zip(EDITOR_PART_QUERIES, answers, strict=False):
        keep_prefetched(visit, name, rows, back_reference="visit")
    consents, *others = answers[len(EDITOR_PART_QUERIES) :]
    keep_prefetched(client, "consents", consents, back_reference="client")
    visit.editor_reads = EditorReads(*others)


def attach_related(rows, field: str, known: dict, *, also: tuple[str, ...] = ()) -> None:
    """Point each row's ``field`` (a foreign key) at the entry of that id in ``known``, the library
    snapshot shared by the process; entries it lacks (since unpublished) are read in one query, with
    ``also`` joined."""
    rows = list(rows)
    if not rows:
        return
    attname = rows[0]._meta.get_field(field).attname
    missing = {getattr(row, attname) for row in rows} - known.keys()
    extra = {}
    if missing:
        model = rows[0]._meta.get_field(field).related_model
        extra = model._base_manager.select_related(*also).in_bulk(missing)
    for row in rows:
        entry_id = getattr(row, attname)
        setattr(row, field, known.get(entry_id) or extra[entry_id])


def _chosen_library_ids_query(visit_id: int):
    self_help = Visit.self_help.through.objects.filter(visit_id=visit_id)
    factors = Visit.perpetuating_factors.through.objects.filter(visit_id=visit_id)
    return (
        self_help.annotate(kind=Value("self_help"))
        .values_list("kind", "selfhelp_id")
        .union(
            factors.annotate(kind=Value("perpetuating_factors")).values_list("kind", "perpetuatingfactor_id"),
            all=True,
        )
    )


# Compiled once per process (clinic.prepared_queries): the ORM took longer to write it than to run it.
CHOSEN_LIBRARY_IDS = PreparedQuery(_chosen_library_ids_query, visit_id=-1)


def chosen_library_ids(visit: Visit) -> dict[str, list[int]]:
    """The self-help and perpetuating factors chosen in the visit, as ids for the editing form: one query on
    the two link tables, without loading the entries (the form has their names from the library)."""
    chosen: dict[str, list[int]] = {"self_help": [], "perpetuating_factors": []}
    if visit.pk is None:
        return chosen
    reads = getattr(visit, "editor_reads", None)  # read with the parts by load_parts(for_editing=True)
    rows = reads.chosen_library_ids if reads else CHOSEN_LIBRARY_IDS.rows(visit_id=visit.pk)
    for kind, entry_id in rows:
        chosen[kind].append(entry_id)
    return chosen


def marks_of(visit: Visit) -> list[PainMark]:
    """The stored map as the suggestion engine's marks (uses the prefetched rows)."""
    return [
        PainMark(region=m.region.code, side=m.side, intensity=m.intensity, quality=m.quality)
        for m in visit.pain_marks.all()
    ]


def _timeline_query(client_id: int):
    newest_addendum = Addendum.objects.filter(visit=OuterRef("pk")).order_by("-created_at")
    return (
        Visit.objects.filter(client_id=client_id)
        .select_related("therapist")
        .timeline_order()
        .annotate(newest_addendum_at=Subquery(newest_addendum.values("created_at")[:1]))
        .only(
            "pk",
            "client_id",
            "clinic_id",
            "episode_id",  # the client page's episode headlines take each episode's visit pain from here
            "started_at",
            "status",
            "pain_start",
            "pain_end",
            "presenting_complaint",
            "duration_minutes",
            "chart_version",  # the last map's thumbnails are drawn on its chart
            "therapist__first_name",
            "therapist__last_name",
            "therapist__username",
            "updated_at",
        )
    )


def _last_map_query(client_id: int):
    latest = (
        Visit.objects.filter(client_id=client_id)
        .not_discarded()
        .filter(pain_marks__isnull=False)
        .order_by("-started_at", "-id")
        .values("pk")[:1]
    )
    return VisitPainMark.objects.filter(visit_id__in=Subquery(latest)).select_related("region")


# The client page's own queries, compiled once per process (clinic.prepared_queries).
TIMELINE = PreparedQuery(_timeline_query, client_id=-1)
LAST_MAP = PreparedQuery(_last_map_query, client_id=-1)


def timeline_for(client, visits: list[Visit] | None = None) -> list[Visit]:
    """The client's visits for the timeline: drafts first, then newest first. One query (none when given
    its answer, ``visits``), which also notes on ``client`` when each visit and its newest addendum were
    written, for the retention date (``Client.entry_dates``), so the page needs no query of its own for it."""
    if visits is None:
        visits = TIMELINE.objects(client_id=client.pk)
    client.visit_entry_times = [visit.updated_at for visit in visits] + [
        visit.newest_addendum_at for visit in visits if visit.newest_addendum_at is not None
    ]
    return visits


def last_map_for(
    client, visits: list[Visit], marks: list[VisitPainMark] | None = None
) -> tuple[Visit | None, list[VisitPainMark]]:
    """The client's newest visit (not discarded) that has a pain map, and its marks. One query (none when
    given its answer, ``marks``)."""
    if marks is None:
        marks = LAST_MAP.objects(client_id=client.pk)
    if not marks:
        return None, []
    visit = next((v for v in visits if v.pk == marks[0].visit_id), None)
    return visit, marks


def _dashboard_query(clinic_id: int, therapist_id: int):
    # Two halves, each read off the (therapist, status, -started_at, -id) index: "draft OR one of the ten
    # newest" in one WHERE made PostgreSQL filter every visit the therapist ever had (70 ms at 100,000).
    mine = Visit.objects.filter(clinic_id=clinic_id, therapist_id=therapist_id)
    newest_signed = mine.signed().order_by("-started_at", "-id").values("pk")[:DASHBOARD_RECENT]
    drafts = mine.filter(status=VisitStatus.DRAFT).order_by().values_list(*DASHBOARD_COLUMNS)
    recent = mine.filter(pk__in=Subquery(newest_signed)).order_by().values_list(*DASHBOARD_COLUMNS)
    return drafts.union(recent, all=True).order_by("-started_at", "-pk")


# Compiled once per process (clinic.prepared_queries).
DASHBOARD = PreparedQuery(_dashboard_query, clinic_id=-1, therapist_id=-2)


def dashboard_visits(user) -> dict:
    """The therapist's unsigned drafts and their ten newest signed visits, in one query of the few columns
    the lists show (a visit and its client carry long clinical texts the dashboard never draws), as plain
    values (``dashboard_row``). Every ORM query costs this page about a millisecond of Python, so the two
    lists are read together and told apart by status."""
    lists = {"draft_visits": [], "recent_visits": []}
    clinic = access.clinic_for(user)
    if clinic is None:
        return lists
    url_before_id, url_after_id = _visit_url_around_id()
    for values in DASHBOARD.rows(clinic_id=clinic.pk, therapist_id=user.pk):
        row = dict(zip(DASHBOARD_COLUMNS, values, strict=True))
        row["url"] = f"{url_before_id}{row['pk']}{url_after_id}"
        is_draft = row["status"] == VisitStatus.DRAFT
        lists["draft_visits" if is_draft else "recent_visits"].append(dashboard_row(row))
    return lists


def _visit_url_around_id() -> tuple[str, str]:
    """A visit's URL as the text before and after its id: reversed once per list, not once per row (each
    reverse() walks the URLconf)."""
    marker = str(LARGEST_ID)
    before, after = reverse("records:visit_detail", args=[LARGEST_ID]).split(marker)
    return before, after


def dashboard_row(row: dict) -> dict:
    """One line of the dashboard's lists, formatted here as the template's filters would: through the
    template engine (a URL reversed, dates formatted and attributes looked up per row) the rows cost the
    page about as much as everything else on it. ``row["url"]`` is the visit's URL, made by the caller."""
    started = timezone.localtime(row["started_at"])
    return {
        "url": row["url"],
        "client_name": Client.name_for_display(
            row["client__given_name"], row["client__preferred_name"], row["client__family_name"]
        ),
        "client_number": row["client__client_number"],
        "started": day_date_and_time(started),
        "day": day_and_date(started),
        "pain_start": row["pain_start"],
        "pain_end": row["pain_end"],
    }


def timeline_context(client, *, clinician: bool, reads: dict | None = None) -> dict:
    """What the client page's visit timeline needs: three queries for a clinician, one for reception; none
    when ``reads`` holds their answers ("timeline", "last_map": ``read_client_page``).

    Reception sees the dates (and who saw the client) only; the pain chart and map are clinical content.
    """
    from records.pain_chart import pain_map_thumbnails, pain_over_time_svg, pain_points

    reads = reads or {}
    visits = timeline_for(client, reads.get("timeline"))
    context = {"timeline_visits": visits}
    if clinician:
        points = pain_points(visits)
        last_map_visit, marks = last_map_for(client, visits, reads.get("last_map"))
        context.update(
            {
                "pain_points": points,
                "pain_chart_svg": pain_over_time_svg(points),
                "last_map_visit": last_map_visit,
                "last_map_thumbnails": pain_map_thumbnails(
                    marks, chart_version=last_map_visit.chart_version if last_map_visit else 1
                ),
                "can_start_visit": not client.is_archived,
            }
        )
    return context


def read_client_page(client, *, clinician: bool) -> dict:
    """Everything the client page reads once the client is found, in one round trip (``read_together``):
    its consents (kept as ``client.consents.all()``), the timeline and, for a clinician, the last map, the
    episodes and the check-ins' measure rows. Each needs only the client's id."""
    names = ["consents", "timeline"] + (["last_map", "episodes", "measure_rows"] if clinician else [])
    queries = {
        "consents": CONSENTS.as_objects(client_id=client.pk),
        "timeline": TIMELINE.as_objects(client_id=client.pk),
        "last_map": LAST_MAP.as_objects(client_id=client.pk),
        "episodes": CLIENT_EPISODES.as_objects(client_id=client.pk),
        "measure_rows": MEASURE_ROWS["client"].as_rows(client_id=client.pk),
    }
    reads = dict(zip(names, read_together(*(queries[name] for name in names)), strict=True))
    keep_prefetched(client, "consents", reads.pop("consents"), back_reference="client")
    return reads

"""An episode's progress, read in a fixed number of queries and turned into charts, tables and headlines.

What counts (docs/records.md, "The progress page"):

* **Check-ins**: those ``CheckIn.objects.counted()`` keeps (never a discarded one, nor one inside a
  discarded visit). A check-in not signed yet (a draft on its own, or inside a draft visit) is plotted too,
  drawn hollow and marked "draft" in the table: it is the therapist's own latest entry, and hiding it would
  make the page disagree with what they just recorded.
* **Visits** (pain at start and end, straight-leg raise, active knee extension, pain maps): signed visits
  only, as on the client page's pain chart: a draft may still change and a discarded visit never happened.
* **Baseline** of a check-in measure: its value in the episode's baseline check-in when that one recorded it,
  else its first value in date order. Of a visit measure: the first signed visit that recorded it.

Queries: the measure rows of every counted check-in (LEFS items, PSFS scores, usual pain and GROC) are one
UNION query (``MEASURE_ROWS``), compiled once per process; the PSFS activities, the signed visits and their
pain marks are one query each. The client page reads its headlines with one query of the same shape.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import F, Value
from django.utils import timezone
from django.utils.safestring import mark_safe

from clinic.prepared_queries import PreparedQuery
from records.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    Episode,
    EpisodeStatus,
    LefsItemScore,
    PsfsActivity,
    PsfsScore,
    Visit,
    VisitPainMark,
    VisitStatus,
)
from records.outcomes import charts
from records.outcomes.charts import Number, Reading, Scale, Series
from records.outcomes.instruments import GROC_MAX, GROC_MIN, LEFS_MAX_TOTAL, NRS_MAX, NRS_MIN
from records.outcomes.pain_map_change import compare_maps, summarise_map
from records.outcomes.scoring import (
    Change,
    LefsTotal,
    groc_result,
    lefs_change,
    lefs_total,
    nrs_change,
    psfs_activity_change,
    psfs_average,
    psfs_change,
    signed,
)
from records.pain_chart import INTENSITY_FILLS
from reference.body_chart import load_chart, render_view_svg
from reference.suggest import PainMark

# Colours of the series (presentation attributes: the strict CSP allows no style attribute).
BLUE, RED, PURPLE, GREEN, GREY = "#1f5fa8", "#b3261e", "#6a3d9a", "#2e7d32", "#555b66"
CHANGE_FILLS = {
    "resolved": "#2e7d32",
    "better": "#9ccc65",
    "worse": "#ef6c00",
    "new": "#b3261e",
    "unchanged": "#bdbdbd",
}
CHANGE_LABELS = {
    "resolved": "Resolved (painful, then not)",
    "better": "Better (less intense)",
    "worse": "Worse (more intense)",
    "new": "New (not painful, then painful)",
    "unchanged": "Unchanged",
}

# --- Reading the measures -------------------------------------------------------------------------------

_COLUMNS = (
    "m_source",
    "m_check_in",
    "m_episode",
    "m_day",
    "m_kind",
    "m_status",
    "m_visit_status",
    "m_a",
    "m_b",
)


def _measure_part(model, prefix: str, source: str, a: str, b: str, *, scope: str, marker: int):
    rows = model.objects.order_by()
    if scope == "episode":
        rows = rows.filter(**{f"{prefix}episode_id": marker})
    else:  # the client's active episodes, for the client page's headlines
        rows = rows.filter(
            **{f"{prefix}episode__client_id": marker, f"{prefix}episode__status": EpisodeStatus.ACTIVE}
        )
    # CheckIn.objects.counted(), spelled through the relation so each part of the UNION applies it.
    rows = rows.exclude(**{f"{prefix}status": CheckInStatus.DISCARDED}).exclude(
        **{f"{prefix}visit__status": VisitStatus.DISCARDED}
    )
    return rows.annotate(
        m_source=Value(source),
        m_check_in=F(f"{prefix}id"),
        m_episode=F(f"{prefix}episode_id"),
        m_day=F(f"{prefix}recorded_on"),
        m_kind=F(f"{prefix}kind"),
        m_status=F(f"{prefix}status"),
        m_visit_status=F(f"{prefix}visit__status"),
        m_a=F(a),
        m_b=F(b),
    ).values_list(*_COLUMNS)


def _measure_rows_query(scope: str):
    def build(marker):
        parts = [
            _measure_part(CheckIn, "", "check_in", "usual_pain_week", "groc", scope=scope, marker=marker),
            _measure_part(LefsItemScore, "check_in__", "lefs", "item", "score", scope=scope, marker=marker),
            _measure_part(
                PsfsScore, "check_in__", "psfs", "activity_id", "score", scope=scope, marker=marker
            ),
        ]
        return parts[0].union(*parts[1:], all=True)

    return build


# Compiled once per process (clinic.prepared_queries): a UNION of three joined parts is slow to write.
MEASURE_ROWS = {
    "episode": PreparedQuery(lambda episode_id: _measure_rows_query("episode")(episode_id), episode_id=-1),
    "client": PreparedQuery(lambda client_id: _measure_rows_query("client")(client_id), client_id=-1),
}


@dataclass
class CheckInMeasures:
    """One counted check-in's measures, as stored (totals and averages computed, never read)."""

    pk: int
    episode_id: int
    day: date
    kind: str
    draft: bool
    usual_pain: int | None = None
    groc: int | None = None
    lefs_items: dict[int, int] = field(default_factory=dict)
    psfs_scores: dict[int, int] = field(default_factory=dict)  # activity id -> score

    @property
    def is_baseline(self) -> bool:
        return self.kind == CheckInKind.BASELINE

    # Cached: read once the rows are all in (check_ins_from_rows), then asked for by every chart and headline.
    @cached_property
    def lefs(self) -> LefsTotal | None:
        return lefs_total(self.lefs_items) if self.lefs_items else None

    @property
    def lefs_score(self) -> int | None:
        result = self.lefs
        return result.total if result else None

    @cached_property
    def psfs_average(self) -> Decimal | None:
        return psfs_average(self.psfs_scores.values())


def _as_date(value) -> date:
    # Prepared queries hand rows over as the driver gives them: SQLite gives a date as text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def check_ins_from_rows(rows) -> list[CheckInMeasures]:
    """The measure rows (``MEASURE_ROWS``) as check-ins in date order."""
    found: dict[int, CheckInMeasures] = {}
    for source, check_in, episode, day, kind, status, visit_status, a, b in rows:
        entry = found.get(check_in)
        if entry is None:
            draft = (visit_status == VisitStatus.DRAFT) if visit_status else status == CheckInStatus.DRAFT
            entry = found[check_in] = CheckInMeasures(
                pk=check_in, episode_id=episode, day=_as_date(day), kind=kind, draft=draft
            )
        if source == "check_in":
            entry.usual_pain, entry.groc = a, b
        elif source == "lefs":
            entry.lefs_items[a] = b
        else:
            entry.psfs_scores[a] = b
    return sorted(found.values(), key=lambda c: (c.day, c.pk))


def _baseline(check_ins: list[CheckInMeasures], value_of) -> CheckInMeasures | None:
    """The check-in whose value of a measure is its baseline: the baseline check-in's, else the first."""
    having = [c for c in check_ins if value_of(c) is not None]
    return next((c for c in having if c.is_baseline), having[0] if having else None)


def _change_from(check_ins, value_of, compare) -> Change | None:
    """Baseline against the latest later value, or None when there is no later value."""
    baseline = _baseline(check_ins, value_of)
    if baseline is None:
        return None
    later = [c for c in check_ins if value_of(c) is not None and c is not baseline and c.day >= baseline.day]
    if not later:
        return None
    return compare(value_of(baseline), value_of(later[-1]))


def check_in_headlines(check_ins: list[CheckInMeasures]) -> list[Change]:
    """ "LEFS 38 → 55, +17: meaningful improvement" for each check-in measure with a baseline and a later
    value, and the latest global rating of change (itself a change since care began)."""
    found = [
        _change_from(check_ins, lambda c: c.lefs_score, lefs_change),
        _change_from(check_ins, lambda c: c.psfs_average, psfs_change),
        _change_from(check_ins, lambda c: c.usual_pain, _usual_pain),
    ]
    rated = [c for c in check_ins if c.groc is not None]
    if rated:
        found.append(groc_result(rated[-1].groc))
    return [change for change in found if change is not None]


def visit_pain_headline(visits) -> Change | None:
    """Pain at the start of the first signed visit against the latest one (``visits`` oldest first)."""
    rated = [v for v in visits if v.pain_start is not None]
    if len(rated) < 2:
        return None
    return nrs_change(rated[0].pain_start, rated[-1].pain_start, label="Pain at visit start")


# --- The client page ------------------------------------------------------------------------------------


@dataclass
class EpisodeSummary:
    episode: Episode
    headlines: list[Change]


def _client_episodes_query(client_id: int):
    return (
        Episode.objects.filter(client_id=client_id)
        .order_by("status", "-started_on", "-id")  # "active" sorts before "discharged"
        .only(
            "pk",
            "clinic_id",
            "client_id",
            "title",
            "body_area",
            "started_on",
            "status",
            "discharged_on",
            "discharge_reason",
        )
    )


# Compiled once per process (clinic.prepared_queries); the client page reads it with its other queries.
CLIENT_EPISODES = PreparedQuery(_client_episodes_query, client_id=-1)


def client_episodes(
    client, timeline_visits, *, episodes: list[Episode] | None = None, measure_rows: list[tuple] | None = None
) -> list[EpisodeSummary]:
    """The client's episodes, open ones first, each open one with its headlines. Two queries whatever the
    number of episodes and check-ins: the episodes (``CLIENT_EPISODES``), and the measure rows of the
    client's check-ins (``MEASURE_ROWS["client"]``); none when given their answers (the client page reads
    them with its other queries). Visit pain comes from the timeline's rows (already read, with their
    episode)."""
    if episodes is None:
        episodes = CLIENT_EPISODES.objects(client_id=client.pk)
    if measure_rows is None:
        measure_rows = MEASURE_ROWS["client"].rows(client_id=client.pk)
    by_episode: dict[int, list[CheckInMeasures]] = defaultdict(list)
    for check_in in check_ins_from_rows(measure_rows):
        by_episode[check_in.episode_id].append(check_in)
    signed = sorted(
        (v for v in timeline_visits if v.status == VisitStatus.SIGNED), key=lambda v: (v.started_at, v.pk)
    )
    summaries = []
    for episode in episodes:
        headlines: list[Change] = []
        if episode.is_active:
            pain = visit_pain_headline([v for v in signed if v.episode_id == episode.pk])
            headlines = check_in_headlines(by_episode[episode.pk]) + ([pain] if pain else [])
        summaries.append(EpisodeSummary(episode=episode, headlines=headlines))
    return summaries


# --- The progress page ----------------------------------------------------------------------------------


@dataclass
class VisitMeasures:
    pk: int
    day: date
    pain_start: int | None
    pain_end: int | None
    slr_left: int | None
    slr_right: int | None
    ake_left: int | None
    ake_right: int | None
    chart_version: int
    marks: list[PainMark] = field(default_factory=list)


@dataclass(frozen=True)
class TableRow:
    day: date
    cells: tuple[str, ...]
    draft: bool = False


@dataclass
class MeasureChart:
    """One measure's chart and the table of the same figures behind it."""

    slug: str
    heading: str
    chart: charts.LineChart
    columns: tuple[str, ...]
    rows: list[TableRow]
    band_text: str = ""
    summary: Change | None = None
    note: str = ""

    @property
    def has_drafts(self) -> bool:
        return any(row.draft for row in self.rows)


@dataclass
class PainMapPicture:
    visit: VisitMeasures
    figures: list[dict]


@dataclass
class ChangeMap:
    first: VisitMeasures
    latest: VisitMeasures
    figures: list[dict]
    groups: list[tuple[str, str, str, list[str]]]  # (kind, label, colour, ["Back of knee, left: 6 → 0"])


@dataclass
class EpisodeProgress:
    episode: Episode
    check_ins: list[CheckInMeasures]
    visits: list[VisitMeasures]
    activities: list[PsfsActivity]
    charts: list[MeasureChart]
    headlines: list[Change]
    first_map: PainMapPicture | None = None
    latest_map: PainMapPicture | None = None
    change_map: ChangeMap | None = None

    @property
    def has_measures(self) -> bool:
        return bool(self.charts)


def _signed_visits(episode) -> list[VisitMeasures]:
    """The episode's signed visits, oldest first, with their pain marks: two queries."""
    visits = {
        row[0]: VisitMeasures(
            pk=row[0],
            day=timezone.localdate(row[1]),
            pain_start=row[2],
            pain_end=row[3],
            slr_left=row[4],
            slr_right=row[5],
            ake_left=row[6],
            ake_right=row[7],
            chart_version=row[8],
        )
        for row in Visit.objects.filter(episode_id=episode.pk, status=VisitStatus.SIGNED)
        .order_by("started_at", "id")
        .values_list(
            "pk",
            "started_at",
            "pain_start",
            "pain_end",
            "slr_left",
            "slr_right",
            "ake_left",
            "ake_right",
            "chart_version",
        )
    }
    marks = (
        VisitPainMark.objects.filter(visit__episode_id=episode.pk, visit__status=VisitStatus.SIGNED)
        .order_by()
        .values_list("visit_id", "region__code", "side", "intensity")
    )
    for visit_id, code, side, intensity in marks:
        visits[visit_id].marks.append(PainMark(region=code, side=side, intensity=intensity))
    return list(visits.values())


def load_progress(episode: Episode) -> EpisodeProgress:
    """Everything the progress page and the report draw: four queries."""
    check_ins = check_ins_from_rows(MEASURE_ROWS["episode"].rows(episode_id=episode.pk))
    activities = list(episode.psfs_activities.order_by("position", "id"))
    visits = _signed_visits(episode)
    domain = charts.date_domain(
        [c.day for c in check_ins] + [v.day for v in visits], start=episode.started_on
    ) or (episode.started_on, episode.started_on)
    built = [
        _one_value_chart(check_ins, domain, LEFS_MEASURE),
        _psfs_chart(check_ins, activities, domain),
        _one_value_chart(check_ins, domain, USUAL_PAIN_MEASURE),
        _groc_chart(check_ins, domain),
        _visit_pain_chart(visits, domain),
        _flexibility_chart(visits, domain, "slr", "Straight-leg raise"),
        _flexibility_chart(visits, domain, "ake", "Active knee extension"),
        *_pain_map_charts(visits, domain),
    ]
    progress = EpisodeProgress(
        episode=episode,
        check_ins=check_ins,
        visits=visits,
        activities=activities,
        charts=[c for c in built if c is not None],
        headlines=check_in_headlines(check_ins) + [h for h in [visit_pain_headline(visits)] if h],
    )
    _add_pain_maps(progress)
    return progress


def _band_text(band: charts.Band | None, *, higher_is_better: bool, threshold: str) -> str:
    """The band in words: where a meaningful improvement and worsening begin, from the band's edges."""
    if band is None:
        return ""
    if higher_is_better:
        better = f"{band.high} or more" if band.high_reached else None
        worse = f"{band.low} or less" if band.low_reached else None
    else:
        better = f"{band.low} or less" if band.low_reached else None
        worse = f"{band.high} or more" if band.high_reached else None
    text = f"Shaded band: no meaningful change from the baseline {band.baseline} ({threshold} needed)."
    if better:
        text += f" Meaningful improvement at {better}."
    if worse:
        text += f" Meaningful worsening at {worse}."
    return text


def _change_cell(change: Change | None, *, base_label: str) -> str:
    if change is None:
        return base_label
    return f"{signed(change.change)}: {change.verdict}"


def _series(
    check_ins, value_of, compare
) -> tuple[list[tuple[CheckInMeasures, Reading, Change | None]], object]:
    """Each check-in with a value of the measure, its reading and its change from the baseline (None for the
    baseline itself), and the baseline value."""
    baseline = _baseline(check_ins, value_of)
    found = []
    for c in check_ins:
        value = value_of(c)
        if value is None:
            continue
        change = None if c is baseline else compare(value_of(baseline), value)
        reading = Reading(
            day=c.day,
            value=value,
            meaningful=bool(change and change.meaningful),
            draft=c.draft,
            note=change.text if change else "baseline",
        )
        found.append((c, reading, change))
    return found, (value_of(baseline) if baseline else None)


@dataclass(frozen=True)
class OneValueMeasure:
    """A measure with one value per check-in, charted against a band around its baseline (LEFS, usual pain):
    what its chart and table say, and how a change is judged (``compare``, from records.outcomes.scoring)."""

    slug: str
    heading: str
    title: str
    label: str  # the series' and the table column's name
    colour: str
    value_of: Callable[[CheckInMeasures], Number | None]  # what is compared and plotted
    shown: Callable[[CheckInMeasures], str]  # what the table writes
    compare: Callable[[Number, Number], Change]
    scale: Scale
    candidates: Sequence[Number]  # every value the measure can take, for the band's edges
    higher_is_better: bool
    threshold: str
    note: str = ""


def _one_value_chart(check_ins, domain, measure: OneValueMeasure) -> MeasureChart | None:
    found, base = _series(check_ins, measure.value_of, measure.compare)
    if not found:
        return None
    band = charts.band_around(
        base, lambda v: measure.compare(base, v).meaningful, measure.candidates, measure.scale
    )
    return MeasureChart(
        slug=measure.slug,
        heading=measure.heading,
        chart=charts.line_chart(
            title=measure.title,
            series=[Series(measure.label, [r for _c, r, _ch in found], measure.colour)],
            scale=measure.scale,
            domain=domain,
            band=band,
        ),
        columns=(measure.label, "Change from baseline"),
        rows=[
            TableRow(c.day, (measure.shown(c), _change_cell(ch, base_label="baseline")), c.draft)
            for c, _r, ch in found
        ],
        band_text=_band_text(band, higher_is_better=measure.higher_is_better, threshold=measure.threshold),
        summary=_change_from(check_ins, measure.value_of, measure.compare),
        note=measure.note,
    )


def _psfs_chart(check_ins, activities, domain) -> MeasureChart | None:
    found, base = _series(check_ins, lambda c: c.psfs_average, psfs_change)
    if not found:
        return None
    scale = Scale(0, 10, (0, 2, 4, 6, 8, 10), "points")
    candidates = [Decimal(n).scaleb(-1) for n in range(0, 101)]  # 0.0, 0.1, … 10.0
    band = charts.band_around(base, lambda v: psfs_change(base, v).meaningful, candidates, scale)
    # Each activity's own baseline: its score in the baseline check-in, else its first score.
    first_score: dict[int, int] = {}
    for check_in, _r, _ch in sorted(found, key=lambda f: (not f[0].is_baseline, f[0].day, f[0].pk)):
        for activity_id, score in check_in.psfs_scores.items():
            first_score.setdefault(activity_id, score)
    rows = []
    for check_in, _reading, change in found:
        cells = [str(check_in.psfs_average), _change_cell(change, base_label="baseline")]
        for activity in activities:
            score = check_in.psfs_scores.get(activity.pk)
            if score is None:
                cells.append("—")
                continue
            one = psfs_activity_change(first_score[activity.pk], score, activity=activity.name)
            cells.append(str(score) if one.change == 0 else f"{score} ({_change_cell(one, base_label='')})")
        rows.append(TableRow(check_in.day, tuple(cells), check_in.draft))
    return MeasureChart(
        slug="psfs",
        heading="Patient-Specific Functional Scale (PSFS average, 0–10, higher is better)",
        chart=charts.line_chart(
            title="PSFS average over time",
            series=[Series("PSFS average", [r for _c, r, _ch in found], PURPLE)],
            scale=scale,
            domain=domain,
            band=band,
        ),
        columns=("PSFS average", "Change from baseline", *(a.name for a in activities)),
        rows=rows,
        band_text=_band_text(band, higher_is_better=True, threshold="2 points on the average"),
        summary=_change_from(check_ins, lambda c: c.psfs_average, psfs_change),
        note="The average is over the activities scored at each check-in; one activity's change (in "
        "brackets) is meaningful at 3 points.",
    )


def _usual_pain(baseline: int, later: int) -> Change:
    return nrs_change(baseline, later, label="Usual pain (last week)")


LEFS_MEASURE = OneValueMeasure(
    slug="lefs",
    heading="Lower Extremity Functional Scale (LEFS, 0–80, higher is better)",
    title="LEFS total over time",
    label="LEFS total",
    colour=BLUE,
    value_of=lambda c: c.lefs_score,
    shown=lambda c: str(c.lefs),
    compare=lefs_change,
    scale=Scale(0, LEFS_MAX_TOTAL, (0, 20, 40, 60, 80), "points"),
    candidates=range(0, LEFS_MAX_TOTAL + 1),
    higher_is_better=True,
    threshold="9 points",
    note="A LEFS with up to 4 unanswered items is prorated to 80; with more it has no total and is not "
    "plotted.",
)
USUAL_PAIN_MEASURE = OneValueMeasure(
    slug="usual-pain",
    heading="Usual pain over the last week (NRS 0–10, lower is better)",
    title="Usual pain over the last week, per check-in",
    label="Usual pain",
    colour=RED,
    value_of=lambda c: c.usual_pain,
    shown=lambda c: str(c.usual_pain),
    compare=_usual_pain,
    scale=Scale(NRS_MIN, NRS_MAX, (0, 2, 4, 6, 8, 10), ""),
    candidates=range(NRS_MIN, NRS_MAX + 1),
    higher_is_better=False,
    threshold="2 points or 30 %",
)


def _groc_chart(check_ins, domain) -> MeasureChart | None:
    rated = [c for c in check_ins if c.groc is not None]
    if not rated:
        return None
    results = [groc_result(c.groc) for c in rated]
    readings = [
        Reading(day=c.day, value=c.groc, meaningful=r.meaningful, draft=c.draft, note=r.text)
        for c, r in zip(rated, results, strict=True)
    ]
    scale = Scale(GROC_MIN, GROC_MAX, (-7, -4, 0, 4, 7), "")
    band = charts.band_around(0, lambda v: groc_result(v).meaningful, range(GROC_MIN, GROC_MAX + 1), scale)
    rows = [
        TableRow(c.day, (signed(c.groc), r.verdict), c.draft) for c, r in zip(rated, results, strict=True)
    ]
    return MeasureChart(
        slug="groc",
        heading="Global rating of change (−7 to +7, since care began)",
        chart=charts.line_chart(
            title="Global rating of change over time",
            series=[Series("Global rating of change", readings, GREEN)],
            scale=scale,
            domain=domain,
            band=band,
        ),
        columns=("Rating", "Verdict"),
        rows=rows,
        band_text="Shaded band: about the same (−3 to +3); +4 (moderately better) or more is a meaningful "
        "improvement, −4 or less a meaningful worsening.",
        summary=results[-1],
    )


def _visit_pain_chart(visits, domain) -> MeasureChart | None:
    rated = [v for v in visits if v.pain_start is not None or v.pain_end is not None]
    if not rated:
        return None
    starts = [v for v in rated if v.pain_start is not None]
    base = starts[0].pain_start if starts else None

    def compare(value):
        return nrs_change(base, value, label="Pain at visit start")

    start_readings, end_readings, rows = [], [], []
    for visit in rated:
        change = None
        if visit.pain_start is not None:
            change = None if visit is starts[0] else compare(visit.pain_start)
            start_readings.append(
                Reading(
                    visit.day,
                    visit.pain_start,
                    meaningful=bool(change and change.meaningful),
                    note=change.text if change else "baseline",
                )
            )
        if visit.pain_end is not None:
            end_readings.append(Reading(visit.day, visit.pain_end))
        rows.append(
            TableRow(
                visit.day,
                (
                    _or_dash(visit.pain_start),
                    _or_dash(visit.pain_end),
                    _change_cell(change, base_label="baseline" if visit is starts[0] else "—")
                    if visit.pain_start is not None
                    else "—",
                ),
            )
        )
    scale = Scale(NRS_MIN, NRS_MAX, (0, 2, 4, 6, 8, 10), "")
    band = None
    if base is not None:
        band = charts.band_around(base, lambda v: compare(v).meaningful, range(NRS_MIN, NRS_MAX + 1), scale)
    return MeasureChart(
        slug="visit-pain",
        heading="Pain at the start and end of each signed visit (NRS 0–10, lower is better)",
        chart=charts.line_chart(
            title="Pain at the start and end of each signed visit",
            series=[
                Series("Pain at start", start_readings, RED),
                Series("Pain at end", end_readings, BLUE, dashed=True),
            ],
            scale=scale,
            domain=domain,
            band=band,
        ),
        columns=("Pain at start", "Pain at end", "Start pain: change from the first visit"),
        rows=rows,
        band_text=_band_text(band, higher_is_better=False, threshold="2 points or 30 %"),
        summary=visit_pain_headline(visits),
    )


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


def _degree_scale(values) -> Scale:
    top = max([90, *values])
    top = min(180, -(-top // 30) * 30)
    return Scale(0, top, tuple(range(0, top + 1, 30)), "°")


def _flexibility_chart(visits, domain, test: str, name: str) -> MeasureChart | None:
    left, right = f"{test}_left", f"{test}_right"
    measured = [v for v in visits if getattr(v, left) is not None or getattr(v, right) is not None]
    if not measured:
        return None
    series = []
    for attr, side, colour, dashed in ((left, "left", BLUE, False), (right, "right", RED, True)):
        readings = [Reading(v.day, getattr(v, attr)) for v in measured if getattr(v, attr) is not None]
        if readings:
            series.append(Series(f"{name}, {side}", readings, colour, dashed))
    values = [r.value for s in series for r in s.readings]
    return MeasureChart(
        slug=test,
        heading=f"{name}, left and right (degrees)",
        chart=charts.line_chart(
            title=f"{name} over time, left and right",
            series=series,
            scale=_degree_scale(values),
            domain=domain,
        ),
        columns=("Left (°)", "Right (°)"),
        rows=[TableRow(v.day, (_or_dash(getattr(v, left)), _or_dash(getattr(v, right)))) for v in measured],
        note="No meaningful-change threshold is set for this test in the app, so no band is drawn.",
    )


def _even_scale(largest: float, unit: str = "") -> Scale:
    """A scale from 0 to the first of a few even tops above ``largest``, ticked at 0, half and top."""
    top = next((t for t in (4, 10, 20, 40, 100, 200) if largest <= t), None) or -(-int(largest) // 100) * 100
    return Scale(0, top, (0, top // 2, top), unit)


def _pain_map_charts(visits, domain) -> list[MeasureChart | None]:
    mapped = [v for v in visits if v.marks]
    if not mapped:
        return [None]
    summaries = [(v, summarise_map(v.marks, chart_version=v.chart_version)) for v in mapped]
    counts = [Reading(v.day, s.painful_places) for v, s in summaries]
    intensities = [Reading(v.day, s.summed_intensity) for v, s in summaries]
    shares = [Reading(v.day, s.painful_percent) for v, s in summaries]
    count_scale = _even_scale(max(max(s.summed_intensity, s.painful_places) for _v, s in summaries))
    share_scale = _even_scale(max(s.painful_percent for _v, s in summaries), "%")
    rows = [
        TableRow(v.day, (str(s.painful_places), str(s.summed_intensity), f"{s.painful_percent} %"))
        for v, s in summaries
    ]
    note = "No meaningful-change threshold is set for pain-map figures, so no band is drawn."
    return [
        MeasureChart(
            slug="pain-map-size",
            heading="Pain map: painful regions and summed intensity",
            chart=charts.line_chart(
                title="Painful regions and summed intensity of each signed visit's pain map",
                series=[
                    Series("Painful regions", counts, GREY),
                    Series("Summed intensity", intensities, RED, dashed=True),
                ],
                scale=count_scale,
                domain=domain,
            ),
            columns=("Painful regions", "Summed intensity", "Painful share"),
            rows=rows,
            note=note,
        ),
        MeasureChart(
            slug="pain-map-share",
            heading="Pain map: painful share of the body chart (%)",
            chart=charts.line_chart(
                title="Painful share of the body chart in each signed visit's pain map",
                series=[Series("Painful share", shares, PURPLE)],
                scale=share_scale,
                domain=domain,
            ),
            columns=("Painful share",),
            rows=[TableRow(v.day, (f"{s.painful_percent} %",)) for v, s in summaries],
            note="The painful regions' area over the area of every region of the chart, front and back.",
        ),
    ]


# --- Pain maps --------------------------------------------------------------------------------------------


def _views_with(chart, places) -> list:
    views = {chart.region(code).view for code, _side in places if chart.region(code) is not None}
    return [view for view in chart.views if view.code in views]


def _map_figures(visit: VisitMeasures, *, views: set[str], what: str, prefix: str) -> list[dict]:
    chart = load_chart(visit.chart_version)
    fills = {(m.region, m.side): INTENSITY_FILLS[m.intensity] for m in visit.marks}
    return [
        {
            "view": view,
            "svg": mark_safe(  # noqa: S308 - render_view_svg escapes every value it interpolates
                render_view_svg(
                    chart,
                    view.code,
                    fills=fills,
                    title=f"{what} pain map, {visit.day:%d/%m/%Y}: {view.name.lower()} view",
                    id_prefix=f"{prefix}-{view.code}-",
                )
            ),
        }
        for view in chart.views
        if view.code in views
    ]


def _add_pain_maps(progress: EpisodeProgress) -> None:
    """The first and latest signed pain maps side by side, and the change between them."""
    mapped = [v for v in progress.visits if v.marks]
    if not mapped:
        return
    first, latest = mapped[0], mapped[-1]
    places = {(m.region, m.side) for v in (first, latest) for m in v.marks}
    views = {
        v.code for visit in (first, latest) for v in _views_with(load_chart(visit.chart_version), places)
    }
    progress.first_map = PainMapPicture(first, _map_figures(first, views=views, what="First", prefix="first"))
    if latest is first:
        return
    progress.latest_map = PainMapPicture(
        latest, _map_figures(latest, views=views, what="Latest", prefix="latest")
    )
    change = compare_maps(
        first.marks, latest.marks, earlier_version=first.chart_version, later_version=latest.chart_version
    )
    chart = load_chart(change.chart_version)
    fills = {(p.region, p.side): CHANGE_FILLS[p.kind] for p in change.places}
    change_views = {v.code for v in _views_with(chart, fills)}
    figures = [
        {
            "view": view,
            "svg": mark_safe(  # noqa: S308 - render_view_svg escapes every value it interpolates
                render_view_svg(
                    chart,
                    view.code,
                    fills=fills,
                    title=(
                        f"Change map, {first.day:%d/%m/%Y} to {latest.day:%d/%m/%Y}: {view.name.lower()} view"
                    ),
                    id_prefix=f"change-{view.code}-",
                )
            ),
        }
        for view in chart.views
        if view.code in change_views
    ]
    groups = []
    for kind in ("resolved", "better", "worse", "new", "unchanged"):
        places_of_kind = change.of_kind(kind)
        if not places_of_kind:
            continue
        lines = []
        for place in places_of_kind:
            region = chart.region(place.region)
            name = region.label(place.side) if region else f"{place.region}, {place.side}"
            lines.append(f"{name}: {place.before} → {place.after}")
        groups.append((kind, CHANGE_LABELS[kind], CHANGE_FILLS[kind], lines))
    progress.change_map = ChangeMap(first=first, latest=latest, figures=figures, groups=groups)

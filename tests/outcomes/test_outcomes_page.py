"""The clinic's Outcomes page: its arithmetic on a known data set (worked out by hand below), its filters,
who may open it, what it logs, and its fixed number of queries.

The data set, in 2025 (the period asked for), clinic A:

=======  ==========  ==========  ===========================================================================
episode  therapist   discharged  check-ins (baseline → … → final)
=======  ==========  ==========  ===========================================================================
E1       a1          2025-05-01  LEFS 40 → 60 → 60 (the last prorated: 19 items, sum 57); PSFS 4.0 → 7.0;
                                 usual pain 7 → 3; GROC +3 then +5
E2       a1          2025-06-01  LEFS 40 → 44; PSFS 5.0 → 6.0; usual pain 5 → 4; GROC +2
E3       a2          2025-07-01  LEFS unscorable (6 missing) → 20; usual pain 4 → (0, discarded) → 7; GROC −4
E4       a1          2024-12-20  outside the period
E5       a2          active      started 2025-09-01
=======  ==========  ==========  ===========================================================================

All therapists: started 4 (E1, E2, E3, E5), discharged 3. LEFS: E1 +20 meaningful, E2 +4 not → 1 of 2
(50 %); E3 has one scorable LEFS only. PSFS: E1 +3.0, E2 +1.0 → 1 of 2. Usual pain: E1 −4 (improved), E2 −1
(20 %: not), E3 +3 (worse) → 1 of 3 improved (33 %), 1 worse. GROC (last answer): +5, +2, −4 → 1 of 3
improved, 1 worse. Every figure rests on fewer than 10 episodes: small numbers.

Signed visits in 2025 (pain start → end; techniques' pain before → after):
V1 (E1, a1) 7 → 3, compression 6 → 3, muscle energy 4 → 3, biceps femoris left confirmed;
V2 (E2, a1) 5 → 4, compression 5 → 4, biceps femoris left only suspected;
V3 (E3, a2) 4 → 4, compression 8 → 2, biceps femoris left confirmed.
Not counted: V4 (2024, compression 9 → 0) and a draft in 2025 (compression 9 → 0).
Compression: 3 applications, reductions 3 + 1 + 6 = 10 → 3.3 points, meaningful 2 (6 → 3, 8 → 2) = 67 %.
Muscle energy: 1, 1.0 point, 0 meaningful (1 point and 25 %). Whole visits: 3, (4 + 1 + 0) / 3 = 1.7,
meaningful 1 (33 %). Each visit's map (pain behind the left knee) suggests biceps femoris, left, first:
suggested 3 times, confirmed 2 → 67 %.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from records.models import AccessLogEntry, Action, CheckInKind, SuggestedTriggerPoint
from records.outcomes.clinic_figures import Period, outcome_figures
from records.visits.signing import sign_visit
from reference.models import TechniqueKind
from tests.outcomes.builders import answer_lefs, make_check_in, make_episode, name_activity, score_activity
from tests.records.builders import make_client
from tests.visits.builders import add_finding, add_mark, add_technique, make_visit

URL = "/clients/outcomes/"
YEAR_2025 = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
PERIOD_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
BICEPS_FEMORIS = "Biceps femoris trigger point"


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def lefs(check_in, total_items: dict[int, int]) -> None:
    answer_lefs(check_in, total_items)


def all_items(score: int, *, answered: int = 20) -> dict[int, int]:
    return dict.fromkeys(range(1, answered + 1), score)


def check_in(episode, therapist, day, *, kind=CheckInKind.FOLLOW_UP, lefs_items=None, psfs=None, **fields):
    entry = make_check_in(episode, therapist, recorded_on=day, kind=kind, **fields)
    if lefs_items:
        answer_lefs(entry, lefs_items)
    for activity, score in (psfs or {}).items():
        score_activity(entry, activity, score)
    return entry


def signed_visit(client, therapist, episode, day, *, pain, techniques, confirmed: bool):
    visit = make_visit(
        client, therapist, episode=episode, started_at=at(day), pain_start=pain[0], pain_end=pain[1]
    )
    add_mark(visit, "knee_posterior_lateral", "left", 6)
    add_finding(visit, side="left", status="confirmed" if confirmed else "suspected")
    for kind, before, after in techniques:
        add_technique(visit, kind=kind, nrs_before=before, nrs_after=after, **_parameters(kind))
    return sign_visit(visit_id=visit.pk, by=therapist)


def _parameters(kind):
    if kind == TechniqueKind.MUSCLE_ENERGY:
        return {"parameters": {"effort_percent": 20, "hold_seconds": 7, "repetitions": 3}}
    return {}


@pytest.fixture
def known_clinic(clinic_a, therapist_a1, therapist_a2):
    a1, a2 = therapist_a1, therapist_a2
    clients = [make_client(clinic_a, given_name=f"Client{n}", family_name="Known") for n in range(1, 6)]

    e1 = make_episode(clients[0], a1, started_on=date(2025, 2, 1))
    activities = [name_activity(e1, n, name) for n, name in enumerate(["Run", "Squat", "Stairs"], 1)]
    check_in(
        e1,
        a1,
        date(2025, 2, 1),
        kind=CheckInKind.BASELINE,
        lefs_items=all_items(2),
        psfs=dict(zip(activities, [3, 4, 5], strict=True)),
        usual_pain_week=7,
    )
    check_in(e1, a1, date(2025, 3, 1), lefs_items=all_items(3), groc=3)
    check_in(
        e1,
        a1,
        date(2025, 5, 1),
        kind=CheckInKind.DISCHARGE,
        lefs_items=all_items(3, answered=19),
        psfs=dict(zip(activities, [6, 7, 8], strict=True)),
        usual_pain_week=3,
        groc=5,
    )

    e2 = make_episode(clients[1], a1, started_on=date(2025, 3, 1))
    activities = [name_activity(e2, n, name) for n, name in enumerate(["Kneel", "Walk", "Lift"], 1)]
    check_in(
        e2,
        a1,
        date(2025, 3, 1),
        kind=CheckInKind.BASELINE,
        lefs_items=all_items(2),
        psfs=dict(zip(activities, [5, 5, 5], strict=True)),
        usual_pain_week=5,
    )
    check_in(
        e2,
        a1,
        date(2025, 6, 1),
        kind=CheckInKind.DISCHARGE,
        lefs_items={**all_items(2, answered=16), 17: 3, 18: 3, 19: 3, 20: 3},
        psfs=dict(zip(activities, [6, 6, 6], strict=True)),
        usual_pain_week=4,
        groc=2,
    )

    e3 = make_episode(clients[2], a2, started_on=date(2025, 4, 1))
    check_in(
        e3,
        a2,
        date(2025, 4, 1),
        kind=CheckInKind.BASELINE,
        lefs_items=all_items(2, answered=14),
        usual_pain_week=4,
    )
    discarded = check_in(e3, a2, date(2025, 6, 1), usual_pain_week=0, groc=7)
    discarded.discard(by=a2, reason="Recorded for the wrong client")
    check_in(
        e3,
        a2,
        date(2025, 7, 1),
        kind=CheckInKind.DISCHARGE,
        lefs_items=all_items(1),
        usual_pain_week=7,
        groc=-4,
    )

    e4 = make_episode(clients[3], a1, started_on=date(2024, 11, 1))
    check_in(e4, a1, date(2024, 11, 1), kind=CheckInKind.BASELINE, usual_pain_week=9)
    check_in(e4, a1, date(2024, 12, 20), kind=CheckInKind.DISCHARGE, usual_pain_week=0, groc=7)

    e5 = make_episode(clients[4], a2, started_on=date(2025, 9, 1))
    check_in(e5, a2, date(2025, 9, 1), kind=CheckInKind.BASELINE, usual_pain_week=8)
    check_in(e5, a2, date(2025, 10, 1), usual_pain_week=1, groc=6)

    compression, met = TechniqueKind.COMPRESSION, TechniqueKind.MUSCLE_ENERGY
    signed_visit(
        clients[0],
        a1,
        e1,
        date(2025, 2, 1),
        pain=(7, 3),
        techniques=[(compression, 6, 3), (met, 4, 3)],
        confirmed=True,
    )
    signed_visit(
        clients[1], a1, e2, date(2025, 3, 1), pain=(5, 4), techniques=[(compression, 5, 4)], confirmed=False
    )
    signed_visit(
        clients[2], a2, e3, date(2025, 4, 1), pain=(4, 4), techniques=[(compression, 8, 2)], confirmed=True
    )
    signed_visit(
        clients[3], a1, e4, date(2024, 11, 5), pain=(9, 0), techniques=[(compression, 9, 0)], confirmed=True
    )
    draft = make_visit(clients[4], a2, episode=e5, started_at=at(date(2025, 9, 1)), pain_start=9, pain_end=0)
    add_technique(draft, kind=compression, nrs_before=9, nrs_after=0)
    add_mark(draft, "knee_posterior_lateral", "left", 6)

    for episode, day, reason in (
        (e1, date(2025, 5, 1), "goals_met"),
        (e2, date(2025, 6, 1), "self_discharged"),
        (e3, date(2025, 7, 1), "no_improvement"),
        (e4, date(2024, 12, 20), "goals_met"),
    ):
        episode.discharge(by=a1, on=day, reason=reason)
    return clinic_a


def by_code(figures):
    return {m.code: (m.episodes, m.improved, m.worse, m.share) for m in figures.measures}


def test_the_figures_of_the_known_data_set(known_clinic):
    figures = outcome_figures(clinic=known_clinic, period=PERIOD_2025)

    assert (figures.episodes_started, figures.episodes_discharged) == (4, 3)
    assert by_code(figures) == {
        "lefs": (2, 1, 0, 50),
        "psfs": (2, 1, 0, 50),
        "nrs": (3, 1, 1, 33),
        "groc": (3, 1, 1, 33),
    }
    assert all(m.small for m in figures.measures) and figures.discharged_small

    pain = {
        p.label: (p.count, p.mean_reduction, p.meaningful, p.meaningful_share) for p in figures.techniques
    }
    assert pain == {
        "Compression": (3, Decimal("3.3"), 2, 67),
        "Muscle energy techniques": (1, Decimal("1.0"), 0, 0),
    }
    assert [p.label for p in figures.techniques] == [
        "Compression",
        "Muscle energy techniques",
    ]  # most used first
    visit = figures.visit_pain
    assert (visit.count, visit.mean_reduction, visit.meaningful, visit.meaningful_share) == (
        3,
        Decimal("1.7"),
        1,
        33,
    )

    points = {p.label: p for p in figures.trigger_points}
    biceps = points[BICEPS_FEMORIS]
    assert (biceps.suggested, biceps.first, biceps.confirmed, biceps.rate, biceps.mean_rank) == (
        3,
        3,
        2,
        67,
        Decimal("1.0"),
    )
    assert biceps.small
    rank_one = figures.ranks[0]
    assert rank_one.label == "Rank 1" and (rank_one.suggested, rank_one.confirmed) == (3, 2)


def test_the_therapist_filter_keeps_their_episodes_and_visits(known_clinic, therapist_a1):
    figures = outcome_figures(clinic=known_clinic, period=PERIOD_2025, therapist_id=therapist_a1.pk)

    assert (figures.episodes_started, figures.episodes_discharged) == (2, 2)
    assert by_code(figures) == {
        "lefs": (2, 1, 0, 50),
        "psfs": (2, 1, 0, 50),
        "nrs": (2, 1, 0, 50),
        "groc": (2, 1, 0, 50),
    }
    compression = {p.label: p for p in figures.techniques}["Compression"]
    assert (compression.count, compression.mean_reduction, compression.meaningful) == (2, Decimal("2.0"), 1)
    biceps = {p.label: p for p in figures.trigger_points}[BICEPS_FEMORIS]
    assert (biceps.suggested, biceps.confirmed, biceps.rate) == (2, 1, 50)


def test_the_period_filter_moves_the_counts(known_clinic):
    spring = outcome_figures(clinic=known_clinic, period=Period(date(2025, 4, 1), date(2025, 6, 30)))
    assert (spring.episodes_started, spring.episodes_discharged) == (1, 2)  # E3; E1 and E2
    assert spring.visit_pain.count == 1  # V3 on 1 April
    late_2024 = outcome_figures(clinic=known_clinic, period=Period(date(2024, 11, 1), date(2024, 12, 31)))
    assert (late_2024.episodes_started, late_2024.episodes_discharged) == (1, 1)
    assert by_code(late_2024)["nrs"] == (1, 1, 0, 100)
    assert late_2024.visit_pain.mean_reduction == Decimal("9.0")


def test_suggestions_are_stored_when_a_visit_is_signed(known_clinic):
    stored = SuggestedTriggerPoint.objects.filter(clinic=known_clinic)
    # Four signed visits, one map each; the draft has none until it is signed.
    assert stored.values("visit").distinct().count() == 4
    first = stored.filter(rank=1).select_related("trigger_point")
    assert {row.trigger_point.label for row in first} == {BICEPS_FEMORIS}
    assert {row.side for row in first} == {"left"}
    assert stored.filter(rank=1, confirmed=True).count() == 3


def test_the_page_shows_the_figures_with_their_tables_and_limits(known_clinic, client_as, admin_a):
    response = client_as(admin_a).get(URL, YEAR_2025)

    assert response.status_code == 200
    html = response.content.decode()
    assert "What these figures cannot show" in html and "no control group" in html
    assert html.count("<svg") == 4
    assert html.count("small numbers") >= 8
    assert "1 (50 %)" in html and "2 (67 %)" in html
    assert BICEPS_FEMORIS in html
    assert 'style="' not in html


def test_the_page_defaults_to_the_last_twelve_months(known_clinic, client_as, admin_a):
    response = client_as(admin_a).get(URL)
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["figures"].period.date_to == today
    assert (today - response.context["figures"].period.date_from).days in (364, 365)


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"date_from": "0001-01-01"}, "date_from", "Check the year"),
        ({"date_to": "9999-12-31"}, "date_to", "Check the year"),
        ({"date_from": "2025-06-01", "date_to": "2025-01-01"}, "date_to", "before the start date"),
        ({"therapist": "999999"}, "therapist", "Select a valid choice"),
        ({"date_from": "yesterday"}, "date_from", "Enter a valid date"),
    ],
)
def test_bad_filters_get_a_message_next_to_the_field(client_as, admin_a, query, field, message):
    response = client_as(admin_a).get(URL, query)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["figures"] is None


def test_a_therapist_of_another_clinic_cannot_be_chosen(client_as, admin_a, therapist_b):
    response = client_as(admin_a).get(URL, {"therapist": therapist_b.pk})
    assert "therapist" in response.context["form"].errors


def test_another_clinics_data_never_counts(known_clinic, clinic_b, therapist_b, client_as, admin_a):
    client_b = make_client(clinic_b, given_name="Other", family_name="Clinic")
    episode = make_episode(client_b, therapist_b, started_on=date(2025, 2, 1))
    signed_visit(client_b, therapist_b, episode, date(2025, 2, 2), pain=(9, 0), techniques=[], confirmed=True)
    episode.discharge(by=therapist_b, on=date(2025, 3, 1), reason="goals_met")

    figures = client_as(admin_a).get(URL, YEAR_2025).context["figures"]
    assert (figures.episodes_started, figures.episodes_discharged, figures.visit_pain.count) == (4, 3, 3)
    assert {p.label: p.suggested for p in figures.trigger_points}[BICEPS_FEMORIS] == 3


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a", "therapist_b", "curator"])
def test_only_clinic_admins_open_it(client_as, personas, persona):
    assert client_as(personas[persona]).get(URL).status_code == 403


def test_the_navbar_links_it_for_clinic_admins_only(client_as, admin_a, therapist_a1):
    assert URL in client_as(admin_a).get("/").content.decode()
    assert URL not in client_as(therapist_a1).get("/").content.decode()


def test_opening_it_is_logged_clinic_wide(client_as, admin_a):
    client_as(admin_a).get(URL, YEAR_2025)
    entry = AccessLogEntry.objects.get(action=Action.VIEW_OUTCOMES)
    assert (entry.user, entry.client, entry.clinic_id) == (admin_a, None, admin_a.membership.clinic_id)
    assert "date_from=2025-01-01" in entry.detail


# Every signed-in request: the session, the user, the membership with its clinic. Then the therapist
# choices, the figures (records.outcomes.clinic_figures: episode counts; the check-ins of the discharged
# episodes with their LEFS and PSFS sums; visit pain pairs; technique pain pairs and those techniques'
# names; stored suggestions per trigger point and rank and those trigger points' names) and the access-log
# row.
OUTCOMES_PAGE_QUERIES = 3 + 1 + 7 + 1


def grow(clinic, therapist, extra: int) -> None:
    """More clients, discharged episodes, check-ins with every measure, signed visits and suggestions."""
    for n in range(extra):
        client = make_client(clinic, given_name=f"Grown{n}", family_name="Client")
        episode = make_episode(client, therapist, started_on=date(2025, 2, 1))
        activity = name_activity(episode, 1, "Run")
        check_in(
            episode,
            therapist,
            date(2025, 2, 1),
            kind=CheckInKind.BASELINE,
            lefs_items=all_items(1),
            psfs={activity: 2},
            usual_pain_week=8,
        )
        check_in(
            episode,
            therapist,
            date(2025, 3, 1),
            lefs_items=all_items(4),
            psfs={activity: 9},
            usual_pain_week=1,
            groc=6,
        )
        visit = make_visit(
            client, therapist, episode=episode, started_at=at(date(2025, 2, 1)), pain_start=8, pain_end=2
        )
        add_mark(visit, "gluteal_fold", "right", 7)
        add_finding(visit, "semitendinosus-trp", side="right", status="confirmed")
        add_technique(visit, kind=TechniqueKind.COMPRESSION, nrs_before=7, nrs_after=2)
        add_technique(
            visit,
            kind=TechniqueKind.MUSCLE_ENERGY,
            nrs_before=5,
            nrs_after=5,
            **_parameters(TechniqueKind.MUSCLE_ENERGY),
        )
        sign_visit(visit_id=visit.pk, by=therapist)
        episode.discharge(by=therapist, on=date(2025, 4, 1), reason="goals_met")


@pytest.mark.parametrize("query", [YEAR_2025, {}], ids=["chosen period", "default period"])
def test_the_page_runs_a_fixed_number_of_queries(
    known_clinic, therapist_a1, client_as, admin_a, django_assert_num_queries, query
):
    browser = client_as(admin_a)
    browser.get(URL, query)  # warm the session
    with django_assert_num_queries(OUTCOMES_PAGE_QUERIES):
        small = browser.get(URL, query)
    grow(known_clinic, therapist_a1, 12)
    with django_assert_num_queries(OUTCOMES_PAGE_QUERIES):
        grown = browser.get(URL, {**YEAR_2025, "therapist": therapist_a1.pk} if query else query)
    assert small.status_code == grown.status_code == 200
    if query:
        figures = grown.context["figures"]
        assert figures.episodes_discharged == 14  # E1, E2 and the 12 grown
        lefs = figures.measures[0]
        assert (lefs.episodes, lefs.improved, lefs.small) == (14, 13, False)  # ten or more: no longer small

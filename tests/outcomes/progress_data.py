"""An episode with a known course, for the progress page, the report and the client page's headline.

Three signed visits and three signed check-ins a fortnight apart (3, 17 and 31 March 2025):

* LEFS 38 → 44 → 55: +6 is not a meaningful change, +17 is (9 points needed).
* PSFS (Running, Stairs, Sitting) 2/4/3 → 3/5/4 → 5/7/6: average 3.0 → 4.0 → 6.0 (+3.0 meaningful).
* Usual pain 6 → 5 → 3 (−3 is meaningful); GROC +2 then +5 (meaningful from +4).
* Visit pain at start 7 → 6 → 4, at end 4 → 3 → 2; straight-leg raise left 60 → 65 → 75, right 70 each.
* Pain maps: first {back of knee lateral L 6, gluteal fold R 4}, latest {back of knee lateral L 3,
  calf medial upper L 5}: one better, one resolved, one new.

Besides, a discarded check-in (LEFS 10, usual pain 10) and a discarded visit (pain 10) that must never be
plotted, and a draft check-in only where a test adds one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from clinic.dates import local_date
from records.models import CheckIn, CheckInKind, Episode, Visit
from records.visits.signing import discard_visit
from tests.outcomes.builders import answer_lefs, make_check_in, make_episode, name_activity, score_activity
from tests.visits.builders import add_finding, add_mark, add_needling, add_technique, make_visit, sign

DAYS = (date(2025, 3, 3), date(2025, 3, 17), date(2025, 3, 31))


def lefs_answers(total: int) -> dict[int, int]:
    """All twenty items answered, summing to ``total``."""
    answers, left = {}, total
    for item in range(1, 21):
        answers[item] = min(4, left)
        left -= answers[item]
    assert left == 0
    return answers


@dataclass
class Course:
    episode: Episode
    check_ins: list[CheckIn]
    visits: list[Visit]
    activities: list


def record_check_in(
    episode, therapist, day, *, kind, lefs=None, psfs=None, activities=(), sign_it=True, **fields
):
    check_in = make_check_in(episode, therapist, recorded_on=day, kind=kind, **fields)
    if lefs is not None:
        answer_lefs(check_in, lefs_answers(lefs))
    for activity, score in zip(activities, psfs or (), strict=False):
        score_activity(check_in, activity, score)
    if sign_it:
        check_in.sign(by=therapist)
    return check_in


def record_visit(client, therapist, episode, day, *, marks=(), sign_it=True, **fields):
    visit = make_visit(
        client,
        therapist,
        episode=episode,
        started_at=datetime(day.year, day.month, day.day, 1, tzinfo=UTC),
        **fields,
    )
    for code, side, intensity in marks:
        add_mark(visit, code, side, intensity)
    return sign(visit) if sign_it else visit


def known_course(client, therapist) -> Course:
    episode = make_episode(
        client,
        therapist,
        started_on=DAYS[0],
        title="Left hamstring strain",
        body_area="Posterior thigh, left",
        goals="Run 5 km without pain",
        referral_source="GP",
    )
    activities = [
        name_activity(episode, n, name) for n, name in enumerate(("Running", "Stairs", "Sitting"), 1)
    ]
    check_ins = [
        record_check_in(
            episode,
            therapist,
            DAYS[0],
            kind=CheckInKind.BASELINE,
            lefs=38,
            psfs=(2, 4, 3),
            activities=activities,
            usual_pain_week=6,
        ),
        record_check_in(
            episode,
            therapist,
            DAYS[1],
            kind=CheckInKind.FOLLOW_UP,
            lefs=44,
            psfs=(3, 5, 4),
            activities=activities,
            usual_pain_week=5,
            groc=2,
        ),
        record_check_in(
            episode,
            therapist,
            DAYS[2],
            kind=CheckInKind.FOLLOW_UP,
            lefs=55,
            psfs=(5, 7, 6),
            activities=activities,
            usual_pain_week=3,
            groc=5,
        ),
    ]
    discarded = record_check_in(
        episode, therapist, DAYS[1], kind=CheckInKind.FOLLOW_UP, lefs=10, usual_pain_week=10, sign_it=False
    )
    discarded.discard(by=therapist, reason="Wrong client")
    visits = [
        record_visit(
            client,
            therapist,
            episode,
            DAYS[0],
            pain_start=7,
            pain_end=4,
            slr_left=60,
            slr_right=70,
            marks=[("knee_posterior_lateral", "left", 6), ("gluteal_fold", "right", 4)],
        ),
        record_visit(
            client, therapist, episode, DAYS[1], pain_start=6, pain_end=3, slr_left=65, slr_right=70
        ),
        record_visit(
            client,
            therapist,
            episode,
            DAYS[2],
            pain_start=4,
            pain_end=2,
            slr_left=75,
            slr_right=70,
            marks=[("knee_posterior_lateral", "left", 3), ("calf_medial_upper", "left", 5)],
        ),
    ]
    thrown = record_visit(
        client, therapist, episode, DAYS[1], pain_start=10, marks=[("gluteal_fold", "left", 9)], sign_it=False
    )
    inside = make_check_in(
        episode, therapist, visit=thrown, recorded_on=local_date(thrown.started_at), usual_pain_week=9
    )
    answer_lefs(inside, lefs_answers(5))
    discard_visit(visit_id=thrown.pk, by=therapist, reason="Opened by mistake")
    return Course(episode=episode, check_ins=check_ins, visits=visits, activities=activities)


def treat(visit):
    """Findings and treatment in a draft visit (before it is signed)."""
    finding = add_finding(visit, status="confirmed")
    add_technique(visit, finding=finding, nrs_before=6, nrs_after=3)
    add_needling(visit)
    return finding

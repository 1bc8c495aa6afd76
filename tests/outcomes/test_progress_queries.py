"""The progress page, the report and the client page's episodes cost the same number of queries whatever
the number of check-ins, visits, measures, activities, maps and episodes (style of
tests/visits/test_query_counts.py: each count written out with what each query is for)."""

from datetime import date, timedelta

import pytest

from records.models import CheckInKind, DischargeReason
from tests.outcomes.builders import make_episode, name_activity
from tests.outcomes.progress_data import DAYS, known_course, record_check_in, record_visit, treat
from tests.records.builders import make_client
from tests.visits.builders import sign
from tests.visits.test_query_counts import CLIENT_PAGE_QUERIES, SIGNED_IN, count_queries

pytestmark = pytest.mark.django_db

# The progress page: the episode with its client (the clinic-scoped lookup), the measure rows of every
# counted check-in (one UNION of check-ins, LEFS items and PSFS scores, compiled once per process), the
# PSFS activities' names, the signed visits, their pain marks with region codes, and the access log's
# UPDATE that counts this repeated view.
PROGRESS_QUERIES = SIGNED_IN + 6
# The report adds the treatment summary: confirmed findings, techniques and needling, one grouped query
# each. The letterhead comes from the reader's membership, loaded with the session's three.
REPORT_QUERIES = PROGRESS_QUERIES + 3


@pytest.fixture
def course(clinic_a, therapist_a1):
    client = make_client(clinic_a, given_name="Ivy", family_name="Brennan", date_of_birth=date(1990, 5, 1))
    return known_course(client, therapist_a1)


def grow(course, therapist):
    """Four more check-ins with every measure, a fourth activity, and four more signed visits with maps,
    findings and treatment."""
    episode, client = course.episode, course.episode.client
    activities = [*course.activities, name_activity(episode, 4, "Kneeling")]
    for n in range(4):
        day = DAYS[-1] + timedelta(days=7 * (n + 1))
        record_check_in(
            episode,
            therapist,
            day,
            kind=CheckInKind.FOLLOW_UP,
            lefs=60 + n,
            psfs=(6, 7, 7, 5),
            activities=activities,
            usual_pain_week=2,
            groc=5,
        )
        visit = record_visit(
            client,
            therapist,
            episode,
            day,
            pain_start=3,
            pain_end=1,
            slr_left=80,
            ake_left=20,
            marks=[("knee_posterior_lateral", "left", 2), ("calf_medial_upper", "left", 1)],
            sign_it=False,
        )
        treat(visit)
        sign(visit)


def test_the_progress_page(client_as, therapist_a1, course, django_assert_num_queries):
    count_queries(
        django_assert_num_queries,
        client_as(therapist_a1),
        course.episode.get_absolute_url(),
        lambda: grow(course, therapist_a1),
        expected=PROGRESS_QUERIES,
    )


def test_the_report(client_as, therapist_a1, course, django_assert_num_queries):
    count_queries(
        django_assert_num_queries,
        client_as(therapist_a1),
        f"/clients/episodes/{course.episode.pk}/report/",
        lambda: grow(course, therapist_a1),
        expected=REPORT_QUERIES,
    )


def test_the_client_page_with_episodes(client_as, therapist_a1, course, django_assert_num_queries):
    client = course.episode.client

    def more_episodes():
        grow(course, therapist_a1)
        course.episode.discharge(by=therapist_a1, on=date(2025, 6, 1), reason=DischargeReason.GOALS_MET)
        for title in ("Right calf", "Low back"):
            episode = make_episode(client, therapist_a1, started_on=date(2025, 6, 2), title=title)
            record_check_in(episode, therapist_a1, date(2025, 6, 2), kind=CheckInKind.BASELINE, lefs=30)
            record_check_in(episode, therapist_a1, date(2025, 6, 20), kind=CheckInKind.FOLLOW_UP, lefs=41)

    count_queries(
        django_assert_num_queries,
        client_as(therapist_a1),
        client.get_absolute_url(),
        more_episodes,
        expected=CLIENT_PAGE_QUERIES["therapist_a1"],
    )

"""The client page, the visit page and the dashboard cost the same number of queries whatever the size of
the record: more visits, marks, findings, techniques or needling sites add rows, never queries.

Each page's count is written out, with what each query is for. Every signed-in request starts with the same
three: the session, the user, and the user's membership with its clinic (which also tells whether the user
is a curator); the session is written at most once a minute (clinic.middleware.SlidingSessionMiddleware),
so after the warm-up request it is not written.
"""

import pytest

from tests.visits.builders import (
    SEMITENDINOSUS,
    add_addendum,
    add_finding,
    add_mark,
    add_needling,
    add_technique,
    make_visit,
    sign,
    trigger_point,
)

# A ceiling for the editing screen (its owner counts it); the other pages assert their exact count.
BUDGET = 40
SIGNED_IN = 3  # the session, the user, the membership with its clinic
REGIONS = [
    ("knee_posterior_lateral", "left"),
    ("gluteal_fold", "right"),
    ("calf_medial_upper", "left"),
    ("calf_lateral_upper", "right"),
]


def grow_visit(visit, size: int):
    """Give a draft ``size`` marks, two findings, ``size`` techniques and ``size`` needling sites."""
    for code, side in REGIONS[:size]:
        add_mark(visit, code, side, 5)
    finding = add_finding(visit)
    add_finding(visit, SEMITENDINOSUS, "right")
    for _ in range(size):
        add_technique(visit, finding=finding)
        add_needling(visit)


def add_visits(client, therapist, count: int, size: int):
    for _ in range(count):
        visit = make_visit(client, therapist, pain_start=6, pain_end=3)
        grow_visit(visit, size)
        sign(visit)
        add_addendum(visit, therapist)
        make_visit(client, therapist)  # a draft as well


def count_queries(django_assert_num_queries, browser, url, grow, expected: int | None = None):
    """The page's queries before and after ``grow()`` adds data: the same number, ``expected`` when given."""
    browser.get(url)  # warm the session and caches
    with django_assert_num_queries(expected or BUDGET, exact=expected is not None) as small:
        assert browser.get(url).status_code == 200
    grow()
    with django_assert_num_queries(len(small.captured_queries)):
        assert browser.get(url).status_code == 200
    return len(small.captured_queries)


# The client page: the client, its consents (one prefetch), the access-log insert and the visit timeline
# (whose rows also give the retention date: each visit's last change and newest addendum); a clinician also
# gets the last pain map's marks (one query: the timeline's rows already hold that visit's chart version),
# the client's episodes, and the measure rows of the open episodes' check-ins for their headlines (one UNION
# query of check-ins, LEFS items and PSFS scores: records/outcomes/progress.py; visit pain comes from the
# timeline's rows). Once the client is found, all but the access log need only its id: on PostgreSQL they go
# in one round trip (records.visits.queries.read_client_page; the test below).
CLIENT_PAGE_QUERIES = {"therapist_a1": SIGNED_IN + 7, "reception_a": SIGNED_IN + 4}


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a"])
def test_the_client_page(client_as, personas, consenting_patient, django_assert_num_queries, persona):
    therapist = personas["therapist_a1"]
    add_visits(consenting_patient, therapist, 1, 1)
    count_queries(
        django_assert_num_queries,
        client_as(personas[persona]),
        consenting_patient.get_absolute_url(),
        lambda: add_visits(consenting_patient, therapist, 4, 4),
        expected=CLIENT_PAGE_QUERIES[persona],
    )


def test_the_visit_page_while_editing(client_as, therapist_a1, needling_draft, django_assert_num_queries):
    grow_visit(needling_draft, 1)
    count_queries(
        django_assert_num_queries,
        client_as(therapist_a1),
        needling_draft.get_absolute_url(),
        lambda: (
            [add_mark(needling_draft, c, s, 7) for c, s in REGIONS[1:]]
            + [add_technique(needling_draft) for _ in range(5)]
            + [add_needling(needling_draft) for _ in range(5)]
            + [add_finding(needling_draft, side="right")]
        ),
    )


def test_the_editor_reads_the_visits_measures_in_one_query_whatever_their_size(
    client_as, therapist_a1, needling_draft, django_assert_num_queries
):
    """The "Outcome measures" section costs the editor one query (records/outcomes/summary.py), with or
    without a check-in, whatever the number of LEFS answers and PSFS scores."""
    from clinic.dates import local_date
    from tests.outcomes.builders import answer_lefs, make_check_in, name_activity, score_activity

    browser = client_as(therapist_a1)
    url = needling_draft.get_absolute_url()
    browser.get(url)
    with django_assert_num_queries(BUDGET, exact=False) as without:
        assert browser.get(url).status_code == 200
    touching = [q["sql"] for q in without.captured_queries if "records_checkin" in q["sql"]]
    assert len(touching) == 1 and "UNION ALL" in touching[0]
    check_in = make_check_in(
        needling_draft.episode,
        therapist_a1,
        visit=needling_draft,
        recorded_on=local_date(needling_draft.started_at),
        usual_pain_week=5,
    )
    answer_lefs(check_in, dict.fromkeys(range(1, 21), 2))
    for position in range(1, 6):
        score_activity(check_in, name_activity(needling_draft.episode, position, f"Activity {position}"), 5)
    with django_assert_num_queries(len(without.captured_queries)):
        assert "40/80" in browser.get(url).content.decode()


def test_the_signed_note_and_its_print_view(
    client_as, therapist_a2, needling_draft, therapist_a1, django_assert_num_queries
):
    grow_visit(needling_draft, 1)
    sign(needling_draft)

    def grow():
        for _ in range(5):
            add_addendum(needling_draft, therapist_a1)

    browser = client_as(therapist_a2)
    pages = (
        (needling_draft.get_absolute_url(), SIGNED_NOTE_QUERIES),
        (f"/clients/visits/{needling_draft.pk}/print/", PRINTED_NOTE_QUERIES),
    )
    for url, expected in pages:
        count_queries(django_assert_num_queries, browser, url, grow, expected=expected)


# A signed note, once drawn (records/visits/note_cache.py): the visit with its client, therapist and signer
# and the current library version (part of the cached record's key), the addenda with their authors, the
# access-log UPDATE that counts this repeated view (the first view in the window inserts its row after an
# UPDATE that found none). The first view draws the record and reads its parts, one query per kind (nine),
# and the visit's outcome measures (one: records/outcomes/summary.py).
SIGNED_NOTE_QUERIES = SIGNED_IN + 3
# The printout adds its letterhead and chart (records/visits/printing.py): the therapist's registration
# number, the clinic's details and the pain map's marks with their regions.
PRINTED_NOTE_QUERIES = SIGNED_NOTE_QUERIES + 3


def test_the_dashboard(client_as, therapist_a1, patient, django_assert_num_queries):
    add_visits(patient, therapist_a1, 1, 1)
    count_queries(
        django_assert_num_queries,
        client_as(therapist_a1),
        "/",
        lambda: add_visits(patient, therapist_a1, 5, 1),
        expected=DASHBOARD_QUERIES,
    )


# The dashboard: the therapist's drafts and ten newest signed visits with their clients' names, one query.
DASHBOARD_QUERIES = SIGNED_IN + 1


def test_entries_unpublished_since_they_were_recorded_still_show_and_cost_one_query_per_kind(
    client_as, therapist_a1, needling_draft, django_assert_num_queries
):
    """The editing screen takes trigger points and techniques from the shared library snapshot; rows that
    point at entries withdrawn since are read in one query per kind, however many there are."""
    from reference.models import Status

    withdrawn = trigger_point(SEMITENDINOSUS)
    add_finding(needling_draft, SEMITENDINOSUS, "right")
    add_needling(needling_draft, slug=SEMITENDINOSUS, side="right")
    withdrawn.status = Status.DRAFT
    withdrawn.save()

    def grow():
        add_finding(needling_draft, SEMITENDINOSUS, "left")
        for _ in range(3):
            add_needling(needling_draft, slug=SEMITENDINOSUS, side="left")

    browser = client_as(therapist_a1)
    count_queries(django_assert_num_queries, browser, needling_draft.get_absolute_url(), grow)
    html = browser.get(needling_draft.get_absolute_url()).content.decode()
    assert f"{withdrawn.muscle.name} — {withdrawn.label}, right" in html  # the finding's title
    assert f"{withdrawn.label}, left: 2 in, 2 out" in html  # a needling site's title


def queries_by_round_trip(browser, url: str) -> tuple[list[str], list[str]]:
    """The SQL of one request of ``url`` (after a warm-up): the queries sent in a pipeline with others, and
    those sent alone. PostgreSQL only (pipeline mode is PostgreSQL's; SQLite runs in the process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pipeline mode is PostgreSQL's; SQLite runs in the process")
    browser.get(url)
    seen = []

    def note_pipeline(execute, sql, params, many, context):
        seen.append((bool(connection.connection.pgconn.pipeline_status), sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_pipeline):
        assert browser.get(url).status_code == 200
    return [sql for pipelined, sql in seen if pipelined], [sql for pipelined, sql in seen if not pipelined]


@pytest.mark.parametrize(("persona", "together"), [("therapist_a1", 5), ("reception_a", 2)])
def test_the_client_page_sends_its_reads_of_the_client_together_on_postgresql(
    client_as, personas, consenting_patient, persona, together
):
    """After the three of every request, the client and the access log: the consents and the timeline (and
    for a clinician the last map, the episodes and the measure rows) in one round trip."""
    add_visits(consenting_patient, personas["therapist_a1"], 1, 1)
    url = consenting_patient.get_absolute_url()
    pipelined, alone = queries_by_round_trip(client_as(personas[persona]), url)
    tables = ["records_consent", "records_visit", "records_visitpainmark", "records_episode"]
    assert len(pipelined) == together
    for table, sql in zip([*tables, "records_checkin"], pipelined, strict=False):
        assert f'FROM "{table}"' in sql
    assert len(pipelined) + len(alone) == CLIENT_PAGE_QUERIES[persona]


def test_the_editor_sends_its_eleven_reads_of_the_visit_together_on_postgresql(
    client_as, therapist_a1, needling_draft
):
    """After the three of every request and the visit's own, the editing screen's reads of the visit's
    parts (marks, findings, techniques, needling sites, adverse events, red flags), the client's consents,
    the chosen self-help and factors, the check-in, the therapist's recently used sections and last needle
    need nothing from each other: on PostgreSQL they go in one round trip
    (clinic.prepared_queries.read_together)."""
    grow_visit(needling_draft, 1)
    together, alone = queries_by_round_trip(client_as(therapist_a1), needling_draft.get_absolute_url())
    tables = (
        "records_visitpainmark",
        "records_finding",
        "records_techniqueapplication",
        "records_needlingsite",
        "records_adverseevent",
        "records_visitredflag",
        "records_consent",
        "records_visit_self_help",
        "records_checkin",
        "used_findings",
        "gauge_mm",  # the last needle, for a new needling site's defaults
    )
    assert len(together) == len(tables)
    for table, sql in zip(tables, together, strict=True):
        assert table in sql
    # Before them the visit; after them the access log.
    assert len(alone) == SIGNED_IN + 2
    assert "records_visit" in alone[SIGNED_IN] and "accesslog" in alone[-1]

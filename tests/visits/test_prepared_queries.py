"""Queries compiled once and run with new values give what the ORM gives (clinic/prepared_queries.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Count

from clinic.prepared_queries import PreparedQuery, read_together
from records.models import Client
from records.visits.sections import RECENT_SECTIONS, _recent_sections_query
from tests.visits.builders import add_finding, make_visit, sign


def clients_born_after(born_after):
    return Client.objects.filter(date_of_birth__gt=born_after).order_by("pk").values_list("pk", flat=False)


def test_each_run_puts_its_values_where_the_markers_were(patient, consenting_patient):
    query = PreparedQuery(clients_born_after, born_after=date(1800, 1, 1))
    for born_after in (date(1900, 1, 1), patient.date_of_birth, date.today()):
        assert query.rows(born_after=born_after) == list(clients_born_after(born_after))
    # Both fixtures' clients are born after 1900, so the date really reached the database.
    assert len(query.rows(born_after=date(1900, 1, 1))) == 2


def test_reads_run_together_answer_as_each_alone_and_each_is_counted(
    patient, consenting_patient, django_assert_num_queries
):
    """On PostgreSQL they share one round trip (pipeline mode); on SQLite they run in turn. Either way each
    answer is the one its query gives alone, and each query is logged like any other."""
    born = PreparedQuery(clients_born_after, born_after=date(1800, 1, 1))
    one = PreparedQuery(lambda pk: Client.objects.filter(pk=pk), pk=-1)
    with django_assert_num_queries(3):
        rows, clients, none = read_together(
            born.as_rows(born_after=date(1900, 1, 1)),
            one.as_objects(pk=consenting_patient.pk),
            one.as_objects(pk=10**9),
        )
    assert rows == born.rows(born_after=date(1900, 1, 1)) == list(clients_born_after(date(1900, 1, 1)))
    assert clients == [consenting_patient] and clients[0].family_name == consenting_patient.family_name
    assert none == []


def test_the_recently_used_sections_match_the_orm_for_each_therapist(therapist_a1, therapist_a2, patient):
    visit = make_visit(patient, therapist_a1)
    add_finding(visit)
    sign(visit)
    make_visit(patient, therapist_a2)  # a draft only: nothing signed
    for therapist in (therapist_a1, therapist_a2):
        expected = [tuple(map(bool, row)) for row in _recent_sections_query(therapist.pk)]
        assert [tuple(map(bool, row)) for row in RECENT_SECTIONS.rows(therapist_id=therapist.pk)] == expected
    assert RECENT_SECTIONS.rows(therapist_id=therapist_a2.pk) == []
    assert bool(RECENT_SECTIONS.rows(therapist_id=therapist_a1.pk)[0][0])  # it used findings


def test_an_update_reports_the_rows_it_changed(admin_a, patient, client_as):
    from records.models import AccessLogEntry, Action

    at = datetime.now(UTC)
    entry = AccessLogEntry.objects.create(
        clinic=patient.clinic, user=admin_a, client=patient, action=Action.VIEW_CLIENT, detail="page"
    )
    values = {"user_id": admin_a.pk, "client_id": patient.pk, "action": Action.VIEW_CLIENT, "detail": "page"}
    assert AccessLogEntry.objects.count_repeat(at=at + timedelta(seconds=1), **values)
    assert not AccessLogEntry.objects.count_repeat(at=at + timedelta(hours=1), **values)  # outside the window
    assert not AccessLogEntry.objects.count_repeat(at=at, **{**values, "detail": "another page"})
    entry.refresh_from_db()
    assert entry.view_count == 2


def test_a_marker_the_query_does_not_carry_is_refused(db):
    query = PreparedQuery(lambda born_after: Client.objects.annotate(n=Count("pk")), born_after=-7)
    with pytest.raises(ValueError, match="born_after"):
        query.rows(born_after=3)


def test_markers_must_differ_and_values_must_match_them(db):
    with pytest.raises(ValueError):
        PreparedQuery(clients_born_after, a=-1, b=-1)
    query = PreparedQuery(clients_born_after, born_after=date(1800, 1, 1))
    with pytest.raises(TypeError):
        query.rows(born_before=date(1900, 1, 1))


def test_a_visit_id_beyond_the_column_is_not_found_rather_than_an_error(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    assert browser.get(draft.get_absolute_url()).status_code == 200
    assert browser.get(f"/clients/visits/{2**64}/").status_code == 404
    assert browser.get(f"/clients/visits/{draft.pk + 1000}/").status_code == 404


def test_a_session_is_read_until_it_expires_and_an_unknown_key_is_forgotten(therapist_a1, time_machine):
    from clinic.session_store import SessionStore

    store = SessionStore()
    store["who"] = "therapist"
    store.set_expiry(60)
    store.save()
    key = store.session_key
    assert SessionStore(key).load() == {"who": "therapist", "_session_expiry": 60}
    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=2))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None

"""The client list: search by any part of a name (case- and accent-insensitive), date of birth or phone;
active/archived and therapist filters; 25 a page; a fixed number of queries whatever the clinic's size."""

import importlib
from datetime import date

import pytest

from records.models import AccessLogEntry, Action, Client
from records.search import parse_query
from tests.records.builders import make_client


@pytest.fixture
def clients(clinic_a, therapist_a1):
    people = {
        "zoe": make_client(clinic_a, given_name="Zoë", family_name="Marchetti", phone="0412 345 678"),
        "zoe_plain": make_client(
            clinic_a, given_name="Zoe", family_name="Kowalski", date_of_birth=date(1990, 2, 3)
        ),
        "tom": make_client(
            clinic_a, given_name="Tomás", preferred_name="Tom", family_name="Álvarez", phone="+61 3 9999 1234"
        ),
        "liam": make_client(
            clinic_a, given_name="Liam", family_name="O'Sullivan", date_of_birth=date(1992, 7, 2)
        ),
    }
    # Typed on a phone: a typographic apostrophe.
    people["ciara"] = make_client(clinic_a, given_name="Ciara", family_name="O’Sullivan")
    people["archived"] = make_client(clinic_a, given_name="Kwame", family_name="Mensah")
    people["archived"].archive(by=therapist_a1)
    return people


def names_in(response) -> set[str]:
    return {client.given_name for client in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zoe", {"Zoë", "Zoe"}),
        ("ZOË", {"Zoë", "Zoe"}),
        ("marche", {"Zoë"}),
        ("zoe kowal", {"Zoe"}),
        ("tom", {"Tomás"}),
        ("alvarez", {"Tomás"}),
        ("o'sull", {"Liam", "Ciara"}),
        ("03/02/1990", {"Zoe"}),
        ("1992-07-02", {"Liam"}),
        ("0412345678", {"Zoë"}),
        ("345 678", {"Zoë"}),
        ("03 9999 1234", {"Tomás"}),
        ("C00003", {"Tomás"}),
        ("nobody", set()),
        ("li", {"Liam"}),
        ("ko", {"Zoe"}),
        ("o", {"Liam", "Ciara"}),
        # Apostrophes of any keyboard, none at all, and the list's own "Family, Given" form.
        ("O’Sullivan", {"Liam", "Ciara"}),
        ("o'sullivan", {"Liam", "Ciara"}),
        ("osullivan", {"Liam", "Ciara"}),
        ("O`Sull", {"Liam", "Ciara"}),
        ("Marchetti, Zoë", {"Zoë"}),
        ("Marchetti, Zoe", {"Zoë"}),
        ("O’Sullivan, Ciara", {"Ciara"}),
        ("Álvarez, Tomás (Tom)", {"Tomás"}),
    ],
)
def test_search_finds_clients_by_name_date_of_birth_phone_or_number(
    client_as, therapist_a1, clients, query, expected
):
    response = client_as(therapist_a1).get("/clients/", {"q": query})

    assert names_in(response) == expected


def test_an_impossible_date_is_explained_rather_than_matching_nothing_silently(
    client_as, therapist_a1, clients
):
    response = client_as(therapist_a1).get("/clients/", {"q": "31/02/1990"})

    assert response.status_code == 200
    assert "is not a real date" in response.content.decode()
    assert names_in(response) == set()


def test_archived_clients_are_hidden_until_asked_for(client_as, therapist_a1, clients):
    client = client_as(therapist_a1)

    assert "Kwame" not in names_in(client.get("/clients/"))
    assert names_in(client.get("/clients/", {"status": "archived"})) == {"Kwame"}
    assert "Kwame" in names_in(client.get("/clients/", {"status": "all"}))


def test_the_therapist_filter_lists_clinicians_and_matches_nobody_until_visits_exist(
    client_as, therapist_a1, therapist_a2, reception_a, therapist_b, clients
):
    response = client_as(therapist_a1).get("/clients/")
    options = response.context["form"].fields["therapist"].queryset
    assert set(options) == {therapist_a1, therapist_a2}

    filtered = client_as(therapist_a1).get("/clients/", {"therapist": therapist_a2.pk})
    assert names_in(filtered) == set()
    assert Client.objects.seen_by(therapist_a2).count() == 0


def test_a_therapist_from_another_clinic_is_not_a_valid_filter(client_as, therapist_a1, therapist_b, clients):
    response = client_as(therapist_a1).get("/clients/", {"therapist": therapist_b.pk})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_list_is_paginated_25_at_a_time(client_as, therapist_a1, clinic_a):
    for n in range(30):
        make_client(clinic_a, given_name=f"Person{n:02d}", family_name="Baker")
    client = client_as(therapist_a1)

    first, second = client.get("/clients/"), client.get("/clients/", {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert client.get("/clients/", {"page": "nonsense"}).status_code == 200


def test_each_search_is_written_to_the_access_log(client_as, therapist_a1, clients):
    client_as(therapist_a1).get("/clients/", {"q": "zoe"})

    entry = AccessLogEntry.objects.get(action=Action.LIST_CLIENTS)
    assert entry.user == therapist_a1 and entry.client is None and "zoe" in entry.detail


def test_the_query_parser_reads_dates_phones_and_names():
    assert parse_query("12/04/1988").date_of_birth == date(1988, 4, 12)
    assert parse_query("1988-04-12").date_of_birth == date(1988, 4, 12)
    assert parse_query("+61 412 345 678").phone_digits == "0412345678"
    assert parse_query("  Zoë   O'Brien ").name_terms == ("zoe", "obrien")
    assert parse_query("Marchetti, Zoë").name_terms == ("marchetti", "zoe")
    assert parse_query("").is_empty


@pytest.mark.parametrize("query", ["", "zo", "zoe"])
def test_the_list_runs_a_fixed_number_of_queries(
    client_as, therapist_a1, clinic_a, django_assert_num_queries, query
):
    client = client_as(therapist_a1)
    client.get("/clients/")  # warm the session
    for n in range(5):
        make_client(clinic_a, given_name=f"Zoe{n}", family_name="Small")
    with django_assert_num_queries(QUERIES_FOR_CLIENT_LIST) as few:
        client.get("/clients/", {"q": query})
    for n in range(55):
        make_client(clinic_a, given_name=f"Zoe{n}", family_name="Large")
    with django_assert_num_queries(len(few)):
        response = client.get("/clients/", {"q": query})
    assert response.context["page"].paginator.count == 60


# session, user, membership with clinic (and the curator check), the therapists for the filter, the count,
# the page of clients, the access-log insert
QUERIES_FOR_CLIENT_LIST = 7


def test_the_migration_respells_the_search_columns_of_existing_clients(clinic_a):
    from django.apps import apps

    migration = importlib.import_module("records.migrations.0012_needles_per_site_and_loose_ends")
    client = make_client(clinic_a, given_name="Ciara", family_name="O’Sullivan")
    # As the code before this change stored it.
    Client.objects.filter(pk=client.pk).update(search_name="ciara o’sullivan", sort_name="o’sullivan ciara")

    migration.recompute_search_columns(apps, None)

    client.refresh_from_db()
    assert (client.search_name, client.sort_name) == ("ciara osullivan", "osullivan ciara")

"""NUL and other control characters in search boxes and filters are a message by the field, never a 500
(on PostgreSQL a NUL cannot even be sent in a query)."""

import pytest

NUL = "\x00"


@pytest.mark.parametrize(
    "params",
    [
        {"q": f"Nguyen{NUL}"},
        {"q": "Ng\x01uyen"},
        {"status": NUL},
        {"therapist": NUL},
        {"page": NUL},
    ],
)
def test_the_client_search_answers_a_control_character_with_a_message(
    client_as, therapist_a1, client_a, params
):
    response = client_as(therapist_a1).get("/clients/", params)

    assert response.status_code == 200
    if "q" in params:
        assert "Remove the invisible control characters" in response.content.decode()


@pytest.mark.parametrize("params", [{"user": NUL}, {"action": NUL}, {"date_from": NUL}, {"page": NUL}])
def test_the_access_log_filters_answer_a_nul_with_a_message(client_as, admin_a, params):
    response = client_as(admin_a).get("/clients/access-log/", params)

    assert response.status_code == 200


@pytest.mark.parametrize("query", [f"knee{NUL}", "knee\x1b[31m", NUL])
def test_the_library_search_answers_a_control_character_with_a_message(client_as, therapist_a1, query):
    response = client_as(therapist_a1).get("/reference/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Remove the invisible control characters" in html
    assert "Results for" not in html


def test_the_library_search_still_finds_entries(client_as, therapist_a1):
    response = client_as(therapist_a1).get("/reference/", {"q": "  biceps   femoris "})

    html = response.content.decode()
    assert "Results for “biceps femoris”" in html
    assert "Remove the invisible control characters" not in html


def test_a_nul_in_the_visit_pages_candidate_to_show_is_ignored(client_as, therapist_a1, client_a):
    from tests.visits.builders import make_visit

    visit = make_visit(client_a, therapist_a1)

    assert client_as(therapist_a1).get(visit.get_absolute_url(), {"show": NUL}).status_code == 200

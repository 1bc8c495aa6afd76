"""The reference index lists groups, muscles, techniques and conditions; its search box finds entries."""

import pytest

from reference.models import Muscle, Status, Technique
from tests.reference.builders import make_condition, make_group, make_muscle, make_symptom, make_technique


def test_the_index_lists_groups_muscles_techniques_and_conditions(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/").content.decode()

    assert 'id="group-hamstrings"' in html
    for link in (
        '<a href="/reference/muscles/semimembranosus/">Semimembranosus</a>',
        '<a href="/reference/muscles/biceps-femoris/">Biceps femoris</a>',
        '<a href="/reference/techniques/positional-release/">Positional release</a>',
        '<a href="/reference/conditions/osteitis/">Osteitis</a>',
    ):
        assert link in html
    assert (
        html.index("Semimembranosus</a>")
        < html.index("Semitendinosus</a>")
        < html.index("Biceps femoris</a>")
    )
    assert "Always consult your physician" in html


def test_draft_muscles_are_listed_for_curators_only(client_as, therapist_a1, curator):
    assert "Piriformis" not in client_as(therapist_a1).get("/reference/").content.decode()
    curator_html = client_as(curator).get("/reference/").content.decode()
    assert '<a href="/reference/muscles/piriformis/">Piriformis</a>' in curator_html
    assert "Draft" in curator_html


def test_search_finds_published_entries_by_name_and_description(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/", {"q": "knee"}).content.decode()
    results = html[html.index('id="results-heading"') : html.index('id="muscles-heading"')]

    assert "Bursitic osteoarthritis of the knee" in results
    assert "Knee joint dysfunction" in results
    assert "Biceps femoris" in results  # "when the knee is flexed" in its action
    assert "Hip, knee or ankle injury or fracture" in results
    assert '<a href="/reference/muscles/semimembranosus/">Semimembranosus</a>' in results  # via its factors


def test_search_is_case_insensitive_and_says_when_nothing_matches(client_as, therapist_a1):
    client = client_as(therapist_a1)
    assert "Dry needling" in client.get("/reference/", {"q": "NEEDLING"}).content.decode()
    assert "Nothing in the library matches" in client.get("/reference/", {"q": "zebra"}).content.decode()


def test_search_leaves_drafts_out_for_therapists(client_as, therapist_a1, curator):
    assert "Piriformis</a>" not in client_as(therapist_a1).get("/reference/", {"q": "piri"}).content.decode()
    assert "Piriformis</a>" in client_as(curator).get("/reference/", {"q": "piri"}).content.decode()


@pytest.mark.django_db
def test_an_overlong_query_is_cut_short_not_refused(client_as, therapist_a1):
    response = client_as(therapist_a1).get("/reference/", {"q": "knee " * 200})
    assert response.status_code == 200


def grow_the_library(n):
    group = make_group()
    for _ in range(n):
        make_muscle(group=group)
        make_muscle(status=Status.DRAFT)
        make_technique(description="Searchable thing")
        make_condition(description="Searchable thing")
        make_symptom([Muscle.objects.first()], description="Searchable thing")


# session, user, membership (which answers the curator check), muscles with groups, techniques, conditions
QUERIES_FOR_INDEX = 6
# ... plus one query for each searched kind (6) and one prefetch of muscles for each of the three kinds
# without a page of their own that matched
QUERIES_FOR_SEARCH = QUERIES_FOR_INDEX + 6 + 1


@pytest.mark.parametrize(
    ("params", "budget"), [({}, QUERIES_FOR_INDEX), ({"q": "searchable"}, QUERIES_FOR_SEARCH)]
)
def test_the_index_and_search_run_a_fixed_number_of_queries(
    client_as, therapist_a1, django_assert_num_queries, params, budget
):
    client = client_as(therapist_a1)
    grow_the_library(1)
    client.get("/reference/", params)
    with django_assert_num_queries(budget):
        client.get("/reference/", params)
    grow_the_library(10)
    with django_assert_num_queries(budget):
        response = client.get("/reference/", params)
    assert Technique.objects.count() == 18
    assert response.content.decode().count("Technique ") >= 11

"""Technique and condition pages: their facts, their muscles, the source and the disclaimer."""

from reference.models import Condition, Technique
from tests.reference.builders import make_muscle


def test_the_compression_page_shows_what_it_records(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/techniques/compression/").content.decode()

    assert "Pressure" in html and "light, moderate, firm" in html
    assert "Hold (seconds)" in html and "1–300 s" in html
    assert "Repetitions" in html
    assert "Not required" in html
    assert '<a href="/reference/muscles/biceps-femoris/">Biceps femoris</a>' in html
    assert "Trigger Point Therapy for the Hamstrings" in html
    assert "Always consult your physician" in html


def test_positional_release_shows_its_typical_hold(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/techniques/positional-release/").content.decode()
    assert "30–90 s" in html


def test_the_wet_needling_page_warns_it_is_out_of_scope_and_not_routine(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/techniques/wet-needling/").content.decode()

    assert "outside the scope of practice of most therapists" in html
    assert "Cannot be logged as a routine technique." in html
    assert "Required before the first application" in html


def test_the_dry_needling_page_says_it_is_invasive_and_needs_consent(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/techniques/dry-needling/").content.decode()

    assert "Invasive" in html and "Required before the first application" in html
    assert "Cannot be logged" not in html


def test_the_sciatica_page_says_when_to_refer_and_for_which_muscles(client_as, reception_a):
    html = client_as(reception_a).get("/reference/conditions/sciatica/").content.decode()

    assert "How to rule it out, and when to refer" in html
    assert "straight-leg raise or slump test" in html
    assert "Library wording" in html
    assert '<a href="/reference/muscles/semitendinosus/">Semitendinosus</a>' in html
    assert "Always consult your physician" in html


# session, user, membership (with the curator check), the entry with its source, its muscles; a condition
# also reads its citations with their sources (one query)
QUERIES_FOR_DETAIL = {"/reference/techniques/compression/": 5, "/reference/conditions/sciatica/": 6}


def test_technique_and_condition_pages_run_a_fixed_number_of_queries(
    client_as, therapist_a1, django_assert_num_queries
):
    client = client_as(therapist_a1)
    urls = ["/reference/techniques/compression/", "/reference/conditions/sciatica/"]
    for url in urls:
        client.get(url)
        with django_assert_num_queries(QUERIES_FOR_DETAIL[url]):
            client.get(url)
    extra = [make_muscle() for _ in range(8)]
    Technique.objects.get(slug="compression").muscles.add(*extra)
    Condition.objects.get(slug="sciatica").muscles.add(*extra)
    for url in urls:
        with django_assert_num_queries(QUERIES_FOR_DETAIL[url]):
            response = client.get(url)
        assert response.content.decode().count('href="/reference/muscles/') == 11

"""The muscle page: every fact, the trigger points, the referral pattern on the body chart and as a list."""

import re
from html.parser import HTMLParser

import pytest

from reference.models import Muscle, ReferralZone, Status
from tests.reference.builders import (
    make_association,
    make_condition,
    make_factor,
    make_muscle,
    make_self_help,
    make_symptom,
    make_technique,
    make_trigger_point,
    make_zone,
)

BF_URL = "/reference/muscles/biceps-femoris/"
ESSENTIAL_FILL = "#b8323a"


class ChartPaths(HTMLParser):
    """The body-chart regions drawn on a page: (region, side) -> the path's attributes."""

    def __init__(self):
        super().__init__()
        self.paths = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "path" and "data-region" in attrs:
            self.paths[(attrs["data-region"], attrs["data-side"])] = attrs


def chart_paths(html: str) -> dict:
    parser = ChartPaths()
    parser.feed(html)
    return parser.paths


def zone_list(html: str, kind: str) -> str:
    start = html.index(f'zone-list--{kind}"')
    return html[start : html.index("</ul>", start)]


def test_the_biceps_femoris_page_draws_the_back_of_the_knee_as_the_essential_zone(client_as, therapist_a1):
    html = client_as(therapist_a1).get(BF_URL).content.decode()
    paths = chart_paths(html)

    knee = paths[("knee_posterior_lateral", "right")]
    assert knee["fill"] == ESSENTIAL_FILL
    assert "zone-essential" in knee["class"]
    calf = paths[("calf_lateral_upper", "right")]
    assert calf["fill"] == "url(#trp-biceps-femoris-trp-hatch-back)"
    assert "zone-spillover" in calf["class"]
    assert "trp-location" in paths[("post_thigh_distal_lateral", "right")]["class"]
    # The article's posteromedial zones, contradicted by Travell & Simons, are listed but not drawn.
    assert "fill" not in paths[("calf_medial_upper", "right")]
    assert "fill" not in paths[("post_thigh_middle_medial", "right")]
    assert "fill" not in paths[("knee_posterior_lateral", "left")]
    assert 'id="trp-biceps-femoris-trp-hatch-back"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique on the page"
    assert 'class="body-chart body-chart--back"' in html


def test_the_pattern_is_also_a_list_with_a_legend(client_as, therapist_a1):
    html = client_as(therapist_a1).get(BF_URL).content.decode()

    assert "Back of knee, lateral" in zone_list(html, "essential")
    assert "Strong 10 cm zone of pain posterior to the knee joint." in zone_list(html, "essential")
    spillover = zone_list(html, "spillover")
    for name in ("Posterior thigh, proximal medial", "Posterior thigh, distal medial", "Calf, medial"):
        assert name in spillover
    assert "Popliteal" not in spillover
    assert "Essential zone (strong pain)" in html and "Spillover zone (diffuse pain)" in html
    assert "Where the trigger point lies" in html


def test_semimembranosus_refers_to_the_gluteal_fold_on_its_chart(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/muscles/semimembranosus/").content.decode()
    paths = chart_paths(html)

    assert paths[("gluteal_fold", "right")]["fill"] == ESSENTIAL_FILL
    assert paths[("achilles", "right")]["fill"].endswith("hatch-back)")
    assert "Inferior gluteal fold" in zone_list(html, "essential")


def test_the_page_shows_every_fact_of_the_muscle(client_as, therapist_a1):
    html = client_as(therapist_a1).get(BF_URL).content.decode()

    for text in (
        "Ischial tuberosity (sitting bone) and the back of the femur.",
        "Lateral side of the head of the fibula; lateral condyle of the tibia.",
        "Laterally rotates (turns out) the lower leg when the knee is flexed.",
        "Branches of the sciatic nerve",
        "L4, L5, S1, S2, S3",
        "Quadriceps",
        "slow down the leg at the end of its forward swing",
        "Biceps femoris trigger point",
        "Pain worse on sitting",
        "Prolonged driving",
        "Balls and foam rollers",
        "Trigger Point Therapy for the Hamstrings",
        "https://stuart-hinds.com/blogs/performance-therapy/trigger-point-therapy-for-the-hamstrings",
        "Always consult your physician",
    ):
        assert text in html, text


def test_the_biceps_femoris_page_shows_the_noted_discrepancy_and_both_sources(client_as, therapist_a1):
    html = client_as(therapist_a1).get(BF_URL).content.decode()

    assert "Noted discrepancy between sources." in html
    assert "diffuse pain posteromedial legs" in html
    assert "Contradicted by a second source: not counted in the ranking" in html
    assert "Janet G. Travell, David G. Simons, ch. 16, Hamstring muscles" in html
    assert "Myofascial Pain and Dysfunction: The Trigger Point Manual" in html  # in the sources list
    assert "Travell & Simons" in zone_list(html, "spillover") or "Travell &amp; Simons" in zone_list(
        html, "spillover"
    )


def test_therapists_see_each_entrys_curation_state_and_review_reason(client_as, therapist_a1):
    html = client_as(therapist_a1).get("/reference/muscles/semimembranosus/").content.decode()

    assert "Verbatim from the source" in zone_list(html, "essential")
    assert "Interpreted from the source" in zone_list(html, "spillover")
    assert "Under review: Only the article names the Achilles tendon area" in zone_list(html, "spillover")
    assert "Under review: The location is read from the caption" in html
    assert "Library wording" in html  # the differentials' texts


def test_the_psle_factor_is_no_longer_shown_to_therapists(client_as, therapist_a1):
    assert "PSLE" not in client_as(therapist_a1).get(BF_URL).content.decode()


def test_differential_diagnoses_and_techniques_are_linked(client_as, therapist_a1):
    html = client_as(therapist_a1).get(BF_URL).content.decode()

    assert '<a href="/reference/conditions/sciatica/">Sciatica</a>' in html
    assert '<a href="/reference/conditions/tenosynovitis/">Tenosynovitis</a>' in html
    assert '<a href="/reference/techniques/dry-needling/">Dry needling</a>' in html


def test_associated_muscles_are_named_and_linked_only_once_published(client_as, therapist_a1):
    client = client_as(therapist_a1)
    html = client.get(BF_URL).content.decode()
    assert "Piriformis" in html
    assert 'href="/reference/muscles/piriformis/"' not in html  # still a draft entry

    piriformis = Muscle.objects.get(slug="piriformis")
    piriformis.origin = piriformis.insertion = piriformis.action = "Curated"
    piriformis.innervation_nerve, piriformis.spinal_segments = "Nerve to piriformis", "S1, S2"
    piriformis.status = Status.PUBLISHED
    piriformis.save()

    assert 'href="/reference/muscles/piriformis/"' in client.get(BF_URL).content.decode()


def test_a_draft_zone_is_hidden_from_therapists_and_previewed_by_curators(
    client_as, therapist_a1, curator, bf_calf_zone
):
    bf_calf_zone.status = Status.DRAFT
    bf_calf_zone.save()

    therapist_html = client_as(therapist_a1).get(BF_URL).content.decode()
    assert "Calf, medial, upper third" not in zone_list(therapist_html, "spillover")
    assert "fill" not in chart_paths(therapist_html)[("calf_medial_upper", "right")]
    curator_html = client_as(curator).get(BF_URL).content.decode()
    assert "Calf, medial, upper third" in zone_list(curator_html, "spillover")


def test_curator_notes_are_for_curators_only(client_as, therapist_a1, curator):
    assert "head of bula" not in client_as(therapist_a1).get(BF_URL).content.decode()
    curator_html = client_as(curator).get(BF_URL).content.decode()
    assert "head of bula" in curator_html
    assert "Edit in the admin" in curator_html


def add_to_muscle(muscle, n):
    """n more of everything a muscle page lists."""
    for _ in range(n):
        trigger_point = make_trigger_point(muscle)
        make_zone(trigger_point, "heel", "essential")
        make_zone(trigger_point, "sole", "spillover")
        make_association(muscle, make_muscle(status=Status.DRAFT))
        make_symptom([muscle])
        make_factor([muscle])
        make_condition([muscle])
        make_technique([muscle])
        make_self_help([muscle])
        muscle.antagonists.add(make_muscle())


# session, user, membership (with the curator check); muscle with group and source; trigger points; zones;
# antagonists; antagonist groups; synergists; synergist groups; heads or parts (with their sources);
# associations; symptoms; perpetuating factors; conditions; techniques; self-help; the citations of the
# trigger points and those of the zones (with their sources), one query each
QUERIES_FOR_MUSCLE_PAGE = 19


def test_the_muscle_page_runs_a_fixed_number_of_queries(
    client_as, therapist_a1, biceps_femoris, django_assert_num_queries
):
    client = client_as(therapist_a1)
    client.get(BF_URL)
    with django_assert_num_queries(QUERIES_FOR_MUSCLE_PAGE):
        client.get(BF_URL)
    add_to_muscle(biceps_femoris, 6)
    with django_assert_num_queries(QUERIES_FOR_MUSCLE_PAGE):
        response = client.get(BF_URL)
    assert response.content.decode().count('class="trigger-point ') == 7


def test_a_curator_previewing_runs_the_same_number_of_queries(
    client_as, curator, biceps_femoris, django_assert_num_queries
):
    client = client_as(curator)
    client.get(BF_URL)
    add_to_muscle(biceps_femoris, 2)
    ReferralZone.objects.filter(region__code="heel").update(status=Status.DRAFT)
    # Two more than a clinic's therapist: a curator without a clinic has no membership row to carry the
    # curator check, so it is its own query; and a curator signs in with a second factor, so django-otp's
    # middleware loads the authenticator that verified the session (which a reset must be able to revoke).
    with django_assert_num_queries(QUERIES_FOR_MUSCLE_PAGE + 2):
        client.get(BF_URL)


@pytest.mark.django_db
def test_an_unknown_muscle_is_a_404(client_as, therapist_a1):
    assert client_as(therapist_a1).get("/reference/muscles/no-such-muscle/").status_code == 404

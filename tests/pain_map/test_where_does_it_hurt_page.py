"""The "Where does it hurt?" page on the hamstring library that ships with the migrations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

URL = "/reference/where-does-it-hurt/"
FRAGMENT = "/reference/where-does-it-hurt/candidates/"


def marks(**intensities):
    """marks(gluteal_fold__right=8) -> the form fields for that map."""
    data = {}
    for key, intensity in intensities.items():
        region, side = key.rsplit("__", 1)
        data[f"mark-{region}-{side}-intensity"] = str(intensity)
    return data


def candidate_order(html: str) -> list[str]:
    import re

    return re.findall(r'data-candidate="(\d+:\w+)"', html)


def first_candidate(response):
    candidates = response.context["candidates"]
    assert candidates, "expected at least one candidate"
    return candidates[0]


def test_pain_at_the_right_gluteal_fold_and_down_the_thigh_and_calf_points_to_the_medial_hamstrings(
    client_as, therapist_a1
):
    response = client_as(therapist_a1).post(
        URL,
        marks(gluteal_fold__right=8, post_thigh_middle_medial__right=3, calf_medial_upper__right=3),
    )

    top = first_candidate(response)
    assert response.status_code == 200
    # Identical patterns: one grouped candidate listing both muscles.
    assert [m.muscle_name for m in top.members] == ["Semimembranosus", "Semitendinosus"]
    assert top.side == "right" and top.rank_label == "1"
    assert "Inferior gluteal fold, right" in top.explained_essential_labels[0]
    html = response.content.decode()
    assert "Identical referral patterns: examine 2 muscles (Semimembranosus and Semitendinosus)." in html


def test_strong_pain_behind_the_left_knee_points_to_biceps_femoris_on_the_left(client_as, therapist_a1):
    response = client_as(therapist_a1).post(
        URL, marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8)
    )

    top = first_candidate(response)
    assert (top.muscle_name, top.side) == ("Biceps femoris", "left")
    assert top.score == 0.85  # its one essential zone painful, none of its spillover
    assert all(c.side == "left" for c in response.context["candidates"])


def test_pain_only_in_a_shoulder_finds_no_hamstring_and_says_so(client_as, therapist_a1):
    response = client_as(therapist_a1).post(URL, marks(shoulder_posterior__right=6))

    html = response.content.decode()
    assert response.context["candidates"] == []
    assert "No trigger point in the library refers pain to the marked regions" in html
    assert "the library covers Semimembranosus, Semitendinosus, Biceps femoris." in html
    assert "Biceps femoris —" not in html


def test_an_empty_map_asks_for_a_painful_region_without_error(client_as, therapist_a1):
    client = client_as(therapist_a1)

    for response in (client.get(URL), client.post(URL, {})):
        assert response.status_code == 200
        assert "Mark at least one painful region" in response.content.decode()


def test_an_intensity_of_eleven_is_refused_by_its_field_and_the_rest_of_the_map_is_kept(
    client_as, therapist_a1
):
    data = {
        **marks(knee_posterior_medial__left=11, knee_posterior_lateral__left=11, gluteal_fold__right=4),
        "mark-gluteal_fold-right-quality": "aching",
    }
    response = client_as(therapist_a1).post(URL, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Intensity is 0 to 10." in html
    assert 'name="mark-gluteal_fold-right-intensity" id="id_mark-gluteal_fold-right-intensity"' in html
    assert 'value="4"' in html and 'value="11"' in html
    assert '<option value="aching" selected>' in html
    assert "Some entries on the pain map need correcting" in html


def test_text_where_a_number_belongs_is_refused_with_a_clear_message(client_as, therapist_a1):
    response = client_as(therapist_a1).post(URL, {"mark-knee_posterior_lateral-left-intensity": "severe"})

    assert response.status_code == 400
    assert "Enter a whole number from 0 to 10." in response.content.decode()


def test_the_differential_diagnoses_and_associated_muscles_come_with_the_candidates(client_as, therapist_a1):
    html = (
        client_as(therapist_a1)
        .post(URL, marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8))
        .content.decode()
    )

    assert "A hypothesis to examine by palpation, not a diagnosis." in html
    assert "Differential diagnoses to rule out" in html
    assert "Sciatica" in html
    assert "Associated muscles to examine" in html
    assert "Piriformis" in html


def test_differentials_follow_the_library_as_it_is_published_and_unpublished(client_as, therapist_a1):
    """The differentials are kept per library version: a change a curator publishes shows at once."""
    from reference.models import Muscle, Status
    from tests.reference.builders import make_condition

    client = client_as(therapist_a1)
    pain = marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8)
    assert "Aardvark syndrome" not in client.post(URL, pain).content.decode()
    hamstrings = list(Muscle.objects.filter(slug__in=["semimembranosus", "biceps-femoris"]))
    added = make_condition(name="Aardvark syndrome", muscles=hamstrings)

    html = client.post(URL, pain).content.decode()
    listed = html[html.index("Differential diagnoses to rule out") :]
    assert listed.count("Aardvark syndrome") == 1  # linked to two candidate muscles, listed once
    # As relevant as sciatica (the same candidates point to both, no painful region where sciatica typically
    # hurts): the library's order decides, and the new entry sorts first.
    assert listed.index("Aardvark syndrome") < listed.index("Sciatica")

    added.status = Status.DRAFT
    added.save()
    assert "Aardvark syndrome" not in client.post(URL, pain).content.decode()


def test_choosing_a_candidate_draws_its_referral_pattern_on_the_chart(client_as, therapist_a1):
    client = client_as(therapist_a1)
    first = client.post(URL, marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8))
    key = first_candidate(first).key

    html = client.post(
        URL, {**marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8), "show": key}
    ).content.decode()

    essential = 'class="region is-marked intensity-8 zone-essential"'
    assert f'data-region="knee_posterior_lateral" data-side="left" {essential}' in html
    assert 'data-region="knee_posterior_lateral" data-side="right" class="region"' in html


def test_the_fragment_returns_only_the_candidates(client_as, therapist_a1):
    response = client_as(therapist_a1).post(
        FRAGMENT, marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8)
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "Biceps femoris" in html


@pytest.mark.parametrize("persona", ["therapist_a1", "admin_a", "therapist_b", "curator"])
def test_clinicians_and_curators_may_use_it(client_as, personas, persona):
    assert client_as(personas[persona]).get(URL).status_code == 200


def test_reception_may_not(client_as, reception_a):
    client = client_as(reception_a)

    assert client.get(URL).status_code == 403
    assert (
        client.post(
            FRAGMENT, marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8)
        ).status_code
        == 403
    )


def test_queries_do_not_grow_with_the_number_of_marked_regions(
    client_as, therapist_a1, django_assert_num_queries
):
    client = client_as(therapist_a1)
    client.post(
        FRAGMENT, marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8)
    )  # warm the session and the library index
    one_mark = marks(knee_posterior_medial__left=8, knee_posterior_lateral__left=8)
    many_marks = marks(
        knee_posterior_medial__left=8,
        knee_posterior_lateral__left=8,
        knee_posterior_medial__right=4,
        knee_posterior_lateral__right=4,
        gluteal_fold__left=7,
        gluteal_fold__right=2,
        post_thigh_middle_medial__left=3,
        post_thigh_distal_medial__left=3,
        calf_medial_upper__left=3,
        achilles__left=2,
        shoulder_posterior__right=5,
        lumbar_spine__midline=4,
    )
    with CaptureQueriesContext(connection) as few:
        client.post(FRAGMENT, one_mark)
    with django_assert_num_queries(len(few.captured_queries)):
        client.post(FRAGMENT, many_marks)
    # session, user, membership, library version: the index, differentials and associations are kept per
    # library version (reference.library_cache), and the session is written at most once a minute
    # (clinic.middleware.SlidingSessionMiddleware)
    assert len(few.captured_queries) == 4


def test_the_page_runs_a_fixed_number_of_queries_blank_or_with_any_map(
    client_as, therapist_a1, django_assert_num_queries
):
    client = client_as(therapist_a1)
    client.get(URL)  # warm the session
    # The blank page: session, user, membership. Nothing is marked, so no rule or index is read.
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
    client.post(URL, marks(knee_posterior_lateral__left=8))  # warm the library index and the rules
    # A drawn map: session, user, membership and the library version (the index, the rules, differentials
    # and associations are kept per library version), however many regions and ticks.
    for data in (
        marks(knee_posterior_lateral__left=8),
        {
            **marks(gluteal_fold__right=7, calf_medial__left=3, lumbar_spine__midline=4),
            "screen": ["calf_swelling"],
        },
    ):
        with django_assert_num_queries(4):
            assert client.post(URL, data).status_code == 200


def test_the_screening_inputs_keep_what_was_ticked_and_mark_a_refused_answer(client_as, therapist_a1):
    """The checklist is drawn by hand (reference.screening.ScreeningForm.options), as Django's widgets did."""
    html = client_as(therapist_a1).post(URL, {"screen": ["calf_swelling"], "pain_course": "constant"}).content
    html = html.decode()
    checkbox = 'type="checkbox" name="screen" value="calf_swelling" class="form-check-input" id="id_screen_5"'
    assert f"<input {checkbox} checked>" in html
    radio = 'type="radio" name="pain_course" value="{}" class="form-check-input" id="id_pain_course_{}"'
    assert f"<input {radio.format('constant', 1)} checked>" in html
    assert f"<input {radio.format('', 0)}>" in html
    refused = client_as(therapist_a1).post(URL, {"screen": ["calf_swelling", "made_up"]})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'id="id_screen_5" aria-invalid="true" checked>' in page
    assert "is not a question on the checklist" in page


def test_the_navigation_offers_the_page_to_clinicians_but_not_reception(client_as, therapist_a1, reception_a):
    assert URL in client_as(therapist_a1).get("/").content.decode()
    assert URL not in client_as(reception_a).get("/").content.decode()


def test_the_headings_never_skip_a_level(client_as, therapist_a1):
    """Screen-reader users move by headings: the pain map's "Marked regions" (h3) sits under an h2 here as
    it does in the visit editor (a Nu checker error otherwise)."""
    import re
    from itertools import pairwise

    browser = client_as(therapist_a1)
    for response in (browser.get(URL), browser.post(URL, marks(knee_posterior_lateral__left=6))):
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", response.content.decode())]
        assert levels[0] == 1
        assert all(later - earlier <= 1 for earlier, later in pairwise(levels)), levels


def test_the_empty_map_is_drawn_once_and_a_marked_map_every_time(client_as, therapist_a1):
    from reference.pain_map import PainMapForm, render_pain_map_views

    browser = client_as(therapist_a1)
    first = browser.get(URL)
    again = browser.get(URL)
    assert first.context["pain_map_views"] is again.context["pain_map_views"]  # kept, not drawn again
    assert first.content == again.content.replace(
        again.context["csrf_token"].encode(), first.context["csrf_token"].encode()
    )

    marked = browser.post(URL, marks(gluteal_fold__right=8))
    svg = "".join(view["svg"] for view in marked.context["pain_map_views"])
    assert "is-marked intensity-8" in svg  # drawn for this map
    empty_again = render_pain_map_views(PainMapForm(), marks=[])
    assert empty_again is first.context["pain_map_views"]
    assert "is-marked" not in "".join(view["svg"] for view in empty_again)

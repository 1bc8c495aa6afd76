"""Pain maps a clinician would draw, run through `suggest_trigger_points --json` on the shipped library.

The library ranks on Travell & Simons' corrected biceps femoris pattern; semimembranosus and semitendinosus
share one pattern and come as one grouped candidate.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SM_ST = "Semimembranosus and Semitendinosus"
BF = "Biceps femoris"
HYPOTHESIS = "A hypothesis to examine by palpation, not a diagnosis."


def suggest(*marks) -> dict:
    out = StringIO()
    call_command("suggest_trigger_points", *marks, "--json", stdout=out)
    return json.loads(out.getvalue())


def ranking(document) -> list[tuple]:
    return [(c["rank_label"], c["muscle"], c["side"]) for c in document["candidates"]]


def test_one_painful_gluteal_fold_does_not_outrank_the_whole_textbook_pattern():
    one = suggest("gluteal_fold:right:8")["candidates"][0]
    whole = suggest(
        "gluteal_fold:right:8",
        "ischial_tuberosity:right:8",
        "gluteal:right:7",
        "post_thigh_proximal_medial:right:5",
        "post_thigh_middle_medial:right:5",
        "post_thigh_distal_medial:right:4",
        "knee_posterior_medial:right:4",  # v2: the medial half of the back of the knee is in the pattern
        "calf_medial_upper:right:3",
    )["candidates"][0]

    assert one["muscle"] == whole["muscle"] == SM_ST
    assert one["score"] < whole["score"]
    # v2: the gluteal fold's essential zone also covers the sitting bone (ischial tuberosity).
    assert one["explanation"] == "explains 100 % of the pain; 1 of 3 essential zones painful"
    assert whole["explanation"].startswith("explains 100 % of the pain; 3 of 3 essential zones painful")


def test_posterolateral_thigh_pain_now_yields_biceps_femoris():
    document = suggest("post_thigh_middle_lateral:left:6", "post_thigh_distal_lateral:left:5")

    top = document["candidates"][0]
    assert (top["muscle"], top["side"], top["rank_label"]) == (BF, "left", "1")
    assert top["explains_spillover"] == [
        "Posterior thigh, middle lateral, left",
        "Posterior thigh, distal lateral, left",
    ]
    assert top["local_pain"] is True  # its trigger point lies in the distal lateral thigh


@pytest.mark.parametrize(
    "marks",
    [
        ("post_thigh_middle_medial:right:5",),
        ("calf_medial_upper:right:5",),
        ("post_thigh_distal_medial:right:5", "calf_medial_upper:right:4"),
    ],
)
def test_medial_thigh_or_calf_pain_no_longer_puts_biceps_femoris_first(marks):
    document = suggest(*marks)

    top = document["candidates"][0]
    assert top["muscle"] == SM_ST and top["shared_rank"] is False
    # Biceps femoris's posteromedial zones (the article's) are contradicted and count for nothing.
    assert all(c["muscle"] != BF or c["score"] < top["score"] for c in document["candidates"])


def test_biceps_femoris_shows_the_articles_posteromedial_wording_as_a_noted_discrepancy():
    document = suggest(
        "knee_posterior_medial:right:6", "knee_posterior_lateral:right:6", "post_thigh_middle_medial:right:4"
    )

    bf = next(c for c in document["candidates"] if c["muscle"] == BF)
    assert any("diffuse pain posteromedial legs" in note for note in bf["curation_notes"])
    assert any("contradicted by a second source, not counted" in note for note in bf["curation_notes"])
    assert bf["explains_adjacent"] == ["Posterior thigh, middle medial, right"]


def test_pain_behind_the_knee_points_to_biceps_femoris_on_that_side_only():
    document = suggest("knee_posterior_medial:left:8", "knee_posterior_lateral:left:8")

    assert ranking(document) == [("1", BF, "left"), ("2", SM_ST, "left")]
    # v2: the back of the knee is two regions, both in biceps femoris' essential zone.
    assert document["candidates"][0]["explanation"] == (
        "explains 100 % of the pain; 2 of 2 essential zones painful"
    )


def test_both_sides_give_candidates_on_each_side_with_equal_scores_sharing_a_rank():
    document = suggest(
        "knee_posterior_medial:left:6",
        "knee_posterior_lateral:left:6",
        "knee_posterior_medial:right:6",
        "knee_posterior_lateral:right:6",
    )

    left, right = document["candidates"][:2]
    assert {left["side"], right["side"]} == {"left", "right"}
    assert left["muscle"] == right["muscle"] == BF
    assert left["rank_label"] == right["rank_label"] == "=1"
    assert left["shared_rank"] and right["shared_rank"]
    assert left["explanation"].startswith("explains 50 % of the pain")


def test_semimembranosus_and_semitendinosus_are_one_grouped_candidate_listing_both():
    document = suggest("gluteal_fold:left:7")

    top = document["candidates"][0]
    assert [m["muscle"] for m in top["members"]] == ["Semimembranosus", "Semitendinosus"]
    assert [m["slug"] for m in top["members"]] == ["semimembranosus-trp", "semitendinosus-trp"]
    assert sum(1 for c in document["candidates"] if "Semitendinosus" in c["muscle"]) == 1


def test_neural_qualities_lower_confidence_and_the_explanation_says_so():
    aching = suggest("post_thigh_middle_lateral:right:6:aching", "calf_lateral_upper:right:5:aching")
    tingling = suggest("post_thigh_middle_lateral:right:6:tingling", "calf_lateral_upper:right:5:numb")

    assert aching["candidates"][0]["muscle"] == tingling["candidates"][0]["muscle"] == BF
    assert tingling["candidates"][0]["score"] == pytest.approx(aching["candidates"][0]["score"] / 2, abs=0.01)
    note = tingling["candidates"][0]["quality_note"]
    assert "Tingling, numb pain makes up 100 % of what it explains" in note
    assert "Screen for nerve involvement" in note
    assert "tingling and numb pain, unusual for trigger points" in tingling["candidates"][0]["explanation"]
    assert "typically" in aching["candidates"][0]["quality_note"]


def test_a_vascular_like_calf_and_knee_pattern_lists_the_knee_differentials_first():
    document = suggest(
        "calf_medial_upper:left:7", "knee_posterior_medial:left:5", "knee_posterior_lateral:left:5"
    )

    assert [c["muscle"] for c in document["candidates"][:2]] == [BF, SM_ST]
    names = [d["name"] for d in document["differentials"]]
    # The Baker's cyst wording sits with the knee condition, and knee conditions fit this map best.
    assert names[0] == "Bursitic osteoarthritis of the knee"
    assert "Baker's cyst" in document["differentials"][0]["how_to_rule_out_and_when_to_refer"]


def test_widespread_pain_is_mostly_unexplained_and_scores_low():
    marks = [
        "neck_posterior:left:6",
        "shoulder_anterior:right:6",
        "lumbar_spine:midline:6",
        "forearm_anterior_proximal:left:6",
        "knee_anterior_medial:right:6",
        "post_thigh_middle_medial:left:6",
    ]
    document = suggest(*marks)

    top = document["candidates"][0]
    assert top["score"] < 0.2
    assert len(top["does_not_explain"]) >= 5


def test_no_match_names_the_library_scope():
    document = suggest("shoulder_anterior:left:5")

    assert document["candidates"] == []
    assert document["no_match"]["library_scope"] == ["Semimembranosus", "Semitendinosus", "Biceps femoris"]
    assert document["hypothesis_label"] == HYPOTHESIS


def test_every_candidate_carries_its_rank_score_words_label_and_curation():
    document = suggest("gluteal_fold:right:8", "post_thigh_middle_lateral:right:4")

    assert document["hypothesis_label"] == HYPOTHESIS
    for candidate in document["candidates"]:
        for key in (
            "rank",
            "rank_label",
            "shared_rank",
            "score",
            "explanation",
            "members",
            "quality_note",
            "curation_notes",
        ):
            assert key in candidate
        assert candidate["hypothesis_label"] == HYPOTHESIS
        assert any("Trigger point under review" in note for note in candidate["curation_notes"])


def test_differentials_are_ordered_by_relevance_each_with_its_own_text():
    document = suggest("post_thigh_middle_lateral:left:6", "calf_lateral_upper:left:5", "instep:left:4")

    differentials = document["differentials"]
    assert [d["name"] for d in differentials[:2]] == ["Sciatica", "Radiculopathy"] or [
        d["name"] for d in differentials[:2]
    ] == ["Radiculopathy", "Sciatica"]
    assert len({d["how_to_rule_out_and_when_to_refer"] for d in differentials}) == len(differentials)
    assert all(d["curation"] == "Library wording" for d in differentials)
    relevance = [d["relevance"] for d in differentials]
    assert relevance == sorted(relevance, reverse=True)


def test_associated_muscles_are_listed_once_with_the_candidates_that_point_to_them():
    document = suggest(
        "gluteal_fold:right:8", "knee_posterior_medial:right:6", "knee_posterior_lateral:right:6"
    )

    muscles = [a["muscle"] for a in document["associated_muscles"]]
    assert len(muscles) == len(set(muscles)) == 8
    piriformis = next(a for a in document["associated_muscles"] if a["muscle"] == "Piriformis")
    assert sorted(piriformis["pointed_to_by"]) == ["Biceps femoris", "Semimembranosus", "Semitendinosus"]


def test_the_text_output_says_what_the_number_means_and_the_hypothesis_label():
    out = StringIO()
    call_command(
        "suggest_trigger_points",
        "knee_posterior_medial:left:8",
        "knee_posterior_lateral:left:8",
        "calf_lateral_upper:left:4:aching",
        stdout=out,
    )
    text = out.getvalue()

    # Red flags come first (back of the knee with calf pain asks to rule out a DVT), then the candidates.
    assert text.startswith("RED FLAGS (1)")
    assert "\nCandidates: a hypothesis to examine by palpation, not a diagnosis.\n" in text
    assert "explains 100 % of the pain; 2 of 2 essential zones painful" in text
    assert "Differential diagnoses to rule out (most relevant first):" in text


def test_a_differential_a_red_flag_points_to_comes_first_with_the_flag_named():
    """A dermatomal, tingling map fires the radiculopathy flag: the hamstrings' sciatica and radiculopathy
    differentials then lead the list (5th and 6th by candidates alone), the flags that point there named."""
    document = suggest(
        "gluteal:left:4",
        "post_thigh_middle_lateral:left:5",
        "calf_lateral_upper:left:6:tingling",
        "instep:left:3:numb",
    )

    assert document["flags"][0]["rule"] == "lumbosacral-radiculopathy"
    radiculopathy_flag = document["flags"][0]["name"]
    first, second, *rest = document["differentials"]
    assert {first["slug"], second["slug"]} == {"sciatica", "radiculopathy"}
    assert radiculopathy_flag in first["red_flags"] and radiculopathy_flag in second["red_flags"]
    assert all(d["red_flags"] == [] for d in rest)


def test_without_a_flag_the_differentials_keep_their_order_by_relevance():
    document = suggest("gluteal_fold:left:8", "post_thigh_middle_medial:left:5")

    assert document["flags"] == []
    relevance = [d["relevance"] for d in document["differentials"]]
    assert relevance == sorted(relevance, reverse=True)
    assert all(d["red_flags"] == [] for d in document["differentials"])

"""Every seeded red-flag rule, fired (or not) by pain maps and screening answers as a clinician would enter
them; the flags come most urgent first, each saying why it fired."""

import pytest
from django.core.exceptions import ValidationError

from reference.models import RedFlagRule, Status
from reference.red_flag_triggers import region_groups, validate_triggers
from reference.red_flags import fired_flags
from reference.screening import Screening
from reference.suggest import PainMark
from reference.versioning import current_library_version

pytestmark = pytest.mark.django_db


def flags(*marks, answers=(), pain_course="", night_pain=False):
    screening = Screening.of(answers, pain_course=pain_course, night_pain=night_pain)
    return fired_flags(list(marks), screening, chart_version=1)


def slugs(*marks, **screening):
    return [flag.slug for flag in flags(*marks, **screening)]


def mark(code, side="left", intensity=6, quality=""):
    return PainMark(region=code, side=side, intensity=intensity, quality=quality)


def test_a_plain_hamstring_map_fires_no_flag():
    assert (
        slugs(
            mark("gluteal_fold", intensity=7, quality="aching"),
            mark("post_thigh_proximal_medial", intensity=5, quality="aching"),
            mark("post_thigh_middle_medial", intensity=4),
            mark("post_thigh_middle_medial", side="right", intensity=2),
        )
        == []
    )


def test_medial_calf_and_back_of_knee_with_calf_swelling_is_an_urgent_dvt_referral_first():
    fired = flags(mark("calf_medial"), mark("popliteal_fossa", intensity=5), answers=["calf_swelling"])

    assert [f.slug for f in fired] == [
        "dvt-calf-pain-with-risk-factor",
        "bakers-cyst-knee-and-calf-swelling",
        "calf-and-back-of-knee-vascular-screen",
    ]
    dvt = fired[0]
    assert dvt.urgency == "urgent_referral" and "Do not massage" in dvt.message
    assert dvt.reasons == ("pain at Calf, medial, left", "checklist: calf swelling, warmth or redness")
    assert [c.slug for c in dvt.conditions] == ["deep-vein-thrombosis", "ruptured-bakers-cyst"]
    assert "Wells PS" in dvt.source and dvt.message_is_library_wording


def test_calf_and_back_of_knee_pain_alone_asks_to_screen_for_a_clot_before_treating():
    fired = flags(mark("calf_medial"), mark("popliteal_fossa"))

    assert [(f.slug, f.urgency) for f in fired] == [("calf-and-back-of-knee-vascular-screen", "rule_out")]


@pytest.mark.parametrize("answer", ["surgery_or_travel", "cancer_history", "anticoagulants"])
def test_calf_pain_with_any_dvt_risk_factor_is_an_urgent_referral(answer):
    assert "dvt-calf-pain-with-risk-factor" in slugs(mark("calf_lateral", side="right"), answers=[answer])


def test_back_of_knee_pain_with_calf_swelling_is_a_possible_ruptured_bakers_cyst():
    assert slugs(mark("popliteal_fossa", side="right"), answers=["calf_swelling"]) == [
        "bakers-cyst-knee-and-calf-swelling"
    ]


def test_pain_in_both_legs_with_saddle_numbness_is_an_emergency_shown_first():
    fired = flags(
        mark("post_thigh_middle_lateral"),
        mark("calf_lateral", side="right"),
        answers=["saddle_numbness", "calf_swelling"],
    )

    assert fired[0].slug == "cauda-equina-syndrome" and fired[0].urgency == "emergency"
    assert fired[0].urgency_rank == 0 and fired[0].alert_class == "danger"
    assert [f.urgency_rank for f in fired] == sorted(f.urgency_rank for f in fired)


def test_both_legs_with_progressive_weakness_is_cauda_equina_but_one_leg_is_an_urgent_referral():
    both = slugs(mark("calf_lateral"), mark("calf_lateral", side="right"), answers=["progressive_weakness"])
    one = slugs(mark("calf_lateral"), answers=["progressive_weakness"])

    assert both[0] == "cauda-equina-syndrome" and "progressive-neurological-deficit" in both
    assert one == ["progressive-neurological-deficit"]
    assert (
        "pain in both legs: Calf, lateral, left; Calf, lateral, right"
        in flags(mark("calf_lateral"), mark("calf_lateral", side="right"), answers=["progressive_weakness"])[
            0
        ].reasons
    )


@pytest.mark.parametrize("answer", ["bladder_bowel_change", "saddle_numbness"])
def test_saddle_numbness_or_a_bladder_change_is_an_emergency_even_without_a_map(answer):
    assert slugs(answers=[answer]) == ["cauda-equina-syndrome"]


def test_a_dermatomal_strip_with_tingling_raises_the_radiculopathy_screen():
    fired = flags(
        mark("gluteal", intensity=4),
        mark("post_thigh_middle_lateral", intensity=5),
        mark("calf_lateral", intensity=6, quality="tingling"),
        mark("foot_dorsum", intensity=3, quality="numb"),
    )

    assert [f.slug for f in fired] == ["lumbosacral-radiculopathy", "neural-quality-screen"]
    why = " | ".join(fired[0].reasons)
    assert "L5/S1 dermatomal strip on the left" in why and "tingling pain at Calf, lateral, left" in why


def test_a_dermatomal_strip_of_deep_aching_pain_fires_nothing():
    assert slugs(mark("gluteal", quality="aching"), mark("calf_lateral", quality="aching")) == []


@pytest.mark.parametrize("quality", ["tingling", "numb", "burning", "electric"])
def test_each_neural_quality_raises_the_neural_screening_prompt(quality):
    fired = flags(mark("post_thigh_middle_medial", quality=quality))

    assert [(f.slug, f.urgency) for f in fired] == [("neural-quality-screen", "consider")]
    assert fired[0].reasons == (f"{quality} pain at Posterior thigh, middle medial, left",)


def test_pain_in_four_of_five_body_areas_is_widespread_pain():
    four = flags(
        mark("neck_posterior"),
        mark("arm_anterior"),
        mark("arm_anterior", side="right"),
        mark("calf_medial", side="right"),
    )

    assert [f.slug for f in four] == ["widespread-pain"]
    assert four[0].reasons == ("pain in 4 of 5 body areas (left upper, right upper, right lower, axial)",)
    assert "wolfe" not in four[0].slug and "Wolfe F" in four[0].source


def test_pain_in_three_body_areas_is_not_widespread():
    assert slugs(mark("neck_posterior"), mark("arm_anterior"), mark("calf_medial", side="right")) == []


def test_a_pop_with_buttock_pain_is_a_possible_proximal_hamstring_avulsion():
    fired = flags(mark("gluteal_fold", intensity=8), answers=["pop_or_trauma"])

    assert [f.slug for f in fired] == ["proximal-hamstring-avulsion", "significant-trauma"]
    assert "imaging" in fired[0].message


def test_trauma_away_from_the_hamstring_origin_only_asks_to_rule_out_injury():
    assert slugs(mark("calf_medial"), answers=["pop_or_trauma"]) == ["significant-trauma"]


def test_calf_pain_on_walking_eased_by_rest_is_possible_claudication():
    assert slugs(mark("calf_medial"), answers=["claudication"]) == ["vascular-claudication"]


def test_night_pain_not_eased_by_rest_asks_to_rule_out_serious_pathology():
    fired = flags(mark("post_thigh_middle_medial"), answers=["night_pain_unrelieved"])

    assert [(f.slug, f.urgency) for f in fired] == [("night-pain-not-eased", "rule_out")]
    assert [c.slug for c in fired[0].conditions] == ["serious-pathology"]


def test_constant_pain_at_night_on_the_pain_map_counts_too_but_night_pain_alone_does_not():
    thigh = mark("post_thigh_middle_medial")

    assert slugs(thigh, pain_course="constant", night_pain=True) == ["night-pain-not-eased"]
    assert slugs(thigh, pain_course="intermittent", night_pain=True) == []


def test_fever_or_weight_loss_is_an_urgent_referral_and_cancer_history_a_rule_out():
    assert flags(answers=["fever_or_weight_loss"])[0].urgency == "urgent_referral"
    assert [(f.slug, f.urgency) for f in flags(mark("gluteal"), answers=["cancer_history"])] == [
        ("history-of-cancer", "rule_out")
    ]


def test_unpublished_rules_do_not_fire_and_the_cache_follows_the_library_version():
    assert slugs(answers=["claudication"]) == ["vascular-claudication"]
    rule = RedFlagRule.objects.get(slug="vascular-claudication")
    rule.status = Status.DRAFT
    rule.save()

    assert slugs(answers=["claudication"]) == []


def test_evaluating_costs_no_query_while_the_library_is_unchanged(django_assert_num_queries):
    version = current_library_version()
    screening = Screening.of(["calf_swelling"])
    fired_flags([mark("calf_medial")], screening, chart_version=1, library_version=version)

    with django_assert_num_queries(0):
        fired = fired_flags(
            [mark("calf_medial")], Screening.of(["calf_swelling"]), chart_version=1, library_version=version
        )
    assert fired


def test_zero_intensity_marks_do_not_fire_rules():
    assert slugs(mark("calf_medial", intensity=0), mark("popliteal_fossa", intensity=0)) == []


def test_every_seeded_rule_is_published_cited_and_valid():
    rules = list(RedFlagRule.objects.all())

    assert len(rules) == 14
    for rule in rules:
        rule.full_clean()
        assert rule.is_published and rule.message_is_library_wording and rule.conditions.exists()


@pytest.mark.parametrize(
    ("triggers", "problem"),
    [
        ({"all": []}, "a list of 1 to 20 conditions"),
        ({"answer": "nope"}, "unknown checklist answer 'nope'"),
        ({"pattern": "spiral"}, "unknown pattern 'spiral'"),
        ({"mark": {"regions": ["kneecap"]}}, "unknown region code(s) kneecap"),
        ({"mark": {"qualities": ["itchy"]}}, "unknown quality(ies) itchy"),
        ({"mark": {"sides": ["up"]}}, "unknown side(s) up"),
        ({"mark": {}}, "one or more of regions, group, sides, qualities"),
        ({"answer": "claudication", "pattern": "widespread"}, "exactly one key"),
        ({"all": [{"all": [{"all": [{"all": [{"all": [{"answer": "x"}]}]}]}]}]}, "nest at most 4 deep"),
        ("calf", "exactly one key"),
    ],
)
def test_malformed_triggers_are_refused_saying_where(triggers, problem):
    with pytest.raises(ValidationError) as raised:
        validate_triggers(triggers)

    assert any(problem in message for message in raised.value.messages)


def test_the_region_groups_name_only_chart_regions_and_the_five_acr_areas():
    groups = region_groups(1)

    assert [area.name for area in groups.widespread_areas] == [
        "left upper",
        "right upper",
        "left lower",
        "right lower",
        "axial",
    ]
    assert groups.widespread_minimum == 4
    assert "calf_lateral" in groups.dermatome_below and "post_thigh_middle_lateral" in groups.dermatome_above
    assert not groups.groups["upper_limb"] & groups.groups["lower_limb"]
    assert not groups.groups["axial"] & (groups.groups["upper_limb"] | groups.groups["lower_limb"])


def test_the_benchmarks_generated_rules_are_valid_and_evaluate(db):
    import random

    from reference.management.commands.bench_suggest import random_pain_maps, random_screening, seed_rules
    from reference.models import Source

    Source.objects.create(key="bench-synthetic", title="Synthetic benchmark library")
    rng = random.Random(7)
    seed_rules(rng, count=20)

    generated = RedFlagRule.objects.filter(slug__startswith="bench-rule-")
    assert generated.count() == 20
    for rule in generated:
        rule.full_clean()
    maps = random_pain_maps(rng, count=20, max_marks=20)
    fired = [fired_flags(m, random_screening(rng), chart_version=1) for m in maps]
    assert any(any(f.slug.startswith("bench-rule-") for f in flags) for flags in fired)

"""export_reference prints the whole library; import_reference loads it back, all or nothing."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from reference.library_file import SECTION_NAMES, export_library
from reference.models import (
    BodyRegion,
    Citation,
    Condition,
    Muscle,
    MuscleAssociation,
    MuscleGroup,
    MusclePart,
    PerpetuatingFactor,
    RedFlagRule,
    ReferralZone,
    SelfHelp,
    Source,
    Status,
    Symptom,
    Technique,
    TriggerPoint,
)
from reference.versioning import current_library_version

pytestmark = pytest.mark.django_db


def export_text() -> str:
    from io import StringIO

    out = StringIO()
    call_command("export_reference", "--format", "json", stdout=out)
    return out.getvalue()


def import_file(tmp_path, document, name="library.json") -> str:
    from io import StringIO

    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    out = StringIO()
    call_command("import_reference", str(path), stdout=out)
    return out.getvalue()


def empty_the_library():
    for muscle in Muscle.objects.all():
        muscle.antagonists.clear()
    for model in (
        RedFlagRule,
        Citation,
        ReferralZone,
        TriggerPoint,
        MuscleAssociation,
        Symptom,
        PerpetuatingFactor,
        Condition,
        Technique,
        SelfHelp,
        MusclePart,
        Muscle,
        MuscleGroup,
        Source,
        BodyRegion,
    ):
        model.objects.all().delete()


def test_the_export_holds_every_section_with_statuses_sources_regions_and_notes():
    document = json.loads(export_text())

    assert document["format"] == "clinic-reference-library" and document["format_version"] == 1
    assert set(SECTION_NAMES) <= set(document)
    assert len(document["body_regions"]) == BodyRegion.objects.count()
    biceps = next(m for m in document["muscles"] if m["slug"] == "biceps-femoris")
    assert biceps["status"] == "published" and biceps["source"] == "hinds-hamstrings"
    # The quadriceps is a group, not a muscle standing in for one (reference migration 0013).
    assert biceps["group"] == "hamstrings" and biceps["antagonists"] == []
    assert biceps["antagonist_groups"] == ["quadriceps"]
    assert "head of bula" in biceps["curator_note"]
    zone = next(
        z
        for z in document["referral_zones"]
        if z["trigger_point"] == "biceps-femoris-trp" and z["kind"] == "essential"
    )
    assert zone["region"] == {"chart_version": 2, "code": "knee_posterior_lateral"}
    psle = next(f for f in document["perpetuating_factors"] if f["slug"] == "psle")
    assert psle["needs_review"] is True
    assert next(m for m in document["muscles"] if m["slug"] == "piriformis")["status"] == "draft"
    assert "id" not in biceps and "pk" not in biceps


def test_export_then_import_into_an_empty_library_then_export_gives_the_same_document(tmp_path):
    before = export_text()
    empty_the_library()
    assert Muscle.objects.count() == 0 and BodyRegion.objects.count() == 0

    output = import_file(tmp_path, before)

    assert "Imported library.json" in output
    assert export_text() == before
    # The article's five zones (four kept as contradicted) and Travell & Simons' five, on chart v2: the back
    # of the knee in two halves and the medial calf in thirds (the contradicted calf zone) make thirteen.
    assert Muscle.objects.get(slug="biceps-femoris").trigger_points.get().zones.count() == 13
    assert Citation.objects.count() > 0


def biceps_femoris_zone(document, code):
    return next(
        z
        for z in document["referral_zones"]
        if z["trigger_point"] == "biceps-femoris-trp" and z["region"]["code"] == code
    )


def test_the_export_holds_curation_states_discrepancies_and_every_citation_with_its_locator():
    document = json.loads(export_text())

    medial = biceps_femoris_zone(document, "post_thigh_middle_medial")
    assert medial["contradicted"] is True and "posteromedial" in medial["discrepancy_note"]
    assert [c["source"] for c in medial["citations"]] == ["hinds-hamstrings", "travell-simons-1992-vol2"]
    assert medial["citations"][1]["locator"] == "ch. 16, Hamstring muscles"
    lateral = biceps_femoris_zone(document, "post_thigh_middle_lateral")
    assert lateral["source"] == "travell-simons-1992-vol2" and lateral["wording"] == "interpreted"
    sciatica = next(c for c in document["conditions"] if c["slug"] == "sciatica")
    assert sciatica["wording"] == "library" and "gluteal" in sciatica["presenting_regions"]


def test_an_import_replaces_an_entrys_citations_and_a_bad_citation_changes_nothing(tmp_path):
    document = json.loads(export_text())
    zone = biceps_femoris_zone(document, "knee_posterior_lateral")
    zone["citations"] = [{"source": "travell-simons-1992-vol2", "locator": "ch. 16, Fig. 16.1", "note": ""}]

    import_file(tmp_path, document)

    stored = ReferralZone.objects.get(
        trigger_point__slug="biceps-femoris-trp", region__code="knee_posterior_lateral"
    )
    assert [(c.source.key, c.locator) for c in stored.citations.all()] == [
        ("travell-simons-1992-vol2", "ch. 16, Fig. 16.1")
    ]

    before, version = export_text(), current_library_version()
    bad = json.loads(before)
    biceps_femoris_zone(bad, "knee_posterior_lateral")["citations"] = [
        {"source": "no-such-book", "locator": "p. 1"}
    ]
    biceps_femoris_zone(bad, "calf_lateral_upper")["note"] = "changed before the bad entry"
    with pytest.raises(CommandError, match='citations\\[0\\]: source: no source "no-such-book"'):
        import_file(tmp_path, bad)
    assert export_text() == before and current_library_version() == version


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    document = export_text()
    version = current_library_version()

    output = import_file(tmp_path, document)

    assert "0 created, 0 updated" in output
    assert current_library_version() == version
    assert export_text() == document


def test_an_import_updates_entries_by_their_keys_and_moves_the_version_once(tmp_path):
    document = json.loads(export_text())
    zone = next(
        z
        for z in document["referral_zones"]
        if z["trigger_point"] == "biceps-femoris-trp" and z["region"]["code"] == "calf_medial_upper"
    )
    zone["kind"] = "essential"
    zone["note"] = "Confirmed"
    symptom = next(s for s in document["symptoms"] if s["slug"] == "pain-worse-on-sitting")
    symptom["name"] = "Pain worse when sitting"
    version = current_library_version()

    output = import_file(tmp_path, document)

    assert "2 updated" in output
    assert current_library_version() == version + 1
    saved = ReferralZone.objects.get(
        trigger_point__slug="biceps-femoris-trp", region__code="calf_medial_upper"
    )
    assert (saved.kind, saved.note) == ("essential", "Confirmed")
    assert saved.history.first().history_change_reason == "import_reference library.json"
    assert Symptom.objects.get(slug="pain-worse-on-sitting").name == "Pain worse when sitting"


def test_an_import_adds_new_entries_and_leaves_entries_not_in_the_file_alone(tmp_path):
    document = {
        "format": "clinic-reference-library",
        "format_version": 1,
        "symptoms": [
            {
                "slug": "night-pain",
                "name": "Night pain",
                "source": "hinds-hamstrings",
                "status": "draft",
                "muscles": ["semitendinosus"],
            }
        ],
    }

    import_file(tmp_path, document)

    night = Symptom.objects.get(slug="night-pain")
    assert night.status == Status.DRAFT and [m.slug for m in night.muscles.all()] == ["semitendinosus"]
    assert Symptom.objects.count() == 6
    assert current_library_version() == 1  # a draft is not visible


def run_import_expecting_failure(tmp_path, document) -> str:
    before = export_text()
    version = current_library_version()
    with pytest.raises(CommandError) as raised:
        import_file(tmp_path, document)
    assert raised.value.returncode == 2
    assert export_text() == before, "a failed import must change nothing"
    assert current_library_version() == version
    return str(raised.value)


def test_a_bad_entry_is_named_and_nothing_is_half_imported(tmp_path):
    document = json.loads(export_text())
    # Earlier entries in the file are valid changes; they must not survive the failure.
    document["sources"][0]["note"] = "Changed before the bad entry"
    next(g for g in document["muscle_groups"] if g["slug"] == "hamstrings")["name"] = "Renamed"
    next(m for m in document["muscles"] if m["slug"] == "semitendinosus")["origin"] = ""

    message = run_import_expecting_failure(tmp_path, document)

    assert 'muscle "Semitendinosus": origin: This field cannot be blank.' in message
    assert "Nothing imported." in message
    assert MuscleGroup.objects.get(slug="hamstrings").name == "Hamstrings"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["referral_zones"][0].update(kind="strong"), "referral zone"),
        (
            lambda d: d["referral_zones"][0].update(region={"chart_version": 1, "code": "nowhere"}),
            'no body region "nowhere (chart version 1)"',
        ),
        (
            lambda d: d["trigger_points"][0].update(muscle="no-such-muscle"),
            'muscle: no muscle "no-such-muscle"',
        ),
        (lambda d: d["techniques"][0].update(invasive="yes"), "invasive: must be true or false."),
        (lambda d: d["techniques"][0].update(parameters=[{"name": "x"}]), "parameters:"),
        (lambda d: d["symptoms"][0].update(colour="red"), "unknown field(s) colour"),
        (lambda d: d["symptoms"].append(copy.deepcopy(d["symptoms"][0])), "listed twice in the file"),
        (lambda d: d["muscles"][0].update(antagonists=["ghost"]), 'antagonists: no muscle "ghost"'),
        (
            lambda d: d["body_regions"][0].update(sided=not d["body_regions"][0]["sided"]),
            "never changes meaning",
        ),
        (lambda d: d.update(format="something else"), "Not a reference library file"),
        (lambda d: d.update(extras=[]), "Unknown section(s): extras"),
        (lambda d: d.update(muscles={"not": "a list"}), 'Section "muscles" must be a list'),
        (lambda d: d["muscles"][0].pop("slug"), "slug: missing."),
        (lambda d: d["muscles"][0].update(status="secret"), "status:"),
        (
            lambda d: d["red_flag_rules"][0].update(triggers={"answer": "feels_odd"}),
            "unknown checklist answer 'feels_odd'",
        ),
        (
            lambda d: d["red_flag_rules"][0].update(triggers={"mark": {"group": "elbows"}}),
            "unknown group 'elbows'",
        ),
        (lambda d: d["red_flag_rules"][0].update(urgency="whenever"), "urgency:"),
        (lambda d: d["red_flag_rules"][0].update(conditions=["ghost"]), 'conditions: no condition "ghost"'),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(tmp_path, change, expected):
    document = json.loads(export_text())
    change(document)

    assert expected in run_import_expecting_failure(tmp_path, document)


def test_a_file_that_is_not_json_is_refused(tmp_path):
    message = run_import_expecting_failure(tmp_path, '{"format": "clinic-reference-library", ')
    assert "not valid JSON" in message and "line 1" in message


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("import_reference", str(tmp_path / "missing.json"))
    assert raised.value.returncode == 2
    assert "Cannot read" in str(raised.value)


def test_the_export_is_deterministic_and_uses_keys_not_ids():
    first = export_library()
    assert export_library() == first
    for entry in first["muscle_associations"]:
        # A muscle or a group, by its slug; never both.
        targets = [entry["to_muscle"], entry["to_group"]]
        assert isinstance(entry["from_muscle"], str) and [type(t) for t in targets].count(str) == 1


def test_red_flag_rules_travel_with_their_triggers_conditions_and_sources(tmp_path):
    document = json.loads(export_text())
    rule = next(r for r in document["red_flag_rules"] if r["slug"] == "cauda-equina-syndrome")
    assert rule["urgency"] == "emergency" and rule["source"] == "nice-ng59"
    assert rule["conditions"] == ["cauda-equina-syndrome"] and rule["message_is_library_wording"] is True
    assert {"answer": "saddle_numbness"} in rule["triggers"]["any"]

    rule["message"] = "Edited in the file."
    import_file(tmp_path, document)

    assert RedFlagRule.objects.get(slug="cauda-equina-syndrome").message == "Edited in the file."


def test_a_bad_red_flag_rule_changes_nothing(tmp_path):
    document = json.loads(export_text())
    document["red_flag_rules"][0]["message"] = "Changed before the bad entry"
    document["red_flag_rules"][1]["triggers"] = {"all": []}
    before = export_text()

    message = run_import_expecting_failure(tmp_path, document)

    assert "red-flag rule" in message and "a list of 1 to 20 conditions" in message
    assert export_text() == before


def test_the_deeper_trigger_point_fields_and_association_roles_make_the_round_trip(tmp_path):
    trigger_point = TriggerPoint.objects.get(slug="biceps-femoris-trp")
    trigger_point.depth = "deep"
    trigger_point.palpation = "pincer"
    trigger_point.referral_laterality = "both"
    trigger_point.examination_tests = "Straight-leg raise limited"
    trigger_point.entrapment = "None recorded"
    trigger_point.save()
    association = MuscleAssociation.objects.filter(from_muscle__slug="biceps-femoris").first()
    association.role = "key"
    association.save()
    before = export_text()
    document = json.loads(before)
    exported = next(t for t in document["trigger_points"] if t["slug"] == "biceps-femoris-trp")
    assert exported["depth"] == "deep" and exported["palpation"] == "pincer"
    assert exported["referral_laterality"] == "both" and "Sciatic nerve" in exported["needling_hazards"]
    assert exported["needling_hazards_wording"] == "library"

    empty_the_library()
    import_file(tmp_path, before)

    assert export_text() == before
    restored = TriggerPoint.objects.get(slug="biceps-femoris-trp")
    assert restored.palpation == "pincer" and "popliteal" in restored.needling_hazards


def test_an_unknown_palpation_method_changes_nothing(tmp_path):
    document = json.loads(export_text())
    next(t for t in document["trigger_points"] if t["slug"] == "semitendinosus-trp")["palpation"] = "squeeze"

    message = run_import_expecting_failure(tmp_path, document)

    assert "palpation" in message and "Nothing imported." in message


def test_groups_heads_synergists_and_inherited_innervation_make_the_round_trip(tmp_path):
    before = export_text()
    document = json.loads(before)
    biceps = next(m for m in document["muscles"] if m["slug"] == "biceps-femoris")
    assert biceps["innervation_from_group"] is True
    assert biceps["synergists"] == ["gastrocnemius", "popliteus", "semimembranosus", "semitendinosus"]
    assert biceps["synergist_groups"] == ["gluteal-muscles"]
    hamstrings = next(g for g in document["muscle_groups"] if g["slug"] == "hamstrings")
    assert hamstrings["spinal_segments"] == "L4, L5, S1, S2, S3"
    heads = [p for p in document["muscle_parts"] if p["muscle"] == "biceps-femoris"]
    assert [p["name"] for p in heads] == ["Long head", "Short head"]
    to_group = [a for a in document["muscle_associations"] if a["to_group"] == "gluteal-muscles"]
    assert {a["from_muscle"] for a in to_group} == {"biceps-femoris", "semimembranosus", "semitendinosus"}
    assert all(a["to_muscle"] is None for a in to_group)
    assert not any(m["slug"] in ("quadriceps", "gluteal-muscles") for m in document["muscles"])

    empty_the_library()
    import_file(tmp_path, before)

    assert export_text() == before
    assert MusclePart.objects.get(slug="biceps-femoris-short-head").muscle.slug == "biceps-femoris"


def test_a_head_of_an_unknown_muscle_changes_nothing(tmp_path):
    document = json.loads(export_text())
    document["muscle_groups"][0]["description"] = "Changed before the bad entry"
    document["muscle_parts"][0]["muscle"] = "no-such-muscle"
    before = export_text()

    message = run_import_expecting_failure(tmp_path, document)

    assert 'head or part "Long head": muscle: no muscle "no-such-muscle"' in message
    assert "Nothing imported." in message
    assert export_text() == before


def test_an_association_naming_both_a_muscle_and_a_group_changes_nothing(tmp_path):
    document = json.loads(export_text())
    association = next(a for a in document["muscle_associations"] if a["to_group"] == "gluteal-muscles")
    association["to_muscle"] = "piriformis"
    before = export_text()

    message = run_import_expecting_failure(tmp_path, document)

    assert "Associate either a muscle or a group." in message
    assert export_text() == before

"""The therapist's working screen: start a visit, map the pain, add findings, log techniques and needling."""

from records.models import AccessLogEntry, Action, Finding, FindingStatus, Visit, VisitPainMark, VisitStatus
from reference.models import TechniqueKind
from tests.visits.builders import (
    BICEPS_FEMORIS,
    add_finding,
    add_mark,
    initial_forms,
    make_visit,
    page_data,
    param,
    row,
    sign,
    technique,
    trigger_point,
)


def test_a_therapist_starts_a_visit_from_the_client_page(client_as, therapist_a1, patient):
    browser = client_as(therapist_a1)
    assert "Start a visit" in browser.get(patient.get_absolute_url()).content.decode()

    response = browser.post(f"/clients/{patient.pk}/visits/new/")

    visit = Visit.objects.get(client=patient)
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert (visit.status, visit.therapist, visit.clinic_id) == (
        VisitStatus.DRAFT,
        therapist_a1,
        patient.clinic_id,
    )


def test_a_new_visit_can_start_from_the_last_visits_map(client_as, therapist_a1, patient):
    earlier = make_visit(patient, therapist_a1)
    add_mark(earlier, "knee_posterior_lateral", "left", 7, "aching")
    add_mark(earlier, "gluteal_fold", "right", 3, "")
    sign(earlier)
    browser = client_as(therapist_a1)
    assert "Start from last visit" in browser.get(f"/clients/{patient.pk}/visits/new/").content.decode()

    browser.post(f"/clients/{patient.pk}/visits/new/", {"copy_from": str(earlier.pk)})

    visit = Visit.objects.exclude(pk=earlier.pk).get()
    copied = sorted((m.region.code, m.side, m.intensity, m.quality) for m in visit.pain_marks.all())
    assert copied == [("gluteal_fold", "right", 3, ""), ("knee_posterior_lateral", "left", 7, "aching")]
    assert earlier.pain_marks.count() == 2


def test_an_archived_client_cannot_get_a_new_visit(client_as, therapist_a1, patient):
    patient.archive(by=therapist_a1)
    client_as(therapist_a1).post(f"/clients/{patient.pk}/visits/new/")
    assert not Visit.objects.exists()


def test_the_page_has_every_section_and_the_needling_precautions(client_as, therapist_a1, needling_draft):
    html = client_as(therapist_a1).get(needling_draft.get_absolute_url()).content.decode()

    for heading in (
        "Subjective",
        "Pain map",
        "Candidate trigger points",
        "Findings",
        "Techniques applied",
        "Dry needling",
        "Adverse events",
        "Self-help and perpetuating factors",
        "Assessment and plan",
    ):
        assert heading in html
    assert "Needling precautions for Sam Okafor" in html and "Diabetes" in html
    assert html.index("Needling precautions for") < html.index('name="needling-0-needles_inserted"')


def test_viewing_a_visit_is_recorded_in_the_access_log(client_as, therapist_a2, draft):
    client_as(therapist_a2).get(draft.get_absolute_url())
    entry = AccessLogEntry.objects.get(action=Action.VIEW_VISIT)
    assert (entry.user, entry.client) == (therapist_a2, draft.client)


def test_saving_the_pain_map_stores_rows_and_replaces_them(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    data = page_data(draft)
    data.update(
        {
            "mark-knee_posterior_lateral-left-intensity": "7",
            "mark-knee_posterior_lateral-left-quality": "aching",
            "mark-gluteal_fold-right-intensity": "4",
        }
    )
    assert browser.post(draft.get_absolute_url(), data).status_code == 302
    assert sorted(draft.pain_marks.values_list("region__code", "side", "intensity")) == [
        ("gluteal_fold", "right", 4),
        ("knee_posterior_lateral", "left", 7),
    ]
    kept = draft.pain_marks.get(region__code="knee_posterior_lateral")

    data = page_data(draft)
    del data["mark-gluteal_fold-right-intensity"]
    data["mark-knee_posterior_lateral-left-intensity"] = "5"
    browser.post(draft.get_absolute_url(), data)

    assert list(draft.pain_marks.values_list("pk", "intensity")) == [(kept.pk, 5)]
    assert VisitPainMark.history.filter(id=kept.pk).count() == 2


def test_the_candidates_beside_the_map_offer_add_as_finding(client_as, therapist_a1, draft):
    add_mark(draft, "knee_posterior_lateral", "left", 8)
    add_mark(draft, "knee_posterior_medial", "left", 8)  # chart v2: the whole back of the knee is two halves
    html = client_as(therapist_a1).get(draft.get_absolute_url()).content.decode()
    key = f"{trigger_point(BICEPS_FEMORIS).pk}:left"
    assert f'name="add_candidate" value="{key}"' in html
    assert "A hypothesis to examine by palpation, not a diagnosis" in html
    assert "2 of 2 essential zones painful" in html  # the score put in words
    # Semimembranosus and semitendinosus come as one entry with a button for each muscle.
    assert "Add as finding: Semimembranosus" in html and "Add as finding: Semitendinosus" in html

    fragment = client_as(therapist_a1).post(
        f"/clients/visits/{draft.pk}/candidates/", {"mark-knee_posterior_lateral-right-intensity": "6"}
    )
    assert fragment.status_code == 200
    assert f'value="{trigger_point(BICEPS_FEMORIS).pk}:right"' in fragment.content.decode()
    assert "Add as finding" in fragment.content.decode()


def test_add_as_finding_saves_the_page_and_adds_a_suspected_finding_once(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    tp = trigger_point(BICEPS_FEMORIS)
    data = page_data(draft)
    data.update(
        {
            "mark-knee_posterior_lateral-left-intensity": "8",
            "plan": "typed before adding",
            "add_candidate": f"{tp.pk}:left",
        }
    )

    response = browser.post(draft.get_absolute_url(), data)

    assert response["Location"].endswith("#findings")
    finding = Finding.objects.get(visit=draft)
    assert (finding.trigger_point, finding.side, finding.status) == (tp, "left", FindingStatus.SUSPECTED)
    draft.refresh_from_db()
    assert draft.plan == "typed before adding"
    browser.post(draft.get_absolute_url(), {**page_data(draft), "add_candidate": f"{tp.pk}:left"})
    assert Finding.objects.filter(visit=draft).count() == 1


def test_a_finding_is_added_by_hand_from_the_library_and_confirmed(client_as, therapist_a1, draft):
    browser = client_as(therapist_a1)
    tp = trigger_point("semitendinosus-trp")
    data = page_data(draft)
    data.update(row("findings", 0, trigger_point=tp.pk, side="right", status="suspected", spot_tenderness=2))
    browser.post(draft.get_absolute_url(), data)
    finding = Finding.objects.get(visit=draft)

    data = page_data(draft)
    data.update(
        {
            "findings-0-status": "confirmed",
            "findings-0-taut_band": "on",
            "findings-0-jump_sign": "on",
            "findings-0-pain_recognised": "on",
            "findings-0-activity": "active",
        }
    )
    browser.post(draft.get_absolute_url(), data)

    finding.refresh_from_db()
    assert (
        finding.status,
        finding.taut_band,
        finding.jump_sign,
        finding.pain_recognised,
        finding.activity,
    ) == ("confirmed", True, True, True, "active")


def test_compression_and_met_are_logged_with_their_own_parameters(client_as, therapist_a1, draft):
    finding = add_finding(draft)
    data = page_data(draft)
    compression, met = technique(TechniqueKind.COMPRESSION), technique(TechniqueKind.MUSCLE_ENERGY)
    data.update(
        row(
            "techniques",
            0,
            technique=compression.pk,
            finding=finding.pk,
            side="left",
            **{
                param("compression", "pressure"): "firm",
                param("compression", "hold_seconds"): 60,
                param("compression", "repetitions"): 3,
            },
            nrs_before=6,
            nrs_after=3,
        )
    )
    data.update(
        row(
            "techniques",
            1,
            technique=met.pk,
            side="left",
            **{
                param("muscle_energy", "effort_percent"): 20,
                param("muscle_energy", "hold_seconds"): 7,
                param("muscle_energy", "repetitions"): 3,
            },
        )
    )

    response = client_as(therapist_a1).post(draft.get_absolute_url(), data)

    assert response.status_code == 302
    logged = {t.technique.kind: t for t in draft.techniques.select_related("technique")}
    assert logged["compression"].parameters == {"pressure": "firm", "hold_seconds": 60, "repetitions": 3}
    assert logged["compression"].finding == finding and logged["compression"].nrs_after == 3
    assert logged["muscle_energy"].parameters == {"effort_percent": 20, "hold_seconds": 7, "repetitions": 3}
    note = client_as(therapist_a1).get(f"/clients/visits/{draft.pk}/print/").content.decode()
    assert "Hold (seconds): 60 s" in note and "Contraction effort (%): 20 %" in note
    # Back on the editing screen each row shows its own technique's values, the other groups empty.
    editing = client_as(therapist_a1).get(draft.get_absolute_url()).content.decode()
    hold = param("compression", "hold_seconds")
    assert f'name="techniques-0-{hold}" value="60"' in editing
    assert f'name="techniques-1-{param("muscle_energy", "effort_percent")}" value="20"' in editing
    assert f'name="techniques-1-{hold}" min=' in editing  # no value: blank in the MET row


def test_without_a_script_every_techniques_parameters_are_labelled_with_their_technique(
    client_as, therapist_a1, draft
):
    html = client_as(therapist_a1).get(draft.get_absolute_url()).content.decode()
    assert "Compression: Pressure" in html and "Muscle energy techniques: Contraction effort (%)" in html
    assert "Wet needling (not loggable: outside scope of practice)" in html


def test_dry_needling_is_logged_per_site_with_consent(client_as, therapist_a1, needling_draft):
    tp = trigger_point(BICEPS_FEMORIS)
    data = page_data(needling_draft)
    data.update(
        row(
            "needling",
            0,
            trigger_point=tp.pk,
            side="left",
            technique=technique("dry_needling").pk,
            method="pistoning",
            needles_inserted=3,
            needles_removed=3,
            gauge_mm="0.25",
            length_mm=50,
            depth_mm=30,
            dwell_seconds=30,
            local_twitch_responses=2,
            tolerance="good",
        )
    )
    data["sharps_disposal_confirmed"] = "on"

    assert client_as(therapist_a1).post(needling_draft.get_absolute_url(), data).status_code == 302

    site = needling_draft.needling_sites.get()
    assert (site.needles_inserted, site.needles_removed, site.local_twitch_responses) == (3, 3, 2)


def test_a_finding_removed_from_the_draft_is_gone_and_history_keeps_it(client_as, therapist_a1, draft):
    finding = add_finding(draft)
    data = page_data(draft)
    data["findings-0-DELETE"] = "on"
    client_as(therapist_a1).post(draft.get_absolute_url(), data)
    assert not Finding.objects.filter(pk=finding.pk).exists()
    assert Finding.history.filter(id=finding.pk, history_type="-").get().history_user == therapist_a1


def test_saving_records_history_with_the_user(client_as, therapist_a1, draft):
    data = page_data(draft)
    data["assessment"] = "Active biceps femoris TrP, left"
    client_as(therapist_a1).post(draft.get_absolute_url(), data)
    latest = draft.history.latest()
    assert (latest.assessment, latest.history_user) == ("Active biceps femoris TrP, left", therapist_a1)
    assert initial_forms(page_data(draft), "findings") == 0


def test_without_a_script_show_referral_pattern_saves_and_draws_the_pattern(client_as, therapist_a1, draft):
    key = f"{trigger_point(BICEPS_FEMORIS).pk}:left"
    data = {**page_data(draft), "mark-knee_posterior_lateral-left-intensity": "7", "show": key}

    response = client_as(therapist_a1).post(draft.get_absolute_url(), data)

    assert response.status_code == 302 and response["Location"].endswith(f"?show={key}#candidates")
    html = client_as(therapist_a1).get(response["Location"]).content.decode()
    assert "zone-essential" in html
    assert draft.pain_marks.get().intensity == 7


def test_self_help_and_perpetuating_factors_are_chosen_from_the_library_and_shown_ticked(
    client_as, therapist_a1, draft
):
    from reference.models import PerpetuatingFactor, SelfHelp

    advice = list(SelfHelp.objects.published().order_by("pk"))
    factor = PerpetuatingFactor.objects.published().order_by("pk").first()
    data = page_data(draft)
    data.update({"self_help": [str(advice[1].pk)], "perpetuating_factors": [str(factor.pk)]})
    browser = client_as(therapist_a1)

    assert browser.post(draft.get_absolute_url(), data).status_code == 302

    assert list(draft.self_help.all()) == [advice[1]]
    assert list(draft.perpetuating_factors.all()) == [factor]
    html = browser.get(draft.get_absolute_url()).content.decode()
    assert f'name="self_help" value="{advice[1].pk}" id="id_self_help_1" checked>' in html
    assert f'name="self_help" value="{advice[0].pk}" id="id_self_help_0">' in html
    assert f'name="perpetuating_factors" value="{factor.pk}" id="id_perpetuating_factors_0" checked>' in html
    # Unticking them all clears them.
    data = page_data(draft)
    del data["self_help"], data["perpetuating_factors"]
    browser.post(draft.get_absolute_url(), data)
    assert not draft.self_help.exists() and not draft.perpetuating_factors.exists()

"""Visits recorded on body chart v1 after the move to v2: shown exactly as recorded, read through the
crosswalk when a new visit starts from them or the suggestions read them."""

from __future__ import annotations

from records.models import Visit
from reference.body_chart import load_chart
from reference.pain_map import PainMapForm
from reference.pain_map_views import candidates_context
from tests.visits.builders import add_mark, make_visit, sign


def signed_on_v1(patient, therapist):
    visit = make_visit(patient, therapist, chart_version=1)
    add_mark(visit, "popliteal_fossa", "left", 6, "aching")
    add_mark(visit, "calf_medial", "left", 3, "")
    return sign(visit)


def test_a_visit_signed_on_v1_shows_what_was_recorded_on_the_v1_chart(client_as, therapist_a1, patient):
    visit = signed_on_v1(patient, therapist_a1)
    browser = client_as(therapist_a1)

    note = browser.get(visit.get_absolute_url()).content.decode()
    assert "Back of knee (popliteal fossa), left: 6/10, aching" in note
    assert "Calf, medial, left: 3/10" in note
    assert "body chart version 1" in note

    page = browser.get(patient.get_absolute_url()).content.decode()
    last_map = page.split("data-last-map")[1]
    assert 'data-region="popliteal_fossa"' in last_map
    assert "knee_posterior_medial" not in last_map


def test_a_new_visit_from_a_v1_map_starts_on_v2_with_every_part_marked(client_as, therapist_a1, patient):
    earlier = signed_on_v1(patient, therapist_a1)

    client_as(therapist_a1).post(f"/clients/{patient.pk}/visits/new/", {"copy_last_map": "1"})

    visit = Visit.objects.exclude(pk=earlier.pk).get()
    assert visit.chart_version == 2
    copied = sorted(
        (m.region.chart_version, m.region.code, m.side, m.intensity) for m in visit.pain_marks.all()
    )
    assert copied == [
        (2, "calf_medial_lower", "left", 3),
        (2, "calf_medial_middle", "left", 3),
        (2, "calf_medial_upper", "left", 3),
        (2, "knee_posterior_lateral", "left", 6),
        (2, "knee_posterior_medial", "left", 6),
    ]


def test_suggestions_for_a_v1_map_read_it_on_v2(db):
    form = PainMapForm({"mark-popliteal_fossa-left-intensity": "7"}, chart=load_chart(1))
    assert form.is_valid()

    candidates = candidates_context(form)["candidates"]

    assert candidates[0].muscle_name == "Biceps femoris"
    assert "Back of knee, lateral, left" in candidates[0].explained_essential_labels

"""Starting a visit: an open draft is offered first; the last *signed* visit's map is previewed, with its
date and therapist, before it is copied; with nothing to choose the client page starts the visit itself."""

from datetime import timedelta

from django.utils import timezone

from records.models import Visit
from tests.visits.builders import add_mark, make_visit, sign


def start_url(client) -> str:
    return f"/clients/{client.pk}/visits/new/"


def test_the_start_page_previews_the_last_signed_map_and_copies_that_one(
    client_as, therapist_a1, therapist_a2, patient
):
    now = timezone.now()
    signed = make_visit(patient, therapist_a2, started_at=now - timedelta(days=9))
    add_mark(signed, "knee_posterior_lateral", "left", 7, "aching")
    add_mark(signed, "gluteal_fold", "right", 3, "")
    sign(signed)
    # A newer visit's map that was never signed is not what a new visit starts from.
    unsigned = make_visit(patient, therapist_a2, started_at=now - timedelta(days=2))
    add_mark(unsigned, "calf_medial_upper", "left", 9)
    therapist_a2.first_name, therapist_a2.last_name = "Noor", "Haddad"
    therapist_a2.save()

    browser = client_as(therapist_a1)
    html = browser.get(start_url(patient)).content.decode()
    preview = html.split("data-previous-map")[1].split("</section>")[0]
    assert f"{timezone.localtime(signed.started_at):%d/%m/%Y}" in preview and "Noor Haddad" in preview
    assert "Back of knee, lateral, left: 7/10, aching" in preview
    marks = preview.split("data-previous-marks")[1]
    assert marks.count("<li>") == 2 and "calf" not in marks.lower()
    assert 'data-region="knee_posterior_lateral"' in preview  # the small chart, drawn without script
    assert "Open draft by a colleague" in html  # therapist_a2's draft is mentioned, not offered

    response = browser.post(start_url(patient), {"copy_from": str(signed.pk)})
    visit = Visit.objects.get(therapist=therapist_a1)
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    copied = sorted((m.region.code, m.side, m.intensity, m.quality) for m in visit.pain_marks.all())
    assert copied == [("gluteal_fold", "right", 3, ""), ("knee_posterior_lateral", "left", 7, "aching")]


def test_a_map_signed_after_the_preview_is_not_copied_in_its_place(client_as, therapist_a1, patient):
    older = make_visit(patient, therapist_a1, started_at=timezone.now() - timedelta(days=9))
    add_mark(older, "knee_posterior_lateral", "left", 7)
    sign(older)
    newer = make_visit(patient, therapist_a1, started_at=timezone.now() - timedelta(days=1))
    add_mark(newer, "calf_medial_upper", "left", 4)
    sign(newer)

    browser = client_as(therapist_a1)
    response = browser.post(start_url(patient), {"copy_from": str(older.pk)}, follow=True)
    assert Visit.objects.count() == 2  # nothing started
    assert "the last visit&#x27;s map changed" in response.content.decode()
    assert response.redirect_chain[-1][0] == start_url(patient)


def test_with_a_draft_open_the_start_page_offers_to_open_it(client_as, therapist_a1, patient):
    draft = make_visit(patient, therapist_a1)
    browser = client_as(therapist_a1)
    html = browser.get(start_url(patient)).content.decode()
    offer = html.split("data-open-drafts")[1].split("</div>\n</div>")[0]
    assert f'href="{draft.get_absolute_url()}"' in offer and "Open the draft of" in offer
    assert "Start another visit" in html

    # The client page sends the therapist to that choice rather than starting a second draft directly.
    client_page = browser.get(patient.get_absolute_url()).content.decode()
    assert f'<a class="btn btn-primary" href="{start_url(patient)}">Start a visit</a>' in client_page


def test_with_nothing_to_choose_the_client_page_starts_the_visit_in_one_tap(client_as, therapist_a1, patient):
    browser = client_as(therapist_a1)
    client_page = browser.get(patient.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{start_url(patient)}">' in client_page
    response = browser.post(start_url(patient))
    assert response["Location"] == Visit.objects.get().get_absolute_url()

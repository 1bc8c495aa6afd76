"""Every episode and check-in page renders under the strict CSP: nothing inline, every form field labelled."""

import re

import pytest

from clinic.dates import local_date
from tests.outcomes.builders import make_check_in
from tests.visits.builders import make_visit

pytestmark = pytest.mark.django_db

PAGES = [
    "/clients/{client}/episodes/new/",
    "/clients/episodes/{episode}/edit/",
    "/clients/episodes/{episode}/discharge/",
    "/clients/episodes/{episode}/check-ins/new/",
    "/clients/check-ins/{draft}/",
    "/clients/check-ins/{draft}/edit/",
    "/clients/check-ins/{draft}/discard/",
    "/clients/check-ins/{signed}/",
    "/clients/check-ins/{in_visit}/",
    "/clients/visits/{visit}/check-in/",
    "/clients/visits/{visit}/",
    "/clients/{client}/visits/new/",
]


@pytest.mark.parametrize("url", PAGES)
def test_the_page_renders_with_no_inline_script_or_style(client_as, therapist_a1, episode, url):
    visit = make_visit(episode.client, therapist_a1, episode=episode)
    in_visit = make_check_in(episode, therapist_a1, visit=visit, recorded_on=local_date(visit.started_at))
    draft = make_check_in(episode, therapist_a1, usual_pain_week=3)
    signed = make_check_in(episode, therapist_a1, usual_pain_week=2)
    signed.sign(by=therapist_a1)
    ids = {
        "client": episode.client_id,
        "episode": episode.pk,
        "draft": draft.pk,
        "signed": signed.pk,
        "in_visit": in_visit.pk,
        "visit": visit.pk,
    }
    response = client_as(therapist_a1).get(url.format(**ids))
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)
    # Every input a person fills in has a label (for= its id, or around it).
    for match in re.finditer(r"<input[^>]*>", html):
        tag = match.group(0)
        if 'type="hidden"' in tag:
            continue
        input_id = re.search(r'id="([^"]+)"', tag)
        assert input_id, tag
        labelled = f'for="{input_id.group(1)}"' in html or html[: match.start()].rfind("<label") > html[
            : match.start()
        ].rfind("</label>")
        assert labelled, tag

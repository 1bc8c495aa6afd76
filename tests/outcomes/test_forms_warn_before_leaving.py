"""Every form a therapist types clinical entries into asks before the page is left with them unsaved: the
form is marked ``data-warn-unsaved`` and the page loads static/js/leave-warning.js (which the Chromium tests
of the check-in form, the visit editor and the client form drive)."""

import re

import pytest
from django.urls import reverse

from tests.outcomes.builders import make_check_in
from tests.records.builders import make_consent
from tests.visits.builders import make_visit

pytestmark = pytest.mark.django_db

LEAVE_WARNING = re.compile(r'<script src="[^"]*js/leave-warning(\.[0-9a-f]+)?\.js" defer>')


def page_urls(runner, episode, therapist):
    check_in = make_check_in(episode, therapist)
    signed_check_in = make_check_in(episode, therapist)
    signed_check_in.sign(by=therapist)
    consent = make_consent(runner, by=therapist)
    draft = make_visit(runner, therapist)
    return {
        "new episode": reverse("records:episode_new", args=[runner.pk]),
        "edit episode": reverse("records:episode_edit", args=[episode.pk]),
        "discharge": reverse("records:episode_discharge", args=[episode.pk]),
        "new check-in": reverse("records:check_in_new", args=[episode.pk]),
        "edit check-in": reverse("records:check_in_edit", args=[check_in.pk]),
        "discard check-in": reverse("records:check_in_discard", args=[check_in.pk]),
        "check-in addendum": reverse("records:check_in_detail", args=[signed_check_in.pk]),
        "discard visit": reverse("records:visit_discard", args=[draft.pk]),
        "withdraw consent": reverse("records:consent_withdraw", args=[runner.pk, consent.pk]),
    }


def test_each_clinical_form_warns_before_leaving_unsaved(client_as, therapist_a1, runner, episode):
    urls = page_urls(runner, episode, therapist_a1)
    browser = client_as(therapist_a1)
    missing = {}
    for name, url in urls.items():
        response = browser.get(url)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        if "data-warn-unsaved" not in html or not LEAVE_WARNING.search(html):
            missing[name] = url
    assert missing == {}

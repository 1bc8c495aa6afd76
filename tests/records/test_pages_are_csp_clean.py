"""Every records page renders for a clinic admin under the strict CSP: nothing inline."""

import re

import pytest

from tests.records.builders import make_consent

PAGES = [
    "/clients/",
    "/clients/?q=zoe&status=all",
    "/clients/new/",
    "/clients/{pk}/",
    "/clients/{pk}/edit/",
    "/clients/{pk}/archive/",
    "/clients/{pk}/restore/",
    "/clients/{pk}/history/",
    "/clients/{pk}/access-log/",
    "/clients/{pk}/consents/new/",
    "/clients/{pk}/consents/{consent}/withdraw/",
    "/clients/access-log/",
    "/clients/consent-kinds/",
]


@pytest.mark.parametrize("url", PAGES)
def test_the_page_renders_with_no_inline_script_or_style(client_as, admin_a, therapist_a1, client_a, url):
    consent = make_consent(client_a, by=therapist_a1)
    response = client_as(admin_a).get(url.format(pk=client_a.pk, consent=consent.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "Content-Security-Policy" in response.headers

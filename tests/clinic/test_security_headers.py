"""A strict Content-Security-Policy and the usual security headers on every page; nothing inline."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
PAGES_FOR_A_SIGNED_IN_ADMIN = [
    "/",
    "/staff/",
    "/staff/new/",
    "/reference/",
    "/clients/",
    "/accounts/password_change/",
]
ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/password_reset/"]


def all_templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))
    for app in ("clinic", "records", "reference"):
        yield from sorted((Path(settings.BASE_DIR) / app).rglob("templates/**/*.html"))


def assert_strict_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", PAGES_FOR_A_SIGNED_IN_ADMIN)
def test_signed_in_pages_carry_the_policy_and_are_never_cached(client_as, admin_a, url):
    response = client_as(admin_a).get(url)

    assert response.status_code == 200
    assert_strict_headers(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_public_pages_carry_the_policy(client, url):
    assert_strict_headers(client.get(url))


@pytest.mark.parametrize("url", PAGES_FOR_A_SIGNED_IN_ADMIN)
def test_rendered_pages_have_no_inline_script_or_style(client_as, admin_a, url):
    html = client_as(admin_a).get(url).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> found"
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)


def test_no_template_has_an_inline_script_style_element_or_style_attribute():
    offenders = []
    for template in all_templates():
        text = template.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or "<style" in text
            or re.search(r"\sstyle\s*=", text)
        ):
            offenders.append(str(template))
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template} (inline event handler)")
    assert offenders == []
    assert len(list(all_templates())) > 10

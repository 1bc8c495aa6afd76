"""Browsers ask for /favicon.ico on every site: it answers with the app's icon, signed in or not."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_the_icon_without_signing_in(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith(".ico")
    assert "max-age" in response["Cache-Control"]
    # The static file it points to is found (WhiteNoise serves it, in tests too without collectstatic).
    assert finders.find("icons/favicon.ico")


def test_the_icon_is_ours_in_the_repository():
    icon = Path(settings.BASE_DIR) / "static" / "icons" / "favicon.ico"
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_pages_name_the_icon(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html and "favicon.ico" in html

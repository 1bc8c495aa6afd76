"""Every URL needs a login except a short allow-list; walking the URL conf means a new view cannot forget."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # A staff invitation's one-time link (clinic/invitations.py): the invited person has no password yet.
    "invitation_accept",
    "healthz",
    "favicon",
    # The admin's own login page: it only shows a sign-in form.
    "admin:login",
}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            child_ns = f"{namespace}{ns}:" if ns else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), name


def example_path(pattern: str) -> str:
    """Turn a route or regex into a concrete path with placeholder values."""
    path = re.sub(r"<(?:int:)?[a-z_]+>", "1", pattern)
    path = re.sub(r"<(?:path|str|slug|uuid):[a-z_]+>", "x", path)
    path = re.sub(r"\(\?P<[a-z_]+>[^)]*\)", "1", path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


ALL_ROUTES = sorted(set(walk(get_resolver().url_patterns)), key=lambda item: item[0])


@pytest.mark.django_db
@pytest.mark.parametrize(("pattern", "name"), ALL_ROUTES, ids=[route for route, _ in ALL_ROUTES])
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(client, pattern, name):
    if name in PUBLIC_URL_NAMES:
        pytest.skip("on the public allow-list")
    response = client.get(example_path(pattern))

    assert response.status_code == 302, f"{pattern} answered {response.status_code} without login"
    assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith(
        "/admin/login/"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password_reset/", "/healthz"])
def test_the_public_pages_open_without_login(client, url):
    assert client.get(url).status_code == 200


def test_the_walk_found_the_apps_pages():
    names = {name for _, name in ALL_ROUTES}
    assert {"dashboard", "staff_list", "reference:index", "records:client_list"} <= names

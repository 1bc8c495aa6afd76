"""Signing in through the real login form over HTTP, to get the session cookie wrk sends."""

import http.client
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.core.management.base import CommandError


def cookies_from(response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def sign_in(base_url: str, username: str, password: str) -> str:
    """Post the login form as a browser would; return the Cookie header of the signed-in session.

    The cookies carry the Secure flag (production settings); they are handled by hand because a cookie
    jar would not send them over plain HTTP.
    """
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    response.read()
    cookies = cookies_from(response)
    if "csrftoken" not in cookies:
        raise CommandError("The login page set no CSRF cookie", returncode=1)
    body = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": cookies["csrftoken"]}
    )
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
            "Referer": f"{base_url}/accounts/login/",
        },
    )
    response = connection.getresponse()
    response.read()
    cookies.update(cookies_from(response))
    if response.status != 302 or "sessionid" not in cookies:
        raise CommandError(f"Signing in as {username} failed (status {response.status})", returncode=1)
    return cookie_header(cookies)


def fetch(base_url: str, path: str, cookie: str) -> tuple[int, str]:
    """One GET with the session cookie: (status, Location) - to warm a page and check it answers 200."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    return response.status, response.headers.get("Location", "")

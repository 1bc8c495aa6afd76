"""Small screens: no page of the demo clinic scrolls sideways on a 390 px phone; the top bar stays one row
on a 768 px tablet; the visit editor's section bar shows that it scrolls."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from records.models import Client, Visit, VisitStatus
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def demo(browser_db):
    call_command("load_demo", stdout=io.StringIO())
    admin = get_user_model().objects.get(username="demo_admin")
    # The editor opens for a draft's own therapist only: whoever has one in the demo.
    therapist = Visit.objects.filter(status=VisitStatus.DRAFT).order_by("pk").first().therapist
    for user in (admin, therapist):
        user.set_password(PASSWORD)
        user.save()
    return admin, therapist


def signed_in_page(chromium_browser, live_server, user, viewport):
    context = chromium_browser.new_context(base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def main_pages(admin, therapist) -> list[tuple[str, object]]:
    """Every main page of the demo clinic, with who opens it (the draft's editor only for its therapist)."""
    client = (
        Client.objects.filter(clinic=admin.membership.clinic, consents__isnull=False, visits__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    signed = Visit.objects.filter(status=VisitStatus.SIGNED, clinic=client.clinic).order_by("pk").first()
    draft = Visit.objects.filter(status=VisitStatus.DRAFT, therapist=therapist).order_by("pk").first()
    consent = client.consents.first()
    membership = therapist.membership
    pages = [
        "/",
        "/clients/",
        "/clients/?q=ma",
        "/clients/new/",
        client.get_absolute_url(),
        f"/clients/{client.pk}/edit/",
        f"/clients/{client.pk}/archive/",
        f"/clients/{client.pk}/history/",
        f"/clients/{client.pk}/access-log/",
        f"/clients/{client.pk}/consents/new/",
        f"/clients/{client.pk}/consents/{consent.pk}/withdraw/",
        f"/clients/{client.pk}/visits/new/",
        signed.get_absolute_url(),
        f"/clients/visits/{signed.pk}/print/",
        f"/clients/visits/{signed.pk}/handout/",
        "/clients/access-log/",
        "/clients/consent-kinds/",
        "/clients/outcomes/",
        "/staff/",
        "/staff/new/",
        f"/staff/{membership.pk}/",
        "/staff/second-factor/",
        "/clinic/",
        "/reference/",
        "/reference/muscles/biceps-femoris/",
        "/reference/where-does-it-hurt/",
        "/account/security/",
        "/accounts/password_change/",
    ]
    return [(url, admin) for url in pages] + [
        (draft.get_absolute_url(), therapist),
        (f"/clients/visits/{draft.pk}/discard/", therapist),
    ]


def test_no_main_page_of_the_demo_clinic_scrolls_sideways_at_390_px(chromium_browser, live_server, demo):
    admin, therapist = demo
    pages = {user.pk: signed_in_page(chromium_browser, live_server, user, PHONE) for user in demo}
    too_wide = []
    for url, user in main_pages(admin, therapist):
        page = pages[user.pk]
        response = page.goto(url)
        assert response.status == 200, url
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            culprits = page.evaluate(
                """() => {
                    const clipped = (el) => {
                        for (let up = el.parentElement; up; up = up.parentElement) {
                            const overflow = getComputedStyle(up).overflowX;
                            if (['auto', 'scroll', 'hidden'].includes(overflow)) return true;
                        }
                        return false;
                    };
                    return [...document.querySelectorAll('body *')]
                        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
                        .filter((el) => !clipped(el))
                        .slice(0, 4).map((el) => el.tagName + '.' + el.className);
                }"""
            )
            too_wide.append(f"{url}: {width[0]} px wide at {width[1]} px ({culprits})")
    for page in pages.values():
        page.context.close()
    assert not too_wide, "\n".join(too_wide)


def test_the_top_bar_is_one_row_at_768_px(chromium_browser, live_server, demo):
    admin, _therapist = demo  # the admin is also a curator: the most links any user gets
    page = signed_in_page(chromium_browser, live_server, admin, TABLET)
    for url in ("/", "/clients/"):
        page.goto(url)
        tops = page.evaluate(
            """() => [...document.querySelectorAll('nav[aria-label=Main] .navbar-brand,'
                + ' nav[aria-label=Main] .navbar-toggler, nav[aria-label=Main] .navbar-nav > .nav-item')]
                .filter((el) => el.getClientRects().length)
                .map((el) => Math.round(el.getBoundingClientRect().top))"""
        )
        height = page.evaluate(
            "() => document.querySelector('nav[aria-label=Main]').getBoundingClientRect().height"
        )
        assert tops, url
        # One row: every visible item starts within a few pixels of the others, and the bar is one row tall.
        assert max(tops) - min(tops) <= 8, (url, tops)
        assert height < 80, (url, height)
    page.context.close()


def test_the_editors_section_bar_shows_that_it_scrolls(chromium_browser, live_server, demo):
    _admin, therapist = demo
    page = signed_in_page(chromium_browser, live_server, therapist, PHONE)
    draft = Visit.objects.filter(status=VisitStatus.DRAFT, therapist=therapist).order_by("pk").first()
    page.goto(draft.get_absolute_url())

    bar = page.locator("nav.visit-sections")
    overflow = bar.evaluate("(el) => el.scrollWidth > el.clientWidth")
    shading = bar.evaluate("(el) => getComputedStyle(el).backgroundImage")

    assert overflow  # at 390 px the sections do not fit: the bar scrolls
    # The edge where more sections wait is shaded (scroll shadows, CSS only), at either end as it scrolls.
    assert shading.count("radial-gradient") == 2 and shading.count("linear-gradient") == 2
    page.context.close()

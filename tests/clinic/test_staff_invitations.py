"""Staff invitations: a clinic admin invites by e-mail; the new person sets their own password through a
one-time, expiring link. No admin ever knows it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from clinic.invitations import INVITATIONS_PER_HOUR
from clinic.models import Membership, Role
from records.models import AccessLogEntry, Action

User = get_user_model()
INVITE = {
    "username": "new_therapist",
    "first_name": "Nadia",
    "last_name": "Nguyen",
    "email": "Nadia@Example.com",
    "role": Role.THERAPIST,
    "registration_number": "MYO-0042",
}
PASSPHRASE = "long enough passphrase 42"


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)


def accept(client, link: str, password: str = PASSPHRASE):
    """Follow the link as the invited person does: Django moves the token out of the URL, then the form."""
    form_page = client.get(link, follow=True)
    target = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    return client.post(target, {"new_password1": password, "new_password2": password})


def test_the_invited_person_sets_their_own_password_and_signs_in(client_as, admin_a, clinic_a, client):
    response = client_as(admin_a).post("/staff/new/", INVITE)

    assert response.status_code == 302
    user = User.objects.get(username="new_therapist")
    assert not user.has_usable_password()  # nobody knows a password: there is none yet
    membership = Membership.objects.get(user=user)
    assert (membership.clinic, membership.role, membership.registration_number) == (
        clinic_a,
        Role.THERAPIST,
        "MYO-0042",
    )
    [message] = mail.outbox
    assert message.to == ["nadia@example.com"] and clinic_a.name in message.subject
    assert "new_therapist" in message.body and PASSPHRASE not in message.body
    assert (
        AccessLogEntry.objects.filter(action=Action.INVITE_STAFF, user=admin_a, clinic=clinic_a).count() == 1
    )

    client.logout()
    assert accept(client, link_in(message)).status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSPHRASE)
    assert AccessLogEntry.objects.filter(action=Action.ACCEPT_INVITATION, clinic=clinic_a).exists()
    assert (
        client.post("/accounts/login/", {"username": "new_therapist", "password": PASSPHRASE}).status_code
        == 302
    )


def test_the_link_works_once(client_as, admin_a, client):
    client_as(admin_a).post("/staff/new/", INVITE)
    link = link_in(mail.outbox[0])
    client.logout()
    accept(client, link)

    again = client.get(link, follow=True)

    assert "This invitation link no longer works" in again.content.decode()
    assert accept(client, link, "another long passphrase 7").status_code == 200
    assert User.objects.get(username="new_therapist").check_password(PASSPHRASE)


def test_the_link_expires(client_as, admin_a, client):
    browser = client_as(admin_a)
    sent = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT, hours=1)
    with time_machine.travel(sent, tick=False):
        browser.post("/staff/new/", INVITE)
    link = link_in(mail.outbox[0])
    client.logout()

    response = client.get(link, follow=True)

    assert "This invitation link no longer works" in response.content.decode()
    assert not User.objects.get(username="new_therapist").has_usable_password()


def test_a_password_reset_link_does_not_open_an_invitation_nor_does_forgot_password_reach_the_account(
    client_as, admin_a, client
):
    from django.contrib.auth.tokens import default_token_generator

    client_as(admin_a).post("/staff/new/", INVITE)
    user = User.objects.get(username="new_therapist")
    uid = link_in(mail.outbox[0]).split("/")[3]
    client.logout()

    response = client.get(
        f"/accounts/invitation/{uid}/{default_token_generator.make_token(user)}/", follow=True
    )
    assert "This invitation link no longer works" in response.content.decode()
    client.post("/accounts/password_reset/", {"email": "nadia@example.com"})
    assert len(mail.outbox) == 1  # only the invitation: an account awaiting its first password gets no reset


def test_a_weak_password_is_refused_by_the_field(client_as, admin_a, client):
    client_as(admin_a).post("/staff/new/", INVITE)
    client.logout()
    response = accept(client, link_in(mail.outbox[0]), "short")
    assert response.status_code == 200 and "at least 12 characters" in response.content.decode()


def test_a_clinic_admin_sends_the_invitation_again_with_a_new_link(client_as, admin_a):
    browser = client_as(admin_a)
    browser.post("/staff/new/", INVITE)
    membership = Membership.objects.get(user__username="new_therapist")
    assert "Send the invitation again" in browser.get(f"/staff/{membership.pk}/").content.decode()

    assert browser.post(f"/staff/{membership.pk}/invite/").status_code == 302

    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["nadia@example.com"]


def test_no_invitation_again_once_the_password_is_set(client_as, admin_a, therapist_a1):
    response = client_as(admin_a).post(f"/staff/{therapist_a1.membership.pk}/invite/", follow=True)
    assert "has set a password already" in response.content.decode()
    assert not mail.outbox


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a"])
def test_reception_and_therapists_cannot_invite(client_as, personas, persona, therapist_a2):
    browser = client_as(personas[persona])
    assert browser.post("/staff/new/", INVITE).status_code == 403
    assert browser.post(f"/staff/{therapist_a2.membership.pk}/invite/").status_code == 403
    assert not User.objects.filter(username="new_therapist").exists() and not mail.outbox


def test_a_clinic_sends_at_most_so_many_invitations_an_hour(client_as, admin_a):
    browser = client_as(admin_a)
    for n in range(INVITATIONS_PER_HOUR):
        browser.post("/staff/new/", INVITE | {"username": f"user{n}", "email": f"user{n}@example.com"})
    assert len(mail.outbox) == INVITATIONS_PER_HOUR

    response = browser.post("/staff/new/", INVITE)

    assert response.status_code == 200
    assert "the most it may" in response.content.decode()
    assert not User.objects.filter(username="new_therapist").exists()
    assert len(mail.outbox) == INVITATIONS_PER_HOUR

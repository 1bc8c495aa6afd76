"""Signing in with a second factor: who must, the code page, set-up, recovery codes, lockout, reset, log."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import Role, SecondFactorLockout
from records.models import AccessLogEntry, Action
from tests.builders import PASSWORD, authenticator_code, make_user, wrong_code_for
from tests.conftest import give_authenticator

LOGIN = "/accounts/login/"
VERIFY = "/account/second-factor/"
ENROL = "/account/second-factor/set-up/"
SECURITY = "/account/security/"
RENEW = "/account/security/recovery-codes/"


def sign_in(client, user, address="10.0.0.1", next_url="/"):
    response = client.post(
        LOGIN, {"username": user.username, "password": PASSWORD, "next": next_url}, REMOTE_ADDR=address
    )
    assert response.status_code == 302, "the password step failed"
    return client


def enter(client, code, next_url="/", address="10.0.0.1"):
    return client.post(VERIFY, {"code": code, "next": next_url}, REMOTE_ADDR=address)


def recovery_codes_for(user, count=10):
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [f"code{chr(ord('a') + n)}abc" for n in range(count)]
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return codes


def log_rows(action):
    return list(AccessLogEntry.objects.filter(action=action).order_by("at", "id"))


@pytest.fixture
def enrolled_therapist(therapist_a1):
    """A therapist who chose to set up an authenticator though their clinic does not ask for one."""
    give_authenticator(therapist_a1)
    return therapist_a1


@pytest.fixture
def requiring_clinic(clinic_a):
    clinic_a.require_second_factor = True
    clinic_a.save()
    return clinic_a


# Who must ---------------------------------------------------------------------------------------------


def test_a_therapist_without_an_authenticator_whose_clinic_does_not_ask_signs_in_with_the_password_alone(
    client, therapist_a1
):
    sign_in(client, therapist_a1)
    assert client.get("/").status_code == 200
    assert client.get("/clients/").status_code == 200


@pytest.mark.parametrize("url", ["/", "/clients/", "/reference/", "/admin/", "/accounts/password_change/"])
def test_a_curator_without_an_authenticator_is_sent_to_set_one_up_from_every_page(client, curator, url):
    sign_in(client, curator)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)


def test_a_django_admin_user_who_is_no_curator_must_set_one_up_too(client, clinic_a):
    staff_user = make_user("site_admin", clinic=clinic_a, role=Role.THERAPIST)
    staff_user.is_staff = True
    staff_user.save()
    sign_in(client, staff_user)
    assert client.get("/clients/")["Location"].startswith(ENROL)


def test_a_clinic_that_requires_it_sends_its_therapists_to_set_one_up(client, requiring_clinic, therapist_a1):
    sign_in(client, therapist_a1)
    response = client.get("/clients/")
    assert response["Location"] == f"{ENROL}?next=%2Fclients%2F"


def test_another_clinics_rule_does_not_apply(client, requiring_clinic, therapist_b):
    sign_in(client, therapist_b)
    assert client.get("/clients/").status_code == 200


def test_a_therapist_who_set_one_up_voluntarily_must_enter_a_code_after_the_password(
    client, enrolled_therapist
):
    sign_in(client, enrolled_therapist, next_url="/clients/")
    response = client.get("/clients/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fclients%2F"


@pytest.mark.parametrize("url", ["/healthz", LOGIN, ENROL])
def test_an_unverified_user_can_still_reach_the_health_check_the_sign_in_and_set_up_pages(
    client, curator, url
):
    sign_in(client, curator)
    assert client.get(url).status_code == 200


def test_an_unverified_user_can_sign_out(client, curator):
    sign_in(client, curator)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_the_code_page_shows_no_menu_but_sign_out(client, enrolled_therapist):
    sign_in(client, enrolled_therapist)
    html = client.get(VERIFY).content.decode()
    assert "Sign out" in html
    assert 'href="/clients/"' not in html


# The code page ------------------------------------------------------------------------------------------


def test_the_right_code_verifies_the_session_with_a_new_key_and_goes_on_to_the_page_asked_for(
    client, enrolled_therapist
):
    sign_in(client, enrolled_therapist)
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=enrolled_therapist)

    response = enter(client, authenticator_code(device), next_url="/clients/")

    assert response.status_code == 302 and response["Location"] == "/clients/"
    assert client.session.session_key != before
    assert client.get("/clients/").status_code == 200


def test_a_code_with_spaces_is_accepted(client, enrolled_therapist):
    sign_in(client, enrolled_therapist)
    code = authenticator_code(TOTPDevice.objects.get(user=enrolled_therapist))
    assert enter(client, f"{code[:3]} {code[3:]}").status_code == 302


def test_it_ignores_a_next_address_on_another_site(client, enrolled_therapist):
    sign_in(client, enrolled_therapist)
    code = authenticator_code(TOTPDevice.objects.get(user=enrolled_therapist))
    assert enter(client, code, next_url="https://evil.example/")["Location"] == "/"


def test_the_same_code_cannot_sign_in_twice(client, enrolled_therapist, django_user_model):
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    code = authenticator_code(device)
    sign_in(client, enrolled_therapist)
    assert enter(client, code).status_code == 302
    client.post("/accounts/logout/")

    sign_in(client, enrolled_therapist)
    replay = enter(client, code)
    assert replay.status_code == 200
    assert "That code did not work" in replay.content.decode()


def test_a_wrong_code_is_refused_next_to_the_field_and_logged(client, enrolled_therapist):
    sign_in(client, enrolled_therapist)
    response = enter(client, wrong_code_for(TOTPDevice.objects.get(user=enrolled_therapist)))

    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert client.get("/clients/")["Location"].startswith(VERIFY)
    [row] = log_rows(Action.SECOND_FACTOR_FAILED)
    assert row.user == enrolled_therapist and row.clinic == enrolled_therapist.membership.clinic
    assert row.detail == "code: wrong 1 of 5"
    assert row.ip_address == "10.0.0.1"


@pytest.mark.parametrize("junk", ["", "12345", "1234567", "abc\x00def", "x" * 5000, "<script>"])
def test_malformed_codes_get_a_message_and_count_for_nothing(client, enrolled_therapist, junk):
    sign_in(client, enrolled_therapist)
    response = enter(client, junk)
    assert response.status_code == 200
    assert not SecondFactorLockout.objects.exists()
    assert "<script>" not in response.content.decode()


def test_a_code_sent_again_at_once_after_a_wrong_one_is_asked_to_wait_and_not_counted(
    client, enrolled_therapist
):
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    sign_in(client, enrolled_therapist)
    with time_machine.travel(timezone.now(), tick=False):
        enter(client, wrong_code_for(device))
        response = enter(client, authenticator_code(device))
    assert "wait 1 second," in response.content.decode()
    assert SecondFactorLockout.objects.get(user=enrolled_therapist).failures == 1


# Recovery codes -----------------------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_is_refused_the_second_time(client, enrolled_therapist):
    codes = recovery_codes_for(enrolled_therapist)
    sign_in(client, enrolled_therapist)
    assert enter(client, codes[0].upper()).status_code == 302
    assert client.get("/clients/").status_code == 200
    client.post("/accounts/logout/")

    sign_in(client, enrolled_therapist)
    again = enter(client, codes[0])
    assert again.status_code == 200 and "That code did not work" in again.content.decode()
    [used] = log_rows(Action.RECOVERY_CODE_USED)
    assert used.detail == "9 recovery codes left"
    [failed] = log_rows(Action.SECOND_FACTOR_FAILED)
    assert failed.detail.startswith("recovery code: wrong 1")


def test_a_recovery_code_does_not_count_as_an_authenticator(client, curator):
    """Recovery codes alone (left after an admin removed the app in the Django admin) do not satisfy the
    rule: the user sets up an app."""
    recovery_codes_for(curator)
    sign_in(client, curator)
    assert client.get("/")["Location"].startswith(ENROL)


# Lockout ------------------------------------------------------------------------------------------------


def five_wrong_codes(client, device, start):
    for attempt in range(5):
        # A minute apart, past django-otp's own doubling delay, so each one is checked and counted.
        with time_machine.travel(start + timedelta(minutes=attempt), tick=False):
            response = enter(client, wrong_code_for(device))
    return response


def test_five_wrong_codes_lock_the_second_factor_and_the_right_code_is_then_refused(
    client, enrolled_therapist
):
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    sign_in(client, enrolled_therapist)
    start = timezone.now()

    locked = five_wrong_codes(client, device, start)

    assert locked.status_code == 429
    assert "paused for 15 minutes" in locked.content.decode()
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        refused = enter(client, authenticator_code(device))
        assert refused.status_code == 429
        assert client.get(VERIFY).status_code == 429
        assert client.get("/clients/")["Location"].startswith(VERIFY)
    rows = log_rows(Action.SECOND_FACTOR_FAILED)
    assert len(rows) == 5
    assert rows[-1].detail == "code: wrong 5 of 5; second factor paused for 15 minutes"


def test_the_lockout_message_is_the_one_a_wrong_password_gets(client, enrolled_therapist, therapist_a2):
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    sign_in(client, enrolled_therapist)
    code_locked = five_wrong_codes(client, device, timezone.now()).content.decode()
    for _ in range(5):
        password_locked = client.post(
            LOGIN, {"username": "therapist_a2", "password": "wrong password here"}, REMOTE_ADDR="10.9.9.9"
        )
    marker = "Too many failed sign-in attempts."
    assert marker in code_locked and marker in password_locked.content.decode()


def test_the_lock_holds_for_the_account_from_another_address_and_session(
    client, enrolled_therapist, django_user_model
):
    from django.test import Client

    device = TOTPDevice.objects.get(user=enrolled_therapist)
    sign_in(client, enrolled_therapist)
    start = timezone.now()
    five_wrong_codes(client, device, start)

    elsewhere = Client()
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        sign_in(elsewhere, enrolled_therapist, address="10.7.7.7")
        assert enter(elsewhere, authenticator_code(device), address="10.7.7.7").status_code == 429


def test_the_lock_lifts_after_the_lockout_minutes_and_a_right_code_clears_the_count(
    client, enrolled_therapist
):
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    sign_in(client, enrolled_therapist)
    start = timezone.now()
    five_wrong_codes(client, device, start)

    with time_machine.travel(
        start + timedelta(minutes=4) + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    ):
        assert enter(client, authenticator_code(device)).status_code == 302
    assert not SecondFactorLockout.objects.exists()


def test_wrong_codes_while_setting_up_count_towards_the_lock_too(client, curator):
    sign_in(client, curator)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=curator)
    start = timezone.now()
    for attempt in range(5):
        with time_machine.travel(start + timedelta(minutes=attempt), tick=False):
            response = client.post(ENROL, {"code": wrong_code_for(device)})
    assert response.status_code == 429
    device.refresh_from_db()
    assert not device.confirmed


# Setting up ---------------------------------------------------------------------------------------------


def test_the_set_up_page_shows_a_qr_code_and_the_same_secret_as_text_on_every_visit(client, curator):
    sign_in(client, curator)
    first = client.get(ENROL).content.decode()
    second = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=curator)

    secret = first.split('id="totp-secret">')[1].split("<")[0]
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert secret in second
    assert '<svg width="' in first and 'class="qr-code"' in first
    assert "style=" not in first.split("<svg")[1].split("</svg>")[0]
    assert not device.confirmed


def test_the_right_code_turns_it_on_shows_ten_recovery_codes_once_and_verifies_the_session(client, curator):
    sign_in(client, curator)
    client.get(f"{ENROL}?next=/reference/")
    device = TOTPDevice.objects.get(user=curator)

    response = client.post(ENROL, {"code": authenticator_code(device), "next": "/reference/"})

    assert response.status_code == 200
    codes = list(StaticToken.objects.filter(device__user=curator).values_list("token", flat=True))
    html = response.content.decode()
    assert len(codes) == 10 and all(code in html for code in codes)
    assert 'href="/reference/"' in html
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/reference/").status_code == 200
    assert not any(code in client.get(SECURITY).content.decode() for code in codes)
    [row] = log_rows(Action.ENROL_SECOND_FACTOR)
    assert row.user == curator and row.clinic is None
    assert row.detail == "authenticator app and 10 recovery codes"


def test_a_user_with_an_authenticator_cannot_set_up_another_before_entering_a_code(
    client, enrolled_therapist
):
    sign_in(client, enrolled_therapist)
    assert client.get(ENROL)["Location"] == VERIFY
    assert client.post(ENROL, {"code": "123456"})["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=enrolled_therapist).count() == 1


def test_a_therapist_may_set_one_up_from_the_security_page(client, therapist_a1):
    sign_in(client, therapist_a1)
    assert "Set up an authenticator app" in client.get(SECURITY).content.decode()
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=therapist_a1)
    client.post(ENROL, {"code": authenticator_code(device)})
    assert "On" in client.get(SECURITY).content.decode()


# Renewing recovery codes --------------------------------------------------------------------------------


def test_new_recovery_codes_need_a_current_code_and_replace_the_old_ones(client_as, curator):
    client = client_as(curator)
    device = TOTPDevice.objects.get(user=curator)
    old = recovery_codes_for(curator)

    refused = client.post(RENEW, {"code": wrong_code_for(device)})
    assert refused.status_code == 400 and "That code did not work" in refused.content.decode()
    assert StaticToken.objects.filter(token=old[0]).exists()

    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        renewed = client.post(RENEW, {"code": authenticator_code(device)})
    assert renewed.status_code == 200
    new = set(StaticToken.objects.filter(device__user=curator).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    assert all(code in renewed.content.decode() for code in new)
    assert log_rows(Action.RECOVERY_CODES_RENEWED)[0].user == curator


def test_the_security_page_counts_the_recovery_codes_left(client_as, curator):
    client = client_as(curator)
    recovery_codes_for(curator, count=3)
    assert "<strong>3</strong> unused recovery codes" in client.get(SECURITY).content.decode()


# Reset --------------------------------------------------------------------------------------------------


def test_a_clinic_admin_resets_a_staff_members_second_factor(client_as, admin_a, enrolled_therapist):
    recovery_codes_for(enrolled_therapist)
    membership = enrolled_therapist.membership
    client = client_as(admin_a)
    assert "Reset second factor" in client.get(f"/staff/{membership.pk}/").content.decode()

    response = client.post(f"/staff/{membership.pk}/second-factor/reset/")

    assert response["Location"] == f"/staff/{membership.pk}/"
    assert not TOTPDevice.objects.filter(user=enrolled_therapist).exists()
    assert not StaticDevice.objects.filter(user=enrolled_therapist).exists()
    [row] = log_rows(Action.RESET_SECOND_FACTOR)
    assert row.user == admin_a and row.clinic == membership.clinic
    assert row.detail == "second factor of therapist_a1 reset by admin_a"


def test_after_a_reset_a_user_who_must_use_one_sets_up_a_new_one_at_once(
    client, client_as, admin_a, requiring_clinic
):
    from django.test import Client

    therapist = make_user("therapist_a9", clinic=requiring_clinic, role=Role.THERAPIST)
    device = give_authenticator(therapist)
    own = Client()
    sign_in(own, therapist)
    assert enter(own, authenticator_code(device)).status_code == 302
    assert own.get("/clients/").status_code == 200

    client_as(admin_a).post(f"/staff/{therapist.membership.pk}/second-factor/reset/")

    assert own.get("/clients/")["Location"].startswith(ENROL)


def test_another_clinics_admin_cannot_reset_and_a_therapist_is_refused(
    client_as, enrolled_therapist, therapist_a2, clinic_b
):
    admin_b = make_user("admin_b", clinic=clinic_b, role=Role.CLINIC_ADMIN)
    url = f"/staff/{enrolled_therapist.membership.pk}/second-factor/reset/"
    assert client_as(admin_b).post(url).status_code == 404
    assert client_as(therapist_a2).post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=enrolled_therapist).exists()


def test_a_reset_is_only_ever_a_post(client_as, admin_a, enrolled_therapist):
    response = client_as(admin_a).get(f"/staff/{enrolled_therapist.membership.pk}/second-factor/reset/")
    assert response.status_code == 405
    assert TOTPDevice.objects.filter(user=enrolled_therapist).exists()


def test_the_operator_resets_a_locked_out_admin_from_the_command_line(admin_a, clinic_a):
    give_authenticator(admin_a)
    SecondFactorLockout.objects.create(user=admin_a, failures=5, last_failure_at=timezone.now())

    call_command("reset_second_factor", "admin_a")

    assert not TOTPDevice.objects.filter(user=admin_a).exists()
    assert not SecondFactorLockout.objects.exists()
    [row] = log_rows(Action.RESET_SECOND_FACTOR)
    assert row.user is None and row.clinic == clinic_a
    assert "the operator" in row.detail


def test_the_reset_command_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_second_factor", "nobody")


# The clinic's rule --------------------------------------------------------------------------------------


def test_a_clinic_admin_requires_it_for_the_clinic_and_it_is_logged(
    client_as, admin_a, therapist_a1, clinic_a
):
    from django.test import Client

    therapist = Client()
    therapist.force_login(therapist_a1)
    assert therapist.get("/clients/").status_code == 200
    admin = client_as(admin_a)
    assert "Second factor: optional" in admin.get("/staff/").content.decode()

    response = admin.post("/staff/second-factor/", {"require_second_factor": "on", "lock_version": "0"})

    assert response["Location"] == "/staff/"
    clinic_a.refresh_from_db()
    assert clinic_a.require_second_factor
    assert therapist.get("/clients/")["Location"].startswith(ENROL)
    assert admin.get("/staff/")["Location"].startswith(ENROL)  # the admin too
    [row] = log_rows(Action.SECOND_FACTOR_RULE)
    assert row.user == admin_a and row.detail == "second factor required"


def test_a_rule_changed_by_another_admin_meanwhile_is_not_silently_undone(client_as, admin_a, clinic_a):
    from tests.conftest import verify_second_factor

    admin = client_as(admin_a)
    verify_second_factor(admin, admin_a)  # so the rule, once on, lets them in
    assert 'name="lock_version" value="0"' in admin.get("/staff/second-factor/").content.decode()
    clinic_a.require_second_factor = True  # another admin saved it meanwhile
    clinic_a.save()

    response = admin.post("/staff/second-factor/", {"lock_version": "0"})  # unticked, from the old page

    assert response.status_code == 409
    html = response.content.decode()
    conflict = html.split("data-edit-conflict")[1].split("</section>")[0]
    assert "changed the clinic" in conflict
    assert '<td class="text-prewrap" data-stored>Yes</td>' in conflict  # required now
    assert '<td class="text-prewrap" data-submitted>No</td>' in conflict  # this page's choice
    assert 'name="lock_version" value="1"' in html
    clinic_a.refresh_from_db()
    assert clinic_a.require_second_factor
    assert not log_rows(Action.SECOND_FACTOR_RULE)


def test_only_a_clinic_admin_changes_the_rule(client_as, therapist_a1, clinic_a):
    assert (
        client_as(therapist_a1).post("/staff/second-factor/", {"require_second_factor": "on"}).status_code
        == 403
    )
    clinic_a.refresh_from_db()
    assert not clinic_a.require_second_factor


def test_the_staff_list_shows_who_has_a_second_factor(client_as, admin_a, enrolled_therapist, therapist_a2):
    html = client_as(admin_a).get("/staff/").content.decode()
    rows = {
        name: row for row in html.split("<tr") for name in ("therapist_a1", "therapist_a2") if name in row
    }
    assert "<td>On</td>" in rows["therapist_a1"]
    assert "Off" in rows["therapist_a2"]


def test_second_factor_events_appear_in_the_clinics_access_log(
    client, client_as, admin_a, enrolled_therapist
):
    sign_in(client, enrolled_therapist)
    enter(client, wrong_code_for(TOTPDevice.objects.get(user=enrolled_therapist)))
    html = (
        client_as(admin_a)
        .get("/clients/access-log/", {"action": Action.SECOND_FACTOR_FAILED})
        .content.decode()
    )
    assert "Entered a wrong second-factor code" in html and "code: wrong 1 of 5" in html


# Cost ---------------------------------------------------------------------------------------------------


def queries_for(client, url) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def test_the_gate_costs_a_user_without_a_second_factor_nothing_and_a_verified_one_a_single_query(
    client_as, therapist_a1, clinic_a
):
    from tests.conftest import verify_second_factor
    from tests.records.builders import make_client

    make_client(clinic_a, given_name="Zoe", family_name="Small")
    client = client_as(therapist_a1)
    without = queries_for(client, "/clients/?q=zoe")
    verify_second_factor(client, therapist_a1)
    verified = queries_for(client, "/clients/?q=zoe")

    # Whether the user has an authenticator rides on the membership query (an EXISTS); no query of its own.
    from tests.records.test_client_list import QUERIES_FOR_CLIENT_LIST

    assert len(without) == QUERIES_FOR_CLIENT_LIST
    assert not [sql for sql in without if re.match(r'SELECT (1 AS "a" FROM )?"otp_', sql)]
    # The one more: django-otp loading the authenticator that verified the session.
    assert len(verified) == len(without) + 1
    assert len([sql for sql in verified if sql.startswith('SELECT "otp_totp_totpdevice"')]) == 1


# Transactional, so the threads' own connections see the committed rows (see tests/conftest.py).
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_one_recovery_code_sent_twice_at_the_same_moment_signs_in_only_once(therapist_a1):
    import threading

    from django.db import connections
    from django.test import RequestFactory

    from clinic.second_factor.devices import Outcome, check_code

    give_authenticator(therapist_a1)
    [code] = recovery_codes_for(therapist_a1, count=1)
    start = threading.Barrier(2)
    results: dict[str, str] = {}

    def send(name: str) -> None:
        try:
            request = RequestFactory().post(VERIFY, REMOTE_ADDR="10.0.0.1")
            request.user = therapist_a1
            start.wait(timeout=10)
            results[name] = check_code(request, code, recovery_allowed=True).outcome.value
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[name] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("phone", "laptop")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == sorted([Outcome.ACCEPTED.value, Outcome.WRONG.value])
    assert not StaticToken.objects.filter(token=code).exists()

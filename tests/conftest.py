"""Shared personas and fixtures.

Personas (see STYLE.md): therapist A1 and A2, reception A and clinic admin A in clinic A; therapist B in
clinic B; a curator with no clinic.
"""

import os
import tempfile

import pytest

from clinic.models import Role
from tests.builders import make_clinic, make_user

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a thread with
# a running loop unless told it is safe. Our tests are synchronous, so it is.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser.fixtures"]


def pytest_configure(config):
    from django.conf import settings

    # Tests render templates without running collectstatic first, so no manifest is needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise wants STATIC_ROOT to exist; tests serve from the finders instead.
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="clinic-static-")
    # Argon2 at full cost makes every test login slow; the hasher choice itself is tested separately.
    settings.PASSWORD_HASHERS = [
        "tests.hashers.FastArgon2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture
def clinic_a(db):
    return make_clinic("Clinic A Myotherapy")


@pytest.fixture
def clinic_b(db):
    return make_clinic("Clinic B Remedial")


@pytest.fixture
def therapist_a1(clinic_a):
    return make_user("therapist_a1", clinic=clinic_a, role=Role.THERAPIST, first_name="Alice")


@pytest.fixture
def therapist_a2(clinic_a):
    return make_user("therapist_a2", clinic=clinic_a, role=Role.THERAPIST, first_name="Aaron")


@pytest.fixture
def reception_a(clinic_a):
    return make_user("reception_a", clinic=clinic_a, role=Role.RECEPTION, first_name="Rita")


@pytest.fixture
def admin_a(clinic_a):
    return make_user("admin_a", clinic=clinic_a, role=Role.CLINIC_ADMIN, first_name="Ada")


@pytest.fixture
def therapist_b(clinic_b):
    return make_user("therapist_b", clinic=clinic_b, role=Role.THERAPIST, first_name="Ben")


@pytest.fixture
def curator(db):
    return make_user("curator", curator=True, first_name="Cora")


@pytest.fixture
def superuser(db, django_user_model):
    """A Django superuser investigating data in the admin (no clinic)."""
    return django_user_model.objects.create_superuser(
        "root", "root@example.com", "x" * 20, first_name="Root", last_name="Tester"
    )


@pytest.fixture
def personas(therapist_a1, therapist_a2, reception_a, admin_a, therapist_b, curator):
    return {
        "therapist_a1": therapist_a1,
        "therapist_a2": therapist_a2,
        "reception_a": reception_a,
        "admin_a": admin_a,
        "therapist_b": therapist_b,
        "curator": curator,
    }


def needs_second_factor(user) -> bool:
    """The app's rule (clinic.second_factor.policy), asked without caching anything on ``user``."""
    from clinic.access import CURATORS_GROUP
    from clinic.models import Membership

    return (
        user.is_staff
        or user.is_superuser
        or user.groups.filter(name=CURATORS_GROUP).exists()
        or Membership.objects.filter(user=user, is_active=True, clinic__require_second_factor=True).exists()
    )


def give_authenticator(user):
    """A confirmed authenticator for ``user`` (the one they have, or a new one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def verify_second_factor(client, user):
    """Mark the test client's session verified by ``user``'s authenticator (made if missing), as
    django_otp.login does after a right code: the session remembers the device's persistent id."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = give_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def sign_in(client, user):
    """Log the test client in as ``user`` without going through the (throttled) login form. A user who must
    use a second factor (curators, Django admin users) also gets an authenticator and a verified session,
    as after entering a code; everyone else signs in with the password alone, as in the app."""
    client.force_login(user)
    if needs_second_factor(user):
        verify_second_factor(client, user)
    return client


@pytest.fixture
def client_as(client):
    """``sign_in`` for the test client: ``client_as(user)``."""

    def login(user):
        return sign_in(client, user)

    return login


@pytest.fixture(autouse=True)
def fresh_suggestion_index():
    """Each test rolls its library changes back, so a cached index (or a signed note's markup) must not
    outlive the test."""
    from records.visits.note_cache import forget_records
    from reference.suggest import forget_cached_indexes

    forget_cached_indexes()
    forget_records()
    yield
    forget_cached_indexes()
    forget_records()


# What makes pytest-django run a test outside a rolled-back transaction (its own rule, in _django_db_helper).
TRANSACTIONAL_FIXTURES = frozenset({"transactional_db", "live_server", "django_db_reset_sequences"})
DJANGO_DB_MARKER_ARGUMENTS = (
    "transaction",
    "reset_sequences",
    "databases",
    "serialized_rollback",
    "available_apps",
)


def pytest_collection_modifyitems(items):
    """Give every transactional test serialized rollback, so each one starts with the migrations' data.

    A transactional test ends by flushing every table. With serialized rollback, the next one reloads the
    migrations' rows (reference library, body regions, consent kinds, the Curators group, content types) when
    it starts. A transactional test without it leaves the next one empty tables, and its flush runs
    post_migrate, which recreates content types and permissions under new ids, so the next test's reload
    fails with an IntegrityError. Asking for it test by test made the suite depend on which test came first;
    here no test can forget. Plain `db` tests need nothing: pytest-django runs them first, each in a
    transaction that is rolled back. The reload costs about 0.35 s (SQLite) or 0.75 s (PostgreSQL) per
    transactional test; only the dozen tests that need committed rows pay it, and they already did.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        arguments = dict(zip(DJANGO_DB_MARKER_ARGUMENTS, marker.args, strict=False)) if marker else {}
        arguments.update(marker.kwargs if marker else {})
        transactional = (
            arguments.get("transaction")
            or arguments.get("reset_sequences")
            or not TRANSACTIONAL_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))
        )
        if transactional and not arguments.get("serialized_rollback"):
            # Closest marker wins; pytest-django also reads it when deciding which databases to serialize.
            item.add_marker(pytest.mark.django_db(**{**arguments, "serialized_rollback": True}), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Serialized rollback restores migration data from a copy kept on the connection that created the test
    database. Playwright's sync API runs browser tests under another context, where Django hands out a new
    connection object without that copy; keep it on the connection class so every connection has it."""
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents

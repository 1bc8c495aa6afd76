"""Fuzz every form of the app and of the admin: malformed input gets an answer, never a 500, and changes
nothing it should not.

Which forms: every named URL of the app is either in ``FORM_PAGES`` (a page whose forms post to it, opened
as the persona who uses it), in ``NO_FORM`` (a page without input of its own; a test checks it renders no
form that posts anywhere unfuzzed) or in ``NOT_FUZZED`` (with the reason). A new URL in none of them fails
``test_every_url_is_fuzzed_or_declared``. The admin's pages are found in its registry: the list, the add
page and the change page of every registered model, and the old-version page of models with history.

What is posted: each form's fields as the page renders them, then variants with deterministic seeds: every
field empty, huge (100,000 characters), holding a NUL, holding control characters, a year-1 or year-9999
date, an out-of-range number, a value of the wrong type, another clinic's ids; broken formset management
data (TOTAL_FORMS=100000, a non-numeric INITIAL_FORMS, none at all); two rows naming one stored row; and a
few seeded random mixes of one to three malformed fields in otherwise valid data.

What is asserted, for each request (inside a savepoint that is rolled back, so variants do not add up):
no server error and no request slower than ``SLOW_SECONDS``; clinic B's marker never in the page of a
user who is not a superuser; a refused request (anything but a redirect) changes no row at all; an accepted
one (a redirect) changes no row of clinic B, links no row to another clinic's, and the page it leads to
opens without a server error.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from simple_history.admin import SimpleHistoryAdmin

from records.models import AccessLogEntry
from tests.clinic.test_login_required import ALL_ROUTES
from tests.conftest import sign_in
from tests.security.builders import MARKER, clinic_rows, cross_clinic_links
from tests.security.html_forms import HtmlForm, Input, forms_of

pytestmark = pytest.mark.django_db

SLOW_SECONDS = 5.0
HUGE = "x" * 100_000
# At most this many huge fields in one request: Django refuses bodies over 2.5 MB before any form sees them.
HUGE_FIELDS = 12


@dataclass(frozen=True)
class Page:
    """A page (URL template filled from the world's ids) whose forms are fuzzed, opened as ``persona``.

    ``post_to`` is for endpoints a script calls with the page's fields; ``given`` for endpoints no page has
    a form for (their query as a script sends it)."""

    url: str
    persona: str
    post_to: str = ""
    given: tuple = ()


# Every URL name of the app whose input is fuzzed -> the pages that post to it.
FORM_PAGES: dict[str, list[Page]] = {
    "login": [Page("/accounts/login/", "anonymous")],
    "password_change": [Page("/accounts/password_change/", "therapist_a2")],
    "password_reset": [Page("/accounts/password_reset/", "anonymous")],
    "password_reset_confirm": [Page("/accounts/reset/{reset_uid}/{reset_token}/", "anonymous")],
    "staff_create": [Page("/staff/new/", "admin_a")],
    "invitation_accept": [Page("/accounts/invitation/{invite_uid}/{invite_token}/", "anonymous")],
    "clinic_profile": [Page("/clinic/", "admin_a")],
    "staff_edit": [Page("/staff/{membership_a2}/", "admin_a")],
    "reference:index": [Page("/reference/", "therapist_a1")],
    "reference:where_does_it_hurt": [Page("/reference/where-does-it-hurt/", "therapist_a1")],
    "reference:pain_map_candidates": [
        Page(
            "/reference/where-does-it-hurt/",
            "therapist_a1",
            post_to="/reference/where-does-it-hurt/candidates/",
        )
    ],
    "records:client_list": [Page("/clients/", "reception_a")],
    "records:client_create": [Page("/clients/new/", "therapist_a1"), Page("/clients/new/", "reception_a")],
    "records:client_edit": [
        Page("/clients/{client_a}/edit/", "therapist_a1"),
        Page("/clients/{client_a}/edit/", "reception_a"),
    ],
    "records:client_archive": [Page("/clients/{client_a}/archive/", "therapist_a1")],
    "records:client_restore": [Page("/clients/{archived_a}/restore/", "therapist_a1")],
    "records:consent_create": [Page("/clients/{client_a}/consents/new/", "therapist_a1")],
    "records:consent_withdraw": [Page("/clients/{client_a}/consents/{consent_a}/withdraw/", "therapist_a1")],
    "records:visit_start": [Page("/clients/{client_a}/visits/new/", "therapist_a1")],
    "records:visit_detail": [Page("/clients/visits/{draft_a}/", "therapist_a1")],
    "records:visit_candidates": [
        Page("/clients/visits/{draft_a}/", "therapist_a1", post_to="/clients/visits/{draft_a}/candidates/")
    ],
    "records:visit_discard": [Page("/clients/visits/{draft_a}/discard/", "therapist_a1")],
    "records:visit_addendum": [Page("/clients/visits/{signed_a}/", "therapist_a1")],
    "records:episode_new": [Page("/clients/{client_a}/episodes/new/", "therapist_a1")],
    "records:episode_edit": [Page("/clients/episodes/{episode_a}/edit/", "therapist_a1")],
    "records:episode_discharge": [Page("/clients/episodes/{episode_a}/discharge/", "therapist_a1")],
    "records:check_in_new": [Page("/clients/episodes/{episode_a}/check-ins/new/", "therapist_a1")],
    "records:visit_check_in": [Page("/clients/visits/{draft_a}/check-in/", "therapist_a1")],
    "records:check_in_edit": [Page("/clients/check-ins/{standalone_check_in_a}/edit/", "therapist_a1")],
    "records:check_in_discard": [Page("/clients/check-ins/{standalone_check_in_a}/discard/", "therapist_a1")],
    "records:check_in_addendum": [Page("/clients/check-ins/{signed_check_in_a}/", "therapist_a1")],
    "records:access_log": [Page("/clients/access-log/", "admin_a")],
    "records:consent_kinds": [Page("/clients/consent-kinds/", "admin_a")],
    "records:outcomes": [Page("/clients/outcomes/", "admin_a")],
    "clinic_second_factor": [Page("/staff/second-factor/", "admin_a")],
    "reference:curate_add_muscle": [Page("/reference/curate/", "curator")],
    "reference:curate_add_source": [Page("/reference/curate/", "curator")],
    "reference:curate_muscle": [Page("/reference/curate/muscles/biceps-femoris/", "curator")],
    "reference:curate_add_trigger_point": [Page("/reference/curate/muscles/biceps-femoris/", "curator")],
    "reference:curate_add_citation": [Page("/reference/curate/muscles/biceps-femoris/", "curator")],
    "reference:curate_trigger_point": [
        Page("/reference/curate/muscles/biceps-femoris/trigger-points/biceps-femoris-trp/", "curator")
    ],
    "reference:curate_zones": [
        Page("/reference/curate/muscles/biceps-femoris/trigger-points/biceps-femoris-trp/", "curator")
    ],
    "second_factor_enrol": [Page("/account/second-factor/set-up/", "therapist_a1")],
    "renew_recovery_codes": [Page("/account/security/", "curator")],
    "admin:login": [Page("/admin/login/", "anonymous")],
    "admin:password_change": [Page("/admin/password_change/", "curator")],
    "admin:auth_user_password_change": [Page("/admin/auth/user/{therapist_a2_user}/password/", "superuser")],
    "admin:autocomplete": [
        Page(
            "/admin/autocomplete/",
            "curator",
            given=(
                ("app_label", "reference"),
                ("model_name", "muscle"),
                ("field_name", "group"),
                ("term", "ham"),
            ),
        )
    ],
}

# URL names without input of their own -> (a page to check, persona, why there is nothing to fuzz).
NO_FORM: dict[str, tuple[str, str, str]] = {
    "dashboard": ("/", "therapist_a1", "links and lists"),
    "healthz": ("/healthz", "anonymous", "a status line"),
    "favicon": ("/favicon.ico", "anonymous", "a redirect to the static icon"),
    "password_change_done": ("/accounts/password_change/done/", "therapist_a1", "a message"),
    "password_reset_done": ("/accounts/password_reset/done/", "anonymous", "a message"),
    "password_reset_complete": ("/accounts/reset/done/", "anonymous", "a message"),
    "staff_list": ("/staff/", "admin_a", "a list"),
    "reference:muscle_detail": ("/reference/muscles/biceps-femoris/", "therapist_a1", "a library page"),
    "reference:technique_detail": ("/reference/techniques/compression/", "therapist_a1", "a library page"),
    "reference:condition_detail": ("/reference/conditions/sciatica/", "therapist_a1", "a library page"),
    "records:client_detail": ("/clients/{client_a}/", "therapist_a1", "the record, read-only"),
    "records:client_history": ("/clients/{client_a}/history/", "admin_a", "read-only history"),
    "records:client_access_log": ("/clients/{client_a}/access-log/", "admin_a", "read-only log"),
    "records:client_export": ("/clients/{client_a}/export/", "admin_a", "a JSON download"),
    "records:visit_print": ("/clients/visits/{signed_a}/print/", "therapist_a1", "a printable note"),
    "records:check_in_detail": (
        "/clients/check-ins/{check_in_a}/",
        "therapist_a1",
        "a visit's check-in, read-only",
    ),
    "records:visit_handout": ("/clients/visits/{signed_a}/handout/", "therapist_a1", "a printable handout"),
    "records:episode_progress": ("/clients/episodes/{episode_a}/", "therapist_a1", "charts and tables"),
    "records:episode_report": ("/clients/episodes/{episode_a}/report/", "therapist_a1", "a printable report"),
    "admin_view_on_site": ("/admin/r/{muscle_type}/{muscle}/", "curator", "a redirect"),
    "admin:view_on_site": ("/admin/r/{muscle_type}/{muscle}/", "curator", "a redirect (served as the above)"),
    "admin:index": ("/admin/", "curator", "links"),
    "admin:app_list": ("/admin/reference/", "curator", "links"),
    "admin:password_change_done": ("/admin/password_change/done/", "curator", "a message"),
    "admin:jsi18n": ("/admin/jsi18n/", "curator", "a script"),
    "reference:curate": ("/reference/curate/", "curator", "a list, and the add-a-muscle form (fuzzed)"),
    "reference:curate_preview": (
        "/reference/curate/muscles/biceps-femoris/preview/",
        "curator",
        "what publishing would change",
    ),
    "account_security": ("/account/security/", "therapist_a1", "links, and the recovery-code form (fuzzed)"),
}

# Forms deliberately not fuzzed, and why.
NOT_FUZZED = {
    "logout": "a button without fields; posting it ends the session the fuzzer works in",
    "admin:logout": "a button without fields; posting it ends the session the fuzzer works in",
    "second_factor_verify": (
        "shown only between the password and the code; its wrong, malformed and reused codes are tested "
        "in tests/clinic/test_second_factor.py"
    ),
    "reference:curate_publish": (
        "a button without fields, shown once a draft muscle's checklist is complete; publishing, and "
        "refusing an incomplete muscle, are tested in tests/reference/test_curate_workspace.py"
    ),
    "staff_reinvite": (
        "a button without fields, shown for staff who have not yet set a password; its access rules are in "
        "the access matrix and its effect in tests/clinic/test_staff_invitations.py"
    ),
    "reset_second_factor": (
        "a button without fields, shown for staff who have a second factor; its access rules are in the "
        "access matrix and its effect in tests/clinic/test_second_factor.py"
    ),
    "records:check_in_sign": (
        "a button without fields on a draft check-in's page; signing, and refusing an empty or locked "
        "check-in, are tested in tests/outcomes/test_check_in_pages.py, its access rules in the access matrix"
    ),
    "session_keep_alive": (
        "the visit editor's script posts it without fields (only the CSRF token) to keep the session alive; "
        "tested in tests/clinic/test_session_keep_alive.py"
    ),
    "admin:otp_totp_totpdevice_config": "django-otp's read-only page of a device's set-up details",
    "admin:otp_totp_totpdevice_qrcode": "django-otp's QR code image of a device",
}
# Per-model admin views without input of their own (the rest are found in the registry and fuzzed).
ADMIN_VIEWS_WITHOUT_INPUT = {
    "delete": "a confirmation button without fields",
    "history": "a read-only list of changes",
}
ADMIN_FUZZED_VIEWS = ("changelist", "add", "change", "simple_history")


# --- The world and the personas' browsers --------------------------------------------------------------


def browser_for(client, world, persona: str):
    client.logout()
    if persona != "anonymous":
        sign_in(client, world.users[persona])
    return client


# --- Malformed values ---------------------------------------------------------------------------------

VALUE_CLASSES = {
    "empty": lambda item, rng, world: "",
    "huge": lambda item, rng, world: HUGE,
    "nul": lambda item, rng, world: f"{(item.value or ['1'])[0][:20]}\x00x",
    "control": lambda item, rng, world: "\x01\x08\x0b\x1b[2J\x7f\u202e\ud7ff",
    "year-1": lambda item, rng, world: "0001-01-01T00:00" if item.kind == "datetime-local" else "0001-01-01",
    "year-9999": lambda item, rng, world: (
        "9999-12-31T23:59" if item.kind == "datetime-local" else "9999-12-31"
    ),
    "out-of-range": lambda item, rng, world: rng.choice(
        ["-1", "-2147483649", "99999999999999999999", "1e309"]
    ),
    "wrong-type": lambda item, rng, world: rng.choice(["abc", "NaN", "[]", "{'a': 1}", "1.5", "0x1F", "☃"]),
    "other-clinic-ids": lambda item, rng, world: str(rng.choice(world.clinic_b_ids)),
}


def _is_id(item) -> bool:
    return bool(item.value) and all(value.isdigit() for value in item.value)


# For pages that repeat a form fuzzed in full elsewhere (the admin's add page, an old version's form, a list's
# actions).
SHORT_RUN = {"as-rendered", "nul", "huge", "out-of-range", "wrong-type", "total-forms-100000"}


def variants(key: str, form: HtmlForm, world, *, short: bool = False):
    """(name, data) pairs for one form, the same on every run."""
    for name, data in _variants(key, form, world):
        if not short or name in SHORT_RUN or name.startswith("same-row-twice"):
            yield name, data


DATE_NAME = re.compile(r"(date|_on$|_at(_\d)?$|birth)")
DATE_KINDS = ("date", "datetime-local")
TEXT_KINDS = ("text", "textarea", "email", "search", "tel", "password", "url")


def _targets(value_class: str, fields: list, rng) -> list:
    """The fields a kind of malformed value is aimed at: dates at date fields, numbers at numbers and ids."""
    if value_class in ("year-1", "year-9999"):
        return [item for item in fields if item.kind in DATE_KINDS or DATE_NAME.search(item.name)]
    if value_class == "huge":
        texts = [item for item in fields if item.kind in TEXT_KINDS] or fields
        return rng.sample(texts, min(HUGE_FIELDS, len(texts)))
    if value_class == "out-of-range":
        return [item for item in fields if item.kind == "number" or _is_id(item)] or fields
    if value_class == "wrong-type":
        return [item for item in fields if item.kind not in TEXT_KINDS] or fields
    if value_class == "other-clinic-ids":
        return [item for item in fields if _is_id(item)]
    return fields


def _variants(key: str, form: HtmlForm, world):
    base = form.data()
    fields = [item for item in form.inputs.values() if not item.is_management]
    management = [item for item in form.inputs.values() if item.is_management]
    rng = random.Random(key)  # noqa: S311 - reproducible fuzzing, not secrets
    yield "as-rendered", base
    for name, make in VALUE_CLASSES.items():
        targets = _targets(name, fields, rng)
        if targets:
            yield name, {**base, **{item.name: [make(item, rng, world)] for item in targets}}
    if management:
        totals = [item.name for item in management if item.name.endswith("-TOTAL_FORMS")]
        yield "total-forms-100000", {**base, **{name: ["100000"] for name in totals}}
        initials = [item.name for item in management if item.name.endswith("-INITIAL_FORMS")]
        yield "initial-forms-wrong", {**base, **{name: ["abc"] for name in initials}}
        yield (
            "management-missing",
            {
                name: value
                for name, value in base.items()
                if name not in form.inputs or not form.inputs[name].is_management
            },
        )
        for total in totals:
            prefix = total.removesuffix("-TOTAL_FORMS")
            first, second = f"{prefix}-0-id", f"{prefix}-1-id"
            if base.get(first) and base.get(second) and base[first][0] and base[second][0]:
                yield f"same-row-twice-{prefix}", {**base, second: base[first]}
    for number in range(2):
        data = dict(base)
        for item in rng.sample(fields, min(len(fields), rng.randint(1, 3))):
            name = rng.choice(list(VALUE_CLASSES))
            data[item.name] = [VALUE_CLASSES[name](item, rng, world)]
        yield f"random-{number}", data


# --- Sending one request and judging the answer ------------------------------------------------------

# Rows a request may write whatever it answers: the access log, sessions and the sign-in throttle.
ALWAYS_WRITTEN = ("records_accesslogentry", "django_session", "axes_")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
SNAPSHOT_MODELS = [
    model
    for model in apps.get_models(include_auto_created=True)
    if model._meta.app_label in ("clinic", "records", "reference", "auth", "admin")
    and model is not AccessLogEntry
]


# Columns that change when a persona signs in, which every test does.
SIGN_IN_COLUMNS = {"last_login"}


def everything() -> dict:
    rows = {}
    for model in SNAPSHOT_MODELS:
        columns = [f.attname for f in model._meta.concrete_fields if f.attname not in SIGN_IN_COLUMNS]
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def wrote_anything(queries) -> bool:
    for query in queries.captured_queries:
        sql = (query["sql"] or "").lstrip().upper()
        if sql.startswith(WRITES) and not any(table.upper() in sql[:80] for table in ALWAYS_WRITTEN):
            return True
    return False


@dataclass
class Baseline:
    """The database as the world was built; every test and every request is rolled back to it. Taken once
    per module (opening a page writes only the access log and the session, which are not compared)."""

    rows: dict
    clinic_b: dict

    @classmethod
    def take(cls, world):
        if getattr(world, "baseline", None) is None:
            world.baseline = cls(everything(), clinic_rows(world.clinic_b))
        return world.baseline


def attempt(browser, world, persona: str, method: str, url: str, data: dict, baseline: Baseline) -> str:
    """Send one request inside a savepoint that is rolled back; return what was wrong ("" if nothing).

    The rows are compared with the baseline only when the request wrote to the database at all (its SQL is
    captured), which keeps the whole fuzz run fast."""
    problems = []
    with transaction.atomic():
        started = time.perf_counter()
        try:
            with CaptureQueriesContext(connection) as queries:
                response = getattr(browser, method)(url, data)
        except Exception as error:  # the test client re-raises what would have been a 500
            transaction.set_rollback(True)
            return f"server error: {type(error).__name__}: {str(error)[:200]}"
        elapsed = time.perf_counter() - started
        wrote = wrote_anything(queries)
        if response.status_code >= 500:
            problems.append(f"answered {response.status_code}")
        if elapsed > SLOW_SECONDS:
            problems.append(f"took {elapsed:.1f} s")
        if persona != "superuser" and MARKER.encode() in response.content:
            problems.append("showed clinic B's client")
        if 300 <= response.status_code < 400:
            if wrote and persona != "superuser" and clinic_rows(world.clinic_b) != baseline.clinic_b:
                problems.append("changed clinic B's records")
            if wrote:
                problems += [f"left a {link}" for link in cross_clinic_links()]
            location = urlsplit(response["Location"])
            if not location.netloc or location.netloc == "testserver":
                try:
                    followed = browser.get(location.path + (f"?{location.query}" if location.query else ""))
                except Exception as error:
                    followed = None
                    problems.append(f"the page it led to failed: {type(error).__name__}: {str(error)[:160]}")
                if followed is not None and followed.status_code >= 500:
                    problems.append(f"the page it led to answered {followed.status_code}")
        elif wrote:
            changed = changed_tables(baseline.rows, everything())
            if changed:
                problems.append(f"refused ({response.status_code}) but changed {', '.join(changed)}")
        transaction.set_rollback(True)
    return "; ".join(problems)


def fuzz(browser, world, persona: str, key: str, form: HtmlForm, url: str, *, short=False) -> list:
    method = "post" if form.method == "post" else "get"
    baseline = Baseline.take(world)
    failures = []
    for name, data in variants(key, form, world, short=short):
        problem = attempt(browser, world, persona, method, url, data, baseline)
        if problem:
            failures.append((name, problem))
    return failures


def judge(key: str, failures: list[tuple[str, str]]):
    assert not failures, f"{key}:\n" + "\n".join(f"  {variant}: {problem}" for variant, problem in failures)


def open_page(browser, url: str):
    response = browser.get(url, follow=True)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    return response, urlsplit(final).path


def path_of(action: str) -> str:
    return urlsplit(action).path


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


# --- The app's forms ---------------------------------------------------------------------------------

APP_CASES = [(name, page) for name, pages in FORM_PAGES.items() for page in pages]


@pytest.mark.parametrize(
    ("name", "page"), APP_CASES, ids=[f"{name}-{page.persona}" for name, page in APP_CASES]
)
def test_malformed_input_to_the_apps_forms_is_answered_without_harm(client, world, name, page):
    browser = browser_for(client, world, page.persona)
    key = f"{name}-{page.persona}"
    if page.given:
        form = HtmlForm(action=page.url, method="get")
        form.inputs = {field: Input(field, "text", [value]) for field, value in page.given}
        targets = [(form, world.url(page.url))]
    else:
        response, path = open_page(browser, world.url(page.url))
        forms = forms_of(response.content.decode(), path)
        if page.post_to:
            with_fields = max(forms, key=lambda form: len(form.inputs))
            with_fields.method = "post"
            targets = [(with_fields, world.url(page.post_to))]
        else:
            targets = [
                (form, path_of(form.action)) for form in forms if url_name(path_of(form.action)) == name
            ]
    assert targets, f"no form on {page.url} sends to {name}"
    failures = []
    for form, url in targets:
        failures += fuzz(browser, world, page.persona, key, form, url)
    judge(key, failures)


# --- The admin's forms -------------------------------------------------------------------------------


def admin_cases():
    cases = []
    for model, model_admin in admin.site._registry.items():
        persona = "curator" if model._meta.app_label == "reference" else "superuser"
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        views = ["changelist", "add", "change"]
        if isinstance(model_admin, SimpleHistoryAdmin):
            views.append("simple_history")
        cases += [(label, view, persona) for view in views]
    return sorted(cases)


ADMIN_CASES = admin_cases()


def admin_page(label: str, view: str) -> str | None:
    model = apps.get_model(label)
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    if view == "changelist":
        return base
    if view == "add":
        return f"{base}add/"
    first = model._base_manager.order_by("pk").first()
    if first is None:
        return None
    if view == "change":
        return f"{base}{first.pk}/change/"
    # The first old version of any row (rows the migrations made have none).
    old = model.history.order_by("history_id").first()
    return f"{base}{old.id}/history/{old.history_id}/"


@pytest.mark.parametrize(
    ("label", "view", "persona"), ADMIN_CASES, ids=[f"{m}-{v}" for m, v, _ in ADMIN_CASES]
)
def test_malformed_input_to_the_admins_forms_is_answered_without_harm(client, world, label, view, persona):
    browser = browser_for(client, world, persona)
    url = admin_page(label, view)
    if url is None:
        pytest.skip(f"no {label} to change (the sign-in throttle logs none here)")
    response = browser.get(url)
    assert response.status_code in (200, 403), f"{url} answered {response.status_code}"
    if response.status_code == 403:
        pytest.skip(f"{persona} may not open {url} (so has no form to post)")
    key = f"admin:{label}-{view}"
    failures = []
    for form in forms_of(response.content.decode(), url):
        action = path_of(form.action)
        if url_name(action) in NOT_FUZZED:
            continue
        if view == "changelist" and form.method == "get":
            # The list's filters and ordering are in its query string too, beside the search box.
            for name, value in (("status", "published"), ("o", "1"), ("p", "1")):
                form.inputs.setdefault(name, Input(name, "text", [value]))
        # The change page holds the same form as the add page, with stored inline rows besides: it gets every
        # variant, the other pages a short run.
        failures += fuzz(browser, world, persona, key, form, action, short=view != "change")
    judge(key, failures)


# --- Nothing is left out ------------------------------------------------------------------------------


def admin_name_is_discovered(name: str) -> bool:
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            view = name.removeprefix(prefix)
            return view in ADMIN_FUZZED_VIEWS or view in ADMIN_VIEWS_WITHOUT_INPUT
    return False


def test_every_url_is_fuzzed_or_declared():
    names = {name for _, name in ALL_ROUTES if name}
    declared = set(FORM_PAGES) | set(NO_FORM) | set(NOT_FUZZED)
    forgotten = sorted(name for name in names - declared if not admin_name_is_discovered(name))
    assert not forgotten, "URLs neither fuzzed nor declared without a form: " + ", ".join(forgotten)
    assert not declared - names, f"declared but not in the URL configuration: {sorted(declared - names)}"


@pytest.mark.parametrize("name", sorted(NO_FORM))
def test_a_page_declared_without_a_form_posts_nowhere_unfuzzed(client, world, name):
    url, persona, _why = NO_FORM[name]
    browser = browser_for(client, world, persona)
    response = browser.get(world.url(url))
    assert response.status_code < 500
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    for form in forms_of(response.content.decode(), world.url(url)):
        target = url_name(path_of(form.action))
        assert target in FORM_PAGES or target in NOT_FUZZED, f"{url} has a form for {target}, not fuzzed"


def test_the_admin_cases_cover_every_registered_model():
    labels = {label for label, _, _ in ADMIN_CASES}

    assert {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry} == labels
    assert {"reference.muscle", "reference.triggerpoint", "records.visit", "records.client"} <= labels

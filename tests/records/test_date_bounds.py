"""Every date a person enters has a sane lower bound and no year 9999: the shared fields of clinic/dates.py,
used by every model and form, and the database constraints behind them."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from clinic.dates import BOUNDED_FORM_FIELDS, BOUNDED_MODEL_FIELDS
from records.models import Client, Consent, ConsentKind, Visit
from tests.records.builders import make_client, make_consent
from tests.visits.builders import make_visit

TODAY = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.get_fixed_timezone(600))
OUR_APPS = ("clinic", "records", "reference")


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_date_field_people_fill_in_is_a_bounded_one():
    """A new model date field that forgets the bound fails here (set automatically: auto_now, editable=False,
    and django-simple-history's own columns are not typed by anyone)."""
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and field.editable
        and not (field.auto_now or field.auto_now_add)
        and not isinstance(field, BOUNDED_MODEL_FIELDS)
    ]
    assert unbounded == []


def test_every_date_field_of_every_form_is_a_bounded_one():
    import clinic.forms  # noqa: F401
    import clinic.login  # noqa: F401
    import records.admin  # noqa: F401
    import records.forms  # noqa: F401
    import records.visits.forms  # noqa: F401
    import reference.admin  # noqa: F401
    import reference.pain_map  # noqa: F401
    import reference.search  # noqa: F401

    unbounded = []
    for form_class in _all_subclasses(forms.BaseForm):
        if not form_class.__module__.startswith(OUR_APPS):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField | forms.DateTimeField) and not isinstance(
                field, BOUNDED_FORM_FIELDS
            ):
                unbounded.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert unbounded == []


# --- Clients ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1899-12-31", "Check the year: dates before 01/01/1900 are not accepted."),
        ("0001-01-01", "Check the year: dates before 01/01/1900 are not accepted."),
        ("9999-12-31", "Check the year: dates after 31/12/2027 are not accepted."),
    ],
)
@time_machine.travel(TODAY)
def test_it_refuses_an_impossible_date_of_birth_by_the_field(client_as, reception_a, value, message):
    response = client_as(reception_a).post(
        "/clients/new/", {"given_name": "Ann", "family_name": "Lee", "date_of_birth": value, "sex": "female"}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Client.objects.exists()


def test_the_database_refuses_a_date_of_birth_before_1900(clinic_a):
    client = make_client(clinic_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.filter(pk=client.pk).update(date_of_birth=date(1850, 1, 1))


# --- Consents -----------------------------------------------------------------------------------------------


def consent_data(**changes):
    kind = ConsentKind.objects.get(code="general_treatment", clinic__isnull=True)
    return {
        "kind": kind.pk,
        "consent_text_version": "GT-1",
        "given_on": "2026-05-01",
        "method": "verbal",
        **changes,
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0001-01-01", "Check the year: dates before 01/01/2000 are not accepted."),
        ("1999-12-31", "Check the year: dates before 01/01/2000 are not accepted."),
        ("9999-12-31", "Check the year: dates after 31/12/2027 are not accepted."),
    ],
)
@time_machine.travel(TODAY)
def test_it_refuses_a_consent_given_on_an_impossible_date(client_as, therapist_a1, client_a, value, message):
    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/new/", consent_data(given_on=value)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()


@time_machine.travel(TODAY)
def test_it_refuses_a_consent_given_before_the_client_was_born(client_as, therapist_a1, clinic_a):
    child = make_client(clinic_a, given_name="Ivy", family_name="Tran", date_of_birth=date(2012, 5, 1))

    response = client_as(therapist_a1).post(
        f"/clients/{child.pk}/consents/new/", consent_data(given_on="2010-01-01")
    )

    assert "Consent cannot be given before the client was born; check the year." in response.content.decode()
    assert not Consent.objects.exists()


@time_machine.travel(TODAY)
def test_it_refuses_a_withdrawal_in_year_one(client_as, therapist_a1, client_a):
    consent = make_consent(client_a, by=therapist_a1, given_on=date(2026, 1, 5))

    response = client_as(therapist_a1).post(
        f"/clients/{client_a.pk}/consents/{consent.pk}/withdraw/",
        {"withdrawn_on": "0001-01-01", "withdrawal_reason": "Kept reason"},
    )

    assert "Check the year: dates before 01/01/2000 are not accepted." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_the_database_refuses_a_consent_given_before_2000(client_a, therapist_a1):
    consent = make_consent(client_a, by=therapist_a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(given_on=date(1999, 12, 31))


# --- Visits -------------------------------------------------------------------------------------------------


def test_the_database_refuses_a_visit_before_2000(client_a, therapist_a1):
    visit = make_visit(client_a, therapist_a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(started_at=datetime(1999, 1, 1, tzinfo=UTC))


def test_the_model_refuses_a_visit_in_year_one_whoever_saves_it(client_a, therapist_a1):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="dates before 01/01/2000"):
        make_visit(client_a, therapist_a1, started_at=datetime(1, 1, 1, tzinfo=UTC))


# --- Filters ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_to": "9999-12-31"}, "Check the year: dates after"),
        ({"date_from": "0001-01-01"}, "Check the year: dates before 01/01/2000 are not accepted."),
        ({"date_from": "1999-12-31", "date_to": "9999-12-31"}, "Check the year"),
    ],
)
def test_an_impossible_access_log_filter_date_is_a_field_error(client_as, admin_a, params, message):
    response = client_as(admin_a).get("/clients/access-log/", params)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_sane_access_log_filter_still_filters(client_as, admin_a):
    today = timezone.localdate()
    response = client_as(admin_a).get(
        "/clients/access-log/", {"date_from": "2000-01-01", "date_to": f"{today}"}
    )

    assert response.status_code == 200
    assert "Check the year" not in response.content.decode()

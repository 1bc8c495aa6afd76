"""The client model: numbering, derived search columns, never deleting, retention, consent helpers."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from records.fields import ADMINISTRATIVE_FIELDS, CLINICAL_FIELDS, CONTACT_FIELDS
from records.models import Client, DeletionRefused
from records.retention import retain_until
from tests.records.builders import make_client, make_consent


def test_every_client_field_is_either_contact_clinical_or_administrative():
    model_fields = {field.name for field in Client._meta.concrete_fields}

    assert model_fields == set(CONTACT_FIELDS) | set(CLINICAL_FIELDS) | set(ADMINISTRATIVE_FIELDS)
    assert not set(CONTACT_FIELDS) & set(CLINICAL_FIELDS)


def test_client_numbers_run_in_sequence_within_each_clinic(clinic_a, clinic_b):
    first = make_client(clinic_a, given_name="A")
    second = make_client(clinic_a, given_name="B")
    elsewhere = make_client(clinic_b, given_name="C")

    assert (first.client_number, second.client_number) == ("C00001", "C00002")
    assert elsewhere.client_number == "C00001"


def test_a_client_number_is_unique_within_a_clinic(clinic_a):
    make_client(clinic_a, given_name="A")
    duplicate = make_client(clinic_a, given_name="B")
    duplicate.client_number = "C00001"

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_search_columns_are_lowercase_and_accent_free(clinic_a):
    client = make_client(
        clinic_a, given_name="Zoë", preferred_name="Zo", family_name="Ó Súilleabháin", phone="+61 412 345 678"
    )

    assert client.search_name == "zoe zo o suilleabhain"
    assert client.sort_name == "o suilleabhain zoe"
    assert client.phone_digits == "0412345678"


def test_a_client_is_never_deleted(clinic_a):
    client = make_client(clinic_a)

    with pytest.raises(DeletionRefused):
        client.delete()
    with pytest.raises(DeletionRefused):
        Client.objects.filter(pk=client.pk).delete()
    assert Client.objects.filter(pk=client.pk).exists()


def test_archive_and_restore_keep_the_record_and_say_who(clinic_a, therapist_a1):
    client = make_client(clinic_a)

    client.archive(by=therapist_a1)
    assert Client.objects.archived().get() == client
    assert client.archived_by == therapist_a1
    client.restore(by=therapist_a1)
    assert Client.objects.active().get() == client
    assert client.history.first().history_user == therapist_a1


@pytest.mark.parametrize(
    ("dob", "message"),
    [(date(2030, 1, 1), "in the future"), (date(1890, 1, 1), "more than 130 years ago")],
)
@time_machine.travel(date(2026, 6, 1))
def test_an_impossible_date_of_birth_is_refused(clinic_a, dob, message):
    with pytest.raises(ValidationError, match=message):
        make_client(clinic_a, date_of_birth=dob)


def test_a_blank_name_is_refused_by_clean_and_by_the_database(clinic_a):
    with pytest.raises(ValidationError):
        make_client(clinic_a, given_name="  ")
    client = Client(clinic=clinic_a, given_name="", family_name="X", date_of_birth=date(1990, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        client.save()


def test_retention_is_seven_years_after_the_last_entry_for_an_adult():
    assert retain_until(last_entry=date(2026, 3, 1), date_of_birth=date(1980, 5, 5)) == date(2033, 3, 1)


def test_retention_for_a_minor_runs_to_their_25th_birthday_when_that_is_later():
    assert retain_until(last_entry=date(2026, 3, 1), date_of_birth=date(2015, 5, 5)) == date(2040, 5, 5)


def test_retention_handles_29_february():
    assert retain_until(last_entry=date(2024, 2, 29), date_of_birth=date(1970, 1, 1)) == date(2031, 2, 28)


def test_a_consent_is_an_entry_that_moves_the_retention_date(clinic_a, therapist_a1):
    with time_machine.travel(date(2024, 1, 15)):
        client = make_client(clinic_a, date_of_birth=date(1970, 1, 1))
    assert client.retain_until() == date(2031, 1, 15)
    with time_machine.travel(date(2025, 6, 20)):
        make_consent(client, by=therapist_a1, given_on=date(2025, 6, 20))

    assert client.last_entry_date() == date(2025, 6, 20)
    assert client.retain_until() == date(2032, 6, 20)


def test_needling_precautions_are_listed_by_label(clinic_a):
    client = make_client(clinic_a, pregnancy=True, metal_allergy=True, needling_precaution_other="Pacemaker")

    assert client.needling_precautions() == ["Pregnancy", "Metal allergy", "Pacemaker"]


def test_current_consent_follows_withdrawal(clinic_a, therapist_a1):
    client = make_client(clinic_a)
    assert not client.has_current_consent("dry_needling")
    assert client.dry_needling_consent_status() == "missing"

    consent = make_consent(client, by=therapist_a1)
    assert client.has_current_consent("dry_needling")
    assert not client.has_current_consent("general_treatment")

    consent.withdrawn_on, consent.withdrawn_by = date(2024, 2, 1), therapist_a1
    consent.save()
    assert not client.has_current_consent("dry_needling")
    assert client.dry_needling_consent_status() == "withdrawn"
    assert client.consents.current().count() == 0

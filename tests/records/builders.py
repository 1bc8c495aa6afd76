"""Builders for client-record test data."""

from datetime import date

from records.models import Client, Consent, ConsentKind, Method

CLINICAL_VALUES = {
    "occupation": "Courier van driver",
    "sports_and_activities": "Weekend road cycling",
    "medical_history": "Left hamstring tear 2019",
    "medications": "Warfarin 5 mg daily",
    "allergies": "Latex sensitivity",
    "anticoagulant_or_bleeding_disorder": True,
    "diabetes": True,
    "needling_precaution_other": "Faints at the sight of blood",
    "notes": "Prefers firm pressure, dislikes MET",
}


def make_client(clinic, *, given_name="Zoë", family_name="Nguyen", date_of_birth=date(1988, 4, 12), **fields):
    client = Client(
        clinic=clinic, given_name=given_name, family_name=family_name, date_of_birth=date_of_birth
    )
    for name, value in fields.items():
        setattr(client, name, value)
    client.full_clean()
    client.save()
    return client


def make_consent(client, *, code="dry_needling", by, given_on=date(2024, 1, 10), **fields):
    consent = Consent(
        client=client,
        kind=ConsentKind.objects.get(code=code, clinic__isnull=True),
        consent_text_version=fields.pop("consent_text_version", "DN-2024.1"),
        given_on=given_on,
        method=fields.pop("method", Method.SIGNED_FORM),
        recorded_by=by,
        **fields,
    )
    consent.full_clean()
    consent.save()
    return consent

"""The Outcomes page's filter: a period (bounded dates, default the last 12 months) and a therapist."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from clinic.dates import BoundedDateField
from clinic.models import Role
from records.outcomes.clinic_figures import Period, default_period


def therapist_choices(clinic) -> list[tuple[str, str]]:
    """The clinic's clinicians, past ones too (their episodes stay in the figures). One query."""
    rows = (
        get_user_model()
        .objects.filter(membership__clinic=clinic, membership__role__in=[Role.THERAPIST, Role.CLINIC_ADMIN])
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return [(str(pk), f"{first} {last}".strip() or username) for pk, first, last, username in rows]


class OutcomesFilterForm(forms.Form):
    date_from = BoundedDateField(label="From", required=False)
    date_to = BoundedDateField(label="To", required=False)
    therapist = forms.ChoiceField(label="Therapist", required=False)

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].choices = [("", "All therapists"), *therapist_choices(clinic)]
        period = default_period()
        self.fields["date_from"].widget.attrs["placeholder"] = f"{period.date_from:%Y-%m-%d}"
        self.fields["date_to"].widget.attrs["placeholder"] = f"{period.date_to:%Y-%m-%d}"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def period(self) -> Period:
        """The chosen period; an empty end is today, an empty start a year before the end."""
        default = default_period()
        end = self.cleaned_data.get("date_to") or default.date_to
        start = self.cleaned_data.get("date_from") or default_period(end).date_from
        return Period(start, end)

    def therapist_id(self) -> int | None:
        value = self.cleaned_data.get("therapist")
        return int(value) if value else None

    def therapist_name(self) -> str:
        value = self.cleaned_data.get("therapist") or ""
        return dict(self.fields["therapist"].choices).get(value, "") if value else ""

"""Sane bounds for every date a person types: the one place that decides them.

A typo in a date input ("0001-01-01" for "2026-01-01") must never reach the database. Midnight of year 1 in
Australia/Melbourne is a BC timestamp in UTC: PostgreSQL stores it, psycopg cannot read it back, and every
page that shows the row then fails. So:

* Model fields that people fill in are ``BirthDateField``, ``RecordDateField``, ``RecordDateTimeField`` or
  (for the library's citations) ``PublicationDateField``.
  They carry the floor as a validator (forms, the admin and ``full_clean()`` all run it) and hand out the
  bounded form fields below, so a ModelForm cannot forget the bound. A test walks every model and form and
  fails on a date field that is not one of these.
* Forms that take a date outside a model (list and log filters) use ``BoundedDateField``.
* The models add named CheckConstraints with the same floors (``date_floor_constraint``) as a backstop.
* ``records.date_repair`` (``manage.py repair_dates``) finds and repairs rows written before these bounds.

Floors: a date of birth is not before 1 January 1900; a cited publication not before 1 January 1800;
anything the clinic records (visits, consents, withdrawals, measures) is not before 1 January 2000, nor
before the client's birth (checked in the models' ``clean()``). Ceilings: the models refuse future dates
in ``clean()``; form fields refuse anything after 31 December of next year, so a filter such as
``date_to=9999-12-31`` is a field error, not an overflow.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
EARLIEST_RECORD_DATE = date(2000, 1, 1)
# Reference sources cite books and papers, some from last century and earlier.
EARLIEST_PUBLICATION_DATE = date(1800, 1, 1)
# An absolute ceiling for the database constraints (CHECK cannot call now()); the models refuse the future.
LATEST_STORED_DATE = date(2100, 1, 1)
# A local date 1 January 2000 starts no earlier than this instant in any time zone (UTC+14 is the earliest).
EARLIEST_RECORD_INSTANT = datetime.combine(EARLIEST_RECORD_DATE, time.min, tzinfo=UTC) - timedelta(hours=14)
LATEST_STORED_INSTANT = datetime.combine(LATEST_STORED_DATE, time.min, tzinfo=UTC)


def local_date(value: date | datetime) -> date:
    """The calendar date a person meant: an aware datetime in the clinic's time zone, a date as it is."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            # astimezone() of year 1 can leave the range of datetime; such a value is below any floor.
            try:
                return timezone.localtime(value).date()
            except OverflowError:
                return date.min if value.year < 2 else date.max
        return value.date()
    return value


def latest_form_date() -> date:
    """The last date any form accepts: 31 December of next year (bookings, filters a little ahead)."""
    return date(timezone.localdate().year + 1, 12, 31)


@deconstructible
class NotBefore:
    """Refuse a date (or a datetime's local date) before ``floor``."""

    def __init__(self, floor: date):
        self.floor = floor

    def __call__(self, value):
        if value is not None and local_date(value) < self.floor:
            raise ValidationError(
                "Check the year: dates before %(floor)s are not accepted.",
                code="date_too_early",
                params={"floor": f"{self.floor:%d/%m/%Y}"},
            )

    def __eq__(self, other):
        return isinstance(other, NotBefore) and other.floor == self.floor


def validate_not_after_form_ceiling(value) -> None:
    if value is not None and local_date(value) > latest_form_date():
        raise ValidationError(
            "Check the year: dates after %(ceiling)s are not accepted.",
            code="date_too_late",
            params={"ceiling": f"{latest_form_date():%d/%m/%Y}"},
        )


# --- Form fields ------------------------------------------------------------------------------------------


class BoundedDateField(forms.DateField):
    """A date between ``floor`` and 31 December of next year; the date picker offers the same range."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *, floor: date = EARLIEST_RECORD_DATE, **kwargs):
        super().__init__(**kwargs)
        self.floor = floor
        self.validators = [v for v in self.validators if not isinstance(v, NotBefore)]
        self.validators += [NotBefore(floor), validate_not_after_form_ceiling]
        self.widget.attrs.setdefault("min", f"{floor:%Y-%m-%d}")
        self.widget.attrs.setdefault("max", f"{latest_form_date():%Y-%m-%d}")


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time whose local date lies between ``floor`` and 31 December of next year."""

    def __init__(self, *, floor: date = EARLIEST_RECORD_DATE, **kwargs):
        super().__init__(**kwargs)
        self.floor = floor
        self.validators = [v for v in self.validators if not isinstance(v, NotBefore)]
        self.validators += [NotBefore(floor), validate_not_after_form_ceiling]
        self.widget.attrs.setdefault("min", f"{floor:%Y-%m-%d}T00:00")
        self.widget.attrs.setdefault("max", f"{latest_form_date():%Y-%m-%d}T23:59")


# --- Model fields -----------------------------------------------------------------------------------------


class _BoundedModelField:
    """Mixin: the floor as a model validator, and the bounded form field for ModelForms and the admin."""

    floor: date
    form_class: type[forms.Field]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not any(isinstance(v, NotBefore) for v in self._validators):
            self._validators = [*self._validators, NotBefore(self.floor)]

    def deconstruct(self):
        # The floor validator is implied by the class; migrations need not repeat it.
        name, path, args, kwargs = super().deconstruct()
        validators = [v for v in kwargs.get("validators", []) if not isinstance(v, NotBefore)]
        if validators:
            kwargs["validators"] = validators
        else:
            kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", self.form_class)
        if issubclass(kwargs["form_class"], (BoundedDateField, BoundedDateTimeField)):
            kwargs.setdefault("floor", self.floor)
        return super().formfield(**kwargs)


class BirthDateField(_BoundedModelField, models.DateField):
    floor = EARLIEST_BIRTH_DATE
    form_class = BoundedDateField


class RecordDateField(_BoundedModelField, models.DateField):
    floor = EARLIEST_RECORD_DATE
    form_class = BoundedDateField


class PublicationDateField(_BoundedModelField, models.DateField):
    floor = EARLIEST_PUBLICATION_DATE
    form_class = BoundedDateField


class RecordDateTimeField(_BoundedModelField, models.DateTimeField):
    floor = EARLIEST_RECORD_DATE
    form_class = BoundedDateTimeField


BOUNDED_MODEL_FIELDS = (BirthDateField, RecordDateField, PublicationDateField, RecordDateTimeField)
BOUNDED_FORM_FIELDS = (BoundedDateField, BoundedDateTimeField)


def date_floor_constraint(field_name: str, *, floor: date, name: str, nullable: bool = False):
    """A named CheckConstraint keeping ``field_name`` between its floor and the absolute ceiling."""
    if floor == EARLIEST_RECORD_DATE and field_name.endswith("_at"):
        low, high = EARLIEST_RECORD_INSTANT, LATEST_STORED_INSTANT
    else:
        low, high = floor, LATEST_STORED_DATE
    in_range = models.Q(**{f"{field_name}__gte": low, f"{field_name}__lt": high})
    condition = (models.Q(**{f"{field_name}__isnull": True}) | in_range) if nullable else in_range
    return models.CheckConstraint(condition=condition, name=name)


# English day abbreviations, as Django's date format "D" writes them under LANGUAGE_CODE en-au.
WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_month_year(moment: date | datetime) -> str:
    """ "01/12/2026", as Django's ``date:"d/m/Y"`` filter writes it, without its per-call lookups of the
    language and the format (a list of twenty visits, a chart's table, write dozens of these)."""
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d}"


def day_and_date(moment: date | datetime) -> str:
    """ "Tue 01/12/2026", as Django's ``date_format(moment, "D d/m/Y")`` writes it."""
    return f"{WEEKDAY_ABBREVIATIONS[moment.weekday()]} {day_month_year(moment)}"


def day_date_and_time(moment: datetime) -> str:
    """ "Tue 01/12/2026 14:05", as ``date_format(moment, "D d/m/Y H:i")`` writes it."""
    return f"{day_and_date(moment)} {moment.hour:02d}:{moment.minute:02d}"

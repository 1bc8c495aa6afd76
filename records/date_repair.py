"""Find and repair dates written before the bounds in ``clinic.dates`` existed (``manage.py repair_dates``).

A visit dated 0001-01-01 (a typo in a date input) was once accepted. On PostgreSQL its timestamp is BC in
UTC, which psycopg cannot read back, so every page showing the row failed. The search below never reads the
bad value as a date: it filters on it in SQL and reads it back as text, so it works on exactly the rows that
cannot be loaded.

How each kind of row is repaired (the live row gets a history entry whose reason says what was done, and
the command prints every change):

* a visit's date and time becomes the moment the visit was created (``created_at``), which is when the
  therapist opened it: the best evidence of when the session happened;
* a consent's "given on" becomes the date it was recorded (``recorded_at``), and a withdrawal date before
  the floor (or before the consent was given) becomes the date the withdrawal was saved (``updated_at``);
* history rows (django-simple-history) of visits and consents are repaired the same way, from their own
  copy of those columns, so the history pages can be read again;
* a date of birth before 1900 cannot be guessed: it is reported for a person to correct, not changed.

The same function runs in the data migration that precedes the constraints forbidding such dates, with
the migration's models, and from the management command with the live ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps as global_apps
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from clinic.dates import EARLIEST_BIRTH_DATE, EARLIEST_RECORD_DATE, EARLIEST_RECORD_INSTANT

REASON_LENGTH = 100  # django-simple-history's history_change_reason column


@dataclass(frozen=True)
class DateRule:
    model: str  # "app_label.ModelName"; its history model is checked too
    field: str
    floor: date | datetime
    replacement: str | None  # the column whose value replaces a bad one; None: report only
    what: str
    # A withdrawal must also not precede the consent's "given on".
    not_before_field: str | None = None


RULES = (
    DateRule("records.Visit", "started_at", EARLIEST_RECORD_INSTANT, "created_at", "visit date and time"),
    DateRule("records.Consent", "given_on", EARLIEST_RECORD_DATE, "recorded_at", "consent given on"),
    DateRule(
        "records.Consent",
        "withdrawn_on",
        EARLIEST_RECORD_DATE,
        "updated_at",
        "consent withdrawn on",
        not_before_field="given_on",
    ),
    DateRule("records.Client", "date_of_birth", EARLIEST_BIRTH_DATE, None, "date of birth"),
)


@dataclass
class Finding:
    model: str
    pk: int
    field: str
    old: str
    new: str | None  # None: left for a person to correct
    history_row: bool

    def __str__(self) -> str:
        where = f"{self.model} {'history row' if self.history_row else 'row'} {self.pk}"
        if self.new is None:
            return f"{where}: {self.field} is {self.old}; cannot be guessed, correct it by hand"
        return f"{where}: {self.field} {self.old} -> {self.new}"


def _bad_rows(model, rule: DateRule):
    field = rule.field
    bad = models.Q(**{f"{field}__lt": rule.floor})
    if rule.not_before_field:
        bad |= models.Q(**{f"{field}__lt": models.F(rule.not_before_field)})
    columns = ["pk", "old_text"] + ([rule.replacement] if rule.replacement else [])
    # Only the primary key, the bad value as text and the (readable) replacement are fetched.
    return (
        model._default_manager.filter(bad)
        .annotate(old_text=Cast(field, output_field=models.TextField()))
        .values_list(*columns)
        .order_by("pk")
    )


def _new_value(model, rule: DateRule, replacement):
    if replacement is None:
        return None
    if isinstance(model._meta.get_field(rule.field), models.DateTimeField):
        return replacement
    return timezone.localdate(replacement) if isinstance(replacement, datetime) else replacement


def _record_history(live_model, history_model, pk: int, reason: str) -> None:
    """Append a history row for the repaired live row, as django-simple-history would, with the reason."""
    instance = live_model._default_manager.get(pk=pk)
    names = {f.attname for f in history_model._meta.concrete_fields}
    values = {f.attname: getattr(instance, f.attname) for f in live_model._meta.concrete_fields}
    history_model._default_manager.create(
        **{name: value for name, value in values.items() if name in names},
        history_date=timezone.now(),
        history_type="~",
        history_change_reason=reason[:REASON_LENGTH],
        history_user_id=None,
    )


def repair_dates(*, apps=global_apps, dry_run: bool = False) -> list[Finding]:
    """Find every row breaking a rule in ``RULES`` (history included); repair it unless ``dry_run``."""
    findings: list[Finding] = []
    with transaction.atomic():
        for rule in RULES:
            live = apps.get_model(rule.model)
            app_label, name = rule.model.split(".")
            history = apps.get_model(app_label, f"Historical{name}")
            for model, history_row in ((live, False), (history, True)):
                for row in list(_bad_rows(model, rule)):
                    pk, old = row[0], row[1]
                    new = _new_value(model, rule, row[2] if rule.replacement else None)
                    findings.append(
                        Finding(
                            model=name,
                            pk=pk,
                            field=rule.field,
                            old=str(old),
                            new=None if new is None else str(new),
                            history_row=history_row,
                        )
                    )
                    if dry_run or new is None:
                        continue
                    model._default_manager.filter(pk=pk).update(**{rule.field: new})
                    if not history_row:
                        _record_history(
                            live,
                            history,
                            pk,
                            f"repair_dates: {rule.what} {old} was impossible; set to {new}",
                        )
    return findings

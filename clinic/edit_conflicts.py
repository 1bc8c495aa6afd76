"""Version checks: a save based on an out-of-date copy of a record changes nothing.

Every editable record (clients, consents, consent kinds, staff memberships, the clinic, the reference
library) is a ``VersionedModel``. Its ``lock_version`` moves on by one at every save, and the save reads the
stored version under a row lock (``SELECT ... FOR UPDATE``) first, so two saves of one row never interleave
and the counter never skips or repeats. A form opened at version N (``VersionedFormMixin``) sends N back in a
hidden field; saving it raises ``EditConflict`` when the row is no longer at N, before anything is written,
and the page then shows both versions (``conflict_context`` and ``includes/edit_conflict.html``). The visit
editor keeps its own save path (``records/visits/saving.py``, one transaction over many tables) but raises
the same ``EditConflict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst


class EditConflict(Exception):
    """The record was saved by someone (or another tab) after this form was opened. Nothing was written."""

    def __init__(self, current):
        super().__init__("This record was changed since you opened it.")
        self.current = current


class VersionedModel(models.Model):
    lock_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Moves on at every save; forms send back the one they opened.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Lock the stored row, refuse a stale copy, move the version on, save.

        Set ``expected_lock_version`` on the instance (forms do) to have the save refused with
        ``EditConflict`` unless the stored row is still at that version. Costs one query more than a plain
        save of an existing row: the locking read of its version (and, for a form's save, of its values).

        A form's save that changes nothing is not a save: no UPDATE, no version move, no history row (a
        history of "saved, nothing changed" entries hides the real changes from whoever reads it).
        """
        expected = self.__dict__.pop("expected_lock_version", None)
        update_fields = kwargs.get("update_fields")
        if self.pk is None or kwargs.get("force_insert") or (update_fields is not None and not update_fields):
            return super().save(*args, **kwargs)  # an insert, or a save Django skips anyway
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            compared = self._compared_fields(update_fields) if expected is not None else []
            row = (
                type(self)
                ._base_manager.using(using)
                .select_for_update()
                .filter(pk=self.pk)
                .values("lock_version", *(f.attname for f in compared))
                .first()
            )
            if row is not None:
                stored = row["lock_version"]
                if expected is not None and stored != expected:
                    raise EditConflict(type(self)._base_manager.using(using).get(pk=self.pk))
                if compared and all(
                    f.get_prep_value(getattr(self, f.attname)) == f.get_prep_value(row[f.attname])
                    for f in compared
                ):
                    return None  # nothing changed: nothing to write or to record
                self.lock_version = stored + 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "lock_version"}
            return super().save(*args, **kwargs)

    def _compared_fields(self, update_fields) -> list:
        """The fields a person's save could change: not the version, nor times the save itself sets."""
        return [
            f
            for f in self._meta.concrete_fields
            if not f.primary_key
            and f.attname != "lock_version"
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
            and (update_fields is None or f.name in update_fields or f.attname in update_fields)
        ]


class VersionField(forms.IntegerField):
    """The hidden version a form was opened at. Bookkeeping: it never counts as a change the user made."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class VersionedFormMixin:
    """For a form editing an existing ``VersionedModel``: carries the version the form was opened at in a
    hidden ``lock_version`` field and has the save refused if the row moved on since.

    ModelForms get it applied to ``self.instance`` on save; a plain form (``versioned_instance`` set) hands
    ``expected_lock_version`` to the code that saves.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.versioned_instance
        if instance is not None and instance.pk is not None:
            self.fields["lock_version"] = VersionField()
            self.initial["lock_version"] = instance.lock_version

    @property
    def versioned_instance(self):
        return getattr(self, "instance", None)

    @property
    def expected_lock_version(self) -> int | None:
        return self.cleaned_data.get("lock_version") if "lock_version" in self.fields else None

    def _post_clean(self):
        super()._post_clean()
        # A ModelForm's save() is the instance's save(): hand it the version to check. Plain forms pass
        # ``expected_lock_version`` to the function that saves instead.
        if isinstance(self, forms.BaseModelForm) and self.expected_lock_version is not None:
            self.instance.expected_lock_version = self.expected_lock_version

    def add_error(self, field, error):
        # A tampered or missing version is a stale page, not the user's mistake: say so in words.
        if field == "lock_version":
            field, error = None, "This page is out of date. Open the record again and re-enter your changes."
        super().add_error(field, error)

    def rebind_after_conflict(self, current):
        """The same form with the user's input and the stored version, so saving it again is a deliberate
        choice to replace the other version."""
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = current.lock_version
        self.data = data
        self.initial["lock_version"] = current.lock_version
        self._errors = None
        return self


@dataclass
class ConflictRow:
    label: str
    stored: str
    submitted: str

    @property
    def differs(self) -> bool:
        return self.stored != self.submitted


def shown(value) -> str:
    """A value as a page shows it."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return ", ".join(sorted(str(item) for item in value)) or "—"
    return str(value)


def _stored_value(current, name: str):
    try:
        model_field = current._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a form-only field has no stored value
        return getattr(current, name, None)
    if model_field.many_to_many:
        return list(getattr(current, name).all())
    if model_field.choices:
        return getattr(current, f"get_{name}_display")()
    return getattr(current, name)


def _submitted_value(form, name: str):
    field = form.fields[name]
    value = form.cleaned_data.get(name) if form.is_bound and hasattr(form, "cleaned_data") else None
    if value in (None, ""):
        return value  # a blank choice is "—" on both sides, not its "---------" placeholder
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return dict(field.choices).get(value, value)
    return value


def conflict_rows(form, current, *, fields=None) -> list[ConflictRow]:
    """Both versions, field by field, of the fields ``form`` shows (so a role sees only its own fields)."""
    meta = getattr(form, "_meta", None)
    rows = []
    for name in fields or getattr(meta, "fields", None) or form.fields:
        if name not in form.fields:
            continue
        if name == "lock_version" or form.fields[name].widget.is_hidden:
            continue
        rows.append(
            ConflictRow(
                label=str(form.fields[name].label or capfirst(name.replace("_", " "))),
                stored=shown(_stored_value(current, name)),
                submitted=shown(_submitted_value(form, name)),
            )
        )
    return rows


def last_change_of(current) -> tuple[str, datetime | None]:
    """Who saved ``current`` last and when, from its history (one query), or ("someone", None)."""
    history = getattr(current, "history", None)
    latest = (
        history.select_related("history_user").order_by("-history_date", "-history_id").first()
        if history is not None
        else None
    )
    if latest is None:
        return "someone", None
    user = latest.history_user
    return ((user.get_full_name() or user.get_username()) if user else "someone"), latest.history_date


def conflict_context(form, current, *, fields=None) -> dict:
    """What ``includes/edit_conflict.html`` shows: who saved the stored version, when, and both versions."""
    saved_by, saved_at = last_change_of(current)
    rows = conflict_rows(form, current, fields=fields)
    return {
        "saved_by": saved_by,
        "saved_at": saved_at,
        "rows": rows,
        "differs": any(row.differs for row in rows),
    }

"""What every formset shares, in the app and in the admin: a row limit, and one row per stored entry.

A formset builds one form per row the browser says it sent (``TOTAL_FORMS``). Django caps that only at its
``absolute_max`` (2,000 by default), and building and cleaning 2,000 forms held a worker for 27 seconds. So
every formset gets a ``max_num`` with ``validate_max`` and an ``absolute_max`` equal to it (``limits()``): a
larger ``TOTAL_FORMS`` builds at most that many forms and is refused with a message.

A tampered row id can name one stored entry in two rows; both rows then edit one object and the save breaks
a unique constraint (a 500). ``RowChecksMixin`` refuses that with a message instead.
"""

from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT

# More rows than anyone enters on one page; far fewer than would hold a worker.
DEFAULT_MAX_ROWS = 100


def limits(max_rows: int = DEFAULT_MAX_ROWS) -> dict:
    """Keyword arguments for ``formset_factory`` and friends: at most ``max_rows`` rows, checked."""
    return {"max_num": max_rows, "absolute_max": max_rows, "validate_max": True}


class RowChecksMixin:
    """For model formsets: say plainly when there are too many rows, and refuse a submission in which two
    rows name the same stored entry."""

    default_error_messages = {
        "too_many_forms": "Too many rows: at most %(num)d can be saved here. Nothing was saved.",
    }

    def total_form_count(self):
        # A row count over the limit is refused whatever the rows hold: build only the stored rows to show
        # with the message, not hundreds of forms nobody sent.
        management = self.management_form if self.is_bound else None
        sent = management.cleaned_data[TOTAL_FORM_COUNT] if management and management.is_valid() else 0
        if sent > self.absolute_max:
            return min(self.initial_form_count(), self.absolute_max)
        return super().total_form_count()

    def clean(self):
        super().clean()
        seen = set()
        for form in self.initial_forms:
            pk = form.instance.pk
            if pk is None:
                continue
            if pk in seen:
                raise ValidationError(
                    "The same entry was sent twice. Nothing was saved: reload the page and make the change "
                    "again.",
                    code="duplicate_row",
                )
            seen.add(pk)

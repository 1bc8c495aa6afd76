"""``in`` on an integer column matches nothing for a value outside the column's range.

Django (5.2) makes ``exact``, ``gt`` and friends on an integer column match nothing (or everything) for a
value the column cannot hold, but passes such a value through ``in`` to the database, where SQLite raises
``OverflowError``: a 500 for a form that checks a list of ids (ModelMultipleChoiceField, the admin's
autocomplete widgets) holding 99999999999999999999. Registered on every integer field (ids included) in
``clinic.apps.ClinicConfig.ready``.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)

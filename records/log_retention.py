"""How long the access log keeps its rows, and removing the older ones in batches.

Seven years, as for the records themselves (``records/retention.py``, DOMAIN.md "Retention"): a breach
investigation can ask who read a record for as long as the record may be kept. The period is fixed here and
no option shortens it; ``prune_access_log`` removes only rows logged before the start of the period.
"""

from datetime import date, datetime, time

from django.db import connection, transaction
from django.utils import timezone

from clinic.models import Clinic
from records.models import AccessLogEntry
from records.retention import add_years

ACCESS_LOG_RETENTION_YEARS = 7
BATCH_SIZE = 10_000


def retention_cutoff(today: date) -> datetime:
    """Rows logged before this instant are past the retention period: midnight, seven years before today."""
    return timezone.make_aware(datetime.combine(add_years(today, -ACCESS_LOG_RETENTION_YEARS), time.min))


def expired_entries(cutoff: datetime):
    return AccessLogEntry.objects.filter(at__lt=cutoff)


def prune(cutoff: datetime, *, batch_size: int = BATCH_SIZE) -> int:
    """Delete rows logged before ``cutoff``, one clinic and one batch at a time; return how many.

    The log refuses deletion through the ORM (it is append-only to the app), so this is the one place
    that removes rows, with SQL. Per clinic, each batch is a range on the (clinic, -at, -id) index
    instead of a scan of the whole table, and each is its own short transaction, so page views keep
    logging while a large backlog goes.
    """
    if cutoff > retention_cutoff(timezone.localdate()):
        raise ValueError("Refusing to delete access-log rows inside the retention period")
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    # As the ORM stores it (SQLite compares text: an aware datetime would carry a "+00:00" suffix).
    before = connection.ops.adapt_datetimefield_value(cutoff)
    deleted = 0
    for clinic_id in [*Clinic.objects.order_by("pk").values_list("pk", flat=True), None]:
        clinic_match = "clinic_id IS NULL" if clinic_id is None else "clinic_id = %s"
        clinic_params = [] if clinic_id is None else [clinic_id]
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} "  # noqa: S608 - quoted name
                    f"WHERE {clinic_match} AND at < %s ORDER BY at LIMIT %s)",
                    [*clinic_params, before, batch_size],
                )
                count = cursor.rowcount
            deleted += count
            if count < batch_size:
                break
    return deleted

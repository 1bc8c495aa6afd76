"""Keyset pages of the access log: newest first, 50 at a time, without counting rows.

The access log grows by every page view. ``Paginator`` counts the matching rows (``COUNT(*)``) and pages by
``OFFSET``; both read every row before the page, which at tens of millions of rows takes seconds. A keyset
page instead reads the 51 rows after a cursor (the last row's time and id) straight off a composite index
((clinic, -at, -id), (client, -at, -id), ... on ``AccessLogEntry``), so every page costs the same.
The cursor is ``<microseconds since the epoch>.<id>``; an unreadable one shows the newest page.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q

ROWS_PER_PAGE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A cursor carries two whole numbers; anything longer is not one of ours.
MAX_CURSOR_LENGTH = 40


@dataclass(frozen=True)
class LogPage:
    object_list: list
    older: str  # the cursor of the next (older) page, or "" on the last page
    is_first: bool

    @property
    def has_other_pages(self) -> bool:
        return bool(self.older) or not self.is_first


def cursor_for(entry) -> str:
    delta = entry.at - EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}.{entry.pk}"


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    if not value or len(value) > MAX_CURSOR_LENGTH:
        return None
    micros, _, pk = value.partition(".")
    if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
        return None
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


def log_page(entries, before: str | None, per_page: int = ROWS_PER_PAGE) -> LogPage:
    """The page of ``entries`` (ordered newest first) that follows the cursor ``before``."""
    cursor = parse_cursor(before)
    if cursor:
        at, pk = cursor
        # ``at <= cursor`` bounds the index range; the OR picks up rows sharing the cursor's time.
        entries = entries.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk), at__lte=at)
    rows = list(entries.order_by("-at", "-pk")[: per_page + 1])
    older = cursor_for(rows[per_page - 1]) if len(rows) > per_page else ""
    return LogPage(object_list=rows[:per_page], older=older, is_first=cursor is None)

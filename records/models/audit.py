"""The access log: who looked at which client's record, when and from where.

Changes are recorded by django-simple-history (``history`` on each model); this log records reading, which
no history table sees. Both answer a breach investigation (APP 11, Notifiable Data Breaches scheme), so rows
here are append-only: saving an existing row, updating or deleting raise ``AccessLogIsAppendOnly``.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from clinic import access
from clinic.prepared_queries import PreparedQuery


class AccessLogIsAppendOnly(Exception):
    """Raised by any attempt to change or remove an access-log row."""


class Action(models.TextChoices):
    LIST_CLIENTS = "list_clients", "Listed or searched clients"
    VIEW_CLIENT = "view_client", "Viewed a client"
    CREATE_CLIENT = "create_client", "Created a client"
    EDIT_CLIENT = "edit_client", "Opened or saved a client's details"
    ARCHIVE_CLIENT = "archive_client", "Archived a client"
    RESTORE_CLIENT = "restore_client", "Restored a client"
    ADD_CONSENT = "add_consent", "Recorded a consent"
    WITHDRAW_CONSENT = "withdraw_consent", "Recorded a consent withdrawal"
    VIEW_HISTORY = "view_history", "Viewed a client's change history"
    VIEW_ACCESS_LOG = "view_access_log", "Viewed a client's access log"
    VIEW_CLINIC_ACCESS_LOG = "view_clinic_access_log", "Viewed the clinic's access log"
    VIEW_VISIT = "view_visit", "Viewed a visit"
    SAVE_VISIT = "save_visit", "Saved a draft visit"
    SIGN_VISIT = "sign_visit", "Signed a visit"
    EXPORT = "export", "Exported a record"
    VIEW_OUTCOMES = "view_outcomes", "Viewed the clinic's outcomes"
    # Second factor at sign-in. The row's user is who acted; the detail names the account when it differs.
    ENROL_SECOND_FACTOR = "enrol_second_factor", "Set up a second factor"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Entered a wrong second-factor code"
    RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", "Made new recovery codes"
    RESET_SECOND_FACTOR = "reset_second_factor", "Reset a second factor"
    SECOND_FACTOR_RULE = "second_factor_rule", "Changed the clinic's second-factor rule"
    # Staff invitations (clinic/invitations.py): sent by a clinic admin, accepted by the new person.
    INVITE_STAFF = "invite_staff", "Invited a staff member"
    ACCEPT_INVITATION = "accept_invitation", "Accepted an invitation and set a password"
    # Episodes of care and their check-ins (records/views/outcomes_entry.py).
    EDIT_EPISODE = "edit_episode", "Opened or saved an episode of care"
    DISCHARGE_EPISODE = "discharge_episode", "Discharged or reopened an episode of care"
    VIEW_CHECK_IN = "view_check_in", "Viewed a check-in's measures"
    SAVE_CHECK_IN = "save_check_in", "Saved a check-in's measures"
    SIGN_CHECK_IN = "sign_check_in", "Signed a check-in"
    DISCARD_CHECK_IN = "discard_check_in", "Discarded a check-in"
    CHECK_IN_ADDENDUM = "check_in_addendum", "Added an addendum to a check-in"


# Views of one record by one user within this many minutes of the row's first view are one row with a count
# (docs/records.md, "The access log"): reading a note while writing it is one event to an investigator, not
# thirty rows that bury the rest of the log.
REPEAT_WINDOW_MINUTES = 5
REPEATS_COUNTED = frozenset({Action.VIEW_CLIENT, Action.VIEW_VISIT, Action.VIEW_CHECK_IN})


class AccessLogQuerySet(models.QuerySet):
    def for_user(self, user):
        return access.scoped_to_clinic(self, user)

    def update(self, **kwargs):
        raise AccessLogIsAppendOnly("Access-log rows are never changed")

    def delete(self):
        raise AccessLogIsAppendOnly("Access-log rows are never deleted")

    update.queryset_only = True
    delete.queryset_only = True

    def count_repeat(self, *, user_id: int, client_id: int, action: str, detail: str, at) -> bool:
        """Count a repeated view on the user's row for the same record, action and detail first written at
        most ``REPEAT_WINDOW_MINUTES`` before ``at``; False when there is none (write a new row then).

        The one change an access-log row ever takes: its count and the time of its last repeat. Who, what,
        from where and when it started stay as written. One UPDATE (the row is found by the index on
        (user, at)), so a repeat costs what the INSERT it replaces cost.
        """
        since = at - timedelta(minutes=REPEAT_WINDOW_MINUTES)
        changed = COUNT_REPEAT.execute(
            using=self.db,
            user_id=user_id,
            client_id=client_id,
            action=action,
            detail=detail,
            since=since,
            at=at,
        )
        return bool(changed)


def _count_repeat_update(*, user_id, client_id, action, detail, since, at) -> UpdateQuery:
    latest = (
        AccessLogEntry.objects.filter(
            user_id=user_id, client_id=client_id, action=action, detail=detail, at__gte=since, at__lte=at
        )
        .order_by("-at", "-id")
        .values("pk")[:1]
    )
    # What QuerySet.update() builds; that method is closed on this append-only table.
    query = (
        models.QuerySet(model=AccessLogEntry).filter(pk__in=models.Subquery(latest)).query.chain(UpdateQuery)
    )
    query.add_update_values({"view_count": models.F("view_count") + 1, "last_at": at})
    return query


# Compiled once per process (clinic.prepared_queries): every client page, note and editing screen runs it,
# and the ORM took longer to write this UPDATE than the database to run it.
COUNT_REPEAT = PreparedQuery(
    _count_repeat_update,
    user_id=-1,
    client_id=-2,
    action="\x00action",
    detail="\x00detail",
    since=datetime(1900, 1, 1, 0, 0, 1, tzinfo=UTC),
    at=datetime(1900, 1, 1, 0, 0, 2, tzinfo=UTC),
)


class AccessLogEntry(models.Model):
    clinic = models.ForeignKey(
        "clinic.Clinic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty only for a sign-in event of a user without a clinic, such as a curator.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "records.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
        help_text="Empty for clinic-wide actions such as a search.",
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, editable=False)
    # Repeated views within REPEAT_WINDOW_MINUTES: how many in all, and when the last was.
    view_count = models.PositiveIntegerField("views", default=1, db_default=1, editable=False)
    last_at = models.DateTimeField(null=True, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = "access-log entry"
        verbose_name_plural = "access log"
        ordering = ["-at", "-id"]
        # Every page of the log reads 51 rows in (at, id) order straight off one of these, whatever the
        # log's size (records/log_pages.py): the clinic's log, a client's log, and the clinic's log filtered
        # by person or action. Measured at millions of rows by ``bench_access_log``.
        indexes = [
            models.Index(fields=["clinic", "-at", "-id"], name="access_log_clinic_at_id"),
            models.Index(fields=["client", "-at", "-id"], name="access_log_client_at_id"),
            models.Index(fields=["user", "-at"], name="access_log_user_time"),
            models.Index(fields=["clinic", "user", "-at", "-id"], name="access_log_clinic_user_time"),
            models.Index(fields=["clinic", "action", "-at", "-id"], name="access_log_clinic_action_time"),
        ]

    def __str__(self) -> str:
        who = self.user.get_username() if self.user_id else "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AccessLogIsAppendOnly("Access-log rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AccessLogIsAppendOnly("Access-log rows are never deleted")

"""Writing the access log, and reading change history in a form people can follow.

``log_access`` is called by every view that shows or exports a client's data (client pages now; visits and
exports later). ``change_history`` turns django-simple-history rows into "field: old → new" entries.
"""

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst

from clinic import access
from records.models import AccessLogEntry, Client, Consent, ConsentKind
from records.models.audit import REPEATS_COUNTED
from records.outcomes.history import OUTCOME_BOOKKEEPING, outcome_history_rows
from records.visits.history import VISIT_BOOKKEEPING, visit_history_rows

USER_AGENT_LENGTH = 200


def client_ip(request) -> str | None:
    """The requesting address. Behind ``TRUSTED_PROXY_COUNT`` proxies, the address the nearest trusted
    proxy saw (the same rule django-axes uses for lockouts); a forged X-Forwarded-For is ignored otherwise."""
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def log_access(request, *, client: Client | None, action: str, detail: str = "") -> AccessLogEntry | None:
    """Record that ``request.user`` did ``action`` (an ``Action``) on ``client``, or clinic-wide when
    ``client`` is None. One INSERT; the row can never be changed or deleted afterwards.

    A view (``REPEATS_COUNTED``) of a record the user viewed with the same detail in the last
    ``REPEAT_WINDOW_MINUTES`` is counted on that row instead (one UPDATE; returns None); the first view of a
    window costs that UPDATE and the INSERT."""
    clinic_id = client.clinic_id if client is not None else access.clinic_for(request.user).pk
    detail = detail[: AccessLogEntry._meta.get_field("detail").max_length]
    if action in REPEATS_COUNTED and client is not None and request.user.is_authenticated:
        now = timezone.now()
        if AccessLogEntry.objects.count_repeat(
            user_id=request.user.pk, client_id=client.pk, action=action, detail=detail, at=now
        ):
            return None
    return AccessLogEntry.objects.create(
        clinic_id=clinic_id,
        user=request.user if request.user.is_authenticated else None,
        client=client,
        action=action,
        detail=detail,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )


def log_account_event(request, *, clinic_id: int | None, action: str, detail: str = "") -> AccessLogEntry:
    """Record a sign-in security event (an ``Action`` about the second factor) in ``clinic_id``'s log.

    ``request`` is None when the operator acts from the command line: the row then names no user and no
    address, and ``detail`` says who. A user without a clinic (a curator) gets a row without one, which the
    Django admin's access log shows."""
    user = getattr(request, "user", None)
    return AccessLogEntry.objects.create(
        clinic_id=clinic_id,
        user=user if user is not None and user.is_authenticated else None,
        client=None,
        action=action,
        detail=detail[: AccessLogEntry._meta.get_field("detail").max_length],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH] if request is not None else "",
    )


# Change history ----------------------------------------------------------------------------------------

# Bookkeeping that changes on every save and says nothing to a reader.
HIDDEN_IN_HISTORY = {"id", "created_at", "updated_at", "recorded_at", "client", "clinic", "lock_version"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    subject: str
    kind: str  # "created", "changed" or "removed" (a part of a draft visit)
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def change_history(client: Client) -> list[HistoryEntry]:
    """Every recorded create and change of the client, their consents, their visits (with every part of
    a visit and its addenda) and their episodes of care (with every check-in and answer), newest first.

    A fixed number of queries whatever the length of the history: one per history table, then the users,
    consent kinds and library entries those rows refer to.
    """
    client_rows = list(client.history.select_related("history_user").order_by("history_date", "history_id"))
    consent_rows = list(
        Consent.history.filter(client_id=client.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    visits = visit_history_rows(client)
    outcomes = outcome_history_rows(client)
    user_ids, kind_ids = set(), set()
    for row in client_rows:
        user_ids.add(row.archived_by_id)
    for row in consent_rows:
        user_ids.update([row.recorded_by_id, row.withdrawn_by_id])
        kind_ids.add(row.kind_id)
    user_ids.update(visits.user_ids)
    user_ids.update(outcomes.user_ids)
    user_ids.discard(None)
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=user_ids)}
    kinds = dict(ConsentKind.objects.filter(pk__in=kind_ids).values_list("pk", "name"))
    library_names = visits.library_names()

    def show(model_field, value) -> str:
        if value in (None, ""):
            return "—"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if model_field.is_relation:
            if model_field.related_model is ConsentKind:
                return kinds.get(value, f"#{value}")
            if model_field.related_model in library_names:
                return library_names[model_field.related_model].get(value, f"#{value}")
            user = users.get(value)
            return (user.get_full_name() or user.get_username()) if user else f"#{value}"
        if isinstance(value, datetime):
            return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
        if hasattr(value, "strftime"):
            return f"{value:%d/%m/%Y}"
        return str(value)

    entries = []
    for model, rows, subject_of in (
        (Client, client_rows, lambda row: "Client details"),
        (Consent, consent_rows, lambda row: f"Consent: {kinds.get(row.kind_id, 'consent')}"),
        *visits.sources(library_names),
        *outcomes.sources(),
    ):
        tracked = {f.attname for f in model.history.model._meta.concrete_fields}
        hidden = HIDDEN_IN_HISTORY | VISIT_BOOKKEEPING | OUTCOME_BOOKKEEPING
        fields = [f for f in model._meta.concrete_fields if f.name not in hidden and f.attname in tracked]
        previous_by_object = {}
        for row in rows:
            previous = previous_by_object.get(row.id)
            changes = []
            for model_field in fields:
                new = getattr(row, model_field.attname)
                old = getattr(previous, model_field.attname) if previous is not None else None
                if previous is None and new in (None, "", False):
                    continue
                if previous is not None and old == new:
                    continue
                changes.append(
                    Change(capfirst(model_field.verbose_name), show(model_field, old), show(model_field, new))
                )
            previous_by_object[row.id] = row
            if row.history_type == "~" and not changes and not row.history_change_reason:
                # A save that changed nothing a reader sees (rows written before such saves were skipped).
                continue
            who = (
                (row.history_user.get_full_name() or row.history_user.get_username())
                if row.history_user
                else "system"
            )
            entries.append(
                HistoryEntry(
                    when=row.history_date,
                    who=who,
                    subject=subject_of(row),
                    kind={"+": "created", "~": "changed", "-": "removed"}[row.history_type],
                    changes=changes,
                    reason=row.history_change_reason or "",
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries

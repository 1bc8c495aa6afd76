"""Client records. Models live in topic modules; import them from ``records.models``."""

from records.models.audit import AccessLogEntry, AccessLogIsAppendOnly, Action
from records.models.base import DeletionRefused
from records.models.clients import (
    DRY_NEEDLING,
    GENERAL_TREATMENT,
    Client,
    ClientNumberCounter,
    Sex,
)
from records.models.consent import Consent, ConsentKind, Method

__all__ = [
    "DRY_NEEDLING",
    "GENERAL_TREATMENT",
    "AccessLogEntry",
    "AccessLogIsAppendOnly",
    "Action",
    "Client",
    "ClientNumberCounter",
    "Consent",
    "ConsentKind",
    "DeletionRefused",
    "Method",
    "Sex",
]

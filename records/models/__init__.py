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
from records.models.consent import Consent, ConsentAlreadyWithdrawn, ConsentKind, Method
from records.models.red_flags import FlagOutcome, VisitRedFlag
from records.models.visits import (
    Activity,
    Addendum,
    AddendumIsAppendOnly,
    AdverseEvent,
    AdverseEventKind,
    Finding,
    FindingStatus,
    NeedlingMethod,
    NeedlingSite,
    Severity,
    TechniqueApplication,
    Tolerance,
    Visit,
    VisitLocked,
    VisitPainMark,
    VisitStatus,
)

__all__ = [
    "DRY_NEEDLING",
    "GENERAL_TREATMENT",
    "AccessLogEntry",
    "AccessLogIsAppendOnly",
    "Action",
    "Client",
    "ClientNumberCounter",
    "Consent",
    "ConsentAlreadyWithdrawn",
    "ConsentKind",
    "DeletionRefused",
    "Method",
    "Sex",
    "Activity",
    "Addendum",
    "AddendumIsAppendOnly",
    "AdverseEvent",
    "AdverseEventKind",
    "Finding",
    "FindingStatus",
    "FlagOutcome",
    "NeedlingMethod",
    "NeedlingSite",
    "Severity",
    "TechniqueApplication",
    "Tolerance",
    "Visit",
    "VisitLocked",
    "VisitPainMark",
    "VisitRedFlag",
    "VisitStatus",
]

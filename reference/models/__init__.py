"""The reference library's models, one topic module each; import them from here."""

from reference.models.anatomy import (
    AssociationRole,
    Depth,
    Laterality,
    Muscle,
    MuscleAssociation,
    MuscleGroup,
    MusclePart,
    Palpation,
    ReferralZone,
    TriggerPoint,
    ZoneKind,
)
from reference.models.base import (
    ContentEntry,
    ContentQuerySet,
    CurationState,
    NamedEntry,
    Side,
    Status,
    Wording,
)
from reference.models.chart import BodyRegion, ChartView
from reference.models.citations import Citation
from reference.models.clinical import Condition, PerpetuatingFactor, SelfHelp, Symptom
from reference.models.library import LibraryVersion
from reference.models.screening import RedFlagRule, Urgency
from reference.models.sources import Source
from reference.models.techniques import Technique, TechniqueKind

__all__ = [
    "AssociationRole",
    "Depth",
    "Laterality",
    "Palpation",
    "BodyRegion",
    "Citation",
    "CurationState",
    "ChartView",
    "Condition",
    "ContentEntry",
    "ContentQuerySet",
    "LibraryVersion",
    "Muscle",
    "MuscleAssociation",
    "MuscleGroup",
    "MusclePart",
    "NamedEntry",
    "PerpetuatingFactor",
    "RedFlagRule",
    "ReferralZone",
    "SelfHelp",
    "Side",
    "Source",
    "Status",
    "Symptom",
    "Technique",
    "TechniqueKind",
    "TriggerPoint",
    "Urgency",
    "Wording",
    "ZoneKind",
]

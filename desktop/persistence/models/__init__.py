"""The shared database schema (SQLAlchemy 2.0 typed models).

The registry (一标三实: standard address, actual population, actual housing, actual units) is
read-mostly: it is loaded from the district's shared data (or seeded synthetically) and read at
every window. Relationships are ``lazy="raise"``: code that needs related rows says so in its
query, and an accidental lazy load fails loudly instead of querying from the wrong place.

Services never hand these rows out; they return frozen dataclasses (``desktop.domain``).

One module per area; this package re-exports every model, so ``from desktop.persistence.models
import X`` and Alembic's ``Base.metadata`` see the whole schema.
"""

from __future__ import annotations

from desktop.persistence.models.audit import AuditEvent, AuditHead, AuditPersonKey
from desktop.persistence.models.base import NAMING_CONVENTION, Base
from desktop.persistence.models.calendar import CalendarDay
from desktop.persistence.models.cases import (
    Case,
    CaseDraft,
    CaseMaterial,
    CaseNumberSequence,
    CaseRating,
    CaseStep,
    ClockPause,
    RatingFollowUp,
    ReviewTask,
)
from desktop.persistence.models.changes import ChangeFeedEntry
from desktop.persistence.models.documents import DocumentBlob, IssuedDocument, PrintJob, SigningKey
from desktop.persistence.models.queue import QueueBooking, QueueDay, QueueTicket, QueueWindow
from desktop.persistence.models.registry import (
    Building,
    Dwelling,
    DwellingParty,
    Employment,
    IssuedCertificate,
    Person,
    RegistryMeta,
    StandardAddress,
    Unit,
)
from desktop.persistence.models.sweeps import (
    DailyFigures,
    DailyRatings,
    DailyReviewBucket,
    DailyReviewLoad,
    DailyReviewTime,
    DailyRollup,
    DeadlineSnapshot,
    RollupWatermark,
    SweepLock,
)
from desktop.persistence.models.users import User

__all__ = [
    "NAMING_CONVENTION",
    "AuditEvent",
    "AuditHead",
    "AuditPersonKey",
    "Base",
    "Building",
    "CalendarDay",
    "Case",
    "CaseDraft",
    "CaseMaterial",
    "CaseNumberSequence",
    "CaseRating",
    "CaseStep",
    "ChangeFeedEntry",
    "ClockPause",
    "DailyFigures",
    "DailyRatings",
    "DailyReviewBucket",
    "DailyReviewLoad",
    "DailyReviewTime",
    "DailyRollup",
    "DeadlineSnapshot",
    "DocumentBlob",
    "Dwelling",
    "DwellingParty",
    "Employment",
    "IssuedCertificate",
    "IssuedDocument",
    "Person",
    "PrintJob",
    "QueueBooking",
    "QueueDay",
    "QueueTicket",
    "QueueWindow",
    "RatingFollowUp",
    "RegistryMeta",
    "ReviewTask",
    "RollupWatermark",
    "SigningKey",
    "StandardAddress",
    "SweepLock",
    "Unit",
    "User",
]

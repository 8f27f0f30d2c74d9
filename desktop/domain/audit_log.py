"""The audit log as the supervisor reads it: a query, its records, a page, the chain's status.

Plain frozen records (no I/O): ``desktop.services.audit_search`` fills them, the audit viewer
(``ui/supervisor/audit_page.py``) and ``onewindow-admin audit search`` show them.

A query may carry an identity number typed by the supervisor (:attr:`AuditQuery.person`); it is
never stored, logged nor shown: the service turns it into the person's keyed pseudonym, and
``repr`` leaves it out so that a log line or a traceback holding the query cannot reveal it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "MAX_PAGE_SIZE",
    "AuditChoices",
    "AuditOutcome",
    "AuditPage",
    "AuditQuery",
    "AuditRecord",
    "ChainStatus",
    "ChainStatusSource",
    "ExportReport",
    "outcome_of",
]

#: The most records one page may hold (the viewer asks for 50).
MAX_PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """What to find: every filter left empty matches everything; newest first.

    ``since`` is inclusive, ``until`` exclusive (aware datetimes; a naive one is UTC).
    ``before_seq`` pages back: only events older than that sequence number (the previous page's
    :attr:`AuditPage.next_before`).
    """

    #: An identity number as typed: never stored, logged or shown (not in ``repr``).
    person: str = field(default="", repr=False)
    user: str = ""
    action: str = ""
    station: str = ""
    since: datetime | None = None
    until: datetime | None = None
    before_seq: int | None = None
    limit: int = 50

    @property
    def empty(self) -> bool:
        """No filter at all (paging aside): the whole log, newest first."""
        return not (
            self.person or self.user or self.action or self.station or self.since or self.until
        )


class AuditOutcome(StrEnum):
    """What came of the action an event records (the viewer's "outcome" column)."""

    DONE = "done"
    #: A look-up that found nobody (``detail.found`` false).
    NOT_FOUND = "not_found"
    #: Refused: a permission, a kiosk's card holder, a station kind.
    DENIED = "denied"
    #: Failed: a wrong password, a lock-out.
    FAILED = "failed"


def outcome_of(action: str, detail: Mapping[str, object]) -> AuditOutcome:
    """The outcome an event's action and detail say (the actions name refusals and failures)."""
    if action == "auth.denied" or action.endswith((".denied", ".refused")):
        return AuditOutcome.DENIED
    if "fail" in action or action == "auth.locked_out":
        return AuditOutcome.FAILED
    if detail.get("found") is False:
        return AuditOutcome.NOT_FOUND
    return AuditOutcome.DONE


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit event as the viewer shows it."""

    seq: int
    #: When, in the hall's time zone (aware).
    occurred_at: datetime
    actor: str
    station: str
    action: str
    #: What it concerned: a masked number (``person:110105********002X``), a case, a user.
    subject: str
    purpose: str
    #: The keyed pseudonym of the person concerned ("" when the event names none).
    person_key: str
    outcome: AuditOutcome
    #: The event's detail as canonical JSON text (read-only; pseudonyms, never clear numbers).
    detail_json: str
    #: When searching by person: False for an event found only by its masked number (its
    #: pseudonym could not be kept, e.g. re-keyed from an earlier version), else True.
    same_person: bool = True

    @property
    def detail(self) -> dict[str, object]:
        value = json.loads(self.detail_json)
        return value if isinstance(value, dict) else {}

    @property
    def person_key_short(self) -> str:
        """The pseudonym shortened for a table column (enough to tell people apart)."""
        return self.person_key[:8]


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of results, newest first."""

    records: tuple[AuditRecord, ...]
    #: ``before_seq`` for the next (older) page; None when this is the last.
    next_before: int | None
    #: The sequence number of the audit event that records this search.
    search_seq: int


@dataclass(frozen=True, slots=True)
class AuditChoices:
    """What the filter bar offers: the actions, staff and stations the log holds."""

    actions: tuple[str, ...]
    users: tuple[str, ...]
    stations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExportReport:
    path: str
    rows: int
    #: More events matched than an export holds (the newest ``rows`` were written).
    truncated: bool
    #: The sequence number of the audit event that records the export.
    export_seq: int


class ChainStatusSource(StrEnum):
    #: A full verification (``audit verify``, or "verify now" in the viewer).
    VERIFY = "verify"
    #: A checkpoint taken by this station (the window's start or close, ``audit checkpoint``):
    #: the chain's head at that moment, signed.
    CHECKPOINT = "checkpoint"
    #: Nothing recorded on this station yet.
    NONE = "none"


@dataclass(frozen=True, slots=True)
class ChainStatus:
    """The last verification of the audit chain known to this station."""

    source: ChainStatusSource
    #: When (aware UTC); None when nothing is recorded.
    at: datetime | None = None
    ok: bool = False
    #: The last event verified (or checkpointed).
    verified_to: int | None = None
    #: Where the chain breaks (the first bad event), when it does and the event is known.
    broken_at: int | None = None
    #: Why it is not ok (English, for the log and the detail); "" when ok.
    problem: str = ""
    #: Checkpoints that no longer match (their problems), from a verification.
    checkpoint_problems: tuple[str, ...] = ()
    #: The station that recorded it.
    station: str = ""

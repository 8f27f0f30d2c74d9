"""The audit log: append-only events chained by hash.

Each event's hash covers its predecessor's hash and its own canonical content, so an edited,
deleted, inserted or reordered row breaks the chain at that row. The chain's anchor
(``audit_head``: last sequence number and hash) is updated in the same transaction as the event;
appending locks it first, so concurrent stations append one after another, and a deleted last
event shows as a head that points past the end.

Every service writes through :func:`append_event` inside its own unit of work, so an action and
its audit event commit (or roll back) together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import Connection, String, Table, bindparam, insert, select, update

from desktop.domain.errors import CodedError
from desktop.domain.registry import Actor
from desktop.persistence.models import AuditEvent, AuditHead
from desktop.persistence.prepared import Prepared

GENESIS_HASH = "0" * 64

_events = cast(Table, AuditEvent.__table__)
_head = cast(Table, AuditHead.__table__)

# Appending is on every look-up's path: the three statements are prepared once.
_LOCK_HEAD = Prepared(
    update(_head)
    .where(_head.c.id == 1)
    .values(last_seq=_head.c.last_seq + 1)
    .returning(_head.c.last_seq, _head.c.last_hash)
)
_INSERT_EVENT = Prepared(insert(_events))
_SET_HEAD_HASH = Prepared(
    update(_head).where(_head.c.id == 1).values(last_hash=bindparam("digest", type_=String))
)


class AuditErrorCode(StrEnum):
    PURPOSE_REQUIRED = "audit.purpose_required"


class AuditError(CodedError, ValueError):
    code: AuditErrorCode

    def __init__(self, code: AuditErrorCode, message: str) -> None:
        super().__init__(message, code=code)


def _utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def event_hash(
    prev_hash: str,
    seq: int,
    occurred_at: datetime,
    actor: str,
    station: str,
    action: str,
    subject: str,
    purpose: str,
    detail: Mapping[str, object],
) -> str:
    """The hash of one event: sha256 over the previous hash and the canonical content."""
    canonical = json.dumps(
        [
            seq,
            _utc_naive(occurred_at).isoformat(timespec="microseconds"),
            actor,
            station,
            action,
            subject,
            purpose,
            detail,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def require_purpose(purpose: str | None) -> str:
    text = (purpose or "").strip()
    if not text:
        raise AuditError(
            AuditErrorCode.PURPOSE_REQUIRED,
            "A look-up of personal data needs a purpose (the matter or reason it serves).",
        )
    return text


def append_event(
    conn: Connection,
    actor: Actor,
    action: str,
    subject: str,
    purpose: str,
    detail: Mapping[str, object] | None = None,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> int:
    """Append one event inside the caller's transaction; returns its sequence number."""
    purpose = require_purpose(purpose)
    # Lock the anchor first: concurrent appenders queue here, so the chain never forks.
    head = _LOCK_HEAD.one_or_none(conn)
    if head is None:
        raise RuntimeError("the audit anchor row is missing: the database was not migrated")
    seq, prev_hash = int(head["last_seq"]), str(head["last_hash"])
    # Stored with its time zone (UTC), hashed as naive UTC: the same on every backend.
    occurred_at = now().astimezone(UTC)
    payload = dict(detail or {})
    digest = event_hash(
        prev_hash, seq, occurred_at, actor.user, actor.station, action, subject, purpose, payload
    )
    _INSERT_EVENT.run(
        conn,
        seq=seq,
        occurred_at=occurred_at,
        actor=actor.user,
        station=actor.station,
        action=action,
        subject=subject,
        purpose=purpose,
        detail=payload,
        prev_hash=prev_hash,
        hash=digest,
    )
    _SET_HEAD_HASH.run(conn, digest=digest)
    return seq


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    #: Sequence number of the first event that breaks the chain (or where one is missing).
    first_broken_seq: int | None = None
    problem: str = ""


def verify_chain(conn: Connection, *, batch: int = 10_000) -> ChainReport:
    """Walk the whole chain in order; report the first broken event."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    result = conn.execution_options(yield_per=batch).execute(
        select(_events).order_by(_events.c.seq)
    )
    for ev in result:
        if ev.seq != expected_seq:
            problem = (
                f"event {expected_seq} is missing (deleted), the next one is {ev.seq}"
                if ev.seq > expected_seq
                else f"event {ev.seq} is out of order"
            )
            return ChainReport(False, checked, expected_seq, problem)
        if ev.prev_hash != prev_hash:
            return ChainReport(
                False,
                checked,
                ev.seq,
                f"event {ev.seq} does not follow event {ev.seq - 1} (moved, swapped or a "
                "predecessor was altered)",
            )
        recomputed = event_hash(
            ev.prev_hash,
            ev.seq,
            ev.occurred_at,
            ev.actor,
            ev.station,
            ev.action,
            ev.subject,
            ev.purpose,
            ev.detail or {},
        )
        if recomputed != ev.hash:
            return ChainReport(
                False,
                checked,
                ev.seq,
                f"event {ev.seq} was edited: its content no longer matches its hash",
            )
        prev_hash = ev.hash
        expected_seq += 1
        checked += 1
    result.close()
    head = conn.execute(select(_head.c.last_seq, _head.c.last_hash).where(_head.c.id == 1)).one()
    if int(head.last_seq) != checked or head.last_hash != prev_hash:
        return ChainReport(
            False,
            checked,
            checked + 1 if int(head.last_seq) > checked else int(head.last_seq),
            f"the chain ends at event {checked} but its anchor says {head.last_seq} "
            "(the newest events were deleted, or the anchor was altered)",
        )
    return ChainReport(True, checked)

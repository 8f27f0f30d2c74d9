"""The audit log: append-only events chained by a keyed MAC.

Each event's MAC (HMAC-SHA256 keyed with the hall's secret, :mod:`desktop.services.secrets`)
covers its predecessor's MAC and its own canonical content, so an edited, deleted, inserted or
reordered row breaks the chain at that row — and, the key being kept outside the database, no
one who can only write the database can re-compute the chain after an edit or forge an append.
The chain's anchor (``audit_head``: last sequence number, last MAC and the id of the secret the
chain is keyed with) is updated in the same transaction as the event; appending locks it first,
so concurrent stations append one after another, and a deleted last event shows as a head that
points past the end.

Cutting the newest events *and* moving the anchor back leaves a shorter chain that is still
valid; so is restoring an older copy of the whole database. Both are caught by checkpoints kept
outside the database (:mod:`desktop.services.audit_checkpoints`), signed by the station.

Chains written by earlier versions were hashed without a key (``audit_head.key_id`` is NULL):
they are verified with that rule and re-keyed once (:func:`rekey_chain`), from a verified state.

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
from desktop.services.secrets import HallSecret, hall_secret_for

GENESIS_HASH = "0" * 64

_events = cast(Table, AuditEvent.__table__)
_head = cast(Table, AuditHead.__table__)

# Appending is on every look-up's path: the three statements are prepared once.
_LOCK_HEAD = Prepared(
    update(_head)
    .where(_head.c.id == 1)
    .values(last_seq=_head.c.last_seq + 1)
    .returning(_head.c.last_seq, _head.c.last_hash, _head.c.key_id)
)
_INSERT_EVENT = Prepared(insert(_events))
_SET_HEAD_HASH = Prepared(
    update(_head).where(_head.c.id == 1).values(last_hash=bindparam("digest", type_=String))
)
_CLAIM_HEAD = Prepared(
    update(_head)
    .where(_head.c.id == 1)
    .values(last_hash=bindparam("digest", type_=String), key_id=bindparam("key_id", type_=String))
)


class AuditErrorCode(StrEnum):
    PURPOSE_REQUIRED = "audit.purpose_required"
    #: This station's hall secret is not the one the chain is keyed with.
    SECRET_MISMATCH = "audit.secret_mismatch"
    #: The chain was written by an earlier version (unkeyed) and has not been re-keyed yet.
    NOT_KEYED = "audit.not_keyed"
    #: Re-keying refused: the unkeyed chain does not verify, or the chain is keyed already.
    REKEY_REFUSED = "audit.rekey_refused"
    #: No checkpoint taken: the chain's anchor does not match its last event.
    CHECKPOINT_REFUSED = "audit.checkpoint_refused"


class AuditError(CodedError, ValueError):
    code: AuditErrorCode

    def __init__(self, code: AuditErrorCode, message: str, message_zh: str = "") -> None:
        super().__init__(message, message_zh, code=code)


def _utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _canonical(
    prev_hash: str,
    seq: int,
    occurred_at: datetime,
    actor: str,
    station: str,
    action: str,
    subject: str,
    purpose: str,
    detail: Mapping[str, object],
) -> bytes:
    """The bytes an event's hash or MAC covers: the predecessor's, then the canonical content."""
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
    return (prev_hash + canonical).encode("utf-8")


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
    """The unkeyed hash of earlier versions (sha256): only to verify a chain before re-keying."""
    data = _canonical(prev_hash, seq, occurred_at, actor, station, action, subject, purpose, detail)
    return hashlib.sha256(data).hexdigest()


def event_mac(
    secret: HallSecret,
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
    """The MAC of one event: HMAC-SHA256, keyed with the hall's secret, over the predecessor's
    MAC and the canonical content."""
    return secret.mac(
        _canonical(prev_hash, seq, occurred_at, actor, station, action, subject, purpose, detail)
    )


def require_purpose(purpose: str | None) -> str:
    text = (purpose or "").strip()
    if not text:
        raise AuditError(
            AuditErrorCode.PURPOSE_REQUIRED,
            "A look-up of personal data needs a purpose (the matter or reason it serves).",
        )
    return text


def _mismatch(secret: HallSecret, chain_key_id: str) -> AuditError:
    return AuditError(
        AuditErrorCode.SECRET_MISMATCH,
        f"This station's hall secret ({secret.key_id}) is not the one the audit chain is keyed "
        f"with ({chain_key_id}). Import the hall's secret from a station that works "
        "(onewindow-admin secret export / secret import).",
        f"本工作站的大厅密钥（{secret.key_id}）与审计链所用密钥（{chain_key_id}）不一致。请从"
        "正常工作的工作站导入大厅密钥（onewindow-admin secret export / secret import）。",
    )


def _not_keyed() -> AuditError:
    return AuditError(
        AuditErrorCode.NOT_KEYED,
        "The audit chain was written by an earlier version and is not keyed yet: run "
        "`onewindow-admin audit rekey` (the window does it at its start).",
        "审计链由旧版本写入，尚未使用密钥重新计算：请执行 onewindow-admin audit rekey。",
    )


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
    """Append one event inside the caller's transaction; returns its sequence number.

    Refuses (:class:`AuditError`) with a secret that is not the chain's, and on a chain of an
    earlier version that was not re-keyed yet; the first event of an empty chain records the id
    of the secret it is keyed with.
    """
    purpose = require_purpose(purpose)
    secret = hall_secret_for(conn)
    # Lock the anchor first: concurrent appenders queue here, so the chain never forks.
    head = _LOCK_HEAD.one_or_none(conn)
    if head is None:
        raise RuntimeError("the audit anchor row is missing: the database was not migrated")
    seq, prev_hash = int(head["last_seq"]), str(head["last_hash"])
    chain_key = head["key_id"]
    if chain_key is None and seq != 1:
        raise _not_keyed()
    if chain_key is not None and chain_key != secret.key_id:
        raise _mismatch(secret, str(chain_key))
    # Stored with its time zone (UTC), hashed as naive UTC: the same on every backend.
    occurred_at = now().astimezone(UTC)
    payload = dict(detail or {})
    digest = event_mac(
        secret,
        prev_hash,
        seq,
        occurred_at,
        actor.user,
        actor.station,
        action,
        subject,
        purpose,
        payload,
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
    if chain_key is None:
        _CLAIM_HEAD.run(conn, digest=digest, key_id=secret.key_id)
    else:
        _SET_HEAD_HASH.run(conn, digest=digest)
    return seq


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    #: Sequence number of the first event that breaks the chain (or where one is missing).
    first_broken_seq: int | None = None
    problem: str = ""
    #: False: a chain of an earlier version, checked with the unkeyed rule (not re-keyed yet).
    keyed: bool = True
    #: The last verified event's MAC (what a checkpoint records).
    last_mac: str = GENESIS_HASH


Digest = Callable[[str, int, datetime, str, str, str, str, str, Mapping[str, object]], str]


def _walk(
    conn: Connection, digest: Digest, batch: int, *, rule: str
) -> tuple[ChainReport | None, int, str]:
    """Check every event in order; (the report of the first break or None, count, last MAC)."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    result = conn.execution_options(yield_per=batch).execute(
        select(_events).order_by(_events.c.seq)
    )
    try:
        for ev in result:
            if ev.seq != expected_seq:
                problem = (
                    f"event {expected_seq} is missing (deleted), the next one is {ev.seq}"
                    if ev.seq > expected_seq
                    else f"event {ev.seq} is out of order"
                )
                return ChainReport(False, checked, expected_seq, problem), checked, prev_hash
            if ev.prev_hash != prev_hash:
                return (
                    ChainReport(
                        False,
                        checked,
                        ev.seq,
                        f"event {ev.seq} does not follow event {ev.seq - 1} (moved, swapped or "
                        "a predecessor was altered)",
                    ),
                    checked,
                    prev_hash,
                )
            recomputed = digest(
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
                return (
                    ChainReport(
                        False,
                        checked,
                        ev.seq,
                        f"event {ev.seq} was edited or forged: its content no longer matches "
                        f"its {rule}",
                    ),
                    checked,
                    prev_hash,
                )
            prev_hash = ev.hash
            expected_seq += 1
            checked += 1
    finally:
        result.close()
    return None, checked, prev_hash


def _keyed_digest(secret: HallSecret) -> Digest:
    def digest(*fields: object) -> str:
        return event_mac(secret, *fields)  # type: ignore[arg-type]

    return digest


def verify_chain(
    conn: Connection, *, secret: HallSecret | None = None, batch: int = 10_000
) -> ChainReport:
    """Walk the whole chain in order; report the first broken event.

    A keyed chain is checked with ``secret`` (default: the one bound to the database); a chain
    of an earlier version with the unkeyed rule (``keyed=False`` in the report). Raises
    :class:`AuditError` (``audit.secret_mismatch``) when the station's secret is not the
    chain's — unless the secret verifies the first event, in which case the anchor's key id was
    altered and that is reported as a broken chain.
    """
    head = conn.execute(
        select(_head.c.last_seq, _head.c.last_hash, _head.c.key_id).where(_head.c.id == 1)
    ).one()
    keyed = head.key_id is not None
    if keyed:
        secret = secret or hall_secret_for(conn)
        if head.key_id != secret.key_id:
            if _first_event_verifies(conn, secret):
                return ChainReport(
                    False,
                    0,
                    None,
                    f"the anchor names the secret {head.key_id}, but the events are keyed with "
                    f"this station's ({secret.key_id}): the anchor was altered",
                )
            raise _mismatch(secret, str(head.key_id))
        digest = _keyed_digest(secret)
        rule = "MAC"
    else:
        digest = event_hash
        rule = "hash (unkeyed chain of an earlier version)"
    broken, checked, last = _walk(conn, digest, batch, rule=rule)
    if broken is not None:
        return ChainReport(
            broken.ok, broken.checked, broken.first_broken_seq, broken.problem, keyed, last
        )
    if int(head.last_seq) != checked or head.last_hash != last:
        return ChainReport(
            False,
            checked,
            checked + 1 if int(head.last_seq) > checked else int(head.last_seq),
            f"the chain ends at event {checked} but its anchor says {head.last_seq} "
            "(the newest events were deleted, or the anchor was altered)",
            keyed,
            last,
        )
    if not keyed and checked == 0 and head.key_id is None:
        keyed = True  # an empty chain: keyed from its first event on
    return ChainReport(True, checked, keyed=keyed, last_mac=last)


def _first_event_verifies(conn: Connection, secret: HallSecret) -> bool:
    ev = conn.execute(select(_events).where(_events.c.seq == 1)).one_or_none()
    if ev is None:
        return False
    return bool(
        event_mac(
            secret,
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
        == ev.hash
    )


def chain_key_id(conn: Connection) -> str | None:
    """The id of the secret the chain is keyed with (None: empty, or not re-keyed yet)."""
    return conn.execute(select(_head.c.key_id).where(_head.c.id == 1)).scalar_one_or_none()


def chain_is_legacy(conn: Connection) -> bool:
    """True for a non-empty chain of an earlier version (unkeyed, to be re-keyed)."""
    row = conn.execute(select(_head.c.last_seq, _head.c.key_id).where(_head.c.id == 1)).one()
    return row.key_id is None and int(row.last_seq) > 0


DetailRewrite = Callable[[dict[str, object]], dict[str, object]]


def rekey_chain(
    conn: Connection,
    secret: HallSecret,
    *,
    rewrite_detail: DetailRewrite | None = None,
    batch: int = 5_000,
) -> int:
    """Re-key an unkeyed chain of an earlier version, inside the caller's transaction.

    Locks the anchor, verifies the whole chain with the unkeyed rule (refusing, with the first
    broken event, if it does not verify: a chain is only ever re-keyed from a verified state),
    then recomputes every event's MAC in order — ``rewrite_detail`` may first replace stored
    pseudonyms in an event's detail — and records the secret's id at the anchor. Returns the
    number of events re-keyed.
    """
    locked = conn.execute(
        update(_head)
        .where(_head.c.id == 1)
        .values(last_seq=_head.c.last_seq)
        .returning(_head.c.last_seq, _head.c.key_id)
    ).one()
    if locked.key_id is not None:
        raise AuditError(
            AuditErrorCode.REKEY_REFUSED,
            f"The audit chain is keyed already (with the secret {locked.key_id}).",
        )
    report = verify_chain(conn, batch=batch)
    if not report.ok:
        raise AuditError(
            AuditErrorCode.REKEY_REFUSED,
            f"The unkeyed audit chain does not verify, so it was not re-keyed: event "
            f"{report.first_broken_seq}: {report.problem}",
        )
    prev = GENESIS_HASH
    count = 0
    last_seq = 0
    while True:
        rows = conn.execute(
            select(_events).where(_events.c.seq > last_seq).order_by(_events.c.seq).limit(batch)
        ).all()
        if not rows:
            break
        for ev in rows:
            detail = dict(ev.detail or {})
            if rewrite_detail is not None:
                detail = rewrite_detail(detail)
            mac = event_mac(
                secret,
                prev,
                ev.seq,
                ev.occurred_at,
                ev.actor,
                ev.station,
                ev.action,
                ev.subject,
                ev.purpose,
                detail,
            )
            values: dict[str, object] = {"prev_hash": prev, "hash": mac}
            if detail != (ev.detail or {}):
                values["detail"] = detail
            conn.execute(update(_events).where(_events.c.seq == ev.seq).values(**values))
            prev = mac
            last_seq = ev.seq
            count += 1
    conn.execute(update(_head).where(_head.c.id == 1).values(last_hash=prev, key_id=secret.key_id))
    return count

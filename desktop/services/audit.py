"""The audit log: append-only events chained by a keyed MAC, in lanes.

Each event's MAC (HMAC-SHA256 keyed with the hall's secret, :mod:`desktop.services.secrets`)
covers its predecessor's MAC and its own canonical content, so an edited, deleted, inserted or
reordered row breaks the chain at that row — and, the key being kept outside the database, no
one who can only write the database can re-compute the chain after an edit or forge an append.

The log is several such chains side by side, *lanes* (``audit_head``: one row per lane with
the MAC and ``seq`` of its newest event and the id of the secret it is keyed with). One anchor
row locked from every append to its transaction's end made every station's every write queue
on it; now an append takes a lane nobody holds (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; a
transaction that appends again keeps its lane; SQLite has one writer anyway and uses lane 1),
links the event to that lane's newest (``lane``, ``prev_seq``, ``prev_hash``) and moves that
lane's anchor in the same transaction. ``seq`` numbers every event over all lanes (PostgreSQL:
a sequence, so a rolled-back append leaves a gap — not a break: lanes link by MAC). Each lane
starts from a genesis of its own (:func:`lane_genesis`), so one lane's events cannot be passed
off as another's. :func:`verify_chain` walks every lane; a deleted last event of a lane shows as
an anchor pointing past the lane's end.

Cutting a lane's newest events *and* moving its anchor back leaves a shorter lane that is still
valid; so is restoring an older copy of the whole database. Both are caught by checkpoints kept
outside the database (:mod:`desktop.services.audit_checkpoints`), signed by the station, which
record every lane's head.

Chains written by earlier versions were one chain hashed without a key (lane 1 after migration
0016, ``audit_head.key_id`` NULL): they are verified with that rule and re-keyed once
(:func:`rekey_chain`), from a verified state.

Every service writes through :func:`append_event` inside its own unit of work, so an action and
its audit event commit (or roll back) together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    column,
    insert,
    or_,
    select,
    text,
    update,
)

from desktop.domain.errors import CodedError
from desktop.domain.registry import Actor
from desktop.persistence.models import AuditEvent, AuditHead
from desktop.persistence.prepared import Prepared
from desktop.services import audit_lanes as lanes
from desktop.services import changes
from desktop.services.audit_lanes import lane_genesis
from desktop.services.secrets import HallSecret, hall_secret_for

GENESIS_HASH = "0" * 64

_events = cast(Table, AuditEvent.__table__)
_head = cast(Table, AuditHead.__table__)


_INSERT_EVENT = Prepared(insert(_events))
_MOVE_LANE = Prepared(
    update(_head)
    .where(_head.c.id == bindparam("lane_id", type_=Integer))
    .values(
        last_seq=bindparam("new_seq", type_=BigInteger),
        last_hash=bindparam("digest", type_=String),
    )
)
_CLAIM_LANE = Prepared(
    update(_head)
    .where(_head.c.id == bindparam("lane_id", type_=Integer))
    .values(
        last_seq=bindparam("new_seq", type_=BigInteger),
        last_hash=bindparam("digest", type_=String),
        key_id=bindparam("key", type_=String),
    )
)
#: PostgreSQL: the event and its lane's anchor moved to it, in one round trip (the anchor's
#: ``UPDATE`` with the event's ``INSERT`` as a data-modifying ``WITH``; both run, always).
_APPEND = (
    update(_head)
    .where(_head.c.id == bindparam("lane_id", type_=Integer))
    .values(
        last_seq=bindparam("new_seq", type_=BigInteger),
        last_hash=bindparam("digest", type_=String),
    )
    .add_cte(insert(_events).cte("appended"))
)
_APPEND_AND_MOVE = Prepared(_APPEND)
#: PostgreSQL: the same, with the change feed's rows and notification of the transaction's
#: live topics (:mod:`desktop.services.changes`) in the same round trip — the statement that
#: ends most transactions publishes what they changed in passing.
_FED = (
    text(changes.FEED_ROWS).columns(column("seq", BigInteger), column("topic", String)).cte("fed")
)
_TOLD = text(changes.FEED_TOLD).columns(column("seqs"), column("sent")).cte("told")
_APPEND_MOVE_AND_PUBLISH = Prepared(
    _APPEND.add_cte(_FED)
    .add_cte(_TOLD)
    .returning(select(_TOLD.c.seqs).scalar_subquery().label("feed_seqs"))
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
    PURPOSE_INVALID = "audit.purpose_invalid"


#: The length of ``audit_events.purpose`` (PostgreSQL refuses longer; SQLite would store it).
PURPOSE_MAX_CHARS = 200


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
    if len(text) > PURPOSE_MAX_CHARS:
        raise AuditError(
            AuditErrorCode.PURPOSE_INVALID,
            f"The purpose is {len(text)} characters long; at most {PURPOSE_MAX_CHARS} are kept.",
        )
    try:
        text.encode("utf-8")  # a command-line argument that was not UTF-8 holds surrogates
    except UnicodeEncodeError:
        raise AuditError(
            AuditErrorCode.PURPOSE_INVALID,
            "The purpose is not valid text (bytes that are not UTF-8); type it again.",
        ) from None
    if any(ord(c) < 32 and c not in "\t" for c in text) or "\x7f" in text:
        raise AuditError(
            AuditErrorCode.PURPOSE_INVALID,
            "The purpose holds control characters; write it on one line.",
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


def _check_claim(conn: Connection, secret: HallSecret, lane: int) -> None:
    """Before a lane's first event records the secret: the other lanes agree (none keyed with
    another secret; none holding a chain of an earlier version that was not re-keyed)."""
    others = conn.execute(
        select(_head.c.key_id, _head.c.last_seq).where(
            _head.c.id != lane, or_(_head.c.key_id.is_not(None), _head.c.last_seq > 0)
        )
    ).all()
    for other in others:
        if other.key_id is None:
            raise _not_keyed()
        if other.key_id != secret.key_id:
            raise _mismatch(secret, str(other.key_id))


def append_event(
    conn: Connection,
    actor: Actor,
    action: str,
    subject: str,
    purpose: str,
    detail: Mapping[str, object] | None = None,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    publish: Collection[str] = (),
) -> int:
    """Append one event inside the caller's transaction; returns its sequence number.

    ``publish``: live topics the transaction changed (:func:`desktop.services.changes.publish`),
    published with the event — on PostgreSQL in the same statement (one round trip fewer).

    Refuses (:class:`AuditError`) with a secret that is not the chain's, and on a chain of an
    earlier version that was not re-keyed yet; a lane's first event records the id of the
    secret it is keyed with.
    """
    purpose = require_purpose(purpose)
    secret = hall_secret_for(conn)
    # Lock a lane first: appenders in the same lane queue here, so a lane never forks.
    head = lanes.take_lane(conn)
    lane, seq = int(head["id"]), int(head["seq"])
    prev_seq, prev_hash = int(head["last_seq"]), str(head["last_hash"])
    chain_key = head["key_id"]
    if chain_key is None:
        if prev_seq != 0:
            raise _not_keyed()
        _check_claim(conn, secret, lane)
    elif chain_key != secret.key_id:
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
    event = dict(
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
        lane=lane,
        prev_seq=prev_seq,
    )
    if chain_key is None:  # the lane's first event records the secret
        _INSERT_EVENT.run(conn, **event)
        _CLAIM_LANE.run(conn, lane_id=lane, new_seq=seq, digest=digest, key=secret.key_id)
    elif conn.dialect.name == "postgresql":
        # this transaction holds the lane: its head is now this event (a next event of the
        # transaction needs only a number, see number_taken)
        lanes.wrote_head(conn, lane, seq, digest, str(chain_key))
        topics = changes.take_unpublished(conn, publish) if publish else []
        if topics and len(topics) <= changes.PG_CHUNK:
            row = _APPEND_MOVE_AND_PUBLISH.one_or_none(
                conn,
                lane_id=lane,
                new_seq=seq,
                digest=digest,
                **event,
                **changes.feed_params(topics),
            )
            assert row is not None
            changes.fed(conn, [int(s) for s in row["feed_seqs"]])
            return seq
        _APPEND_AND_MOVE.run(conn, lane_id=lane, new_seq=seq, digest=digest, **event)
        if topics:
            changes.publish_now(conn, topics, datetime.now(UTC))
        return seq
    else:
        _INSERT_EVENT.run(conn, **event)
        _MOVE_LANE.run(conn, lane_id=lane, new_seq=seq, digest=digest)
    if publish:
        changes.publish(conn, *publish)
    return seq


@dataclass(frozen=True, slots=True)
class LaneHead:
    """A lane's newest event as verified (``seq`` 0: the lane is empty; ``mac`` its genesis)."""

    lane: int
    seq: int
    mac: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    #: Sequence number of the first event that breaks the chain (or where one is missing).
    first_broken_seq: int | None = None
    problem: str = ""
    #: False: a chain of an earlier version, checked with the unkeyed rule (not re-keyed yet).
    keyed: bool = True
    #: The newest verified event's MAC.
    last_mac: str = GENESIS_HASH
    #: The lane of the first break (None: not one lane's, or none).
    lane: int | None = None
    #: Every lane's head as verified (what a checkpoint records); empty when broken.
    lanes: tuple[LaneHead, ...] = ()


Digest = Callable[[str, int, datetime, str, str, str, str, str, Mapping[str, object]], str]


@dataclass(slots=True)
class _Break:
    seq: int
    lane: int | None
    problem: str
    #: A missing predecessor (``seq``) seen at this event.
    missing_before: int | None = None


def _link_problem(
    ev: Any, prev_seq: int, prev_hash: str, digest: Digest, rule: str
) -> _Break | None:
    """Why ``ev`` does not follow ``prev_seq``/``prev_hash`` in its lane (None: it does)."""
    where = f" (lane {ev.lane})"
    if ev.prev_seq != prev_seq:
        if prev_seq < ev.prev_seq < ev.seq:
            return _Break(
                ev.prev_seq,
                ev.lane,
                f"event {ev.prev_seq} is missing (deleted), the next one is {ev.seq}{where}",
                ev.seq,
            )
        return _Break(ev.seq, ev.lane, f"event {ev.seq} is out of order{where}")
    if ev.prev_hash != prev_hash:
        return _Break(
            ev.seq,
            ev.lane,
            f"event {ev.seq} does not follow event {prev_seq} (moved, swapped or a predecessor "
            f"was altered){where}",
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
        return _Break(
            ev.seq,
            ev.lane,
            f"event {ev.seq} was edited or forged: its content no longer matches its {rule}{where}",
        )
    return None


@dataclass(slots=True)
class _Lane:
    """One lane during the walk."""

    lane: int
    prev_seq: int = 0
    prev_hash: str = ""
    #: The anchor's event was walked and matched (or the anchor names none).
    anchor_seen: bool = False
    broken: bool = False


def _walk(
    conn: Connection, heads: Mapping[int, Any], digest: Digest, batch: int, *, rule: str
) -> tuple[list[_Break], int, dict[int, LaneHead]]:
    """Check every lane in order: (the breaks, one per broken lane; events verified; heads).

    A lane's anchor must be one of its events (the newest when nobody appended since the
    anchors were read: later events are fine, their MACs and links are checked like any)."""
    breaks: list[_Break] = []
    verified: dict[int, LaneHead] = {}
    checked = 0
    current: _Lane | None = None

    def finish(state: _Lane) -> None:
        if state.broken:
            return
        head = heads[state.lane]
        if not state.anchor_seen:
            breaks.append(_tail_break(state.lane, state.prev_seq, int(head.last_seq)))
            return
        verified[state.lane] = LaneHead(state.lane, state.prev_seq, state.prev_hash)

    result = conn.execution_options(yield_per=batch).execute(
        select(_events).order_by(_events.c.lane, _events.c.seq)
    )
    try:
        for ev in result:
            if current is None or ev.lane != current.lane:
                if current is not None:
                    finish(current)
                current = _Lane(ev.lane, 0, lane_genesis(ev.lane))
                head = heads.get(ev.lane)
                if head is None:
                    current.broken = True
                    breaks.append(
                        _Break(
                            ev.seq,
                            ev.lane,
                            f"event {ev.seq} is in lane {ev.lane}, which has no anchor",
                        )
                    )
                    continue
                current.anchor_seen = (
                    int(head.last_seq) == 0 and head.last_hash == current.prev_hash
                )
            if current.broken:
                continue
            problem = _link_problem(ev, current.prev_seq, current.prev_hash, digest, rule)
            if problem is not None:
                current.broken = True
                breaks.append(problem)
                continue
            current.prev_seq, current.prev_hash = ev.seq, ev.hash
            head = heads[ev.lane]
            if ev.seq == int(head.last_seq):
                current.anchor_seen = ev.hash == head.last_hash
            checked += 1
        if current is not None:
            finish(current)
    finally:
        result.close()
    for lane, head in heads.items():  # lanes without events
        if lane in verified or any(b.lane == lane for b in breaks):
            continue
        if int(head.last_seq) != 0 or head.last_hash != lane_genesis(lane):
            breaks.append(_tail_break(lane, 0, int(head.last_seq)))
        else:
            verified[lane] = LaneHead(lane, 0, lane_genesis(lane))
    return [_moved_or_missing(conn, b) for b in breaks], checked, verified


def _tail_break(lane: int, ends_at: int, claimed: int) -> _Break:
    if claimed > ends_at:
        return _Break(
            claimed,
            lane,
            f"event {claimed} is missing: the chain ends at event {ends_at} but its anchor says "
            f"{claimed} (the newest events were deleted, or the anchor was altered) (lane {lane})",
        )
    return _Break(
        ends_at,
        lane,
        f"the chain ends at event {ends_at} but its anchor says {claimed} (the newest events "
        f"were deleted, or the anchor was altered) (lane {lane})",
    )


def _moved_or_missing(conn: Connection, found: _Break) -> _Break:
    """A predecessor "missing" from a lane that is there in another lane: the event after the
    gap was moved (re-labelled) from that lane, and it is the one named."""
    if found.missing_before is None:
        return found
    lane = conn.execute(
        select(_events.c.lane).where(_events.c.seq == found.seq)
    ).scalar_one_or_none()
    if lane is None or lane == found.lane:
        return found
    seq = found.missing_before
    return _Break(
        seq,
        found.lane,
        f"event {seq} was moved into lane {found.lane}: its predecessor, event {found.seq}, is "
        f"in lane {lane}",
    )


def _keyed_digest(secret: HallSecret) -> Digest:
    def digest(*fields: object) -> str:
        return event_mac(secret, *fields)  # type: ignore[arg-type]

    return digest


def _heads(conn: Connection) -> dict[int, Any]:
    rows = conn.execute(
        select(_head.c.id, _head.c.last_seq, _head.c.last_hash, _head.c.key_id).order_by(_head.c.id)
    ).all()
    if not rows:
        raise RuntimeError("the audit anchor rows are missing: the database was not migrated")
    return {int(r.id): r for r in rows}


def verify_chain(
    conn: Connection, *, secret: HallSecret | None = None, batch: int = 10_000
) -> ChainReport:
    """Walk every lane in order; report the first broken event (the lowest ``seq`` of the
    first break of each lane).

    A keyed chain is checked with ``secret`` (default: the one bound to the database); a chain
    of an earlier version with the unkeyed rule (``keyed=False`` in the report). Raises
    :class:`AuditError` (``audit.secret_mismatch``) when the station's secret is not the
    chain's — unless the secret verifies an event, in which case an anchor's key id was
    altered and that is reported as a broken chain.
    """
    heads = _heads(conn)
    keys = {h.key_id for h in heads.values() if h.key_id is not None}
    keyed = bool(keys)
    if keyed:
        secret = secret or hall_secret_for(conn)
        if keys != {secret.key_id}:
            others = sorted(keys - {secret.key_id})
            if secret.key_id in keys or _first_event_verifies(conn, secret):
                return ChainReport(
                    False,
                    0,
                    None,
                    f"the anchor names the secret {', '.join(others)}, but the events are keyed "
                    f"with this station's ({secret.key_id}): the anchor was altered",
                )
            raise _mismatch(secret, ", ".join(others))
        stripped = [lane for lane, h in heads.items() if h.key_id is None and h.last_seq > 0]
        if stripped:
            return ChainReport(
                False,
                0,
                None,
                f"the anchor of lane {stripped[0]} names no secret, but the chain is keyed with "
                f"{secret.key_id}: the anchor was altered",
                lane=stripped[0],
            )
        digest = _keyed_digest(secret)
        rule = "MAC"
    else:
        digest = event_hash
        rule = "hash (unkeyed chain of an earlier version)"
    breaks, checked, verified = _walk(conn, heads, digest, batch, rule=rule)
    newest = max(verified.values(), key=lambda h: h.seq, default=None)
    last = newest.mac if newest is not None and newest.seq else GENESIS_HASH
    if breaks:
        first = min(breaks, key=lambda b: b.seq)
        return ChainReport(False, checked, first.seq, first.problem, keyed, last, first.lane)
    if not keyed and checked == 0:
        keyed = True  # an empty chain: keyed from its first event on
    lanes = tuple(verified[lane] for lane in sorted(verified))
    return ChainReport(True, checked, keyed=keyed, last_mac=last, lanes=lanes)


def _first_event_verifies(conn: Connection, secret: HallSecret) -> bool:
    ev = conn.execute(select(_events).order_by(_events.c.seq).limit(1)).one_or_none()
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
    return conn.execute(
        select(_head.c.key_id).where(_head.c.key_id.is_not(None)).order_by(_head.c.id).limit(1)
    ).scalar_one_or_none()


def chain_is_legacy(conn: Connection) -> bool:
    """True for a non-empty chain of an earlier version (unkeyed, to be re-keyed)."""
    found = conn.execute(
        select(_head.c.id).where(_head.c.key_id.is_(None), _head.c.last_seq > 0).limit(1)
    ).first()
    return found is not None and chain_key_id(conn) is None


DetailRewrite = Callable[[dict[str, object]], dict[str, object]]


def rekey_chain(
    conn: Connection,
    secret: HallSecret,
    *,
    rewrite_detail: DetailRewrite | None = None,
    batch: int = 5_000,
) -> int:
    """Re-key an unkeyed chain of an earlier version, inside the caller's transaction.

    Locks every lane's anchor, verifies the whole chain with the unkeyed rule (refusing, with
    the first broken event, if it does not verify: a chain is only ever re-keyed from a
    verified state), then recomputes every event's MAC in order, lane by lane —
    ``rewrite_detail`` may first replace stored pseudonyms in an event's detail — and records
    the secret's id at every anchor. Returns the number of events re-keyed.
    """
    locked = conn.execute(
        update(_head).values(last_seq=_head.c.last_seq).returning(_head.c.id, _head.c.key_id)
    ).all()
    keyed = sorted({str(r.key_id) for r in locked if r.key_id is not None})
    if keyed:
        raise AuditError(
            AuditErrorCode.REKEY_REFUSED,
            f"The audit chain is keyed already (with the secret {', '.join(keyed)}).",
        )
    report = verify_chain(conn, batch=batch)
    if not report.ok:
        raise AuditError(
            AuditErrorCode.REKEY_REFUSED,
            f"The unkeyed audit chain does not verify, so it was not re-keyed: event "
            f"{report.first_broken_seq}: {report.problem}",
        )
    heads: dict[int, str] = {int(r.id): lane_genesis(int(r.id)) for r in locked}
    count = 0
    lane, last_seq = 0, 0
    while True:
        rows = conn.execute(
            select(_events)
            .where(
                or_(
                    _events.c.lane > lane,
                    and_(_events.c.lane == lane, _events.c.seq > last_seq),
                )
            )
            .order_by(_events.c.lane, _events.c.seq)
            .limit(batch)
        ).all()
        if not rows:
            break
        for ev in rows:
            detail = dict(ev.detail or {})
            if rewrite_detail is not None:
                detail = rewrite_detail(detail)
            prev = heads[ev.lane]
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
            heads[ev.lane] = mac
            lane, last_seq = ev.lane, ev.seq
            count += 1
    for lane_id, mac in heads.items():
        conn.execute(
            update(_head).where(_head.c.id == lane_id).values(last_hash=mac, key_id=secret.key_id)
        )
    return count

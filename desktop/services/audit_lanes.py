"""The audit log's lanes (see :mod:`desktop.services.audit`): taking one for a transaction's
events, on PostgreSQL the first nobody holds (``SKIP LOCKED``), on SQLite always lane 1.

A transaction keeps the lane it took (remembered on the connection) and, on PostgreSQL, may have
it taken — or, holding it already, its next event number handed out — by a statement of its own
that comes before the append (:func:`free_lane_cte` / :func:`lane_taken`, :data:`NEXT_NUMBER` /
:func:`number_taken`): one round trip fewer per event. The events and their MACs are
:mod:`desktop.services.audit`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Integer,
    Sequence,
    Table,
    bindparam,
    func,
    select,
    update,
)

from desktop.persistence.models import AuditEvent, AuditHead
from desktop.persistence.prepared import Prepared

#: PostgreSQL: where the events' ``seq`` numbers come from (migration 0016).
EVENT_NUMBERS = Sequence("audit_event_numbers")

_events = cast(Table, AuditEvent.__table__)
_head = cast(Table, AuditHead.__table__)


def lane_genesis(lane: int) -> str:
    """The ``prev_hash`` of a lane's first event: ``lane - 1`` in 64 hex digits (lane 1, the
    single chain of earlier versions, starts from all zeros as it always did)."""
    return f"{lane - 1:064x}"


def _take(lane: ColumnElement[int] | BindParameter[int], number: ColumnElement[int]) -> Prepared:
    """Lock one lane's anchor (a no-op ``UPDATE``: PostgreSQL re-reads the newest version of a
    row it waited for) and hand back its head and the new event's number."""
    return Prepared(
        update(_head)
        .where(_head.c.id == lane)
        .values(last_hash=_head.c.last_hash)
        .returning(
            _head.c.id,
            _head.c.last_seq,
            _head.c.last_hash,
            _head.c.key_id,
            number.label("seq"),
        )
    )


_PG_NUMBER = EVENT_NUMBERS.next_value()
# Appending is on every look-up's path: the statements are prepared once.
#: PostgreSQL: the first lane (by number) nobody holds; nothing when every lane is held.
_TAKE_FREE_LANE = _take(
    select(_head.c.id)
    .order_by(_head.c.id)
    .limit(1)
    .with_for_update(skip_locked=True)
    .scalar_subquery(),
    _PG_NUMBER,
)
#: PostgreSQL, every lane held: wait for one at random.
_WAIT_FOR_LANE = _take(
    select(_head.c.id).order_by(func.random()).limit(1).scalar_subquery(), _PG_NUMBER
)
#: PostgreSQL: the lane this transaction holds already (a second event of one transaction).
_TAKE_HELD_LANE = _take(bindparam("lane_id", type_=Integer), _PG_NUMBER)
#: SQLite: one writer at a time anyway; the write lock is taken here.
_TAKE_LANE_ONE = _take(
    bindparam("lane_id", type_=Integer),
    select(func.coalesce(func.max(_events.c.seq), 0) + 1).scalar_subquery(),
)


#: PostgreSQL: a free lane taken by another statement of the transaction, as a CTE of it (the
#: lane is then held from that statement to the commit, as it would be from the append): what
#: :func:`take_lane` returns, named ``lane_*``. Empty when every lane is held (the append then
#: takes one itself). See :func:`lane_taken`.
LANE_COLUMNS = ("id", "last_seq", "last_hash", "key_id", "seq")


def free_lane_cte(name: str = "free_lane") -> Any:
    """The CTE taking a free lane; its columns are ``lane_<column>`` for :data:`LANE_COLUMNS`."""
    return (
        update(_head)
        .where(
            _head.c.id
            == select(_head.c.id)
            .order_by(_head.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        .values(last_hash=_head.c.last_hash)
        .returning(
            _head.c.id.label("lane_id"),
            _head.c.last_seq.label("lane_last_seq"),
            _head.c.last_hash.label("lane_last_hash"),
            _head.c.key_id.label("lane_key_id"),
            _PG_NUMBER.label("lane_seq"),
        )
        .cte(name)
    )


def holds_lane(conn: Connection) -> bool:
    """Whether this transaction holds an audit lane already (its next event goes there)."""
    held = conn.info.get(_HELD)
    return held is not None and held[0] is conn.get_transaction()


def lane_taken(conn: Connection, row: Mapping[str, Any]) -> None:
    """A statement of this transaction took a lane through :func:`free_lane_cte`: its next
    audit event uses that lane and its number, without a statement of its own (nothing when
    the CTE found every lane held)."""
    if row.get("lane_id") is None:
        return
    txn = conn.get_transaction()
    head = {c: row[f"lane_{c}"] for c in LANE_COLUMNS}
    conn.info[_HELD] = (txn, int(head["id"]))
    conn.info[_TAKEN] = (txn, head)


#: PostgreSQL: the next event number, as a column another statement of the transaction returns
#: (``lane_seq``) when the transaction holds a lane already: see :func:`number_taken`.
NEXT_NUMBER = _PG_NUMBER.label("lane_seq")


def number_taken(conn: Connection, row: Mapping[str, Any]) -> bool:
    """A statement of this transaction returned the next event number (:data:`NEXT_NUMBER`) and
    the transaction holds a lane whose head it wrote itself: its next audit event needs no
    statement to take the lane (the lane's row lock is held since the first event)."""
    txn = conn.get_transaction()
    head = conn.info.get(_HEAD)
    if row.get("lane_seq") is None or head is None or head[0] is not txn or not holds_lane(conn):
        return False
    conn.info[_TAKEN] = (txn, {**head[1], "seq": row["lane_seq"]})
    return True


#: ``Connection.info`` key: (the transaction, the head of the lane it holds, as it wrote it).
_HEAD = "onewindow.audit_lane_head"
#: ``Connection.info`` key: (the transaction, a lane's head taken by another statement).
_TAKEN = "onewindow.audit_lane_taken"
#: ``Connection.info`` key: (the transaction, the lane it holds).
_HELD = "onewindow.audit_lane"


def wrote_head(conn: Connection, lane: int, seq: int, digest: str, key_id: str) -> None:
    """PostgreSQL: this transaction appended event ``seq`` to the lane it holds — the lane's
    head now (a next event of the transaction needs only a number, see :func:`number_taken`)."""
    conn.info[_HEAD] = (
        conn.get_transaction(),
        {"id": lane, "last_seq": seq, "last_hash": digest, "key_id": key_id},
    )


def take_lane(conn: Connection) -> dict[str, Any]:
    """Lock a lane's anchor for this transaction; its head and the new event's ``seq``."""
    if conn.dialect.name != "postgresql":
        row = _TAKE_LANE_ONE.one_or_none(conn, lane_id=1)
    else:
        txn = conn.get_transaction()
        taken = conn.info.pop(_TAKEN, None)
        if taken is not None and txn is not None and taken[0] is txn:
            return cast(dict[str, Any], taken[1])  # taken (and numbered) by an earlier statement
        held = conn.info.get(_HELD)
        if held is not None and txn is not None and held[0] is txn:
            row = _TAKE_HELD_LANE.one_or_none(conn, lane_id=held[1])
        else:
            row = _TAKE_FREE_LANE.one_or_none(conn) or _WAIT_FOR_LANE.one_or_none(conn)
            if row is not None and txn is not None:
                conn.info[_HELD] = (txn, int(row["id"]))
    if row is None:
        raise RuntimeError("the audit anchor rows are missing: the database was not migrated")
    return row

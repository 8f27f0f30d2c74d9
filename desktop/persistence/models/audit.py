"""The audit log: the chained events, their lanes' anchors, and the person key its search
indexes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    literal_column,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from desktop.persistence.models.base import Base

# --------------------------------------------------------------------------------------------
# Audit log
# --------------------------------------------------------------------------------------------


class AuditPersonKey(FunctionElement[str]):
    """The person pseudonym an audit event records (``detail["id_hash"]``), as one SQL
    expression written the same in the index and in every query, as each backend needs it to
    use an expression index: ``json_extract(detail, '$.id_hash')`` on SQLite,
    ``(detail ->> 'id_hash')`` on PostgreSQL."""

    type = Text()
    name = "audit_person_key"
    inherit_cache = True

    def __init__(self, column: str | ColumnElement[object]) -> None:
        super().__init__(literal_column(column) if isinstance(column, str) else column)


@compiles(AuditPersonKey, "sqlite")
def _person_key_sqlite(element: AuditPersonKey, compiler: SQLCompiler, **kw: object) -> str:
    return f"json_extract({compiler.process(element.clauses, **kw)}, '$.id_hash')"


@compiles(AuditPersonKey, "postgresql")
def _person_key_pg(element: AuditPersonKey, compiler: SQLCompiler, **kw: object) -> str:
    return f"({compiler.process(element.clauses, **kw)} ->> 'id_hash')"


class AuditEvent(Base):
    """An append-only audit event, chained to its predecessor in its lane by a keyed MAC.

    ``hash = HMAC-SHA256(hall secret, prev_hash || canonical(seq, occurred_at, actor, station,
    action, subject, purpose, detail))``; see :mod:`desktop.services.audit`. The log is
    several chains (lanes, one :class:`AuditHead` row each) so that concurrent stations do not
    queue on one anchor: ``lane`` names the chain, ``prev_seq`` the event before this one in it
    (0 for a lane's first). ``seq`` is unique over all lanes and grows with time (PostgreSQL:
    the sequence ``audit_event_numbers``; a rolled-back append leaves a gap, which is not a
    break: the chains link by MAC, not by number). (Chains of earlier versions used an unkeyed
    sha256 until re-keyed: ``AuditHead.key_id`` is NULL.)
    """

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(120), index=True)
    purpose: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    lane: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    prev_seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), default=0, server_default="0"
    )

    # The supervisor's search (desktop.services.audit_search) reads newest first by one filter:
    # each index ends in seq, so a page is a range scan with no sort (migration 0018).
    __table_args__ = (
        Index("ix_audit_events_action_seq", "action", "seq"),
        Index("ix_audit_events_actor_seq", "actor", "seq"),
        Index("ix_audit_events_station_seq", "station", "seq"),
        Index("ix_audit_events_occurred_at", "occurred_at"),
        Index("ix_audit_events_person_key", AuditPersonKey("detail")),
        # Verifying walks each lane in order (migration 0016).
        Index("ix_audit_events_lane_seq", "lane", "seq"),
    )


class AuditHead(Base):
    """The anchor of one lane of the audit log: its newest event's ``seq`` and MAC.

    Appending locks one lane's row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL: any lane nobody
    holds; SQLite, one writer anyway: lane 1) and links the event to that lane's newest, so
    concurrent stations append side by side, and a deleted last event of a lane is still
    detected. Lane 1 holds the single chain of earlier versions.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
    #: The id (a public fingerprint) of the hall secret the chain is keyed with; NULL for a lane
    #: nobody appended to yet, or a chain of an earlier version not re-keyed yet (unkeyed sha256).
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)

    __table_args__ = (CheckConstraint("id >= 1", name="lane_number"),)

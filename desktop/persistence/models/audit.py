"""The audit log: the chained events and their one-row anchor."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base

# --------------------------------------------------------------------------------------------
# Audit log
# --------------------------------------------------------------------------------------------


class AuditEvent(Base):
    """An append-only audit event, chained to its predecessor by a keyed MAC.

    ``hash = HMAC-SHA256(hall secret, prev_hash || canonical(seq, occurred_at, actor, station,
    action, subject, purpose, detail))``; see :mod:`desktop.services.audit`. (Chains of earlier
    versions used an unkeyed sha256 until re-keyed: ``AuditHead.key_id`` is NULL.)
    """

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject: Mapped[str] = mapped_column(String(120), index=True)
    purpose: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's anchor: one row with the last sequence number and hash.

    Appending locks this row first (``UPDATE`` before anything else), so concurrent stations on
    PostgreSQL append one after another, and a deleted last event is still detected.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
    #: The id (a public fingerprint) of the hall secret the chain is keyed with; NULL for an
    #: empty chain, or a chain of an earlier version not re-keyed yet (unkeyed sha256).
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

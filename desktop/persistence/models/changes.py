"""The change feed: live updates between stations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base

# --------------------------------------------------------------------------------------------
# Live updates between stations
# --------------------------------------------------------------------------------------------


class ChangeFeedEntry(Base):
    """One topic a committed transaction changed (``case:<number>``, ``cases``,
    ``review:<department>``), for the other stations' listeners; see
    :mod:`desktop.services.changes`.

    Written inside the changing transaction (a rolled-back change leaves no row); the newest
    hour (at least the newest rows) is kept, older rows are pruned now and then. ``seq`` only
    grows (SQLite: ``AUTOINCREMENT``, never reused after a prune).
    """

    __tablename__ = "change_feed"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = ({"sqlite_autoincrement": True},)

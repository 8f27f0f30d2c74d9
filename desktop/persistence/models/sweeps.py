"""The daily sweep's own tables: the deadline board snapshotted per day, and the lock row that
stands in for PostgreSQL's advisory lock on the embedded database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base


class DeadlineSnapshot(Base):
    """The deadline board of one day, as the daily sweep found it: one row per matter and
    accepting window, and one row of totals (``matter_code = ''``, ``window = ''``) that also
    marks the day as taken (the sweep takes each day once)."""

    __tablename__ = "deadline_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    matter_code: Mapped[str] = mapped_column(String(24))
    window: Mapped[str] = mapped_column(String(60))
    running: Mapped[int] = mapped_column(Integer)
    normal: Mapped[int] = mapped_column(Integer)
    yellow: Mapped[int] = mapped_column(Integer)
    red: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)
    due_today: Mapped[int] = mapped_column(Integer)
    paused: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index(
            "uq_deadline_snapshots_day_matter_window", "day", "matter_code", "window", unique=True
        ),
    )


class SweepLock(Base):
    """Who runs the daily sweep now (the embedded database's stand-in for PostgreSQL's advisory
    lock): one row per sweep while it runs; a row past ``expires_at`` was left by a crash."""

    __tablename__ = "sweep_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

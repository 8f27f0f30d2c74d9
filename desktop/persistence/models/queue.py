"""Queue tickets and calling (叫号): queue days, tickets, windows, bookings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base

# --------------------------------------------------------------------------------------------
# Queue tickets and calling (叫号)
# --------------------------------------------------------------------------------------------


class QueueDay(Base):
    """One queue's day: the last number handed out and the calling rule's state.

    Taking a ticket and calling one bump this row first (``UPDATE … RETURNING``): PostgreSQL's
    row lock, SQLite's write lock; numbers restart every day and have no gaps.
    """

    __tablename__ = "queue_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    queue_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)
    #: Normal calls since the last priority call (the interleave ratio).
    normal_streak: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)


class QueueTicket(Base):
    """One ticket: unique per (day, the queue that numbered it, number); kept after a transfer."""

    __tablename__ = "queue_tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    #: The queue that gave the number (the prefix); ``queue_code`` is where it waits now.
    origin_queue: Mapped[str] = mapped_column(String(4))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(12))
    queue_code: Mapped[str] = mapped_column(String(4))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str] = mapped_column(String(20), default="")
    state: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(10))
    #: The card holder's keyed hash when the ticket was taken with an ID card ("" without).
    holder_hash: Mapped[str] = mapped_column(String(64), default="")
    waiting_before: Mapped[int] = mapped_column(Integer, default=0)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    taken_by: Mapped[str] = mapped_column(String(60))
    booked_for: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Only this window calls it (a transfer to a window).
    target_window: Mapped[int | None] = mapped_column(Integer)
    window: Mapped[int | None] = mapped_column(Integer)
    first_called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    called_by: Mapped[str] = mapped_column(String(60), default="")
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_queue_tickets_day_origin_number", "day", "origin_queue", "number", unique=True),
        Index("ix_queue_tickets_day_queue_state", "day", "queue_code", "state"),
        Index("ix_queue_tickets_day_called_at", "day", "called_at"),
        CheckConstraint(
            "state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')",
            name="state_known",
        ),
    )


class QueueWindow(Base):
    """A window's calling state: paused windows call nobody."""

    __tablename__ = "queue_windows"

    window: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class QueueBooking(Base):
    """A booked slot (预约) of a queue: held until checked in (its ticket then waits for the
    slot) or until it lapses. ``code`` is the reference the citizen shows."""

    __tablename__ = "queue_bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    #: The slot's day (hall time): its queue's row of that day is the booking's lock.
    day: Mapped[date] = mapped_column(Date)
    queue_code: Mapped[str] = mapped_column(String(4))
    slot_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10))
    #: The card holder's keyed hash when booked with an ID number ("" without).
    holder_hash: Mapped[str] = mapped_column(String(64), default="")
    booked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    booked_by: Mapped[str] = mapped_column(String(60))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_tickets.id"))

    __table_args__ = (
        Index("ix_queue_bookings_day_queue_slot", "day", "queue_code", "slot_start"),
        CheckConstraint(
            "state IN ('booked', 'checked_in', 'lapsed', 'cancelled')", name="state_known"
        ),
    )

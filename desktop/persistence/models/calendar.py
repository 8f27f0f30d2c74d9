"""The hall's working-day calendar."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.persistence.models.base import Base

# --------------------------------------------------------------------------------------------
# Working-day calendar
# --------------------------------------------------------------------------------------------


class CalendarDay(Base):
    """A hall's override of one day of the national working-day calendar.

    ``kind`` says what the day is here, whatever the national schedule says: ``holiday`` (a
    local holiday or closure) or ``workday`` (an extra working day). See
    :mod:`desktop.domain.workcalendar` and :mod:`desktop.services.calendar`.
    """

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("kind IN ('holiday', 'workday')", name="kind_known"),)

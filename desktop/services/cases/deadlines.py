"""The case clock as stored dates: recomputing them for every open case.

The transition template writes a case's ``due_on`` / ``yellow_on`` / ``red_on`` /
``overdue_on`` whenever an event moves its clock (see :mod:`desktop.services.cases.base`).
What moves every clock at once — a calendar edit, another ``[deadlines]`` threshold, a
matter's limit unit, a row written by hand — is caught up here: by the calendar service in
the edit's own transaction, and by the daily sweep (``onewindow-admin sweep run``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from desktop.domain.workcalendar import DayCalendar
from desktop.persistence import uow
from desktop.services.cases.base import CaseBase


class Deadlines(CaseBase):
    """recompute_deadlines, hall_today, days_left."""

    def hall_today(self) -> date:
        """Today in the hall (its UTC offset, not the computer's)."""
        return self._clock.day(self._now())

    def days_left(self, matter_code: str, day: date, due_on: date) -> int:
        """Days left on ``day`` of a running clock due on ``due_on``, in the matter's unit
        (negative when overdue), as the case clock counts them."""
        return self._clock.days_between(self._clock.unit_of(matter_code), day, due_on)

    def recompute_deadlines(
        self, *, conn: Connection | None = None, calendar: DayCalendar | None = None
    ) -> int:
        """Every open case's deadline dates from its record, with ``calendar`` (default: the
        hall's as it stands); returns how many rows changed.

        Derived data only (no state, step or version changes), so it takes no principal: its
        callers — a calendar edit, the sweep — are authorized and audited themselves. With
        ``conn`` it runs in the caller's transaction, else in one of its own.
        """
        if conn is not None:
            return self._clock.recompute(conn, calendar=calendar)
        with uow.transaction(self._db) as own:
            return self._clock.recompute(own, calendar=calendar)

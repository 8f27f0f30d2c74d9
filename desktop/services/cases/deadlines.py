"""The case clock as stored dates: recomputing them for every open case.

The transition template writes a case's ``due_on`` / ``yellow_on`` / ``red_on`` /
``overdue_on`` whenever an event moves its clock (see :mod:`desktop.services.cases.base`).
What moves every clock at once — a calendar edit, another ``[deadlines]`` threshold, a
matter's limit unit, a row written by hand — is caught up here: by the calendar service in
the edit's own transaction, and by the daily sweep (``onewindow-admin sweep run``).
"""

from __future__ import annotations

from sqlalchemy import Connection

from desktop.domain.workcalendar import DayCalendar
from desktop.persistence import uow
from desktop.services.cases.base import CaseBase


class Deadlines(CaseBase):
    """recompute_deadlines."""

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

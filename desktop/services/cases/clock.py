"""The hall's clock as the case service keeps it: the hall's day, promised dates in a matter's
limit unit, special procedures (pauses) on the record, and the domain's case clock
(:func:`~desktop.domain.workcalendar.case_clock_from_record`) for what is left — and the same
clock as the dates the case row stores (``due_on``, ``yellow_on``, ``red_on``, ``overdue_on``:
:func:`~desktop.domain.workcalendar.deadline_dates_from_record`), so SQL can filter on them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, insert, or_, select, update

from desktop.domain.cases import (
    FINAL_STATES,
    CaseState,
    CaseSummary,
    ClockError,
    PauseKind,
    WorkingDays,
)
from desktop.domain.matters.model import LimitUnit, Matter, MatterKind
from desktop.domain.permissions import Principal
from desktop.domain.times import as_utc
from desktop.domain.workcalendar import (
    CALENDAR_DAYS,
    CalendarError,
    CaseClock,
    DayCalendar,
    DeadlineDates,
    DeadlineThresholds,
    case_clock_from_record,
    deadline_dates_from_record,
)
from desktop.services.cases.records import CatalogLookup
from desktop.services.cases.tables import cases, pauses

log = logging.getLogger(__name__)

#: A case's pauses as the clock reads them: (started, ended or None while it runs).
PauseSpan = tuple[datetime, datetime | None]
#: How many clocks a service remembers before it starts again (a day's work lists and more).
_REMEMBERED = 4096
#: The case row's columns of the clock as dates (see ``desktop.persistence.models.Case``).
DEADLINE_COLUMNS = ("due_on", "yellow_on", "red_on", "overdue_on")
NO_DEADLINES: dict[str, date | None] = dict.fromkeys(DEADLINE_COLUMNS)
_FINAL = sorted(s.value for s in FINAL_STATES)
#: Open cases recomputed per statement batch.
_BATCH = 1000


class HallClock:
    """Days, limits and pauses for one hall (its UTC offset, calendar and thresholds)."""

    def __init__(
        self,
        lookup: CatalogLookup,
        calendar: WorkingDays,
        utc_offset_minutes: int,
        now: Callable[[], datetime],
        thresholds: DeadlineThresholds,
    ) -> None:
        self._lookup = lookup
        self._calendar = calendar
        self._tz = timezone(timedelta(minutes=utc_offset_minutes))
        self.now = now
        self._thresholds = thresholds
        self._clocks: dict[tuple[object, ...], tuple[DayCalendar, CaseClock]] = {}
        self._dates: dict[tuple[object, ...], tuple[DayCalendar, DeadlineDates | None]] = {}

    def day(self, moment: datetime) -> date:
        """The hall's day of ``moment`` (not UTC's)."""
        return moment.astimezone(self._tz).date()

    def promised_date(self, matter: Matter, today: date) -> date:
        if matter.kind is MatterKind.IMMEDIATE or matter.promised_limit <= 0:
            return today
        return self.add_days(matter.limit_unit, today, matter.promised_limit)

    def unit_of(self, matter_code: str) -> LimitUnit:
        """The matter's limit unit; working days for a matter since removed from the catalog."""
        try:
            return self._lookup(matter_code).limit_unit
        except KeyError:
            return LimitUnit.WORKING_DAYS

    def add_days(self, unit: LimitUnit, start: date, n: int) -> date:
        """``n`` days after ``start`` in the matter's unit (calendar or working days)."""
        if unit is LimitUnit.NATURAL_DAYS:
            return start + timedelta(days=n)
        return self._calendar.add_working_days(start, n)

    def days_between(self, unit: LimitUnit, a: date, b: date) -> int:
        """Days in ``(a, b]`` in the matter's unit; negative when ``b`` is before ``a``."""
        if unit is LimitUnit.NATURAL_DAYS:
            return (b - a).days
        return self._calendar.working_days_between(a, b)

    @property
    def thresholds(self) -> DeadlineThresholds:
        return self._thresholds

    def clock(
        self, unit: LimitUnit, accepted_on: date, promised: date, spans: Sequence[PauseSpan]
    ) -> CaseClock:
        """The domain's clock of a case on the hall's today.

        Remembered per calendar snapshot (a calendar edit or reload is a new snapshot) and day:
        a work list shows the same cases again and again, and a window accepts many cases of
        one matter a day.
        """
        calendar = CALENDAR_DAYS if unit is LimitUnit.NATURAL_DAYS else self._calendar.snapshot()
        days = tuple((self.day(s), self.day(e) if e is not None else None) for s, e in spans)
        on = self.day(self.now())
        key = (id(calendar), accepted_on, promised, days, on)
        known = self._clocks.get(key)
        if known is not None and known[0] is calendar:
            return known[1]
        clock = case_clock_from_record(
            calendar, accepted_on, promised, days, on=on, thresholds=self._thresholds
        )
        if len(self._clocks) >= _REMEMBERED:
            self._clocks.clear()
        self._clocks[key] = (calendar, clock)  # the snapshot kept alive: its id stays its own
        return clock

    # ---- the clock as dates -------------------------------------------------------------------

    def deadlines(
        self,
        unit: LimitUnit,
        accepted_on: date,
        promised: date,
        spans: Sequence[PauseSpan],
        *,
        calendar: DayCalendar | None = None,
    ) -> DeadlineDates | None:
        """The days the case's clock turns yellow, red and overdue, and its due date; None
        while a pause is open. Remembered like :meth:`clock` (acceptance repeats them)."""
        if unit is LimitUnit.NATURAL_DAYS:
            calendar = CALENDAR_DAYS
        elif calendar is None:
            calendar = self._calendar.snapshot()
        days = tuple((self.day(s), self.day(e) if e is not None else None) for s, e in spans)
        key = (id(calendar), accepted_on, promised, days)
        known = self._dates.get(key)
        if known is not None and known[0] is calendar:
            return known[1]
        found = deadline_dates_from_record(
            calendar, accepted_on, promised, days, thresholds=self._thresholds
        )
        if len(self._dates) >= _REMEMBERED:
            self._dates.clear()
        self._dates[key] = (calendar, found)
        return found

    def deadline_values(
        self,
        state: CaseState,
        matter_code: str,
        accepted_at: datetime,
        promised: date | None,
        spans: Sequence[PauseSpan],
        *,
        calendar: DayCalendar | None = None,
    ) -> dict[str, date | None]:
        """The case row's deadline columns for a case in ``state``: NULL for a finished case,
        one without a promised date, or one whose clock is paused."""
        if state in FINAL_STATES or promised is None:
            return dict(NO_DEADLINES)
        try:
            found = self.deadlines(
                self.unit_of(matter_code),
                self.day(as_utc(accepted_at)),
                promised,
                spans,
                calendar=calendar,
            )
        except CalendarError:  # a record the clock cannot read shows no colour, as before
            log.warning("case clock of %s unreadable; no deadline dates", matter_code)
            return dict(NO_DEADLINES)
        if found is None:
            return dict(NO_DEADLINES)
        return {
            "due_on": found.due_on,
            "yellow_on": found.yellow_on,
            "red_on": found.red_on,
            "overdue_on": found.overdue_on,
        }

    def deadline_values_of(self, conn: Connection, case_id: int) -> dict[str, date | None]:
        """:meth:`deadline_values` of a case as its row and pauses stand in this transaction."""
        row = conn.execute(
            select(
                cases.c.state,
                cases.c.matter_code,
                cases.c.accepted_at,
                cases.c.received_at,
                cases.c.promised_date,
            ).where(cases.c.id == case_id)
        ).one()
        spans = self.spans(conn, [case_id]).get(case_id, [])
        return self.deadline_values(
            CaseState(row.state),
            row.matter_code,
            row.accepted_at or row.received_at,
            row.promised_date,
            spans,
        )

    def recompute(self, conn: Connection, *, calendar: DayCalendar | None = None) -> int:
        """Every open case's deadline columns from its record (after a calendar edit, a change
        of the thresholds or of a matter's unit, a record written by hand); a finished case
        keeps none. Only rows whose dates differ are written; returns how many were."""
        changed = conn.execute(
            update(cases)
            .where(
                or_(cases.c.state.in_(_FINAL), cases.c.promised_date.is_(None)),
                or_(*(cases.c[c].is_not(None) for c in DEADLINE_COLUMNS)),
            )
            .values(NO_DEADLINES)
        ).rowcount
        # Only a row no transition changed since it was read: a change committed meanwhile
        # wrote the dates from its own record (its version bump tells).
        write = (
            update(cases)
            .where(cases.c.id == bindparam("case_id"), cases.c.version == bindparam("seen"))
            .values({c: bindparam(f"v_{c}") for c in DEADLINE_COLUMNS})
        )
        after = 0
        while True:
            rows = conn.execute(
                select(
                    cases.c.id,
                    cases.c.version,
                    cases.c.state,
                    cases.c.matter_code,
                    cases.c.accepted_at,
                    cases.c.received_at,
                    cases.c.promised_date,
                    *(cases.c[c] for c in DEADLINE_COLUMNS),
                )
                .where(
                    and_(cases.c.state.not_in(_FINAL), cases.c.promised_date.is_not(None)),
                    cases.c.id > after,
                )
                .order_by(cases.c.id)
                .limit(_BATCH)
            ).all()
            if not rows:
                return changed
            after = rows[-1].id
            spans = self.spans(conn, [r.id for r in rows])
            updates = []
            for r in rows:
                values = self.deadline_values(
                    CaseState(r.state),
                    r.matter_code,
                    r.accepted_at or r.received_at,
                    r.promised_date,
                    spans.get(r.id, []),
                    calendar=calendar,
                )
                if any(values[c] != r._mapping[c] for c in DEADLINE_COLUMNS):
                    updates.append(
                        {
                            "case_id": r.id,
                            "seen": r.version,
                            **{f"v_{c}": values[c] for c in values},
                        }
                    )
            if updates:
                done = conn.execute(write, updates).rowcount
                changed += done if done >= 0 else len(updates)

    # ---- what is left ----------------------------------------------------------------------

    def summary(self, row: Row[Any], spans: Sequence[PauseSpan]) -> CaseSummary:
        """The case row as a summary: remaining days and warning from the domain's clock."""
        state = CaseState(row.state)
        remaining: int | None = None
        warning = ""
        if state not in FINAL_STATES and row.promised_date is not None:
            clock = self.clock(
                self.unit_of(row.matter_code),
                self.day(as_utc(row.accepted_at or row.received_at)),
                row.promised_date,
                spans,
            )
            remaining, warning = clock.remaining_days, clock.level.value
        return CaseSummary(
            number=row.number,
            matter_code=row.matter_code,
            matter_name=row.matter_name,
            case_type=row.case_type,
            state=state,
            applicant_name=row.applicant_name,
            applicant_id_masked=row.applicant_id_masked,
            received_at=as_utc(row.received_at),
            promised_date=row.promised_date,
            remaining_working_days=remaining,
            paused=any(e is None for _, e in spans),
            warning=warning,
        )

    # ---- pauses on the record ----------------------------------------------------------------

    @staticmethod
    def spans(conn: Connection, case_ids: Iterable[int]) -> dict[int, list[PauseSpan]]:
        """Every pause of the cases, oldest first (the clock needs the ended ones too)."""
        ids = list(case_ids)
        if not ids:
            return {}
        found: dict[int, list[PauseSpan]] = {}
        rows = conn.execute(
            select(pauses.c.case_id, pauses.c.started_at, pauses.c.ended_at)
            .where(pauses.c.case_id.in_(ids))
            .order_by(pauses.c.id)
        )
        for r in rows:
            found.setdefault(r.case_id, []).append((as_utc(r.started_at), as_utc(r.ended_at)))
        return found

    @staticmethod
    def is_paused(conn: Connection, case_id: int) -> bool:
        return (
            conn.execute(
                select(pauses.c.id).where(pauses.c.case_id == case_id, pauses.c.ended_at.is_(None))
            ).first()
            is not None
        )

    def open_pause(
        self,
        conn: Connection,
        principal: Principal,
        case_id: int,
        number: str,
        kind: PauseKind,
        reason: str,
        moment: datetime,
    ) -> None:
        if self.is_paused(conn, case_id):
            raise ClockError(
                "clock.already_paused",
                number,
                f"the clock of case {number} is already paused",
                f"办件{number}已暂停计时",
            )
        conn.execute(
            insert(pauses).values(
                case_id=case_id,
                kind=kind.value,
                reason=reason.strip(),
                started_at=moment,
                started_by=principal.user,
                ended_by="",
            )
        )

    def close_pause(
        self,
        conn: Connection,
        principal: Principal,
        row: Row[Any],
        moment: datetime,
        *,
        only_kind: PauseKind | None = None,
        spans: list[PauseSpan] | None = None,
    ) -> tuple[int, date | None] | None:
        """End the open pause, if any: its days, counted in the matter's limit unit, and the
        promised date moved on by them (None when the case has none). None if not paused.

        ``spans``: given a list, it receives every pause of the case as :meth:`spans` would
        read it after this (the open one ended now) — read in the same statement, so that the
        template's deadline dates need no second read."""
        every = conn.execute(
            select(pauses).where(pauses.c.case_id == row.id).order_by(pauses.c.id)
        ).all()
        pause = next((p for p in every if p.ended_at is None), None)
        if spans is not None:
            spans[:] = [
                (as_utc(p.started_at), as_utc(moment) if p is pause else as_utc(p.ended_at))
                for p in every
            ]
        if pause is None or (only_kind is not None and pause.kind != only_kind.value):
            if spans is not None and pause is not None:  # left open: as it stands
                spans[:] = [(as_utc(p.started_at), as_utc(p.ended_at)) for p in every]
            return None
        unit = self.unit_of(row.matter_code)
        start_day = self.day(as_utc(pause.started_at))
        days = max(0, self.days_between(unit, start_day, self.day(moment)))
        conn.execute(
            update(pauses)
            .where(pauses.c.id == pause.id)
            .values(ended_at=moment, ended_by=principal.user, working_days=days)
        )
        promised = row.promised_date
        if promised is not None and days:
            promised = self.add_days(unit, promised, days)
        return days, promised

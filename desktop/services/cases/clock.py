"""The hall's clock as the case service keeps it: the hall's day, promised dates in a matter's
limit unit, special procedures (pauses) on the record, and the domain's case clock
(:func:`~desktop.domain.workcalendar.case_clock_from_record`) for what is left."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

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
    CaseClock,
    DayCalendar,
    DeadlineThresholds,
    case_clock_from_record,
)
from desktop.services.cases.records import CatalogLookup
from desktop.services.cases.tables import pauses

#: A case's pauses as the clock reads them: (started, ended or None while it runs).
PauseSpan = tuple[datetime, datetime | None]
#: How many clocks a service remembers before it starts again (a day's work lists and more).
_REMEMBERED = 4096


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

    def boundary(self, unit: LimitUnit, today: date, n: int) -> date:
        """The first promised date whose remaining days on ``today`` exceed ``n``: a running
        case has at most ``n`` days left exactly when its promised date is before it.

        Remaining days are those in ``(today, promised]`` (negative: those in
        ``(promised, today]``), in the matter's unit, as :meth:`days_between` counts them. So a
        queue can ask SQL ``promised_date < boundary`` for yellow, red and overdue.
        """
        if unit is LimitUnit.NATURAL_DAYS:
            return today + timedelta(days=n + 1)
        if n >= 0:
            return self._calendar.add_working_days(today, n + 1)
        # at most n < 0 days left: at least -n working days in (promised, today]; the boundary
        # is the (-n)-th working day counting back from today (today included)
        days = self._calendar.snapshot()
        found, day = 0, today
        for _ in range(3660):
            if days.is_working_day(day):
                found += 1
                if found == -n:
                    return day
            day -= timedelta(days=1)
        return day

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
    ) -> tuple[int, date | None] | None:
        """End the open pause, if any: its days, counted in the matter's limit unit, and the
        promised date moved on by them (None when the case has none). None if not paused."""
        pause = conn.execute(
            select(pauses).where(pauses.c.case_id == row.id, pauses.c.ended_at.is_(None))
        ).one_or_none()
        if pause is None or (only_kind is not None and pause.kind != only_kind.value):
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

"""The hall's working-day calendar: the national schedule plus the hall's own days.

:meth:`CalendarService.calendar` hands out a :class:`~desktop.domain.workcalendar.WorkCalendar`
(national schedule + the rows of ``calendar_days``). It is cached: refreshed after this
service's own edits at once, and re-read after ``max_age_s`` seconds so another station's edits
arrive too (or at once with :meth:`refresh`).

Editing needs :attr:`~desktop.domain.permissions.Permission.CALENDAR_EDIT` (administrators); a
refusal raises ``PermissionDenied``, changes nothing and is audited (``auth.denied``, see
:mod:`desktop.services.guard`). Every edit is audited in the same transaction (action
``calendar.set_day`` / ``calendar.clear_day``, subject ``calendar:YYYY-MM-DD``, the previous
value in the detail).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import inspect, select

from desktop.config.settings import DeadlineSettings
from desktop.domain.permissions import Permission, Principal
from desktop.domain.times import as_utc
from desktop.domain.workcalendar import (
    CalendarError,
    DayKind,
    DaySource,
    DeadlineThresholds,
    NationalSchedule,
    SpecialDay,
    WorkCalendar,
    national_schedule,
)
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import CalendarDay
from desktop.services.audit import append_event
from desktop.services.guard import authorize

__all__ = [
    "CalendarOverride",
    "CalendarService",
    "hall_calendar_available",
    "thresholds_from_settings",
]

NAME_MAX = 100
DEFAULT_PURPOSE = "hall working-day calendar maintenance"


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """One row of ``calendar_days``: a day the hall sets apart from the national schedule."""

    day: date
    kind: DayKind
    name: str
    changed_by: str
    changed_at: datetime

    def as_special_day(self) -> SpecialDay:
        return SpecialDay(self.day, self.kind, self.name, DaySource.HALL)


def thresholds_from_settings(deadlines: DeadlineSettings) -> DeadlineThresholds:
    return DeadlineThresholds(
        yellow_remaining_days=deadlines.yellow_remaining_days,
        red_remaining_days=deadlines.red_remaining_days,
        yellow_percent=deadlines.yellow_percent,
    )


def hall_calendar_available(db: Database) -> bool:
    """Whether the database holds the hall's calendar (its schema has ``calendar_days``)."""
    with uow.connection(db) as conn:
        return inspect(conn).has_table(CalendarDay.__tablename__)


def _override(row: CalendarDay) -> CalendarOverride:
    return CalendarOverride(
        row.day, DayKind(row.kind), row.name, row.changed_by, as_utc(row.changed_at)
    )


class CalendarService:
    def __init__(
        self,
        db: Database,
        *,
        national: NationalSchedule | None = None,
        max_age_s: float = 300.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = db
        self._national = national if national is not None else national_schedule()
        self._max_age_s = max_age_s
        self._now = now
        self._lock = threading.Lock()
        self._cached: WorkCalendar | None = None
        self._loaded_at = 0.0

    # ---- reading ----------------------------------------------------------------------------

    def overrides(self) -> list[CalendarOverride]:
        """The hall's overrides, in date order."""
        with uow.session(self._db) as s:
            return [_override(r) for r in s.scalars(select(CalendarDay).order_by(CalendarDay.day))]

    def calendar(self) -> WorkCalendar:
        """National schedule + the hall's overrides (cached; see the module's text)."""
        with self._lock:
            fresh = time.monotonic() - self._loaded_at < self._max_age_s
            if self._cached is not None and fresh:
                return self._cached
        cal = WorkCalendar(self._national, [o.as_special_day() for o in self.overrides()])
        with self._lock:
            self._cached, self._loaded_at = cal, time.monotonic()
        return cal

    def refresh(self) -> WorkCalendar:
        with self._lock:
            self._cached = None
        return self.calendar()

    # ---- editing ----------------------------------------------------------------------------

    def set_day(
        self,
        day: date,
        kind: DayKind | str,
        name: str,
        principal: Principal,
        *,
        purpose: str = DEFAULT_PURPOSE,
    ) -> CalendarOverride:
        """Make ``day`` a holiday or a working day for this hall (replacing an earlier override)."""
        self._authorize(principal, day)
        actor = principal.actor
        kind = _check_kind(kind)
        name = _check_name(name)
        changed_at = self._now().astimezone(UTC)
        with uow.session(self._db) as s:
            row = s.get(CalendarDay, day)
            previous = None if row is None else {"kind": row.kind, "name": row.name}
            if row is None:
                row = CalendarDay(day=day)
                s.add(row)
            row.kind, row.name = kind.value, name
            row.changed_by, row.changed_at = actor.user, changed_at
            s.flush()
            append_event(
                s.connection(),
                actor,
                "calendar.set_day",
                f"calendar:{day.isoformat()}",
                purpose,
                {
                    "day": day.isoformat(),
                    "kind": kind.value,
                    "name": name,
                    "previous": previous,
                    "national": _national_detail(self._national, day),
                },
                now=lambda: changed_at,
            )
        self._invalidate()
        return CalendarOverride(day, kind, name, actor.user, changed_at)

    def clear_day(self, day: date, principal: Principal, *, purpose: str = DEFAULT_PURPOSE) -> None:
        """Drop the hall's override of ``day``: the national schedule applies again."""
        self._authorize(principal, day)
        actor = principal.actor
        with uow.session(self._db) as s:
            row = s.get(CalendarDay, day)
            if row is None:
                raise CalendarError(
                    "calendar.not_overridden",
                    f"{day.isoformat()} has no hall override to remove.",
                    f"{day.isoformat()} 没有本厅设置的日历调整，无需取消。",
                )
            previous = {"kind": row.kind, "name": row.name}
            s.delete(row)
            s.flush()
            append_event(
                s.connection(),
                actor,
                "calendar.clear_day",
                f"calendar:{day.isoformat()}",
                purpose,
                {
                    "day": day.isoformat(),
                    "previous": previous,
                    "national": _national_detail(self._national, day),
                },
                now=self._now,
            )
        self._invalidate()

    def _authorize(self, principal: Principal, day: date) -> None:
        authorize(
            self._db, principal, Permission.CALENDAR_EDIT, subject=f"calendar:{day.isoformat()}"
        )

    def _invalidate(self) -> None:
        with self._lock:
            self._cached = None


def _national_detail(national: NationalSchedule, day: date) -> dict[str, str] | None:
    special = national.days.get(day)
    return None if special is None else {"kind": special.kind.value, "name": special.name}


def _check_kind(kind: DayKind | str) -> DayKind:
    try:
        return DayKind(kind)
    except ValueError:
        raise CalendarError(
            "calendar.bad_kind",
            f"A day is either 'holiday' or 'workday', not {kind!r}.",
            "日期类型只能是“节假日”（holiday）或“工作日”（workday）。",
        ) from None


def _check_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise CalendarError(
            "calendar.name_required",
            "Give the day a name (e.g. the holiday, or why the hall works or closes).",
            "请填写名称（如节日名称，或本厅上班、闭厅的原因）。",
        )
    if len(text) > NAME_MAX:
        raise CalendarError(
            "calendar.name_too_long",
            f"The name is longer than {NAME_MAX} characters.",
            f"名称不能超过 {NAME_MAX} 个字符。",
        )
    return text


class HallWorkingDays:
    """The hall's calendar as the case service counts with it (plain dates and day counts).

    Reads :meth:`CalendarService.calendar` on every call, so a holiday a supervisor adds (or
    another station's edit, after the cache's age) counts from then on.
    """

    def __init__(self, service: CalendarService) -> None:
        self._service = service

    def add_working_days(self, start: date, n: int) -> date:
        return self._service.calendar().add_working_days(start, n).day

    def working_days_between(self, a: date, b: date) -> int:
        return self._service.calendar().working_days_between(a, b).days

    def is_working_day(self, day: date) -> bool:
        return self._service.calendar().is_working_day(day)

    def snapshot(self) -> WorkCalendar:
        return self._service.calendar()

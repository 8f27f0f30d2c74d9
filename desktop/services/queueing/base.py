"""What the queue service's parts share: the tables, the clock, the ticket record, the locks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Table, func, select, update

from desktop.domain.permissions import Permission, Principal
from desktop.domain.queueing import (
    QueueConfig,
    QueueDef,
    QueueError,
    Ticket,
    TicketState,
)
from desktop.domain.times import as_utc
from desktop.persistence.database import Database
from desktop.persistence.models import Case, QueueBooking, QueueDay, QueueTicket, QueueWindow
from desktop.services import changes
from desktop.services.audit import append_event
from desktop.services.guard import authorize

__all__ = ["CALLS_TOPIC", "Publisher", "QueueBase", "WorkingDayCheck", "percentile"]

_PURPOSE = "queue calling"
_T = cast(Table, QueueTicket.__table__)
_D = cast(Table, QueueDay.__table__)
_W = cast(Table, QueueWindow.__table__)
_CASES = cast(Table, Case.__table__)
_B = cast(Table, QueueBooking.__table__)

#: Called for every change with the topics it touched (default: the live feed's publish).
Publisher = Callable[[Connection, Iterable[str]], None]
CALLS_TOPIC = "queue:calls"


class WorkingDayCheck(Protocol):
    """The hall's working-day calendar as bookings see it (``HallWorkingDays``)."""

    def is_working_day(self, day: date) -> bool: ...

    def add_working_days(self, start: date, n: int) -> date: ...


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0–100), linear between ranks; None for no values."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def _publish(conn: Connection, topics: Iterable[str]) -> None:
    """Tell the other stations (the calling displays) inside the changing transaction."""
    changes.publish(conn, *sorted(set(topics)))


class QueueBase:
    def __init__(
        self,
        db: Database,
        config: QueueConfig,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: tzinfo = UTC,
        check_url: str = "",
        publish: Publisher | None = None,
        matter_name: Callable[[str], str] = str,
        issuer: Any = None,
        print_document: Callable[[Principal, Ticket, Any], Any] | None = None,
        working_days: WorkingDayCheck | None = None,
    ) -> None:
        self._db = db
        self.config = config
        self._now = now
        self._tz = tz
        self._check_url = check_url.rstrip("/") or "https://onewindow.invalid/queue"
        self._publish = publish if publish is not None else _publish
        self._matter_name = matter_name
        self._issuer = issuer
        self._print_document = print_document
        #: Bookings are taken on the hall's working days only; without a calendar (a bare
        #: service in a test or a script) every day is one.
        self._working_days = working_days

    # ---- helpers -----------------------------------------------------------------------------

    def _clock(self) -> tuple[datetime, date]:
        now = as_utc(self._now())
        return now, now.astimezone(self._tz).date()

    def _ticket(self, row: Any) -> Ticket:
        q = self.config.get(row.queue_code) if self._known(row.queue_code) else None
        return Ticket(
            id=row.id,
            number=row.label,
            queue_code=row.queue_code,
            queue_name_zh=q.name_zh if q else row.queue_code,
            queue_name_en=q.name_en if q else row.queue_code,
            day=row.day,
            priority=bool(row.priority),
            state=row.state,
            waiting_before=row.waiting_before,
            taken_at=as_utc(row.taken_at),
            check_url=f"{self._check_url}?d={row.day:%Y%m%d}&t={row.label}",
            category=row.category,
            window=row.window if row.window is not None else row.target_window,
            called_at=as_utc(row.called_at) if row.called_at else None,
            recalls=row.recalls,
            booked_for=as_utc(row.booked_for) if row.booked_for else None,
            channel=row.channel,
        )

    def _is_working_day(self, day: date) -> bool:
        return self._working_days is None or self._working_days.is_working_day(day)

    def _working_days_after(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (every day is one without a calendar)."""
        if self._working_days is None:
            return start + timedelta(days=n)
        return self._working_days.add_working_days(start, n)

    def _known(self, code: str) -> bool:
        return any(q.code == code for q in self.config.queues)

    def _audit(
        self,
        conn: Connection,
        principal: Principal,
        action: str,
        subject: str,
        detail: dict[str, object],
    ) -> None:
        now = as_utc(self._now())
        append_event(conn, principal.actor, action, subject, _PURPOSE, detail, now=lambda: now)

    def _changed(self, conn: Connection, *queues: str) -> None:
        if self._publish is not None:
            self._publish(conn, {CALLS_TOPIC, *(f"queue:{q}" for q in queues)})

    def _authorize(self, principal: Principal, permission: Permission, subject: str) -> None:
        authorize(self._db, principal, permission, subject=subject, now=self._now)

    def _window_queues(self, window: int) -> tuple[QueueDef, ...]:
        queues = self.config.queues_of_window(window)
        if not queues:
            raise QueueError(
                "queue.unknown_window",
                f"Window {window} serves no queue.",
                f"{window} 号窗口未配置叫号队列。",
                window=window,
            )
        return queues

    def _lock_day(self, conn: Connection, day: date, code: str) -> Any:
        """Bump (lock) the queue's row of the day; None when it has none (no ticket yet)."""
        return conn.execute(
            update(_D)
            .where(_D.c.day == day, _D.c.queue_code == code)
            .values(version=_D.c.version + 1)
            .returning(_D.c.last_number, _D.c.normal_streak)
        ).first()

    def _lock_window(self, conn: Connection, window: int) -> None:
        """Write first (the window's row, if it has one): PostgreSQL's row lock serialises the
        window's own actions; on SQLite any write takes the database's write lock before the
        reads that follow (a read first would fail to upgrade under contention)."""
        conn.execute(update(_W).where(_W.c.window == window).values(window=_W.c.window))

    def _current_row(self, conn: Connection, day: date, window: int) -> Any:
        return conn.execute(
            select(_T)
            .where(
                _T.c.day == day,
                _T.c.window == window,
                _T.c.state.in_([TicketState.CALLED.value, TicketState.SERVING.value]),
            )
            .order_by(_T.c.called_at.desc(), _T.c.id.desc())
            .limit(1)
        ).first()

    def _waiting(self, conn: Connection, day: date, code: str) -> int:
        return int(
            conn.scalar(
                select(func.count())
                .select_from(_T)
                .where(
                    _T.c.day == day,
                    _T.c.queue_code == code,
                    _T.c.state == TicketState.WAITING.value,
                )
            )
            or 0
        )

"""Queue tickets and calling (叫号): take, call next, recall, no-show, transfer, pause, statistics.

Every change is one unit of work (``desktop.persistence.uow``) with its audit event; every
method with a principal checks its permission through :func:`desktop.services.guard.authorize`
first (``queue.ticket`` to take one, ``queue.call`` to call at a window). :meth:`QueueService.board`
— what the hall's calling display shows — takes no principal: it holds no personal data
(numbers, windows, counts) and changes nothing, so a display runs without a user session.

Locking: taking a ticket and calling one first bump the queue's row of the day in
``queue_days`` (``UPDATE … RETURNING``): the row lock on PostgreSQL, SQLite's write lock. That
row holds the day's last number (numbers restart every day, without gaps) and the interleave
state (normal calls since the last priority call), so the ratio holds however many windows call
at once. A window serving several queues locks them in code order (no deadlock). The candidate
tickets are then read ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (a ticket another transaction is
transferring or recalling is passed over, never waited for), and the chosen one is moved with a
conditional ``UPDATE … WHERE state = 'waiting'``: two windows never get the same ticket.
Lock order everywhere: queue days, then tickets, then the audit log's head.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, func, insert, select, union_all, update
from sqlalchemy.exc import IntegrityError

from desktop.domain.permissions import Permission, Principal
from desktop.domain.queueing import (
    OPEN_STATES,
    CallCandidate,
    HallBoard,
    HallCall,
    QueueConfig,
    QueueDef,
    QueueError,
    QueueInfo,
    QueueStats,
    StatsRow,
    Ticket,
    TicketState,
    WaitingCount,
    format_number,
    pick_next,
)
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import Case, QueueDay, QueueTicket, QueueWindow
from desktop.services import changes
from desktop.services.audit import append_event
from desktop.services.guard import authorize
from desktop.services.pseudonyms import person_pseudonym

__all__ = ["QueueService", "percentile"]

_PURPOSE = "queue calling"
_T = cast(Table, QueueTicket.__table__)
_D = cast(Table, QueueDay.__table__)
_W = cast(Table, QueueWindow.__table__)
_CASES = cast(Table, Case.__table__)

#: Called for every change with the topics it touched (default: the live feed's publish).
Publisher = Callable[[Connection, Iterable[str]], None]
CALLS_TOPIC = "queue:calls"


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


class QueueService:
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

    # ---- reading -----------------------------------------------------------------------------

    def queues(self, principal: Principal) -> tuple[QueueInfo, ...]:
        self._authorize(principal, Permission.QUEUE_TICKET, "queue:list")
        _, day = self._clock()
        counts = self._waiting_counts(day)
        return tuple(
            QueueInfo(q.code, q.name_zh, q.name_en, q.matter_codes, counts.get(q.code, 0))
            for q in self.config.queues
        )

    def _waiting_counts(self, day: date) -> dict[str, int]:
        with uow.connection(self._db) as conn:
            rows = conn.execute(
                select(_T.c.queue_code, func.count())
                .where(_T.c.day == day, _T.c.state == TicketState.WAITING.value)
                .group_by(_T.c.queue_code)
            ).all()
        return {code: int(n) for code, n in rows}

    def tickets(self, principal: Principal, day: date | None = None) -> tuple[Ticket, ...]:
        """The day's tickets in order of taking (``queue.call``: the hall's staff)."""
        self._authorize(principal, Permission.QUEUE_CALL, "queue:tickets")
        day = day or self._clock()[1]
        with uow.connection(self._db) as conn:
            rows = conn.execute(select(_T).where(_T.c.day == day).order_by(_T.c.id)).all()
        return tuple(self._ticket(r) for r in rows)

    def current(self, principal: Principal, window: int) -> Ticket | None:
        """The ticket called (or being served) at ``window``, if any."""
        self._authorize(principal, Permission.QUEUE_CALL, f"window:{window}")
        _, day = self._clock()
        with uow.connection(self._db) as conn:
            row = self._current_row(conn, day, window)
        return self._ticket(row) if row is not None else None

    def is_paused(self, window: int) -> bool:
        with uow.connection(self._db) as conn:
            return bool(conn.scalar(select(_W.c.paused).where(_W.c.window == window)))

    def board(self, limit: int = 8) -> HallBoard:
        """What the calling display shows: the latest calls and the waiting counts.

        No principal: numbers, windows and counts only (no personal data), read-only.
        """
        _, day = self._clock()
        with uow.connection(self._db) as conn:
            rows = conn.execute(
                select(_T.c.label, _T.c.window, _T.c.queue_code, _T.c.called_at, _T.c.recalls)
                .where(
                    _T.c.day == day,
                    _T.c.called_at.is_not(None),
                    _T.c.window.is_not(None),
                    _T.c.state.in_(
                        [
                            TicketState.CALLED.value,
                            TicketState.SERVING.value,
                            TicketState.DONE.value,
                        ]
                    ),
                )
                .order_by(_T.c.called_at.desc(), _T.c.id.desc())
                .limit(limit)
            ).all()
        counts = self._waiting_counts(day)
        return HallBoard(
            calls=tuple(
                HallCall(r.label, int(r.window), r.queue_code, as_utc(r.called_at), r.recalls)
                for r in rows
            ),
            waiting=tuple(
                WaitingCount(q.code, q.name_zh, counts.get(q.code, 0)) for q in self.config.queues
            ),
        )

    # ---- taking ------------------------------------------------------------------------------

    def take(
        self,
        principal: Principal,
        queue_code: str,
        *,
        priority: bool = False,
        category: str = "",
        card_holder_id: str | None = None,
        channel: str = "kiosk",
        booked_for: datetime | None = None,
    ) -> Ticket:
        """A new ticket of the day (``queue.already_waiting`` if the card holds one open)."""
        queue = self.config.for_service(queue_code)
        self._authorize(principal, Permission.QUEUE_TICKET, f"queue:{queue.code}")
        if category and not any(c.code == category for c in self.config.priority_categories):
            raise QueueError(
                "queue.unknown_category",
                f"No priority category {category!r} in this hall.",
                f"没有 {category} 优先类别。",
                category=category,
            )
        priority = priority or bool(category)
        # The card holder's keyed pseudonym (the hall secret's), never the number; computed
        # before the transaction (the secret may be read from the database the first time).
        with uow.translated(self._db.target):
            holder = person_pseudonym(self._db.engine, card_holder_id) if card_holder_id else ""
        now, day = self._clock()
        for _attempt in range(2):
            try:
                with uow.transaction(self._db) as conn:
                    locked = self._lock_day(conn, day, queue.code)
                    if locked is None:
                        conn.execute(
                            insert(_D).values(
                                day=day,
                                queue_code=queue.code,
                                last_number=queue.start - 1,
                                normal_streak=self.config.normal_per_priority,
                                version=1,
                            )
                        )
                        locked = self._lock_day(conn, day, queue.code)
                    if holder and conn.scalar(
                        select(_T.c.label).where(
                            _T.c.day == day,
                            _T.c.queue_code == queue.code,
                            _T.c.holder_hash == holder,
                            _T.c.state.in_([s.value for s in OPEN_STATES]),
                        )
                    ):
                        raise QueueError(
                            "queue.already_waiting",
                            "This card already holds an open ticket for this service today.",
                            "您今天已取过该业务的号，请留意叫号。",
                            queue=queue.code,
                        )
                    number = int(locked.last_number) + 1
                    if number >= 10**queue.digits:
                        raise QueueError(
                            "queue.numbers_exhausted",
                            f"Queue {queue.code} has handed out all its numbers today.",
                            f"{queue.name_zh}今日号码已取完。",
                            queue=queue.code,
                        )
                    conn.execute(
                        update(_D)
                        .where(_D.c.day == day, _D.c.queue_code == queue.code)
                        .values(last_number=number)
                    )
                    label = format_number(queue, number)
                    ahead = self._waiting(conn, day, queue.code)
                    tid = conn.execute(
                        insert(_T)
                        .values(
                            day=day,
                            origin_queue=queue.code,
                            number=number,
                            label=label,
                            queue_code=queue.code,
                            priority=priority,
                            category=category,
                            state=TicketState.WAITING.value,
                            channel=channel[:10],
                            holder_hash=holder,
                            waiting_before=ahead,
                            taken_at=now,
                            taken_by=principal.user[:60],
                            booked_for=as_utc(booked_for) if booked_for else None,
                            called_by="",
                            recalls=0,
                        )
                        .returning(_T.c.id)
                    ).scalar_one()
                    self._audit(
                        conn,
                        principal,
                        "queue.take",
                        f"ticket:{day:%Y%m%d}/{label}",
                        {
                            "queue": queue.code,
                            "priority": priority,
                            "channel": channel,
                            "booked": booked_for is not None,
                        },
                    )
                    self._changed(conn, queue.code)
                    row = conn.execute(select(_T).where(_T.c.id == tid)).one()
                    return self._ticket(row)
            except IntegrityError:
                # Two stations created the day's row at once: the second retries on it.
                continue
        raise QueueError(
            "queue.busy", "The queue is busy; try again.", "取号繁忙，请重试。", queue=queue.code
        )

    # ---- calling -----------------------------------------------------------------------------

    def _finish_current(self, conn: Connection, day: date, window: int, now: datetime) -> None:
        conn.execute(
            update(_T)
            .where(
                _T.c.day == day,
                _T.c.window == window,
                _T.c.state.in_([TicketState.CALLED.value, TicketState.SERVING.value]),
            )
            .values(state=TicketState.DONE.value, finished_at=now)
        )

    def _candidates(
        self, conn: Connection, day: date, codes: Sequence[str], window: int, now: datetime
    ) -> list[CallCandidate]:
        """The few tickets the rule may choose from — per queue the head of each class
        (transferred here, booked and due, priority, normal) — in one statement, locked
        ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (a ticket another transaction holds is passed
        over, never waited for)."""
        early = now + timedelta(minutes=self.config.booked_early_minutes)
        walk_in = and_(_T.c.target_window.is_(None), _T.c.booked_for.is_(None))
        classes = [
            (_T.c.target_window == window, _T.c.taken_at),
            (
                and_(
                    _T.c.target_window.is_(None),
                    _T.c.booked_for.is_not(None),
                    _T.c.booked_for <= early,
                ),
                _T.c.booked_for,
            ),
            (and_(walk_in, _T.c.priority), _T.c.taken_at),
            (and_(walk_in, ~_T.c.priority), _T.c.taken_at),
        ]
        heads = [
            select(
                select(_T.c.id)
                .where(
                    _T.c.day == day,
                    _T.c.queue_code == code,
                    _T.c.state == TicketState.WAITING.value,
                    where,
                )
                .order_by(order, _T.c.id)
                .limit(1)
                .subquery()
                .c.id
            )
            for code in codes
            for where, order in classes
        ]
        ids = union_all(*heads).subquery()
        q = select(
            _T.c.id,
            _T.c.queue_code,
            _T.c.priority,
            _T.c.taken_at,
            _T.c.booked_for,
            _T.c.target_window,
        ).where(_T.c.id.in_(select(ids.c.id)), _T.c.state == TicketState.WAITING.value)
        if conn.dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        return [
            CallCandidate(
                r.id,
                r.queue_code,
                bool(r.priority),
                as_utc(r.taken_at),
                as_utc(r.booked_for) if r.booked_for else None,
                r.target_window,
            )
            for r in conn.execute(q)
        ]

    def call_next(self, principal: Principal, window: int) -> Ticket | None:
        """Finish the window's current ticket and call the next one (None: nobody waits)."""
        self._authorize(principal, Permission.QUEUE_CALL, f"window:{window}")
        queues = self._window_queues(window)
        now, day = self._clock()
        with uow.transaction(self._db) as conn:
            streaks: dict[str, int] = {}
            for q in sorted(queues, key=lambda q: q.code):
                locked = self._lock_day(conn, day, q.code)
                if locked is not None:
                    streaks[q.code] = int(locked.normal_streak)
            # Writes first, reads after: a read before the first write would make SQLite's
            # upgrade to the write lock fail at once ("database is locked") under contention.
            self._finish_current(conn, day, window, now)
            if conn.scalar(select(_W.c.paused).where(_W.c.window == window)):
                raise QueueError(
                    "queue.window_paused",
                    f"Window {window} is paused; resume it to call.",
                    f"{window} 号窗口已暂停叫号，请先恢复。",
                    window=window,
                )
            candidates = (
                self._candidates(conn, day, sorted(streaks), window, now) if streaks else []
            )
            chosen = pick_next(
                candidates,
                window=window,
                streaks=streaks,
                normal_per_priority=self.config.normal_per_priority,
                now=now,
                booked_early=timedelta(minutes=self.config.booked_early_minutes),
            )
            if chosen is None:
                self._changed(conn)
                return None
            row = conn.execute(
                update(_T)
                .where(_T.c.id == chosen.id, _T.c.state == TicketState.WAITING.value)
                .values(
                    state=TicketState.CALLED.value,
                    window=window,
                    target_window=None,
                    called_at=now,
                    first_called_at=func.coalesce(_T.c.first_called_at, now),
                    called_by=principal.user[:60],
                    recalls=0,
                )
                .returning(*_T.c)
            ).first()
            if row is None:  # cannot happen under the queue's lock; never call a ticket twice
                raise QueueError(
                    "queue.busy",
                    "The ticket was taken meanwhile; call again.",
                    "该号已被叫走，请重新叫号。",
                    window=window,
                )
            if chosen.target_window is None and chosen.booked_for is None:
                conn.execute(
                    update(_D)
                    .where(_D.c.day == day, _D.c.queue_code == chosen.queue_code)
                    .values(normal_streak=0 if chosen.priority else _D.c.normal_streak + 1)
                )
            self._audit(
                conn,
                principal,
                "queue.call",
                f"ticket:{day:%Y%m%d}/{row.label}",
                {"window": window, "queue": row.queue_code, "priority": bool(row.priority)},
            )
            self._changed(conn, row.queue_code)
            return self._ticket(row)

    def _act_on_current(
        self,
        principal: Principal,
        window: int,
        action: str,
        change: Callable[[Connection, Any, datetime], dict[str, Any]],
        *,
        states: tuple[TicketState, ...] = (TicketState.CALLED, TicketState.SERVING),
        lock_queue: str | None = None,
    ) -> Ticket:
        self._authorize(principal, Permission.QUEUE_CALL, f"window:{window}")
        now, day = self._clock()
        with uow.transaction(self._db) as conn:
            self._lock_window(conn, window)
            if lock_queue is not None:
                self._lock_day(conn, day, lock_queue)
            row = self._current_row(conn, day, window)
            if row is None or TicketState(row.state) not in states:
                raise QueueError(
                    "queue.nothing_called",
                    f"Window {window} has no called ticket.",
                    f"{window} 号窗口当前没有叫到的号。",
                    window=window,
                )
            values = change(conn, row, now)
            conn.execute(update(_T).where(_T.c.id == row.id).values(**values))
            new = conn.execute(select(_T).where(_T.c.id == row.id)).one()
            self._audit(
                conn,
                principal,
                action,
                f"ticket:{day:%Y%m%d}/{row.label}",
                {"window": window, "queue": new.queue_code, "state": new.state},
            )
            self._changed(conn, row.queue_code, new.queue_code)
            return self._ticket(new)

    def recall(self, principal: Principal, window: int) -> Ticket:
        """Call the window's ticket again (shown and announced again)."""
        limit = self.config.recalls_before_no_show

        def change(_conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
            if row.recalls >= limit:
                raise QueueError(
                    "queue.recall_limit",
                    f"{row.label} was recalled {row.recalls} times; mark it a no-show.",
                    f"{row.label} 已重呼 {row.recalls} 次，可按过号处理。",
                    ticket=row.label,
                )
            return {"recalls": row.recalls + 1, "called_at": now}

        return self._act_on_current(
            principal, window, "queue.recall", change, states=(TicketState.CALLED,)
        )

    def no_show(self, principal: Principal, window: int) -> Ticket:
        """过号: the called ticket did not come after the configured number of recalls."""
        needed = self.config.recalls_before_no_show

        def change(_conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
            if row.recalls < needed:
                raise QueueError(
                    "queue.recall_first",
                    f"Recall {row.label} {needed - row.recalls} more time(s) before a no-show.",
                    f"请再重呼 {needed - row.recalls} 次后再按过号处理。",
                    ticket=row.label,
                    recalls=row.recalls,
                )
            return {"state": TicketState.NO_SHOW.value, "finished_at": now}

        return self._act_on_current(
            principal, window, "queue.no_show", change, states=(TicketState.CALLED,)
        )

    def start_service(self, principal: Principal, window: int) -> Ticket:
        """The called citizen is at the window: the ticket's visit begins (service time)."""

        def change(_conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
            return {"state": TicketState.SERVING.value}

        return self._act_on_current(principal, window, "queue.serve", change)

    def finish(self, principal: Principal, window: int) -> Ticket:
        def change(_conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
            return {"state": TicketState.DONE.value, "finished_at": now}

        return self._act_on_current(principal, window, "queue.finish", change)

    def transfer(
        self,
        principal: Principal,
        window: int,
        *,
        to_queue: str | None = None,
        to_window: int | None = None,
    ) -> Ticket:
        """Send the window's ticket, number kept, to another queue or window; it waits again
        (ahead of later tickets: its place is its original time of taking)."""
        if (to_queue is None) == (to_window is None):
            raise QueueError(
                "queue.bad_transfer",
                "Transfer to a queue or to a window (one of them).",
                "请选择转到的队列或窗口（二选一）。",
                window=window,
            )
        if to_queue is not None:
            target = self.config.get(to_queue.upper())
        else:
            assert to_window is not None
            serving = self.config.queues_of_window(to_window)
            if not serving or to_window == window:
                raise QueueError(
                    "queue.unknown_window",
                    f"Window {to_window} cannot take this ticket.",
                    f"{to_window} 号窗口不能接收该号。",
                    window=to_window,
                )
            target = None

        def change(conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
            code = target.code if target is not None else row.queue_code
            if to_window is not None and not any(q.code == code for q in serving):
                code = sorted(q.code for q in serving)[0]
            _, day = self._clock()
            if self._lock_day(conn, day, code) is None:
                conn.execute(
                    insert(_D).values(
                        day=day,
                        queue_code=code,
                        last_number=0,
                        normal_streak=self.config.normal_per_priority,
                        version=1,
                    )
                )
            return {
                "state": TicketState.WAITING.value,
                "queue_code": code,
                "window": None,
                "target_window": to_window,
                "recalls": 0,
            }

        return self._act_on_current(principal, window, "queue.transfer", change)

    def pause(self, principal: Principal, window: int, paused: bool = True) -> bool:
        """Pause (or resume) calling at ``window``; returns the new state."""
        self._authorize(principal, Permission.QUEUE_CALL, f"window:{window}")
        now, _ = self._clock()
        with uow.transaction(self._db) as conn:
            done = conn.execute(
                update(_W)
                .where(_W.c.window == window)
                .values(paused=paused, changed_by=principal.user[:60], changed_at=now)
            ).rowcount
            if not done:
                conn.execute(
                    insert(_W).values(
                        window=window,
                        paused=paused,
                        changed_by=principal.user[:60],
                        changed_at=now,
                    )
                )
            self._audit(
                conn,
                principal,
                "queue.pause" if paused else "queue.resume",
                f"window:{window}",
                {"window": window},
            )
        return paused

    # ---- the visit ---------------------------------------------------------------------------

    def link_case(self, principal: Principal, window: int, case_number: str) -> Ticket | None:
        """Link a case accepted at ``window`` to the ticket being served there (None: no
        ticket). The ticket counts as being served from then on."""
        self._authorize(principal, Permission.QUEUE_CALL, f"window:{window}")
        _, day = self._clock()
        with uow.transaction(self._db) as conn:
            self._lock_window(conn, window)
            row = self._current_row(conn, day, window)
            if row is None:
                return None
            cases = _CASES
            conn.execute(
                update(cases)
                .where(cases.c.number == case_number, cases.c.ticket_id.is_(None))
                .values(ticket_id=row.id)
            )
            if row.state == TicketState.CALLED.value:
                conn.execute(
                    update(_T).where(_T.c.id == row.id).values(state=TicketState.SERVING.value)
                )
            self._audit(
                conn,
                principal,
                "queue.link_case",
                f"ticket:{day:%Y%m%d}/{row.label}",
                {"window": window, "case": case_number},
            )
            new = conn.execute(select(_T).where(_T.c.id == row.id)).one()
            return self._ticket(new)

    def ticket_of_case(self, principal: Principal, case_number: str) -> Ticket | None:
        self._authorize(principal, Permission.CASE_VIEW, f"case:{case_number}")
        cases = _CASES
        with uow.connection(self._db) as conn:
            row = conn.execute(
                select(_T)
                .join(cases, cases.c.ticket_id == _T.c.id)
                .where(cases.c.number == case_number)
            ).first()
        return self._ticket(row) if row is not None else None

    # ---- statistics --------------------------------------------------------------------------

    def stats(self, principal: Principal, day: date) -> QueueStats:
        """Per queue (where the ticket ended) and per window: taken, served, no-shows, wait
        (taking → first call) and service (last call → done) times, cases linked."""
        self._authorize(principal, Permission.CASE_VIEW, f"queue:stats:{day.isoformat()}")
        cases = _CASES
        with uow.connection(self._db) as conn:
            rows = conn.execute(select(_T).where(_T.c.day == day).order_by(_T.c.id)).all()
            linked: dict[int, int] = dict(
                conn.execute(
                    select(cases.c.ticket_id, func.count())
                    .join(_T, _T.c.id == cases.c.ticket_id)
                    .where(_T.c.day == day)
                    .group_by(cases.c.ticket_id)
                ).all()
            )

        def summary(key: str, group: list[Any]) -> StatsRow:
            waits = [
                (as_utc(r.first_called_at) - as_utc(r.taken_at)).total_seconds()
                for r in group
                if r.first_called_at is not None
            ]
            services = [
                (as_utc(r.finished_at) - as_utc(r.called_at)).total_seconds()
                for r in group
                if r.state == TicketState.DONE.value and r.finished_at and r.called_at
            ]
            return StatsRow(
                key=key,
                taken=len(group),
                served=sum(1 for r in group if r.state == TicketState.DONE.value),
                no_shows=sum(1 for r in group if r.state == TicketState.NO_SHOW.value),
                wait_median_s=statistics.median(waits) if waits else None,
                wait_p90_s=percentile(waits, 90),
                service_median_s=statistics.median(services) if services else None,
                service_p90_s=percentile(services, 90),
                cases=sum(int(linked.get(r.id, 0)) for r in group),
            )

        by_queue: dict[str, list[Any]] = {}
        by_window: dict[int, list[Any]] = {}
        for r in rows:
            by_queue.setdefault(r.queue_code, []).append(r)
            if r.window is not None:
                by_window.setdefault(int(r.window), []).append(r)
        return QueueStats(
            day=day,
            queues=tuple(summary(k, v) for k, v in sorted(by_queue.items())),
            windows=tuple(summary(str(k), v) for k, v in sorted(by_window.items())),
        )

    # ---- the printed ticket -------------------------------------------------------------------

    def ticket_document(self, ticket: Ticket, issuer: Any = None) -> Any:
        """The 80 mm ticket as a ``printing.model.QueueTicket`` (render it like any document)."""
        from printing.model import Issuer
        from printing.model import QueueTicket as TicketDocument

        queue = self.config.get(ticket.queue_code)
        return TicketDocument(
            number=ticket.number,
            issuer=issuer or self._issuer or Issuer(name=""),
            queue_name=queue.name_zh,
            taken_at=ticket.taken_at.astimezone(self._tz),
            matters=tuple(self._matter_name(c) for c in queue.matter_codes),
            waiting_ahead=ticket.waiting_before,
            booked=ticket.booked_for is not None,
        )

    def print_ticket(self, principal: Principal, ticket: Ticket) -> Any:
        """Render the ticket, register it and queue it on the station's receipt printer, like
        every other document (``desktop.services.print_queue``); returns the print job."""
        self._authorize(principal, Permission.QUEUE_TICKET, f"ticket:{ticket.number}")
        if self._print_document is None:
            raise QueueError(
                "queue.no_printing",
                "This station does not print tickets.",
                "本机不能打印号票。",
                ticket=ticket.number,
            )
        return self._print_document(principal, ticket, self.ticket_document(ticket))

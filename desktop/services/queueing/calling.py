"""Calling at a window: call next under the queue's lock, recall, no-show, serve, transfer,
pause, and the cases of the visit a ticket opens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, union_all, update

from desktop.domain.permissions import Permission, Principal
from desktop.domain.queueing import (
    CallCandidate,
    QueueError,
    Ticket,
    TicketState,
    pick_next,
)
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.services.queueing.base import _CASES, _D, _T, _W, QueueBase

__all__ = ["Calling"]


class Calling(QueueBase):
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

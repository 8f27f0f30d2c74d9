"""Reading the queues: what waits, the window's ticket, the display's board, statistics, and
the printed ticket."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from desktop.domain.permissions import Permission, Principal
from desktop.domain.queueing import (
    HallBoard,
    HallCall,
    QueueError,
    QueueInfo,
    QueueStats,
    StatsRow,
    Ticket,
    TicketState,
    WaitingCount,
)
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.services.queueing.base import _CASES, _T, _W, QueueBase, percentile

__all__ = ["Reading"]


class Reading(QueueBase):
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
                WaitingCount(q.code, q.name_zh, counts.get(q.code, 0), q.name_en)
                for q in self.config.queues
            ),
        )

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
            booked_slot=self._booked_slot(ticket),
        )

    def _booked_slot(self, ticket: Ticket) -> tuple[datetime, datetime] | None:
        """The booked ticket's slot in the hall's time, for the printed ticket."""
        if ticket.booked_for is None:
            return None
        start = ticket.booked_for.astimezone(self._tz)
        return start, start + timedelta(minutes=self.config.booking.slot_minutes)

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

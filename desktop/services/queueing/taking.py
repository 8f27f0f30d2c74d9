"""Taking a ticket: numbers per day and queue, one open ticket per card holder and queue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from desktop.domain.permissions import Permission, Principal
from desktop.domain.queueing import (
    OPEN_STATES,
    QueueDef,
    QueueError,
    Ticket,
    TicketState,
    format_number,
)
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.services.pseudonyms import person_pseudonym
from desktop.services.queueing.base import _D, _T, QueueBase

__all__ = ["Taking"]


class Taking(QueueBase):
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
                    locked = self._lock_or_create_day(conn, day, queue)
                    row = self._new_ticket(
                        conn,
                        principal,
                        queue,
                        locked,
                        day,
                        now,
                        priority=priority,
                        category=category,
                        holder=holder,
                        channel=channel,
                        booked_for=booked_for,
                    )
                    return self._ticket(row)
            except IntegrityError:
                # Two stations created the day's row at once: the second retries on it.
                continue
        raise QueueError(
            "queue.busy", "The queue is busy; try again.", "取号繁忙，请重试。", queue=queue.code
        )

    def _lock_or_create_day(self, conn: Connection, day: date, queue: QueueDef) -> Any:
        """The queue's row of ``day``, locked; created on the day's first ticket or booking
        (two stations creating it at once: the second's IntegrityError, for a retry)."""
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
        return locked

    def _new_ticket(
        self,
        conn: Connection,
        principal: Principal,
        queue: QueueDef,
        locked: Any,
        day: date,
        now: datetime,
        *,
        priority: bool,
        category: str,
        holder: str,
        channel: str,
        booked_for: datetime | None,
    ) -> Any:
        """Number, insert, audit and announce a ticket under the day's lock; its row."""
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
        return conn.execute(select(_T).where(_T.c.id == tid)).one()

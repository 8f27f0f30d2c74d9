"""Booked slots (预约): book a slot, check in at the hall, lapse when late.

A queue takes ``booking_capacity`` bookings per slot (``queues.toml``; the slots come from
``[booking]``: every ``slot_minutes`` within the opening ``hours``, up to ``days_ahead`` of the
hall's working days ahead). A booking holds its slot without a number; checking in (at the
kiosk or the reception desk, by its code or by the ID card it was booked with) gives it a ticket
of the day, marked ``booked_for`` the slot, which call-next prefers from
``booked_early_minutes`` before the slot on — ahead of the priority/normal interleave. A booking
not checked in by ``late_minutes`` after its slot began lapses: it no longer counts against the
slot, and the citizen takes an ordinary ticket.

Locking: a booking takes its queue's row of the slot's day in ``queue_days`` first, as taking a
ticket does (created ahead of the day if needed), so two stations never both fill a slot's last
place; the seat in the slot is part of the booking's unique code.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from desktop.domain.permissions import Permission, Principal
from desktop.domain.queueing import (
    Booking,
    BookingState,
    QueueDef,
    QueueError,
    SlotInfo,
    Ticket,
)
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.services.pseudonyms import person_pseudonym
from desktop.services.queueing.base import _B
from desktop.services.queueing.taking import Taking

__all__ = ["Bookings"]

_HELD = (BookingState.BOOKED.value, BookingState.CHECKED_IN.value)


class Bookings(Taking):
    # ---- helpers -----------------------------------------------------------------------------

    def _local_slot(self, queue: QueueDef, at: datetime) -> datetime:
        """``at`` as a slot's start in the hall's time (naive: already hall time), checked."""
        local = at.replace(tzinfo=self._tz) if at.tzinfo is None else at.astimezone(self._tz)
        rules = self.config.booking
        minutes = local.hour * 60 + local.minute
        if local.second or local.microsecond or minutes not in rules.slot_starts():
            starts = ", ".join(f"{m // 60:02d}:{m % 60:02d}" for m in rules.slot_starts()[:4])
            raise QueueError(
                "queue.bad_slot",
                f"{local:%H:%M} is not a booking slot (slots start at {starts}, …).",
                f"{local:%H:%M} 不是预约时段的开始（时段从 {starts} 等开始）。",
                at=local.isoformat(),
            )
        return local

    def _holder(self, card_holder_id: str | None) -> str:
        with uow.translated(self._db.target):
            return person_pseudonym(self._db.engine, card_holder_id) if card_holder_id else ""

    def _booking(self, row: Any) -> Booking:
        known = self._known(row.queue_code)
        q = self.config.get(row.queue_code) if known else None
        start = as_utc(row.slot_start)
        state = row.state
        now, _ = self._clock()
        if state == BookingState.BOOKED.value and self._lapsed(start, now):
            state = (
                BookingState.LAPSED.value
            )  # the sweep has not run yet; it is lapsed all the same
        return Booking(
            code=row.code,
            queue_code=row.queue_code,
            queue_name_zh=q.name_zh if q else row.queue_code,
            queue_name_en=q.name_en if q else row.queue_code,
            slot_start=start,
            slot_end=start + timedelta(minutes=self.config.booking.slot_minutes),
            state=state,
            booked_at=as_utc(row.booked_at),
            ticket_number=str(row.ticket_label or ""),
            channel=row.channel,
        )

    def _lapsed(self, slot_start: datetime, now: datetime) -> bool:
        return now > slot_start + timedelta(minutes=self.config.booking.late_minutes)

    def _sweep(self, conn: Connection, day: date, now: datetime) -> None:
        """Lapse the day's bookings nobody checked in by their slot's start + late minutes."""
        late = timedelta(minutes=self.config.booking.late_minutes)
        conn.execute(
            update(_B)
            .where(
                _B.c.day == day,
                _B.c.state == BookingState.BOOKED.value,
                _B.c.slot_start < now - late,
            )
            .values(state=BookingState.LAPSED.value)
        )

    def _select(self) -> Any:
        from desktop.services.queueing.base import _T

        return select(_B, _T.c.label.label("ticket_label")).outerjoin(_T, _T.c.id == _B.c.ticket_id)

    # ---- booking -----------------------------------------------------------------------------

    def book(
        self,
        principal: Principal,
        service: str,
        at: datetime,
        *,
        card_holder_id: str | None = None,
        channel: str = "booking",
    ) -> Booking:
        """Hold a place in the slot starting ``at`` (``queue.slot_full``, ``queue.bad_slot``,
        ``queue.not_working_day`` on a weekend or holiday of the hall's calendar,
        ``queue.already_booked`` for a second booking of the card for the queue that day)."""
        queue = self.config.for_service(service)
        self._authorize(principal, Permission.QUEUE_TICKET, f"queue:{queue.code}")
        if queue.booking_capacity <= 0:
            raise QueueError(
                "queue.no_booking",
                f"Queue {queue.code} takes no bookings.",
                f"{queue.name_zh}不接受预约。",
                queue=queue.code,
            )
        local = self._local_slot(queue, at)
        start = as_utc(local)
        now, today = self._clock()
        day = local.date()
        if start <= now:
            raise QueueError(
                "queue.slot_past",
                f"The slot {local:%Y-%m-%d %H:%M} has begun or is over.",
                f"{local:%Y-%m-%d %H:%M} 时段已开始或已结束，不能预约。",
                at=local.isoformat(),
            )
        if not self._is_working_day(day):
            raise QueueError(
                "queue.not_working_day",
                f"{day.isoformat()} is not a working day of the hall; bookings are taken on "
                "working days only.",
                f"{day.isoformat()} 不是大厅的工作日，只能预约工作日的时段。",
                day=day.isoformat(),
            )
        ahead = self.config.booking.days_ahead
        # Counted in the hall's working days: a weekend or a holiday week shortens nobody's
        # reach (7 days ahead on a Friday before the National Day week is still 7 working days).
        last = self._working_days_after(today, ahead)
        if day > last:
            raise QueueError(
                "queue.slot_too_far",
                f"Bookings are taken up to {ahead} working days ahead (until {last.isoformat()}).",
                f"只能预约 {ahead} 个工作日内（{last.isoformat()} 前）的时段。",
                at=local.isoformat(),
                last_day=last.isoformat(),
            )
        holder = self._holder(card_holder_id)
        for _attempt in range(2):
            try:
                with uow.transaction(self._db) as conn:
                    row = self._book_locked(
                        conn, principal, queue, day, local, start, now, holder, channel
                    )
                    return self._booking(row)
            except IntegrityError:
                continue  # the day's row created by two stations at once: retry on it
        raise QueueError(
            "queue.busy", "The queue is busy; try again.", "预约繁忙，请重试。", queue=queue.code
        )

    def _book_locked(
        self,
        conn: Connection,
        principal: Principal,
        queue: QueueDef,
        day: date,
        local: datetime,
        start: datetime,
        now: datetime,
        holder: str,
        channel: str,
    ) -> Any:
        self._lock_or_create_day(conn, day, queue)
        self._sweep(conn, day, now)
        in_slot = select(func.count()).where(
            _B.c.queue_code == queue.code, _B.c.slot_start == start
        )
        held = int(conn.scalar(in_slot.where(_B.c.state.in_(_HELD))) or 0)
        if held >= queue.booking_capacity:
            raise QueueError(
                "queue.slot_full",
                f"The slot {local:%H:%M} of queue {queue.code} is fully booked.",
                f"{local:%H:%M} 时段已约满，请选择其他时段。",
                queue=queue.code,
                at=local.isoformat(),
            )
        if holder and conn.scalar(
            select(_B.c.code).where(
                _B.c.day == day,
                _B.c.queue_code == queue.code,
                _B.c.holder_hash == holder,
                _B.c.state.in_(_HELD),
            )
        ):
            raise QueueError(
                "queue.already_booked",
                "This card already holds a booking for this service that day.",
                "该证件当天已预约过该业务。",
                queue=queue.code,
            )
        seat = int(conn.scalar(in_slot) or 0) + 1
        code = f"{queue.code}{local:%m%d%H%M}-{seat}"
        conn.execute(
            insert(_B).values(
                code=code,
                day=day,
                queue_code=queue.code,
                slot_start=start,
                state=BookingState.BOOKED.value,
                channel=channel[:10],
                holder_hash=holder,
                booked_at=now,
                booked_by=principal.user[:60],
            )
        )
        self._audit(
            conn,
            principal,
            "queue.book",
            f"booking:{code}",
            {"queue": queue.code, "slot": start.isoformat(), "channel": channel},
        )
        self._changed(conn, queue.code)
        return conn.execute(self._select().where(_B.c.code == code)).one()

    # ---- checking in ----------------------------------------------------------------------------

    def check_in(
        self,
        principal: Principal,
        *,
        code: str | None = None,
        card_holder_id: str | None = None,
        queue_code: str | None = None,
    ) -> Ticket:
        """The booking's ticket of the day, waiting for its slot (by the booking's code, or by
        the card it was booked with — today's, of ``queue_code`` if given)."""
        self._authorize(principal, Permission.QUEUE_TICKET, f"booking:{code or 'card'}")
        now, today = self._clock()
        holder = self._holder(card_holder_id)
        find = select(_B.c.code).where(_B.c.day == today)
        if code:
            find = select(_B.c.code).where(_B.c.code == code.strip().upper())
        elif holder:
            find = find.where(_B.c.holder_hash == holder, _B.c.state.in_(_HELD))
            if queue_code:
                find = find.where(_B.c.queue_code == self.config.for_service(queue_code).code)
        else:
            raise QueueError(
                "queue.no_booking_given",
                "Give the booking's code or read the card it was made with.",
                "请输入预约号或读取预约时使用的身份证。",
            )
        with uow.transaction(self._db) as conn:
            self._sweep(conn, today, now)  # committed on its own: a lapse is a fact
            found = conn.scalar(find.order_by(_B.c.slot_start).limit(1))
        if found is None:
            raise QueueError(
                "queue.no_booking",
                "No booking found for today.",
                "未找到今天的预约。",
                booking=code or "",
            )
        with uow.transaction(self._db) as conn:
            row = conn.execute(select(_B).where(_B.c.code == found)).one()
            queue = self.config.get(row.queue_code)
            locked = self._lock_or_create_day(conn, row.day, queue)
            row = conn.execute(select(_B).where(_B.c.code == found)).one()  # under the lock
            self._check_booking(row, today, now)
            ticket = self._new_ticket(
                conn,
                principal,
                queue,
                locked,
                row.day,
                now,
                priority=False,
                category="",
                holder=row.holder_hash,
                channel="booking",
                booked_for=as_utc(row.slot_start),
            )
            conn.execute(
                update(_B)
                .where(_B.c.id == row.id)
                .values(state=BookingState.CHECKED_IN.value, checked_in_at=now, ticket_id=ticket.id)
            )
            self._audit(
                conn,
                principal,
                "queue.check_in",
                f"booking:{row.code}",
                {"queue": queue.code, "ticket": ticket.label},
            )
            return self._ticket(ticket)

    def _check_booking(self, row: Any, today: date, now: datetime) -> None:
        state = row.state
        if state == BookingState.BOOKED.value and self._lapsed(as_utc(row.slot_start), now):
            state = BookingState.LAPSED.value
        refusals = {
            BookingState.CHECKED_IN.value: (
                "queue.already_checked_in",
                "This booking is already checked in.",
                "该预约已签到取号。",
            ),
            BookingState.LAPSED.value: (
                "queue.booking_lapsed",
                "The booking lapsed: its slot began too long ago. Take an ordinary ticket.",
                "预约已过时失效，请取普通号。",
            ),
            BookingState.CANCELLED.value: (
                "queue.booking_cancelled",
                "This booking was cancelled.",
                "该预约已取消。",
            ),
        }
        if state in refusals:
            raise QueueError(*refusals[state], booking=row.code)
        if row.day != today:
            raise QueueError(
                "queue.booking_not_today",
                f"This booking is for {row.day.isoformat()}.",
                f"该预约的日期是 {row.day.isoformat()}，请当天签到。",
                booking=row.code,
            )

    # ---- reading and cancelling -----------------------------------------------------------------

    def bookings(self, principal: Principal, day: date | None = None) -> tuple[Booking, ...]:
        """The day's bookings by slot (a booked one past its slot + late minutes: lapsed)."""
        self._authorize(principal, Permission.QUEUE_TICKET, "queue:bookings")
        day = day or self._clock()[1]
        with uow.connection(self._db) as conn:
            rows = conn.execute(
                self._select().where(_B.c.day == day).order_by(_B.c.slot_start, _B.c.id)
            ).all()
        return tuple(self._booking(r) for r in rows)

    def slots(self, principal: Principal, service: str, day: date) -> tuple[SlotInfo, ...]:
        """The queue's slots of ``day`` that have not begun, with their free places (none on a
        day the hall does not work)."""
        queue = self.config.for_service(service)
        self._authorize(principal, Permission.QUEUE_TICKET, f"queue:{queue.code}")
        if not self._is_working_day(day):
            return ()
        now, _ = self._clock()
        with uow.connection(self._db) as conn:
            held: dict[Any, Any] = dict(
                conn.execute(
                    select(_B.c.slot_start, func.count())
                    .where(
                        _B.c.day == day,
                        _B.c.queue_code == queue.code,
                        _B.c.state.in_(_HELD),
                    )
                    .group_by(_B.c.slot_start)
                ).all()
            )
        taken = {as_utc(k): int(v) for k, v in held.items()}
        out = []
        for minutes in self.config.booking.slot_starts():
            local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
            start = as_utc(local.replace(tzinfo=self._tz))
            if start > now:
                cap = queue.booking_capacity
                out.append(SlotInfo(start, cap, max(0, cap - taken.get(start, 0))))
        return tuple(out)

    def cancel_booking(self, principal: Principal, code: str) -> Booking:
        """Give a booked (not yet checked-in) slot back."""
        self._authorize(principal, Permission.QUEUE_TICKET, f"booking:{code}")
        with uow.transaction(self._db) as conn:
            done = conn.execute(
                update(_B)
                .where(_B.c.code == code.strip().upper(), _B.c.state == BookingState.BOOKED.value)
                .values(state=BookingState.CANCELLED.value)
                .returning(_B.c.queue_code)
            ).first()
            if done is None:
                raise QueueError(
                    "queue.no_booking",
                    f"No open booking {code}.",
                    f"没有未签到的预约 {code}。",
                    booking=code,
                )
            self._audit(conn, principal, "queue.cancel_booking", f"booking:{code}", {})
            self._changed(conn, done.queue_code)
            return self._booking(
                conn.execute(self._select().where(_B.c.code == code.strip().upper())).one()
            )

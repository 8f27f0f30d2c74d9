"""Booked slots (预约): slots from the hall's hours, capacity per slot and queue, one booking
per card, check-in (by code or card) gives the day's ticket that call-next prefers once its slot
begins, and a booking not checked in in time lapses — on SQLite and on PostgreSQL, with
stations booking the same slot at once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from desktop.domain.permissions import Principal, Role
from desktop.domain.queueing import BookingState, QueueConfigError, QueueError, parse_queue_config
from desktop.persistence.database import Database
from desktop.services.audit import verify_chain
from desktop.services.calendar import CalendarService, HallWorkingDays
from desktop.services.queueing import QueueService
from services.case_factory import Clock  # type: ignore[import-not-found]

KIOSK = Principal.of("kiosk01", "自助机1", [Role.KIOSK])
RECEPTION = Principal.of("reception", "导服台", [Role.CLERK])
CLERK = Principal.of("clerk01", "窗口1", [Role.CLERK])
CST = timezone(timedelta(hours=8))
CARD = "110101199003070011"

CONFIG = {
    "calling": {"normal_per_priority": 2, "booked_early_minutes": 5},
    "booking": {
        "slot_minutes": 30,
        "hours": ["09:00-12:00", "13:30-17:00"],
        "late_minutes": 15,
        "days_ahead": 7,
    },
    "priority": [{"code": "elderly", "name_zh": "老年人", "name_en": "Elderly"}],
    "queue": [
        {"code": "A", "name_zh": "户籍", "windows": [1, 2], "booking_capacity": 2},
        {"code": "B", "name_zh": "居住证", "windows": [3]},
    ],
}


def service(db: Database, clock: Clock) -> QueueService:
    return QueueService(db, parse_queue_config(CONFIG, "test"), now=clock, tz=CST)


def at(day: int, hh: int, mm: int) -> datetime:
    """A time of the hall (UTC+8) on November ``day``, 2026."""
    return datetime(2026, 11, day, hh, mm, tzinfo=CST)


@pytest.fixture
def clock() -> Clock:
    return Clock()  # Monday 23 November 2026, 09:30 in the hall


def test_the_booking_rules_are_checked_data() -> None:
    config = parse_queue_config(CONFIG, "t")
    assert config.get("A").booking_capacity == 2 and config.get("B").booking_capacity == 0
    starts = config.booking.slot_starts()
    assert starts[0] == 9 * 60 and starts[-1] == 16 * 60 + 30 and 12 * 60 not in starts
    for bad, field in (
        ({"booking": {"hours": ["9:00-12:00"]}}, "booking.hours"),
        ({"booking": {"hours": ["13:00-17:00", "09:00-12:00"]}}, "booking.hours"),
        ({"booking": {"slot": 30}}, "booking"),
    ):
        with pytest.raises(QueueConfigError) as exc:
            parse_queue_config({**CONFIG, **bad}, "t")
        assert exc.value.detail["field"] == field


def test_a_slot_takes_its_capacity_and_each_card_once(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    first = svc.book(KIOSK, "A", at(24, 10, 0), card_holder_id=CARD)
    assert first.code == "A11241000-1" and first.state == BookingState.BOOKED
    assert first.slot_end - first.slot_start == timedelta(minutes=30)
    with pytest.raises(QueueError) as exc:
        svc.book(KIOSK, "A", at(24, 14, 0), card_holder_id=CARD)
    assert exc.value.code == "queue.already_booked"
    assert svc.book(KIOSK, "A", at(24, 10, 0)).code == "A11241000-2"
    with pytest.raises(QueueError) as exc:
        svc.book(KIOSK, "A", at(24, 10, 0))
    assert exc.value.code == "queue.slot_full"
    free = {s.start: s.free for s in svc.slots(KIOSK, "A", at(24, 0, 0).date())}
    assert free[at(24, 10, 0).astimezone(UTC)] == 0 and free[at(24, 10, 30).astimezone(UTC)] == 2
    # A cancelled booking gives its place back; the next seat keeps the code unique.
    svc.cancel_booking(KIOSK, "A11241000-2")
    assert svc.book(KIOSK, "A", at(24, 10, 0)).code == "A11241000-3"
    refusals = {
        "queue.bad_slot": lambda: svc.book(KIOSK, "A", at(24, 10, 10)),
        "queue.slot_past": lambda: svc.book(KIOSK, "A", at(23, 9, 0)),
        "queue.slot_too_far": lambda: svc.book(KIOSK, "A", at(23, 9, 0) + timedelta(days=8)),
        "queue.no_booking": lambda: svc.book(KIOSK, "B", at(24, 10, 0)),
    }
    for code, attempt in refusals.items():
        with pytest.raises(QueueError) as exc:
            attempt()
        assert exc.value.code == code


def test_a_checked_in_booking_is_called_at_its_slot_before_the_interleave(
    sqlite_db: Database, clock: Clock
) -> None:
    svc = service(sqlite_db, clock)
    booking = svc.book(KIOSK, "A", at(23, 10, 30), card_holder_id=CARD)  # now is 09:30
    svc.take(KIOSK, "A", category="elderly")
    svc.take(KIOSK, "A")
    clock.advance(minutes=15)  # 09:45: the citizen arrives early and checks in by card
    ticket = svc.check_in(RECEPTION, card_holder_id=CARD)
    assert ticket.number == "A003" and ticket.booked_for == booking.slot_start
    assert ticket.channel == "booking"
    with pytest.raises(QueueError) as exc:
        svc.check_in(RECEPTION, code=booking.code)
    assert exc.value.code == "queue.already_checked_in"
    # Before its slot (less 5 minutes) the booked ticket waits; walk-ins are called.
    first = svc.call_next(CLERK, 1)
    assert first is not None and first.number == "A001"  # the priority ticket
    clock.advance(minutes=36)  # 10:21: not yet 10:25
    second = svc.call_next(CLERK, 1)
    assert second is not None and second.number == "A002"
    svc.take(KIOSK, "A", category="elderly")  # a priority ticket is due by the ratio…
    clock.advance(minutes=5)  # 10:26: the slot is about to begin
    booked = svc.call_next(CLERK, 1)
    assert booked is not None and booked.number == "A003"  # …but the booking goes first
    nxt = svc.call_next(CLERK, 1)
    assert nxt is not None and nxt.number == "A004"
    listed = {b.code: b for b in svc.bookings(RECEPTION)}
    assert listed[booking.code].state == BookingState.CHECKED_IN
    assert listed[booking.code].ticket_number == "A003"
    with sqlite_db.engine.connect() as conn:
        assert verify_chain(conn).ok


def test_a_booking_not_checked_in_in_time_lapses(sqlite_db: Database, clock: Clock) -> None:
    svc = service(sqlite_db, clock)
    late = svc.book(KIOSK, "A", at(23, 10, 0), card_holder_id=CARD)
    on_time = svc.book(KIOSK, "A", at(23, 10, 0))
    tomorrow = svc.book(KIOSK, "A", at(24, 9, 0))
    with pytest.raises(QueueError) as exc:
        svc.check_in(RECEPTION, code=tomorrow.code)
    assert exc.value.code == "queue.booking_not_today"
    clock.advance(minutes=44)  # 10:14: within the 15 late minutes
    assert svc.check_in(RECEPTION, code=on_time.code.lower()).booked_for is not None
    clock.advance(minutes=2)  # 10:16: too late
    states = {b.code: b.state for b in svc.bookings(RECEPTION)}
    assert states[late.code] == BookingState.LAPSED  # shown lapsed before any sweep
    with pytest.raises(QueueError) as exc:
        svc.check_in(RECEPTION, code=late.code)
    assert exc.value.code == "queue.booking_lapsed"
    with pytest.raises(QueueError) as exc:  # by card: a lapsed booking is no booking
        svc.check_in(RECEPTION, card_holder_id=CARD)
    assert exc.value.code == "queue.no_booking"
    with sqlite_db.engine.connect() as conn:
        state = conn.exec_driver_sql(
            "SELECT state FROM queue_bookings WHERE code = ?", (late.code,)
        ).scalar()
    assert state == "lapsed"  # the sweep wrote it
    # The citizen takes an ordinary ticket (the card holds no open one).
    assert svc.take(KIOSK, "A", card_holder_id=CARD).booked_for is None


def _concurrent_bookings(db: Database, stations: int) -> None:
    clock = Clock()
    svc = service(db, clock)
    made: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(stations)

    def station(_i: int) -> None:
        start.wait()
        try:
            b = svc.book(KIOSK, "A", at(24, 11, 0))
            with guard:
                made.append(b.code)
        except QueueError as exc:
            with guard:
                refused.append(exc.code)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=station, args=(i,)) for i in range(stations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert sorted(made) == ["A11241100-1", "A11241100-2"]
    assert refused == ["queue.slot_full"] * (stations - 2)
    with db.engine.connect() as conn:
        assert verify_chain(conn).ok


@pytest.mark.postgres
def test_stations_booking_one_slot_at_once_on_postgresql(pg_db: Database) -> None:
    _concurrent_bookings(pg_db, stations=8)


def test_stations_booking_one_slot_at_once_on_sqlite(sqlite_db: Database) -> None:
    _concurrent_bookings(sqlite_db, stations=4)


@pytest.mark.postgres
def test_check_in_and_call_on_postgresql(pg_db: Database) -> None:
    clock = Clock()
    svc = service(pg_db, clock)
    booking = svc.book(KIOSK, "A", at(23, 10, 0), card_holder_id=CARD)
    svc.take(KIOSK, "A")
    clock.advance(minutes=25)  # 09:55
    assert svc.check_in(RECEPTION, code=booking.code).number == "A002"
    called = svc.call_next(CLERK, 2)
    assert called is not None and called.number == "A002" and called.booked_for is not None


def test_bookings_follow_the_halls_working_day_calendar(sqlite_db: Database, clock: Clock) -> None:
    """Weekends and the hall's holidays take no booking and list no slot; a weekend the hall
    works (an override) does."""
    calendar = CalendarService(sqlite_db)
    svc = QueueService(
        sqlite_db,
        parse_queue_config(CONFIG, "test"),
        now=clock,
        tz=CST,
        working_days=HallWorkingDays(calendar),
    )
    admin = Principal.of("admin01", "管理台", [Role.ADMINISTRATOR])
    calendar.set_day(date(2026, 11, 25), "holiday", "闭厅", admin)  # a Wednesday
    calendar.set_day(date(2026, 11, 29), "workday", "周日加班", admin)  # a Sunday
    for day in (25, 28):  # the hall's holiday; a Saturday
        assert svc.slots(KIOSK, "A", at(day, 0, 0).date()) == ()
        with pytest.raises(QueueError) as exc:
            svc.book(KIOSK, "A", at(day, 10, 0), card_holder_id=CARD)
        assert exc.value.code == "queue.not_working_day"
        assert exc.value.detail["day"] == f"2026-11-{day}"
        assert "工作日" in (exc.value.message_zh or "")
    assert len(svc.slots(KIOSK, "A", at(24, 0, 0).date())) == 13
    assert len(svc.slots(KIOSK, "A", at(29, 0, 0).date())) == 13
    assert svc.book(KIOSK, "A", at(29, 10, 0), card_holder_id=CARD).code == "A11291000-1"
    assert svc.book(KIOSK, "A", at(26, 10, 0), card_holder_id=CARD).code == "A11261000-1"
    assert [b.code for b in svc.bookings(KIOSK, at(25, 0, 0).date())] == []


def test_days_ahead_counts_the_halls_working_days(sqlite_db: Database, clock: Clock) -> None:
    """``days_ahead = 7`` reaches the 7th working day after today: a weekend and a holiday of
    the hall's calendar do not count (they used to: 7 calendar days)."""
    calendar = CalendarService(sqlite_db)
    svc = QueueService(
        sqlite_db,
        parse_queue_config(CONFIG, "test"),
        now=clock,
        tz=CST,
        working_days=HallWorkingDays(calendar),
    )

    def refusal(day: date) -> str:
        """Why the day's 16:30 slot is not booked ("" if it is)."""
        try:
            svc.book(KIOSK, "A", datetime(day.year, day.month, day.day, 16, 30, tzinfo=CST))
        except QueueError as exc:
            return exc.code
        return ""

    def reach() -> date:
        """The last day a booking is taken for (a slot already full was within reach: the
        limit is checked first)."""
        day = last = clock.today
        while (why := refusal(day := day + timedelta(days=1))) != "queue.slot_too_far":
            assert why in ("", "queue.slot_full", "queue.not_working_day"), why
            last = last if why == "queue.not_working_day" else day
        return last

    # Monday 23 November: Tue 24 … Fri 27 (4), the weekend, Mon 30, Tue 1, Wed 2 December (7).
    assert reach() == date(2026, 12, 2)  # 9 calendar days ahead
    with pytest.raises(QueueError) as exc:
        svc.book(KIOSK, "A", datetime(2026, 12, 3, 9, 0, tzinfo=CST))
    assert exc.value.code == "queue.slot_too_far"
    assert exc.value.detail["last_day"] == "2026-12-02"
    assert "7 working days" in str(exc.value) and "7 个工作日" in (exc.value.message_zh or "")
    # A holiday of the hall within the week (Wednesday 25 November) moves the reach a day on;
    # a Saturday the hall works (5 December) counts like any working day.
    admin = Principal.of("admin01", "管理台", [Role.ADMINISTRATOR])
    calendar.set_day(date(2026, 11, 25), "holiday", "闭厅", admin)
    assert reach() == date(2026, 12, 3)
    for day in (26, 27):
        calendar.set_day(date(2026, 11, day), "holiday", "闭厅", admin)
    calendar.set_day(date(2026, 12, 5), "workday", "周六加班", admin)
    assert reach() == date(2026, 12, 5)  # Tue 24, Mon 30, Tue 1 … Fri 4, Sat 5 (7)
    # On a Friday the reach spans the next weekend and the one after: Tue 8 December.
    clock.advance(days=4)
    calendar.clear_day(date(2026, 12, 5), admin)
    assert reach() == date(2026, 12, 8)


def test_the_checked_in_ticket_prints_its_slot_time(sqlite_db: Database, clock: Clock) -> None:
    import io
    from dataclasses import replace

    from pypdf import PdfReader

    from printing.model import Issuer
    from printing.render import render

    svc = service(sqlite_db, clock)
    svc.book(KIOSK, "A", at(23, 10, 30), card_holder_id=CARD)
    ticket = svc.check_in(KIOSK, card_holder_id=CARD)
    doc = svc.ticket_document(ticket, Issuer(name="示例政务服务中心"))
    assert doc.booked and doc.booked_slot == (at(23, 10, 30), at(23, 11, 0))
    pdf = render(replace(doc, matters=("居住登记",))).pdf  # the test's queues serve no matter
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "户籍（预约）" in text and "预约时段：2026-11-2310:30至11:00" in text
    ordinary = svc.ticket_document(svc.take(KIOSK, "A"))
    assert not ordinary.booked and ordinary.booked_slot is None

"""The reception desk (导服台): keyboard-first tickets for citizens — the service by its digit,
the priority category, Enter takes and prints; a card read ties the ticket (a second open
ticket for the card and service is refused, and said so); F3 checks a booking in; Esc forgets
the citizen. With a fake queue and, end to end, the real queue service on SQLite."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import Qt

from desktop.domain.permissions import Principal, Role
from desktop.domain.queueing import (
    QueueError,
    QueueInfo,
    Ticket,
    load_queue_config,
)
from desktop.persistence.database import Database
from desktop.services.queueing import QueueService
from ui.clerk.reception import ReceptionPage

RECEPTION = Principal.of("reception", "导服台", [Role.CLERK])
CARD_NUMBER = "110101199003070011"
CST = timezone(timedelta(hours=8))


@dataclass
class Card:
    name: str = "张三"
    id_number: str = CARD_NUMBER


@dataclass
class Job:
    id: int
    status: str = "done"


class FakePrinter:
    def __init__(self) -> None:
        self.jobs: list[Any] = []

    def submit(self, job: Any) -> Future[Any]:
        self.jobs.append(job)
        f: Future[Any] = Future()
        f.set_result(Job(int(job)))
        return f


def ticket(number: str, **kw: Any) -> Ticket:
    base = Ticket(
        id=1,
        number=number,
        queue_code=number[0],
        queue_name_zh="户籍业务",
        day=date(2026, 11, 23),
        priority=False,
        state="waiting",
        waiting_before=3,
        taken_at=datetime(2026, 11, 23, 1, 30, tzinfo=UTC),
        check_url="",
        queue_name_en="Household registration",
    )
    return replace(base, **kw)


class FakeQueue:
    def __init__(self) -> None:
        self.config = load_queue_config(None)
        self.taken: list[tuple[str, str, str | None]] = []
        self.checked: list[tuple[str | None, str | None]] = []
        self.open_cards: set[tuple[str, str]] = set()

    def queues(self, principal: Principal) -> tuple[QueueInfo, ...]:
        return tuple(
            QueueInfo(q.code, q.name_zh, q.name_en, q.matter_codes, 2) for q in self.config.queues
        )

    def take(self, principal: Principal, queue_code: str, **kw: Any) -> Ticket:
        card = kw.get("card_holder_id")
        if card and (card, queue_code) in self.open_cards:
            raise QueueError(
                "queue.already_waiting", "already", "您今天已取过该业务的号，请留意叫号。"
            )
        if card:
            self.open_cards.add((card, queue_code))
        self.taken.append((queue_code, kw.get("category", ""), card))
        return ticket(f"{queue_code}00{len(self.taken)}", priority=bool(kw.get("category")))

    def check_in(self, principal: Principal, **kw: Any) -> Ticket:
        self.checked.append((kw.get("code"), kw.get("card_holder_id")))
        return ticket("A009", booked_for=datetime(2026, 11, 23, 2, 0, tzinfo=UTC))

    def print_ticket(self, principal: Principal, t: Ticket) -> Job:
        return Job(len(self.taken) + len(self.checked))


def page_for(
    qtbot: Any, backend: Any, language: str = "zh_CN"
) -> tuple[ReceptionPage, FakePrinter]:
    printer = FakePrinter()
    page = ReceptionPage(backend, RECEPTION, language=language, printer=printer)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.setFocus()
    qtbot.waitUntil(lambda: page.queue_list.count() == 4, timeout=3000)
    return page, printer


def test_keys_pick_the_service_and_priority_and_enter_takes_and_prints(qtbot) -> None:  # type: ignore[no-untyped-def]
    queue = FakeQueue()
    page, printer = page_for(qtbot, queue)
    assert "户籍业务" in page.queue_list.item(0).text()
    qtbot.keyClick(page, Qt.Key.Key_2)
    assert page.selected_queue() == "B"
    qtbot.keyClick(page, Qt.Key.Key_P)
    assert page.category_box.currentData() == "elderly"
    qtbot.keyClick(page, Qt.Key.Key_P)
    assert page.category_box.currentData() == "disabled"
    with qtbot.waitSignal(page.sig_ticket, timeout=3000):
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert queue.taken == [("B", "disabled", None)]
    assert page.number_label.text() == "B001"
    qtbot.waitUntil(lambda: printer.jobs == [1], timeout=3000)
    qtbot.waitUntil(
        lambda: page.status_label.text() != "" and "…" not in page.status_label.text(), timeout=3000
    )
    assert page.category_box.currentIndex() == 0  # the next citizen starts ordinary
    qtbot.keyClick(page, Qt.Key.Key_P)
    qtbot.keyClick(page, Qt.Key.Key_0)
    assert page.category_box.currentData() == ""


def test_a_card_ties_the_ticket_and_a_second_one_is_refused_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    queue = FakeQueue()
    page, _ = page_for(qtbot, queue)
    page.on_card_read(Card())
    assert "张三" in page.card_label.text() and CARD_NUMBER not in page.card_label.text()
    qtbot.keyClick(page, Qt.Key.Key_1)
    with qtbot.waitSignal(page.sig_ticket, timeout=3000):
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert queue.taken[-1] == ("A", "", CARD_NUMBER)
    assert page.card is None  # the ticket is out: the card is forgotten
    page.on_card_read(Card())
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已取过" in page.status_label.text(), timeout=3000)
    # Unticked, the ticket names nobody.
    page.tie_box.setChecked(False)
    with qtbot.waitSignal(page.sig_ticket, timeout=3000):
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert queue.taken[-1] == ("A", "", None)
    page.on_card_read(Card())
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert page.card is None and "张三" not in page.card_label.text()


def test_f3_checks_a_booking_in_by_code_or_by_card(qtbot) -> None:  # type: ignore[no-untyped-def]
    queue = FakeQueue()
    page, _ = page_for(qtbot, queue, language="en")
    qtbot.keyClick(page, Qt.Key.Key_F3)  # nothing given: the code field takes the keys
    assert page.booking_edit.hasFocus() or queue.checked == []
    page.booking_edit.setFocus()
    qtbot.keyClicks(page.booking_edit, "a11231000-1")
    with qtbot.waitSignal(page.sig_ticket, timeout=3000):
        qtbot.keyClick(page.booking_edit, Qt.Key.Key_Return)
    assert queue.checked == [("a11231000-1", None)]
    assert page.number_label.text() == "A009" and "Booking" in page.info_label.text()
    assert "Household registration" in page.info_label.text()  # English names in English
    page.on_card_read(Card())
    with qtbot.waitSignal(page.sig_ticket, timeout=3000):
        qtbot.keyClick(page, Qt.Key.Key_F3)
    assert queue.checked[-1] == (None, CARD_NUMBER)


def test_an_answer_for_the_previous_citizen_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    gate = threading.Event()
    queue = FakeQueue()
    slow_take = queue.take

    def take(principal: Principal, queue_code: str, **kw: Any) -> Ticket:
        gate.wait(5)
        return slow_take(principal, queue_code, **kw)

    queue.take = take  # type: ignore[method-assign]
    page, printer = page_for(qtbot, queue)
    page.on_card_read(Card())
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.keyClick(page, Qt.Key.Key_Escape)  # the citizen left before the answer
    gate.set()
    qtbot.waitUntil(lambda: not page._busy, timeout=3000)
    assert page.number_label.text() == "—" and printer.jobs == []


def test_the_real_queue_service_end_to_end(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    from services.case_factory import Clock  # type: ignore[import-not-found]

    clock = Clock()
    printed: list[str] = []

    def print_document(principal: Principal, t: Ticket, doc: Any) -> Job:
        assert doc.queue_name == t.queue_name_zh
        printed.append(t.number)
        return Job(len(printed))

    svc = QueueService(
        sqlite_db, load_queue_config(None), now=clock, tz=CST, print_document=print_document
    )
    booking = svc.book(
        RECEPTION, "A", datetime(2026, 11, 23, 10, 0, tzinfo=CST), card_holder_id=CARD_NUMBER
    )
    page, printer = page_for(qtbot, svc)
    page.on_card_read(Card())
    qtbot.keyClick(page, Qt.Key.Key_3)
    qtbot.keyClick(page, Qt.Key.Key_P)
    with qtbot.waitSignal(page.sig_ticket, timeout=5000) as taken:
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert taken.args[0].number == "C001" and taken.args[0].category == "elderly"
    assert taken.args[0].channel == "reception"
    page.on_card_read(Card())
    qtbot.keyClick(page, Qt.Key.Key_3)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已取过" in page.status_label.text(), timeout=5000)
    with qtbot.waitSignal(page.sig_ticket, timeout=5000) as checked:
        qtbot.keyClick(page, Qt.Key.Key_F3)  # the card's booking for 10:00
    assert checked.args[0].booked_for == booking.slot_start
    assert printed == ["C001", checked.args[0].number]
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=3000)


class FakeSource:
    """A change listener the test drives: ``emit`` delivers a topic set like the real one."""

    def __init__(self) -> None:
        self.sink: Any = None
        self.stopped = False

    def start(self, sink: Any) -> None:
        self.sink = sink

    def stop(self, timeout: float = 1.0) -> None:
        self.stopped = True

    def emit(self, *topics: str) -> None:
        self.sink(frozenset(topics))


class CountingQueue(FakeQueue):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0
        self.waiting = 2

    def queues(self, principal: Principal) -> tuple[QueueInfo, ...]:
        self.reads += 1
        return tuple(
            QueueInfo(q.code, q.name_zh, q.name_en, q.matter_codes, self.waiting)
            for q in self.config.queues
        )


def test_the_waiting_counts_follow_the_live_feed_coalesced(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.clerk import reception
    from ui.live import LiveFeed

    queue = CountingQueue()
    source = FakeSource()
    feed = LiveFeed(source)
    feed.start()
    page = ReceptionPage(queue, RECEPTION, printer=FakePrinter(), feed=feed)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.queue_list.count() == 4, timeout=3000)
    assert page.live.poll.interval() == reception.LIVE_POLL_MS  # the slow poll stays the fallback
    qtbot.waitUntil(lambda: queue.reads == 1, timeout=3000)
    # Another station's change of a case is not the reception's business.
    source.emit("case:123", "cases")
    qtbot.wait(reception.COALESCE_MS * 3)
    assert queue.reads == 1
    # A burst of calls and tickets elsewhere in the hall: the counts are read once, soon.
    queue.waiting = 7
    for _ in range(5):
        source.emit("queue:calls", "queue:A")
    qtbot.waitUntil(lambda: "7" in page.queue_list.item(0).text(), timeout=3000)
    qtbot.wait(reception.COALESCE_MS * 3)
    assert queue.reads == 2
    source.emit("*")  # the feed lost track: read everything again
    qtbot.waitUntil(lambda: queue.reads == 3, timeout=3000)
    page.close_page()
    assert not source.stopped  # the feed is the station's: it stops it
    source.emit("queue:calls")
    qtbot.wait(reception.COALESCE_MS * 3)
    assert queue.reads == 3  # closed: nothing more is read


def test_without_a_feed_the_counts_poll_as_before(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.clerk import reception

    page, _ = page_for(qtbot, FakeQueue())
    assert page.feed is None and page.live.poll.interval() == reception.REFRESH_MS

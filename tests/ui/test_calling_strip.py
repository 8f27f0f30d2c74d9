"""The clerk's calling strip: F9 calls the next ticket and opens the visit, recall, no-show,
transfer and pause go to the queue service; a refusal is shown in the strip, not raised."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt

from desktop.domain.permissions import Principal, Role
from desktop.domain.queueing import QueueError, Ticket
from ui.clerk.calling_strip import CallingStrip

CLERK = Principal.of("clerk01", "窗口1", [Role.CLERK])


def ticket(number: str = "A005", recalls: int = 0) -> Ticket:
    return Ticket(
        id=1,
        number=number,
        queue_code="A",
        queue_name_zh="户籍业务",
        day=date(2026, 11, 23),
        priority=False,
        state="called",
        waiting_before=0,
        taken_at=datetime(2026, 11, 23, 1, 0, tzinfo=UTC),
        check_url="",
        window=1,
        recalls=recalls,
    )


class FakeQueue:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.waiting = ["A005", "A006"]

    def call_next(self, principal: Principal, window: int) -> Ticket | None:
        self.calls.append("call")
        return ticket(self.waiting.pop(0)) if self.waiting else None

    def recall(self, principal: Principal, window: int) -> Ticket:
        self.calls.append("recall")
        raise QueueError(
            "queue.recall_limit", "Recalled twice: no-show?", "已重呼 2 次，可按过号处理。"
        )

    def no_show(self, principal: Principal, window: int) -> Ticket:
        self.calls.append("no_show")
        return ticket()

    def transfer(
        self,
        principal: Principal,
        window: int,
        *,
        to_queue: str | None = None,
        to_window: int | None = None,
    ) -> Ticket:
        self.calls.append(f"transfer:{to_queue}:{to_window}")
        return ticket()

    def pause(self, principal: Principal, window: int, paused: bool = True) -> bool:
        self.calls.append(f"pause:{paused}")
        return paused

    def current(self, principal: Principal, window: int) -> Ticket | None:
        return None


def test_f9_calls_and_opens_the_visit_and_the_other_actions_reach_the_service(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    queue = FakeQueue()
    strip = CallingStrip(queue, CLERK, 1, ask_transfer=lambda _parent: ("B", None))
    qtbot.addWidget(strip)
    strip.show()
    qtbot.waitExposed(strip)
    strip.activateWindow()
    qtbot.waitUntil(strip.isActiveWindow, timeout=2000)
    assert not strip.recall_button.isEnabled()
    with qtbot.waitSignal(strip.sig_called, timeout=2000) as called:
        qtbot.keyClick(strip, Qt.Key.Key_F9)
    assert called.args[0].number == "A005"
    assert strip.ticket_label.text() == "A005" and strip.recall_button.isEnabled()
    strip.recall()
    qtbot.waitUntil(
        lambda: any(w in strip.state_label.text() for w in ("过号", "no-show")), timeout=2000
    )
    strip.transfer()
    qtbot.waitUntil(lambda: strip.ticket is None, timeout=2000)
    strip.toggle_pause()
    qtbot.waitUntil(lambda: strip.paused, timeout=2000)
    strip.call_next()  # paused: nothing called
    assert queue.calls == ["call", "recall", "transfer:B:None", "pause:True"]
    strip.toggle_pause()
    qtbot.waitUntil(lambda: not strip.paused, timeout=2000)
    with qtbot.waitSignal(strip.sig_called, timeout=2000):
        strip.call_next()
    strip.no_show()
    qtbot.waitUntil(lambda: strip.ticket is None, timeout=2000)
    queue.waiting.clear()
    strip.call_next()
    qtbot.waitUntil(lambda: strip.state_label.text() != "", timeout=2000)
    assert strip.ticket is None


def test_the_english_strip_names_the_queue_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    strip = CallingStrip(FakeQueue(), CLERK, 1, language="en")
    qtbot.addWidget(strip)
    strip.ticket = replace(ticket(), queue_name_en="Household registration")
    strip._show()
    assert strip.state_label.text() == "Household registration"
    chinese = CallingStrip(FakeQueue(), CLERK, 1)
    qtbot.addWidget(chinese)
    chinese.ticket = replace(ticket(), queue_name_en="Household registration")
    chinese._show()
    assert chinese.state_label.text() == "户籍业务"

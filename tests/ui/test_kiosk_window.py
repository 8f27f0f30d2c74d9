"""The kiosk window on a fake core: the idle countdown on a fake clock, answers of an ended
session dropped, no way out, a printer that fails said plainly, large targets."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPushButton, QWidget

from desktop.domain.cases import CaseState
from ui.kiosk.window import WARN_SECONDS, KioskWindow
from ui.tasks import wait_for_tasks

NAME = "欧阳测试"
NUMBER = "110105199001010011"


@dataclass
class Card:
    name: str = NAME
    id_number: str = NUMBER


@dataclass(frozen=True)
class Session:
    name: str
    rare_characters: bool = False


@dataclass(frozen=True)
class Case:
    number: str = "44030720261206ZZ00001"
    matter_zh: str = "居住证申领"
    matter_en: str = "Residence permit application"
    state: CaseState = CaseState.IN_REVIEW
    received_on: date = date(2026, 12, 6)
    promised_date: date | None = date(2026, 12, 25)
    owed: tuple[Any, ...] = ()
    ready: bool = False
    where: str = ""
    rateable: bool = False
    overdue: bool = False
    declared: bool = False


@dataclass(frozen=True)
class Doc:
    number: str = "44030720261206JZ00001DJ"
    kind: str = "residence_registration_slip"
    title_zh: str = "居住登记凭条"
    title_en: str = "Residence registration slip"
    case_number: str = "44030720261206JZ00001"
    issued_on: date = date(2026, 12, 6)


@dataclass(frozen=True)
class Job:
    id: int
    status: str
    last_error_code: str | None = None


@dataclass
class FakeCore:
    service_place: str = "综合受理窗口"
    ended: list[str] = field(default_factory=list)
    gate: threading.Event | None = None
    reprinted: list[str] = field(default_factory=list)

    def declare_matters(self) -> tuple[str, ...]:
        return ("440306GA0001720010001",)

    def open_session(self, principal: Any, card: Any) -> Session:
        return Session(card.name)

    def end_session(self, session: Any, reason: Any) -> None:
        self.ended.append(str(reason))

    def my_cases(self, session: Any) -> tuple[Case, ...]:
        if self.gate is not None:
            self.gate.wait(10)
        return (Case(),)

    def documents(self, session: Any) -> tuple[Doc, ...]:
        return (Doc(),)

    def reprint(self, session: Any, number: str) -> Job:
        self.reprinted.append(number)
        return Job(7, "queued")

    def retry_print(self, session: Any, job_id: int) -> Job:
        return Job(job_id, "queued")


class FailingPrinter:
    """The print thread whose printer is out of paper (the job is kept, failed)."""

    def __init__(self, code: str = "print.printer_failed") -> None:
        self.code = code

    def submit(self, job: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(Job(int(job), "failed", self.code))
        return future


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kiosk(qtbot: Any) -> Any:
    clock = Clock()
    core = FakeCore()
    window = KioskWindow(
        core,
        object(),
        hall_name="示范区政务服务中心",
        printer=FailingPrinter(),
        idle_seconds=60,
        clock=clock,
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window, core, clock
    window.leave_kiosk_quietly()


def _open(qtbot: Any, window: KioskWindow) -> None:
    with qtbot.waitSignal(window.sig_cases_shown, timeout=10_000):
        window.on_card_read(Card())


#: Widgets that existed before the test (other tests' leftovers awaiting deletion in a full
#: run): a kiosk process has only its own, so only those made since are searched.
_EARLIER: set[QWidget] = set()


@pytest.fixture(autouse=True)
def _earlier_widgets() -> Iterator[None]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    _EARLIER.clear()
    _EARLIER.update(QApplication.allWidgets())
    yield
    _EARLIER.clear()


def _texts() -> list[str]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    out: list[str] = []
    for w in QApplication.allWidgets():
        if w in _EARLIER:
            continue
        out += [w.toolTip(), w.accessibleName(), w.whatsThis(), w.windowTitle()]
        if isinstance(w, QLabel | QPushButton):
            out.append(w.text())
    return out


def test_idle_countdown_warns_then_ends_the_session(qtbot: Any, kiosk: Any) -> None:
    window, core, clock = kiosk
    _open(qtbot, window)
    person = window.person
    assert person is not None and NAME not in person.greeting.text()  # the name is masked
    clock.now += 60 - WARN_SECONDS - 1
    window.check_idle()
    assert not person.warning.isVisible()
    clock.now += 5
    window.check_idle()
    assert person.warning.isVisible() and "11" in person.warning.text()
    # A touch gives the full time back.
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(person, press)
    window.check_idle()
    assert window.seconds_left() == 60 and not person.warning.isVisible()
    clock.now += 60
    with qtbot.waitSignal(window.sig_session_ended, timeout=5_000) as ended:
        window.check_idle()
    assert ended.args == ["idle"]
    assert window.person is None and window.stack.currentWidget() is window.welcome
    qtbot.waitUntil(lambda: core.ended == ["idle"], timeout=5_000)
    assert not any(NAME[0] + "***" in t for t in _texts())


def test_an_answer_for_an_ended_session_is_dropped(qtbot: Any, kiosk: Any) -> None:
    window, core, _clock = kiosk
    core.gate = threading.Event()
    with qtbot.waitSignal(window.sig_session_opened, timeout=10_000):
        window.on_card_read(Card())
    window.on_reader_state("card_removed")  # pulled while the cases load
    assert window.person is None
    core.gate.set()
    wait_for_tasks(10_000)
    QCoreApplication.processEvents()
    texts = _texts()
    assert not any("居住证申领" in t for t in texts)
    assert core.ended == ["card_removed"]


def test_done_clears_the_clipboard_and_leaves_nothing(qtbot: Any, kiosk: Any) -> None:
    window, core, _clock = kiosk
    _open(qtbot, window)
    QGuiApplication.clipboard().setText(NUMBER)
    assert window.person is not None
    window.person.done.click()
    assert QGuiApplication.clipboard().text() == ""
    assert window.welcome.ended.isVisible()
    texts = _texts()
    assert not any(s in t for t in texts for s in (NAME, NUMBER, "44030720261206ZZ00001"))
    qtbot.waitUntil(lambda: core.ended == ["done"], timeout=5_000)


def test_no_way_out_but_the_administrators(qtbot: Any, kiosk: Any) -> None:
    window, _core, _clock = kiosk
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    close = QCloseEvent()
    window.closeEvent(close)
    assert not close.isAccepted()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert window.isVisible()


def test_a_printer_out_of_paper_is_said_and_the_print_kept(qtbot: Any, kiosk: Any) -> None:
    window, core, _clock = kiosk
    _open(qtbot, window)
    assert window.person is not None
    page: Any = window.person.open("print")
    qtbot.waitUntil(lambda: bool(page.buttons), timeout=5_000)
    with qtbot.waitSignal(window.sig_printed, timeout=5_000) as printed:
        page.buttons[Doc().number].click()
    text, failed = printed.args
    assert failed and "paper" in text and "kept" in text
    assert page.retry.isVisible()
    assert core.reprinted == [Doc().number]


def test_touch_targets_and_text_are_large(qtbot: Any, kiosk: Any) -> None:
    window, _core, _clock = kiosk
    _open(qtbot, window)
    assert window.person is not None
    window.person.open("declare")
    QApplication.processEvents()
    for button in window.findChildren(QPushButton):
        if button.isVisible():
            assert button.height() >= 64, button.text()
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text():
            assert label.font().pixelSize() >= 24 or label.fontInfo().pixelSize() >= 24, (
                label.text()
            )


def test_english_on_the_welcome_page_and_chinese_again_for_the_next_person(qtbot: Any) -> None:
    switched: list[str] = []
    window = KioskWindow(
        FakeCore(), object(), hall_name="示范区政务服务中心", switch_language=switched.append
    )
    qtbot.addWidget(window)
    window.show()
    assert window.welcome.language.text() == "English"  # Chinese by default
    window.welcome.language.click()
    assert switched == ["en"] and window.welcome.language.text() == "中文"
    _open(qtbot, window)
    assert window.person is not None
    window.person.done.click()
    assert switched == ["en", "zh_CN"] and window.welcome.language.text() == "English"
    window.leave_kiosk_quietly()


def test_the_administrators_exit_is_a_long_press_and_the_password(qtbot: Any) -> None:
    tried: list[str] = []
    quits: list[bool] = []

    def check(password: str) -> None:
        tried.append(password)
        if password != "right":
            raise PermissionError("wrong")

    window = KioskWindow(
        FakeCore(),
        object(),
        hall_name="示范区政务服务中心",
        admin_hold_seconds=1,
        check_password=check,
        quit_app=lambda: quits.append(True),
    )
    qtbot.addWidget(window)
    window.show()
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(2, 2),
        QPointF(2, 2),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window.welcome.hall, press)
    qtbot.waitUntil(lambda: getattr(window, "admin_dialog", None) is not None, timeout=3_000)
    dialog: Any = window.admin_dialog
    window.admin_password.setText("wrong")
    box = dialog.findChild(QDialogButtonBox)
    box.accepted.emit()
    qtbot.waitUntil(lambda: tried == ["wrong"], timeout=3_000)
    wait_for_tasks(3_000)
    QApplication.processEvents()
    assert window.isVisible() and not quits
    window.admin_password.setText("right")
    with qtbot.waitSignal(window.sig_admin_exit, timeout=3_000):
        box.accepted.emit()
    assert quits == [True] and tried == ["wrong", "right"]
    assert window.admin_password.text() == ""  # the password is not kept


@dataclass
class RatingCore(FakeCore):
    rated: list[tuple[str, int]] = field(default_factory=list)

    def to_rate(self, session: Any) -> tuple[Case, ...]:
        return (Case(number="44030720261206JZ00001", state=CaseState.ISSUED, rateable=True),)

    def rate(self, session: Any, case_number: str, score: int) -> None:
        self.rated.append((case_number, score))


def test_a_finished_case_is_rated_with_one_touch(qtbot: Any) -> None:
    core = RatingCore()
    window = KioskWindow(core, object(), hall_name="示范区政务服务中心")
    qtbot.addWidget(window)
    window.show()
    _open(qtbot, window)
    assert window.person is not None
    page = window.person.open("rate")
    qtbot.waitUntil(
        lambda: any(b.text() == "Very satisfied" for b in page.findChildren(QPushButton)),
        timeout=5_000,
    )
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Very satisfied")
    button.click()
    qtbot.waitUntil(lambda: core.rated == [("44030720261206JZ00001", 1)], timeout=5_000)
    qtbot.waitUntil(
        lambda: any("Thank you" in lb.text() for lb in page.findChildren(QLabel)), timeout=5_000
    )
    window.leave_kiosk_quietly()


@dataclass
class DeclaringCore(FakeCore):
    """A kiosk core that declares: the dwelling known, a refusal when it is not confirmed."""

    declared: list[tuple[bool, str]] = field(default_factory=list)

    def declaration(self, session: Any, matter_code: str) -> Any:
        from desktop.domain.kiosk import Declaration

        return Declaration(
            matter_code=matter_code,
            matter_zh="居住登记",
            matter_en="Residence registration",
            address="深圳市南山区科技路1号2栋301室",
            house_code="",
            phone="13800138000",
        )

    def declare(
        self, session: Any, declaration: Any, *, dwelling_confirmed: bool, phone: str
    ) -> Any:
        from desktop.domain.kiosk import DeclarationReceipt, KioskError, KioskErrorCode

        self.declared.append((dwelling_confirmed, phone))
        if not dwelling_confirmed:
            raise KioskError(KioskErrorCode.DWELLING_NOT_CONFIRMED)
        return DeclarationReceipt("d1", "居住登记", "Residence registration", self.service_place)


def _declare_page(qtbot: Any, core: FakeCore) -> tuple[KioskWindow, Any]:
    window = KioskWindow(core, object(), hall_name="示范区政务服务中心")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    _open(qtbot, window)
    assert window.person is not None
    page = window.person.open("declare")
    qtbot.waitUntil(lambda: page.declaration is not None, timeout=5_000)
    return window, page


def test_another_dwelling_goes_to_the_core_which_refuses_it_and_sends_to_a_window(
    qtbot: Any,
) -> None:
    core = DeclaringCore()
    window, page = _declare_page(qtbot, core)
    assert page.address.text() == "深圳市南山区科技路1号2栋301室"
    page.no.click()
    qtbot.waitUntil(lambda: core.declared == [(False, "")], timeout=5_000)  # audited there
    qtbot.waitUntil(lambda: "checked by a clerk" in page.message.text(), timeout=5_000)
    assert "综合受理窗口" in page.message.text()
    assert page.address.text() == "" and not page.answers.isVisible()
    assert not page.step2.isVisible()  # nothing more is asked
    window.leave_kiosk_quietly()


def test_a_confirmed_dwelling_and_a_phone_are_sent_and_then_forgotten(qtbot: Any) -> None:
    core = DeclaringCore()
    window, page = _declare_page(qtbot, core)
    page.yes.click()
    assert page.keypad.digits() == "13800138000"  # the registry's, to confirm or change
    page.keypad.keys["back"].click()
    assert not page.send.isEnabled()  # ten digits: no phone number
    page.keypad.keys["9"].click()
    page.send.click()
    qtbot.waitUntil(lambda: core.declared == [(True, "13800138009")], timeout=5_000)
    qtbot.waitUntil(lambda: page.message.text().startswith("Sent."), timeout=5_000)
    assert page.keypad.digits() == "" and "13800138009" not in " ".join(_texts())
    window.leave_kiosk_quietly()


@dataclass
class RareCore(FakeCore):
    def open_session(self, principal: Any, card: Any) -> Session:
        return Session(card.name, rare_characters=True)


def test_a_name_with_a_rare_character_is_not_shown_and_the_person_sent_to_a_window(
    qtbot: Any,
) -> None:
    """A private-use character (a vendor's 生僻字 encoding) renders as nothing anyone can read:
    the greeting leaves the name out, printing and declaring go to a window, which it names."""
    core = RareCore()
    window = KioskWindow(core, object(), hall_name="示范区政务服务中心")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    rare = "\ue001" + "测试"
    with qtbot.waitSignal(window.sig_cases_shown, timeout=10_000):
        window.on_card_read(Card(name=rare))  # type: ignore[arg-type]
    person = window.person
    assert person is not None
    assert person.greeting.text() == "Hello"
    assert "\ue001" not in " ".join(_texts())
    assert not person.nav["print"].isEnabled() and not person.nav["declare"].isEnabled()
    assert person.rare_note.isVisible() and "综合受理窗口" in person.rare_note.text()
    window.leave_kiosk_quietly()


class DonePrinter:
    """The print thread whose printer prints."""

    def __init__(self) -> None:
        self.jobs: list[int] = []

    def submit(self, job: Any) -> Future[Any]:
        self.jobs.append(int(job))
        future: Future[Any] = Future()
        future.set_result(Job(int(job), "done"))
        return future


@dataclass
class BookingCore(FakeCore):
    """A kiosk core whose card holder has a booking today (or none: ``has_booking``)."""

    has_booking: bool = True
    checked_in: list[str] = field(default_factory=list)

    def queues(self, session: Any) -> tuple[Any, ...]:
        from desktop.domain.queueing import QueueInfo

        return (QueueInfo("A", "户籍业务", "Household registration", (), 4),)

    def check_in_booking(self, session: Any) -> Any:
        from datetime import datetime, timedelta, timezone

        from desktop.domain.kiosk import TicketTaken
        from desktop.domain.queueing import QueueError

        self.checked_in.append(session.name)
        if not self.has_booking:
            raise QueueError(
                "queue.no_booking",
                "No booking found for today.",
                "未找到今天的预约。",
            )
        slot = datetime(2026, 12, 7, 10, 30, tzinfo=timezone(timedelta(hours=8)))
        return TicketTaken("A007", "户籍业务", 2, 31, booked_for=slot)


def _ticket_page(qtbot: Any, core: BookingCore, printer: Any) -> tuple[KioskWindow, Any]:
    window = KioskWindow(core, object(), hall_name="示范区政务服务中心", printer=printer)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    _open(qtbot, window)
    assert window.person is not None
    page: Any = window.person.open("ticket")
    qtbot.waitUntil(lambda: page.booking is not None, timeout=5_000)
    return window, page


def test_i_have_a_booking_checks_it_in_by_the_card_and_prints_the_ticket(qtbot: Any) -> None:
    core, printer = BookingCore(), DonePrinter()
    window, page = _ticket_page(qtbot, core, printer)
    QApplication.processEvents()
    button = page.booking
    assert button.text() == "I have a booking" and button.isVisible() and button.isEnabled()
    assert button.height() >= 64 and page.buttons[0] is button  # first, finger-sized
    with qtbot.waitSignal(window.sig_printed, timeout=5_000) as printed:
        button.click()
    assert printed.args[1] is False
    assert page.number.text() == "A007" and page.number.isVisible()
    text = page.message.text()
    assert "A007" in text and "10:30" in text and "Take your ticket" in text, text
    assert core.checked_in == [NAME] and printer.jobs == [31]
    # One ticket per visit to the page: the buttons stay off, as after taking a ticket.
    assert not any(b.isEnabled() for b in page.buttons)
    # The card is pulled: nothing of the person, nor their ticket, is left on screen.
    window.on_reader_state("card_removed")
    texts = _texts()
    assert not any(s in t for t in texts for s in (NAME, NUMBER, "A007", "10:30"))
    window.leave_kiosk_quietly()


def test_no_booking_today_is_said_in_the_cores_words(qtbot: Any) -> None:
    core = BookingCore(has_booking=False)
    window, page = _ticket_page(qtbot, core, DonePrinter())
    page.booking.click()
    qtbot.waitUntil(lambda: "No booking found for today" in page.message.text(), timeout=5_000)
    assert page.message.property("alert") is True and not page.number.isVisible()
    assert all(b.isEnabled() for b in page.buttons)  # a ticket can still be taken
    window.leave_kiosk_quietly()


def test_the_booking_check_in_speaks_chinese(qtbot: Any, qapp: QApplication) -> None:
    from ui.i18n import install_translators, remove_translators
    from ui.i18n.build import release

    release()
    installed = install_translators(qapp, "zh_CN")
    try:
        window, page = _ticket_page(qtbot, BookingCore(has_booking=False), DonePrinter())
        assert page.booking.text() == "我有预约"
        page.booking.click()
        qtbot.waitUntil(lambda: page.message.text() == "未找到今天的预约。", timeout=5_000)
        window.leave_kiosk_quietly()
        window, page = _ticket_page(qtbot, BookingCore(), DonePrinter())
        with qtbot.waitSignal(window.sig_printed, timeout=5_000):
            page.booking.click()
        assert page.message.text() == "您的号码是 A007，10:30 起叫号。请取走号票。"
        window.leave_kiosk_quietly()
    finally:
        remove_translators(qapp, installed)

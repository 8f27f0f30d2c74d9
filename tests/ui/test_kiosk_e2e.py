"""The kiosk end to end: the real app as a kiosk station, the real pcscd with a virtual ID card,
the embedded registry, the archive and the print queue.

The kiosk account signs in through the login dialog (as the administrator does once); a window
has left the card holder two cases; the card goes on the reader → my cases → print one → the
card is pulled → a walk over every widget of the application (texts, tool tips, accessible
names, item models, line edits and their undo, the clipboard) finds nothing of the person.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from clerk_e2e_support import (
    Persons,
    install_template,
    launch_app,
    registry_persons,
    seed_template,
    settings_text,
)
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select

from desktop import app as app_module
from desktop.config.paths import AppPaths
from desktop.demo.kiosk import seed_demo_cases
from desktop.demo.users import DEMO_PASSWORD
from desktop.domain.permissions import Principal, Role
from desktop.persistence import uow
from desktop.persistence.models import AuditEvent
from desktop.services.print_queue import JobStatus

pytestmark = pytest.mark.slow

KIOSK_SETTINGS = '[station]\nkind = "kiosk"\nname = "自助终端"\n'


@pytest.fixture(scope="session")
def kiosk_seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("kiosk-registry") / "home")


@pytest.fixture
def kiosk_app(
    qtbot: Any,
    qapp: QApplication,
    app_home: AppPaths,
    app_state: None,
    memory_keyring: Any,
    kiosk_seeded_db: Path,
) -> Iterator[app_module.RunningApp]:
    install_template(kiosk_seeded_db, app_home, settings_text(extra=KIOSK_SETTINGS))
    running = launch_app(qapp, "--lang", "en")
    session: Any = running.session
    qtbot.waitUntil(lambda: session.login is not None and session.login.isVisible(), timeout=60_000)
    login = session.login
    qtbot.keyClicks(login.username_edit, "kiosk")
    qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)
    with qtbot.waitSignal(session.sig_desk_ready, timeout=20_000):
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            running.reader is not None
            and running.reader.state is not None
            and running.reader.state.value == "reader_ready"
        ),
        timeout=30_000,
    )
    try:
        yield running
    finally:
        if not running.closed:
            running.close()


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


def _strings_of(widget: QWidget) -> list[str]:
    out = [
        widget.windowTitle(),
        widget.toolTip(),
        widget.statusTip(),
        widget.whatsThis(),
        widget.accessibleName(),
        widget.accessibleDescription(),
    ]
    if isinstance(widget, QLabel | QAbstractButton):
        out.append(widget.text())
    if isinstance(widget, QLineEdit):
        out += [widget.text(), widget.placeholderText()]
        assert not widget.isUndoAvailable() or not widget.text(), "an undo history is kept"
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        out.append(widget.toPlainText())
    if isinstance(widget, QComboBox):
        out += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()

        def walk(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                # A list model's columnCount is private in Qt: one column.
                columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
                for col in range(columns):
                    index = model.index(row, col, parent)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value is not None:
                            out.append(str(value))
                    walk(index)

        walk(QModelIndex())
    return [s for s in out if s]


def every_string_on_screen() -> list[str]:
    """Every string any widget of the application holds, after deferred deletes ran."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    strings: list[str] = []
    for widget in QApplication.allWidgets():
        if widget in _EARLIER:  # another test's leftovers awaiting deletion, not this kiosk's
            continue
        strings += _strings_of(widget)
    clipboard = QGuiApplication.clipboard()
    strings.append(clipboard.text())
    return strings


def test_card_in_cases_print_card_out_and_nothing_of_the_person_is_left(
    qtbot: Any, kiosk_app: app_module.RunningApp, virtual_card: Callable[..., Any]
) -> None:
    session: Any = kiosk_app.session
    kiosk = session.kiosk
    hall = session.services.hall
    persons: Persons = registry_persons(hall.db, hall.today())
    who = persons.tenant
    assert seed_demo_cases(hall, who.card) == 2  # a window left two cases for this person
    # A window's clerk (a kiosk station signs in kiosk accounts only: [station] kind).
    clerk = Principal.of("clerk", "窗口 #1", [Role.CLERK])
    cases = hall.cases.cases_for_card_holder(clerk, who.card.id_number)
    numbers = [c.number for c in cases]

    card = virtual_card(who.card)
    with qtbot.waitSignal(kiosk.sig_cases_shown, timeout=30_000):
        card.insert()
    person = kiosk.person
    assert person is not None
    shown = " ".join(every_string_on_screen())
    for number in numbers:
        assert number in shown
    assert "Labour contract or proof of employment" in shown  # what is still owed
    assert who.card.name not in shown  # the greeting masks the name
    assert who.card.id_number not in shown

    page = person.open("print")
    qtbot.waitUntil(lambda: bool(page.buttons), timeout=20_000)
    number = next(n for n in page.buttons if n.endswith("DJ"))
    with qtbot.waitSignal(kiosk.sig_printed, timeout=30_000) as printed:
        page.buttons[number].click()
    text, failed = printed.args
    assert not failed, text
    jobs = hall.print_queue.jobs()
    reprints = [j for j in jobs if j.document_number == number and j.is_reprint]
    assert reprints and reprints[-1].status is JobStatus.DONE

    QGuiApplication.clipboard().setText(who.card.name)  # whatever someone copied
    with qtbot.waitSignal(kiosk.sig_session_ended, timeout=20_000) as ended:
        card.remove()
    assert ended.args == ["card_removed"]
    assert kiosk.person is None and kiosk.stack.currentWidget() is kiosk.welcome

    strings = every_string_on_screen()
    secrets = [who.card.name, who.card.id_number, who.dwelling_address, who.phone, *numbers]
    secrets.append(who.card.address)
    leaks = [(s, t) for t in strings for s in secrets if s and s in t]
    assert leaks == []

    from ui.tasks import wait_for_tasks

    wait_for_tasks(10_000)
    with uow.session(hall.db) as s:
        ends = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "kiosk.session_end")))
        reprint_events = list(
            s.scalars(select(AuditEvent).where(AuditEvent.action == "document.reprint"))
        )
    assert [e.detail["reason"] for e in ends] == ["card_removed"]
    assert any(e.subject == f"document:{number}" for e in reprint_events)


def test_a_declaration_at_the_kiosk_then_card_out_and_nothing_of_the_person_is_left(
    qtbot: Any, kiosk_app: app_module.RunningApp, virtual_card: Callable[..., Any]
) -> None:
    """自主申报 on the real kiosk: the dwelling confirmed, a phone typed on the keypad, sent; my
    cases say it waits for a clerk; the card pulled; nothing of it (address, phone, name,
    number) is left in any widget, and the declaration waits in the clerks' list."""
    session: Any = kiosk_app.session
    kiosk = session.kiosk
    hall = session.services.hall
    who = registry_persons(hall.db, hall.today()).tenant
    phone = "13712345678"

    card = virtual_card(who.card)
    with qtbot.waitSignal(kiosk.sig_cases_shown, timeout=30_000):
        card.insert()
    person = kiosk.person
    assert person is not None
    page = person.open("declare")
    qtbot.waitUntil(lambda: page.declaration is not None, timeout=20_000)
    address = page.declaration.address
    assert address and page.address.text() == address
    page.yes.click()
    page.keypad.keys["clear"].click()
    for digit in phone:
        page.keypad.keys[digit].click()
    assert page.keypad.display.text() == phone and page.send.isEnabled()
    page.send.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("Sent."), timeout=20_000)
    assert page.keypad.digits() == "" and phone not in page.keypad.display.text()

    with qtbot.waitSignal(kiosk.sig_cases_shown, timeout=20_000):  # read again: it says so
        person.nav["cases"].click()
    shown = " ".join(every_string_on_screen())
    assert "Declared here — waiting for a clerk to confirm" in shown

    with qtbot.waitSignal(kiosk.sig_session_ended, timeout=20_000):
        card.remove()
    strings = every_string_on_screen()
    secrets = [who.card.name, who.card.id_number, address, phone, who.card.address]
    leaks = [(s, t) for t in strings for s in secrets if s and s in t]
    assert leaks == []

    clerk = Principal.of("clerk", "窗口 #1", [Role.CLERK])
    from desktop.services.kiosk import KioskDesk

    (waiting,) = KioskDesk(hall).pending_declarations(clerk)
    assert waiting.masked_id[-4:] == who.card.id_number[-4:]


def test_a_booking_checked_in_at_the_kiosk_then_card_out_and_nothing_is_left(
    qtbot: Any, kiosk_app: app_module.RunningApp, virtual_card: Callable[..., Any]
) -> None:
    """预约 on the real kiosk: the holder booked a slot; "I have a booking" on the ticket page
    checks it in by the card, shows the number and the slot, prints the 80 mm ticket; the card
    pulled, nothing of the person nor the ticket is left in any widget."""
    from datetime import datetime, time, timedelta

    session: Any = kiosk_app.session
    kiosk = session.kiosk
    hall = session.services.hall
    who = registry_persons(hall.db, hall.today()).tenant
    # The morning of the hall's next working day (bookings are taken on working days only).
    day = hall.working_days.add_working_days(hall.today(), 1)
    slot = datetime.combine(day, time(9, 0), tzinfo=hall.tz)
    hall.queue._now = lambda: slot - timedelta(minutes=20)
    clerk = Principal.of("clerk", "窗口 #1", [Role.CLERK])
    hall.queue.book(clerk, "A", slot, card_holder_id=who.card.id_number)

    card = virtual_card(who.card)
    with qtbot.waitSignal(kiosk.sig_cases_shown, timeout=30_000):
        card.insert()
    person = kiosk.person
    assert person is not None
    page: Any = person.open("ticket")
    qtbot.waitUntil(lambda: page.booking is not None, timeout=20_000)
    with qtbot.waitSignal(kiosk.sig_printed, timeout=30_000) as printed:
        page.booking.click()
    text, failed = printed.args
    assert not failed, text
    number = page.number.text()
    assert number.startswith("A") and "09:00" in page.message.text()
    (ticket,) = [t for t in hall.queue.tickets(clerk, day) if t.number == number]
    assert ticket.booked_for == slot
    jobs = [j for j in hall.print_queue.jobs() if j.document_number.endswith(f"-{number}")]
    assert jobs and jobs[-1].status is JobStatus.DONE

    with qtbot.waitSignal(kiosk.sig_session_ended, timeout=20_000):
        card.remove()
    strings = every_string_on_screen()
    secrets = [who.card.name, who.card.id_number, who.card.address, number, "09:00"]
    leaks = [(s, t) for t in strings for s in secrets if s and s in t]
    assert leaks == []

"""The clerk's list of kiosk declarations (``ui.clerk.declarations``) over a fake core: F8, the
menu and the toolbar open it; the badge counts what waits and follows the live feed; Enter
claims the selected row and hands the draft to the desk; a declaration another clerk took is
said, and the list refreshed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from desktop.domain.cases import DraftRecord
from desktop.domain.kiosk import DECLARATIONS_TOPIC, KioskError, KioskErrorCode, PendingDeclaration
from desktop.domain.permissions import Principal, Role
from ui.clerk.declarations import DeclarationsControl, DeclarationsDialog

CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK])
AT = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)


def pending(draft_id: str, minute: int = 30) -> PendingDeclaration:
    return PendingDeclaration(
        draft_id=draft_id,
        matter_code="JZ01",
        matter_zh="居住登记",
        matter_en="Residence registration",
        masked_id="1101**********1234",
        masked_name="张**",
        station="自助终端 #1",
        declared_at=AT.replace(minute=minute),
    )


def draft(draft_id: str) -> DraftRecord:
    return DraftRecord(
        id=draft_id,
        station=CLERK.station,
        user=CLERK.user,
        matter_codes=("JZ01",),
        title="1101**********1234 居住登记（自助申报）",
        form={},
        materials={},
        created_at=AT,
        updated_at=AT,
    )


class FakeDesk:
    """The core's two calls; a claim of something already taken is ``declaration_gone``."""

    def __init__(self, *ids: str) -> None:
        self.waiting = [pending(i, 10 + n) for n, i in enumerate(ids)]
        self.mine: list[PendingDeclaration] = []
        self.claims: list[tuple[str, str]] = []
        self.released: list[str] = []
        self.reads = 0
        self._lock = threading.Lock()

    def pending_declarations(self, clerk: Principal) -> tuple[PendingDeclaration, ...]:
        with self._lock:
            self.reads += 1
            return tuple(self.waiting)

    def claim_declaration(self, clerk: Principal, draft_id: str) -> DraftRecord:
        with self._lock:
            self.claims.append((clerk.user, draft_id))
            for row in self.waiting:
                if row.draft_id == draft_id:
                    self.waiting.remove(row)
                    self.mine.append(row)
                    return draft(draft_id)
        raise KioskError(KioskErrorCode.DECLARATION_GONE)

    def claimed_declarations(self, clerk: Principal) -> tuple[PendingDeclaration, ...]:
        with self._lock:
            return tuple(self.mine)

    def release_declaration(self, clerk: Principal, draft_id: str) -> None:
        with self._lock:
            for row in self.mine:
                if row.draft_id == draft_id:
                    self.mine.remove(row)
                    self.waiting.append(row)
                    self.released.append(draft_id)
                    return
        raise KioskError(KioskErrorCode.NOT_CLAIMANT)

    def taken_by_another(self, draft_id: str) -> None:
        with self._lock:
            self.waiting = [r for r in self.waiting if r.draft_id != draft_id]


class FakeFeed(QObject):
    """The live feed's face (``ui.live.LiveFeed``): a signal carrying a set of topics."""

    sig_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


@pytest.fixture
def window(qtbot: Any) -> QMainWindow:
    win = QMainWindow()
    win.setCentralWidget(QWidget(win))
    win.resize(900, 600)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5_000)
    return win


def control_over(
    qtbot: Any, window: QMainWindow, desk: FakeDesk, feed: FakeFeed | None = None
) -> tuple[DeclarationsControl, list[DraftRecord]]:
    opened: list[DraftRecord] = []
    control = DeclarationsControl(
        window,
        desk,
        CLERK,
        opened.append,
        feed=feed,  # type: ignore[arg-type]
        english=True,
        tz=UTC,
    )
    qtbot.waitUntil(lambda: control.count is not None, timeout=10_000)
    return control, opened


def test_the_badge_counts_what_waits_and_follows_the_live_feed(
    qtbot: Any, window: QMainWindow
) -> None:
    desk, feed = FakeDesk("d1", "d2"), FakeFeed()
    control, _opened = control_over(qtbot, window, desk, feed)
    assert control.count == 2
    qtbot.waitUntil(control.badge.isVisible, timeout=5_000)
    assert control.badge.text() == "2"
    assert "2 waiting" in control.action.text()
    # a topic of someone else's: no read
    reads = desk.reads
    feed.sig_changed.emit(frozenset({"case:X1", "review:police"}))
    qtbot.wait(50)
    assert desk.reads == reads
    # a new declaration at a kiosk: the count follows
    desk.waiting.append(pending("d3", 40))
    with qtbot.waitSignal(control.sig_count, timeout=10_000) as counted:
        feed.sig_changed.emit(frozenset({DECLARATIONS_TOPIC}))
    assert counted.args == [3] and control.badge.text() == "3"
    # "refresh everything" counts again too
    desk.waiting.clear()
    with qtbot.waitSignal(control.sig_count, timeout=10_000) as counted:
        feed.sig_changed.emit(frozenset({"*"}))
    assert counted.args == [0]
    qtbot.waitUntil(lambda: not control.badge.isVisible(), timeout=5_000)
    assert "waiting" not in control.action.text()
    control.close()
    assert not feed.stopped  # the feed is the station's: it stops it
    reads = desk.reads
    feed.sig_changed.emit(frozenset({DECLARATIONS_TOPIC}))
    qtbot.wait(100)
    assert desk.reads == reads  # closed: the count is not read again


def test_f8_the_menu_and_the_toolbar_open_the_list(qtbot: Any, window: QMainWindow) -> None:
    desk = FakeDesk("d1")
    control, _opened = control_over(qtbot, window, desk)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    dialog = control.dialog
    assert isinstance(dialog, DeclarationsDialog) and dialog.isVisible()
    assert not dialog.isModal()  # the desk stays usable beside it
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=10_000)
    dialog.close()
    assert control.action in control.menu.actions()
    control.action.trigger()
    assert dialog.isVisible()
    dialog.close()
    control.button.click()
    assert dialog.isVisible() and control.dialog is dialog  # one list, reused
    dialog.close()
    control.close()


def test_the_list_shows_when_what_and_whose_masked(qtbot: Any, window: QMainWindow) -> None:
    desk = FakeDesk("d1", "d2")
    control, _opened = control_over(qtbot, window, desk)
    dialog = control.open_list()
    qtbot.waitUntil(lambda: len(dialog.rows) == 2, timeout=10_000)
    cells = [
        [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
        for r in range(dialog.table.rowCount())
    ]
    assert cells[0] == [
        "2026-11-23 01:10",
        "Residence registration",
        "张**  1101**********1234",
        "自助终端 #1",
    ]
    assert dialog.selected() == desk.waiting[0]  # the oldest, ready for Enter
    dialog.close()
    control.close()


def test_enter_claims_the_selected_declaration_and_the_desk_opens_it(
    qtbot: Any, window: QMainWindow
) -> None:
    desk = FakeDesk("d1", "d2")
    control, opened = control_over(qtbot, window, desk)
    dialog = control.open_list()
    qtbot.waitUntil(lambda: len(dialog.rows) == 2, timeout=10_000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    dialog.table.selectRow(1)
    with qtbot.waitSignal(control.sig_opened, timeout=10_000) as got:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert got.args[0].id == "d2"
    assert [d.id for d in opened] == ["d2"]
    assert desk.claims == [("clerk", "d2")]
    assert not dialog.isVisible()  # the desk has it now
    assert "Kiosk declaration opened" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: control.count == 1, timeout=10_000)  # the list's read counts too
    control.close()


def test_a_declaration_another_clerk_took_is_said_and_the_list_refreshed(
    qtbot: Any, window: QMainWindow
) -> None:
    desk = FakeDesk("d1", "d2")
    control, opened = control_over(qtbot, window, desk)
    dialog = control.open_list()
    qtbot.waitUntil(lambda: len(dialog.rows) == 2, timeout=10_000)
    desk.taken_by_another("d1")  # meanwhile, at another window
    with qtbot.waitSignal(dialog.sig_loaded, timeout=10_000):
        dialog.claim_button.click()
    assert opened == []
    assert "Another clerk has taken this declaration" in dialog.message.text()
    assert [r.draft_id for r in dialog.rows] == ["d2"]
    assert dialog.isVisible()
    assert control.count == 1
    dialog.close()
    control.close()


def test_a_claim_in_flight_is_not_sent_twice(qtbot: Any, window: QMainWindow) -> None:
    desk = FakeDesk("d1")
    gate = threading.Event()
    claim = desk.claim_declaration

    def slow(clerk: Principal, draft_id: str) -> DraftRecord:
        gate.wait(5)
        return claim(clerk, draft_id)

    desk.claim_declaration = slow  # type: ignore[method-assign]
    control, opened = control_over(qtbot, window, desk)
    dialog = control.open_list()
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=10_000)
    dialog.claim_selected()
    assert not dialog.claim_button.isEnabled()
    dialog.claim_selected()  # a second Enter while the first is on its way
    gate.set()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    assert desk.claims == [("clerk", "d1")]
    control.close()


def test_the_button_sits_in_the_menu_bars_corner_or_on_a_toolbar_if_taken(
    qtbot: Any, window: QMainWindow
) -> None:
    control, _opened = control_over(qtbot, window, FakeDesk("d1"))
    assert window.menuBar().cornerWidget(Qt.Corner.TopRightCorner) is control.corner
    assert control.toolbar is None
    control.close()
    other = QMainWindow()
    qtbot.addWidget(other)
    taken = QWidget()
    other.menuBar().setCornerWidget(taken, Qt.Corner.TopRightCorner)
    second, _ = control_over(qtbot, other, FakeDesk("d1"))
    assert other.menuBar().cornerWidget(Qt.Corner.TopRightCorner) is taken  # left alone
    assert second.toolbar is not None and second.corner.parentWidget() is second.toolbar
    second.close()


def test_a_locked_screen_hides_the_list_and_f8_opens_nothing(
    qtbot: Any, window: QMainWindow
) -> None:
    from ui.idle_lock import LockScreen

    control, _opened = control_over(qtbot, window, FakeDesk("d1"))
    lock = LockScreen(window, lambda _password: None)
    dialog = control.open_list()
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=10_000)
    lock.lock()
    assert not dialog.isVisible() and not control.corner.isVisible()
    dialog_opened = []
    dialog.sig_loaded.connect(dialog_opened.append)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.wait(100)
    assert not dialog.isVisible() and dialog_opened == []
    lock._release()
    assert dialog.isVisible()  # back as it was
    dialog.close()
    control.close()


def test_a_claimed_declaration_is_handed_back_unless_the_desk_has_it_open(
    qtbot: Any, window: QMainWindow
) -> None:
    desk = FakeDesk("d1", "d2")
    opened: list[str] = []
    on_desk: set[str] = set()
    control = DeclarationsControl(
        window,
        desk,
        CLERK,
        lambda d: (opened.append(d.id), on_desk.add(d.id)),
        is_open=lambda draft_id: draft_id in on_desk,
        english=True,
        tz=UTC,
    )
    qtbot.waitUntil(lambda: control.count == 2, timeout=10_000)
    dialog = control.open_list()
    qtbot.waitUntil(lambda: len(dialog.rows) == 2, timeout=10_000)
    assert not dialog.mine_box.isVisible()  # nothing claimed yet
    with qtbot.waitSignal(control.sig_opened, timeout=10_000):
        dialog.claim_selected()
    dialog = control.open_list()
    qtbot.waitUntil(lambda: len(dialog.mine) == 1, timeout=10_000)
    assert dialog.mine_box.isVisible() and [r.draft_id for r in dialog.rows] == ["d2"]
    # open at the desk: not handed back from under the clerk
    dialog.release_button.click()
    assert "open at the desk" in dialog.message.text() and desk.released == []
    on_desk.clear()  # F12: the desk let it go
    with qtbot.waitSignal(dialog.sig_loaded, timeout=10_000) as loaded:
        dialog.release_button.click()
    assert desk.released == ["d1"] and loaded.args == [2]
    assert "Handed back" in dialog.message.text()
    assert not dialog.mine_box.isVisible()
    qtbot.waitUntil(lambda: control.count == 2, timeout=10_000)
    dialog.close()
    control.close()

"""The clerk's calling strip (叫号条): one row above the desk to call the hall's queue.

Call next (F9), recall (F10), no-show (过号; after the hall's number of recalls), transfer to
another queue or window (the number is kept), pause / resume the window. Each action runs on the
worker through the queue service (``desktop.services.queueing.QueueService`` satisfies
:class:`CallingBackend`); the service checks the permission and audits. A called ticket opens
the visit: ``sig_called`` tells the station, which clears the previous person from the desk;
cases accepted while the ticket is served are linked to it by the desk's submit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QWidget,
)

from desktop.domain.permissions import Principal
from desktop.domain.queueing import Ticket
from ui.errors import error_text
from ui.tasks import run_task

__all__ = ["CallingBackend", "CallingStrip"]

log = logging.getLogger(__name__)


class CallingBackend(Protocol):
    def call_next(self, principal: Principal, window: int) -> Ticket | None: ...

    def recall(self, principal: Principal, window: int) -> Ticket: ...

    def no_show(self, principal: Principal, window: int) -> Ticket: ...

    def transfer(
        self,
        principal: Principal,
        window: int,
        *,
        to_queue: str | None = None,
        to_window: int | None = None,
    ) -> Ticket: ...

    def pause(self, principal: Principal, window: int, paused: bool = True) -> bool: ...

    def current(self, principal: Principal, window: int) -> Ticket | None: ...


class CallingStrip(QFrame):
    sig_called = Signal(object)  # Ticket: a new person comes to the window

    def __init__(
        self,
        backend: CallingBackend,
        principal: Principal,
        window: int,
        parent: QWidget | None = None,
        *,
        ask_transfer: Callable[[QWidget], tuple[str | None, int | None] | None] | None = None,
        language: str = "zh_CN",
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.setObjectName("callingStrip")
        self.setStyleSheet(
            "#callingStrip { background: #EEF3FA; border: 1px solid #C9D6EA; border-radius: 6px; }"
        )
        self.backend = backend
        self.principal = principal
        self.window_number = window
        self.ticket: Ticket | None = None
        self.paused = False
        self._busy = False
        self._ask_transfer = ask_transfer or _ask_transfer

        self.ticket_label = QLabel(self)
        self.ticket_label.setObjectName("callingTicket")
        font = self.ticket_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.ticket_label.setFont(font)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("callingState")
        self.call_button = QPushButton(self.tr("Call next (F9)"), self)
        self.recall_button = QPushButton(self.tr("Recall (F10)"), self)
        self.no_show_button = QPushButton(self.tr("No-show"), self)
        self.transfer_button = QPushButton(self.tr("Transfer…"), self)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.call_button.setDefault(False)
        self.call_button.clicked.connect(self.call_next)
        self.recall_button.clicked.connect(self.recall)
        self.no_show_button.clicked.connect(self.no_show)
        self.transfer_button.clicked.connect(self.transfer)
        self.pause_button.clicked.connect(self.toggle_pause)

        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(10)
        window_label = QLabel(self.tr("Window {n}").format(n=window), self)
        row.addWidget(window_label)
        row.addWidget(self.ticket_label)
        row.addWidget(self.state_label, 1)
        for button in (
            self.call_button,
            self.recall_button,
            self.no_show_button,
            self.transfer_button,
            self.pause_button,
        ):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        for keys, slot in (("F9", self.call_next), ("F10", self.recall)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._show()

    # ---- actions -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the window's current ticket (after a start or a restart)."""
        self._run(lambda: self.backend.current(self.principal, self.window_number), self._set)

    def call_next(self) -> None:
        if self.paused:
            self._say(self.tr("The window is paused: resume it to call."))
            return

        def done(ticket: Any) -> None:
            self._set(ticket)
            if ticket is None:
                self._say(self.tr("Nobody is waiting."))
            else:
                self.sig_called.emit(ticket)

        self._run(lambda: self.backend.call_next(self.principal, self.window_number), done)

    def recall(self) -> None:
        self._run(lambda: self.backend.recall(self.principal, self.window_number), self._set)

    def no_show(self) -> None:
        def done(_ticket: Any) -> None:
            self._set(None)

        self._run(lambda: self.backend.no_show(self.principal, self.window_number), done)

    def transfer(self) -> None:
        if self.ticket is None:
            return
        target = self._ask_transfer(self)
        if target is None:
            return
        to_queue, to_window = target

        def done(_ticket: Any) -> None:
            self._set(None)

        self._run(
            lambda: self.backend.transfer(
                self.principal, self.window_number, to_queue=to_queue, to_window=to_window
            ),
            done,
        )

    def toggle_pause(self) -> None:
        want = not self.paused

        def done(state: Any) -> None:
            self.paused = bool(state)
            self._show()

        self._run(lambda: self.backend.pause(self.principal, self.window_number, want), done)

    # ---- plumbing ----------------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        if self._busy:
            return
        self._busy = True
        self._show()

        def finished(result: Any, error: BaseException | None) -> None:
            self._busy = False
            if error is not None:
                self._show()
                self._say(error_text(error))
                return
            then(result)

        run_task(work, finished)

    def _set(self, ticket: Ticket | None) -> None:
        self.ticket = ticket
        self._show()

    def _say(self, text: str) -> None:
        self.state_label.setText(text)

    def _show(self) -> None:
        t = self.ticket
        self.ticket_label.setText(t.number if t is not None else "—")
        if t is not None:
            recalls = self.tr(" (recalled {n}×)").format(n=t.recalls) if t.recalls else ""
            name = t.queue_name_en if not self.language.startswith("zh") else ""
            self._say((name or t.queue_name_zh) + recalls)
        elif self.paused:
            self._say(self.tr("Paused"))
        else:
            self._say("")
        has = t is not None and not self._busy
        self.call_button.setEnabled(not self._busy and not self.paused)
        self.recall_button.setEnabled(has)
        self.no_show_button.setEnabled(has)
        self.transfer_button.setEnabled(has)
        self.pause_button.setEnabled(not self._busy)
        self.pause_button.setText(self.tr("Resume") if self.paused else self.tr("Pause"))


def _ask_transfer(parent: QWidget) -> tuple[str | None, int | None] | None:
    """Ask where to: a queue's letter (A) or a window number (5)."""
    text, ok = QInputDialog.getText(
        parent,
        parent.tr("Transfer the ticket"),
        parent.tr("To which queue (letter) or window (number)?"),
    )
    text = text.strip().upper()
    if not ok or not text:
        return None
    if text.isdigit():
        return None, int(text)
    return text, None

"""The reception desk (导服台): a clerk takes tickets for citizens and checks bookings in.

A window station runs it with ``[station] mode = "reception"`` (the hall's reception desk is a
station of its own: it serves at no window, so it has no calling strip and no case desk). The
page knows the hall only through :class:`ReceptionBackend` (``QueueService`` satisfies it) and
plain records; every call goes through ``ui.tasks.run_task``.

Keyboard first — the clerk's hands stay on the keys while the citizen talks:

* **1–9** pick the service (the queues as the hall lists them);
* **P** (or ``*``) steps through the priority categories (老年人, 残疾人, 军人… from
  ``queues.toml``), **0** back to an ordinary ticket;
* **Enter** takes the ticket and prints the 80 mm ticket;
* **F3** checks a booking (预约) in: the code typed in its field, else the card just read;
* **Esc** forgets the card and the priority (the next citizen).

A card read at the desk ties the ticket to the card holder (the queue service refuses a second
open ticket for the same card and service: ``queue.already_waiting``); untick "Tie to the card"
for a ticket that names nobody. Nothing of the person stays on the page after Esc, a new card,
or the next ticket's print.

The waiting counts follow the station's live feed (``ui.live.LiveFeed``: every queue change
publishes ``queue:calls`` and ``queue:<code>``; ``*`` after a lost feed), a burst of changes
coalesced into one read; a slow poll stays as the fallback (the 10 s poll when there is no
feed at all) — ``ui.live_refresh.LiveRefresh``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.identity import mask_id_number
from desktop.domain.permissions import Principal
from desktop.domain.queueing import QueueConfig, QueueInfo, Ticket
from ui.errors import error_text
from ui.live import ChangeFeed
from ui.live_refresh import LiveRefresh, of_kinds
from ui.tasks import run_task

__all__ = ["ReceptionBackend", "ReceptionPage"]

# Milliseconds between two reads of the waiting counts when no live feed tells of changes.
REFRESH_MS = 10_000
# The fallback poll beside a live feed (a feed that went quiet without saying so).
LIVE_POLL_MS = 60_000
# Changes arriving within this many milliseconds are read once.
COALESCE_MS = 150


class ReceptionBackend(Protocol):
    """What the reception desk uses of the queue service (``QueueService``)."""

    @property
    def config(self) -> QueueConfig: ...

    def queues(self, principal: Principal) -> tuple[QueueInfo, ...]: ...

    def take(
        self,
        principal: Principal,
        queue_code: str,
        *,
        priority: bool = ...,
        category: str = ...,
        card_holder_id: str | None = ...,
        channel: str = ...,
    ) -> Ticket: ...

    def check_in(
        self,
        principal: Principal,
        *,
        code: str | None = ...,
        card_holder_id: str | None = ...,
        queue_code: str | None = ...,
    ) -> Ticket: ...

    def print_ticket(self, principal: Principal, ticket: Ticket) -> Any: ...


class Printer(Protocol):
    def submit(self, job: Any) -> Future[Any]: ...


class _Relay(QObject):
    """Brings a print thread's result onto the GUI thread."""

    sig_printed = Signal(object, object)  # job id, the final job or the exception


def _zh(language: str) -> bool:
    return language.lower().startswith("zh")


class ReceptionPage(QWidget):
    # A ticket was taken or a booking checked in (the ticket).
    sig_ticket = Signal(object)

    def __init__(
        self,
        backend: ReceptionBackend,
        principal: Principal,
        *,
        language: str = "zh_CN",
        printer: Printer | None = None,
        feed: ChangeFeed | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receptionPage")
        self.backend = backend
        self.principal = principal
        self.language = language
        self.printer = printer
        self.card: Any = None  # the IdentityDocument just read (its number ties the ticket)
        self.queue_infos: tuple[QueueInfo, ...] = ()
        self.ticket: Ticket | None = None
        self._seq = 0  # bumped when the citizen changes: late answers are dropped
        self._busy = False
        self._relay = _Relay(self)
        self._relay.sig_printed.connect(self._on_printed)
        self._build()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._closed = False
        self._reading = False  # a read of the counts is under way
        self._read_again = False  # a change arrived during it: read once more after it
        #: The station's live feed the counts follow (None: they poll); the station stops it.
        self.feed = feed
        self.live = LiveRefresh(
            self.refresh,
            wants=of_kinds("queue"),  # queue:calls, queue:<code>; * after a lost feed
            coalesce_ms=COALESCE_MS,
            poll_ms=REFRESH_MS if feed is None else LIVE_POLL_MS,
            parent=self,
        )
        self.live.follow(feed)
        self.live.restart_poll()
        self.refresh()

    # ---- building --------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 16, 24, 16)
        root.setSpacing(12)
        title = QLabel(self.tr("Reception: tickets and bookings"), self)
        title.setObjectName("receptionTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        root.addWidget(title)
        keys = QLabel(
            self.tr(
                "1–9 service · P priority · 0 ordinary · Enter take and print · "
                "F3 check a booking in · Esc next citizen"
            ),
            self,
        )
        keys.setObjectName("receptionKeys")
        keys.setStyleSheet("color: #555;")
        root.addWidget(keys)

        card_row = QHBoxLayout()
        self.card_label = QLabel(self)
        self.card_label.setObjectName("receptionCard")
        self.tie_box = QCheckBox(self.tr("Tie the ticket to the card"), self)
        self.tie_box.setChecked(True)
        self.tie_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        card_row.addWidget(self.card_label, 1)
        card_row.addWidget(self.tie_box)
        root.addLayout(card_row)

        body = QHBoxLayout()
        self.queue_list = QListWidget(self)
        self.queue_list.setObjectName("receptionQueues")
        self.queue_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # digits belong to the page
        body.addWidget(self.queue_list, 3)

        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Priority"), self))
        self.category_box = QComboBox(self)
        self.category_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.category_box.addItem(self.tr("Ordinary ticket"), "")
        for cat in self.backend.config.priority_categories:
            name = cat.name_zh if _zh(self.language) or not cat.name_en else cat.name_en
            self.category_box.addItem(name, cat.code)
        side.addWidget(self.category_box)
        self.take_button = QPushButton(self.tr("Take and print (Enter)"), self)
        self.take_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.take_button.clicked.connect(self.take)
        side.addWidget(self.take_button)
        side.addSpacing(16)
        side.addWidget(QLabel(self.tr("Booking code"), self))
        self.booking_edit = QLineEdit(self)
        self.booking_edit.setObjectName("receptionBooking")
        self.booking_edit.setPlaceholderText(self.tr("e.g. A12070930-1"))
        self.booking_edit.returnPressed.connect(self.check_in)
        side.addWidget(self.booking_edit)
        self.check_in_button = QPushButton(self.tr("Check in (F3)"), self)
        self.check_in_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.check_in_button.clicked.connect(self.check_in)
        side.addWidget(self.check_in_button)
        side.addStretch(1)
        body.addLayout(side, 2)
        root.addLayout(body, 1)

        result = QFrame(self)
        result.setObjectName("receptionResult")
        result.setStyleSheet(
            "#receptionResult { background: #EEF3FA; border: 1px solid #C9D6EA; "
            "border-radius: 6px; }"
        )
        box = QHBoxLayout(result)
        self.number_label = QLabel("—", result)
        self.number_label.setObjectName("receptionNumber")
        big = QFont(self.number_label.font())
        big.setPointSizeF(big.pointSizeF() * 3)
        big.setBold(True)
        self.number_label.setFont(big)
        self.info_label = QLabel(result)
        self.info_label.setWordWrap(True)
        box.addWidget(self.number_label)
        box.addWidget(self.info_label, 1)
        root.addWidget(result)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("receptionStatus")
        self.status_label.setWordWrap(True)
        root.addWidget(self.status_label)
        self._show_card()

    # ---- the citizen -----------------------------------------------------------------------

    def on_card_read(self, card: Any) -> None:
        """A card at the desk: the next tickets are tied to it (a new citizen)."""
        self._next_citizen()
        self.card = card
        self._show_card()

    def forget_card(self) -> None:
        """Esc: the next citizen (no card, ordinary ticket, no booking code)."""
        self._next_citizen()
        self._show_card()
        self.status_label.setText("")

    def _next_citizen(self) -> None:
        self._seq += 1
        self.card = None
        self.category_box.setCurrentIndex(0)
        self.booking_edit.clear()
        self.tie_box.setChecked(True)
        self.setFocus()

    def _card_number(self) -> str | None:
        if self.card is None or not self.tie_box.isChecked():
            return None
        return str(getattr(self.card, "id_number", "") or "") or None

    def _show_card(self) -> None:
        if self.card is None:
            self.card_label.setText(self.tr("No card read: the ticket names nobody."))
            self.tie_box.setEnabled(False)
            return
        number = mask_id_number(str(getattr(self.card, "id_number", "")))
        name = str(getattr(self.card, "name", ""))
        self.card_label.setText(self.tr("Card: {name} {number}").format(name=name, number=number))
        self.tie_box.setEnabled(True)

    # ---- the queues ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the queues and their waiting counts (on the worker); one read at a time, a
        change during it read again after it."""
        if self._closed:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        self._read_again = False
        backend, principal = self.backend, self.principal

        def done(infos: tuple[QueueInfo, ...] | None, error: BaseException | None) -> None:
            self._reading = False
            if self._read_again and not self._closed:
                self.live.soon()
            if error is not None or infos is None:
                self.status_label.setText(error_text(error, language=self.language))
                return
            self._show_queues(infos)

        run_task(lambda: backend.queues(principal), done)

    def _show_queues(self, infos: tuple[QueueInfo, ...]) -> None:
        row = max(self.queue_list.currentRow(), 0)
        self.queue_infos = infos
        self.queue_list.clear()
        for i, q in enumerate(infos, start=1):
            name = q.name_zh if _zh(self.language) or not q.name_en else q.name_en
            key = f"{i}  " if i <= 9 else "   "
            text = self.tr("{key}{name} ({code}) — {n} waiting").format(
                key=key, name=name, code=q.code, n=q.waiting
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, q.code)
            self.queue_list.addItem(item)
        if infos:
            self.queue_list.setCurrentRow(min(row, len(infos) - 1))

    def select_queue(self, index: int) -> None:
        if 0 <= index < self.queue_list.count():
            self.queue_list.setCurrentRow(index)

    def selected_queue(self) -> str | None:
        item = self.queue_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def next_category(self) -> None:
        self.category_box.setCurrentIndex(
            (self.category_box.currentIndex() + 1) % self.category_box.count()
        )

    # ---- taking and checking in --------------------------------------------------------------

    def take(self) -> None:
        """Take a ticket for the chosen service (and priority), tied to the card if read."""
        code = self.selected_queue()
        if code is None or self._busy:
            return
        category = str(self.category_box.currentData() or "")
        backend, principal, holder = self.backend, self.principal, self._card_number()

        def work() -> tuple[Ticket, Any]:
            ticket = backend.take(
                principal,
                code,
                priority=bool(category),
                category=category,
                card_holder_id=holder,
                channel="reception",
            )
            return ticket, backend.print_ticket(principal, ticket)

        self._run(work)

    def check_in(self) -> None:
        """F3: the booking in the code field, else the booking of the card just read."""
        if self._busy:
            return
        code = self.booking_edit.text().strip() or None
        holder = str(getattr(self.card, "id_number", "") or "") or None
        if code is None and holder is None:
            self.status_label.setText(
                self.tr("Type the booking's code, or read the card it was made with.")
            )
            self.booking_edit.setFocus()
            return
        backend, principal = self.backend, self.principal

        def work() -> tuple[Ticket, Any]:
            ticket = backend.check_in(principal, code=code, card_holder_id=holder)
            return ticket, backend.print_ticket(principal, ticket)

        self._run(work)

    def _run(self, work: Callable[[], tuple[Ticket, Any]]) -> None:
        self._busy = True
        seq = self._seq
        self.status_label.setText(self.tr("Taking the ticket…"))

        def done(result: tuple[Ticket, Any] | None, error: BaseException | None) -> None:
            self._busy = False
            if seq != self._seq:
                return  # the citizen changed meanwhile: a late answer is not theirs
            if error is not None or result is None:
                self.status_label.setText(error_text(error, language=self.language))
                return
            ticket, job = result
            self._show_ticket(ticket)
            self._print(job)
            self.sig_ticket.emit(ticket)
            # The ticket is out: the next citizen starts from a clean desk.
            self._next_citizen()
            self._show_card()
            self.refresh()

        run_task(work, done)

    def _show_ticket(self, ticket: Ticket) -> None:
        self.ticket = ticket
        self.number_label.setText(ticket.number)
        name = ticket.queue_name_zh if _zh(self.language) else ticket.queue_name_en
        lines = [
            self.tr("{name}: {n} waiting before it").format(
                name=name or ticket.queue_name_zh, n=ticket.waiting_before
            )
        ]
        if ticket.booked_for is not None:
            lines.append(self.tr("Booking checked in: called from its slot on"))
        elif ticket.priority:
            lines.append(self.tr("Priority ticket"))
        self.info_label.setText("\n".join(lines))

    # ---- printing --------------------------------------------------------------------------

    def _print(self, job: Any) -> None:
        job_id = getattr(job, "id", job)
        if self.printer is None:
            self.status_label.setText(self.tr("Ticket taken; this desk has no printer."))
            return
        self.status_label.setText(self.tr("Printing the ticket…"))
        relay = self._relay

        def finished(f: Future[Any]) -> None:
            outcome = f.exception() or f.result()
            with contextlib.suppress(RuntimeError):  # the page is gone
                relay.sig_printed.emit(job_id, outcome)

        self.printer.submit(job_id).add_done_callback(finished)

    def _on_printed(self, _job_id: object, outcome: object) -> None:
        if isinstance(outcome, BaseException):
            self.status_label.setText(error_text(outcome, language=self.language))
        elif str(getattr(outcome, "status", "")) == "done":
            self.status_label.setText(self.tr("Ticket printed."))
        else:
            self.status_label.setText(
                self.tr("The ticket did not print; it waits in the print queue for a retry.")
            )

    # ---- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.booking_edit.hasFocus():
            if key == Qt.Key.Key_Escape:
                self.booking_edit.clear()
                self.setFocus()
            elif key == Qt.Key.Key_F3:
                self.check_in()
            else:
                super().keyPressEvent(event)
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.select_queue(key - Qt.Key.Key_1)
        elif key == Qt.Key.Key_0:
            self.category_box.setCurrentIndex(0)
        elif key in (Qt.Key.Key_P, Qt.Key.Key_Asterisk):
            self.next_category()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.take()
        elif key == Qt.Key.Key_F3:
            self.check_in()
        elif key == Qt.Key.Key_Escape:
            self.forget_card()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            self.select_queue(self.queue_list.currentRow() + step)
        else:
            super().keyPressEvent(event)

    def close_page(self) -> None:
        self._closed = True
        self.live.stop()
        self._seq += 1

"""A queue ticket taken at the kiosk, or the holder's booking (预约) checked in by the card just
read; its 80 mm ticket is printed here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain.kiosk import TicketTaken
from desktop.domain.printjobs import PrintJobRecord
from desktop.domain.queueing import QueueInfo
from ui.kiosk.ports import KioskPages
from ui.kiosk.widgets import ContentPage, chinese, text_label, touch_button

__all__ = ["TicketPage"]


class TicketPage(ContentPage):
    """Take a queue ticket, or check the holder's booking of today in ("I have a booking", the
    first button: ``KioskDesk.check_in_booking`` by the card, a refusal said in the core's
    words); the 80 mm ticket is printed here."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("Take a ticket"), parent)
        self.number = text_label("", "kioskTicket", self)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.hide()
        self.page_layout.addWidget(self.number)
        self.buttons: list[QPushButton] = []
        self.booking: QPushButton | None = None
        # The checked-in booking's slot ("10:30"), said with the number; "" for a ticket.
        self.slot = ""
        self.loading()
        pages.run(lambda s: pages.backend.queues(s), self._show)

    def _show(self, queues: tuple[QueueInfo, ...] | None, error: BaseException | None) -> None:
        if error is not None or queues is None:
            self.failed(error)
            return
        if not queues:
            self.say(
                self.tr("Tickets are not given at this kiosk. Please ask at: {place}").format(
                    place=self.pages.service_place
                )
            )
            return
        self.say(self.tr("Choose the service:"))
        booking = touch_button(self.tr("I have a booking"), "kioskBooking", self)
        booking.clicked.connect(self.check_in_booking)
        self.booking = booking
        self.buttons.append(booking)
        self.add(booking)
        zh = chinese()
        for queue in queues:
            name = (queue.name_zh if zh else queue.name_en) or queue.code
            waiting = queue.waiting
            button = touch_button(
                self.tr("{name} — {n} waiting").format(name=name, n=waiting), "kioskQueue", self
            )
            button.clicked.connect(lambda _c=False, c=queue.code: self.take(c))
            self.buttons.append(button)
            self.add(button)

    def take(self, code: str) -> None:
        for button in self.buttons:
            button.setEnabled(False)
        self.say(self.tr("One moment…"))
        self.pages.run(lambda s: self.pages.backend.take_ticket(s, code), self._taken)

    def check_in_booking(self) -> None:
        """The holder's booking of today, checked in by the card (once: the buttons stay off
        after a ticket, as after taking one)."""
        for button in self.buttons:
            button.setEnabled(False)
        self.say(self.tr("One moment…"))
        self.pages.run(lambda s: self.pages.backend.check_in_booking(s), self._taken)

    def _taken(self, ticket: TicketTaken | None, error: BaseException | None) -> None:
        if error is not None or ticket is None:
            for button in self.buttons:
                button.setEnabled(True)
            self.failed(error)
            return
        self.number.setText(ticket.number)
        self.number.show()
        if ticket.booked_for is not None:
            self.slot = f"{ticket.booked_for:%H:%M}"
            self.say(
                self.tr(
                    "Your booking is checked in. Your number is {n}, called from {t} on. "
                    "Printing your ticket…"
                ).format(n=ticket.number, t=self.slot)
            )
        else:
            self.say(
                self.tr(
                    "Your number is {n}. {k} people are before you. Printing your ticket…"
                ).format(n=ticket.number, k=ticket.waiting_before)
            )
        if ticket.print_job_id is not None:
            self.pages.print_job(ticket.print_job_id, self._printed)

    def _printed(self, text: str, failed: bool, _job: PrintJobRecord | int) -> None:
        if self.slot:
            self._printed_booked(text, failed)
            return
        if failed:
            self.say(
                self.tr("Your number is {n}. The ticket could not be printed: {why}").format(
                    n=self.number.text(), why=text
                ),
                alert=True,
            )
        else:
            self.say(self.tr("Your number is {n}. Take your ticket.").format(n=self.number.text()))

    def _printed_booked(self, text: str, failed: bool) -> None:
        if failed:
            self.say(
                self.tr(
                    "Your number is {n}, called from {t} on. The ticket could not be printed: {why}"
                ).format(n=self.number.text(), t=self.slot, why=text),
                alert=True,
            )
        else:
            self.say(
                self.tr("Your number is {n}, called from {t} on. Take your ticket.").format(
                    n=self.number.text(), t=self.slot
                )
            )

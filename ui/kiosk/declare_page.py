"""自主申报 at the kiosk: the dwelling the registry knows confirmed with one touch (or not: a
clerk checks a new address, and the core records the refusal), a phone number on the keypad,
sent as a declaration a clerk confirms."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desktop.domain.errors import CodedError
from desktop.domain.kiosk import PHONE_DIGITS, Declaration, DeclarationReceipt, KioskErrorCode
from ui.kiosk.keypad import DigitKeypad
from ui.kiosk.ports import KioskPages
from ui.kiosk.widgets import ContentPage, chinese, text_label, touch_button

__all__ = ["DeclarePage"]


class DeclarePage(ContentPage):
    """自主申报: confirm the dwelling the registry knows (one touch), give a phone (the keypad)."""

    def __init__(
        self, pages: KioskPages, matters: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(pages, self.tr("Declare your residence"), parent)
        self.declaration: Declaration | None = None
        self.address = text_label("", "kioskAddress", self.body)
        self.yes = touch_button(self.tr("Yes, I live here"), "kioskYes", self.body)
        self.no = touch_button(self.tr("No, I live elsewhere"), "kioskNo", self.body)
        self.phone_title = text_label(
            self.tr(
                "The number we have for you is shown; change it if needed. It is used only to "
                "reach you about this declaration."
            ),
            "kioskStep",
            self.body,
        )
        self.keypad = DigitKeypad(parent=self.body)
        self.keypad.setMaximumWidth(560)
        self.send = touch_button(self.tr("Send my declaration"), "kioskSend", self.body)
        self.send.setEnabled(False)
        self.keypad.sig_changed.connect(lambda d: self.send.setEnabled(len(d) in PHONE_DIGITS))
        self.yes.clicked.connect(self._confirmed)
        self.no.clicked.connect(self._elsewhere)
        self.send.clicked.connect(self._send)
        self.step1 = text_label(
            self.tr("Step 1 of 2: is this where you live?"), "kioskStep", self.body
        )
        answers = QWidget(self.body)
        row = QHBoxLayout(answers)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.answers = answers
        # Step 2: the keypad beside what it is for and the button that sends (no scrolling on
        # a 768-pixel-high screen).
        self.step2 = QWidget(self.body)
        step2 = QHBoxLayout(self.step2)
        step2.setContentsMargins(0, 0, 0, 0)
        step2.setSpacing(28)
        step2.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.addWidget(self.phone_title)
        side.addStretch(1)
        side.addWidget(self.send)
        step2.addLayout(side, 1)
        for widget in (self.step1, self.address, answers, self.step2):
            self.add(widget)
            widget.hide()
        self.loading()
        code = matters[0] if matters else ""
        pages.run(lambda s: pages.backend.declaration(s, code), self._show)

    def _show(self, declaration: Declaration | None, error: BaseException | None) -> None:
        if error is not None or declaration is None:
            self.failed(error)
            return
        self.declaration = declaration
        zh = chinese()
        self.title.setText(
            self.tr("Declare: {matter}").format(
                matter=declaration.matter_zh if zh else declaration.matter_en
            )
        )
        self.say("")
        self.address.setText(declaration.address)
        self.keypad.set_digits(declaration.phone)
        self.send.setEnabled(len(self.keypad.digits()) in PHONE_DIGITS)
        for widget in (self.step1, self.address, self.answers):
            widget.show()

    def _confirmed(self) -> None:
        self.step1.setText(self.tr("Step 2 of 2: your phone number"))
        self.answers.hide()
        self.address.hide()  # confirmed: the room goes to the keypad
        self.step2.show()

    def _elsewhere(self) -> None:
        """Not this dwelling: the core refuses the declaration (audited, with its reason) and
        the person is sent to a window, where a clerk checks the new address."""
        declaration = self.declaration
        if declaration is None:
            return
        self.answers.hide()
        self.address.clear()
        self.say(self.tr("One moment…"))
        self.pages.run(
            lambda s: self.pages.backend.declare(
                s, declaration, dwelling_confirmed=False, phone=""
            ),
            self._declined,
        )

    def _declined(self, _receipt: DeclarationReceipt | None, error: BaseException | None) -> None:
        if error is None or (
            isinstance(error, CodedError) and error.code == KioskErrorCode.DWELLING_NOT_CONFIRMED
        ):
            self.say(
                self.tr(
                    "Your new address has to be checked by a clerk. Please go to: {place}"
                ).format(place=self.pages.service_place)
            )
            return
        self.failed(error)

    def _send(self) -> None:
        declaration, phone = self.declaration, self.keypad.digits()
        if declaration is None:
            return
        self.send.setEnabled(False)
        self.say(self.tr("Sending…"))
        self.pages.run(
            lambda s: self.pages.backend.declare(
                s, declaration, dwelling_confirmed=True, phone=phone
            ),
            self._sent,
        )

    def _sent(self, receipt: DeclarationReceipt | None, error: BaseException | None) -> None:
        if error is not None or receipt is None:
            self.send.setEnabled(True)
            self.failed(error)
            return
        self.keypad.clear()
        self.step2.hide()
        self.step1.hide()
        self.address.clear()
        self.say(
            self.tr(
                "Sent. A clerk confirms your declaration; if anything is missing you will be "
                "called. Questions: {place}"
            ).format(place=receipt.where)
        )

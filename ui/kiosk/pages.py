"""The kiosk's pages: the welcome page (kept for the kiosk's life, never shows a person) and
the person's view (built for one card holder, destroyed when their session ends).

The person's view holds the content pages — my cases, print, declare, ticket, rate — each built
when first opened and filled from the core through :class:`KioskPages`, the window's calls.
Nothing here talks to the database or keeps a record after the view is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseState
from ui.errors import error_text
from ui.kiosk.keypad import DigitKeypad
from ui.kiosk.texts import RATING_SCORES, print_failure_text, rating_text, state_text

__all__ = ["KioskPages", "PersonView", "WelcomePage"]

# Touch targets: at least this many pixels high (a fingertip with room to spare).
TOUCH_PX = 72


def _label(text: str, name: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no selection
    if name:
        label.setObjectName(name)
    return label


def _button(text: str, name: str = "", parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(TOUCH_PX)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setAccessibleName(text)
    if name:
        button.setObjectName(name)
    return button


def _date(day: Any) -> str:
    return day.isoformat() if day is not None else "—"


def _chinese() -> bool:
    return QCoreApplication.translate("KioskTexts", "Very satisfied") != "Very satisfied"


class WelcomePage(QWidget):
    """Tap your ID card; the language switch; the hall's corner an administrator holds."""

    sig_language = Signal(str)
    sig_admin_hold = Signal()

    def __init__(self, hall_name: str, hold_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hall = _label(hall_name, "kioskHall", self)
        self.hall.setAccessibleName(hall_name)
        self.title = _label("", "kioskTitle", self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = _label("", "kioskHint", self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A card drawn by the style sheet (an emoji font is not on every kiosk).
        self.card_icon = _label("ID", "kioskCardIcon", self)
        self.card_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_icon.setFixedSize(240, 150)
        self.status = _label("", "kioskStatus", self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ended = _label("", "kioskEnded", self)
        self.ended.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ended.hide()
        self.language = _button("", "kioskLanguage", self)
        self.language.clicked.connect(self._toggle_language)
        self._english = False
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self.sig_admin_hold)
        self._ended_timer = QTimer(self)
        self._ended_timer.setSingleShot(True)
        self._ended_timer.timeout.connect(self.ended.hide)
        top = QHBoxLayout()
        top.addWidget(self.hall, 1)
        top.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addWidget(self.ended)
        layout.addWidget(self.card_icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(24)
        layout.addWidget(self.status)
        layout.addStretch(2)
        self.hall.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Place your ID card on the reader"))
        self.hint.setText(
            self.tr(
                "See your cases, print your papers again, declare your residence, take a "
                "ticket or rate our service. Nothing is typed: your card is enough."
            )
        )
        # The switch is written in the language it switches to.
        self.language.setText("English" if not self._english else "中文")
        self.language.setAccessibleName(self.language.text())
        self.ended.setText(
            self.tr("Your session has ended. Nothing of yours is kept on this screen.")
        )

    def set_english(self, english: bool) -> None:
        self._english = english
        self.retranslate()

    def _toggle_language(self) -> None:
        self.sig_language.emit("zh_CN" if self._english else "en")

    def set_status(self, text: str, *, alert: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("alert", alert)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def show_ended(self, ms: int = 6000) -> None:
        self.ended.show()
        self._ended_timer.start(ms)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # the administrator's long press
        from PySide6.QtCore import QEvent

        if watched is self.hall:
            if event.type() == QEvent.Type.MouseButtonPress:
                self._hold.start()
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._hold.stop()
        return False


class KioskPages(Protocol):
    """What the person's view asks of the window (which runs it for the current session)."""

    @property
    def service_place(self) -> str: ...

    def run(self, work: Callable[[Any], Any], done: Callable[[Any, Any], None]) -> None:
        """Run ``work(session)`` off the GUI thread; ``done(result, error)`` if still current."""
        ...

    def print_job(self, job: Any, show: Callable[[str, bool, Any], None]) -> None:
        """Print a queued job; ``show(text, failed, job)`` with the outcome."""
        ...

    def finish(self) -> None:
        """The person is done."""
        ...


class PersonView(QWidget):
    """One card holder's pages: a column of big buttons and the page they open."""

    PAGES = ("cases", "print", "declare", "ticket", "rate")

    def __init__(
        self,
        pages: KioskPages,
        *,
        greeting: str,
        rare_characters: bool,
        declare_matters: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskPerson")
        self._pages = pages
        self._rare = rare_characters
        self._declare_matters = declare_matters
        self.greeting = _label(greeting, "kioskGreeting", self)
        self.countdown = _label("", "kioskCountdown", self)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.warning = _label("", "kioskIdleWarning", self)
        self.warning.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.warning.hide()
        self.rare_note = _label(
            self.tr(
                "Your name has a rare character that this screen may not show correctly. To "
                "print or declare, please go to: {place}"
            ).format(place=pages.service_place),
            "kioskNote",
            self,
        )
        self.rare_note.setVisible(rare_characters)
        self.nav: dict[str, QPushButton] = {}
        self.nav_grid = QGridLayout()
        self.nav_grid.setSpacing(14)
        names = {
            "cases": self.tr("My cases"),
            "print": self.tr("Print again"),
            "declare": self.tr("Declare residence"),
            "ticket": self.tr("Take a ticket"),
            "rate": self.tr("Rate our service"),
        }
        for key in self.PAGES:
            button = _button(names[key], "kioskNav", self)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=key: self.open(k))
            self.nav[key] = button
        if rare_characters or not declare_matters:
            self.nav["declare"].setEnabled(False)
        if rare_characters:
            self.nav["print"].setEnabled(False)
        self.done = _button(self.tr("Done — end my session"), "kioskDone", self)
        self.done.clicked.connect(pages.finish)
        self.stack = QStackedWidget(self)
        self._built: dict[str, QWidget] = {}
        header = QHBoxLayout()
        header.addWidget(self.greeting, 1)
        header.addWidget(self.countdown)
        body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(28)
        body.addLayout(self.nav_grid, 0)
        body.addWidget(self.stack, 1)
        self.body = body
        self._portrait: bool | None = None
        self._arrange(portrait=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 24, 36, 24)
        layout.setSpacing(16)
        layout.addLayout(header)
        layout.addWidget(self.rare_note)
        layout.addLayout(body, 1)
        layout.addWidget(self.warning)

    def _arrange(self, *, portrait: bool) -> None:
        """Landscape: the buttons in a column beside the page; portrait: two rows above it."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        buttons = [*self.nav.values(), self.done]
        for button in buttons:
            self.nav_grid.removeWidget(button)
        self.nav_grid.setRowStretch(len(buttons) - 1, 0)
        if portrait:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            for i, button in enumerate(buttons):
                button.setProperty("portrait", True)
                self.nav_grid.addWidget(button, i // 3, i % 3)
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            for i, button in enumerate(buttons[:-1]):
                button.setProperty("portrait", False)
                self.nav_grid.addWidget(button, i, 0)
            self.nav_grid.setRowStretch(len(buttons) - 1, 1)
            self.nav_grid.addWidget(self.done, len(buttons), 0)
        for button in buttons:
            button.style().unpolish(button)
            button.style().polish(button)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._arrange(portrait=self.height() > self.width())

    def open(self, key: str) -> QWidget:
        for name, button in self.nav.items():
            button.setChecked(name == key)
        page = self._built.get(key)
        if page is None:
            builders: dict[str, Callable[[], QWidget]] = {
                "cases": lambda: CasesPage(self._pages, self.stack),
                "print": lambda: PrintPage(self._pages, self.stack),
                "declare": lambda: DeclarePage(self._pages, self._declare_matters, self.stack),
                "ticket": lambda: TicketPage(self._pages, self.stack),
                "rate": lambda: RatePage(self._pages, self.stack),
            }
            page = builders[key]()
            self._built[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        return page

    def page(self, key: str) -> QWidget | None:
        return self._built.get(key)

    def set_countdown(self, seconds_left: int, warn: bool) -> None:
        self.countdown.setText(self.tr("Ends in {s} s").format(s=seconds_left))
        if warn:
            self.warning.setText(
                self.tr(
                    "Still there? Your session ends in {s} seconds. Touch the screen to go on."
                ).format(s=seconds_left)
            )
        self.warning.setVisible(warn)


class _Page(QWidget):
    """A content page: a title, a line for what is happening, and a scrolling body."""

    def __init__(self, pages: KioskPages, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.title = _label(title, "kioskPageTitle", self)
        self.message = _label("", "kioskMessage", self)
        self.message.hide()
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 12, 0)
        self.body_layout.setSpacing(16)
        self.body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.scroller = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

    def add(self, widget: QWidget) -> None:
        self.body_layout.insertWidget(self.body_layout.count() - 1, widget)

    def say(self, text: str, *, alert: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("alert", alert)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def loading(self) -> None:
        self.say(self.tr("One moment…"))

    def failed(self, error: Any) -> None:
        self.say(error_text(error), alert=True)


def _card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("kioskCard")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 18, 24, 18)
    layout.setSpacing(8)
    return frame, layout


class CasesPage(_Page):
    """Every case of the holder: what it is, where it stands, what is owed, where to go."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("My cases"), parent)
        self.loading()
        pages.run(lambda s: pages_backend(pages).my_cases(s), self._show)

    def _show(self, cases: Any, error: Any) -> None:
        if error is not None:
            self.failed(error)
            return
        self.say("" if cases else self.tr("You have no cases at this hall."))
        zh = _chinese()
        for case in cases:
            frame, layout = _card(self.body)
            frame.setProperty("ready", bool(case.ready))
            layout.addWidget(
                _label(case.matter_zh if zh else case.matter_en, "kioskCaseTitle", frame)
            )
            state = _label(state_text(case.state), "kioskCaseState", frame)
            state.setProperty("ready", bool(case.ready))
            layout.addWidget(state)
            facts = [
                self.tr("Case number: {n}").format(n=case.number),
                self.tr("Handed in on {d}").format(d=_date(case.received_on)),
            ]
            if case.promised_date is not None and case.state not in (
                CaseState.ISSUED,
                CaseState.REFUSED,
                CaseState.REJECTED,
                CaseState.WITHDRAWN,
                CaseState.TERMINATED,
            ):
                facts.append(self.tr("Promised by {d}").format(d=_date(case.promised_date)))
            layout.addWidget(_label("  ·  ".join(facts), "kioskCaseFacts", frame))
            if case.owed:
                lines = [
                    self.tr("• {name} — by {d}").format(
                        name=m.name_zh if zh else m.name_en, d=_date(m.deadline)
                    )
                    for m in case.owed
                ]
                layout.addWidget(
                    _label(
                        self.tr("Still to bring:") + "\n" + "\n".join(lines),
                        "kioskCaseOwed",
                        frame,
                    )
                )
            if case.ready:
                layout.addWidget(
                    _label(
                        self.tr("Bring your ID card and collect it at: {place}").format(
                            place=case.where
                        ),
                        "kioskCaseWhere",
                        frame,
                    )
                )
            elif case.where:
                layout.addWidget(
                    _label(
                        self.tr("Where to go: {place}").format(place=case.where),
                        "kioskCaseWhere",
                        frame,
                    )
                )
            self.add(frame)


def pages_backend(pages: KioskPages) -> Any:
    """The core's kiosk calls, as the window holds them (for the page's work functions)."""
    return pages.backend  # type: ignore[attr-defined]


class PrintPage(_Page):
    """Documents issued to the holder, each printed again (补打) with one touch."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("Print your papers again"), parent)
        self.buttons: dict[str, QPushButton] = {}
        self.retry = _button(self.tr("Try again"), "kioskRetry", self)
        self.retry.hide()
        self.retry.clicked.connect(self._retry)
        self.layout().addWidget(self.retry)  # type: ignore[union-attr]
        self._failed_job: Any = None
        self.loading()
        pages.run(lambda s: pages_backend(pages).documents(s), self._show)

    def _show(self, documents: Any, error: Any) -> None:
        if error is not None:
            self.failed(error)
            return
        self.say(
            self.tr("Copies are marked 补打 (duplicate).")
            if documents
            else self.tr("No papers of yours can be printed here.")
        )
        zh = _chinese()
        for doc in documents:
            frame, layout = _card(self.body)
            row = QHBoxLayout()
            text = _label(
                f"{doc.title_zh if zh else doc.title_en}\n"
                + self.tr("Case {n} · issued {d}").format(
                    n=doc.case_number, d=_date(doc.issued_on)
                ),
                "kioskDocTitle",
                frame,
            )
            button = _button(self.tr("Print"), "kioskPrint", frame)
            button.setMinimumWidth(180)
            button.clicked.connect(lambda _c=False, n=doc.number: self.print_one(n))
            row.addWidget(text, 1)
            row.addWidget(button)
            layout.addLayout(row)
            self.buttons[doc.number] = button
            self.add(frame)

    def print_one(self, number: str) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)
        self.retry.hide()
        self.say(self.tr("Printing…"))
        self.pages.run(
            lambda s: pages_backend(self.pages).reprint(s, number),
            lambda job, error: self._queued(job, error),
        )

    def _queued(self, job: Any, error: Any) -> None:
        if error is not None:
            self._enable()
            self.failed(error)
            return
        self.pages.print_job(job, self._printed)

    def _printed(self, text: str, failed: bool, job: Any) -> None:
        self._enable()
        self.say(text, alert=failed)
        self._failed_job = job if failed else None
        self.retry.setVisible(failed)

    def _retry(self) -> None:
        job = self._failed_job
        if job is None:
            return
        self.retry.hide()
        self.say(self.tr("Printing…"))
        self.pages.run(
            lambda s: pages_backend(self.pages).retry_print(s, job.id),
            lambda again, error: self._queued(again, error),
        )

    def _enable(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)


class DeclarePage(_Page):
    """自主申报: confirm the dwelling the registry knows (one touch), give a phone (the keypad)."""

    def __init__(
        self, pages: KioskPages, matters: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(pages, self.tr("Declare your residence"), parent)
        self.declaration: Any = None
        self.address = _label("", "kioskAddress", self.body)
        self.yes = _button(self.tr("Yes, I live here"), "kioskYes", self.body)
        self.no = _button(self.tr("No, I live elsewhere"), "kioskNo", self.body)
        self.phone_title = _label(
            self.tr(
                "The number we have for you is shown; change it if needed. It is used only to "
                "reach you about this declaration."
            ),
            "kioskStep",
            self.body,
        )
        self.keypad = DigitKeypad(parent=self.body)
        self.keypad.setMaximumWidth(560)
        self.send = _button(self.tr("Send my declaration"), "kioskSend", self.body)
        self.send.setEnabled(False)
        self.keypad.sig_changed.connect(lambda d: self.send.setEnabled(len(d) in (7, 11, 12)))
        self.yes.clicked.connect(self._confirmed)
        self.no.clicked.connect(self._elsewhere)
        self.send.clicked.connect(self._send)
        self.step1 = _label(self.tr("Step 1 of 2: is this where you live?"), "kioskStep", self.body)
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
        pages.run(lambda s: pages_backend(pages).declaration(s, code), self._show)

    def _show(self, declaration: Any, error: Any) -> None:
        if error is not None:
            self.failed(error)
            return
        self.declaration = declaration
        zh = _chinese()
        self.title.setText(
            self.tr("Declare: {matter}").format(
                matter=declaration.matter_zh if zh else declaration.matter_en
            )
        )
        self.say("")
        self.address.setText(declaration.address)
        self.keypad.set_digits(declaration.phone)
        self.send.setEnabled(len(self.keypad.digits()) in (7, 11, 12))
        for widget in (self.step1, self.address, self.answers):
            widget.show()

    def _confirmed(self) -> None:
        self.step1.setText(self.tr("Step 2 of 2: your phone number"))
        self.answers.hide()
        self.address.hide()  # confirmed: the room goes to the keypad
        self.step2.show()

    def _elsewhere(self) -> None:
        self.answers.hide()
        self.say(
            self.tr("Your new address has to be checked by a clerk. Please go to: {place}").format(
                place=self.pages.service_place
            )
        )

    def _send(self) -> None:
        declaration, phone = self.declaration, self.keypad.digits()
        self.send.setEnabled(False)
        self.say(self.tr("Sending…"))
        self.pages.run(
            lambda s: pages_backend(self.pages).declare(
                s, declaration, dwelling_confirmed=True, phone=phone
            ),
            self._sent,
        )

    def _sent(self, receipt: Any, error: Any) -> None:
        if error is not None:
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


class TicketPage(_Page):
    """Take a queue ticket; its 80 mm ticket is printed here."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("Take a ticket"), parent)
        self.number = _label("", "kioskTicket", self)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.hide()
        self.layout().addWidget(self.number)  # type: ignore[union-attr]
        self.buttons: list[QPushButton] = []
        self.loading()
        pages.run(lambda s: pages_backend(pages).queues(s), self._show)

    def _show(self, queues: Any, error: Any) -> None:
        if error is not None:
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
        zh = _chinese()
        for queue in queues:
            name = getattr(queue, "name_zh" if zh else "name_en", "") or queue.code
            waiting = int(getattr(queue, "waiting", 0))
            button = _button(
                self.tr("{name} — {n} waiting").format(name=name, n=waiting), "kioskQueue", self
            )
            button.clicked.connect(lambda _c=False, c=queue.code: self.take(c))
            self.buttons.append(button)
            self.add(button)

    def take(self, code: str) -> None:
        for button in self.buttons:
            button.setEnabled(False)
        self.say(self.tr("One moment…"))
        self.pages.run(lambda s: pages_backend(self.pages).take_ticket(s, code), self._taken)

    def _taken(self, ticket: Any, error: Any) -> None:
        if error is not None:
            for button in self.buttons:
                button.setEnabled(True)
            self.failed(error)
            return
        self.number.setText(ticket.number)
        self.number.show()
        self.say(
            self.tr("Your number is {n}. {k} people are before you. Printing your ticket…").format(
                n=ticket.number, k=ticket.waiting_before
            )
        )
        if ticket.print_job_id is not None:
            self.pages.print_job(ticket.print_job_id, self._printed)

    def _printed(self, text: str, failed: bool, _job: Any) -> None:
        if failed:
            self.say(
                self.tr("Your number is {n}. The ticket could not be printed: {why}").format(
                    n=self.number.text(), why=text
                ),
                alert=True,
            )
        else:
            self.say(self.tr("Your number is {n}. Take your ticket.").format(n=self.number.text()))


class RatePage(_Page):
    """好差评 of the holder's finished cases not rated yet: five big faces per case."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("Rate our service"), parent)
        self.loading()
        pages.run(lambda s: pages_backend(pages).to_rate(s), self._show)

    def _show(self, cases: Any, error: Any) -> None:
        if error is not None:
            self.failed(error)
            return
        self.say(self.tr("How did we do?") if cases else self.tr("Nothing to rate now. Thank you!"))
        zh = _chinese()
        for case in cases:
            frame, layout = _card(self.body)
            layout.addWidget(
                _label(
                    f"{case.matter_zh if zh else case.matter_en} · {case.number}",
                    "kioskCaseTitle",
                    frame,
                )
            )
            row = QHBoxLayout()
            buttons: list[QPushButton] = []
            for score in RATING_SCORES:
                button = _button(rating_text(score), "kioskRate", frame)
                button.clicked.connect(
                    lambda _c=False, n=case.number, s=score, f=frame, b=buttons: self._rate(
                        n, s, f, b
                    )
                )
                buttons.append(button)
                row.addWidget(button)
            layout.addLayout(row)
            self.add(frame)

    def _rate(self, number: str, score: int, frame: QFrame, buttons: list[QPushButton]) -> None:
        for button in buttons:
            button.setEnabled(False)

        def done(_none: Any, error: Any) -> None:
            if error is not None:
                for button in buttons:
                    button.setEnabled(True)
                self.failed(error)
                return
            for button in buttons:
                button.hide()
            frame.layout().addWidget(_label(self.tr("Thank you for your rating."), "", frame))  # type: ignore[union-attr]

        self.pages.run(lambda s: pages_backend(self.pages).rate(s, number, score), done)


def print_result_text(job: Any) -> tuple[str, bool]:
    """A finished print job in words: (text, failed)."""
    status = str(getattr(job, "status", ""))
    if status == "done":
        return QCoreApplication.translate("KioskTexts", "Printed. Please take your paper."), False
    return print_failure_text(str(getattr(job, "last_error_code", "") or "")), True

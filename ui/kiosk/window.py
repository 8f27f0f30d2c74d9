"""The kiosk's window: full screen, frameless, on top, for the public.

One :class:`KioskWindow` lives as long as the kiosk runs. Its welcome page never shows a person;
a card read opens the holder's session in the core (off the GUI thread) and builds a
:class:`~ui.kiosk.person.PersonView` for them. The session ends when the card is pulled, on
"done", or after ``idle_seconds`` without a touch (a countdown shows for the last
:data:`WARN_SECONDS`): the view is taken off the screen and destroyed (``deleteLater``), the
clipboard is cleared, the language goes back to Chinese, and the end is audited with its reason.
Every answer of the core carries the session's sequence number: an answer for a session that
ended meanwhile is dropped, never shown to the next person.

No way out: no menus, Esc and Alt+F4 (a close request) are ignored. The administrator's exit:
hold the hall's name on the welcome page for ``[kiosk] admin_hold_seconds``, then type the kiosk
account's password (checked like the lock screen's, failures counted and audited).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.kiosk import KioskSession, masked_name
from desktop.domain.matters.prefill import CardFacts
from desktop.domain.permissions import Principal
from desktop.domain.printjobs import PrintJobRecord
from devices.reader import ReaderState
from ui.errors import Place, error_text
from ui.kiosk.case_pages import CasesPage
from ui.kiosk.person import PersonView
from ui.kiosk.ports import KioskBackend, PrintBackend, PrintShow
from ui.kiosk.print_page import print_result_text
from ui.kiosk.welcome import WelcomePage
from ui.reader.texts import card_error_text
from ui.refcounts import keep_singletons_alive
from ui.tasks import run_task

# (the ports live in ui.kiosk.ports; these names stay importable from here)
__all__ = ["KIOSK_STYLE", "WARN_SECONDS", "KioskBackend", "KioskWindow", "PrintBackend"]

T = TypeVar("T")

log = logging.getLogger(__name__)

# The countdown is shown this many seconds before an idle session ends.
WARN_SECONDS = 15

# Large text (body ≥ 24 px), finger-sized targets (≥ 64 px), strong contrast.
KIOSK_STYLE = """
QWidget#kioskRoot { background: #f4f7fb; }
QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }
QScrollBar:vertical { width: 28px; }
QLabel { font-size: 26px; color: #111827; background: transparent; }
QPushButton { font-size: 28px; min-height: 72px; padding: 8px 24px;
  border-radius: 12px; background: #1d4ed8; color: #ffffff; border: none; }
QPushButton:disabled { background: #9ca3af; color: #f9fafb; }
QPushButton:checked { background: #0f2f8a; }
QPushButton#kioskLanguage { background: #ffffff; color: #1d4ed8;
  border: 3px solid #1d4ed8; min-width: 180px; }
QPushButton#kioskDone { background: #b91c1c; }
QPushButton#kioskNo { background: #4b5563; }
QPushButton#kioskBooking { background: #047857; }
QPushButton#kioskNav { text-align: left; min-width: 300px; }
QPushButton#kioskNav[portrait="true"], QPushButton#kioskDone[portrait="true"] {
  text-align: center; min-width: 0px; padding: 8px 8px; }
QPushButton#kioskRate { padding: 8px 12px; font-size: 26px; }
QPushButton#keypadKey { font-size: 36px; background: #ffffff;
  color: #111827; border: 2px solid #9ca3af; }
QLabel#kioskHall { font-size: 30px; font-weight: bold; color: #1e3a8a; }
QLabel#kioskTitle { font-size: 56px; font-weight: bold; }
QLabel#kioskCardIcon { font-size: 64px; font-weight: bold; color: #1d4ed8;
  background: #ffffff; border: 6px solid #1d4ed8; border-radius: 18px; }
QLabel#kioskHint { font-size: 30px; color: #374151; }
QLabel#kioskStatus { font-size: 30px; color: #1f2937; }
QLabel[alert="true"] { color: #b91c1c; font-weight: bold; }
QLabel#kioskEnded { font-size: 32px; background: #dcfce7; color: #14532d;
  border-radius: 12px; padding: 16px; }
QLabel#kioskGreeting { font-size: 36px; font-weight: bold; }
QLabel#kioskCountdown { font-size: 26px; color: #4b5563; }
QLabel#kioskIdleWarning { font-size: 32px; font-weight: bold; background: #fef3c7;
  color: #78350f; border-radius: 12px; padding: 16px; }
QLabel#kioskPageTitle { font-size: 40px; font-weight: bold; }
QLabel#kioskMessage { font-size: 28px; }
QLabel#kioskNote { background: #fef3c7; color: #78350f; padding: 12px; border-radius: 8px; }
QFrame#kioskCard { background: #ffffff; border: 2px solid #d1d5db; border-radius: 14px; }
QFrame#kioskCard[ready="true"] { border: 4px solid #15803d; }
QLabel#kioskCaseTitle { font-size: 32px; font-weight: bold; }
QLabel#kioskCaseState { font-size: 30px; color: #1d4ed8; font-weight: bold; }
QLabel#kioskCaseState[ready="true"] { color: #15803d; }
QLabel#kioskCaseOwed { color: #92400e; }
QLabel#kioskCaseWhere { font-weight: bold; }
QLabel#kioskAddress { font-size: 34px; font-weight: bold; background: #ffffff;
  border: 2px solid #d1d5db; border-radius: 12px; padding: 16px; }
QLabel#keypadDisplay { font-size: 44px; font-weight: bold; background: #ffffff;
  border: 2px solid #1d4ed8; border-radius: 12px; letter-spacing: 4px; }
QLabel#kioskTicket { font-size: 120px; font-weight: bold; color: #1d4ed8; }
"""


class _Relay(QObject):
    sig_done = Signal(object, object)


class KioskWindow(QWidget):
    """See the module docstring."""

    # The person's view is on screen for a new session (its cases page asked for).
    sig_session_opened = Signal()
    # A session ended (the reason); the welcome page is back, nothing of the person left.
    sig_session_ended = Signal(str)
    # The cases page was filled (for scenes and the benchmark).
    sig_cases_shown = Signal()
    # A print finished (text, failed).
    sig_printed = Signal(str, bool)
    # The administrator left the kiosk mode.
    sig_admin_exit = Signal()

    def __init__(
        self,
        backend: KioskBackend,
        principal: Principal,
        *,
        hall_name: str,
        printer: PrintBackend | None = None,
        idle_seconds: int = 60,
        admin_hold_seconds: int = 5,
        check_password: Callable[[str], None] | None = None,
        switch_language: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        quit_app: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskRoot")
        self.setWindowTitle("OneWindow")
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(KIOSK_STYLE)
        self.backend = backend
        self.principal = principal
        self.printer = printer
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._check_password = check_password
        self._quit_app = quit_app or QApplication.quit
        self._switch_language = switch_language
        self._english = False
        self.session: KioskSession | None = None
        self.person: PersonView | None = None
        # Bumped when a session opens or ends: answers for an older one are dropped.
        self._seq = 0
        # The sequence number of a session being opened (the card was read, the core works).
        self._pending: int | None = None
        self._last_touch = clock()
        self._exit_allowed = False
        self.admin_dialog: QDialog | None = None
        self.admin_password: QLineEdit
        self.admin_error: QLabel
        self._relay = _Relay(self)
        self._relay.sig_done.connect(self._on_printed)
        self._print_callbacks: dict[int, tuple[int, PrintShow]] = {}
        self.welcome = WelcomePage(hall_name, admin_hold_seconds * 1000, self)
        self.welcome.sig_language.connect(self.set_language)
        self.welcome.sig_admin_hold.connect(self._admin_exit)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self.check_idle)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.welcome.set_status(self.tr("Place the ID card flat on the reader."))

    # ---- public ----------------------------------------------------------------------------

    @property
    def service_place(self) -> str:
        return self.backend.service_place

    def show_kiosk(self) -> None:
        """Full screen on the screen it is on."""
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def set_language(self, language: str) -> None:
        self._english = language == "en"
        if self._switch_language is not None:
            self._switch_language(language)
        self.welcome.set_english(self._english)
        self.welcome.set_status(self.tr("Place the ID card flat on the reader."))

    # ---- the reader ------------------------------------------------------------------------

    def on_card_read(self, card: CardFacts) -> None:
        """A card was read: it opens its holder's session (a card during a session: ignored)."""
        if self.session is not None or self.person is not None:
            log.info("card read during a session: ignored")
            return
        keep_singletons_alive()
        self._seq += 1
        seq = self._seq
        self._pending = seq
        self._touch()
        self.welcome.set_status(self.tr("Reading your card… one moment."))
        principal, backend = self.principal, self.backend

        def work() -> tuple[KioskSession, tuple[str, ...]]:
            return backend.open_session(principal, card), backend.declare_matters()

        def done(
            result: tuple[KioskSession, tuple[str, ...]] | None, error: BaseException | None
        ) -> None:
            if self._pending == seq:
                self._pending = None
            if seq != self._seq:
                if result is not None:  # the card was pulled meanwhile: end what was opened
                    self._audit_end(result[0], "card_removed")
                return
            if error is not None or result is None:
                self.welcome.set_status(error_text(error), alert=True)
                return
            self._open(result[0], result[1])

        run_task(work, done)

    def on_reader_state(self, state: str, _reader: str = "") -> None:
        if state == ReaderState.CARD_REMOVED:
            if self.session is not None or self.person is not None or self._opening():
                self.end_session("card_removed")
            else:
                self.welcome.set_status(self.tr("Place the ID card flat on the reader."))
        elif (
            state in (ReaderState.NO_READER, ReaderState.READER_LOST)
            or state == ReaderState.SERVICE_UNAVAILABLE
        ):
            self.welcome.set_status(
                self.tr("The card reader is not working. Please ask the staff."), alert=True
            )
        elif state == ReaderState.READER_READY and self.session is None:
            self.welcome.set_status(self.tr("Place the ID card flat on the reader."))

    def on_read_failed(self, code: str, _message: str) -> None:
        """The card could not be read: say what to do (nothing else can open a session)."""
        if self.session is not None:
            return
        self.welcome.set_status(
            self.tr(
                "Your card could not be read ({reason}). Take it off, wait a second and place "
                "it flat on the reader again. If it still fails, please go to: {place}"
            ).format(reason=card_error_text(code), place=self.service_place),
            alert=True,
        )

    def _opening(self) -> bool:
        """A card read is being turned into a session right now."""
        return self._pending is not None

    # ---- the session -----------------------------------------------------------------------

    def _open(self, session: KioskSession, declare_matters: tuple[str, ...]) -> None:
        self.session = session
        # A name with a rare character (生僻字: a vendor's private-use code, or a character
        # outside the fonts) is not shown at all: a box or a wrong glyph greets nobody.
        greeting = (
            self.tr("Hello")
            if session.rare_characters
            else self.tr("Hello, {name}").format(name=masked_name(session.name))
        )
        person = PersonView(
            self,
            greeting=greeting,
            rare_characters=bool(session.rare_characters),
            declare_matters=declare_matters,
            parent=self.stack,
        )
        self.person = person
        self.stack.addWidget(person)
        self.stack.setCurrentWidget(person)
        self._touch()
        self._ticker.start()
        self.check_idle()
        person.open("cases")
        self.sig_session_opened.emit()

    def run(
        self,
        work: Callable[[KioskSession], T],
        done: Callable[[T | None, BaseException | None], None],
    ) -> None:
        """Run ``work(session)`` on the worker; ``done`` only if the session is still on."""
        session, seq = self.session, self._seq
        if session is None:
            return

        def deliver(result: T | None, error: BaseException | None) -> None:
            if seq != self._seq or self.person is None:
                log.info("an answer for a session that ended: dropped")
                return
            done(result, error)
            if result is not None and work_is_cases(done):
                self.sig_cases_shown.emit()

        run_task(lambda: work(session), deliver)

    def finish(self) -> None:
        self.end_session("done")

    def end_session(self, reason: str) -> None:
        """End the session now: nothing of the person stays on screen or in memory of widgets."""
        session = self.session
        self._seq += 1
        self._pending = None
        self._ticker.stop()
        self.session = None
        person, self.person = self.person, None
        self._print_callbacks.clear()
        if person is not None:
            self.stack.removeWidget(person)
            person.hide()
            person.setParent(None)
            person.deleteLater()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        if self._english:
            self.set_language("zh_CN")
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.set_status(self.tr("Place the ID card flat on the reader."))
        if session is not None:
            self.welcome.show_ended()
            self._audit_end(session, reason)
        self.sig_session_ended.emit(reason)

    def _audit_end(self, session: KioskSession, reason: str) -> None:
        backend = self.backend

        def logged(_none: None, error: BaseException | None) -> None:
            if error is not None:
                log.error("the end of a kiosk session was not audited: %s", error)

        run_task(lambda: backend.end_session(session, reason), logged)

    # ---- idle ------------------------------------------------------------------------------

    def _touch(self) -> None:
        self._last_touch = self.clock()

    def seconds_left(self) -> int:
        return max(0, round(self.idle_seconds - (self.clock() - self._last_touch)))

    def check_idle(self) -> None:
        """Tick the countdown; end the session once idle for ``idle_seconds``."""
        if self.person is None:
            return
        left = self.seconds_left()
        if left <= 0:
            self.end_session("idle")
            return
        self.person.set_countdown(left, left <= WARN_SECONDS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.KeyPress,
            QEvent.Type.Wheel,
        ):
            self._last_touch = self.clock()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Tab):
                return True  # no way out, no focus wandering
            if event.modifiers() & (
                Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
            ):
                return True
        return False

    # ---- printing --------------------------------------------------------------------------

    def print_job(self, job: PrintJobRecord | int, show: PrintShow) -> None:
        job_id = job if isinstance(job, int) else job.id
        if self.printer is None:
            show(self.tr("There is no printer at this kiosk."), True, job)
            return
        self._print_callbacks[job_id] = (self._seq, show)
        future = self.printer.submit(job_id)
        relay = self._relay

        def finished(f: Future[PrintJobRecord]) -> None:
            error = f.exception()
            with contextlib.suppress(RuntimeError):  # RuntimeError: the window is gone
                relay.sig_done.emit(job_id, error if error is not None else f.result())

        future.add_done_callback(finished)

    def _on_printed(self, job_id: int, outcome: PrintJobRecord | BaseException) -> None:
        seq_show = self._print_callbacks.pop(job_id, None)
        if seq_show is None or seq_show[0] != self._seq:
            return  # the person left: the job stays in the queue, nothing is shown
        show = seq_show[1]
        if isinstance(outcome, BaseException):
            text, failed = error_text(outcome), True
        else:
            text, failed = print_result_text(outcome)
        show(text, failed, outcome if not isinstance(outcome, BaseException) else job_id)
        self.sig_printed.emit(text, failed)

    # ---- no way out ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # Alt+F4, the window manager's close
        if self._exit_allowed:
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # Esc and the rest: nothing

    def _admin_exit(self) -> None:
        """The hall's name was held: ask the kiosk account's password (one dialog, reused)."""
        if self.session is not None or self._check_password is None:
            return
        dialog = self.admin_dialog
        if dialog is None:
            dialog = self.admin_dialog = self._build_admin_dialog(self._check_password)
        self.admin_password.clear()
        self.admin_error.clear()
        dialog.open()

    def _build_admin_dialog(self, check: Callable[[str], None]) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowFlags(dialog.windowFlags() | Qt.WindowType.WindowStaysOnTopHint)
        dialog.setWindowTitle(self.tr("Administrator"))
        label = QLabel(self.tr("Password of the kiosk account:"), dialog)
        field = QLineEdit(dialog)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_password = field
        error = QLabel("", dialog)
        self.admin_error = error
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        layout = QVBoxLayout(dialog)
        for widget in (label, field, error, buttons):
            layout.addWidget(widget)

        def accept() -> None:
            password = field.text()
            field.clear()  # (a password field keeps no undo history)

            def checked(_none: None, err: BaseException | None) -> None:
                if err is not None:
                    error.setText(error_text(err, place=Place.SIGN_IN))
                    return
                dialog.accept()
                self.leave_kiosk()

            run_task(lambda: check(password), checked)

        buttons.accepted.connect(accept)
        buttons.rejected.connect(dialog.reject)
        return dialog

    def leave_kiosk_quietly(self) -> None:
        """The app is closing: let the window go (no quit of its own)."""
        self._exit_allowed = True
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._ticker.stop()
        self.close()

    def leave_kiosk(self) -> None:
        """The administrator's exit: the window may close now."""
        self._exit_allowed = True
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.sig_admin_exit.emit()
        self.close()
        self._quit_app()


def work_is_cases(done: Callable[..., object]) -> bool:
    """Whether ``done`` is the cases page's (it announces the painted cases)."""
    return isinstance(getattr(done, "__self__", None), CasesPage)

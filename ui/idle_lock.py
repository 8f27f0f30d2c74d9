"""The idle lock: after some minutes without input the screen locks, and the work stays.

* :class:`IdleMonitor` watches the application's keyboard, mouse, wheel, touch and tablet input
  (an event filter that only notes the time, and one single-shot timer) and emits
  :attr:`IdleMonitor.sig_idle` once after ``timeout_ms`` without any.
* :class:`LockScreen` is an overlay on the window: locking hides the window's content (its
  widgets are hidden, not destroyed, so a half-filled form is still there afterwards) and blocks
  the window's shortcuts; only the signed-in user's password lifts it. The application's other
  windows are hidden too, so nothing of the work shows and nothing can be answered while locked:
  a dialog shown with ``open()`` comes back after the unlock; a question running in ``exec()``
  (a static ``QMessageBox``/``QInputDialog``) ends unanswered — as if cancelled, so no action
  is taken — and is asked again when the clerk repeats the action. Open popups are closed.
  The check is a plain callable ``unlock(password)`` (bound by the composition root to
  ``AuthService.unlock_screen(principal, …)``) run off the GUI thread; a wrong password is shown
  inline and counts towards the account's lock-out like any sign-in.

:func:`install_idle_lock` wires the two: idle → lock; unlocked → watch again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.theme import scaled_font
from ui.widgets.password_prompt import PasswordPrompt

log = logging.getLogger(__name__)

# ``unlock(password)`` returns when the password is right, raises (with a ``code``) otherwise.
UnlockCallable = Callable[[str], Any]

# Events that count as someone working at the station.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.InputMethod,
    }
)


def minutes_to_ms(minutes: float) -> int:
    return max(0, round(minutes * 60_000))


class IdleMonitor(QObject):
    """Emits :attr:`sig_idle` once after ``timeout_ms`` without input; 0 never locks."""

    sig_idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = max(0, int(timeout_ms))
        self._last_input = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._watching = False

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def is_watching(self) -> bool:
        return self._watching

    @Slot()
    def start(self) -> None:
        """Start (or restart) watching; the idle time counts from now."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("IdleMonitor needs a QApplication")
        if self._timeout_ms <= 0:
            self.stop()
            return
        if not self._watching:
            app.installEventFilter(self)
            self._watching = True
        self._last_input.start()
        self._timer.start(self._timeout_ms)

    @Slot()
    def stop(self) -> None:
        self._timer.stop()
        if self._watching:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._watching = False

    def idle_ms(self) -> int:
        """Milliseconds since the last input (0 while not watching)."""
        return int(self._last_input.elapsed()) if self._watching else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input.restart()  # only note the time: this runs for every input event
        return False

    @Slot()
    def _on_timeout(self) -> None:
        if not self._watching:
            return
        idle = int(self._last_input.elapsed())
        if idle < self._timeout_ms:
            self._timer.start(self._timeout_ms - idle)  # there was input: wait the rest
            return
        self.stop()
        log.info("no input for %d s: locking the screen", idle // 1000)
        self.sig_idle.emit()


class LockScreen(QWidget):
    """An overlay over ``host`` that hides its work until the user's password is re-entered."""

    sig_locked = Signal()
    sig_unlocked = Signal()
    # An unlock attempt failed; the message shown.
    sig_failed = Signal(str)

    def __init__(self, host: QWidget, unlock: UnlockCallable, *, user_text: str = "") -> None:
        super().__init__(host)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self._host = host
        self._unlock = unlock
        self._locked = False
        self._hidden: list[QWidget] = []
        self._hidden_windows: list[QWidget] = []
        self._focus: QWidget | None = None

        title = QLabel("一窗通 OneWindow", self)  # the product name, not translated
        title.setFont(scaled_font(self.font(), 1.5, bold=True))
        self.heading_label = QLabel(self.tr("The screen is locked"), self)
        self.heading_label.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.user_label = QLabel(self)
        self.user_label.setObjectName("lockUser")
        self.hint_label = QLabel(
            self.tr("Your work is kept. Enter your password to continue."), self
        )
        self.hint_label.setWordWrap(True)
        self.prompt = PasswordPrompt(self)
        self.prompt.sig_succeeded.connect(self._on_unlocked)
        self.prompt.sig_failed.connect(self.sig_failed)
        self.password_edit = self.prompt.password_edit
        self.password_edit.setObjectName("lockPasswordEdit")
        self.password_edit.returnPressed.connect(self._on_unlock_clicked)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.prompt.add_beside_password(self.unlock_button)
        self.error_label = self.prompt.error_label

        box = QWidget(self)
        box.setMaximumWidth(480)
        inner = QVBoxLayout(box)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(self.heading_label)
        inner.addWidget(self.user_label)
        inner.addWidget(self.hint_label)
        inner.addWidget(self.prompt)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(box, 100)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

        self.set_user_text(user_text)
        host.installEventFilter(self)  # follow the host's size
        self.hide()

    # ---- state ------------------------------------------------------------------------------

    def set_user_text(self, text: str) -> None:
        self.user_label.setText(self.tr("Signed in: {user}").format(user=text) if text else "")
        self.user_label.setVisible(bool(text))

    def is_locked(self) -> bool:
        return self._locked

    def error_text(self) -> str:
        return self.prompt.error_text()

    # ---- locking ----------------------------------------------------------------------------

    @Slot()
    def lock(self) -> None:
        """Hide the host's content (kept as it is) and ask for the password."""
        if self._locked:
            return
        self._locked = True
        self._focus = self._host.focusWidget()
        self._hidden = [
            w
            for w in self._host.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if w is not self and not w.isWindow() and not w.isHidden()
        ]
        for widget in self._hidden:
            widget.hide()
        self._hide_other_windows()
        self.setGeometry(self._host.rect())
        self.password_edit.clear()
        self.prompt.clear_error()
        self.show()
        self.raise_()
        self._host.activateWindow()
        self.password_edit.setFocus()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # block the hidden work's shortcuts
        self.sig_locked.emit()

    def _hide_other_windows(self) -> None:
        """Hide every other visible window of the application (popups are closed)."""
        while (popup := QApplication.activePopupWidget()) is not None:
            if not popup.close():
                break
        self._hidden_windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self._host and w.isVisible() and not _is_transient(w)
        ]
        for window in self._hidden_windows:
            window.hide()  # a dialog in exec() returns now, unanswered

    def _release(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.hide()
        for widget in self._hidden:
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden = []
        for window in self._hidden_windows:  # those still alive: ``open()`` dialogs, tool windows
            if shiboken6.isValid(window) and window.isHidden():
                window.show()
        self._hidden_windows = []
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus):
            focus.setFocus()
        self._locked = False
        self.sig_unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._host and kind == QEvent.Type.Resize and self._locked:
            self.setGeometry(self._host.rect())
        elif kind == QEvent.Type.Shortcut and self._locked and not self._is_ours(watched):
            return True  # the hidden work's menu shortcuts stay quiet while locked
        return False

    def _is_ours(self, obj: QObject | None) -> bool:
        while obj is not None:
            if obj is self:
                return True
            obj = obj.parent()
        return False

    # ---- unlocking --------------------------------------------------------------------------

    @Slot()
    def _on_unlock_clicked(self) -> None:
        if self.prompt.busy or not self._locked:
            return
        password = self.prompt.password()
        if not password:
            self.password_edit.setFocus()
            return
        unlock = self._unlock
        self.prompt.submit(lambda: unlock(password))

    @Slot(object)
    def _on_unlocked(self, _result: Any) -> None:
        self._release()


def _is_transient(widget: QWidget) -> bool:
    """Tooltips and splash-like helpers that are not the user's work."""
    kind = widget.windowType()
    return kind in (Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)


def install_idle_lock(
    host: QWidget,
    unlock: UnlockCallable,
    *,
    idle_minutes: float,
    user_text: str = "",
    timeout_ms: int | None = None,
) -> tuple[IdleMonitor, LockScreen]:
    """Lock ``host`` after ``idle_minutes`` without input (0: never); returns both parts.

    ``timeout_ms`` overrides the minutes (tests). Watching starts at once and again after each
    unlock.
    """
    monitor = IdleMonitor(
        timeout_ms if timeout_ms is not None else minutes_to_ms(idle_minutes), host
    )
    screen = LockScreen(host, unlock, user_text=user_text)
    monitor.sig_idle.connect(screen.lock)
    screen.sig_unlocked.connect(monitor.start)
    monitor.start()
    return monitor, screen

"""The password prompt the sign-in dialog and the lock screen share.

A password field (and, for the sign-in, a user-name field above it), the error line under it
and the busy state while the check runs. The check is whatever the owner hands to
:meth:`PasswordPrompt.submit` — a plain callable run off the GUI thread through
:func:`ui.tasks.run_task` (an argon2 check takes a noticeable fraction of a second). Its
answer comes back as :attr:`~PasswordPrompt.sig_succeeded` (with the callable's result) or,
translated by the error's code, as the error line and :attr:`~PasswordPrompt.sig_failed`. Either
way the password field is emptied: a password never stays on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.errors import Place, error_code, error_text
from ui.tasks import run_task
from ui.theme import ERROR_HEADLINE_STYLE

log = logging.getLogger(__name__)

__all__ = ["PasswordPrompt"]

ERROR_STYLE = ERROR_HEADLINE_STYLE.replace("#errorHeadline", "#passwordPromptError")


class PasswordPrompt(QWidget):
    # The check succeeded: what the submitted callable returned.
    sig_succeeded = Signal(object)
    # The check failed; the message shown.
    sig_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, ask_user_name: bool = False) -> None:
        super().__init__(parent)
        self._busy = False
        self._busy_text = ""
        self._busy_widgets: list[QWidget] = []

        self.username_edit: QLineEdit | None = None
        if ask_user_name:
            self.username_edit = QLineEdit(self)
            self.username_edit.setObjectName("usernameEdit")
            self.username_edit.setMaxLength(60)
            self.username_edit.setPlaceholderText(self.tr("User name"))
            self._busy_widgets.append(self.username_edit)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self._busy_widgets.append(self.password_edit)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("passwordPromptError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("passwordPromptStatus")
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        self._password_row = QHBoxLayout()
        self._password_row.addWidget(self.password_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        if self.username_edit is not None:  # a form: labelled rows
            form = QFormLayout()
            form.addRow(self.tr("&User name:"), self.username_edit)
            password_label = QLabel(self.tr("&Password:"), self)
            password_label.setBuddy(self.password_edit)  # a row of a layout gets no buddy
            form.addRow(password_label, self._password_row)
            layout.addLayout(form)
        else:
            layout.addLayout(self._password_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)

    def add_beside_password(self, widget: QWidget) -> None:
        """Put ``widget`` (a button) right of the password field; it is disabled while busy."""
        self._password_row.addWidget(widget)
        self.add_busy_widget(widget)

    def add_busy_widget(self, widget: QWidget) -> None:
        """``widget`` is disabled while a check runs (a button elsewhere in the window)."""
        self._busy_widgets.append(widget)

    # ---- state ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def user_name(self) -> str:
        return self.username_edit.text().strip() if self.username_edit is not None else ""

    def password(self) -> str:
        return self.password_edit.text()

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def set_busy_text(self, text: str) -> None:
        """What the status line says while a check runs (nothing: no status line)."""
        self._busy_text = text
        self._show_status()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in self._busy_widgets:
            widget.setEnabled(not busy)
        self._show_status()

    def _show_status(self) -> None:
        shown = self._busy and bool(self._busy_text)
        self.status_label.setText(self._busy_text if shown else "")
        self.status_label.setVisible(shown)

    # ---- checking ---------------------------------------------------------------------------

    def submit(self, check: Callable[[], Any]) -> None:
        """Run ``check`` off the GUI thread (ignored while one runs); it raises to refuse."""
        if self._busy:
            return
        self._set_busy(True)
        run_task(check, self._on_done)

    def _on_done(self, result: Any, error: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return  # the window was closed and deleted while the check ran
        self._set_busy(False)
        self.password_edit.clear()
        if error is not None:
            log.info("password refused: %s", error_code(error) or type(error).__name__)
            text = error_text(error, place=Place.SIGN_IN)
            self.show_error(text)
            self.password_edit.setFocus()
            self.sig_failed.emit(text)
            return
        self.error_label.hide()
        self.sig_succeeded.emit(result)

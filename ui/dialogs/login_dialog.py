"""The sign-in at the start of a shift: user name, password, Enter.

The dialog knows nothing of databases or password hashes. It is handed ``auth``, a plain
callable ``auth(username, password) -> principal`` that the composition root binds to
``AuthService.sign_in`` with this station's name; the dialog runs it off the GUI thread through
:func:`ui.tasks.run_task` (an argon2 check takes a noticeable fraction of a second) and shows a
failure inline, translated by its code. On success it emits :attr:`LoginDialog.sig_signed_in`
with the principal and closes with ``Accepted``.

Keyboard first: the cursor starts in the user name; Enter signs in from either field (with the
password still empty, Enter moves to it); Esc cancels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.errors import Place, error_code, error_text
from ui.tasks import run_task
from ui.theme import ERROR_HEADLINE_STYLE, scaled_font

log = logging.getLogger(__name__)

# ``auth(username, password)`` returns the signed-in principal or raises an error with a code.
AuthCallable = Callable[[str, str], Any]

ERROR_STYLE = ERROR_HEADLINE_STYLE.replace("#errorHeadline", "#loginError")


class LoginDialog(QDialog):
    # The sign-in succeeded: the principal the ``auth`` callable returned.
    sig_signed_in = Signal(object)
    # A sign-in failed; the message shown (for tests and logs).
    sig_failed = Signal(str)

    def __init__(
        self,
        auth: AuthCallable,
        station_text: str,
        *,
        demo_password: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._auth = auth
        self._busy = False
        self._database_ready = True
        self.principal: Any = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Sign in · OneWindow"))
        self.setMinimumWidth(420)

        self.title_label = QLabel("一窗通 OneWindow", self)  # the product name, not translated
        self.title_label.setFont(scaled_font(self.font(), 1.5, bold=True))
        self.station_label = QLabel(station_text, self)
        self.station_label.setObjectName("loginStation")
        self.station_label.setVisible(bool(station_text))
        self.station_label.setWordWrap(True)

        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setMaxLength(60)
        self.username_edit.setPlaceholderText(self.tr("User name"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)
        self.password_edit.setPlaceholderText(self.tr("Password"))

        self.error_label = QLabel(self)
        self.error_label.setObjectName("loginError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("loginStatus")
        self.status_label.hide()

        self.sign_in_button = QPushButton(self.tr("Sign in"), self)
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)  # Enter in either field
        self.sign_in_button.setAutoDefault(True)
        self.sign_in_button.clicked.connect(self._on_sign_in_clicked)

        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.station_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        self.demo_label = QLabel(self)
        self.demo_label.setObjectName("loginDemoHint")
        self.demo_label.setWordWrap(True)
        self.demo_label.hide()
        layout.addWidget(self.demo_label)
        if demo_password:
            self.set_demo_password(demo_password)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignRight)
        self.username_edit.setFocus()

    # ---- state ------------------------------------------------------------------------------

    def set_demo_password(self, demo_password: str) -> None:
        """Show the demo accounts' hint (once the database turns out to be the synthetic demo)."""
        self.demo_label.setText(
            self.tr(
                "Demo data: sign in as clerk, approver-police, approver-community, "
                "approver-justice, supervisor or admin with the password {password}."
            ).format(password=demo_password)
        )
        self.demo_label.show()
        self._fit_wrapped_hint()

    def _fit_wrapped_hint(self) -> None:
        """Grow the dialog on screen to the hint's wrapped height (its layout does not ask a word-
        wrapped label for its height at the dialog's width, so it would be cut off). Before the
        dialog is shown there is nothing to do: showing it sizes it for the wrapped text."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth() or not self.isVisible():
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if self.height() < needed:
            self.resize(self.width(), needed)

    @property
    def busy(self) -> bool:
        return self._busy

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def set_database_ready(self, ready: bool) -> None:
        """While the database is still opening, a password typed waits for it (and says so)."""
        self._database_ready = ready
        if self._busy:
            self._show_busy_text()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.username_edit, self.password_edit, self.sign_in_button):
            widget.setEnabled(not busy)
        self._show_busy_text()

    def _show_busy_text(self) -> None:
        if not self._busy:
            text = ""
        elif self._database_ready:
            text = self.tr("Checking…")
        else:
            text = self.tr("Opening the database; your password is checked as soon as it is open…")
        self.status_label.setText(text)
        self.status_label.setVisible(self._busy)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # ---- signing in -------------------------------------------------------------------------

    @Slot()
    def _on_sign_in_clicked(self) -> None:
        if self._busy:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username:
            self._show_error(self.tr("Enter your user name."))
            self.username_edit.setFocus()
            return
        if not password:
            if not self.error_text():
                self.error_label.hide()
            self.password_edit.setFocus()
            return
        self._set_busy(True)
        auth = self._auth
        run_task(lambda: auth(username, password), self._on_sign_in_done)

    def _on_sign_in_done(self, principal: Any, error: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog was closed and deleted while the check ran
        self._set_busy(False)
        self.password_edit.clear()
        if error is not None:
            log.info("sign-in refused: %s", error_code(error) or type(error).__name__)
            text = error_text(error, place=Place.SIGN_IN)
            self._show_error(text)
            self.password_edit.setFocus()
            self.sig_failed.emit(text)
            return
        self.error_label.hide()
        self.principal = principal
        self.sig_signed_in.emit(principal)
        self.accept()

    def reject(self) -> None:
        if self._busy:
            return  # the check is still running; its answer decides
        super().reject()

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

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.theme import scaled_font
from ui.widgets.password_prompt import PasswordPrompt

log = logging.getLogger(__name__)

# ``auth(username, password)`` returns the signed-in principal or raises an error with a code.
AuthCallable = Callable[[str, str], Any]


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

        self.prompt = PasswordPrompt(self, ask_user_name=True)
        self.prompt.sig_succeeded.connect(self._on_signed_in)
        self.prompt.sig_failed.connect(self.sig_failed)
        assert self.prompt.username_edit is not None
        self.username_edit: QLineEdit = self.prompt.username_edit
        self.password_edit = self.prompt.password_edit
        self.error_label = self.prompt.error_label
        self.status_label = self.prompt.status_label

        self.sign_in_button = QPushButton(self.tr("Sign in"), self)
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)  # Enter in either field
        self.sign_in_button.setAutoDefault(True)
        self.sign_in_button.clicked.connect(self._on_sign_in_clicked)
        self.prompt.add_busy_widget(self.sign_in_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.station_label)
        layout.addWidget(self.prompt)
        self.demo_label = QLabel(self)
        self.demo_label.setObjectName("loginDemoHint")
        self.demo_label.setWordWrap(True)
        self.demo_label.hide()
        layout.addWidget(self.demo_label)
        if demo_password:
            self.set_demo_password(demo_password)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignRight)
        self._show_busy_text()
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
        return self.prompt.busy

    def error_text(self) -> str:
        return self.prompt.error_text()

    def set_database_ready(self, ready: bool) -> None:
        """While the database is still opening, a password typed waits for it (and says so)."""
        self._database_ready = ready
        self._show_busy_text()

    def clear_error(self) -> None:
        self.prompt.clear_error()

    def _show_busy_text(self) -> None:
        self.prompt.set_busy_text(
            self.tr("Checking…")
            if self._database_ready
            else self.tr("Opening the database; your password is checked as soon as it is open…")
        )

    # ---- signing in -------------------------------------------------------------------------

    @Slot()
    def _on_sign_in_clicked(self) -> None:
        if self.prompt.busy:
            return
        username = self.prompt.user_name()
        password = self.prompt.password()
        if not username:
            self.prompt.show_error(self.tr("Enter your user name."))
            self.username_edit.setFocus()
            return
        if not password:
            if not self.error_text():
                self.error_label.hide()
            self.password_edit.setFocus()
            return
        auth = self._auth
        self.prompt.submit(lambda: auth(username, password))

    @Slot(object)
    def _on_signed_in(self, principal: Any) -> None:
        self.principal = principal
        self.sig_signed_in.emit(principal)
        self.accept()

    def reject(self) -> None:
        if self.prompt.busy:
            return  # the check is still running; its answer decides
        super().reject()

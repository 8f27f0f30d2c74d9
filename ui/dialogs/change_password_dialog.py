"""Choose a new password: at the first sign-in after an administrator set (or reset) it.

The check runs off the GUI thread (argon2 is deliberately slow); the policy's own sentences are
shown (Chinese or English, as the core gives them), and a wrong current password counts towards
the lock-out like a failed sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.errors import Place, error_text
from ui.tasks import run_task

#: ``change(old, new)``: raises the core's errors (``auth.*``, ``auth.weak_password``).
ChangeCallable = Callable[[str, str], Any]


class ChangePasswordDialog(QDialog):
    sig_changed = Signal()

    def __init__(self, change: ChangeCallable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Choose a new password"))
        self._change = change
        self._busy = False
        intro = QLabel(
            self.tr(
                "Your password was set by an administrator. Choose your own before you start: "
                "at least 8 characters, letters and digits."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.old_edit = QLineEdit(self)
        self.new_edit = QLineEdit(self)
        self.repeat_edit = QLineEdit(self)
        for edit in (self.old_edit, self.new_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.old_edit)
        form.addRow(self.tr("New password"), self.new_edit)
        form.addRow(self.tr("New password again"), self.repeat_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("changePasswordError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.buttons.accepted.connect(self._on_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.old_edit.setFocus()

    def reject(self) -> None:  # Esc does not skip a required change
        return

    @Slot()
    def _on_ok(self) -> None:
        if self._busy:
            return
        old, new = self.old_edit.text(), self.new_edit.text()
        if new != self.repeat_edit.text():
            self.error_label.setText(self.tr("The two new passwords differ."))
            self.repeat_edit.setFocus()
            return
        self._busy = True
        self.error_label.setText(self.tr("Checking…"))
        run_task(lambda: self._change(old, new), self._on_done)

    def _on_done(self, _result: object, error: BaseException | None) -> None:
        self._busy = False
        if error is None:
            self.sig_changed.emit()
            self.accept()
            return
        self.error_label.setText(error_text(error, place=Place.SIGN_IN))
        self.new_edit.setFocus()

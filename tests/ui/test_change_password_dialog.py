"""The first sign-in after an administrator set the password: the clerk chooses their own."""

from __future__ import annotations

from argon2 import PasswordHasher
from PySide6.QtCore import Qt

from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.services.auth import AuthService
from ui.dialogs.change_password_dialog import ChangePasswordDialog

ADMIN = Principal.of("root", "admin-pc", [Role.ADMINISTRATOR])


def test_the_new_password_must_be_repeated_follow_the_policy_and_then_it_works(
    qtbot, sqlite_db: Database
) -> None:  # type: ignore[no-untyped-def]
    auth = AuthService(sqlite_db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    auth.create_user(ADMIN, "wang", "Start2026x", [Role.CLERK], must_change_password=True)
    clerk = auth.sign_in("wang", "Start2026x", "窗口 #2")
    assert auth.needs_password_change(clerk)
    dialog = ChangePasswordDialog(lambda old, new: auth.change_password(clerk, old, new))
    qtbot.addWidget(dialog)
    dialog.show()

    dialog.old_edit.setText("Start2026x")
    dialog.new_edit.setText("Mine2026abc")
    dialog.repeat_edit.setText("Mine2026abd")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() != "" and dialog.isVisible()  # the two differ

    dialog.new_edit.setText("short")
    dialog.repeat_edit.setText("short")
    dialog._on_ok()
    qtbot.waitUntil(lambda: not dialog._busy and "…" not in dialog.error_label.text())
    assert dialog.isVisible() and dialog.error_label.text()  # the policy's own sentence

    dialog.reject()  # Esc does not skip it
    assert dialog.isVisible()

    dialog.new_edit.setText("Mine2026abc")
    dialog.repeat_edit.setText("Mine2026abc")
    with qtbot.waitSignal(dialog.sig_changed, timeout=10_000):
        dialog._on_ok()
    assert not auth.needs_password_change(clerk)
    assert auth.sign_in("wang", "Mine2026abc", "窗口 #2").user == "wang"

"""The sign-in dialog and the idle lock: keyboard first, checks off the GUI thread, errors
inline and translated, the work hidden (not lost) until the same password is entered again."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtGui import QAction, QKeySequence, QShortcutEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.config.settings import SecuritySettings
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.persistence.engine import DatabaseError, DatabaseErrorCode
from desktop.services.auth import AuthError, AuthErrorCode, AuthService
from ui.dialogs.login_dialog import LoginDialog
from ui.errors import Place, error_text, lock_end_text
from ui.i18n import qm_path
from ui.i18n.build import release
from ui.idle_lock import IdleMonitor, LockScreen, install_idle_lock
from ui.widgets.password_prompt import PasswordPrompt

STATION = "示范区政务服务中心 · 综合受理窗口 · 3号窗口"
PASSWORD = "Shift2026go"
PRINCIPAL = Principal.of("clerk1", "window-3", [Role.CLERK], display_name="王小明")


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    release(["zh_CN"])  # always fresh: the catalogue may have changed since the last build
    translator = QTranslator()
    assert translator.load(str(qm_path("zh_CN")))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


class FakeAuth:
    """Answers sign-ins from a table; records the calls and the thread they ran on."""

    def __init__(self, outcome: Any = PRINCIPAL) -> None:
        self.outcome = outcome
        self.calls: list[tuple[str, ...]] = []
        self.threads: list[int] = []
        self.gate: threading.Event | None = None

    def __call__(self, *args: str) -> Any:
        self.calls.append(args)
        self.threads.append(threading.get_ident())
        if self.gate is not None:
            assert self.gate.wait(10), "the test never opened the gate"
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


def bad_credentials() -> AuthError:
    return AuthError(AuthErrorCode.BAD_CREDENTIALS, "Wrong user name or password.", "")


@pytest.fixture
def make_dialog(qtbot):
    def make(auth: Any, **kwargs: Any) -> LoginDialog:
        dialog = LoginDialog(auth, STATION, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def type_and_enter(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


# ---- the sign-in dialog --------------------------------------------------------------------


def test_typing_and_enter_signs_in_off_the_gui_thread(qtbot, make_dialog) -> None:
    auth = FakeAuth()
    dialog = make_dialog(auth)
    assert dialog.station_label.text() == STATION
    assert dialog.focusWidget() is dialog.username_edit
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=10_000) as signed_in:
        type_and_enter(qtbot, dialog, " clerk1 ", PASSWORD)
    assert signed_in.args == [PRINCIPAL]
    assert auth.calls == [("clerk1", PASSWORD)]
    assert auth.threads[0] != threading.get_ident()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.principal == PRINCIPAL
    assert dialog.password_edit.text() == ""  # not left in the widget


def test_a_wrong_password_is_shown_inline_and_the_password_cleared(qtbot, make_dialog) -> None:
    auth = FakeAuth(bad_credentials())
    dialog = make_dialog(auth)
    with qtbot.waitSignal(dialog.sig_failed, timeout=10_000) as failed:
        type_and_enter(qtbot, dialog, "clerk1", "wrong")
    assert failed.args == ["Wrong user name or password."]
    assert dialog.error_text() == "Wrong user name or password."
    assert dialog.isVisible() and dialog.result() == 0 and dialog.principal is None
    assert dialog.password_edit.text() == "" and dialog.username_edit.text() == "clerk1"
    assert dialog.focusWidget() is dialog.password_edit
    assert dialog.sign_in_button.isEnabled()
    # Try again: only the password is typed.
    auth.outcome = PRINCIPAL
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=10_000):
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Enter)
    assert auth.calls[-1] == ("clerk1", PASSWORD)


def test_enter_without_a_password_moves_to_it(qtbot, make_dialog) -> None:
    auth = FakeAuth()
    dialog = make_dialog(auth)
    qtbot.keyClicks(dialog.username_edit, "clerk1")
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.password_edit
    dialog.username_edit.clear()
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error_text() == "Enter your user name."
    assert dialog.focusWidget() is dialog.username_edit
    qtbot.wait(50)
    assert auth.calls == [] and dialog.isVisible()


def test_errors_are_translated_by_code(qtbot, make_dialog, zh) -> None:
    until = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=15)
    locked = AuthError(AuthErrorCode.LOCKED, "locked", "", until=until)
    auth = FakeAuth(bad_credentials())
    dialog = make_dialog(auth)
    assert dialog.sign_in_button.text() == "登录"
    with qtbot.waitSignal(dialog.sig_failed, timeout=10_000):
        type_and_enter(qtbot, dialog, "clerk1", "wrong")
    assert dialog.error_text() == "用户名或密码错误。"
    auth.outcome = locked
    with qtbot.waitSignal(dialog.sig_failed, timeout=10_000):
        qtbot.keyClicks(dialog.password_edit, "wrong")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    hhmm = f"{until.astimezone():%H:%M}"
    assert (
        dialog.error_text() == f"密码错误次数过多，账户已锁定，请于 {lock_end_text(until)} 后再试。"
    )
    assert hhmm in dialog.error_text()


def test_error_texts_for_every_code() -> None:
    errors: list[BaseException] = [AuthError(code, "x", "") for code in AuthErrorCode]
    errors += [DatabaseError(DatabaseErrorCode.UNREACHABLE, "x"), RuntimeError("x")]
    texts = {error_text(error, place=Place.SIGN_IN) for error in errors}
    assert len(texts) == len(AuthErrorCode) + 2
    assert "x" not in texts
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert (
        lock_end_text(now + timedelta(minutes=15), now)
        == f"{(now + timedelta(minutes=15)).astimezone():%H:%M}"
    )
    assert "-" in lock_end_text(now + timedelta(days=1), now)


def test_the_gui_stays_responsive_while_the_check_runs(qtbot, make_dialog) -> None:
    auth = FakeAuth()
    auth.gate = threading.Event()
    dialog = make_dialog(auth)
    type_and_enter(qtbot, dialog, "clerk1", PASSWORD)
    try:
        qtbot.waitUntil(lambda: len(auth.calls) == 1, timeout=10_000)
        assert dialog.busy and not dialog.sign_in_button.isEnabled()
        assert dialog.status_label.text() == "Checking…"
        ticks: list[int] = []
        timer = QTimer(dialog)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5_000)  # the event loop runs
        timer.stop()
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # a second Enter: ignored
        dialog.reject()  # Esc while checking: the answer decides
        assert dialog.isVisible()
    finally:
        auth.gate.set()
    qtbot.waitUntil(lambda: dialog.principal is not None, timeout=10_000)
    assert len(auth.calls) == 1


def test_with_the_real_service(qtbot, make_dialog, sqlite_db: Database) -> None:
    service = AuthService(
        sqlite_db,
        SecuritySettings(),
        hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
    )
    admin = Principal.of("root", "pc", [Role.ADMINISTRATOR])
    service.create_user(admin, "clerk1", PASSWORD, ["clerk"], display_name="王小明")
    dialog = make_dialog(lambda u, p: service.sign_in(u, p, STATION), demo_password="demo1234")
    assert "demo1234" in dialog.demo_label.text()
    with qtbot.waitSignal(dialog.sig_failed, timeout=10_000):
        type_and_enter(qtbot, dialog, "clerk1", "wrong-pass1")
    assert dialog.error_text() == "Wrong user name or password."
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=10_000) as signed_in:
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    principal = signed_in.args[0]
    assert principal.user == "clerk1" and principal.station == STATION
    assert principal.display_name == "王小明"


# ---- the idle lock -------------------------------------------------------------------------


class Work(QWidget):
    """A stand-in for the main window: a half-filled form and a shortcut."""

    def __init__(self) -> None:
        super().__init__()
        self.form_edit = QLineEdit(self)
        self.form_edit.setObjectName("applicantName")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_edit)
        self.save_action = QAction("Save", self)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.addAction(self.save_action)
        self.saved = 0
        self.save_action.triggered.connect(self._saved)

    def _saved(self) -> None:
        self.saved += 1


@pytest.fixture
def work(qtbot) -> Work:
    widget = Work()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


class FakeUnlock:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, password: str) -> None:
        self.calls.append(password)
        if password != PASSWORD:
            raise bad_credentials()


@pytest.fixture
def idle_lock(qtbot, work: Work) -> Iterator[tuple[IdleMonitor, LockScreen, FakeUnlock]]:
    unlock = FakeUnlock()
    monitor, screen = install_idle_lock(
        work, unlock, idle_minutes=10, user_text="王小明 (clerk1)", timeout_ms=300
    )
    yield monitor, screen, unlock
    monitor.stop()


def _fire_shortcut(action: QAction) -> None:
    QApplication.sendEvent(action, QShortcutEvent(QKeySequence("Ctrl+S"), 0))


def test_idle_locks_and_the_work_is_kept(qtbot, work: Work, idle_lock) -> None:
    monitor, screen, unlock = idle_lock
    qtbot.keyClicks(work.form_edit, "zhang san")  # QTest types ASCII only
    work.form_edit.setFocus()
    assert monitor.is_watching() and not screen.is_locked()
    with qtbot.waitSignal(monitor.sig_idle, timeout=5_000):
        pass
    assert screen.is_locked() and screen.isVisible()
    assert screen.geometry() == work.rect()
    assert work.form_edit.isHidden() and not work.form_edit.isVisible()
    assert work.form_edit.text() == "zhang san"  # hidden, not destroyed
    assert screen.user_label.text() == "Signed in: 王小明 (clerk1)"
    assert not monitor.is_watching()
    _fire_shortcut(work.save_action)
    assert work.saved == 0  # the hidden work's shortcuts are blocked

    # A wrong password keeps it locked and says so.
    with qtbot.waitSignal(screen.sig_failed, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, "wrong")
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert screen.error_text() == "Wrong user name or password."
    assert screen.is_locked() and work.form_edit.isHidden()
    assert screen.password_edit.text() == ""

    with qtbot.waitSignal(screen.sig_unlocked, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert unlock.calls == ["wrong", PASSWORD]
    assert not screen.is_locked() and screen.isHidden()
    assert work.form_edit.isVisible() and work.form_edit.text() == "zhang san"
    assert work.focusWidget() is work.form_edit
    assert monitor.is_watching()  # watching again after the unlock
    _fire_shortcut(work.save_action)
    assert work.saved == 1


def test_input_postpones_the_lock(qtbot, work: Work) -> None:
    # Generous margins: CI machines are shared, and a timer may fire late but never early.
    monitor = IdleMonitor(3_000, work)
    locked: list[int] = []
    monitor.sig_idle.connect(lambda: locked.append(monitor.idle_ms()))
    monitor.start()
    try:
        qtbot.wait(1_800)
        qtbot.keyClick(work.form_edit, Qt.Key.Key_A)
        assert monitor.idle_ms() < 1_000
        qtbot.wait(1_800)  # 3.6 s since start (past the first deadline), 1.8 s since the key
        assert locked == []
        with qtbot.waitSignal(monitor.sig_idle, timeout=5_000):
            pass
        assert len(locked) == 1
    finally:
        monitor.stop()


def test_zero_minutes_never_locks(qtbot, work: Work) -> None:
    monitor = IdleMonitor(0, work)
    monitor.start()
    assert not monitor.is_watching()
    with qtbot.assertNotEmitted(monitor.sig_idle, wait=200):
        pass


def test_unlock_with_the_real_service(qtbot, work: Work, sqlite_db: Database) -> None:
    service = AuthService(
        sqlite_db,
        SecuritySettings(max_failed_attempts=2),
        hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
    )
    admin = Principal.of("root", "pc", [Role.ADMINISTRATOR])
    service.create_user(admin, "clerk1", PASSWORD, ["clerk"])
    principal = service.sign_in("clerk1", PASSWORD, STATION)
    screen = LockScreen(work, lambda pw: service.unlock_screen(principal, pw))
    screen.lock()
    assert screen.is_locked()
    assert screen.user_label.isHidden()
    for _ in range(2):
        with qtbot.waitSignal(screen.sig_failed, timeout=10_000):
            qtbot.keyClicks(screen.password_edit, "wrong-pass1")
            qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert screen.error_text().startswith("The account is locked")
    with qtbot.waitSignal(screen.sig_failed, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert screen.is_locked()  # even the right password, while locked out
    service.unlock(admin, "clerk1")
    with qtbot.waitSignal(screen.sig_unlocked, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert not screen.is_locked()


def test_the_lock_follows_the_host_size(qtbot, work: Work) -> None:
    screen = LockScreen(work, FakeUnlock())
    screen.lock()
    work.resize(1024, 700)
    qtbot.waitUntil(lambda: screen.geometry() == work.rect(), timeout=5_000)
    assert screen.width() == 1024
    with qtbot.waitSignal(screen.sig_unlocked, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)


def test_a_question_open_when_the_screen_locks_ends_unanswered(qtbot, work: Work) -> None:
    from PySide6.QtWidgets import QMessageBox

    screen = LockScreen(work, FakeUnlock())
    seen: dict[str, Any] = {}

    def while_asked() -> None:  # runs inside the question's own event loop
        box = QApplication.activeModalWidget()
        seen["box_shown"] = box is not None and box.isVisible()
        screen.lock()

    def give_up() -> None:  # only if the lock failed to end the question: fail, do not hang
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen["still_open"] = True
            box.done(int(QMessageBox.StandardButton.Yes))

    QTimer.singleShot(200, while_asked)
    QTimer.singleShot(10_000, give_up)
    # as the desk asks before a 容缺 acceptance: a nested event loop until answered
    answer = QMessageBox.question(work, "容缺", "Has the applicant signed?")
    assert seen.get("box_shown") is True
    assert "still_open" not in seen
    assert answer is not QMessageBox.StandardButton.Yes
    assert QApplication.activeModalWidget() is None
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [work]
    # the lock takes the keys: nothing modal is in its way
    with qtbot.waitSignal(screen.sig_unlocked, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [work]


def test_a_dialog_opened_with_open_is_hidden_while_locked_and_comes_back(qtbot, work: Work) -> None:
    screen = LockScreen(work, FakeUnlock())
    dialog = QDialog(work)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    field.setText("new password being chosen")
    dialog.open()  # window-modal: it would block the lock's password field
    qtbot.waitExposed(dialog)
    screen.lock()
    assert dialog.isHidden()
    assert QApplication.activeModalWidget() is None
    with qtbot.waitSignal(screen.sig_unlocked, timeout=10_000):
        qtbot.keyClicks(screen.password_edit, PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and field.text() == "new password being chosen"
    assert dialog.result() == 0  # neither accepted nor rejected: still waiting for the clerk
    dialog.reject()


# ---- the composition root ------------------------------------------------------------------


def test_first_start_on_the_embedded_default_creates_the_demo_accounts(app_home) -> None:
    from desktop.app import RegistryConnection
    from desktop.config.settings import DatabaseSettings, Settings
    from desktop.demo.users import DEMO_ACCOUNTS, DEMO_PASSWORD

    settings = Settings(database=DatabaseSettings(demo_seed_persons=300))
    connection = RegistryConnection(app_home, settings)
    try:
        status = connection(lambda *_: None)
        assert status.synthetic
        db = connection._db
        assert db is not None
        service = AuthService(db, settings)
        admin = service.sign_in("admin", DEMO_PASSWORD, STATION)
        assert [u.username for u in service.list_users(admin)] == sorted(
            a.username for a in DEMO_ACCOUNTS
        )
        connection(lambda *_: None)  # a second status read creates nothing more
        assert len(service.list_users(admin)) == len(DEMO_ACCOUNTS)
    finally:
        connection.close()


# ---- the prompt both share -----------------------------------------------------------------


def test_sign_in_and_lock_share_one_password_prompt(qtbot, make_dialog, work: Work) -> None:
    dialog = make_dialog(FakeAuth(bad_credentials()))
    screen = LockScreen(work, FakeUnlock())
    for owner in (dialog, screen):
        assert isinstance(owner.prompt, PasswordPrompt)
        assert owner.password_edit is owner.prompt.password_edit
        assert owner.password_edit.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.prompt.username_edit is dialog.username_edit
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert buddies == {dialog.username_edit, dialog.password_edit}  # Alt+U, Alt+P
    assert screen.prompt.username_edit is None  # the lock knows who is signed in
    screen.lock()
    with qtbot.waitSignal(screen.sig_failed, timeout=10_000) as failed:
        qtbot.keyClicks(screen.password_edit, "wrong")
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert failed.args == [screen.error_text()] and screen.error_text()
    assert screen.password_edit.text() == "" and screen.password_edit.isEnabled()
    assert screen.is_locked()

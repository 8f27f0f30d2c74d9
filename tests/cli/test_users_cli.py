"""``onewindow-admin user …``: add, list, passwd, unlock, disable; audited as onewindow-admin."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

import desktop.services.auth as auth_module
from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.config.settings import SecuritySettings
from desktop.persistence.database import Database, open_database
from desktop.persistence.models import AuditEvent, User
from desktop.services.auth import AuthError, AuthErrorCode, AuthService

STATION = "test-window"
PASSWORD = "Shift2026go"


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin if stdin is not None else "")
    try:
        code = admin(list(argv), out=out, err=err)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        auth_module,
        "default_hasher",
        lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
    )


@pytest.fixture
def db(app_home: AppPaths) -> Iterator[Database]:
    database = open_database(app_home)
    try:
        yield database
    finally:
        database.dispose()


def audit(db: Database, action: str) -> list[AuditEvent]:
    with db.begin() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_add_then_sign_in_with_the_real_kdf(db: Database) -> None:
    code, out, err = run(
        "user",
        "add",
        "Wang",
        "--role",
        "clerk",
        "--display-name",
        "王小明",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    assert out == "user wang created (clerk)\n"
    with db.begin() as s:
        stored = s.scalars(select(User.password_hash).where(User.username == "wang")).one()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    principal = AuthService(db).sign_in("wang", PASSWORD, STATION)
    assert principal.display_name == "王小明"
    [created] = audit(db, "user.created")
    assert created.actor == "onewindow-admin" and created.subject == "user:wang"


def test_add_approver_with_departments_and_list(db: Database, fast_kdf: None) -> None:
    code, _, err = run(
        "user",
        "add",
        "li",
        "--role",
        "approver",
        "--role",
        "clerk",
        "--department",
        "police",
        "--department",
        "housing",
        "--password-stdin",
        "--must-change-password",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    code, out, _ = run("user", "list", "--json")
    assert code == 0
    [user] = json.loads(out)
    assert user["username"] == "li"
    assert user["roles"] == ["approver", "clerk"]
    assert user["departments"] == ["housing", "police"]
    assert user["must_change_password"] is True and user["active"] is True
    assert "password_hash" not in user and PASSWORD not in out
    code, out, _ = run("user", "list")
    assert code == 0
    assert "li" in out and "approver, clerk [housing, police]" in out
    assert "must change password" in out


def test_list_without_users(db: Database) -> None:
    code, out, _ = run("user", "list")
    assert code == 0 and "no users yet" in out


@pytest.mark.parametrize(
    ("argv", "stdin", "code_text"),
    [
        (["user", "add", "x1", "--role", "janitor", "--password-stdin"], PASSWORD, "user.bad_role"),
        (
            ["user", "add", "x1", "--role", "approver", "--password-stdin"],
            PASSWORD,
            "user.approver_needs_department",
        ),
        (
            ["user", "add", "x1", "--role", "clerk", "--password-stdin"],
            "short",
            "auth.weak_password",
        ),
        (["user", "add", "x1", "--role", "clerk", "--password-stdin"], "", "user.empty_password"),
        (
            ["user", "add", "王五", "--role", "clerk", "--password-stdin"],
            PASSWORD,
            "user.bad_username",
        ),
        (["user", "unlock", "ghost"], None, "user.not_found"),
        (["user", "disable", "ghost"], None, "user.not_found"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    db: Database, fast_kdf: None, argv: list[str], stdin: str | None, code_text: str
) -> None:
    code, out, err = run(*argv, stdin=None if stdin is None else stdin + "\n")
    assert code == 2 and out == ""
    assert err.startswith(f"error [{code_text}]: ") and err.count("\n") == 1
    with db.begin() as s:
        assert s.scalars(select(User)).all() == []


def test_passwd_unlock_disable(db: Database, fast_kdf: None) -> None:
    assert run("user", "add", "wang", "--role", "clerk", "--password-stdin", stdin=PASSWORD)[0] == 0
    auth = AuthService(db, SecuritySettings(max_failed_attempts=2))
    for _ in range(2):
        with pytest.raises(AuthError):
            auth.sign_in("wang", "wrong-pass1", STATION)
    code, out, _ = run("user", "list")
    assert "locked until" in out
    with pytest.raises(AuthError) as caught:
        auth.sign_in("wang", PASSWORD, STATION)
    assert caught.value.code is AuthErrorCode.LOCKED

    code, out, err = run("user", "unlock", "wang")
    assert (code, out) == (0, "user wang unlocked\n"), err
    auth.sign_in("wang", PASSWORD, STATION)

    code, out, err = run("user", "passwd", "wang", "--password-stdin", stdin="NewShift2027\n")
    assert (code, out) == (0, "password of wang set\n"), err
    with pytest.raises(AuthError):
        auth.sign_in("wang", PASSWORD, STATION)
    auth.sign_in("wang", "NewShift2027", STATION)

    code, out, err = run("user", "disable", "wang")
    assert (code, out) == (0, "user wang disabled\n"), err
    with pytest.raises(AuthError) as caught:
        auth.sign_in("wang", "NewShift2027", STATION)
    assert caught.value.code is AuthErrorCode.INACTIVE
    assert run("user", "enable", "wang")[0] == 0
    auth.sign_in("wang", "NewShift2027", STATION)

    for action in ("user.unlocked", "user.password_reset", "user.disabled", "user.enabled"):
        [event] = audit(db, action)
        assert event.actor == "onewindow-admin", action


def test_the_last_administrator_cannot_be_disabled(db: Database, fast_kdf: None) -> None:
    run("user", "add", "boss", "--role", "administrator", "--password-stdin", stdin=PASSWORD)
    code, _, err = run("user", "disable", "boss")
    assert code == 2 and err.startswith("error [user.last_administrator]: ")

"""AuthService: argon2id hashes, sign-in, lock-out with an injected clock, audit events,
administration refused without USER_ADMIN, demo accounts only on a synthetic registry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.low_level import Type
from sqlalchemy import func, select

from desktop.config.settings import (
    SecuritySettings,
    Settings,
    SettingsError,
    settings_from_mapping,
)
from desktop.demo.users import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DemoUsersError,
    ensure_demo_users,
)
from desktop.domain.accounts import (
    AccountRuleError,
    PasswordPolicyError,
    check_password_policy,
    normalise_username,
)
from desktop.domain.identity import IdentityError, make_citizen_number
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role, require
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent, RegistryMeta, User
from desktop.services.audit import verify_chain
from desktop.services.auth import AuthError, AuthErrorCode, AuthService, default_hasher

STATION = "综合受理窗口 #3"
PASSWORD = "Shift2026go"
ADMIN = Principal.of("root", "admin-pc", [Role.ADMINISTRATOR])
CLERK = Principal.of("clerk1", "window-1", [Role.CLERK])


def fast_hasher() -> PasswordHasher:
    """Cheap argon2id parameters: the tests check behaviour, not the cost."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auth(sqlite_db: Database, clock: Clock) -> AuthService:
    return AuthService(
        sqlite_db,
        SecuritySettings(max_failed_attempts=3, lockout_minutes=15),
        clock=clock,
        hasher=fast_hasher(),
    )


@pytest.fixture
def clerk(auth: AuthService) -> str:
    auth.create_user(
        ADMIN,
        "Clerk1",
        PASSWORD,
        [Role.CLERK],
        display_name="王小明",
        must_change_password=False,
    )
    return "clerk1"


def events(db: Database, action: str | None = None) -> list[AuditEvent]:
    with db.begin() as s:
        query = select(AuditEvent).order_by(AuditEvent.seq)
        if action is not None:
            query = query.where(AuditEvent.action == action)
        return list(s.scalars(query))


def user_row(db: Database, username: str) -> dict[str, Any]:
    with db.begin() as s:
        row = s.scalars(select(User).where(User.username == username)).one()
        return {c.name: getattr(row, c.name) for c in User.__table__.columns}


# ---- hashes and policy ---------------------------------------------------------------------


def test_password_is_stored_as_argon2id_with_its_parameters(
    sqlite_db: Database, clerk: str
) -> None:
    stored = user_row(sqlite_db, clerk)["password_hash"]
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert PASSWORD not in stored
    params = extract_parameters(stored)
    assert params.type is Type.ID and params.memory_cost == 8 and params.time_cost == 1


def test_default_hasher_is_rfc9106_low_memory() -> None:
    stored = default_hasher().hash("anything1")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_sign_in_rehashes_when_the_parameters_changed(
    sqlite_db: Database, clerk: str, clock: Clock
) -> None:
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    auth2 = AuthService(sqlite_db, SecuritySettings(), clock=clock, hasher=stronger)
    auth2.sign_in(clerk, PASSWORD, STATION)
    stored = user_row(sqlite_db, clerk)["password_hash"]
    assert stored.startswith("$argon2id$v=19$m=16,t=2,p=1$")
    assert events(sqlite_db, "auth.sign_in")[-1].detail == {"rehashed": True}
    auth2.sign_in(clerk, PASSWORD, STATION)  # the new hash works, and is not redone
    assert user_row(sqlite_db, clerk)["password_hash"] == stored
    assert events(sqlite_db, "auth.sign_in")[-1].detail == {"rehashed": False}


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("abc12", {"password.too_short"}),
        ("abcdefgh", {"password.letters_and_digits"}),
        ("12345678", {"password.letters_and_digits", "password.too_common"}),
        ("password1", {"password.too_common"}),
        ("xclerk1x99", {"password.contains_username"}),
        ("abc123" * 25, {"password.too_long"}),
        ("a1a1a1a1a1", {"password.too_common"}),
    ],
)
def test_password_policy_names_every_broken_rule(password: str, codes: set[str]) -> None:
    with pytest.raises(PasswordPolicyError) as caught:
        check_password_policy(password, username="clerk1")
    assert {p.code for p in caught.value.problems} == codes
    assert caught.value.code == "auth.weak_password"
    assert caught.value.message_en and caught.value.message_zh
    assert all(p.message_zh and p.message_en for p in caught.value.problems)


def test_password_policy_accepts_a_reasonable_password() -> None:
    check_password_policy(PASSWORD, username="clerk1")
    check_password_policy(DEMO_PASSWORD, username="clerk")


def test_usernames_are_normalised_and_checked() -> None:
    assert normalise_username("  Clerk.One ") == "clerk.one"
    assert normalise_username("ＣＬＥＲＫ１") == "clerk1"  # full-width input method
    for bad in ("", "   ", "王五", "-lead", "a b", "x" * 61):
        with pytest.raises(AccountRuleError) as caught:
            normalise_username(bad)
        assert caught.value.code == "user.bad_username"


# ---- sign-in -------------------------------------------------------------------------------


def test_good_sign_in_returns_the_principal_and_is_audited(
    sqlite_db: Database, auth: AuthService, clerk: str, clock: Clock
) -> None:
    principal = auth.sign_in(" CLERK1 ", PASSWORD, STATION)
    assert principal == Principal(
        user="clerk1",
        station=STATION,
        roles=frozenset({Role.CLERK}),
        departments=frozenset(),
        display_name="王小明",
    )
    require(principal, Permission.CASE_ACCEPT)
    [event] = events(sqlite_db, "auth.sign_in")
    assert (event.actor, event.station, event.subject) == ("clerk1", STATION, "user:clerk1")
    row = user_row(sqlite_db, clerk)
    assert row["last_sign_in_at"].replace(tzinfo=UTC) == clock.now
    assert verify_chain(sqlite_db.engine.connect()).ok


def test_wrong_password_and_unknown_user_get_the_same_error(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    with pytest.raises(AuthError) as wrong:
        auth.sign_in(clerk, "not-the-password1", STATION)
    with pytest.raises(AuthError) as unknown:
        auth.sign_in("nobody", "not-the-password1", STATION)
    with pytest.raises(AuthError) as invalid_name:
        auth.sign_in("王五", "x", STATION)
    for caught in (wrong, unknown, invalid_name):
        assert caught.value.code is AuthErrorCode.BAD_CREDENTIALS
        assert str(caught.value) == str(wrong.value)
        assert caught.value.message_zh == "用户名或密码错误。"
    failed = events(sqlite_db, "auth.sign_in_failed")
    assert [e.detail["reason"] for e in failed] == ["wrong_password"] + ["unknown_user"] * 2
    assert failed[0].actor == "clerk1" and failed[0].detail["failed_attempts"] == 1
    # An unknown name may be a password typed into the wrong field: recorded masked only.
    assert failed[1].actor == "unknown" and failed[1].subject == "user:n***"
    assert "nobody" not in str(failed[1].detail)
    # ... and its pseudonym is keyed with the hall secret (not sha256 of a guessable name).
    import hashlib

    from desktop.services.pseudonyms import name_pseudonym

    assert failed[1].detail["name_hash"] == name_pseudonym(sqlite_db.engine, "nobody")
    unkeyed = hashlib.sha256(b"onewindow-username:nobody").hexdigest()[:24]
    assert failed[1].detail["name_hash"] != unkeyed
    assert user_row(sqlite_db, clerk)["failed_attempts"] == 1


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified.append(str(hash))
        return super().verify(hash, password)


def test_unknown_user_costs_a_real_argon2_check(sqlite_db: Database, clerk: str) -> None:
    """An unknown user name is checked against a dummy argon2id hash of the same cost."""
    hasher = CountingHasher()
    auth = AuthService(sqlite_db, SecuritySettings(), hasher=hasher)
    for name in ("nobody", "nobody2"):
        with pytest.raises(AuthError):
            auth.sign_in(name, "some-password1", STATION)
    assert len(hasher.verified) == 2
    dummy = hasher.verified[0]
    assert dummy == hasher.verified[1]  # made once
    assert dummy.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    with pytest.raises(AuthError):
        auth.sign_in(clerk, "some-password1", STATION)
    assert hasher.verified[2] == user_row(sqlite_db, clerk)["password_hash"] != dummy


def test_lock_out_after_n_failures_then_unlock_after_time(
    sqlite_db: Database, auth: AuthService, clerk: str, clock: Clock
) -> None:
    for _ in range(2):
        with pytest.raises(AuthError) as caught:
            auth.sign_in(clerk, "wrong-pass1", STATION)
        assert caught.value.code is AuthErrorCode.BAD_CREDENTIALS
    with pytest.raises(AuthError) as caught:
        auth.sign_in(clerk, "wrong-pass1", STATION)  # the third: locked now
    assert caught.value.code is AuthErrorCode.LOCKED
    until = clock.now + timedelta(minutes=15)
    assert caught.value.until == until
    assert f"{until.astimezone():%H:%M}" in caught.value.message_zh
    [locked] = events(sqlite_db, "auth.locked_out")
    assert locked.detail == {"failed_attempts": 3, "until": until.isoformat()}

    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AuthError) as caught:
        auth.sign_in(clerk, PASSWORD, STATION)  # even the right password, while locked
    assert caught.value.code is AuthErrorCode.LOCKED
    assert events(sqlite_db, "auth.sign_in_refused")[-1].detail["reason"] == "locked"

    clock.advance(seconds=1)
    assert auth.sign_in(clerk, PASSWORD, STATION).user == clerk
    row = user_row(sqlite_db, clerk)
    assert row["failed_attempts"] == 0 and row["locked_until"] is None


def test_a_success_resets_the_failure_count(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    for _ in range(2):
        with pytest.raises(AuthError):
            auth.sign_in(clerk, "wrong-pass1", STATION)
    auth.sign_in(clerk, PASSWORD, STATION)
    for _ in range(2):
        with pytest.raises(AuthError) as caught:
            auth.sign_in(clerk, "wrong-pass1", STATION)
        assert caught.value.code is AuthErrorCode.BAD_CREDENTIALS


def test_failures_are_committed_although_the_sign_in_fails(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    with pytest.raises(AuthError):
        auth.sign_in(clerk, "wrong-pass1", STATION)
    # A fresh service (another station) sees the count and the event.
    other = AuthService(sqlite_db, SecuritySettings(max_failed_attempts=2), hasher=fast_hasher())
    with pytest.raises(AuthError) as caught:
        other.sign_in(clerk, "wrong-pass1", STATION)
    assert caught.value.code is AuthErrorCode.LOCKED
    assert len(events(sqlite_db, "auth.sign_in_failed")) == 2


def test_disabled_account_is_refused_only_with_the_right_password(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    auth.set_active(ADMIN, clerk, False)
    with pytest.raises(AuthError) as caught:
        auth.sign_in(clerk, "wrong-pass1", STATION)
    assert caught.value.code is AuthErrorCode.BAD_CREDENTIALS
    with pytest.raises(AuthError) as caught:
        auth.sign_in(clerk, PASSWORD, STATION)
    assert caught.value.code is AuthErrorCode.INACTIVE
    assert events(sqlite_db, "auth.sign_in_refused")[-1].detail == {"reason": "inactive"}
    auth.set_active(ADMIN, clerk, True)
    assert auth.sign_in(clerk, PASSWORD, STATION).user == clerk


def test_kiosk_accounts_only_at_kiosks(sqlite_db: Database, auth: AuthService, clerk: str) -> None:
    auth.create_user(ADMIN, "kiosk-a", PASSWORD, [Role.KIOSK])
    with pytest.raises(AuthError) as caught:
        auth.sign_in("kiosk-a", PASSWORD, STATION)
    assert caught.value.code is AuthErrorCode.WRONG_STATION
    with pytest.raises(AuthError) as caught:
        auth.sign_in(clerk, PASSWORD, "kiosk-1", kiosk=True)
    assert caught.value.code is AuthErrorCode.WRONG_STATION
    kiosk = auth.sign_in("kiosk-a", PASSWORD, "kiosk-1", kiosk=True)
    assert kiosk.roles == {Role.KIOSK} and kiosk.card_holder_id is None

    number = make_citizen_number("110105", datetime(1990, 5, 17).date(), 123)
    session = auth.kiosk_session(kiosk, number.lower())
    assert session.card_holder_id == number and session.user == "kiosk-a"
    require(session, Permission.CASE_VIEW_OWN, card_holder_id=number)
    with pytest.raises(PermissionDenied):
        require(session, Permission.CASE_VIEW_OWN, card_holder_id="110105199001010011")
    [event] = events(sqlite_db, "auth.kiosk_session")
    assert number not in event.subject and "*" in event.subject

    with pytest.raises(IdentityError):
        auth.kiosk_session(kiosk, "110105199005171234")  # bad check character
    clerk_principal = auth.sign_in(clerk, PASSWORD, STATION)
    with pytest.raises(PermissionDenied):
        auth.kiosk_session(clerk_principal, number)
    assert events(sqlite_db, "auth.denied")[-1].detail["operation"] == "kiosk_session"


# ---- the idle lock and password changes ----------------------------------------------------


def test_unlock_screen_checks_the_same_password_without_a_new_session(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    principal = auth.sign_in(clerk, PASSWORD, STATION)
    auth.screen_locked(principal)
    with pytest.raises(AuthError) as caught:
        auth.unlock_screen(principal, "wrong-pass1")
    assert caught.value.code is AuthErrorCode.BAD_CREDENTIALS
    assert user_row(sqlite_db, clerk)["failed_attempts"] == 1
    auth.unlock_screen(principal, PASSWORD)
    assert [e.action for e in events(sqlite_db)][-4:] == [
        "auth.sign_in",
        "auth.screen_locked",
        "auth.unlock_failed",
        "auth.screen_unlocked",
    ]
    assert len(events(sqlite_db, "auth.sign_in")) == 1


def test_unlock_screen_failures_lock_the_account(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    principal = auth.sign_in(clerk, PASSWORD, STATION)
    for _ in range(2):
        with pytest.raises(AuthError):
            auth.unlock_screen(principal, "wrong-pass1")
    with pytest.raises(AuthError) as caught:
        auth.unlock_screen(principal, "wrong-pass1")
    assert caught.value.code is AuthErrorCode.LOCKED
    with pytest.raises(AuthError) as caught:
        auth.unlock_screen(principal, PASSWORD)
    assert caught.value.code is AuthErrorCode.LOCKED
    auth.unlock(ADMIN, clerk)
    auth.unlock_screen(principal, PASSWORD)


def test_change_password(sqlite_db: Database, auth: AuthService, clerk: str) -> None:
    principal = auth.sign_in(clerk, PASSWORD, STATION)
    with pytest.raises(AuthError):
        auth.change_password(principal, "wrong-pass1", "NewShift2027")
    with pytest.raises(PasswordPolicyError):
        auth.change_password(principal, PASSWORD, "short1")
    with pytest.raises(PasswordPolicyError) as caught:
        auth.change_password(principal, PASSWORD, PASSWORD)
    assert caught.value.problems[0].code == "password.unchanged"
    auth.change_password(principal, PASSWORD, "NewShift2027")
    with pytest.raises(AuthError):
        auth.sign_in(clerk, PASSWORD, STATION)
    auth.sign_in(clerk, "NewShift2027", STATION)
    assert len(events(sqlite_db, "auth.password_changed")) == 1


def test_reset_password_forces_a_change_and_lifts_the_lock(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            auth.sign_in(clerk, "wrong-pass1", STATION)
    record = auth.reset_password(ADMIN, clerk, "Temporary2026")
    assert record.must_change_password and record.locked_until is None
    principal = auth.sign_in(clerk, "Temporary2026", STATION)
    assert auth.needs_password_change(principal)
    auth.change_password(principal, "Temporary2026", "MyOwn2026pw")
    assert not auth.needs_password_change(principal)


# ---- administration ------------------------------------------------------------------------


def test_created_user_is_listed_without_its_hash(
    auth: AuthService, clerk: str, clock: Clock
) -> None:
    auth.create_user(ADMIN, "appr1", PASSWORD, ["approver"], ["police", " housing "])
    users = auth.list_users(ADMIN)
    assert [u.username for u in users] == ["appr1", "clerk1"]
    appr = users[0]
    assert appr.roles == {Role.APPROVER} and appr.departments == {"police", "housing"}
    assert appr.active and appr.must_change_password and appr.failed_attempts == 0
    assert appr.created_at == clock.now and appr.last_sign_in_at is None
    assert not hasattr(appr, "password_hash")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"username": "clerk1"}, "user.exists"),
        ({"username": "CLERK1"}, "user.exists"),
        ({"roles": ["approver"]}, "user.approver_needs_department"),
        ({"roles": ["kiosk", "clerk"]}, "user.kiosk_exclusive"),
        ({"roles": ["janitor"]}, "user.bad_role"),
        ({"roles": []}, "user.no_role"),
        ({"username": "new user"}, "user.bad_username"),
    ],
)
def test_create_user_rules(
    sqlite_db: Database, auth: AuthService, clerk: str, kwargs: dict[str, Any], code: str
) -> None:
    args: dict[str, Any] = {"username": "newbie", "password": PASSWORD, "roles": ["clerk"]}
    args.update(kwargs)
    with pytest.raises(AccountRuleError) as caught:
        auth.create_user(ADMIN, **args)
    assert caught.value.code == code and caught.value.message_zh
    assert len(auth.list_users(ADMIN)) == 1


def test_weak_password_is_refused_at_creation(auth: AuthService) -> None:
    with pytest.raises(PasswordPolicyError):
        auth.create_user(ADMIN, "newbie", "newbie123", ["clerk"])


@pytest.mark.parametrize(
    ("operation", "args"),
    [
        ("create_user", ("newbie", PASSWORD, ["clerk"])),
        ("set_roles", ("clerk1", ["supervisor"])),
        ("set_active", ("clerk1", False)),
        ("reset_password", ("clerk1", "Temporary2026")),
        ("unlock", ("clerk1",)),
        ("list_users", ()),
    ],
)
def test_administration_needs_user_admin_and_refusals_are_audited(
    sqlite_db: Database, auth: AuthService, clerk: str, operation: str, args: tuple[Any, ...]
) -> None:
    before = user_row(sqlite_db, clerk)
    with pytest.raises(PermissionDenied) as caught:
        getattr(auth, operation)(CLERK, *args)
    assert caught.value.permission is Permission.USER_ADMIN
    assert user_row(sqlite_db, clerk) == before
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
    [denied] = events(sqlite_db, "auth.denied")
    assert denied.actor == CLERK.user and denied.station == CLERK.station
    assert denied.detail["operation"] == operation
    assert denied.detail["permission"] == "user.admin"
    assert denied.purpose == "user administration"


def test_roles_change_is_audited_with_before_and_after(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    record = auth.set_roles(ADMIN, clerk, ["approver", "clerk"], ["housing"])
    assert record.roles == {Role.APPROVER, Role.CLERK} and record.departments == {"housing"}
    [event] = events(sqlite_db, "user.roles_changed")
    assert event.detail == {
        "before": {"roles": ["clerk"], "departments": []},
        "roles": ["approver", "clerk"],
        "departments": ["housing"],
    }
    assert event.actor == "root"
    principal = auth.sign_in(clerk, PASSWORD, STATION)
    require(principal, Permission.REVIEW_DECIDE, department="housing")
    with pytest.raises(PermissionDenied):
        require(principal, Permission.REVIEW_DECIDE, department="police")


def test_the_last_administrator_stays(auth: AuthService) -> None:
    auth.create_user(ADMIN, "boss", PASSWORD, ["administrator"])
    for change in (
        lambda: auth.set_active(ADMIN, "boss", False),
        lambda: auth.set_roles(ADMIN, "boss", ["supervisor"]),
    ):
        with pytest.raises(AccountRuleError) as caught:
            change()
        assert caught.value.code == "user.last_administrator"
    auth.create_user(ADMIN, "boss2", PASSWORD, ["administrator"])
    assert not auth.set_active(ADMIN, "boss", False).active


def test_unknown_user_in_administration(auth: AuthService) -> None:
    with pytest.raises(AccountRuleError) as caught:
        auth.unlock(ADMIN, "ghost")
    assert caught.value.code == "user.not_found"


# ---- settings ------------------------------------------------------------------------------


def test_security_settings_defaults_and_checks() -> None:
    assert Settings().security == SecuritySettings(5, 15, 10)
    parsed = settings_from_mapping({"security": {"max_failed_attempts": 3, "idle_lock_minutes": 0}})
    assert parsed.security.max_failed_attempts == 3 and parsed.security.idle_lock_minutes == 0
    for bad in ({"max_failed_attempts": 0}, {"lockout_minutes": 0}, {"idle_lock_minutes": -1}):
        with pytest.raises(SettingsError):
            settings_from_mapping({"security": bad})
    with pytest.raises(SettingsError):
        settings_from_mapping({"station": {"kind": "tablet"}})
    assert settings_from_mapping({"station": {"kind": "kiosk"}}).station.kind == "kiosk"
    assert Settings().station.audit_label() == "综合受理窗口 #1"


def test_service_takes_the_security_section_of_the_settings(sqlite_db: Database) -> None:
    auth = AuthService(sqlite_db, Settings(), hasher=fast_hasher())
    assert auth.security == SecuritySettings()


# ---- demo accounts -------------------------------------------------------------------------


def _mark_synthetic(db: Database, value: str) -> None:
    with db.begin() as s:
        s.merge(RegistryMeta(key="synthetic", value=value))


def test_demo_users_on_the_synthetic_registry(sqlite_db: Database, clock: Clock) -> None:
    _mark_synthetic(sqlite_db, "true")
    created = ensure_demo_users(sqlite_db, hasher=fast_hasher(), clock=clock)
    assert created == [a.username for a in DEMO_ACCOUNTS]
    assert set(created) >= {
        "clerk",
        "approver-police",
        "approver-community",
        "approver-justice",
        "supervisor",
        "supervisor-deputy",
        "kiosk",
        "admin",
    }
    assert ensure_demo_users(sqlite_db, hasher=fast_hasher()) == []  # idempotent
    auth = AuthService(sqlite_db, hasher=fast_hasher())
    users = {u.username: u for u in auth.list_users(ADMIN)}
    for account in DEMO_ACCOUNTS:
        user = users[account.username]
        assert "演示" in user.display_name and "DEMO" in user.display_name
        assert user.roles == set(account.roles)
        assert not user.must_change_password
    assert users["approver-police"].departments == {"police"}
    principal = auth.sign_in("approver-community", DEMO_PASSWORD, STATION)
    require(principal, Permission.REVIEW_DECIDE, department="community")
    # every department of the catalog has a demo approver
    from desktop.domain.matters.loader import load_catalog

    reviewing = {d.code for m in load_catalog() for d in m.departments}
    assert reviewing <= {d for a in DEMO_ACCOUNTS for d in a.departments}
    assert auth.sign_in("kiosk", DEMO_PASSWORD, "kiosk-1", kiosk=True).roles == {Role.KIOSK}
    assert auth.sign_in("admin", DEMO_PASSWORD, STATION).has(Permission.USER_ADMIN)
    [event] = events(sqlite_db, "user.demo_created")
    assert event.detail == {"usernames": created}


@pytest.mark.parametrize("meta", [None, "false", "no"])
def test_no_demo_users_on_a_registry_that_is_not_synthetic(
    sqlite_db: Database, meta: str | None
) -> None:
    if meta is not None:
        _mark_synthetic(sqlite_db, meta)
    with pytest.raises(DemoUsersError) as caught:
        ensure_demo_users(sqlite_db, hasher=fast_hasher())
    assert caught.value.code == "demo.not_synthetic"
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0
    assert events(sqlite_db) == []


def test_demo_users_leave_existing_accounts_alone(sqlite_db: Database) -> None:
    _mark_synthetic(sqlite_db, "true")
    auth = AuthService(sqlite_db, hasher=fast_hasher())
    auth.create_user(ADMIN, "admin", PASSWORD, ["administrator"], must_change_password=False)
    created = ensure_demo_users(sqlite_db, hasher=fast_hasher())
    assert "admin" not in created and len(created) == len(DEMO_ACCOUNTS) - 1
    auth.sign_in("admin", PASSWORD, STATION)
    with pytest.raises(AuthError):
        auth.sign_in("admin", DEMO_PASSWORD, STATION)


# ---- PostgreSQL ----------------------------------------------------------------------------


@pytest.mark.postgres
def test_sign_in_and_lock_out_on_postgresql(pg_db: Database, clock: Clock) -> None:
    auth = AuthService(
        pg_db, SecuritySettings(max_failed_attempts=2), clock=clock, hasher=fast_hasher()
    )
    auth.create_user(ADMIN, "clerk1", PASSWORD, ["clerk"])
    assert auth.sign_in("clerk1", PASSWORD, STATION).user == "clerk1"
    with pytest.raises(AuthError):
        auth.sign_in("clerk1", "wrong-pass1", STATION)
    with pytest.raises(AuthError) as caught:
        auth.sign_in("clerk1", "wrong-pass1", STATION)
    assert caught.value.code is AuthErrorCode.LOCKED
    record = auth.list_users(ADMIN)[0]
    assert record.locked_until == clock.now + timedelta(minutes=15)
    assert record.locked_until.tzinfo is not None
    with pg_db.engine.connect() as conn:
        assert verify_chain(conn).ok


def test_a_station_configured_as_a_kiosk_signs_in_only_kiosk_accounts(
    sqlite_db: Database, auth: AuthService, clerk: str
) -> None:
    """``[station] kind = "kiosk"`` is enforced at sign-in, not only validated: the caller
    (the window, a script) need not say ``kiosk=True`` for the rule to hold."""
    from dataclasses import replace

    auth.create_user(ADMIN, "kiosk-b", PASSWORD, [Role.KIOSK])
    at_kiosk = AuthService(
        sqlite_db,
        replace(Settings(), station=replace(Settings().station, kind="kiosk")),
        hasher=fast_hasher(),
    )
    with pytest.raises(AuthError) as caught:
        at_kiosk.sign_in(clerk, PASSWORD, "自助终端 1")
    assert caught.value.code is AuthErrorCode.WRONG_STATION
    assert events(sqlite_db, "auth.sign_in_refused")[-1].detail == {
        "reason": "wrong_station",
        "kiosk_station": True,
    }
    assert at_kiosk.sign_in("kiosk-b", PASSWORD, "自助终端 1").roles == {Role.KIOSK}
    at_window = AuthService(sqlite_db, Settings(), hasher=fast_hasher())
    with pytest.raises(AuthError) as caught:
        at_window.sign_in("kiosk-b", PASSWORD, "窗口 1")
    assert caught.value.code is AuthErrorCode.WRONG_STATION
    assert at_window.sign_in(clerk, PASSWORD, "窗口 1").user == clerk

"""Users and sign-in: one login per shift, passwords checked with argon2id, lock-out, audit.

    auth = AuthService(db, settings)                       # Settings or its [security] section
    principal = auth.sign_in("clerk", password, station="综合受理窗口 #3")
    auth.unlock_screen(principal, password)                # the idle lock: same check, same session

Passwords are stored as argon2id strings that carry their own parameters and salt
(``$argon2id$v=19$m=65536,t=3,p=4$…``); a successful check re-hashes a password whose stored
parameters differ from the current ones. A user name that does not exist is checked against a
dummy hash, so it costs the same time and gets the same answer (``auth.bad_credentials``) as a
wrong password. After ``max_failed_attempts`` wrong passwords in a row the account is locked
for ``lockout_minutes``; an administrator may unlock it earlier. A locked account answers
``auth.locked`` without checking the password: no guess is checked while the lock lasts.

Every sign-in, failure, refusal and lock-out is an audit event. A failure is committed in its
own unit of work before the error is raised, so it counts even though the sign-in fails. Audit
events never hold a typed password; an unknown user name (which may be a password typed into
the wrong field) is recorded only masked and as a hash.

User administration (:meth:`AuthService.create_user` and the others taking an ``actor``) needs
:attr:`~desktop.domain.permissions.Permission.USER_ADMIN`; a refusal is audited (``auth.denied``,
in its own unit of work) and raises :class:`~desktop.domain.permissions.PermissionDenied`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.config.settings import SecuritySettings, Settings
from desktop.domain.accounts import (
    AccountRuleError,
    PasswordPolicyError,
    PolicyProblem,
    UserRecord,
    check_password_policy,
    check_roles,
    normalise_username,
)
from desktop.domain.errors import CodedError
from desktop.domain.identity import mask_id_number, parse_id_number
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role
from desktop.domain.registry import Actor
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import User
from desktop.services.audit import append_event
from desktop.services.guard import audit_refusal, authorize
from desktop.services.pseudonyms import name_pseudonym, person_pseudonym

__all__ = [
    "AuthError",
    "AuthErrorCode",
    "AuthService",
    "default_hasher",
]

log = logging.getLogger(__name__)

PURPOSE_SIGN_IN: Final = "sign-in"
PURPOSE_USER_ADMIN: Final = "user administration"
PURPOSE_KIOSK: Final = "kiosk session for the card holder"

Clock = Callable[[], datetime]

_ROLE_VALUES: Final = frozenset(r.value for r in Role)


class AuthErrorCode(StrEnum):
    BAD_CREDENTIALS = "auth.bad_credentials"
    LOCKED = "auth.locked"
    INACTIVE = "auth.inactive"
    WRONG_STATION = "auth.wrong_station"


class AuthError(CodedError):
    """A sign-in (or screen unlock, or password check) was refused.

    ``until`` (aware, UTC; also ``detail["until"]``) is set for :attr:`AuthErrorCode.LOCKED`:
    when the lock ends.
    """

    code: AuthErrorCode

    def __init__(
        self,
        code: AuthErrorCode,
        message_en: str,
        message_zh: str,
        *,
        until: datetime | None = None,
    ) -> None:
        super().__init__(
            message_en, message_zh, code=code, detail={"until": until} if until else None
        )

    @property
    def until(self) -> datetime | None:
        until = self.detail.get("until")
        return until if isinstance(until, datetime) else None


def _bad_credentials() -> AuthError:
    return AuthError(
        AuthErrorCode.BAD_CREDENTIALS, "Wrong user name or password.", "用户名或密码错误。"
    )


def _locked(until: datetime) -> AuthError:
    local = until.astimezone()
    return AuthError(
        AuthErrorCode.LOCKED,
        f"The account is locked after too many wrong passwords; try again after "
        f"{local:%H:%M}, or ask an administrator to unlock it.",
        f"密码错误次数过多，账户已锁定，请于 {local:%H:%M} 后再试，或请管理员解锁。",
        until=until,
    )


def _inactive() -> AuthError:
    return AuthError(
        AuthErrorCode.INACTIVE,
        "This account is disabled; ask the hall's administrator.",
        "此账户已停用，请联系大厅管理员。",
    )


def _wrong_station(kiosk_station: bool) -> AuthError:
    if kiosk_station:
        return AuthError(
            AuthErrorCode.WRONG_STATION,
            "A self-service kiosk signs in only with a kiosk account.",
            "自助终端只能使用自助终端账户登录。",
        )
    return AuthError(
        AuthErrorCode.WRONG_STATION,
        "A kiosk account can sign in only at a self-service kiosk.",
        "自助终端账户只能在自助终端上登录。",
    )


def _rule_error(code: str, en: str, zh: str) -> AccountRuleError:
    return AccountRuleError(code, en, zh)


def default_hasher() -> PasswordHasher:
    """argon2id with RFC 9106's second recommended parameter set (64 MiB, t=3, p=4)."""
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


def _masked_name(name: str) -> str:
    return (name[:1] + "***") if name else "***"


@dataclass(frozen=True, slots=True)
class _Account:
    """A user row read for a check (the hash included; never leaves this module)."""

    id: int
    username: str
    display_name: str
    password_hash: str
    roles: frozenset[Role]
    departments: frozenset[str]
    active: bool
    locked_until: datetime | None
    must_change_password: bool


def _account(row: User) -> _Account:
    return _Account(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        password_hash=row.password_hash,
        roles=frozenset(Role(r) for r in row.roles if r in _ROLE_VALUES),
        departments=frozenset(row.departments),
        active=row.active,
        locked_until=as_utc(row.locked_until),
        must_change_password=row.must_change_password,
    )


def _record(row: User) -> UserRecord:
    created = as_utc(row.created_at)
    changed = as_utc(row.password_changed_at)
    assert created is not None and changed is not None
    return UserRecord(
        username=row.username,
        display_name=row.display_name,
        roles=frozenset(Role(r) for r in row.roles if r in _ROLE_VALUES),
        departments=frozenset(row.departments),
        active=row.active,
        failed_attempts=row.failed_attempts,
        locked_until=as_utc(row.locked_until),
        password_changed_at=changed,
        must_change_password=row.must_change_password,
        created_at=created,
        last_sign_in_at=as_utc(row.last_sign_in_at),
    )


class AuthService:
    """Sign-in, the idle lock's check, password changes and user administration."""

    def __init__(
        self,
        db: Database,
        settings: Settings | SecuritySettings | None = None,
        *,
        clock: Clock | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        if isinstance(settings, Settings):
            settings = settings.security
        self._db = db
        self._security = settings or SecuritySettings()
        self._clock: Clock = clock or (lambda: datetime.now(UTC))
        self._hasher = hasher or default_hasher()
        self._dummy_hash: str | None = None

    @property
    def security(self) -> SecuritySettings:
        return self._security

    def _now(self) -> datetime:
        return as_utc(self._clock())

    # ---- passwords ----------------------------------------------------------------------

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except VerifyMismatchError:
            return False
        except (InvalidHashError, VerificationError) as exc:
            log.warning("a stored password hash cannot be checked: %s", exc)
            return False

    def _verify_dummy(self, password: str) -> None:
        """Spend the time a real check takes, for a user name that does not exist."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        self._verify(self._dummy_hash, password)

    def _rehash_if_needed(self, stored: str, password: str) -> str | None:
        try:
            if self._hasher.check_needs_rehash(stored):
                return self._hasher.hash(password)
        except InvalidHashError:
            return self._hasher.hash(password)
        return None

    # ---- sign-in ------------------------------------------------------------------------

    def sign_in(
        self, username: str, password: str, station: str, *, kiosk: bool = False
    ) -> Principal:
        """Check a user name and password; return the signed-in :class:`Principal`.

        ``kiosk``: the station is a self-service kiosk, which signs in only as a kiosk account
        (and a kiosk account only at a kiosk). Raises :class:`AuthError`
        (``auth.bad_credentials``, ``auth.locked`` with ``until``, ``auth.inactive``,
        ``auth.wrong_station``).
        """
        now = self._now()
        try:
            name = normalise_username(username)
        except AccountRuleError:
            name = ""
        account = self._load(name) if name else None
        if account is None:
            self._verify_dummy(password)
            self._audit_alone(
                Actor(user="unknown", station=station),
                "auth.sign_in_failed",
                f"user:{_masked_name(name)}",
                PURPOSE_SIGN_IN,
                {"reason": "unknown_user", "name_hash": name_pseudonym(self._db.engine, name)},
            )
            raise _bad_credentials()
        actor = Actor(user=account.username, station=station)
        subject = f"user:{account.username}"
        if account.locked_until is not None and account.locked_until > now:
            self._audit_alone(
                actor,
                "auth.sign_in_refused",
                subject,
                PURPOSE_SIGN_IN,
                {"reason": "locked", "until": account.locked_until.isoformat()},
            )
            raise _locked(account.locked_until)
        if not self._verify(account.password_hash, password):
            self._count_failure(account, actor, "auth.sign_in_failed", now)
            raise _bad_credentials()
        if not account.active:
            self._audit_alone(
                actor, "auth.sign_in_refused", subject, PURPOSE_SIGN_IN, {"reason": "inactive"}
            )
            raise _inactive()
        if kiosk != (Role.KIOSK in account.roles):
            self._audit_alone(
                actor,
                "auth.sign_in_refused",
                subject,
                PURPOSE_SIGN_IN,
                {"reason": "wrong_station", "kiosk_station": kiosk},
            )
            raise _wrong_station(kiosk)
        self._succeed(account, password, actor, "auth.sign_in", now, last_sign_in=True)
        return Principal(
            user=account.username,
            station=station,
            roles=account.roles,
            departments=account.departments,
            display_name=account.display_name,
        )

    def unlock_screen(self, principal: Principal, password: str) -> None:
        """The idle lock: check the signed-in user's password again (no new session).

        The same rules as :meth:`sign_in`: a wrong password counts towards the lock-out, a
        locked or disabled account is refused. Raises :class:`AuthError`.
        """
        self._check_own_password(principal, password, "auth.screen_unlocked", "auth.unlock_failed")

    def screen_locked(self, principal: Principal) -> None:
        """Record that the idle lock hid this principal's work."""
        self._audit_alone(
            principal.actor, "auth.screen_locked", f"user:{principal.user}", PURPOSE_SIGN_IN, {}
        )

    def sign_out(self, principal: Principal) -> None:
        self._audit_alone(
            principal.actor, "auth.sign_out", f"user:{principal.user}", PURPOSE_SIGN_IN, {}
        )

    def needs_password_change(self, principal: Principal) -> bool:
        """True when the account must choose a new password (set by an administrator)."""
        account = self._load(principal.user)
        return account is not None and account.must_change_password

    def change_password(self, principal: Principal, old_password: str, new_password: str) -> None:
        """The user's own change: the old password is checked like a sign-in, then the policy.

        Raises :class:`AuthError` for a wrong old password (counted towards the lock-out) and
        :class:`PasswordPolicyError` for a new password that breaks the policy.
        """
        check_password_policy(new_password, username=principal.user)
        if new_password == old_password:
            raise PasswordPolicyError(
                [
                    PolicyProblem(
                        "password.unchanged",
                        "The new password must differ from the current one.",
                        "新密码不能与当前密码相同。",
                    )
                ]
            )
        self._check_own_password(principal, old_password, None, "auth.password_change_failed")
        new_hash = self._hasher.hash(new_password)
        now = self._now()
        with uow.session(self._db) as s:
            s.execute(
                update(User)
                .where(User.username == principal.user)
                .values(password_hash=new_hash, password_changed_at=now, must_change_password=False)
            )
            append_event(
                s.connection(),
                principal.actor,
                "auth.password_changed",
                f"user:{principal.user}",
                PURPOSE_SIGN_IN,
                {},
                now=lambda: now,
            )

    def kiosk_session(self, principal: Principal, card_id_number: str) -> Principal:
        """A kiosk's session for the card holder in front of it (``card_holder_id`` set).

        Only a kiosk principal may open one (else :class:`PermissionDenied`, audited); the number
        is checked first (:class:`~desktop.domain.identity.IdentityError` if invalid).
        """
        if Role.KIOSK not in principal.roles:
            denied = PermissionDenied(principal, Permission.CASE_VIEW_OWN, "not a kiosk account")
            audit_refusal(
                self._db,
                principal,
                "auth.denied",
                "kiosk",
                {
                    "operation": "kiosk_session",
                    "permission": denied.permission.value,
                    "roles": sorted(r.value for r in principal.roles),
                    "reason": denied.reason,
                },
                purpose=PURPOSE_KIOSK,
                now=self._now,
            )
            raise denied
        ident = parse_id_number(card_id_number)
        self._audit_alone(
            principal.actor,
            "auth.kiosk_session",
            f"person:{mask_id_number(ident.number)}",
            PURPOSE_KIOSK,
            {"id_hash": person_pseudonym(self._db.engine, ident.number)},
        )
        return replace(principal, card_holder_id=ident.number)

    # ---- administration -----------------------------------------------------------------

    def list_users(self, actor: Principal) -> list[UserRecord]:
        self._require_admin(actor, "list_users", "users")
        with uow.session(self._db) as s:
            return [_record(u) for u in s.scalars(select(User).order_by(User.username))]

    def create_user(
        self,
        actor: Principal,
        username: str,
        password: str,
        roles: Iterable[Role | str],
        departments: Iterable[str] = (),
        *,
        display_name: str = "",
        must_change_password: bool = True,
    ) -> UserRecord:
        """Create an account. Raises :class:`AccountRuleError` (``user.exists``,
        ``user.bad_username``, ``user.bad_role``, …) or :class:`PasswordPolicyError`."""
        self._require_admin(actor, "create_user", f"user:{username.strip()[:60]}")
        name = normalise_username(username)
        role_set, dept_set = check_roles(roles, departments)
        check_password_policy(password, username=name)
        password_hash = self._hasher.hash(password)
        now = self._now()
        try:
            with uow.session(self._db) as s:
                if s.scalar(select(User.id).where(User.username == name)) is not None:
                    raise _user_exists(name)
                row = User(
                    username=name,
                    display_name=display_name.strip()[:120],
                    password_hash=password_hash,
                    roles=sorted(role_set),
                    departments=sorted(dept_set),
                    active=True,
                    failed_attempts=0,
                    locked_until=None,
                    password_changed_at=now,
                    must_change_password=must_change_password,
                    created_at=now,
                    last_sign_in_at=None,
                )
                s.add(row)
                s.flush()
                self._audit(
                    s,
                    actor.actor,
                    "user.created",
                    name,
                    {
                        "roles": sorted(role_set),
                        "departments": sorted(dept_set),
                        "display_name": row.display_name,
                        "must_change_password": must_change_password,
                    },
                    now,
                )
                return _record(row)
        except IntegrityError:  # created by another station at the same moment
            raise _user_exists(name) from None

    def set_roles(
        self,
        actor: Principal,
        username: str,
        roles: Iterable[Role | str],
        departments: Iterable[str] = (),
    ) -> UserRecord:
        self._require_admin(actor, "set_roles", f"user:{username.strip()[:60]}")
        role_set, dept_set = check_roles(roles, departments)
        now = self._now()
        with uow.session(self._db) as s:
            row = self._row_for_update(s, username)
            if Role.ADMINISTRATOR not in role_set:
                self._keep_an_administrator(s, row)
            before = {"roles": list(row.roles), "departments": list(row.departments)}
            row.roles = sorted(role_set)
            row.departments = sorted(dept_set)
            self._audit(
                s,
                actor.actor,
                "user.roles_changed",
                row.username,
                {"before": before, "roles": row.roles, "departments": row.departments},
                now,
            )
            s.flush()
            return _record(row)

    def set_active(self, actor: Principal, username: str, active: bool) -> UserRecord:
        self._require_admin(actor, "set_active", f"user:{username.strip()[:60]}")
        now = self._now()
        with uow.session(self._db) as s:
            row = self._row_for_update(s, username)
            if not active:
                self._keep_an_administrator(s, row)
            row.active = active
            self._audit(
                s, actor.actor, "user.enabled" if active else "user.disabled", row.username, {}, now
            )
            s.flush()
            return _record(row)

    def reset_password(
        self,
        actor: Principal,
        username: str,
        new_password: str,
        *,
        must_change_password: bool = True,
    ) -> UserRecord:
        """Set a new password (and lift a lock-out); by default it must be changed at the next
        sign-in."""
        self._require_admin(actor, "reset_password", f"user:{username.strip()[:60]}")
        name = normalise_username(username)
        check_password_policy(new_password, username=name)
        new_hash = self._hasher.hash(new_password)
        now = self._now()
        with uow.session(self._db) as s:
            row = self._row_for_update(s, name)
            row.password_hash = new_hash
            row.password_changed_at = now
            row.must_change_password = must_change_password
            row.failed_attempts = 0
            row.locked_until = None
            self._audit(
                s,
                actor.actor,
                "user.password_reset",
                row.username,
                {"must_change_password": must_change_password},
                now,
            )
            s.flush()
            return _record(row)

    def unlock(self, actor: Principal, username: str) -> UserRecord:
        """Lift a lock-out before its time (and forget the wrong passwords counted so far)."""
        self._require_admin(actor, "unlock", f"user:{username.strip()[:60]}")
        now = self._now()
        with uow.session(self._db) as s:
            row = self._row_for_update(s, username)
            was = as_utc(row.locked_until)
            row.failed_attempts = 0
            row.locked_until = None
            self._audit(
                s,
                actor.actor,
                "user.unlocked",
                row.username,
                {"was_locked_until": was.isoformat() if was else None},
                now,
            )
            s.flush()
            return _record(row)

    # ---- helpers ------------------------------------------------------------------------

    def _load(self, name: str) -> _Account | None:
        with uow.session(self._db) as s:
            row = s.scalar(select(User).where(User.username == name))
            return _account(row) if row is not None else None

    def _row_for_update(self, s: Session, username: str) -> User:
        name = normalise_username(username)
        row = s.scalar(select(User).where(User.username == name).with_for_update())
        if row is None:
            raise _rule_error(
                "user.not_found", f"There is no user {name!r}.", f"没有用户“{name}”。"
            )
        return row

    @staticmethod
    def _keep_an_administrator(s: Session, row: User) -> None:
        """Refuse to take away the last active administrator."""
        if not row.active or Role.ADMINISTRATOR.value not in row.roles:
            return
        others = s.scalars(select(User).where(User.active.is_(True), User.id != row.id))
        if not any(Role.ADMINISTRATOR.value in u.roles for u in others):
            raise _rule_error(
                "user.last_administrator",
                f"{row.username} is the last active administrator; make another user an "
                "administrator first.",
                f"{row.username} 是最后一名在用的管理员，请先指定另一名管理员。",
            )

    def _check_own_password(
        self,
        principal: Principal,
        password: str,
        success_action: str | None,
        failure_action: str,
    ) -> None:
        """Check the signed-in user's own password; ``success_action`` None: no audit event."""
        now = self._now()
        actor = principal.actor
        subject = f"user:{principal.user}"
        account = self._load(principal.user)
        if account is None or not account.active:
            self._audit_alone(
                actor, failure_action, subject, PURPOSE_SIGN_IN, {"reason": "inactive"}
            )
            raise _inactive()
        if account.locked_until is not None and account.locked_until > now:
            self._audit_alone(
                actor,
                failure_action,
                subject,
                PURPOSE_SIGN_IN,
                {"reason": "locked", "until": account.locked_until.isoformat()},
            )
            raise _locked(account.locked_until)
        if not self._verify(account.password_hash, password):
            self._count_failure(account, actor, failure_action, now)
            raise _bad_credentials()
        self._succeed(account, password, actor, success_action, now)

    def _count_failure(self, account: _Account, actor: Actor, action: str, now: datetime) -> None:
        """Count a wrong password (committed now); lock the account at the limit.

        Raises the lock-out's :class:`AuthError` when this failure locked the account.
        """
        limit = self._security.max_failed_attempts
        until: datetime | None = None
        with uow.session(self._db) as s:
            failures = s.execute(
                update(User)
                .where(User.id == account.id)
                .values(failed_attempts=User.failed_attempts + 1)
                .returning(User.failed_attempts)
            ).scalar_one()
            conn = s.connection()
            append_event(
                conn,
                actor,
                action,
                f"user:{account.username}",
                PURPOSE_SIGN_IN,
                {"reason": "wrong_password", "failed_attempts": failures},
                now=lambda: now,
            )
            if failures >= limit:
                until = now + timedelta(minutes=self._security.lockout_minutes)
                s.execute(
                    update(User)
                    .where(User.id == account.id)
                    .values(failed_attempts=0, locked_until=until)
                )
                append_event(
                    conn,
                    actor,
                    "auth.locked_out",
                    f"user:{account.username}",
                    PURPOSE_SIGN_IN,
                    {"failed_attempts": failures, "until": until.isoformat()},
                    now=lambda: now,
                )
        if until is not None:
            log.warning("account %s locked until %s", account.username, until.isoformat())
            raise _locked(until)

    def _succeed(
        self,
        account: _Account,
        password: str,
        actor: Actor,
        action: str | None,
        now: datetime,
        *,
        last_sign_in: bool = False,
    ) -> None:
        new_hash = self._rehash_if_needed(account.password_hash, password)
        values: dict[str, object] = {"failed_attempts": 0, "locked_until": None}
        if last_sign_in:
            values["last_sign_in_at"] = now
        if new_hash is not None:
            values["password_hash"] = new_hash
        with uow.session(self._db) as s:
            s.execute(update(User).where(User.id == account.id).values(**values))
            if action is not None:
                append_event(
                    s.connection(),
                    actor,
                    action,
                    f"user:{account.username}",
                    PURPOSE_SIGN_IN,
                    {"rehashed": new_hash is not None},
                    now=lambda: now,
                )

    def _require_admin(self, actor: Principal, operation: str, subject: str) -> None:
        authorize(
            self._db,
            actor,
            Permission.USER_ADMIN,
            subject=subject,
            purpose=PURPOSE_USER_ADMIN,
            detail={"operation": operation},
            now=self._now,
        )

    def _audit(
        self,
        s: Session,
        actor: Actor,
        action: str,
        username: str,
        detail: Mapping[str, object],
        now: datetime,
    ) -> None:
        append_event(
            s.connection(),
            actor,
            action,
            f"user:{username}",
            PURPOSE_USER_ADMIN,
            detail,
            now=lambda: now,
        )

    def _audit_alone(
        self, actor: Actor, action: str, subject: str, purpose: str, detail: Mapping[str, object]
    ) -> None:
        """One audit event in its own unit of work (committed even though the caller fails)."""
        now = self._now()
        with uow.session(self._db) as s:
            append_event(s.connection(), actor, action, subject, purpose, detail, now=lambda: now)


def _user_exists(name: str) -> AccountRuleError:
    return _rule_error("user.exists", f"A user {name!r} exists already.", f"用户“{name}”已存在。")

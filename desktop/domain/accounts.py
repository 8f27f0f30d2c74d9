"""User accounts as plain data, and the rules for user names, roles and passwords.

No I/O here: :mod:`desktop.services.auth` stores accounts and checks passwords; these rules are
also what an interface may check before it submits a form. Every rule that a person can break
comes with a stable code and an English and a Chinese sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from desktop.domain.errors import CodedError
from desktop.domain.permissions import Role

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "AccountRuleError",
    "PasswordPolicyError",
    "PolicyProblem",
    "UserRecord",
    "check_password_policy",
    "check_roles",
    "normalise_username",
]

MIN_PASSWORD_LENGTH: Final = 8
MAX_PASSWORD_LENGTH: Final = 128
MAX_USERNAME_LENGTH: Final = 60

_USERNAME_RE: Final = re.compile(r"[a-z0-9][a-z0-9._-]*")

#: Passwords that pass the length and character rules but are the first ones anyone tries.
_COMMON_PASSWORDS: Final = frozenset(
    {
        "password",
        "password1",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "87654321",
        "11111111",
        "88888888",
        "66666666",
        "00000000",
        "abcd1234",
        "1234abcd",
        "a1234567",
        "qwerty123",
        "qwer1234",
        "1q2w3e4r",
        "admin123",
        "admin1234",
        "woaini1314",
        "iloveyou1",
        "abc12345",
        "aa123456",
        "123qweasd",
    }
)


@dataclass(frozen=True, slots=True)
class UserRecord:
    """One account as the services hand it out: everything but the password hash."""

    username: str
    display_name: str
    roles: frozenset[Role]
    departments: frozenset[str]
    active: bool
    failed_attempts: int
    locked_until: datetime | None  # aware (UTC); None when not locked
    password_changed_at: datetime
    must_change_password: bool
    created_at: datetime
    last_sign_in_at: datetime | None


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """One broken rule: a stable code, and what to tell the person in English and Chinese."""

    code: str
    message_en: str
    message_zh: str


class AccountRuleError(CodedError, ValueError):
    """A user name, role set or department list breaks a rule (``user.*`` codes)."""

    code = "user.error"

    def __init__(self, code: str, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh, code=code)


class PasswordPolicyError(CodedError, ValueError):
    """A new password breaks the policy; ``problems`` lists every rule it breaks."""

    code = "auth.weak_password"

    def __init__(self, problems: Iterable[PolicyProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            " ".join(p.message_en for p in self.problems),
            "".join(p.message_zh for p in self.problems),
            detail={"rules": [p.code for p in self.problems]},
        )


def normalise_username(text: str) -> str:
    """The canonical form of a user name (NFKC, trimmed, lower case); raises if not allowed.

    User names are ASCII letters, digits and ``. _ -``, starting with a letter or digit: they
    are typed at every shift start, on any keyboard layout and input method.
    """
    name = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not name:
        raise AccountRuleError("user.bad_username", "Enter a user name.", "请输入用户名。")
    if len(name) > MAX_USERNAME_LENGTH or not _USERNAME_RE.fullmatch(name):
        raise AccountRuleError(
            "user.bad_username",
            f"A user name has 1 to {MAX_USERNAME_LENGTH} characters: letters a-z, digits and "
            ". _ -, starting with a letter or digit.",
            f"用户名为 1 至 {MAX_USERNAME_LENGTH} 个字符，只能使用字母 a-z、数字和 . _ -，"
            "并以字母或数字开头。",
        )
    return name


def check_roles(
    roles: Iterable[Role | str], departments: Iterable[str]
) -> tuple[frozenset[Role], frozenset[str]]:
    """Validate a role set with its departments; returns them as frozensets.

    An account needs at least one role; an approver needs at least one department; a kiosk
    account is a kiosk and nothing else (a kiosk session acts for the card holder only).
    """
    try:
        role_set = frozenset(Role(r) for r in roles)
    except ValueError as exc:
        known = ", ".join(r.value for r in Role)
        raise AccountRuleError(
            "user.bad_role",
            f"Unknown role ({exc}); the roles are {known}.",
            f"未知角色（{exc}）；可用角色：{known}。",
        ) from None
    dept_set = frozenset(d.strip() for d in departments if d.strip())
    if not role_set:
        raise AccountRuleError(
            "user.no_role", "An account needs at least one role.", "账户至少需要一个角色。"
        )
    if Role.KIOSK in role_set and len(role_set) > 1:
        raise AccountRuleError(
            "user.kiosk_exclusive",
            "A kiosk account cannot have other roles.",
            "自助终端账户不能兼有其他角色。",
        )
    if Role.APPROVER in role_set and not dept_set:
        raise AccountRuleError(
            "user.approver_needs_department",
            "An approver needs at least one department.",
            "审批人员至少需要属于一个部门。",
        )
    return role_set, dept_set


def check_password_policy(password: str, *, username: str = "") -> None:
    """Raise :class:`PasswordPolicyError` listing every rule ``password`` breaks.

    The rules: at least :data:`MIN_PASSWORD_LENGTH` characters (at most
    :data:`MAX_PASSWORD_LENGTH`), letters and digits both present, not the user name, and not
    one of the passwords everyone tries first.
    """
    problems: list[PolicyProblem] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            PolicyProblem(
                "password.too_short",
                f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
                f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。",
            )
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(
            PolicyProblem(
                "password.too_long",
                f"A password has at most {MAX_PASSWORD_LENGTH} characters.",
                f"密码最多 {MAX_PASSWORD_LENGTH} 个字符。",
            )
        )
    if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
        problems.append(
            PolicyProblem(
                "password.letters_and_digits",
                "A password needs both letters and digits.",
                "密码需同时包含字母和数字。",
            )
        )
    lowered = password.strip().lower()
    if username and username.lower() in lowered:
        problems.append(
            PolicyProblem(
                "password.contains_username",
                "A password must not contain the user name.",
                "密码不能包含用户名。",
            )
        )
    if lowered in _COMMON_PASSWORDS or len(set(password)) <= 2:
        problems.append(
            PolicyProblem(
                "password.too_common",
                "This password is too easy to guess; choose another.",
                "该密码过于常见，容易被猜中，请换一个。",
            )
        )
    if problems:
        raise PasswordPolicyError(problems)

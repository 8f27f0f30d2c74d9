"""Demo accounts for the embedded default's synthetic registry: one per role, one password.

A first start on the embedded database seeds a SYNTHETIC registry; these accounts let anyone
trying OneWindow sign in at once. They are labelled 演示/DEMO in their display names, all share
:data:`DEMO_PASSWORD`, and are created **only** on a registry marked synthetic
(``registry_meta``: ``synthetic = true``); on any other database :func:`ensure_demo_users`
refuses with :class:`DemoUsersError` (``demo.not_synthetic``) and changes nothing.

- ``clerk``: window clerk
- ``approver-police``, ``approver-community``, ``approver-justice``: approvers of the catalog's
  reviewing departments
- ``supervisor``: hall supervisor
- ``supervisor-deputy``: a second hall supervisor, so that a demo appeal of a rating follow-up
  can be decided (nobody decides their own appeal)
- ``kiosk``: self-service kiosk account
- ``admin``: administrator
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from argon2 import PasswordHasher
from sqlalchemy import Connection, select

from desktop.domain.errors import CodedError
from desktop.domain.permissions import Role
from desktop.domain.registry import Actor
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import RegistryMeta, User
from desktop.services.audit import append_event
from desktop.services.auth import default_hasher
from desktop.services.status import META_SYNTHETIC, is_synthetic_value

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DemoAccount", "DemoUsersError", "ensure_demo_users"]

#: The one password of every demo account (documented in the README; demo data only).
DEMO_PASSWORD: Final = "demo1234"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    display_name: str
    roles: tuple[Role, ...]
    departments: tuple[str, ...] = ()


DEMO_ACCOUNTS: Final = (
    DemoAccount("clerk", "演示窗口人员 DEMO clerk", (Role.CLERK,)),
    DemoAccount(
        "approver-police", "演示公安审批 DEMO police approver", (Role.APPROVER,), ("police",)
    ),
    DemoAccount(
        "approver-community",
        "演示社区审核 DEMO community approver",
        (Role.APPROVER,),
        ("community",),
    ),
    DemoAccount(
        "approver-justice", "演示法援审批 DEMO legal-aid approver", (Role.APPROVER,), ("justice",)
    ),
    DemoAccount("supervisor", "演示大厅主管 DEMO supervisor", (Role.SUPERVISOR,)),
    DemoAccount("supervisor-deputy", "演示副主管 DEMO deputy supervisor", (Role.SUPERVISOR,)),
    DemoAccount("kiosk", "演示自助终端 DEMO kiosk", (Role.KIOSK,)),
    DemoAccount("admin", "演示管理员 DEMO administrator", (Role.ADMINISTRATOR,)),
)


class DemoUsersError(CodedError):
    code = "demo.error"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


def _is_synthetic(conn: Connection) -> bool:
    return is_synthetic_value(
        conn.scalar(select(RegistryMeta.value).where(RegistryMeta.key == META_SYNTHETIC))
    )


def ensure_demo_users(
    db: Database,
    *,
    hasher: PasswordHasher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> list[str]:
    """Create the demo accounts that are missing; returns the user names created.

    Existing accounts (demo or not) are left as they are. Raises :class:`DemoUsersError`
    (``demo.not_synthetic``) unless the registry is marked synthetic.
    """
    hasher = hasher or default_hasher()
    now = (clock or (lambda: datetime.now(UTC)))()
    actor = Actor(user="system:demo-users", station=socket.gethostname()[:60])
    with uow.session(db) as s:
        if not _is_synthetic(s.connection()):
            raise DemoUsersError(
                "demo.not_synthetic",
                "The registry is not marked synthetic (registry_meta synthetic=true): demo "
                "accounts with a published password are created only for the synthetic demo "
                "registry. Create real accounts with 'onewindow-admin user add'.",
            )
        existing = set(s.scalars(select(User.username)))
    missing = [a for a in DEMO_ACCOUNTS if a.username not in existing]
    if not missing:
        return []
    hashes = {a.username: hasher.hash(DEMO_PASSWORD) for a in missing}  # off the transaction
    created: list[str] = []
    with uow.session(db) as s:
        if not _is_synthetic(s.connection()):  # checked again in the writing transaction
            raise DemoUsersError("demo.not_synthetic", "The registry is no longer synthetic.")
        existing = set(s.scalars(select(User.username)))
        for account in missing:
            if account.username in existing:
                continue
            s.add(
                User(
                    username=account.username,
                    display_name=account.display_name,
                    password_hash=hashes[account.username],
                    roles=[r.value for r in account.roles],
                    departments=list(account.departments),
                    active=True,
                    failed_attempts=0,
                    locked_until=None,
                    password_changed_at=now,
                    must_change_password=False,
                    created_at=now,
                    last_sign_in_at=None,
                )
            )
            created.append(account.username)
        s.flush()
        if created:
            append_event(
                s.connection(),
                actor,
                "user.demo_created",
                "users:demo",
                "demo accounts for the synthetic registry",
                {"usernames": created},
                now=lambda: now,
            )
    return created

"""Permission checks for the services, with the refusal on the record.

Every service method calls :func:`authorize` before it changes or shows anything. A refusal
raises :class:`~desktop.domain.permissions.PermissionDenied` and writes an ``auth.denied`` audit
event in a transaction of its *own*: the caller's unit of work rolls back (nothing it did
stays), but the attempt is kept.

Call it while the caller holds no write lock (before its writing transaction, or in a
transaction that has only read): on SQLite a second writer would wait for the first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role, require
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.engine import DatabaseError
from desktop.services.audit import append_event

log = logging.getLogger(__name__)

__all__ = ["audit_refusal", "authorize", "may"]

_PURPOSE = "access control"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def may(
    principal: Principal,
    permission: Permission,
    *,
    department: str | None = None,
    card_holder_id: str | None = None,
) -> bool:
    """Whether :func:`authorize` would let ``principal`` do it (no audit; for UI hints)."""
    try:
        _check(principal, permission, department=department, card_holder_id=card_holder_id)
    except PermissionDenied:
        return False
    return True


def _check(
    principal: Principal,
    permission: Permission,
    *,
    department: str | None,
    card_holder_id: str | None,
) -> None:
    require(principal, permission, department=department, card_holder_id=card_holder_id)
    # A kiosk acts for the card holder in front of it, whatever it does (view, rate, print).
    if (
        Role.KIOSK in principal.roles
        and card_holder_id is not None
        and card_holder_id != principal.card_holder_id
    ):
        raise PermissionDenied(principal, permission, "only the card holder's own cases")


def authorize(
    db: Database,
    principal: Principal,
    permission: Permission,
    *,
    subject: str,
    department: str | None = None,
    card_holder_id: str | None = None,
    purpose: str = _PURPOSE,
    detail: Mapping[str, object] | None = None,
    now: Callable[[], datetime] = _utc_now,
) -> None:
    """Raise :class:`PermissionDenied` (and audit it) unless ``principal`` may do it.

    ``subject``: what the attempt concerned (e.g. ``case:<number>``), never a clear identity
    number. ``department``: the department whose work it is. ``card_holder_id``: the person the
    action concerns, for kiosk sessions. ``purpose``, ``detail`` (added to the event's) and
    ``now`` (the service's clock) shape the refusal's audit event.
    """
    try:
        _check(principal, permission, department=department, card_holder_id=card_holder_id)
    except PermissionDenied as exc:
        audit_refusal(
            db,
            principal,
            "auth.denied",
            subject,
            {
                **(detail or {}),
                "permission": permission.value,
                "roles": sorted(r.value for r in principal.roles),
                "department": department,
                "reason": exc.reason,
            },
            purpose=purpose,
            now=now,
        )
        raise


def audit_refusal(
    db: Database,
    principal: Principal,
    action: str,
    subject: str,
    detail: Mapping[str, object],
    *,
    purpose: str = _PURPOSE,
    now: Callable[[], datetime] = _utc_now,
) -> None:
    """Write one audit event about a refused action, in its own transaction.

    If the database cannot take it, the failure is logged and the refusal still stands.
    """
    try:
        with uow.transaction(db) as conn:
            append_event(conn, principal.actor, action, subject, purpose, dict(detail), now=now)
    except (SQLAlchemyError, DatabaseError):
        log.exception("could not audit the refused action %s on %s", action, subject)

"""Roles and permissions: who may do what, checked by the services (not only hidden in the UI).

A :class:`Principal` is the signed-in user at a station (or a kiosk session for the card holder in
front of it). Services call :func:`require` before they change or show anything; a refusal raises
:class:`PermissionDenied`, changes nothing, and the service writes an ``auth.denied`` audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.errors import CodedError
from desktop.domain.registry import Actor

__all__ = [
    "ROLE_PERMISSIONS",
    "Permission",
    "PermissionDenied",
    "Principal",
    "Role",
    "permissions_of",
    "require",
]


class Role(StrEnum):
    CLERK = "clerk"  # window clerk (综合受理窗口)
    APPROVER = "approver"  # back-office approver of one or more departments
    SUPERVISOR = (
        "supervisor"  # hall supervisor: terminations, revocations, follow-up of bad ratings
    )
    KIOSK = "kiosk"  # self-service kiosk, acting for the card holder in front of it only
    ADMINISTRATOR = "administrator"  # users, calendar, catalog, stations


class Permission(StrEnum):
    REGISTRY_LOOKUP = "registry.lookup"
    CASE_DRAFT = "case.draft"  # start, save and discard drafts
    CASE_ACCEPT = "case.accept"  # accept, accept with 容缺, one-time notification, refuse
    CASE_ISSUE = "case.issue"  # hand out the result at a window
    CASE_WITHDRAW = "case.withdraw"  # record the applicant's withdrawal
    CASE_TERMINATE = "case.terminate"
    CASE_SUPPLEMENT = "case.supplement"  # record supplied materials
    CASE_VIEW = "case.view"  # any case of the hall
    CASE_VIEW_OWN = "case.view_own"  # only the cases of the card holder in front of a kiosk
    #: 自主申报: the card holder's own declaration, kept for a clerk to confirm (kiosk only)
    CASE_DECLARE_OWN = "case.declare_own"
    REVIEW_DECIDE = "review.decide"  # claim and decide review tasks of one's own departments
    REVIEW_REASSIGN = "review.reassign"  # see every queue, give a claimed task to another approver
    CLOCK_PAUSE = "clock.pause"  # start/end a special procedure (extension, hearing, …)
    DOCUMENT_PRINT = "document.print"
    DOCUMENT_REPRINT = "document.reprint"
    DOCUMENT_REVOKE = "document.revoke"
    RATING_RECORD = "rating.record"
    #: follow bad ratings up: list, assign, call back, rectify, reply, close, appeal
    RATING_FOLLOWUP = "rating.followup"
    RATING_APPEAL_DECIDE = "rating.appeal_decide"  # decide an appeal against a malicious rating
    QUEUE_TICKET = "queue.ticket"  # take a queue ticket (kiosk, reception at a window)
    QUEUE_CALL = "queue.call"  # call, recall, no-show, transfer, pause at a window
    CALENDAR_EDIT = "calendar.edit"
    USER_ADMIN = "user.admin"
    AUDIT_READ = "audit.read"
    #: Search the audit log (by person, staff, action, station, period), with a purpose; export
    #: the results; see the chain's verification status and run it.
    AUDIT_SEARCH = "audit.search"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(
        {
            Permission.REGISTRY_LOOKUP,
            Permission.CASE_DRAFT,
            Permission.CASE_ACCEPT,
            Permission.CASE_ISSUE,
            Permission.CASE_WITHDRAW,
            Permission.CASE_SUPPLEMENT,
            Permission.CASE_VIEW,
            Permission.DOCUMENT_PRINT,
            Permission.DOCUMENT_REPRINT,
            Permission.RATING_RECORD,
            Permission.QUEUE_TICKET,
            Permission.QUEUE_CALL,
        }
    ),
    Role.APPROVER: frozenset(
        {
            Permission.REGISTRY_LOOKUP,
            Permission.CASE_VIEW,
            Permission.REVIEW_DECIDE,
            Permission.CLOCK_PAUSE,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.REGISTRY_LOOKUP,
            Permission.CASE_VIEW,
            Permission.CASE_WITHDRAW,
            Permission.CASE_TERMINATE,
            Permission.CLOCK_PAUSE,
            Permission.REVIEW_REASSIGN,
            Permission.DOCUMENT_PRINT,
            Permission.DOCUMENT_REPRINT,
            Permission.DOCUMENT_REVOKE,
            Permission.AUDIT_READ,
            Permission.AUDIT_SEARCH,
            Permission.QUEUE_TICKET,
            Permission.QUEUE_CALL,
            Permission.RATING_FOLLOWUP,
            Permission.RATING_APPEAL_DECIDE,
        }
    ),
    Role.KIOSK: frozenset(
        {
            Permission.CASE_VIEW_OWN,
            Permission.CASE_DECLARE_OWN,
            Permission.DOCUMENT_PRINT,
            Permission.RATING_RECORD,
            Permission.QUEUE_TICKET,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.CALENDAR_EDIT,
            Permission.USER_ADMIN,
            Permission.AUDIT_READ,
        }
    ),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: the signed-in user at a station, with roles and departments.

    ``card_holder_id`` is set only for kiosk sessions: the identity number read from the card in
    front of the kiosk, the only person whose cases the session may see.
    """

    user: str
    station: str
    roles: frozenset[Role]
    departments: frozenset[str] = field(default_factory=frozenset)
    display_name: str = ""
    card_holder_id: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(user=self.user, station=self.station)

    def has(self, permission: Permission) -> bool:
        return permission in permissions_of(self.roles)

    @classmethod
    def of(
        cls,
        user: str,
        station: str,
        roles: Iterable[Role | str],
        departments: Iterable[str] = (),
        **kwargs: str | None,
    ) -> Principal:
        return cls(
            user=user,
            station=station,
            roles=frozenset(Role(r) for r in roles),
            departments=frozenset(departments),
            **kwargs,  # type: ignore[arg-type]
        )


class PermissionDenied(CodedError, PermissionError):
    """The principal lacks a permission (or the department, or the card holder) for an action.

    ``reason`` says which, when it is not the permission itself (e.g. the department).
    """

    code = "auth.permission_denied"

    def __init__(self, principal: Principal, permission: Permission, reason: str = "") -> None:
        self.principal = principal
        self.permission = permission
        self.reason = reason
        roles = ", ".join(sorted(principal.roles)) or "no role"
        super().__init__(
            f"{principal.user} ({roles}) may not {permission.value}"
            + (f": {reason}" if reason else ""),
            detail={"user": principal.user, "permission": permission.value, "reason": reason},
        )


def permissions_of(roles: Iterable[Role]) -> frozenset[Permission]:
    out: set[Permission] = set()
    for role in roles:
        out |= ROLE_PERMISSIONS[role]
    return frozenset(out)


def require(
    principal: Principal,
    permission: Permission,
    *,
    department: str | None = None,
    card_holder_id: str | None = None,
) -> None:
    """Raise :class:`PermissionDenied` unless ``principal`` may do ``permission``.

    ``department``: the action concerns this department's work (a review task); the principal must
    belong to it. ``card_holder_id``: the action concerns this person; a kiosk session may only
    act for the card holder in front of it.
    """
    if not principal.has(permission):
        raise PermissionDenied(principal, permission)
    departmental = permission in (Permission.REVIEW_DECIDE, Permission.CLOCK_PAUSE)
    if (
        department is not None
        and departmental
        and Role.SUPERVISOR not in principal.roles
        and department not in principal.departments
    ):
        raise PermissionDenied(principal, permission, f"not a member of department {department}")
    if (
        Role.KIOSK in principal.roles
        and permission is Permission.CASE_VIEW_OWN
        and (card_holder_id is None or card_holder_id != principal.card_holder_id)
    ):
        raise PermissionDenied(principal, permission, "only the card holder's own cases")

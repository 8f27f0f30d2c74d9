"""Claiming review tasks: the most urgent free task (one statement, ``SKIP LOCKED`` on
PostgreSQL), a chosen one, giving one back, a supervisor's reassignment, and the sweep of lapsed
claims.

A claim changes the task, never the case row: the case's version is not bumped, so a clerk
editing the same case is not disturbed. Claims lapse after ``[review] claim_minutes``
(``claim_expires_at``): a lapsed claim counts as open for :meth:`ReviewClaims.claim_next` and
:meth:`ReviewClaims.claim`; :meth:`ReviewClaims.release_lapsed_claims` (the daily sweep) puts
them back on the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Row,
    bindparam,
    exists,
    literal_column,
    select,
    true,
    update,
)

from desktop.domain.cases import (
    CaseError,
    CaseEvent,
    CaseState,
    ReasonRequired,
    ReviewTaskRecord,
    TaskAlreadyClaimed,
    TaskNotClaimed,
    TaskNotFound,
    TaskStatus,
    transition_for,
)
from desktop.domain.permissions import Permission, Principal
from desktop.domain.review import (
    QueueRow,
    QueueSort,
    TaskAlreadyDecided,
)
from desktop.persistence import uow
from desktop.persistence.prepared import Prepared
from desktop.services import changes
from desktop.services.audit import append_event
from desktop.services.audit_lanes import LANE_COLUMNS, free_lane_cte, lane_taken
from desktop.services.cases import tables as t
from desktop.services.cases.base import kind_of
from desktop.services.cases.review_queue import (
    _CLAIMED,
    _OPEN,
    _RUNNING_PAUSES,
    ReviewQueue,
    _claimable,
    _joined,
    _order,
    _paused,
)

_DECIDED = frozenset(
    {TaskStatus.APPROVED, TaskStatus.REJECTED, TaskStatus.RETURNED, TaskStatus.CANCELLED}
)


def review_change_topics(*departments: str, case_number: str = "") -> list[str]:
    """``review:<department>`` (and ``case:<number>``): the live topics of a task that changed
    hands."""
    topics = [changes.review_topic(d) for d in sorted(set(departments))]
    if case_number:
        topics.append(changes.case_topic(case_number))
    return topics


def publish_review_change(conn: Connection, *departments: str, case_number: str = "") -> None:
    """A task changed hands in this transaction (claim, unclaim, reassignment, lapsed claims
    released): its topics for the live views, published with the change (nothing if it rolls
    back). The case row is not touched, so the template's own announcement does not run."""
    changes.publish(conn, *review_change_topics(*departments, case_number=case_number))


_NOW = bindparam("now", type_=t.tasks.c.claim_expires_at.type)


def _claim_next(departments: ColumnElement[bool]) -> Any:
    """``claim_next`` in one statement, built once (it runs on every claim): the most urgent
    task of the departments that nobody holds, claimed — ``FOR UPDATE SKIP LOCKED`` on
    PostgreSQL."""
    return (
        update(t.tasks)
        .where(
            t.tasks.c.id
            == select(t.tasks.c.id)
            .select_from(_joined(pauses=False))
            .where(
                departments,
                # ix_review_tasks_next's rows, as literals: a prepared statement's generic
                # plan can use the partial index only when it sees its predicate
                literal_column(f"review_tasks.status IN ('{_OPEN}', '{_CLAIMED}')", Boolean),
                _claimable(_NOW),
                t.cases.c.state == CaseState.IN_REVIEW.value,
            )
            .order_by(*_order(QueueSort.DUE))
            .limit(1)
            .with_for_update(skip_locked=True, of=t.tasks)
            .scalar_subquery()
        )
        .values(
            status=_CLAIMED,
            claimed_by=bindparam("who"),
            claimed_at=_NOW,
            claim_expires_at=bindparam("expires", type_=t.tasks.c.claim_expires_at.type),
        )
        .returning(t.tasks.c.id, t.tasks.c.department_code, t.tasks.c.case_id)
    )


def _claim_next_row(claim: Any) -> Any:
    """PostgreSQL: the claim and the claimed task as a queue row in one round trip, with the
    audit lane its event goes to (the row's task columns come from the claim's ``RETURNING``:
    a data-modifying ``WITH`` is not seen by the statement's own reads)."""
    taken = claim.returning(
        t.tasks.c.department_name,
        t.tasks.c.status,
        t.tasks.c.claimed_by,
        t.tasks.c.claim_expires_at,
        t.tasks.c.round,
    ).cte("taken")
    lane = free_lane_cte("lane")
    return select(
        taken.c.id.label("task_id"),
        taken.c.case_id,
        taken.c.department_code,
        taken.c.department_name,
        taken.c.status,
        taken.c.claimed_by,
        taken.c.claim_expires_at,
        taken.c.round,
        t.cases.c.number,
        t.cases.c.matter_code,
        t.cases.c.matter_name,
        t.cases.c.case_type,
        t.cases.c.state,
        t.cases.c.applicant_name,
        t.cases.c.applicant_id_masked,
        t.cases.c.received_at,
        t.cases.c.accepted_at,
        t.cases.c.promised_date,
        _paused().label("paused"),
        *(lane.c[f"lane_{c}"] for c in LANE_COLUMNS),
    ).select_from(
        taken.join(t.cases, t.cases.c.id == taken.c.case_id)
        .outerjoin(_RUNNING_PAUSES, _RUNNING_PAUSES.c.case_id == t.cases.c.id)
        .outerjoin(lane, true())
    )


_NOW = bindparam("now", type_=t.tasks.c.claim_expires_at.type)
_CLAIM_NEXT = _claim_next(t.tasks.c.department_code.in_(bindparam("departments", expanding=True)))
_CLAIM_NEXT_ROW = _claim_next_row(_CLAIM_NEXT)
#: PostgreSQL, an approver of one department (most are): the same on the driver's cursor (an
#: equality, so the statement needs no expanding ``IN``, and its plan walks the index in order).
_CLAIM_NEXT_ROW_ONE = Prepared(
    _claim_next_row(_claim_next(t.tasks.c.department_code == bindparam("department")))
)


class ReviewClaims(ReviewQueue):
    """claim_next, claim, claim_row, unclaim, reassign, release_lapsed_claims."""

    # ---- claims ------------------------------------------------------------------------------

    def claim_next(self, principal: Principal) -> QueueRow | None:
        """Claim the most urgent task of the principal's departments that nobody holds (open,
        or its claim lapsed), in one transaction: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (two
        approvers never wait for, nor collide on, the same task), one ``UPDATE`` under SQLite's
        write lock. None when nothing is free."""
        self._authorize(principal, Permission.REVIEW_DECIDE, "review:next")
        departments = sorted(principal.departments)
        if not departments:
            return None

        def run(conn: Connection) -> QueueRow | None:
            now = self._now()
            values = self._claim_values(principal.user, now)
            params = {
                "departments": departments,
                "now": now,
                "who": principal.user,
                "expires": values["claim_expires_at"],
            }
            row: QueueRow | None
            if conn.dialect.name == "postgresql":
                if len(departments) == 1:
                    taken = _CLAIM_NEXT_ROW_ONE.one_or_none_row(
                        conn,
                        department=departments[0],
                        now=now,
                        who=principal.user,
                        expires=values["claim_expires_at"],
                    )
                    if taken is None:
                        return None
                    lane_taken(conn, taken._asdict())
                else:
                    taken = conn.execute(_CLAIM_NEXT_ROW, params).one_or_none()
                    if taken is None:
                        return None
                    lane_taken(conn, dict(taken._mapping))
                row = self._rows(conn, cast(list[Row[Any]], [taken]), now)[0]
            else:
                claimed = conn.execute(_CLAIM_NEXT, params).one_or_none()
                if claimed is None:
                    return None
                row = self._row_of(conn, claimed.id, now)
                assert row is not None
            self._claim_event(conn, principal, "review.claim", row, {})
            return row

        return self._in_transaction(principal, "review:next", run)

    def claim(self, principal: Principal, task_id: int) -> ReviewTaskRecord:
        """Claim a chosen task: one approver only (``review.already_claimed`` if someone holds
        it; a lapsed claim may be taken over). The case row is not touched."""
        row = self.claim_row(principal, task_id)
        with uow.connection(self._db) as conn:
            task = conn.execute(select(t.tasks).where(t.tasks.c.id == task_id)).one()
        return t.task_record(task, row.case_number)

    def claim_row(self, principal: Principal, task_id: int) -> QueueRow:
        """:meth:`claim`, handing back the task as a queue row."""
        task, number = self._task_facts(principal, task_id)
        self._authorize(
            principal, Permission.REVIEW_DECIDE, f"case:{number}", department=task.department_code
        )

        def run(conn: Connection) -> QueueRow:
            now = self._now()
            done = conn.execute(
                update(t.tasks)
                .where(
                    t.tasks.c.id == task_id,
                    _claimable(now),
                    exists().where(
                        t.cases.c.id == t.tasks.c.case_id,
                        t.cases.c.state == CaseState.IN_REVIEW.value,
                    ),
                )
                .values(self._claim_values(principal.user, now))
            ).rowcount
            if done != 1:
                self._why_not_claimable(conn, task_id, number, now)
            row = self._row_of(conn, task_id, now)
            assert row is not None
            self._claim_event(conn, principal, "review.claim", row, {})
            return row

        return self._in_transaction(principal, f"case:{number}", run)

    def unclaim(self, principal: Principal, task_id: int, reason: str) -> None:
        """Give a claimed task back to the queue (the claimant only; a reason is required and
        audited)."""
        task, number = self._task_facts(principal, task_id)
        self._authorize(
            principal, Permission.REVIEW_DECIDE, f"case:{number}", department=task.department_code
        )
        if not reason.strip():
            self._refused(principal, f"case:{number}", ReasonRequired("giving a task back"))

        def run(conn: Connection) -> None:
            now = self._now()
            done = conn.execute(
                update(t.tasks)
                .where(
                    t.tasks.c.id == task_id,
                    t.tasks.c.status == _CLAIMED,
                    t.tasks.c.claimed_by == principal.user,
                )
                .values(_RELEASED)
            ).rowcount
            if done != 1:
                current = _task_row(conn, task_id)
                if TaskStatus(current.status) in _DECIDED:
                    raise TaskAlreadyDecided(task_id, current.status, current.decided_by)
                raise TaskNotClaimed(task_id, current.status, current.claimed_by)
            row = self._row_of(conn, task_id, now)
            assert row is not None
            self._claim_event(conn, principal, "review.unclaim", row, {"reason": reason.strip()})

        self._in_transaction(principal, f"case:{number}", run)

    def reassign(self, principal: Principal, task_id: int, to_user: str, reason: str) -> QueueRow:
        """A supervisor gives an open or claimed task to another approver (audited with the
        reason). ``to_user`` must be an enabled approver of the task's department."""
        task, number = self._task_facts(principal, task_id)
        self._authorize(principal, Permission.REVIEW_REASSIGN, f"case:{number}")
        if not reason.strip():
            self._refused(principal, f"case:{number}", ReasonRequired("a reassignment"))
        target = self._approver(to_user)
        if target is None or task.department_code not in target.departments:
            self._refused(
                principal,
                f"case:{number}",
                NotAnApprover(to_user, task.department_code),
            )

        def run(conn: Connection) -> QueueRow:
            now = self._now()
            current = _task_row(conn, task_id)
            if TaskStatus(current.status) in _DECIDED:
                raise TaskAlreadyDecided(task_id, current.status, current.decided_by)
            conn.execute(
                update(t.tasks)
                .where(
                    t.tasks.c.id == task_id,
                    t.tasks.c.status.in_([_OPEN, _CLAIMED]),
                )
                .values(self._claim_values(to_user, now))
            )
            row = self._row_of(conn, task_id, now)
            assert row is not None
            self._claim_event(
                conn,
                principal,
                "review.reassign",
                row,
                {"from": current.claimed_by, "to": to_user, "reason": reason.strip()},
            )
            return row

        return self._in_transaction(principal, f"case:{number}", run)

    def release_lapsed_claims(self, principal: Principal) -> int:
        """The daily sweep: lapsed claims back to open on the record (one audit event)."""
        self._authorize(principal, Permission.REVIEW_REASSIGN, "review:sweep")

        def run(conn: Connection) -> int:
            now = self._now()
            released = conn.execute(
                update(t.tasks)
                .where(
                    t.tasks.c.status == _CLAIMED,
                    t.tasks.c.claim_expires_at.is_not(None),
                    t.tasks.c.claim_expires_at <= now,
                )
                .values(_RELEASED)
                .returning(t.tasks.c.id, t.tasks.c.department_code)
            ).all()
            if released:
                publish_review_change(conn, *sorted({r.department_code for r in released}))
                append_event(
                    conn,
                    principal.actor,
                    "review.release_lapsed",
                    "review:sweep",
                    "review desk",
                    {"tasks": [r.id for r in released]},
                    now=self._now,
                )
            return len(released)

        return self._in_transaction(principal, "review:sweep", run)

    # ---- helpers -----------------------------------------------------------------------------

    def _claim_values(self, user: str, now: datetime) -> dict[str, object]:
        return {
            "status": _CLAIMED,
            "claimed_by": user,
            "claimed_at": now,
            "claim_expires_at": now + timedelta(minutes=self.claim_minutes),
        }

    def _claim_event(
        self,
        conn: Connection,
        principal: Principal,
        action: str,
        row: QueueRow,
        extra: Mapping[str, object],
    ) -> None:
        """The audit event as the transaction's last statement, the live topics published with
        it (one round trip on PostgreSQL): the audit lane it takes is held from the append to
        the commit (other appenders take other lanes, see :mod:`desktop.services.audit`), so
        nothing else runs under it."""
        append_event(
            conn,
            principal.actor,
            action,
            f"case:{row.case_number}",
            f"{row.matter_code} {row.matter_name}"[:200],
            {"task": row.task_id, "department": row.department_code, **extra},
            now=self._now,
            publish=review_change_topics(row.department_code, case_number=row.case_number),
        )

    def _why_not_claimable(
        self, conn: Connection, task_id: int, number: str, now: datetime
    ) -> None:
        current = _task_row(conn, task_id)
        case = conn.execute(
            select(t.cases.c.state, t.cases.c.case_type).where(t.cases.c.id == current.case_id)
        ).one()
        # same error as deciding when the case is not in review
        transition_for(
            CaseState(case.state), CaseEvent.APPROVE, kind_of(case.case_type), number=number
        )
        if current.status == _CLAIMED and current.claimed_by:
            raise TaskAlreadyClaimed(task_id, current.claimed_by)
        if TaskStatus(current.status) in _DECIDED:
            raise TaskAlreadyDecided(task_id, current.status, current.decided_by)
        raise TaskNotClaimed(task_id, current.status, current.claimed_by)

    def _approver(self, user: str) -> Principal | None:
        with uow.connection(self._db) as conn:
            found = conn.execute(
                select(t.users.c.roles, t.users.c.departments, t.users.c.active).where(
                    t.users.c.username == user
                )
            ).one_or_none()
        if found is None or not found.active:
            return None
        try:
            candidate = Principal.of(
                user, "", found.roles or (), departments=found.departments or ()
            )
        except ValueError:
            return None
        return candidate if candidate.has(Permission.REVIEW_DECIDE) else None


class NotAnApprover(CaseError):
    """A reassignment to someone who is not an enabled approver of the task's department."""

    code = "review.not_an_approver"

    def __init__(self, user: str, department: str) -> None:
        super().__init__(
            f"{user} is not an enabled approver of department {department}",
            f"{user}不是{department}部门的有效审查人员",
            user=user,
            department=department,
        )


_RELEASED: dict[str, object] = {
    "status": _OPEN,
    "claimed_by": "",
    "claimed_at": None,
    "claim_expires_at": None,
}


def _task_row(conn: Connection, task_id: int) -> Row[Any]:
    found = conn.execute(select(t.tasks).where(t.tasks.c.id == task_id)).one_or_none()
    if found is None:
        raise TaskNotFound(task_id)
    return found

"""The review desks: the queue of open tasks, claiming one, deciding it, and a returned case
coming back corrected."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, func, select, update

from desktop.domain.cases import (
    CLOCK_STATES,
    CaseDetail,
    CaseEvent,
    CaseState,
    PauseKind,
    ReasonRequired,
    ReviewTaskRecord,
    TaskAlreadyClaimed,
    TaskNotClaimed,
    TaskStatus,
)
from desktop.domain.permissions import Permission, Principal, Role
from desktop.persistence import uow
from desktop.services.audit import append_event
from desktop.services.cases import tables as t
from desktop.services.cases.base import CaseBase, Change, Step

_TASK_STATUS = {
    CaseEvent.APPROVE: TaskStatus.APPROVED,
    CaseEvent.REJECT: TaskStatus.REJECTED,
    CaseEvent.RETURN_FOR_CORRECTION: TaskStatus.RETURNED,
}


class Review(CaseBase):
    """review_queue, claim, decide, resubmit."""

    def review_queue(self, principal: Principal) -> tuple[ReviewTaskRecord, ...]:
        """Open and claimed tasks of the principal's departments (a supervisor sees all)."""
        self._authorize(principal, Permission.REVIEW_DECIDE, "review:queue")
        stmt = (
            select(t.tasks, t.cases.c.number)
            .select_from(t.tasks.join(t.cases, t.cases.c.id == t.tasks.c.case_id))
            .where(
                t.tasks.c.status.in_([TaskStatus.OPEN.value, TaskStatus.CLAIMED.value]),
                t.cases.c.state == CaseState.IN_REVIEW.value,
            )
            .order_by(t.tasks.c.created_at, t.tasks.c.id)
        )
        if Role.SUPERVISOR not in principal.roles:
            stmt = stmt.where(t.tasks.c.department_code.in_(sorted(principal.departments)))
        with uow.connection(self._db) as conn:
            return tuple(t.task_record(r, r.number) for r in conn.execute(stmt))

    def claim(self, principal: Principal, task_id: int) -> ReviewTaskRecord:
        """Claim a review task: one approver only; a second claim is :class:`TaskAlreadyClaimed`.

        A claim changes the task, not the case (no step of the case): the case is locked like
        for a change and the table is asked whether a decision may be taken on it now.
        """
        task, number = self._task_facts(principal, task_id)
        self._authorize(
            principal,
            Permission.REVIEW_DECIDE,
            f"case:{number}",
            department=task.department_code,
        )

        def run(conn: Connection) -> ReviewTaskRecord:
            case = self._hold(conn, number, None)
            self._may(case, CaseEvent.APPROVE)  # same error as deciding: not in review
            done = conn.execute(
                update(t.tasks)
                .where(t.tasks.c.id == task_id, t.tasks.c.status == TaskStatus.OPEN.value)
                .values(
                    status=TaskStatus.CLAIMED.value,
                    claimed_by=principal.user,
                    claimed_at=self._now(),
                )
            ).rowcount
            current = conn.execute(select(t.tasks).where(t.tasks.c.id == task_id)).one()
            if done != 1:
                if current.status == TaskStatus.CLAIMED.value and current.claimed_by:
                    raise TaskAlreadyClaimed(task_id, current.claimed_by)
                raise TaskNotClaimed(task_id, current.status, current.claimed_by)
            row = case.locked
            append_event(
                conn,
                principal.actor,
                "review.claim",
                f"case:{number}",
                f"{row.matter_code} {row.matter_name}"[:200],
                {"task": task_id, "department": current.department_code},
            )
            self._announce(conn, case)
            return t.task_record(current, number)

        return self._in_transaction(principal, f"case:{number}", run)

    def decide(
        self, principal: Principal, task_id: int, decision: CaseEvent, opinion: str
    ) -> CaseDetail:
        """Decide a claimed task: ``APPROVE`` (the case is approved when every department has),
        ``REJECT`` (the case is rejected, other tasks cancelled) or ``RETURN_FOR_CORRECTION``
        (the case goes back to the applicant; for matters whose supplement time does not count,
        the clock pauses until resubmission)."""
        if decision not in _TASK_STATUS:
            raise ValueError(f"not a review decision: {decision}")
        task, number = self._task_facts(principal, task_id)
        self._authorize(
            principal,
            Permission.REVIEW_DECIDE,
            f"case:{number}",
            department=task.department_code,
        )
        matter = self._matter(
            principal, self._facts(principal, number).matter_code, f"case:{number}"
        )
        if decision is not CaseEvent.APPROVE and not opinion.strip():
            self._refused(principal, f"case:{number}", ReasonRequired("a rejection or return"))

        def decided(step: Step) -> Change:
            conn, row = step.conn, step.case.locked
            current = conn.execute(select(t.tasks).where(t.tasks.c.id == task_id)).one()
            if current.status != TaskStatus.CLAIMED.value or current.claimed_by != principal.user:
                raise TaskNotClaimed(task_id, current.status, current.claimed_by)
            conn.execute(
                update(t.tasks)
                .where(t.tasks.c.id == task_id)
                .values(
                    status=_TASK_STATUS[decision].value,
                    decided_by=principal.user,
                    decided_at=step.moment,
                    opinion=opinion.strip(),
                )
            )
            pending = conn.execute(
                select(func.count())
                .select_from(t.tasks)
                .where(
                    t.tasks.c.case_id == row.id,
                    t.tasks.c.status != TaskStatus.APPROVED.value,
                    t.tasks.c.status != TaskStatus.CANCELLED.value,
                )
            ).scalar_one()
            name = f"review:{current.department_code}"
            detail = {"task": task_id, "department": current.department_code}
            if decision is CaseEvent.APPROVE and pending:
                # One department's approval: a step of its own, the case stays in review.
                return Change(
                    opinion=opinion,
                    step=name,
                    detail=detail,
                    audit_action="review.approve",
                    keep_state=True,
                )
            values: dict[str, object] = {}
            if step.target is CaseState.REJECTED:
                values["completed_at"] = step.moment
                self._cancel_tasks(conn, row.id)
            if step.target not in CLOCK_STATES:  # decided: a special procedure still open ends
                values.update(self._pause_ended(step, principal))
            elif (
                step.target is CaseState.RETURNED
                and matter.supplement_pauses_clock
                and not self._clock.is_paused(conn, row.id)  # a special procedure stopped it
            ):
                self._clock.open_pause(
                    conn, principal, row.id, number, PauseKind.SUPPLEMENT, opinion, step.moment
                )
            return Change(values=values, opinion=opinion, step=name, detail=detail)

        return self._transition(principal, number, decision, decided)

    def resubmit(
        self,
        principal: Principal,
        number: str,
        *,
        form_values: Mapping[str, object] | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> CaseDetail:
        """The applicant corrected a returned case: back to review; the returning departments'
        tasks open again (next round)."""
        self._prepare(principal, number, Permission.CASE_SUPPLEMENT)

        def resubmitted(step: Step) -> Change:
            values: dict[str, object] = {}
            if form_values is not None:
                values["form_values"] = t.jsonable(form_values)
            step.conn.execute(
                update(t.tasks)
                .where(
                    t.tasks.c.case_id == step.case.id,
                    t.tasks.c.status == TaskStatus.RETURNED.value,
                )
                .values(
                    status=TaskStatus.OPEN.value,
                    claimed_by="",
                    claimed_at=None,
                    decided_by="",
                    decided_at=None,
                    round=t.tasks.c.round + 1,
                )
            )
            values.update(self._pause_ended(step, principal, only_kind=PauseKind.SUPPLEMENT))
            return Change(values=values, opinion=note)

        return self._transition(
            principal,
            number,
            CaseEvent.RESUBMIT,
            resubmitted,
            expected_version=expected_version,
        )

"""The review desks' decisions: approve, reject or return a claimed task (through the one
transition template; the last department's approval is the fan-in), and a returned case coming
back corrected.

The review desk's core is three modules by job: :mod:`.review_queue` (the queue in SQL),
:mod:`.review_claims` (claims) and this one (decisions), stacked as mixins of
:class:`~desktop.services.cases.CaseService`. A decision needs a live claim by the decider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sqlalchemy import (
    Connection,
    func,
    select,
    update,
)

from desktop.domain.cases import (
    CLOCK_STATES,
    CaseDetail,
    CaseEvent,
    CaseState,
    PauseKind,
    ReasonRequired,
    TaskNotClaimed,
    TaskStatus,
)
from desktop.domain.permissions import Permission, Principal
from desktop.domain.review import (
    ClaimLapsed,
    TaskAlreadyDecided,
)
from desktop.services.cases import tables as t
from desktop.services.cases.base import Change, Step
from desktop.services.cases.records import ResultInfo
from desktop.services.cases.review_claims import (
    _DECIDED,
    NotAnApprover,
    ReviewClaims,
    _task_row,
    publish_review_change,
)
from desktop.services.cases.review_queue import _CLAIMED, _OPEN, as_utc_or_none

__all__ = ["NotAnApprover", "Review", "publish_review_change"]

_TASK_STATUS = {
    CaseEvent.APPROVE: TaskStatus.APPROVED,
    CaseEvent.REJECT: TaskStatus.REJECTED,
    CaseEvent.RETURN_FOR_CORRECTION: TaskStatus.RETURNED,
}


class Review(ReviewClaims):
    """review_queue, queue_page, claim_next, claim, unclaim, reassign, decide, resubmit."""

    # ---- deciding ----------------------------------------------------------------------------

    def decide(
        self,
        principal: Principal,
        task_id: int,
        decision: CaseEvent,
        opinion: str,
        *,
        prepare: ResultInfo | None = None,
    ) -> CaseDetail:
        """Decide a claimed task: ``APPROVE`` (the case is approved when every department has),
        ``REJECT`` (the case is rejected, other tasks cancelled) or ``RETURN_FOR_CORRECTION``
        (the case goes back to the applicant; for matters whose supplement time does not count,
        the clock pauses until resubmission).

        A task already decided is :class:`TaskAlreadyDecided` (``review.already_decided``); one
        held by someone else, or not claimed, is :class:`TaskNotClaimed`
        (``review.not_claimant``); one whose claim lapsed, even if nobody took it over, is
        :class:`ClaimLapsed` (``review.claim_lapsed``: claim it again). Never a silent success.

        ``prepare``: on the fan-in (the last department approves) the case goes on to ready to
        issue in the same transaction (``prepare_result`` through the template: a step of its
        own), with this result (its name defaults to the matter's short name)."""
        if decision not in _TASK_STATUS:
            raise ValueError(f"not a review decision: {decision}")
        task, number = self._task_facts(principal, task_id)
        self._authorize(
            principal,
            Permission.REVIEW_DECIDE,
            f"case:{number}",
            department=task.department_code,
        )
        matter = self._matter(principal, task.matter_code, f"case:{number}")
        if decision is not CaseEvent.APPROVE and not opinion.strip():
            self._refused(principal, f"case:{number}", ReasonRequired("a rejection or return"))

        def decided(step: Step) -> Change:
            conn, row = step.conn, step.case.locked
            current = _task_row(conn, task_id)
            if TaskStatus(current.status) in _DECIDED:
                raise TaskAlreadyDecided(task_id, current.status, current.decided_by)
            if current.status != _CLAIMED or current.claimed_by != principal.user:
                raise TaskNotClaimed(task_id, current.status, current.claimed_by)
            expires = as_utc_or_none(current.claim_expires_at)
            if expires is not None and expires <= step.moment:
                raise ClaimLapsed(task_id, principal.user, expires)
            conn.execute(
                update(t.tasks)
                .where(t.tasks.c.id == task_id)
                .values(
                    status=_TASK_STATUS[decision].value,
                    decided_by=principal.user,
                    decided_at=step.moment,
                    opinion=opinion.strip(),
                    claim_expires_at=None,
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

        if prepare is None:
            return self._transition(principal, number, decision, decided)
        result = prepare if prepare.name else replace(prepare, name=matter.short_zh)

        def prepared(step: Step) -> Change:
            return Change(
                values={
                    "result_name": result.name,
                    "result_number": result.number,
                    "result_valid_until": result.valid_until,
                    "issuing_unit": result.issuing_unit or self._settings.accepting_unit,
                },
                opinion="全部审查部门同意（并联审批汇总）",
                step="review:fan_in",
            )

        def run(conn: Connection) -> CaseDetail:
            case = self._hold(conn, number, None)
            if self._apply(conn, principal, case, decision, decided) is CaseState.APPROVED:
                self._apply(conn, principal, case, CaseEvent.PREPARE_RESULT, prepared)
            # read back on the same connection: the case as this decision left it, without a
            # second checkout (and its ping) per decision
            return self._read_detail(conn, number)

        return self._in_transaction(principal, f"case:{number}", run)

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
                    status=_OPEN,
                    claimed_by="",
                    claimed_at=None,
                    claim_expires_at=None,
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

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
    DateTime,
    bindparam,
    func,
    literal_column,
    null,
    or_,
    select,
    update,
)

from desktop.domain.cases import (
    CLOCK_STATES,
    CaseDetail,
    CaseError,
    CaseEvent,
    CaseState,
    PauseKind,
    ReasonRequired,
    TaskNotClaimed,
    TaskStatus,
)
from desktop.domain.matters.model import Matter
from desktop.domain.permissions import Permission, Principal
from desktop.domain.review import (
    ClaimLapsed,
    TaskAlreadyDecided,
)
from desktop.persistence import uow
from desktop.persistence.prepared import Prepared
from desktop.services.cases import tables as t
from desktop.services.cases.base import Change, Held, Step, kind_of
from desktop.services.cases.reading import read_held_detail
from desktop.services.cases.records import ResultInfo
from desktop.services.cases.review_claims import (
    _DECIDED,
    NotAnApprover,
    ReviewClaims,
    _task_row,
    publish_review_change,
)
from desktop.services.cases.review_queue import _CLAIMED, _OPEN, as_utc_or_none
from desktop.services.guard import may

__all__ = ["NotAnApprover", "Review", "publish_review_change"]

_TASK_STATUS = {
    CaseEvent.APPROVE: TaskStatus.APPROVED,
    CaseEvent.REJECT: TaskStatus.REJECTED,
    CaseEvent.RETURN_FOR_CORRECTION: TaskStatus.RETURNED,
}

_SETTLED = frozenset({TaskStatus.APPROVED.value, TaskStatus.CANCELLED.value})

# The decision's statements, built once (they run on every decision).
#: The template's lock (the case's version bumped, the row returned) found through the task,
#: with the task's department: what the permission check needs, in the same round trip.
_LOCK_BY_TASK = (
    update(t.cases)
    .where(
        t.cases.c.id
        == select(t.tasks.c.case_id).where(t.tasks.c.id == bindparam("task_id")).scalar_subquery()
    )
    .values(version=t.cases.c.version + 1)
    .returning(
        *t.cases.c,
        select(t.tasks.c.department_code)
        .where(t.tasks.c.id == bindparam("task_id"))
        .scalar_subquery()
        .label("task_department"),
    )
)
#: PostgreSQL: the same on the driver's cursor (the decision's hot path; its values are what
#: SQLAlchemy would hand out there).
_LOCK_BY_TASK_PG = Prepared(_LOCK_BY_TASK)
_WHEN = DateTime(timezone=True)
_OTHER = t.tasks.alias("other_task")
#: The decision on a task the decider holds with a live claim (nothing otherwise: the caller
#: then reads the row to say why).
_DECIDE_TASK_UPDATE = (
    update(t.tasks)
    .where(
        t.tasks.c.id == bindparam("task_id"),
        t.tasks.c.status == _CLAIMED,
        t.tasks.c.claimed_by == bindparam("who"),
        or_(
            t.tasks.c.claim_expires_at.is_(None),
            t.tasks.c.claim_expires_at > bindparam("now", type_=_WHEN),
        ),
    )
    .values(
        status=bindparam("status"),
        decided_by=bindparam("who"),
        decided_at=bindparam("now", type_=_WHEN),
        opinion=bindparam("opinion"),
        claim_expires_at=null(),
    )
)
_DECIDE_TASK = Prepared(_DECIDE_TASK_UPDATE.returning(t.tasks.c.department_code))
#: PostgreSQL: the same, returning the case's other tasks as the statement found them (this one
#: is not among them): the fan-in's count and the departments the change is announced to, in the
#: same round trip. (SQLite reads them after: its RETURNING does not correlate a subquery.)
_DECIDE_TASK_PG = Prepared(
    _DECIDE_TASK_UPDATE.returning(
        t.tasks.c.department_code,
        select(func.count())
        .where(
            _OTHER.c.case_id == t.tasks.c.case_id,
            _OTHER.c.id != t.tasks.c.id,
            _OTHER.c.status != TaskStatus.APPROVED.value,
            _OTHER.c.status != TaskStatus.CANCELLED.value,
        )
        .scalar_subquery()
        .label("others_pending"),
        select(func.string_agg(_OTHER.c.department_code, literal_column("','")))
        .where(_OTHER.c.case_id == t.tasks.c.case_id, _OTHER.c.id != t.tasks.c.id)
        .scalar_subquery()
        .label("other_departments"),
    )
)
assert {TaskStatus.APPROVED.value, TaskStatus.CANCELLED.value} == _SETTLED
#: The case's tasks after the decision: the pending ones (fan-in) and the departments.
_TASKS_OF_CASE = Prepared(
    select(t.tasks.c.department_code, t.tasks.c.status).where(
        t.tasks.c.case_id == bindparam("case_id")
    )
)


class _LongWay(Exception):
    """The decision's one-transaction path met something that is not plainly allowed."""


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
        subject = [f"task:{task_id}"]

        def fast(conn: Connection) -> CaseDetail:
            # One checkout, one transaction: the case locked through its task (its version
            # bumped, as the template's first step does) with the task's department in the
            # same round trip. Anything that is not plainly allowed goes the long way below,
            # after this transaction rolled back: the refusals and their audit stay as they are.
            row = (
                _LOCK_BY_TASK_PG.one_or_none_row(conn, task_id=task_id)
                if conn.dialect.name == "postgresql"
                else conn.execute(_LOCK_BY_TASK, {"task_id": task_id}).one_or_none()
            )
            if row is None:
                raise _LongWay
            subject[0] = f"case:{row.number}"
            if not may(principal, Permission.REVIEW_DECIDE, department=row.task_department):
                raise _LongWay
            if decision is not CaseEvent.APPROVE and not opinion.strip():
                raise _LongWay
            try:
                matter = self._lookup(row.matter_code)
            except KeyError:
                raise _LongWay from None
            purpose = f"{row.matter_code} {row.matter_name}"[:200]
            state, kind = CaseState(row.state), kind_of(row.case_type)
            case = Held(row.number, state, kind, purpose, row.id, row)
            return self._decide_held(
                conn, principal, case, task_id, decision, opinion, matter, prepare
            )

        try:
            with uow.transaction(self._db) as conn:
                return fast(conn)
        except _LongWay:
            pass
        except CaseError as exc:
            self._refused(principal, subject[0], exc)
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

        def run(conn: Connection) -> CaseDetail:
            case = self._hold(conn, number, None)
            return self._decide_held(
                conn, principal, case, task_id, decision, opinion, matter, prepare
            )

        return self._in_transaction(principal, f"case:{number}", run)

    def _decide_held(
        self,
        conn: Connection,
        principal: Principal,
        case: Held,
        task_id: int,
        decision: CaseEvent,
        opinion: str,
        matter: Matter,
        prepare: ResultInfo | None,
    ) -> CaseDetail:
        """:meth:`decide` on a case this transaction holds: the decision through the template,
        the fan-in's ``prepare_result`` when ``prepare`` is given, the case read back."""
        number = case.number

        def decided(step: Step) -> Change:
            conn, row = step.conn, step.case.locked
            moment = step.moment
            postgresql = conn.dialect.name == "postgresql"
            found = (_DECIDE_TASK_PG if postgresql else _DECIDE_TASK).one_or_none(
                conn,
                task_id=task_id,
                who=principal.user,
                now=moment,
                status=_TASK_STATUS[decision].value,
                opinion=opinion.strip(),
            )
            if found is None:  # why not, from the row as it stands (the same checks as ever)
                current = _task_row(conn, task_id)
                if TaskStatus(current.status) in _DECIDED:
                    raise TaskAlreadyDecided(task_id, current.status, current.decided_by)
                if current.status != _CLAIMED or current.claimed_by != principal.user:
                    raise TaskNotClaimed(task_id, current.status, current.claimed_by)
                expires = as_utc_or_none(current.claim_expires_at)
                if expires is not None and expires <= moment:
                    raise ClaimLapsed(task_id, principal.user, expires)
                conn.execute(
                    update(t.tasks)
                    .where(t.tasks.c.id == task_id)
                    .values(
                        status=_TASK_STATUS[decision].value,
                        decided_by=principal.user,
                        decided_at=moment,
                        opinion=opinion.strip(),
                        claim_expires_at=None,
                    )
                )
                department = str(current.department_code)
            if found is None or not postgresql:
                # The case's tasks as this decision left them: how many still wait, and the
                # departments whose queues the template announces the change to.
                of_case = _TASKS_OF_CASE.all(conn, case_id=row.id)
                pending = sum(1 for k in of_case if k["status"] not in _SETTLED)
                departments = {str(k["department_code"]) for k in of_case}
                if found is not None:
                    department = str(found["department_code"])
            else:  # the same, from the decision's own statement
                department = str(found["department_code"])
                pending = int(found["others_pending"] or 0) + (
                    _TASK_STATUS[decision].value not in _SETTLED
                )
                others = str(found["other_departments"] or "")
                departments = {department, *(d for d in others.split(",") if d)}
            step.case.departments = tuple(sorted(departments))
            name = f"review:{department}"
            detail = {"task": task_id, "department": department}
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
                values["completed_at"] = moment
                self._cancel_tasks(conn, row.id)
            if step.target not in CLOCK_STATES:  # decided: a special procedure still open ends
                values.update(self._pause_ended(step, principal))
            elif (
                step.target is CaseState.RETURNED
                and matter.supplement_pauses_clock
                and not self._clock.is_paused(conn, row.id)  # a special procedure stopped it
            ):
                self._clock.open_pause(
                    conn, principal, row.id, number, PauseKind.SUPPLEMENT, opinion, moment
                )
            return Change(values=values, opinion=opinion, step=name, detail=detail)

        if self._apply(conn, principal, case, decision, decided) is CaseState.APPROVED and (
            prepare is not None
        ):
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

            self._apply(conn, principal, case, CaseEvent.PREPARE_RESULT, prepared)
        # read back on the same connection: the case as this decision left it, without a
        # second checkout (and its ping) per decision; on PostgreSQL in one round trip
        return read_held_detail(conn, number, case.id, self._clock)

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

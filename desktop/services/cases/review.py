"""The review desks: the queue of open tasks (in SQL, paged, with its filter counts), claiming
one (the most urgent free task, or a chosen one), giving it back, reassigning it, deciding it,
and a returned case coming back corrected.

A claim changes the task, never the case row: the case's version is not bumped, so a clerk
editing the same case is not disturbed. A decision goes through the one transition template.

Claims lapse after ``[review] claim_minutes`` (``claim_expires_at``): a lapsed claim counts as
open for :meth:`Review.claim_next` and :meth:`Review.claim` and shows as unclaimed in the
queue; :meth:`Review.release_lapsed_claims` (the daily sweep) puts them back on the record.

Deadline colours in SQL: the clock's thresholds are days left in the matter's unit; the day a
case turns yellow or red is a date (:meth:`HallClock.boundary`), computed once per query from
the hall's calendar, and SQL compares ``promised_date`` to it. A case whose clock is paused (a
special procedure, or a return whose supplement time does not count) is not running out: it is
in none of due today / yellow / red / overdue while paused, and its row shows ``paused`` with
the days frozen at the pause.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
    true,
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
    ReviewTaskRecord,
    TaskAlreadyClaimed,
    TaskNotClaimed,
    TaskNotFound,
    TaskStatus,
    transition_for,
)
from desktop.domain.identity import normalise_id_text
from desktop.domain.matters.model import LimitUnit
from desktop.domain.permissions import Permission, Principal, Role
from desktop.domain.review import (
    ClaimLapsed,
    QueueFilter,
    QueuePage,
    QueueQuery,
    QueueRow,
    QueueSort,
    TaskAlreadyDecided,
)
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.services import changes
from desktop.services.audit import append_event
from desktop.services.cases import tables as t
from desktop.services.cases.base import CaseBase, Change, Step, kind_of
from desktop.services.cases.records import ResultInfo
from desktop.services.pseudonyms import person_pseudonym

_TASK_STATUS = {
    CaseEvent.APPROVE: TaskStatus.APPROVED,
    CaseEvent.REJECT: TaskStatus.REJECTED,
    CaseEvent.RETURN_FOR_CORRECTION: TaskStatus.RETURNED,
}
_DECIDED = frozenset(
    {TaskStatus.APPROVED, TaskStatus.REJECTED, TaskStatus.RETURNED, TaskStatus.CANCELLED}
)
_OPEN = TaskStatus.OPEN.value
_CLAIMED = TaskStatus.CLAIMED.value


def publish_review_change(conn: Connection, *departments: str, case_number: str = "") -> None:
    """A task changed hands in this transaction (claim, unclaim, reassignment, lapsed claims
    released): ``review:<department>`` (and ``case:<number>``) for the live views, published
    with the change (nothing if it rolls back). The case row is not touched, so the template's
    own announcement does not run."""
    topics = [changes.review_topic(d) for d in sorted(set(departments))]
    if case_number:
        topics.append(changes.case_topic(case_number))
    changes.publish(conn, *topics)


@dataclass(frozen=True, slots=True)
class _Bounds:
    """A queue query's dates: today and, per limit unit, the first promised date that is not
    yellow / not red / not overdue (see :meth:`HallClock.boundary`)."""

    today: date
    yellow: Mapping[LimitUnit, date]
    red: Mapping[LimitUnit, date]
    overdue: Mapping[LimitUnit, date]


class Review(CaseBase):
    """review_queue, queue_page, claim_next, claim, unclaim, reassign, decide, resubmit."""

    # ---- the queue ---------------------------------------------------------------------------

    def review_queue(self, principal: Principal) -> tuple[ReviewTaskRecord, ...]:
        """Open and claimed tasks of the principal's departments (a supervisor sees all)."""
        self._authorize(principal, self._queue_permission(principal), "review:queue")
        stmt = (
            select(t.tasks, t.cases.c.number)
            .select_from(t.tasks.join(t.cases, t.cases.c.id == t.tasks.c.case_id))
            .where(
                t.tasks.c.status.in_([_OPEN, _CLAIMED]),
                t.cases.c.state == CaseState.IN_REVIEW.value,
            )
            .order_by(t.tasks.c.created_at, t.tasks.c.id)
        )
        if not self._sees_all(principal):
            stmt = stmt.where(t.tasks.c.department_code.in_(sorted(principal.departments)))
        with uow.connection(self._db) as conn:
            return tuple(t.task_record(r, r.number) for r in conn.execute(stmt))

    def queue_page(self, principal: Principal, query: QueueQuery) -> QueuePage:
        """One page of the principal's queue, the number of rows matching it and the counts of
        every filter (same matter and search): three statements, all in SQL."""
        self._authorize(principal, self._queue_permission(principal), "review:queue")
        limit = max(1, min(query.limit, 500))
        offset = max(0, query.offset)
        now = self._now()
        bounds = self._bounds(now)
        with uow.connection(self._db) as conn:
            natural = self._natural_codes(conn)
            scope = self._scope(conn, principal, query.matter_code, query.search)
            conds = self._filters(principal, now, bounds, natural)
            counts_row = conn.execute(
                select(*(func.count().filter(conds[f]).label(f.value) for f in QueueFilter))
                .select_from(_joined())
                .where(scope)
            ).one()
            counts = {f: int(counts_row._mapping[f.value]) for f in QueueFilter}
            rows = conn.execute(
                _row_select()
                .where(scope, conds[query.filter])
                .order_by(*_order(query.sort))
                .limit(limit)
                .offset(offset)
            ).all()
            page = self._rows(conn, rows, now)
        return QueuePage(page, counts[query.filter], counts)

    def queue_row(self, task_id: int) -> QueueRow | None:
        """One task as a queue row (whatever its status), or None."""
        with uow.connection(self._db) as conn:
            return self._row_of(conn, task_id)

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
            pick = (
                select(t.tasks.c.id)
                .select_from(_joined(pauses=False))
                .where(
                    t.tasks.c.department_code.in_(departments),
                    t.cases.c.state == CaseState.IN_REVIEW.value,
                    _claimable(now),
                )
                .order_by(*_order(QueueSort.DUE))
                .limit(1)
                .with_for_update(skip_locked=True, of=t.tasks)
            )
            claimed = conn.execute(
                update(t.tasks)
                .where(t.tasks.c.id == pick.scalar_subquery())
                .values(self._claim_values(principal.user, now))
                .returning(t.tasks.c.id, t.tasks.c.department_code, t.tasks.c.case_id)
            ).one_or_none()
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

        def run(conn: Connection) -> None:
            case = self._hold(conn, number, None)
            if self._apply(conn, principal, case, decision, decided) is CaseState.APPROVED:
                self._apply(conn, principal, case, CaseEvent.PREPARE_RESULT, prepared)

        self._in_transaction(principal, f"case:{number}", run)
        return self._detail_by_number(number)

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

    # ---- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _sees_all(principal: Principal) -> bool:
        return Role.SUPERVISOR in principal.roles or principal.has(Permission.REVIEW_REASSIGN)

    def _queue_permission(self, principal: Principal) -> Permission:
        return (
            Permission.REVIEW_REASSIGN
            if principal.has(Permission.REVIEW_REASSIGN)
            else Permission.REVIEW_DECIDE
        )

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
        """The live topics, then the audit event as the transaction's last statement: the
        audit anchor row is locked from the append to the commit, and every approver's claim
        and decision queues on it (see benchmarks/README.md), so nothing else runs under it."""
        publish_review_change(conn, row.department_code, case_number=row.case_number)
        append_event(
            conn,
            principal.actor,
            action,
            f"case:{row.case_number}",
            f"{row.matter_code} {row.matter_name}"[:200],
            {"task": row.task_id, "department": row.department_code, **extra},
            now=self._now,
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

    def _bounds(self, now: datetime) -> _Bounds:
        today = self._clock.day(now)
        th = self._clock.thresholds
        units = (LimitUnit.WORKING_DAYS, LimitUnit.NATURAL_DAYS)
        return _Bounds(
            today,
            {u: self._clock.boundary(u, today, th.yellow_remaining_days) for u in units},
            {u: self._clock.boundary(u, today, th.red_remaining_days) for u in units},
            {u: self._clock.boundary(u, today, -1) for u in units},
        )

    def _natural_codes(self, conn: Connection) -> tuple[str, ...]:
        """The matters in review whose limit is in calendar days (their dates differ)."""
        if self.limit_units is not None:
            return tuple(
                sorted(c for c, u in self.limit_units.items() if u is LimitUnit.NATURAL_DAYS)
            )
        codes = conn.execute(
            select(t.cases.c.matter_code)
            .where(t.cases.c.state == CaseState.IN_REVIEW.value)
            .distinct()
        ).scalars()
        return tuple(sorted(c for c in codes if self._clock.unit_of(c) is LimitUnit.NATURAL_DAYS))

    def _scope(
        self, conn: Connection, principal: Principal, matter_code: str | None, search: str
    ) -> ColumnElement[bool]:
        conds: list[ColumnElement[bool]] = [
            t.tasks.c.status.in_([_OPEN, _CLAIMED]),
            t.cases.c.state == CaseState.IN_REVIEW.value,
        ]
        if not self._sees_all(principal):
            conds.append(t.tasks.c.department_code.in_(sorted(principal.departments)))
        if matter_code:
            conds.append(t.cases.c.matter_code == matter_code)
        text = search.strip()
        if text:
            found: list[ColumnElement[bool]] = [
                t.cases.c.number.startswith(prefix, autoescape=True)
                for prefix in sorted({text, text.upper()})
            ]
            id_text = normalise_id_text(text)
            if len(id_text) >= 15 and id_text[:-1].isdigit():  # an ID number: its pseudonym
                found.append(t.cases.c.applicant_id_hash == person_pseudonym(conn, id_text))
            conds.append(or_(*found))
        return and_(*conds)

    def _filters(
        self,
        principal: Principal,
        now: datetime,
        b: _Bounds,
        natural: tuple[str, ...],
    ) -> dict[QueueFilter, ColumnElement[bool]]:
        live = and_(t.tasks.c.status == _CLAIMED, _not_lapsed(now))
        running = and_(t.cases.c.promised_date.is_not(None), ~_paused())

        def before(dates: Mapping[LimitUnit, date]) -> ColumnElement[bool]:
            promised = t.cases.c.promised_date
            if not natural:
                return promised < dates[LimitUnit.WORKING_DAYS]
            nat = t.cases.c.matter_code.in_(natural)
            return or_(
                and_(nat, promised < dates[LimitUnit.NATURAL_DAYS]),
                and_(~nat, promised < dates[LimitUnit.WORKING_DAYS]),
            )

        red = before(b.red)
        return {
            QueueFilter.ALL: true(),
            QueueFilter.UNCLAIMED: ~live,
            QueueFilter.MINE: and_(live, t.tasks.c.claimed_by == principal.user),
            QueueFilter.OTHERS: and_(live, t.tasks.c.claimed_by != principal.user),
            QueueFilter.DUE_TODAY: and_(running, t.cases.c.promised_date == b.today),
            QueueFilter.YELLOW: and_(running, before(b.yellow), ~red),
            QueueFilter.RED: and_(running, red),
            QueueFilter.OVERDUE: and_(running, before(b.overdue)),
            QueueFilter.RETURNED: t.tasks.c.round >= 2,
        }

    def _row_of(
        self, conn: Connection, task_id: int, now: datetime | None = None
    ) -> QueueRow | None:
        rows = conn.execute(_row_select().where(t.tasks.c.id == task_id)).all()
        if not rows:
            return None
        return self._rows(conn, rows, now or self._now())[0]

    def _rows(
        self, conn: Connection, rows: Sequence[Row[Any]], now: datetime
    ) -> tuple[QueueRow, ...]:
        """Rows as the desk shows them: the days left and the colour from the case clock (the
        same as every other list), a lapsed claim as open."""
        paused_ids = [r.case_id for r in rows if r.paused]
        spans = self._clock.spans(conn, paused_ids) if paused_ids else {}
        out: list[QueueRow] = []
        for r in rows:
            summary = self._clock.summary(r, spans.get(r.case_id, ()))
            lapsed = (
                r.status == _CLAIMED
                and r.claim_expires_at is not None
                and as_utc_or_none(r.claim_expires_at) <= now  # type: ignore[operator]
            )
            out.append(
                QueueRow(
                    task_id=r.task_id,
                    case_number=r.number,
                    matter_code=r.matter_code,
                    matter_name=r.matter_name,
                    department_code=r.department_code,
                    department_name=r.department_name,
                    applicant_name=r.applicant_name,
                    applicant_id_masked=r.applicant_id_masked,
                    status=TaskStatus.OPEN if lapsed else TaskStatus(r.status),
                    claimed_by="" if lapsed else r.claimed_by,
                    claim_expires_at=None if lapsed else as_utc_or_none(r.claim_expires_at),
                    round=r.round,
                    received_at=summary.received_at,
                    promised_date=r.promised_date,
                    remaining_days=summary.remaining_working_days,
                    warning=summary.warning,
                    paused=bool(r.paused),
                )
            )
        return tuple(out)


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


def as_utc_or_none(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


#: The cases whose clock stands still now (a running pause), joined once per queue statement.
_RUNNING_PAUSES = (
    select(t.pauses.c.case_id)
    .where(t.pauses.c.ended_at.is_(None))
    .group_by(t.pauses.c.case_id)
    .subquery("running_pauses")
)


def _joined(*, pauses: bool = True) -> Any:
    joined = t.tasks.join(t.cases, t.cases.c.id == t.tasks.c.case_id)
    if pauses:
        joined = joined.outerjoin(_RUNNING_PAUSES, _RUNNING_PAUSES.c.case_id == t.cases.c.id)
    return joined


def _paused() -> ColumnElement[bool]:
    """Over :func:`_joined`: the case's clock is paused."""
    return _RUNNING_PAUSES.c.case_id.is_not(None)


def _not_lapsed(now: datetime) -> ColumnElement[bool]:
    return or_(t.tasks.c.claim_expires_at.is_(None), t.tasks.c.claim_expires_at > now)


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Nobody holds it: open, or claimed but the claim lapsed."""
    return or_(
        t.tasks.c.status == _OPEN,
        and_(
            t.tasks.c.status == _CLAIMED,
            t.tasks.c.claim_expires_at.is_not(None),
            t.tasks.c.claim_expires_at <= now,
        ),
    )


def _row_select() -> Select[Any]:
    c, k = t.cases.c, t.tasks.c
    return select(
        k.id.label("task_id"),
        k.case_id,
        k.department_code,
        k.department_name,
        k.status,
        k.claimed_by,
        k.claim_expires_at,
        k.round,
        c.number,
        c.matter_code,
        c.matter_name,
        c.case_type,
        c.state,
        c.applicant_name,
        c.applicant_id_masked,
        c.received_at,
        c.accepted_at,
        c.promised_date,
        _paused().label("paused"),
    ).select_from(_joined())


def _order(sort: QueueSort) -> tuple[Any, ...]:
    c, k = t.cases.c, t.tasks.c
    if sort is QueueSort.RECEIVED:
        return (c.received_at, k.id)
    if sort is QueueSort.NUMBER:
        return (c.number, k.id)
    return (c.promised_date.asc().nulls_last(), c.received_at, k.id)


def _task_row(conn: Connection, task_id: int) -> Row[Any]:
    found = conn.execute(select(t.tasks).where(t.tasks.c.id == task_id)).one_or_none()
    if found is None:
        raise TaskNotFound(task_id)
    return found

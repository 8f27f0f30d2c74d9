"""The review queue: the open and claimed tasks of a principal's departments, in SQL — one
page sorted and filtered, the number of rows matching it and the counts of every filter.

Deadline colours in SQL: the case row holds the days its clock turns yellow, red and overdue
and its due date (written by the transition template from the case clock), so a filter is a
date comparison with today. A case whose clock is paused (a special procedure, or a return whose
supplement time does not count) has none: it is in none of due today / yellow / red / overdue
while paused, and its row shows ``paused`` with the days frozen at the pause. A lapsed claim
shows as unclaimed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    bindparam,
    func,
    or_,
    select,
    true,
)

from desktop.domain.cases import (
    CaseState,
    ReviewTaskRecord,
    TaskStatus,
)
from desktop.domain.identity import normalise_id_text
from desktop.domain.permissions import Permission, Principal, Role
from desktop.domain.review import (
    QueueFilter,
    QueuePage,
    QueueQuery,
    QueueRow,
    QueueSort,
)
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.services.cases import tables as t
from desktop.services.cases.base import CaseBase
from desktop.services.pseudonyms import person_pseudonym

_OPEN = TaskStatus.OPEN.value
_CLAIMED = TaskStatus.CLAIMED.value


class ReviewQueue(CaseBase):
    """review_queue, queue_page, queue_row."""

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
        with uow.connection(self._db) as conn:
            scope = self._scope(conn, principal, query.matter_code, query.search)
            conds = self._filters(principal, now, self._clock.day(now))
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
        self, principal: Principal, now: datetime, today: date
    ) -> dict[QueueFilter, ColumnElement[bool]]:
        """The queue's filters; the clock's colours are the case row's deadline dates (NULL
        while the clock is paused: such a case is in none of them)."""
        live = and_(t.tasks.c.status == _CLAIMED, _not_lapsed(now))
        c = t.cases.c
        return {
            QueueFilter.ALL: true(),
            QueueFilter.UNCLAIMED: ~live,
            QueueFilter.MINE: and_(live, t.tasks.c.claimed_by == principal.user),
            QueueFilter.OTHERS: and_(live, t.tasks.c.claimed_by != principal.user),
            QueueFilter.DUE_TODAY: c.due_on == today,
            QueueFilter.YELLOW: and_(c.yellow_on <= today, c.red_on > today),
            QueueFilter.RED: c.red_on <= today,
            QueueFilter.OVERDUE: c.overdue_on <= today,
            QueueFilter.RETURNED: t.tasks.c.round >= 2,
        }

    def _row_of(
        self, conn: Connection, task_id: int, now: datetime | None = None
    ) -> QueueRow | None:
        rows = conn.execute(_ROW_OF_TASK, {"task_id": task_id}).all()
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


def _claimable(now: datetime | ColumnElement[datetime]) -> ColumnElement[bool]:
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
    # The case's promised date and reception moment as its tasks keep them: the same order, and
    # the one ``ix_review_tasks_next`` holds a department's open tasks in (claim-next walks it).
    return (k.case_promised_date.asc().nulls_last(), k.case_received_at, k.id)


#: One task as a queue row: built once (it runs on every claim).
_ROW_OF_TASK = _row_select().where(t.tasks.c.id == bindparam("task_id"))

"""An interim review desk over today's :class:`~desktop.services.cases.CaseService`, until
``desktop.services.review.ReviewDesk`` (issue 13's core, built in parallel) is on main.

It speaks the contract of ``REVIEW_API.md`` so that the approver's window, its scene and its
end-to-end test run on the real hall now; the composition root prefers the real ``ReviewDesk``
as soon as it exists, and this module is then deleted. What it cannot do with the case service
as it is, it says with a coded error or leaves out — never pretends:

* the queue is read whole and filtered, sorted and paged here (fine for a demo hall, not for
  10,000 tasks); the search finds a case number by prefix only (no ID-number pseudonym);
* ``claim_next`` tries the most urgent open tasks in turn (no SKIP LOCKED);
* ``unclaim`` and ``reassign`` are ``review.not_available`` (the case service has no release);
* the evidence has no value sources (unknown: "") and no document list; the common opinions are
  generic ones, not the matter's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop.domain.cases import (
    CaseDetail,
    CaseEvent,
    CaseState,
    CaseSummary,
    PauseKind,
    ReviewTaskRecord,
    TaskAlreadyClaimed,
    TaskStatus,
)
from desktop.domain.errors import CodedError
from desktop.domain.matters.model import FieldType
from desktop.domain.permissions import Principal
from desktop.domain.registry import PersonDossier
from desktop.domain.review import (
    CaseEvidence,
    DecisionResult,
    QueueFilter,
    QueuePage,
    QueueQuery,
    QueueRow,
    QueueSort,
)
from desktop.services.hall import Hall
from desktop.services.registry import RegistryService

__all__ = ["InterimReviewDesk", "ReviewNotAvailable"]

#: Offered until the matters carry their own ([review] opinions).
COMMON_OPINIONS = (
    "材料齐全，符合法定条件，同意。",
    "经核查，申请人不符合办理条件，不予许可。",
    "申请材料不齐全，请补正后重新提交。",
)


class ReviewNotAvailable(CodedError):
    """A review action this station's core cannot do yet."""

    code = "review.not_available"

    def __init__(self, what: str, what_zh: str) -> None:
        super().__init__(f"{what} is not available yet", f"暂不支持{what_zh}", detail={})


class InterimReviewDesk:
    """See the module docstring."""

    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        self.cases = hall.cases

    # ---- the queue ----------------------------------------------------------------------------

    def _rows(self, principal: Principal) -> list[QueueRow]:
        tasks = self.cases.review_queue(principal)
        if not tasks:
            return []
        summaries: Mapping[str, CaseSummary] = {
            s.number: s
            for s in self.cases.list_cases(principal, states=(CaseState.IN_REVIEW,), limit=100_000)
        }
        rows = []
        for task in tasks:
            summary = summaries.get(task.case_number)
            if summary is not None:
                rows.append(_row(task, summary))
        return rows

    @staticmethod
    def _matches(row: QueueRow, which: QueueFilter, me: str, today_days: int = 0) -> bool:
        if which is QueueFilter.ALL:
            return True
        if which is QueueFilter.UNCLAIMED:
            return row.status is TaskStatus.OPEN
        if which is QueueFilter.MINE:
            return row.status is TaskStatus.CLAIMED and row.claimed_by == me
        if which is QueueFilter.OTHERS:
            return row.status is TaskStatus.CLAIMED and row.claimed_by != me
        if which is QueueFilter.DUE_TODAY:
            return row.remaining_days == today_days
        if which is QueueFilter.OVERDUE:
            return row.remaining_days is not None and row.remaining_days < 0
        if which in (QueueFilter.YELLOW, QueueFilter.RED):
            return row.warning == which.value
        return row.round > 1

    def queue(self, principal: Principal, query: QueueQuery) -> QueuePage:
        base = [
            r
            for r in self._rows(principal)
            if (query.matter_code is None or r.matter_code == query.matter_code)
            and (not query.search or r.case_number.startswith(query.search))
        ]
        counts = {f: sum(self._matches(r, f, principal.user) for r in base) for f in QueueFilter}
        hits = [r for r in base if self._matches(r, query.filter, principal.user)]
        hits.sort(key=_sort_key(query.sort))
        return QueuePage(
            rows=tuple(hits[query.offset : query.offset + query.limit]),
            total=len(hits),
            counts=counts,
        )

    def claim_next(self, principal: Principal) -> QueueRow | None:
        for row in sorted(self._rows(principal), key=_sort_key(QueueSort.DUE)):
            if row.status is not TaskStatus.OPEN:
                continue
            try:
                return self.claim(principal, row.task_id)
            except TaskAlreadyClaimed:
                continue  # a colleague was faster: the next one
        return None

    def claim(self, principal: Principal, task_id: int) -> QueueRow:
        task = self.cases.claim(principal, task_id)
        for row in self._rows(principal):
            if row.task_id == task.id:
                return row
        raise TaskAlreadyClaimed(task_id, task.claimed_by)  # pragma: no cover (vanished)

    def unclaim(self, principal: Principal, task_id: int, reason: str) -> None:
        raise ReviewNotAvailable("giving a task back", "退回待签")

    def reassign(self, principal: Principal, task_id: int, to_user: str, reason: str) -> QueueRow:
        raise ReviewNotAvailable("reassigning a task", "改派任务")

    # ---- the case -----------------------------------------------------------------------------

    def evidence(self, principal: Principal, case_number: str) -> CaseEvidence:
        case = self.cases.detail(principal, case_number)
        return CaseEvidence(
            case=case, form_sources={}, documents=(), common_opinions=COMMON_OPINIONS
        )

    def dossier(self, principal: Principal, case_number: str, purpose: str) -> PersonDossier | None:
        case = self.cases.detail(principal, case_number)
        matter = self.hall.catalog.get(case.summary.matter_code)
        keys = [f.key for f in matter.fields if f.type is FieldType.ID_NUMBER]
        number = next((str(case.form_values[k]) for k in keys if case.form_values.get(k)), "")
        if not number:
            return None
        registry = RegistryService(self.hall.db)
        return registry.window_dossier(number, actor=principal.actor, purpose=purpose)

    def decide(
        self, principal: Principal, task_id: int, decision: CaseEvent, opinion: str
    ) -> DecisionResult:
        case = self.cases.decide(principal, task_id, decision, opinion)
        complete = decision is CaseEvent.APPROVE and case.state in (
            CaseState.APPROVED,
            CaseState.READY_TO_ISSUE,
        )
        return DecisionResult(case=case, fan_in_complete=complete, documents=())

    def pause_clock(
        self, principal: Principal, case_number: str, kind: PauseKind, reason: str
    ) -> CaseDetail:
        return self.cases.pause_clock(principal, case_number, kind, reason)

    def resume_clock(self, principal: Principal, case_number: str) -> CaseDetail:
        return self.cases.resume_clock(principal, case_number)


def _row(task: ReviewTaskRecord, s: CaseSummary) -> QueueRow:
    return QueueRow(
        task_id=task.id,
        case_number=task.case_number,
        matter_code=s.matter_code,
        matter_name=s.matter_name,
        department_code=task.department_code,
        department_name=task.department_name,
        applicant_name=s.applicant_name,
        applicant_id_masked=s.applicant_id_masked,
        status=task.status,
        claimed_by=task.claimed_by,
        claim_expires_at=None,
        round=task.round,
        received_at=s.received_at,
        promised_date=s.promised_date,
        remaining_days=s.remaining_working_days,
        warning=s.warning,
        paused=s.paused,
    )


def _sort_key(sort: QueueSort) -> Callable[[QueueRow], tuple[Any, ...]]:
    far = 10**6
    if sort is QueueSort.RECEIVED:
        return lambda r: (r.received_at, r.task_id)
    if sort is QueueSort.NUMBER:
        return lambda r: (r.case_number, r.task_id)
    return lambda r: (
        r.remaining_days if r.remaining_days is not None else far,
        r.received_at,
        r.task_id,
    )

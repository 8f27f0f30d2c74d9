"""A fake review desk for the approver's window: the ``ReviewBackend`` protocol over a list of
tasks in memory, with the contract's filters, sorting, paging, counts, claims and decisions.

Thread-safe enough for ``run_task`` (one worker); ``gate`` holds a case's evidence until released,
so that a test can put another task on screen while an answer is on its way.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from desktop.domain.cases import (
    CaseDetail,
    CaseEvent,
    CaseMaterialRecord,
    CaseState,
    CaseStepRecord,
    CaseSummary,
    ClockPauseRecord,
    PauseKind,
    ReviewTaskRecord,
    TaskAlreadyClaimed,
    TaskNotClaimed,
    TaskNotFound,
    TaskStatus,
)
from desktop.domain.permissions import Principal, Role
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

TODAY = date(2026, 12, 7)
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def approver(
    user: str = "approver-police", departments: tuple[str, ...] = ("police",)
) -> Principal:
    return Principal(
        user=user,
        station="后台审批 #1",
        roles=frozenset({Role.APPROVER}),
        departments=frozenset(departments),
        display_name=user,
    )


def row(
    task_id: int,
    *,
    remaining: int | None = 5,
    warning: str = "normal",
    status: TaskStatus = TaskStatus.OPEN,
    claimed_by: str = "",
    round_: int = 1,
    matter: str = "RP",
    department: str = "police",
    received_hours: int = 0,
    paused: bool = False,
) -> QueueRow:
    return QueueRow(
        task_id=task_id,
        case_number=f"44030720261201JZ{task_id:05d}",
        matter_code=matter,
        matter_name="居住证申领" if matter == "RP" else "房屋租赁登记备案",
        department_code=department,
        department_name="公安" if department == "police" else "社区",
        applicant_name=f"测试{task_id}",
        applicant_id_masked="440307********001X",
        status=status,
        claimed_by=claimed_by,
        claim_expires_at=None,
        round=round_,
        received_at=T0 + timedelta(hours=received_hours),
        promised_date=(TODAY + timedelta(days=remaining)) if remaining is not None else None,
        remaining_days=remaining,
        warning=warning,
        paused=paused,
    )


def case_of(
    r: QueueRow, *, state: CaseState = CaseState.IN_REVIEW, tasks: tuple[ReviewTaskRecord, ...] = ()
) -> CaseDetail:
    summary = CaseSummary(
        number=r.case_number,
        matter_code=r.matter_code,
        matter_name=r.matter_name,
        case_type="2",
        state=state,
        applicant_name=r.applicant_name,
        applicant_id_masked=r.applicant_id_masked,
        received_at=r.received_at,
        promised_date=r.promised_date,
        remaining_working_days=r.remaining_days,
        paused=r.paused,
        warning=r.warning,
    )
    return CaseDetail(
        summary=summary,
        version=3,
        number_source="generated",
        channel="window",
        applicant_id_type="111",
        agent_name="",
        agent_id_masked="",
        phone="13800138000",
        address="深圳市南山区",
        form_values={"name": r.applicant_name, "phone": "13800138000", "persons.0.name": "同住人"},
        accepted_at=r.received_at,
        accepted_by="clerk",
        accepted_station="综合受理窗口 #3",
        accepting_unit="南山区政务服务中心",
        notice_number=r.case_number + "-SL",
        supplement_deadline=None,
        refusal_reason="",
        completed_at=None,
        result_name="",
        result_number="",
        result_valid_until=None,
        delivered_by_post=False,
        materials=(
            CaseMaterialRecord("id_card", "居民身份证", "ID card", True, "received"),
            CaseMaterialRecord("photo", "照片", "Photo", False, "owed", due=TODAY),
        ),
        steps=(
            CaseStepRecord(
                1,
                "accept",
                "pass",
                "受理",
                "clerk",
                "综合受理窗口 #3",
                "材料齐全，予以受理",
                r.received_at,
                r.received_at,
                "2",
                "draft",
                "accepted",
            ),
        ),
        tasks=tasks
        or (
            ReviewTaskRecord(
                r.task_id, r.case_number, "police", "公安", r.status, r.claimed_by, "", "", r.round
            ),
            ReviewTaskRecord(
                r.task_id + 1000,
                r.case_number,
                "community",
                "社区",
                TaskStatus.APPROVED,
                "",
                "approver-community",
                "同意",
                1,
            ),
        ),
        pauses=(),
        rating=None,
    )


@dataclass
class FakeReviewDesk:
    rows: list[QueueRow] = field(default_factory=list)
    opinions: tuple[str, ...] = ("材料齐全，符合条件，同意。", "申请人不符合居住证申领条件。")
    #: case number → an event its evidence waits for.
    gate: dict[str, threading.Event] = field(default_factory=dict)
    calls: list[tuple[str, object]] = field(default_factory=list)
    #: task id → True when this approval completes the fan-in.
    last_department: set[int] = field(default_factory=set)
    dossier_purposes: list[str] = field(default_factory=list)
    paused: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # ---- queue ------------------------------------------------------------------------------

    def _matches(self, r: QueueRow, which: QueueFilter, me: str) -> bool:
        if which is QueueFilter.ALL:
            return True
        if which is QueueFilter.UNCLAIMED:
            return r.status is TaskStatus.OPEN
        if which is QueueFilter.MINE:
            return r.status is TaskStatus.CLAIMED and r.claimed_by == me
        if which is QueueFilter.OTHERS:
            return r.status is TaskStatus.CLAIMED and r.claimed_by != me
        if which is QueueFilter.DUE_TODAY:
            return r.remaining_days == 0
        if which is QueueFilter.YELLOW:
            return r.warning == "yellow"
        if which is QueueFilter.RED:
            return r.warning == "red"
        if which is QueueFilter.OVERDUE:
            return r.remaining_days is not None and r.remaining_days < 0
        return r.round > 1

    def _open_rows(self) -> list[QueueRow]:
        return [r for r in self.rows if r.status in (TaskStatus.OPEN, TaskStatus.CLAIMED)]

    def queue(self, principal: Principal, query: QueueQuery) -> QueuePage:
        with self.lock:
            self.calls.append(("queue", query))
            base = [
                r
                for r in self._open_rows()
                if (query.matter_code is None or r.matter_code == query.matter_code)
                and (
                    not query.search
                    or r.case_number.startswith(query.search)
                    or (query.search == "440307199001011234" and r.task_id == 1)
                )
            ]
            counts = {
                f: sum(self._matches(r, f, principal.user) for r in base) for f in QueueFilter
            }
            hits = [r for r in base if self._matches(r, query.filter, principal.user)]
            if query.sort is QueueSort.DUE:
                hits.sort(
                    key=lambda r: (
                        r.remaining_days if r.remaining_days is not None else 10**6,
                        r.task_id,
                    )
                )
            elif query.sort is QueueSort.RECEIVED:
                hits.sort(key=lambda r: (r.received_at, r.task_id))
            else:
                hits.sort(key=lambda r: r.case_number)
            return QueuePage(
                rows=tuple(hits[query.offset : query.offset + query.limit]),
                total=len(hits),
                counts=counts,
            )

    def _set(self, new: QueueRow) -> QueueRow:
        self.rows = [new if r.task_id == new.task_id else r for r in self.rows]
        return new

    def _find(self, task_id: int) -> QueueRow:
        for r in self.rows:
            if r.task_id == task_id:
                return r
        raise TaskNotFound(task_id)

    def claim_next(self, principal: Principal) -> QueueRow | None:
        with self.lock:
            self.calls.append(("claim_next", None))
            free = sorted(
                (r for r in self.rows if r.status is TaskStatus.OPEN),
                key=lambda r: (
                    r.remaining_days if r.remaining_days is not None else 10**6,
                    r.task_id,
                ),
            )
            if not free:
                return None
            return self._set(replace(free[0], status=TaskStatus.CLAIMED, claimed_by=principal.user))

    def claim(self, principal: Principal, task_id: int) -> QueueRow:
        with self.lock:
            self.calls.append(("claim", task_id))
            r = self._find(task_id)
            if r.status is TaskStatus.CLAIMED and r.claimed_by != principal.user:
                raise TaskAlreadyClaimed(task_id, r.claimed_by)
            return self._set(replace(r, status=TaskStatus.CLAIMED, claimed_by=principal.user))

    def unclaim(self, principal: Principal, task_id: int, reason: str) -> None:
        with self.lock:
            self.calls.append(("unclaim", (task_id, reason)))
            r = self._find(task_id)
            self._set(replace(r, status=TaskStatus.OPEN, claimed_by=""))

    def reassign(self, principal: Principal, task_id: int, to_user: str, reason: str) -> QueueRow:
        with self.lock:
            r = self._find(task_id)
            return self._set(replace(r, status=TaskStatus.CLAIMED, claimed_by=to_user))

    # ---- the case ---------------------------------------------------------------------------

    def _row_of_case(self, number: str) -> QueueRow:
        for r in self.rows:
            if r.case_number == number:
                return r
        raise KeyError(number)

    def evidence(self, principal: Principal, case_number: str) -> CaseEvidence:
        gate = self.gate.get(case_number)
        if gate is not None:
            gate.wait(5)
        with self.lock:
            self.calls.append(("evidence", case_number))
            r = self._row_of_case(case_number)
            return CaseEvidence(
                case=case_of(replace(r, paused=case_number in self.paused)),
                form_sources={
                    "name": "card.name",
                    "phone": "typed",
                    "persons.0.name": "person.name",
                },
                documents=(),
                common_opinions=self.opinions,
            )

    def dossier(self, principal: Principal, case_number: str, purpose: str) -> PersonDossier | None:
        self.dossier_purposes.append(purpose)
        return None

    def decide(
        self, principal: Principal, task_id: int, decision: CaseEvent, opinion: str
    ) -> DecisionResult:
        with self.lock:
            self.calls.append(("decide", (task_id, decision, opinion)))
            r = self._find(task_id)
            if r.status is not TaskStatus.CLAIMED or r.claimed_by != principal.user:
                raise TaskNotClaimed(task_id, r.status.value, r.claimed_by)
            status = {
                CaseEvent.APPROVE: TaskStatus.APPROVED,
                CaseEvent.REJECT: TaskStatus.REJECTED,
                CaseEvent.RETURN_FOR_CORRECTION: TaskStatus.RETURNED,
            }[decision]
            self._set(replace(r, status=status))
            last = decision is CaseEvent.APPROVE and task_id in self.last_department
            state = {
                CaseEvent.APPROVE: CaseState.READY_TO_ISSUE if last else CaseState.IN_REVIEW,
                CaseEvent.REJECT: CaseState.REJECTED,
                CaseEvent.RETURN_FOR_CORRECTION: CaseState.RETURNED,
            }[decision]
            tasks = (
                ReviewTaskRecord(
                    task_id,
                    r.case_number,
                    "police",
                    "公安",
                    status,
                    principal.user,
                    principal.user,
                    opinion,
                    r.round,
                ),
                ReviewTaskRecord(
                    task_id + 1000,
                    r.case_number,
                    "community",
                    "社区",
                    TaskStatus.APPROVED if last else TaskStatus.OPEN,
                    "",
                    "",
                    "",
                    1,
                ),
            )
            doc = _Doc("permit_decision", r.case_number + "-ZY", T0, False) if last else None
            return DecisionResult(
                case=case_of(r, state=state, tasks=tasks),
                fan_in_complete=last,
                documents=(doc,) if doc else (),
            )

    def pause_clock(
        self, principal: Principal, case_number: str, kind: PauseKind, reason: str
    ) -> CaseDetail:
        with self.lock:
            self.calls.append(("pause", (case_number, kind, reason)))
            self.paused.add(case_number)
            r = replace(self._row_of_case(case_number), paused=True)
            detail = case_of(r)
            pause = ClockPauseRecord(1, kind, reason, T0, None, None)
            return replace(detail, pauses=(pause,))

    def resume_clock(self, principal: Principal, case_number: str) -> CaseDetail:
        with self.lock:
            self.calls.append(("resume", case_number))
            self.paused.discard(case_number)
            return case_of(self._row_of_case(case_number))

    def called(self, name: str) -> list[object]:
        return [arg for n, arg in self.calls if n == name]


@dataclass(frozen=True)
class _Doc:
    kind: str
    number: str
    issued_at: datetime
    revoked: bool


def sample_desk() -> FakeReviewDesk:
    """Six tasks of the police queue: a spread of clocks, one a colleague holds, one returned."""
    return FakeReviewDesk(
        rows=[
            row(1, remaining=6, received_hours=5),
            row(2, remaining=1, warning="red", received_hours=1),
            row(3, remaining=3, warning="yellow", received_hours=2),
            row(4, remaining=-2, warning="red", received_hours=0),
            row(
                5,
                remaining=2,
                warning="yellow",
                status=TaskStatus.CLAIMED,
                claimed_by="colleague",
                received_hours=3,
            ),
            row(6, remaining=8, round_=2, matter="RF", received_hours=4),
        ]
    )

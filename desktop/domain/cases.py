"""The case lifecycle: states, the transition table, case numbers, and the records services
hand out.

A case (办件) starts as a draft at the window and ends issued, refused, rejected, withdrawn or
terminated. Every change of state is an *event* looked up in :data:`TRANSITIONS`: an event that
is not allowed from the current state (or for the case's type, immediate or promised) is a
:class:`CaseTransitionError`, never a silent no-op. Some events keep the state (a supplied 容缺
material, a paused clock, a rating) — they are in the table too, so "may this happen now?" has
one answer.

::

    draft ─accept / accept_with_shortfall─▶ accepted ─issue_at_window (immediate)─▶ issued
      │  └─notify_missing─▶ awaiting_supplement ─supplement─▶ accepted
      └─refuse─▶ refused                 accepted ─start_review (promised)─▶ in_review
    in_review ─approve─▶ approved ─prepare_result─▶ ready_to_issue ─issue─▶ issued
    in_review ─reject─▶ rejected
    in_review ─return_for_correction─▶ returned ─resubmit─▶ in_review
    (open states) ─withdraw─▶ withdrawn     (open states) ─terminate─▶ terminated

Case numbers (GB/T 39046: ≤ 50 characters) are rendered from a configurable pattern
(:class:`NumberPattern`), or an upstream number from the provincial platform is taken as is
(:func:`check_upstream_number`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.case_records import (
    RATING_NAMES_ZH,
    CaseMaterialRecord,
    CaseStepRecord,
    ClockPauseRecord,
    RatingChannel,
    RatingRecord,
    ReviewTaskRecord,
    TaskStatus,
    is_bad_rating,
)
from desktop.domain.errors import CodedError
from desktop.domain.matters.model import MatterKind
from desktop.domain.workcalendar import PauseKind, WeekdaysOnly, WorkingDays

__all__ = [
    "FINAL_STATES",
    "MAX_CASE_NUMBER_LENGTH",
    "RATING_NAMES_ZH",
    "TRANSITIONS",
    "BadUpstreamNumber",
    "CaseDetail",
    "CaseError",
    "CaseEvent",
    "CaseMaterialRecord",
    "CaseNotFound",
    "CaseNumberTaken",
    "CaseState",
    "CaseStepRecord",
    "CaseSummary",
    "CaseTransitionError",
    "ClockError",
    "ClockPauseRecord",
    "DraftNotFound",
    "DraftRecord",
    "InvalidApplication",
    "MaterialsOwed",
    "MaterialsStillMissing",
    "NotOwed",
    "NumberPattern",
    "NumberPatternError",
    "PauseKind",
    "RatingChannel",
    "RatingError",
    "RatingRecord",
    "ReasonRequired",
    "ReviewTaskRecord",
    "StaleCase",
    "TaskAlreadyClaimed",
    "TaskNotClaimed",
    "TaskNotFound",
    "TaskStatus",
    "Transition",
    "UnknownMatter",
    "UpstreamNumbersDisabled",
    "WeekdaysOnly",
    "WorkingDays",
    "check_upstream_number",
    "is_bad_rating",
    "next_state",
    "transition_for",
]

MAX_CASE_NUMBER_LENGTH = 50  # GB/T 39046: the case number is at most 50 characters


class CaseState(StrEnum):
    DRAFT = "draft"  # being typed at the window (kept in the drafts table, never a case row)
    ACCEPTED = "accepted"  # 受理: notice number and promised date given
    REFUSED = "refused"  # 不予受理 at the window, with a reason
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # 一次性告知: everything missing listed at once
    IN_REVIEW = "in_review"  # parallel review by every department concerned
    RETURNED = "returned"  # sent back to the applicant for correction
    APPROVED = "approved"  # every department approved
    REJECTED = "rejected"  # a department rejected: 不予许可
    READY_TO_ISSUE = "ready_to_issue"  # the result is at the window
    ISSUED = "issued"  # handed out (or posted)
    WITHDRAWN = "withdrawn"  # the applicant withdrew
    TERMINATED = "terminated"  # ended by the hall (e.g. an owed 容缺 material never supplied)


#: States a case ends in: it can take a rating (of its last visit), nothing else changes it.
FINAL_STATES = frozenset(
    {
        CaseState.REFUSED,
        CaseState.REJECTED,
        CaseState.ISSUED,
        CaseState.WITHDRAWN,
        CaseState.TERMINATED,
    }
)


class CaseEvent(StrEnum):
    ACCEPT = "accept"
    ACCEPT_WITH_SHORTFALL = "accept_with_shortfall"  # 容缺受理
    NOTIFY_MISSING = "notify_missing"  # 一次性告知 (补正材料通知书)
    REFUSE = "refuse"  # 不予受理
    SUPPLEMENT = "supplement"  # the missing essential materials were brought: accepted
    SUPPLY_OWED = "supply_owed"  # an owed 容缺 material was brought (state unchanged)
    START_REVIEW = "start_review"  # promised matters: one review task per department
    APPROVE = "approve"  # the last department approved
    REJECT = "reject"  # a department rejected
    RETURN_FOR_CORRECTION = "return_for_correction"
    RESUBMIT = "resubmit"
    PREPARE_RESULT = "prepare_result"  # the result (certificate) reached the window
    ISSUE_AT_WINDOW = "issue_at_window"  # immediate matters: accepted → issued at once
    ISSUE = "issue"
    WITHDRAW = "withdraw"
    TERMINATE = "terminate"
    PAUSE_CLOCK = "pause_clock"  # special procedure starts (extension, hearing, …)
    RESUME_CLOCK = "resume_clock"
    RATE = "rate"  # 好差评
    REVOKE_DOCUMENT = "revoke_document"  # a document of the case was revoked (state kept)


@dataclass(frozen=True, slots=True)
class Transition:
    event: CaseEvent
    sources: frozenset[CaseState]
    #: The state after the event; ``None`` keeps the current state.
    target: CaseState | None
    #: Case types the event applies to (both unless said otherwise).
    kinds: frozenset[MatterKind] = frozenset(MatterKind)


_S = CaseState
_BOTH = frozenset(MatterKind)
_OPEN_AFTER_ACCEPT = frozenset(
    {_S.ACCEPTED, _S.IN_REVIEW, _S.RETURNED, _S.APPROVED, _S.READY_TO_ISSUE}
)


def _t(
    event: CaseEvent,
    sources: set[CaseState] | frozenset[CaseState],
    target: CaseState | None,
    kinds: frozenset[MatterKind] = _BOTH,
) -> Transition:
    return Transition(event, frozenset(sources), target, kinds)


#: The whole lifecycle: event → (from-states, to-state, case types).
TRANSITIONS: Mapping[CaseEvent, Transition] = {
    t.event: t
    for t in (
        _t(CaseEvent.ACCEPT, {_S.DRAFT}, _S.ACCEPTED),
        _t(CaseEvent.ACCEPT_WITH_SHORTFALL, {_S.DRAFT}, _S.ACCEPTED),
        _t(CaseEvent.NOTIFY_MISSING, {_S.DRAFT}, _S.AWAITING_SUPPLEMENT),
        _t(CaseEvent.REFUSE, {_S.DRAFT, _S.AWAITING_SUPPLEMENT}, _S.REFUSED),
        _t(CaseEvent.SUPPLEMENT, {_S.AWAITING_SUPPLEMENT}, _S.ACCEPTED),
        _t(CaseEvent.SUPPLY_OWED, _OPEN_AFTER_ACCEPT, None),
        _t(
            CaseEvent.START_REVIEW,
            {_S.ACCEPTED},
            _S.IN_REVIEW,
            frozenset({MatterKind.PROMISED}),
        ),
        _t(CaseEvent.APPROVE, {_S.IN_REVIEW}, _S.APPROVED),
        _t(CaseEvent.REJECT, {_S.IN_REVIEW}, _S.REJECTED),
        _t(CaseEvent.RETURN_FOR_CORRECTION, {_S.IN_REVIEW}, _S.RETURNED),
        _t(CaseEvent.RESUBMIT, {_S.RETURNED}, _S.IN_REVIEW),
        _t(CaseEvent.PREPARE_RESULT, {_S.APPROVED}, _S.READY_TO_ISSUE),
        _t(
            CaseEvent.ISSUE_AT_WINDOW,
            {_S.ACCEPTED},
            _S.ISSUED,
            frozenset({MatterKind.IMMEDIATE}),
        ),
        _t(CaseEvent.ISSUE, {_S.READY_TO_ISSUE}, _S.ISSUED),
        # The applicant may withdraw until a decision is made.
        _t(
            CaseEvent.WITHDRAW,
            {_S.AWAITING_SUPPLEMENT, _S.ACCEPTED, _S.IN_REVIEW, _S.RETURNED},
            _S.WITHDRAWN,
        ),
        _t(CaseEvent.TERMINATE, {_S.AWAITING_SUPPLEMENT} | _OPEN_AFTER_ACCEPT, _S.TERMINATED),
        _t(CaseEvent.PAUSE_CLOCK, {_S.ACCEPTED, _S.IN_REVIEW, _S.RETURNED}, None),
        _t(CaseEvent.RESUME_CLOCK, {_S.ACCEPTED, _S.IN_REVIEW, _S.RETURNED}, None),
        # 一次一评: each visit of a case takes a rating, from acceptance to the end.
        _t(CaseEvent.RATE, frozenset(CaseState) - {_S.DRAFT}, None),
        # Every state a case has a document in: all of them once the case exists (the
        # acceptance, refusal or one-time notification notice is its first document).
        _t(CaseEvent.REVOKE_DOCUMENT, frozenset(CaseState) - {_S.DRAFT}, None),
    )
}


#: The states in which the clock can be stopped (a special procedure, a return for correction);
#: a case leaving them ends any pause still open.
CLOCK_STATES: frozenset[CaseState] = TRANSITIONS[CaseEvent.PAUSE_CLOCK].sources


class CaseError(CodedError):
    """A case operation that cannot be done; the keyword arguments are its ``detail``."""

    code = "case.error"

    def __init__(self, message: str, message_zh: str = "", **detail: object) -> None:
        super().__init__(message, message_zh, detail=detail)


class CaseTransitionError(CaseError):
    """The event is not allowed from the case's state (or for its type)."""

    code = "case.illegal_transition"

    def __init__(
        self, state: CaseState, event: CaseEvent, kind: MatterKind | None = None, number: str = ""
    ) -> None:
        self.state = state
        self.event = event
        self.kind = kind
        where = f"case {number} " if number else "a case "
        kind_text = f" ({kind.value} matter)" if kind is not None else ""
        super().__init__(
            f"{where}in state '{state.value}'{kind_text} cannot take the event '{event.value}'",
            f"办件{number}当前状态为“{STATE_NAMES_ZH[state]}”，不能执行“{EVENT_NAMES_ZH[event]}”",
            state=state.value,
            event=event.value,
            kind=kind.value if kind is not None else None,
        )


class CaseNotFound(CaseError):
    code = "case.not_found"

    def __init__(self, number: str) -> None:
        super().__init__(f"no case {number!r}", f"未找到办件“{number}”", number=number)


class UnknownMatter(CaseError):
    code = "case.unknown_matter"

    def __init__(self, matter_code: str) -> None:
        super().__init__(
            f"no matter {matter_code!r} in the catalog",
            f"事项目录中没有“{matter_code}”",
            matter_code=matter_code,
        )


class InvalidApplication(CaseError):
    """The application cannot be accepted as typed; ``problems`` lists every reason."""

    code = "case.invalid_application"

    def __init__(self, problems: tuple[str, ...], problems_zh: tuple[str, ...]) -> None:
        self.problems = problems
        self.problems_zh = problems_zh
        super().__init__(
            "the application is incomplete or invalid: " + "; ".join(problems),
            "申请信息不完整或有误：" + "；".join(problems_zh),
            problems=list(problems),
        )


class CaseNumberTaken(CaseError):
    code = "case.number_taken"

    def __init__(self, number: str) -> None:
        super().__init__(
            f"case number {number!r} is already used", f"办件编号“{number}”已被使用", number=number
        )


class RequestIdInvalid(CaseError):
    code = "case.bad_request_id"

    def __init__(self, request_id: str) -> None:
        super().__init__(
            f"the application's request id {request_id[:40]!r} is not a UUID",
            "申请的请求编号不是有效的 UUID",
        )


class RequestIdReused(CaseError):
    """A request id already made a case of another applicant or matter: a client bug or a
    forged replay, never the same application sent again."""

    code = "case.request_id_reused"

    def __init__(self, number: str) -> None:
        super().__init__(
            f"the application's request id already made case {number} of another applicant "
            "or matter",
            f"该请求编号已用于另一申请人或事项的办件 {number}",
            number=number,
        )


class UpstreamNumbersDisabled(CaseError):
    code = "case.upstream_numbers_disabled"

    def __init__(self) -> None:
        super().__init__(
            "this hall does not accept upstream case numbers ([cases] upstream_numbers_allowed)",
            "本大厅未启用上级平台办件编号",
        )


class StaleCase(CaseError):
    """Someone changed the case since the caller read it (optimistic locking)."""

    code = "case.stale"

    def __init__(self, number: str, expected: int, found: int) -> None:
        super().__init__(
            f"case {number} changed meanwhile (version {found}, expected {expected}): reload it",
            f"办件{number}已被他人修改，请刷新后重试",
            number=number,
            expected=expected,
            found=found,
        )


class MaterialsStillMissing(CaseError):
    """A supplement that still leaves essential materials missing: all of them are named."""

    code = "case.materials_missing"

    def __init__(self, number: str, codes: tuple[str, ...], names_zh: tuple[str, ...]) -> None:
        self.codes = codes
        super().__init__(
            f"case {number} still misses: " + ", ".join(codes),
            f"办件{number}仍缺少材料：" + "、".join(names_zh),
            number=number,
            missing=list(codes),
        )


class MaterialsOwed(CaseError):
    """容缺: the result cannot be handed out while owed materials are outstanding."""

    code = "case.materials_owed"

    def __init__(self, number: str, codes: tuple[str, ...]) -> None:
        super().__init__(
            f"case {number} still owes materials: " + ", ".join(codes),
            f"办件{number}尚有容缺材料未补交",
            number=number,
            owed=list(codes),
        )


class NotOwed(CaseError):
    code = "case.material_not_owed"

    def __init__(self, number: str, code: str) -> None:
        super().__init__(
            f"case {number} does not owe material {code!r}",
            f"办件{number}没有待补交的材料“{code}”",
            number=number,
            material=code,
        )


class SupplementNotOverdue(CaseError):
    """The case no longer owes anything past its deadline (supplied meanwhile, or not yet due)."""

    code = "case.supplement_not_overdue"

    def __init__(self, number: str) -> None:
        super().__init__(
            f"case {number} owes no material past its supplement deadline",
            f"办件{number}没有逾期未补交的容缺材料",
            number=number,
        )


class ReasonRequired(CaseError):
    code = "case.reason_required"

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} needs a reason", f"{what}须填写理由", what=what)


class TaskNotFound(CaseError):
    code = "review.task_not_found"

    def __init__(self, task_id: int) -> None:
        super().__init__(f"no review task {task_id}", f"未找到审查任务{task_id}", task=task_id)


class TaskAlreadyClaimed(CaseError):
    """A second approver tried to claim a task someone holds."""

    code = "review.already_claimed"

    def __init__(self, task_id: int, claimed_by: str) -> None:
        self.claimed_by = claimed_by
        super().__init__(
            f"review task {task_id} is already claimed by {claimed_by}",
            f"审查任务{task_id}已由{claimed_by}签收",
            task=task_id,
            claimed_by=claimed_by,
        )


class TaskNotClaimed(CaseError):
    """Only the approver who claimed a task decides it."""

    code = "review.not_claimant"

    def __init__(self, task_id: int, status: str, claimed_by: str) -> None:
        super().__init__(
            f"review task {task_id} ({status}) is not claimed by you"
            + (f" but by {claimed_by}" if claimed_by else ""),
            f"审查任务{task_id}未由您签收",
            task=task_id,
            status=status,
            claimed_by=claimed_by,
        )


class ClockError(CaseError):
    code = "clock.error"

    def __init__(self, code: str, number: str, message: str, message_zh: str) -> None:
        self.code = code
        super().__init__(message, message_zh, number=number)


class RatingError(CaseError):
    code = "rating.error"

    def __init__(self, code: str, number: str, message: str, message_zh: str) -> None:
        self.code = code
        super().__init__(message, message_zh, number=number)


class DraftNotFound(CaseError):
    code = "draft.not_found"

    def __init__(self, draft_id: str) -> None:
        super().__init__(f"no draft {draft_id!r}", f"未找到草稿“{draft_id}”", draft=draft_id)


STATE_NAMES_ZH: Mapping[CaseState, str] = {
    _S.DRAFT: "草稿",
    _S.ACCEPTED: "已受理",
    _S.REFUSED: "不予受理",
    _S.AWAITING_SUPPLEMENT: "待补正",
    _S.IN_REVIEW: "审查中",
    _S.RETURNED: "退回补正",
    _S.APPROVED: "审批通过",
    _S.REJECTED: "不予许可",
    _S.READY_TO_ISSUE: "待出件",
    _S.ISSUED: "已办结",
    _S.WITHDRAWN: "已撤回",
    _S.TERMINATED: "已终止",
}

EVENT_NAMES_ZH: Mapping[CaseEvent, str] = {
    CaseEvent.ACCEPT: "受理",
    CaseEvent.ACCEPT_WITH_SHORTFALL: "容缺受理",
    CaseEvent.NOTIFY_MISSING: "一次性告知",
    CaseEvent.REFUSE: "不予受理",
    CaseEvent.SUPPLEMENT: "补正材料",
    CaseEvent.SUPPLY_OWED: "补交容缺材料",
    CaseEvent.START_REVIEW: "送审",
    CaseEvent.APPROVE: "审批通过",
    CaseEvent.REJECT: "不予许可",
    CaseEvent.RETURN_FOR_CORRECTION: "退回补正",
    CaseEvent.RESUBMIT: "重新提交",
    CaseEvent.PREPARE_RESULT: "制证完成",
    CaseEvent.ISSUE_AT_WINDOW: "即办出件",
    CaseEvent.ISSUE: "出件",
    CaseEvent.WITHDRAW: "撤回",
    CaseEvent.TERMINATE: "终止",
    CaseEvent.PAUSE_CLOCK: "暂停计时",
    CaseEvent.RESUME_CLOCK: "恢复计时",
    CaseEvent.RATE: "评价",
    CaseEvent.REVOKE_DOCUMENT: "作废文书",
}


def transition_for(
    state: CaseState, event: CaseEvent, kind: MatterKind | None = None, *, number: str = ""
) -> Transition:
    """The transition ``event`` takes from ``state``; :class:`CaseTransitionError` if none.

    ``kind`` None skips the case-type check (for events that apply to both anyway).
    """
    t = TRANSITIONS[event]
    if state not in t.sources or (kind is not None and kind not in t.kinds):
        raise CaseTransitionError(state, event, kind, number)
    return t


def next_state(
    state: CaseState, event: CaseEvent, kind: MatterKind | None = None, *, number: str = ""
) -> CaseState:
    """The state after ``event``; :class:`CaseTransitionError` if it is not allowed."""
    t = transition_for(state, event, kind, number=number)
    return t.target if t.target is not None else state


# --------------------------------------------------------------------------------------------
# Case numbers
# --------------------------------------------------------------------------------------------


class NumberPatternError(CodedError, ValueError):
    code = "case.bad_number_pattern"


_PATTERN_FIELDS = frozenset({"region", "date", "category", "seq", "type"})
_UPSTREAM_RE = re.compile(r"[0-9A-Za-z\-_/.()\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class NumberPattern:
    """A case-number pattern in ``str.format`` syntax.

    Fields: ``region`` (the hall's region code), ``date`` (the acceptance day, a ``date``, so
    ``{date:%Y%m%d}``), ``category`` (the matter's two letters), ``type`` (1 immediate,
    2 promised) and ``seq`` (required: the sequence within its scope, an ``int``). The sequence
    restarts for every distinct value of the fields the pattern uses: a pattern without
    ``{date…}`` numbers on for ever, one without ``{category}`` shares the sequence between
    matters. Checked when built: unknown fields, a missing ``seq``, a bad format spec or a
    rendering over 50 characters are refused.
    """

    text: str = "{region}{date:%Y%m%d}{category}{seq:05d}"
    uses: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        try:
            parsed = list(string.Formatter().parse(self.text))
        except ValueError as exc:
            raise NumberPatternError(f"case number pattern {self.text!r}: {exc}") from None
        used: set[str] = set()
        for _literal, name, _spec, _conv in parsed:
            if name is None:
                continue
            if name not in _PATTERN_FIELDS:
                raise NumberPatternError(
                    f"case number pattern {self.text!r}: unknown field {{{name}}} (known: "
                    + ", ".join(sorted(_PATTERN_FIELDS))
                    + ")"
                )
            used.add(name)
        if "seq" not in used:
            raise NumberPatternError(f"case number pattern {self.text!r} needs a {{seq}} field")
        object.__setattr__(self, "uses", frozenset(used))
        try:
            sample = self.render("999999999999", date(2099, 12, 31), "ZZZZ", 99_999, "2")
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise NumberPatternError(f"case number pattern {self.text!r}: {exc}") from None
        if len(sample) > MAX_CASE_NUMBER_LENGTH or not sample.strip() or sample != sample.strip():
            raise NumberPatternError(
                f"case number pattern {self.text!r} renders {sample!r}: a case number is at "
                f"most {MAX_CASE_NUMBER_LENGTH} characters, without surrounding spaces"
            )

    def scope(self, region: str, day: date, category: str, case_type: str) -> tuple[str, str, str]:
        """The sequence's key: (region, day, category+type), blank where the pattern does not
        use the field."""
        return (
            region if "region" in self.uses else "",
            day.strftime("%Y%m%d") if "date" in self.uses else "",
            (category if "category" in self.uses else "")
            + ("/" + case_type if "type" in self.uses else ""),
        )

    def render(self, region: str, day: date, category: str, seq: int, case_type: str) -> str:
        return self.text.format(region=region, date=day, category=category, seq=seq, type=case_type)


class BadUpstreamNumber(CaseError):
    code = "case.bad_upstream_number"


def check_upstream_number(number: str) -> str:
    """An upstream (provincial platform) case number, taken as is if it can be one at all."""
    if not number or len(number) > MAX_CASE_NUMBER_LENGTH or not _UPSTREAM_RE.fullmatch(number):
        raise BadUpstreamNumber(
            f"upstream case number {number!r} is not usable: 1 to {MAX_CASE_NUMBER_LENGTH} "
            "letters, digits, CJK or - _ / . ( ), no spaces",
            f"上级平台办件编号“{number}”不可用："
            f"须为1至{MAX_CASE_NUMBER_LENGTH}位字母、数字或 - _ / . ( )",
        )
    return number


# --------------------------------------------------------------------------------------------
# Records handed out by the services (the smaller ones: desktop.domain.case_records)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseSummary:
    number: str
    matter_code: str
    matter_name: str
    case_type: str  # "1" immediate, "2" promised
    state: CaseState
    applicant_name: str
    applicant_id_masked: str
    received_at: datetime
    promised_date: date | None
    #: Days left to the promised date (negative: overdue), in the matter's limit unit: working
    #: days, or calendar days for a calendar-day matter (LimitUnit.NATURAL_DAYS); None once the
    #: case is final or when it has no promised date. Frozen while the clock is paused.
    remaining_working_days: int | None
    paused: bool
    #: Deadline warning (desktop.domain.workcalendar.WarningLevel value: normal / yellow / red);
    #: "" when the case has no running clock (final, or no promised date).
    warning: str = ""

    @property
    def overdue(self) -> bool:
        return self.remaining_working_days is not None and self.remaining_working_days < 0


@dataclass(frozen=True, slots=True)
class CaseDetail:
    summary: CaseSummary
    version: int
    number_source: str  # generated / upstream
    channel: str
    applicant_id_type: str
    agent_name: str
    agent_id_masked: str
    phone: str
    address: str
    form_values: Mapping[str, object]
    accepted_at: datetime | None
    accepted_by: str
    accepted_station: str
    accepting_unit: str
    notice_number: str
    supplement_deadline: date | None
    refusal_reason: str
    completed_at: datetime | None
    result_name: str
    result_number: str
    result_valid_until: date | None
    delivered_by_post: bool
    materials: tuple[CaseMaterialRecord, ...]
    steps: tuple[CaseStepRecord, ...]
    tasks: tuple[ReviewTaskRecord, ...]
    pauses: tuple[ClockPauseRecord, ...]
    #: The rating of the case's latest visit (None until that visit is rated).
    rating: RatingRecord | None
    #: Every rating of the case, one per visit, oldest first.
    ratings: tuple[RatingRecord, ...] = ()
    #: Form path → where its value came from at the window (stored with the case); empty for
    #: a case accepted before the sources were kept.
    form_sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def number(self) -> str:
        return self.summary.number

    @property
    def state(self) -> CaseState:
        return self.summary.state

    @property
    def owed(self) -> tuple[CaseMaterialRecord, ...]:
        return tuple(m for m in self.materials if m.status == "owed")

    @property
    def missing(self) -> tuple[CaseMaterialRecord, ...]:
        """What the one-time notification lists: every unsatisfied material."""
        return tuple(m for m in self.materials if m.status in ("missing", "owed"))


@dataclass(frozen=True, slots=True)
class OverdueSupplement:
    """容缺: an open case whose owed materials were not all supplied by the deadline."""

    number: str
    matter_code: str
    applicant_name: str
    deadline: date
    owed: tuple[str, ...]  # material codes

    def termination_reason(self) -> tuple[str, str]:
        """The recorded reason, Chinese first (it is printed on the case's history)."""
        codes = "、".join(self.owed)
        return (
            f"容缺材料逾期未补齐（补交期限 {self.deadline.isoformat()}）：{codes}",
            f"owed materials not supplied by {self.deadline.isoformat()}: {', '.join(self.owed)}",
        )


@dataclass(frozen=True, slots=True)
class DraftRecord:
    id: str
    station: str
    user: str
    matter_codes: tuple[str, ...]
    title: str
    form: Mapping[str, object]
    materials: Mapping[str, str]
    created_at: datetime
    updated_at: datetime

"""好差评 follow-ups: what a bad rating sets going, as checked data.

A bad rating (4 不满意, 5 非常不满意) opens a follow-up with a deadline in hall working days. A
supervisor assigns it, records the call-back to the citizen, the rectification, the reply, and
closes it; or appeals the rating as malicious (恶意差评申诉) and someone else decides the
appeal. Every change of state is asked of one table (:data:`FOLLOWUP_MOVES`, like the case
table of :mod:`desktop.domain.cases`); a move it does not list is
:class:`FollowUpTransitionError`, never a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from desktop.domain.case_records import RATING_NAMES_ZH, RatingChannel
from desktop.domain.errors import CodedError

__all__ = [
    "EVENT_NAMES_ZH",
    "FOLLOWUP_MOVES",
    "OPEN_FOLLOWUP_STATES",
    "STATE_NAMES_ZH",
    "VISIT_EVENTS",
    "AppealDecision",
    "FollowUpCounts",
    "FollowUpError",
    "FollowUpErrorCode",
    "FollowUpEvent",
    "FollowUpRecord",
    "FollowUpState",
    "FollowUpTransitionError",
    "GroupCount",
    "RatingCount",
    "next_followup_state",
]

#: The case events a citizen is served in person (or at the kiosk) by: each is a visit, and a
#: visit takes one rating (一次一评). Decisions in the back office, clock pauses and revoked
#: documents are not visits.
VISIT_EVENTS: Final = frozenset(
    {
        "accept",
        "accept_with_shortfall",
        "notify_missing",
        "refuse",
        "supplement",
        "supply_owed",
        "resubmit",
        "issue_at_window",
        "issue",
        "withdraw",
    }
)


class FollowUpState(StrEnum):
    OPEN = "open"  # opened by a bad rating, nobody assigned yet
    ASSIGNED = "assigned"  # someone answers for it
    CALLED_BACK = "called_back"  # the citizen was called back (回访)
    RECTIFIED = "rectified"  # the rectification (整改) is recorded
    REPLIED = "replied"  # the reply to the citizen (答复) is recorded
    CLOSED = "closed"  # done
    APPEALED = "appealed"  # appealed as malicious, waiting for the decision
    VOIDED = "voided"  # the appeal was upheld: a malicious rating, followed up no further


class FollowUpEvent(StrEnum):
    ASSIGN = "assign"
    CALLBACK = "callback"
    RECTIFY = "rectify"
    REPLY = "reply"
    CLOSE = "close"
    APPEAL = "appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    REJECT_APPEAL = "reject_appeal"


class AppealDecision(StrEnum):
    UPHELD = "upheld"  # the rating was malicious: the follow-up is voided
    REJECTED = "rejected"  # the rating stands: the follow-up goes on where it was


#: States in which the follow-up is still someone's work (and can be late).
OPEN_FOLLOWUP_STATES: Final = frozenset(
    {
        FollowUpState.OPEN,
        FollowUpState.ASSIGNED,
        FollowUpState.CALLED_BACK,
        FollowUpState.RECTIFIED,
        FollowUpState.REPLIED,
        FollowUpState.APPEALED,
    }
)

_F, _E = FollowUpState, FollowUpEvent
#: Where an appeal may start from: any working state (not an appeal pending, not the end).
_APPEALABLE = (_F.OPEN, _F.ASSIGNED, _F.CALLED_BACK, _F.RECTIFIED, _F.REPLIED)

#: (state, event) → the state after it. A rejected appeal goes back to the state it was
#: appealed from: that is the one move whose target is not a constant (``None`` here).
FOLLOWUP_MOVES: Mapping[tuple[FollowUpState, FollowUpEvent], FollowUpState | None] = {
    # assigning again hands the work to someone else and keeps where it stands
    (_F.OPEN, _E.ASSIGN): _F.ASSIGNED,
    **{(s, _E.ASSIGN): s for s in (_F.ASSIGNED, _F.CALLED_BACK, _F.RECTIFIED, _F.REPLIED)},
    # a call-back that did not reach the citizen is recorded, and the next one too
    (_F.ASSIGNED, _E.CALLBACK): _F.CALLED_BACK,
    (_F.CALLED_BACK, _E.CALLBACK): _F.CALLED_BACK,
    (_F.CALLED_BACK, _E.RECTIFY): _F.RECTIFIED,
    (_F.RECTIFIED, _E.RECTIFY): _F.RECTIFIED,
    (_F.RECTIFIED, _E.REPLY): _F.REPLIED,
    (_F.REPLIED, _E.CLOSE): _F.CLOSED,
    **{(s, _E.APPEAL): _F.APPEALED for s in _APPEALABLE},
    (_F.APPEALED, _E.UPHOLD_APPEAL): _F.VOIDED,
    (_F.APPEALED, _E.REJECT_APPEAL): None,
}


class FollowUpTransitionError(CodedError):
    """The step is not allowed from the follow-up's state."""

    code = "followup.illegal_transition"

    def __init__(self, followup_id: int, state: FollowUpState, event: FollowUpEvent) -> None:
        self.state = state
        self.event = event
        super().__init__(
            f"follow-up {followup_id} is {state.value}: {event.value} is not allowed now",
            f"差评整改{followup_id}当前为“{STATE_NAMES_ZH[state]}”，不能{EVENT_NAMES_ZH[event]}",
            detail={"followup": followup_id, "state": state.value, "event": event.value},
        )


class FollowUpErrorCode(StrEnum):
    NOT_FOUND = "followup.not_found"
    TEXT_REQUIRED = "followup.text_required"
    BAD_ASSIGNEE = "followup.bad_assignee"
    TEXT_TOO_LONG = "followup.text_too_long"
    FUTURE_TIME = "followup.future_time"
    ALREADY_APPEALED = "followup.already_appealed"
    OWN_APPEAL = "followup.own_appeal"
    CHANGED = "followup.changed"


class FollowUpError(CodedError):
    """A follow-up step refused for a reason other than its state (see the codes)."""

    code: FollowUpErrorCode

    def __init__(
        self, code: FollowUpErrorCode, message: str, message_zh: str, **detail: object
    ) -> None:
        super().__init__(message, message_zh, code=code, detail=detail)


def next_followup_state(
    followup_id: int,
    state: FollowUpState,
    event: FollowUpEvent,
    *,
    appealed_from: FollowUpState | None = None,
) -> FollowUpState:
    """The state after ``event``, or :class:`FollowUpTransitionError`."""
    key = (state, event)
    if key not in FOLLOWUP_MOVES:
        raise FollowUpTransitionError(followup_id, state, event)
    target = FOLLOWUP_MOVES[key]
    if target is None:  # a rejected appeal: back where it was appealed from
        return appealed_from or FollowUpState.OPEN
    return target


STATE_NAMES_ZH: Mapping[FollowUpState, str] = {
    _F.OPEN: "待分派",
    _F.ASSIGNED: "已分派",
    _F.CALLED_BACK: "已回访",
    _F.RECTIFIED: "已整改",
    _F.REPLIED: "已答复",
    _F.CLOSED: "已办结",
    _F.APPEALED: "申诉中",
    _F.VOIDED: "申诉成立",
}
EVENT_NAMES_ZH: Mapping[FollowUpEvent, str] = {
    _E.ASSIGN: "分派",
    _E.CALLBACK: "登记回访",
    _E.RECTIFY: "登记整改",
    _E.REPLY: "登记答复",
    _E.CLOSE: "办结",
    _E.APPEAL: "申诉",
    _E.UPHOLD_APPEAL: "认定申诉成立",
    _E.REJECT_APPEAL: "驳回申诉",
}


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    """One follow-up as the supervisor reads it: the rating, the case, each step so far."""

    id: int
    case_number: str
    matter_code: str
    matter_name: str
    #: The station whose service was rated (the visit's step was taken there).
    window: str
    visit_event: str
    score: int
    comment: str
    channel: RatingChannel
    rated_at: datetime
    state: FollowUpState
    opened_at: datetime
    #: The last day to close it (15 hall working days after the rating by default).
    due: date
    #: Hall working days in (today, due]; negative: how many it is late by.
    days_left: int
    #: Still open after its last day.
    late: bool
    assignee: str = ""
    assigned_at: datetime | None = None
    callback_at: datetime | None = None
    callback_by: str = ""
    callback_outcome: str = ""
    rectification: str = ""
    rectified_at: datetime | None = None
    rectified_by: str = ""
    reply: str = ""
    replied_at: datetime | None = None
    replied_by: str = ""
    closed_at: datetime | None = None
    closed_by: str = ""
    appeal_reason: str = ""
    appealed_at: datetime | None = None
    appealed_by: str = ""
    appeal_decision: AppealDecision | None = None
    appeal_decided_at: datetime | None = None
    appeal_decided_by: str = ""
    appeal_note: str = ""
    version: int = 1

    @property
    def open(self) -> bool:
        return self.state in OPEN_FOLLOWUP_STATES

    @property
    def rating_name_zh(self) -> str:
        return RATING_NAMES_ZH[self.score]


@dataclass(frozen=True, slots=True)
class GroupCount:
    """Open and late follow-ups of one matter or one window."""

    key: str
    name: str
    open: int
    late: int


@dataclass(frozen=True, slots=True)
class FollowUpCounts:
    """The dashboard's figures: open, late and appealed follow-ups, by matter and by window."""

    open: int
    late: int
    appealed: int
    by_matter: tuple[GroupCount, ...]
    by_window: tuple[GroupCount, ...]


@dataclass(frozen=True, slots=True)
class RatingCount:
    """Ratings of one matter or window in a period: how many, how many bad, the mean score
    (1 非常满意 … 5 非常不满意), leaving out the ``voided`` ones (an appeal upheld)."""

    key: str
    name: str
    total: int
    bad: int
    mean_score: float
    voided: int = 0

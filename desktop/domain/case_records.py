"""The smaller records a case is handed out with (its materials, steps, review tasks,
pauses, rating) and their code lists; :mod:`desktop.domain.cases` re-exports them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.workcalendar import PauseKind

__all__ = [
    "RATING_NAMES_ZH",
    "CaseMaterialRecord",
    "CaseStepRecord",
    "ClockPauseRecord",
    "RatingChannel",
    "RatingRecord",
    "ReviewTaskRecord",
    "TaskStatus",
    "is_bad_rating",
]


class TaskStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"
    CANCELLED = "cancelled"  # another department rejected, or the case ended


class RatingChannel(StrEnum):
    PAD = "pad"  # the window's evaluator pad
    KIOSK = "kiosk"
    WINDOW = "window"  # recorded by the clerk
    SMS = "sms"
    WEB = "web"
    APP = "app"
    HOTLINE = "hotline"


RATING_NAMES_ZH: Mapping[int, str] = {
    1: "非常满意",
    2: "满意",
    3: "基本满意",
    4: "不满意",
    5: "非常不满意",
}


def is_bad_rating(score: int) -> bool:
    """4 不满意 and 5 非常不满意 count as bad (差评) and must be followed up."""
    return score >= 4


@dataclass(frozen=True, slots=True)
class CaseMaterialRecord:
    code: str
    name_zh: str
    name_en: str
    essential: bool
    status: str  # desktop.domain.matters.materials.MaterialStatus value
    certificate_number: str = ""
    due: date | None = None  # 容缺: supply by
    supplied_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseStepRecord:
    """One processing step (GB/T 39046: one row per step)."""

    seq: int
    event: str
    action: str  # pass / return / other
    step: str
    handler: str
    station: str
    opinion: str
    started_at: datetime
    ended_at: datetime | None
    status: str  # "1" pending, "2" done
    from_state: str
    to_state: str


@dataclass(frozen=True, slots=True)
class ReviewTaskRecord:
    id: int
    case_number: str
    department_code: str
    department_name: str
    status: TaskStatus
    claimed_by: str
    decided_by: str
    opinion: str
    round: int


@dataclass(frozen=True, slots=True)
class ClockPauseRecord:
    id: int
    kind: PauseKind
    reason: str
    started_at: datetime
    ended_at: datetime | None
    #: Set when ended: how far the promised date moved, in the matter's limit unit (working
    #: days; calendar days for a calendar-day matter).
    working_days: int | None


@dataclass(frozen=True, slots=True)
class RatingRecord:
    """One rating of one visit of a case (一次一评)."""

    score: int
    comment: str
    channel: RatingChannel
    rated_at: datetime
    #: The case step (``case_steps.seq``) of the visit rated, and its event.
    visit_seq: int = 0
    visit_event: str = ""
    #: The station whose service was rated (where the visit's step was taken).
    window: str = ""
    #: The row's id, and the follow-up a bad rating opened (None for a good one).
    id: int = 0
    followup_id: int | None = None

    @property
    def bad(self) -> bool:
        return is_bad_rating(self.score)

    @property
    def name_zh(self) -> str:
        return RATING_NAMES_ZH[self.score]

"""Words and colours for the review desk's codes: queue filters, the case clock's warning, task
statuses, pause kinds, case states and step events.

The core speaks in stable codes; this is where the approver's window turns them into translated
text. Each string is written out in a ``QCoreApplication.translate`` call so that lupdate finds it.
A colour never carries meaning alone: every coloured cell also says it in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

from PySide6.QtCore import QCoreApplication

from desktop.domain.cases import (
    EVENT_NAMES_ZH,
    STATE_NAMES_ZH,
    CaseEvent,
    CaseState,
    CaseStepRecord,
    PauseKind,
    TaskStatus,
)
from desktop.domain.matters.model import Department
from desktop.domain.review import QueueFilter, QueueRow
from ui.clerk.texts import is_chinese, pick

__all__ = [
    "CLOCK_COLOURS",
    "OTHERS_COLOUR",
    "clock_level",
    "clock_text",
    "decision_name",
    "department_names",
    "document_kind_text",
    "event_text",
    "filter_text",
    "pause_kind_text",
    "state_text",
    "step_text",
    "task_status_text",
]

#: Row colours (background, text) per clock level; contrast ratio ≥ 4.5:1 for the text.
CLOCK_COLOURS: Final[dict[str, tuple[str, str]]] = {
    "normal": ("", ""),
    "yellow": ("#fef3c7", "#92400e"),
    "red": ("#fee2e2", "#991b1b"),
    "overdue": ("#991b1b", "#ffffff"),
    "paused": ("#e0e7ff", "#3730a3"),
}
#: The text of a row a colleague holds (greyed out: not yours to take).
OTHERS_COLOUR: Final = "#6b7280"


def filter_text(which: QueueFilter) -> str:
    texts = {
        QueueFilter.ALL: QCoreApplication.translate("ReviewTexts", "All"),
        QueueFilter.UNCLAIMED: QCoreApplication.translate("ReviewTexts", "Unclaimed"),
        QueueFilter.MINE: QCoreApplication.translate("ReviewTexts", "Mine"),
        QueueFilter.OTHERS: QCoreApplication.translate("ReviewTexts", "Claimed by others"),
        QueueFilter.DUE_TODAY: QCoreApplication.translate("ReviewTexts", "Due today"),
        QueueFilter.YELLOW: QCoreApplication.translate("ReviewTexts", "Yellow"),
        QueueFilter.RED: QCoreApplication.translate("ReviewTexts", "Red"),
        QueueFilter.OVERDUE: QCoreApplication.translate("ReviewTexts", "Overdue"),
        QueueFilter.RETURNED: QCoreApplication.translate("ReviewTexts", "Returned rounds"),
    }
    return texts[which]


def clock_level(row: QueueRow) -> str:
    """``overdue`` / ``red`` / ``yellow`` / ``normal`` / ``paused``, or "" with no running clock."""
    if row.paused:
        return "paused"
    if row.remaining_days is not None and row.remaining_days < 0:
        return "overdue"
    return row.warning


def days_left_text(days: int, promised: date | None = None) -> str:
    """Days left on the clock in words: due today, 1 day left, n days left, overdue by n.

    0 days left is "due today" only on the promised day itself: on a weekend after a Friday
    promise no working day has passed yet, and the words say so.
    """
    if days < 0:
        if days == -1:
            return QCoreApplication.translate("ReviewTexts", "Overdue by 1 day")
        return QCoreApplication.translate("ReviewTexts", "Overdue by {days} days").format(
            days=-days
        )
    if days == 0:
        if promised is not None and promised != date.today():
            return QCoreApplication.translate("ReviewTexts", "0 days left")
        return QCoreApplication.translate("ReviewTexts", "Due today")
    if days == 1:
        return QCoreApplication.translate("ReviewTexts", "1 day left")
    return QCoreApplication.translate("ReviewTexts", "{days} days left").format(days=days)


def clock_text(row: QueueRow) -> str:
    """The case clock in words, e.g. "3 days left · yellow" (never colour alone)."""
    days = row.remaining_days
    level = clock_level(row)
    if days is None:
        return QCoreApplication.translate("ReviewTexts", "No time limit")
    if level == "paused":
        return QCoreApplication.translate("ReviewTexts", "Paused · {clock}").format(
            clock=days_left_text(days, row.promised_date)
        )
    head = days_left_text(days, row.promised_date)
    if level == "yellow":
        return QCoreApplication.translate("ReviewTexts", "{clock} · yellow").format(clock=head)
    if level == "red":
        return QCoreApplication.translate("ReviewTexts", "{clock} · red").format(clock=head)
    return head


def task_status_text(row_status: TaskStatus, claimed_by: str, me: str) -> str:
    if row_status is TaskStatus.CLAIMED:
        if claimed_by == me:
            return QCoreApplication.translate("ReviewTexts", "Claimed by me")
        return QCoreApplication.translate("ReviewTexts", "Held by {user}").format(user=claimed_by)
    texts = {
        TaskStatus.OPEN: QCoreApplication.translate("ReviewTexts", "Unclaimed"),
        TaskStatus.APPROVED: QCoreApplication.translate("ReviewTexts", "Approved"),
        TaskStatus.REJECTED: QCoreApplication.translate("ReviewTexts", "Rejected"),
        TaskStatus.RETURNED: QCoreApplication.translate("ReviewTexts", "Returned for correction"),
        TaskStatus.CANCELLED: QCoreApplication.translate("ReviewTexts", "Cancelled"),
    }
    return texts.get(row_status, str(row_status))


def decision_name(event: CaseEvent) -> str:
    texts = {
        CaseEvent.APPROVE: QCoreApplication.translate("ReviewTexts", "Approve"),
        CaseEvent.REJECT: QCoreApplication.translate("ReviewTexts", "Reject"),
        CaseEvent.RETURN_FOR_CORRECTION: QCoreApplication.translate(
            "ReviewTexts", "Return for correction"
        ),
    }
    return texts.get(event, event.value)


def pause_kind_text(kind: PauseKind) -> str:
    texts = {
        PauseKind.EXTENSION: QCoreApplication.translate("ReviewTexts", "Extension"),
        PauseKind.HEARING: QCoreApplication.translate("ReviewTexts", "Hearing"),
        PauseKind.INSPECTION: QCoreApplication.translate("ReviewTexts", "On-site inspection"),
        PauseKind.EXPERT_REVIEW: QCoreApplication.translate("ReviewTexts", "Expert review"),
        PauseKind.SUPPLEMENT: QCoreApplication.translate(
            "ReviewTexts", "Applicant corrects materials"
        ),
        PauseKind.OTHER: QCoreApplication.translate("ReviewTexts", "Other special procedure"),
    }
    return texts.get(kind, str(kind))


def state_text(state: str, language: str) -> str:
    """A case state: the core's Chinese name, else the code made readable."""
    try:
        parsed = CaseState(state)
    except ValueError:
        return state
    if is_chinese(language):
        return STATE_NAMES_ZH[parsed]
    return parsed.value.replace("_", " ")


def event_text(event: str, language: str) -> str:
    """A step's event: the core's Chinese name, else the code made readable."""
    try:
        parsed = CaseEvent(event)
    except ValueError:
        return event
    if is_chinese(language):
        return EVENT_NAMES_ZH[parsed]
    return parsed.value.replace("_", " ")


def step_text(step: CaseStepRecord, language: str, departments: Mapping[str, str]) -> str:
    """A case step in words: its event, the department of a review step (``departments``: code
    → name), the state it led to, e.g. "审批通过 (公安) → 待出证"."""
    name = event_text(step.event, language)
    if step.step.startswith("review:"):  # a department's own step of the review
        code = step.step.removeprefix("review:")
        name += f" ({departments.get(code, code)})"
    if step.from_state != step.to_state and step.to_state:
        name += " → " + state_text(step.to_state, language)
    return name


def document_kind_text(kind: str) -> str:
    texts = {
        "acceptance_notice": QCoreApplication.translate("ReviewTexts", "Acceptance notice"),
        "supplement_notice": QCoreApplication.translate("ReviewTexts", "Supplement notice"),
        "refusal_notice": QCoreApplication.translate("ReviewTexts", "Refusal notice"),
        "deferred_materials_notice": QCoreApplication.translate(
            "ReviewTexts", "Materials-owed (容缺) notice"
        ),
        "permit_decision": QCoreApplication.translate("ReviewTexts", "Approval decision notice"),
        "denial_decision": QCoreApplication.translate("ReviewTexts", "Rejection decision notice"),
    }
    return texts.get(kind, kind.replace("_", " "))


def department_names(codes: Iterable[str], known: Mapping[str, Department], language: str) -> str:
    """An approver's departments in the interface language, in code order ("、" between them in
    Chinese); a department the catalog does not know by its code."""
    names = [
        pick(language, known[code].name_zh, known[code].name_en) if code in known else code
        for code in sorted(codes)
    ]
    return ("、" if is_chinese(language) else ", ").join(names)

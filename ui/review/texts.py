"""Words and colours for the review desk's codes: queue filters, the case clock's warning, task
statuses, pause kinds, case states and step events.

The core speaks in stable codes; this is where the approver's window turns them into translated
text. Each string is written out in a ``QCoreApplication.translate`` call so that lupdate finds it.
A colour never carries meaning alone: every coloured cell also says it in words.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QCoreApplication

from desktop.domain.cases import (
    EVENT_NAMES_ZH,
    STATE_NAMES_ZH,
    CaseEvent,
    CaseState,
    PauseKind,
    TaskStatus,
)
from desktop.domain.review import QueueFilter, QueueRow
from ui.clerk.texts import is_chinese

__all__ = [
    "CLOCK_COLOURS",
    "OTHERS_COLOUR",
    "clock_level",
    "clock_text",
    "decision_name",
    "document_kind_text",
    "event_text",
    "filter_text",
    "pause_kind_text",
    "state_text",
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


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewTexts", text)


def filter_text(which: QueueFilter) -> str:
    texts = {
        QueueFilter.ALL: _tr("All"),
        QueueFilter.UNCLAIMED: _tr("Unclaimed"),
        QueueFilter.MINE: _tr("Mine"),
        QueueFilter.OTHERS: _tr("Claimed by others"),
        QueueFilter.DUE_TODAY: _tr("Due today"),
        QueueFilter.YELLOW: _tr("Yellow"),
        QueueFilter.RED: _tr("Red"),
        QueueFilter.OVERDUE: _tr("Overdue"),
        QueueFilter.RETURNED: _tr("Returned rounds"),
    }
    return texts[which]


def clock_level(row: QueueRow) -> str:
    """``overdue`` / ``red`` / ``yellow`` / ``normal`` / ``paused``, or "" with no running clock."""
    if row.paused:
        return "paused"
    if row.remaining_days is not None and row.remaining_days < 0:
        return "overdue"
    return row.warning


def clock_text(row: QueueRow) -> str:
    """The case clock in words, e.g. "3 days left · yellow" (never colour alone)."""
    days = row.remaining_days
    level = clock_level(row)
    if days is None:
        return _tr("No time limit")
    if level == "paused":
        return _tr("Clock paused · {days} days left").format(days=days)
    if days < 0:
        return _tr("Overdue by {days} days").format(days=-days)
    head = _tr("Due today") if days == 0 else _tr("{days} days left").format(days=days)
    if level == "yellow":
        return _tr("{clock} · yellow warning").format(clock=head)
    if level == "red":
        return _tr("{clock} · red warning").format(clock=head)
    return head


def task_status_text(row_status: TaskStatus, claimed_by: str, me: str) -> str:
    if row_status is TaskStatus.CLAIMED:
        if claimed_by == me:
            return _tr("Claimed by me")
        return _tr("Held by {user}").format(user=claimed_by)
    texts = {
        TaskStatus.OPEN: _tr("Unclaimed"),
        TaskStatus.APPROVED: _tr("Approved"),
        TaskStatus.REJECTED: _tr("Rejected"),
        TaskStatus.RETURNED: _tr("Returned for correction"),
        TaskStatus.CANCELLED: _tr("Cancelled"),
    }
    return texts.get(row_status, str(row_status))


def decision_name(event: CaseEvent) -> str:
    texts = {
        CaseEvent.APPROVE: _tr("Approve"),
        CaseEvent.REJECT: _tr("Reject"),
        CaseEvent.RETURN_FOR_CORRECTION: _tr("Return for correction"),
    }
    return texts.get(event, event.value)


def pause_kind_text(kind: PauseKind) -> str:
    texts = {
        PauseKind.EXTENSION: _tr("Extension"),
        PauseKind.HEARING: _tr("Hearing"),
        PauseKind.INSPECTION: _tr("On-site inspection"),
        PauseKind.EXPERT_REVIEW: _tr("Expert review"),
        PauseKind.SUPPLEMENT: _tr("Applicant corrects materials"),
        PauseKind.OTHER: _tr("Other special procedure"),
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


def document_kind_text(kind: str) -> str:
    texts = {
        "acceptance_notice": _tr("Acceptance notice"),
        "supplement_notice": _tr("Supplement notice"),
        "refusal_notice": _tr("Refusal notice"),
        "deferred_materials_notice": _tr("Materials-owed (容缺) notice"),
        "approval_notice": _tr("Approval decision notice"),
        "rejection_notice": _tr("Rejection decision notice"),
    }
    return texts.get(kind, kind.replace("_", " "))

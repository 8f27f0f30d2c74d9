"""The kiosk's words for what the core says in codes: case states in plain words, print
results, ratings. Each string is written out in a ``QCoreApplication.translate`` call so that
lupdate finds it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.domain.cases import CaseState

__all__ = ["RATING_SCORES", "print_failure_text", "rating_text", "state_text", "tr"]


def tr(text: str) -> str:
    return QCoreApplication.translate("KioskTexts", text)


def state_text(state: CaseState) -> str:
    """What a case's state means for the person, in plain words."""
    words = {
        CaseState.DRAFT: QCoreApplication.translate("KioskTexts", "Not handed in yet"),
        CaseState.ACCEPTED: QCoreApplication.translate(
            "KioskTexts", "Received — we are working on it"
        ),
        CaseState.REFUSED: QCoreApplication.translate(
            "KioskTexts", "Not accepted — see the notice you were given"
        ),
        CaseState.AWAITING_SUPPLEMENT: QCoreApplication.translate(
            "KioskTexts", "Waiting for papers from you"
        ),
        CaseState.IN_REVIEW: QCoreApplication.translate(
            "KioskTexts", "Being checked by the departments"
        ),
        CaseState.RETURNED: QCoreApplication.translate(
            "KioskTexts", "Sent back to you for a correction"
        ),
        CaseState.APPROVED: QCoreApplication.translate(
            "KioskTexts", "Approved — the result is being prepared"
        ),
        CaseState.REJECTED: QCoreApplication.translate("KioskTexts", "Not approved"),
        CaseState.READY_TO_ISSUE: QCoreApplication.translate(
            "KioskTexts", "Ready — come and collect it"
        ),
        CaseState.ISSUED: QCoreApplication.translate("KioskTexts", "Finished — handed out"),
        CaseState.WITHDRAWN: QCoreApplication.translate("KioskTexts", "Withdrawn by you"),
        CaseState.TERMINATED: QCoreApplication.translate("KioskTexts", "Closed by the hall"),
    }
    return words.get(state, str(state))


# 1 非常满意 … 5 非常不满意 (the national 好差评 scale), best first.
RATING_SCORES = (1, 2, 3, 4, 5)


def rating_text(score: int) -> str:
    words = {
        1: QCoreApplication.translate("KioskTexts", "Very satisfied"),
        2: QCoreApplication.translate("KioskTexts", "Satisfied"),
        3: QCoreApplication.translate("KioskTexts", "Fairly satisfied"),
        4: QCoreApplication.translate("KioskTexts", "Dissatisfied"),
        5: QCoreApplication.translate("KioskTexts", "Very dissatisfied"),
    }
    return words[score]


def print_failure_text(code: str) -> str:
    """Why the paper did not come out, and that it waits (a print job's error code)."""
    if code in ("print.printer_missing",):
        return QCoreApplication.translate(
            "KioskTexts",
            "The printer is offline. Nothing was printed; your print is kept. Tap “Try again” "
            "in a moment, or ask the staff.",
        )
    if code in ("print.printer_failed", "print.interrupted"):
        return QCoreApplication.translate(
            "KioskTexts",
            "The printer is out of paper or not ready. Nothing was printed; your print is kept. "
            "Tap “Try again” once it is fixed, or ask the staff.",
        )
    if code.startswith("document."):
        return QCoreApplication.translate(
            "KioskTexts", "This document cannot be printed here. Please ask at the window."
        )
    return QCoreApplication.translate(
        "KioskTexts",
        "The print did not work. Nothing was printed; your print is kept. Please ask the staff.",
    )

"""The decision panel: approve / reject / return for correction, with an opinion; keyboard first.

Alt+A, Alt+R and Alt+T choose the decision (and put the cursor in the opinion), Alt+O opens the
matter's common opinions, Ctrl+Enter submits. A rejection or a return needs an opinion (the
applicant reads it): the panel says so and keeps the cursor there instead of asking the core.
The clock of a special procedure (extension, hearing, inspection…) is paused with its kind and a
reason, and resumed. After a decision the panel shows what it did to the case — the other
departments still deciding, or, when this was the last approval, "ready to issue" and the decision
notice issued — and offers the next task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseEvent, CaseState, PauseKind, TaskStatus
from desktop.domain.review import DecisionResult
from ui.review import texts

__all__ = ["DecisionPanel", "PauseDialog"]

#: Decision → its shortcut.
DECISION_KEYS = {
    CaseEvent.APPROVE: "Alt+A",
    CaseEvent.REJECT: "Alt+R",
    CaseEvent.RETURN_FOR_CORRECTION: "Alt+T",
}
DECISION_COLOURS = {
    CaseEvent.APPROVE: "#15803d",
    CaseEvent.REJECT: "#b91c1c",
    CaseEvent.RETURN_FOR_CORRECTION: "#b45309",
}


class PauseDialog(QDialog):
    """A special procedure: its kind and the reason (both recorded on the case)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pause the clock"))
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("pauseKind")
        for kind in PauseKind:
            self.kind_box.addItem(texts.pause_kind_text(kind), kind)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("pauseReason")
        self.reason_edit.setPlaceholderText(self.tr("Why the clock stops (recorded)"))
        self.reason_edit.setMinimumWidth(360)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.reason_edit.textChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))
        form = QFormLayout(self)
        form.addRow(self.tr("Special procedure"), self.kind_box)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow(self.buttons)

    def kind(self) -> PauseKind:
        return PauseKind(self.kind_box.currentData())

    def reason(self) -> str:
        return self.reason_edit.text().strip()


class DecisionPanel(QFrame):
    """See the module docstring."""

    #: Submit this decision with this opinion (checked: reject/return have one).
    sig_decide = Signal(object, str)  # CaseEvent, opinion
    #: Pause the case's clock: kind, reason.
    sig_pause = Signal(object, str)
    sig_resume = Signal()
    #: The approver wants the next task (offered after a decision).
    sig_claim_next = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._busy = False
        self._paused = False

        self.buttons: dict[CaseEvent, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        choice_row = QHBoxLayout()
        names = {
            CaseEvent.APPROVE: self.tr("Approve (Alt+A)"),
            CaseEvent.REJECT: self.tr("Reject (Alt+R)"),
            CaseEvent.RETURN_FOR_CORRECTION: self.tr("Return for correction (Alt+T)"),
        }
        for event, text in names.items():
            button = QPushButton(text, self)
            button.setObjectName(f"decide_{event.value}")
            button.setCheckable(True)
            button.setStyleSheet(
                f"QPushButton:checked {{ background: {DECISION_COLOURS[event]}; color: #ffffff;"
                " font-weight: bold; }"
            )
            button.clicked.connect(lambda _=False, e=event: self.choose(e))
            self.group.addButton(button)
            self.buttons[event] = button
            choice_row.addWidget(button)

        self.opinions_box = QComboBox(self)
        self.opinions_box.setObjectName("commonOpinions")
        self.opinions_box.activated.connect(self._on_opinion_picked)
        self.opinion_edit = QPlainTextEdit(self)
        self.opinion_edit.setObjectName("opinionEdit")
        self.opinion_edit.setPlaceholderText(
            self.tr("Opinion (required to reject or return; the applicant reads it)")
        )
        self.opinion_edit.setTabChangesFocus(True)
        self.opinion_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.opinion_edit.textChanged.connect(self._clear_message)

        self.submit_button = QPushButton(self.tr("Submit decision (Ctrl+Enter)"), self)
        self.submit_button.setObjectName("submitDecision")
        self.submit_button.clicked.connect(self.submit)
        self.pause_button = QPushButton(self.tr("Pause clock…"), self)
        self.pause_button.setObjectName("pauseClock")
        self.pause_button.setToolTip(self.tr("A special procedure stops the case's clock"))
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.resume_button = QPushButton(self.tr("Resume clock"), self)
        self.resume_button.setObjectName("resumeClock")
        self.resume_button.clicked.connect(self.sig_resume)
        self.message = QLabel(self)
        self.message.setObjectName("decisionMessage")
        self.message.setWordWrap(True)

        # ---- after a decision
        self.result_label = QLabel(self)
        self.result_label.setObjectName("decisionResult")
        self.result_label.setWordWrap(True)
        self.next_button = QPushButton(self.tr("Next task (F2)"), self)
        self.next_button.setObjectName("nextTaskButton")
        self.next_button.clicked.connect(self.sig_claim_next)
        self.result_row = QWidget(self)
        result_layout = QHBoxLayout(self.result_row)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.result_label, 1)
        result_layout.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignTop)
        self.result_row.hide()

        opinions_row = QHBoxLayout()
        opinions_label = QLabel(self.tr("Common opinions (Alt+O):"), self)
        opinions_label.setBuddy(self.opinions_box)
        opinions_row.addWidget(opinions_label)
        opinions_row.addWidget(self.opinions_box, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.pause_button)
        actions.addWidget(self.resume_button)
        actions.addWidget(self.message, 1)
        actions.addWidget(self.submit_button)

        self.editor = QWidget(self)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(4)
        editor_layout.addLayout(choice_row)
        editor_layout.addLayout(opinions_row)
        editor_layout.addWidget(self.opinion_edit)
        editor_layout.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.editor)
        layout.addWidget(self.result_row)

        for event, keys in DECISION_KEYS.items():
            self._shortcut(keys, partial(self.choose, event))
        self._shortcut("Alt+O", self._open_opinions)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            self._shortcut(keys, self.submit)
        self.set_task(None)

    def _shortcut(self, keys: str, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    # ---- the task ---------------------------------------------------------------------------

    def set_task(
        self,
        status: TaskStatus | None,
        *,
        opinions: Sequence[str] = (),
        paused: bool = False,
        mine: bool = True,
    ) -> None:
        """A task is open (None: none is): reset the decision, offer the matter's opinions."""
        self._busy = False
        self._paused = paused
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.opinion_edit.clear()
        self.opinions_box.clear()
        self.opinions_box.addItem(self.tr("— pick a common opinion —"), "")
        for text in opinions:
            self.opinions_box.addItem(text, text)
        self.result_row.hide()
        self.editor.show()
        open_ = status is TaskStatus.CLAIMED and mine
        self.editor.setEnabled(open_)
        self.pause_button.setVisible(not paused)
        self.resume_button.setVisible(paused)
        self._clear_message()
        if status is None:
            self.show_message(self.tr("Claim a task to decide it (F2: the most urgent)."))
        elif not open_:
            self.show_message(self.tr("This task is not claimed by you: claim it to decide."))

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        self.pause_button.setVisible(not paused)
        self.resume_button.setVisible(paused)

    @property
    def decision(self) -> CaseEvent | None:
        for event, button in self.buttons.items():
            if button.isChecked():
                return event
        return None

    def opinion(self) -> str:
        return self.opinion_edit.toPlainText().strip()

    def choose(self, event: CaseEvent) -> None:
        if not self.editor.isEnabled() or not self.editor.isVisible():
            return
        self.buttons[event].setChecked(True)
        self._clear_message()
        self.opinion_edit.setFocus()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
        if busy:
            self.show_message(self.tr("Saving the decision…"))

    @Slot()
    def submit(self) -> None:
        if self._busy or not self.editor.isEnabled() or not self.editor.isVisible():
            return
        decision = self.decision
        if decision is None:
            self.show_message(
                self.tr("Choose a decision first: Alt+A approve, Alt+R reject, Alt+T return."),
                error=True,
            )
            return
        opinion = self.opinion()
        if not opinion and decision is not CaseEvent.APPROVE:
            self.show_message(
                self.tr("{decision} needs an opinion: the applicant reads it.").format(
                    decision=texts.decision_name(decision)
                ),
                error=True,
            )
            self.opinion_edit.setFocus()
            return
        self.sig_decide.emit(decision, opinion)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "")

    @Slot()
    def _clear_message(self) -> None:
        if not self._busy:
            self.message.setText("")

    @Slot(int)
    def _on_opinion_picked(self, index: int) -> None:
        text = self.opinions_box.itemData(index)
        if text:
            current = self.opinion()
            self.opinion_edit.setPlainText(f"{current}\n{text}" if current else str(text))
            self.opinion_edit.setFocus()
            cursor = self.opinion_edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.opinion_edit.setTextCursor(cursor)

    def _open_opinions(self) -> None:
        if self.editor.isEnabled() and self.editor.isVisible() and self.opinions_box.count() > 1:
            self.opinions_box.setFocus()
            self.opinions_box.showPopup()

    @Slot()
    def _on_pause_clicked(self) -> None:
        dialog = PauseDialog(self)
        dialog.setObjectName("pauseDialog")

        def done(code: int) -> None:
            if code == QDialog.DialogCode.Accepted and dialog.reason():
                self.sig_pause.emit(dialog.kind(), dialog.reason())
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    # ---- after a decision -------------------------------------------------------------------

    def show_result(self, decision: CaseEvent, result: DecisionResult) -> None:
        """What the decision did to the case (fan-in), and the next task offered."""
        self._busy = False
        self.submit_button.setEnabled(True)
        case = result.case
        lines = [
            self.tr("{decision}: recorded for case {number}.").format(
                decision=texts.decision_name(decision), number=case.number
            )
        ]
        if decision is CaseEvent.APPROVE:
            if case.state is CaseState.READY_TO_ISSUE:
                lines.append(
                    self.tr("All departments approved: the case is ready to issue at any window.")
                )
            elif result.fan_in_complete or case.state is CaseState.APPROVED:
                lines.append(
                    self.tr("All departments approved: the result is prepared for the window next.")
                )
            else:
                waiting = [
                    t.department_name
                    for t in case.tasks
                    if t.status in (TaskStatus.OPEN, TaskStatus.CLAIMED)
                ]
                if waiting:
                    lines.append(
                        self.tr("Still deciding: {departments}.").format(
                            departments="、".join(waiting)
                        )
                    )
        elif decision is CaseEvent.REJECT:
            lines.append(self.tr("The case is rejected; the other departments' tasks are closed."))
        else:
            lines.append(self.tr("The case goes back to the applicant for correction."))
        for doc in result.documents:
            lines.append(
                self.tr("Issued: {kind} {number}").format(
                    kind=texts.document_kind_text(str(getattr(doc, "kind", ""))),
                    number=str(getattr(doc, "number", "")),
                )
            )
        self.result_label.setText("\n".join(lines))
        self.editor.hide()
        self.result_row.show()
        self.next_button.setFocus()

    def show_error(self, text: str) -> None:
        self._busy = False
        self.submit_button.setEnabled(True)
        self.show_message(text, error=True)

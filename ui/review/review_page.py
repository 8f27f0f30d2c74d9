"""The approver's screen: the department's queue on the left; the claimed case, as evidence, and
the decision panel on the right.

Keys: F2 (or Ctrl+N) claims the most urgent open task and opens it; Enter on a row claims that
one (or opens it, when it is already mine); Alt+A / Alt+R / Alt+T and Ctrl+Enter decide; Ctrl+F
goes to the search box.

Every backend call runs on the worker through :func:`ui.tasks.run_task`. Two guards keep answers
where they belong: a queue page that arrives after a newer query was asked is dropped, and an
answer about a task (its evidence, a decision, the dossier) is dropped once another task is on
screen. The queue refreshes when the live feed says a task of one of the approver's departments
changed (``review:<department>``), and on a slow timer as a fallback; a refresh keeps the
selection and the scroll position.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseDetail, CaseEvent, PauseKind, TaskStatus
from desktop.domain.errors import CodedError
from desktop.domain.permissions import Permission, Principal
from desktop.domain.registry import PersonDossier
from desktop.domain.review import CaseEvidence, DecisionResult, QueuePage, QueueQuery, QueueRow
from ui import errors
from ui.live import RESYNC, ChangeFeed
from ui.live_refresh import LiveRefresh
from ui.review.case_view import CaseView, MatterLookup
from ui.review.decision_panel import DecisionPanel
from ui.review.ports import ReviewBackend
from ui.review.queue_page import QueueView
from ui.tasks import run_task, while_open

__all__ = ["ReviewPage"]

log = logging.getLogger(__name__)

#: Seconds between two refreshes when no live change arrives (the fallback poll).
POLL_SECONDS = 30
#: Live changes arriving within this many milliseconds are one refresh.
COALESCE_MS = 150


class ReviewPage(QWidget):
    """See the module docstring."""

    #: A queue page is on screen (after each load).
    sig_queue_shown = Signal(object)  # QueuePage
    #: A task's evidence is on screen.
    sig_task_opened = Signal(object)  # CaseEvidence
    #: A decision was recorded.
    sig_decided = Signal(object)  # DecisionResult
    #: An error was shown (its translated text).
    sig_error = Signal(str)
    #: "Claim next" answered: the claimed row, or None when nothing was open.
    sig_claimed_next = Signal(object)

    def __init__(
        self,
        backend: ReviewBackend,
        *,
        language: str = "zh_CN",
        matter_of: MatterLookup | None = None,
        matters: Iterable[tuple[str, str]] = (),
        poll_seconds: int = POLL_SECONDS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self.backend = backend
        self.language = language
        self.principal: Principal | None = None
        #: The task on screen (claimed by me, or looked at).
        self.current: QueueRow | None = None
        self.evidence: CaseEvidence | None = None
        #: Bumped for every queue query: an older page is dropped.
        self._query_seq = 0
        #: Bumped whenever the task on screen changes: answers about the previous one are dropped.
        self._task_seq = 0
        #: Answers dropped by the guards (for the log and the tests).
        self.dropped = 0
        self._stopped = False

        self.queue = QueueView(matters=tuple(matters), parent=self)
        self.queue.setMinimumWidth(420)
        self.queue.sig_query_changed.connect(lambda _q: self.refresh())
        self.queue.sig_claim_next.connect(self.claim_next)
        self.queue.sig_open_task.connect(self.open_row)
        self.queue.sig_unclaim.connect(self.ask_unclaim)
        self.queue.sig_reassign.connect(self.ask_reassign)
        self.queue.model.dataChanged.connect(lambda *_: self.queue._update_buttons())

        self.case_view = CaseView(language=language, matter_of=matter_of, parent=self)
        self.case_view.sig_dossier_requested.connect(self.load_dossier)
        self.decision = DecisionPanel(self)
        self.decision.sig_decide.connect(self.decide)
        self.decision.sig_pause.connect(self.pause_clock)
        self.decision.sig_resume.connect(self.resume_clock)
        self.decision.sig_claim_next.connect(self.claim_next)

        self.placeholder = QLabel(
            self.tr(
                "No task open.\n\nF2: claim the most urgent task nobody holds.\n"
                "Enter: claim the task chosen in the queue."
            ),
            self,
        )
        self.placeholder.setObjectName("reviewPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        font = self.placeholder.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.placeholder.setFont(font)
        task_side = QWidget(self)
        task_layout = QVBoxLayout(task_side)
        task_layout.setContentsMargins(0, 0, 0, 0)
        task_layout.setSpacing(6)
        task_layout.addWidget(self.case_view, 1)
        task_layout.addWidget(self.decision)
        self.task_side = task_side
        self.right = QStackedWidget(self)
        self.right.addWidget(self.placeholder)
        self.right.addWidget(task_side)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.queue)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        for keys, slot in (
            ("F2", self.claim_next),
            ("Ctrl+N", self.claim_next),
            ("Ctrl+F", self.focus_search),
            ("F5", self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        # (debounced: a burst of changes is one refresh after its last change; a steady stream
        # refreshes once a second)
        self.live = LiveRefresh(
            self.refresh,
            wants=self._wants,
            coalesce_ms=COALESCE_MS,
            poll_ms=max(1, poll_seconds) * 1000,
            debounce=True,
            parent=self,
        )

    # ---- set-up -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and self.width() > 0:
            self._sized = True  # the queue two fifths, the case the rest (the user may drag)
            self.splitter.setSizes([self.width() * 2 // 5, self.width() * 3 // 5])

    def set_principal(self, principal: Principal) -> None:
        self.principal = principal
        self.queue.set_me(principal.user, supervisor=principal.has(Permission.REVIEW_REASSIGN))
        self.refresh()
        self.live.restart_poll()

    def attach_feed(self, feed: ChangeFeed) -> None:
        """Refresh on the live feed's changes of my departments' tasks."""
        self.live.follow(feed)

    def topics(self) -> frozenset[str]:
        """The live topics this desk follows: ``review:<department>`` of the approver's."""
        principal = self.principal
        if principal is None:
            return frozenset()
        return frozenset(f"review:{d}" for d in principal.departments)

    @Slot(object)
    def on_changes(self, topics: object) -> None:
        """What the live feed says (``attach_feed`` connects it): a refresh soon if it is mine."""
        self.live.on_changes(topics)

    def _wants(self, topics: frozenset[str]) -> bool:
        if self.principal is None:
            return False
        mine = self.topics()
        sees_all = self.principal.has(Permission.REVIEW_REASSIGN)  # a supervisor: every queue
        return any(
            t == RESYNC or t in mine or (sees_all and t.startswith("review:")) for t in topics
        )

    def focus_search(self) -> None:
        self.queue.search_edit.setFocus()
        self.queue.search_edit.selectAll()

    def stop(self) -> None:
        """The page goes away: no more refreshes, answers still on their way are dropped."""
        self._stopped = True
        self.live.stop()

    # ---- the queue ----------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Load the queue page of the current query (an older answer still coming is dropped)."""
        principal = self.principal
        if principal is None or self._stopped:
            return
        self.live.restart_poll()  # the fallback counts from the last load
        self._query_seq += 1
        seq = self._query_seq
        query: QueueQuery = self.queue.query
        backend = self.backend

        def done(page: QueuePage | None, error: BaseException | None) -> None:
            if seq != self._query_seq:
                self.dropped += 1
                log.debug("dropped a queue page for an older query")
                return
            if error is not None or page is None:
                self._show_queue_error(error)
                return
            self.queue.show_page(page)
            self._follow_current(page)
            self.sig_queue_shown.emit(page)

        run_task(lambda: backend.queue(principal, query), self._alive(done))

    def _follow_current(self, page: QueuePage) -> None:
        """The task on screen as the queue now has it (claim expired, taken over)."""
        if self.current is None:
            return
        for row in page.rows:
            if row.task_id == self.current.task_id:
                was_mine = self._mine(self.current)
                self.current = row
                if was_mine and not self._mine(row) and self.decision.editor.isVisible():
                    self.decision.set_task(row.status, mine=False, paused=row.paused)
                    if row.claimed_by:
                        self.decision.show_message(
                            self.tr("{user} holds this task now.").format(user=row.claimed_by),
                            error=True,
                        )
                return

    def _mine(self, row: QueueRow) -> bool:
        return (
            self.principal is not None
            and row.status is TaskStatus.CLAIMED
            and row.claimed_by == self.principal.user
        )

    # ---- claiming -----------------------------------------------------------------------------

    @Slot()
    def claim_next(self) -> None:
        principal = self.principal
        if principal is None:
            return
        backend = self.backend
        self.queue.show_status(self.tr("Claiming the most urgent task…"))

        def done(row: QueueRow | None, error: BaseException | None) -> None:
            if error is not None:
                self._show_queue_error(error)
                return
            self.sig_claimed_next.emit(row)
            if row is None:
                self.queue.show_status(self.tr("Nothing is waiting: every task is claimed."))
                self.refresh()
                return
            self.queue.show_status(self.tr("Claimed {number}.").format(number=row.case_number))
            self.open_task(row)
            self.refresh()

        run_task(lambda: backend.claim_next(principal), self._alive(done))

    @Slot(object)
    def open_row(self, row: QueueRow) -> None:
        """Enter on a row: open it if it is mine, claim it if it is open; a colleague's: say so."""
        principal = self.principal
        if principal is None:
            return
        if self._mine(row):
            self.open_task(row)
            return
        if self.queue.model.held_by_other(row):
            self.queue.show_status(
                self.tr("{user} is working on {number}.").format(
                    user=row.claimed_by, number=row.case_number
                ),
                error=True,
            )
            return
        backend = self.backend
        task_id = row.task_id

        def done(claimed: QueueRow | None, error: BaseException | None) -> None:
            if error is not None or claimed is None:
                if isinstance(error, CodedError) and error.code == "review.already_claimed":
                    holder = str(error.detail.get("claimed_by", "") or "")
                    self.queue.model.mark_held(task_id, holder)
                self._show_queue_error(error)
                self.refresh()
                return
            self.queue.model.update_row(claimed)
            self.queue.show_status(self.tr("Claimed {number}.").format(number=claimed.case_number))
            self.open_task(claimed)
            self.refresh()

        run_task(lambda: backend.claim(principal, task_id), self._alive(done))

    def open_task(self, row: QueueRow) -> None:
        """Show a task's case as evidence (a new task: answers about the previous are dropped)."""
        principal = self.principal
        if principal is None:
            return
        self._task_seq += 1
        self.current = row
        self.evidence = None
        self.queue.select_task(row.task_id)
        self.queue.set_narrow(True)
        self.right.setCurrentWidget(self.task_side)
        self.decision.set_task(None)
        self.decision.show_message(self.tr("Opening {number}…").format(number=row.case_number))
        backend = self.backend
        number = row.case_number
        self._run(
            lambda: backend.evidence(principal, number),
            lambda ev, error: self._on_evidence(row, ev, error),
        )

    def _on_evidence(
        self, row: QueueRow, evidence: CaseEvidence | None, error: BaseException | None
    ) -> None:
        if error is not None or evidence is None:
            self.decision.show_error(self._error_text(error))
            self.sig_error.emit(self._error_text(error))
            return
        self.evidence = evidence
        self.case_view.show_evidence(evidence)
        self.decision.set_task(
            row.status,
            opinions=evidence.common_opinions,
            paused=evidence.case.summary.paused,
            mine=self._mine(row),
        )
        self.sig_task_opened.emit(evidence)

    def close_task(self) -> None:
        self._task_seq += 1
        self.current = None
        self.evidence = None
        self.right.setCurrentWidget(self.placeholder)
        self.queue.set_narrow(False)
        self.decision.set_task(None)

    @Slot(object)
    def ask_unclaim(self, row: QueueRow) -> None:
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Give the task back"),
            self.tr("Why do you give {number} back? (recorded)").format(number=row.case_number),
        )
        if ok and reason.strip():
            self.unclaim(row, reason.strip())

    def unclaim(self, row: QueueRow, reason: str) -> None:
        principal = self.principal
        if principal is None:
            return
        backend = self.backend
        task_id = row.task_id

        def done(_none: None, error: BaseException | None) -> None:
            if error is not None:
                self._show_queue_error(error)
                return
            if self.current is not None and self.current.task_id == task_id:
                self.close_task()
            self.queue.show_status(
                self.tr("{number} is back in the queue.").format(number=row.case_number)
            )
            self.refresh()

        run_task(lambda: backend.unclaim(principal, task_id, reason), self._alive(done))

    @Slot(object)
    def ask_reassign(self, row: QueueRow) -> None:
        user, ok = QInputDialog.getText(
            self,
            self.tr("Reassign the task"),
            self.tr("Hand {number} to which approver (user name)?").format(number=row.case_number),
        )
        if not ok or not user.strip():
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Reassign the task"),
            self.tr("Why? (recorded)"),
        )
        if ok and reason.strip():
            self.reassign(row, user.strip(), reason.strip())

    def reassign(self, row: QueueRow, to_user: str, reason: str) -> None:
        principal = self.principal
        if principal is None:
            return
        backend = self.backend
        task_id = row.task_id

        def done(new: QueueRow | None, error: BaseException | None) -> None:
            if error is not None or new is None:
                self._show_queue_error(error)
                return
            self.queue.model.update_row(new)
            self.queue.show_status(
                self.tr("{number} is now with {user}.").format(number=row.case_number, user=to_user)
            )
            self.refresh()

        run_task(lambda: backend.reassign(principal, task_id, to_user, reason), self._alive(done))

    # ---- deciding -----------------------------------------------------------------------------

    @Slot(object, str)
    def decide(self, decision: CaseEvent, opinion: str) -> None:
        principal, row = self.principal, self.current
        if principal is None or row is None:
            return
        backend = self.backend
        self.decision.set_busy(True)

        def done(result: DecisionResult | None, error: BaseException | None) -> None:
            if error is not None or result is None:
                self.decision.show_error(self._error_text(error))
                self.sig_error.emit(self._error_text(error))
                if isinstance(error, CodedError) and error.code.startswith("review."):
                    self.refresh()
                return
            self.decision.show_result(decision, result)
            self.case_view.show_case(result.case)
            self.sig_decided.emit(result)
            self.refresh()

        task_id = row.task_id
        self._run(lambda: backend.decide(principal, task_id, decision, opinion), done)

    @Slot(object, str)
    def pause_clock(self, kind: PauseKind, reason: str) -> None:
        principal, row = self.principal, self.current
        if principal is None or row is None:
            return
        backend = self.backend
        number = row.case_number
        self._run(
            lambda: backend.pause_clock(principal, number, kind, reason), self._on_clock_changed
        )

    @Slot()
    def resume_clock(self) -> None:
        principal, row = self.principal, self.current
        if principal is None or row is None:
            return
        backend = self.backend
        number = row.case_number
        self._run(lambda: backend.resume_clock(principal, number), self._on_clock_changed)

    def _on_clock_changed(self, case: CaseDetail | None, error: BaseException | None) -> None:
        if error is not None or case is None:
            self.decision.show_error(self._error_text(error))
            return
        self.case_view.show_case(case)
        self.decision.set_paused(case.summary.paused)
        self.decision.show_message(
            self.tr("The clock is paused.") if case.summary.paused else self.tr("The clock runs.")
        )
        self.refresh()

    # ---- the dossier --------------------------------------------------------------------------

    @Slot(str)
    def load_dossier(self, purpose: str) -> None:
        principal, row = self.principal, self.current
        if principal is None or row is None:
            return
        backend = self.backend
        number = row.case_number

        def done(dossier: PersonDossier | None, error: BaseException | None) -> None:
            if error is not None:
                self.case_view.show_dossier_error(self._error_text(error))
                return
            self.case_view.show_dossier(dossier, purpose)

        self._run(lambda: backend.dossier(principal, number, purpose), done)

    # ---- plumbing -----------------------------------------------------------------------------

    def _run(
        self, work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]
    ) -> None:
        """``work`` on the worker; ``done`` only if the same task is still on screen."""
        seq = self._task_seq

        def guarded(result: Any, error: BaseException | None) -> None:
            if seq == self._task_seq:
                done(result, error)
            else:
                self.dropped += 1
                log.debug("dropped a worker answer for a task no longer on screen")

        run_task(work, self._alive(guarded))

    def _alive(
        self, done: Callable[[Any, BaseException | None], None]
    ) -> Callable[[Any, BaseException | None], None]:
        """``done``, unless the page is gone by the time the answer arrives (window closed)."""
        return while_open(self, lambda: not self._stopped, done, "a closed review page")

    def _error_text(self, error: BaseException | None) -> str:
        if error is not None and not isinstance(error, CodedError):
            log.error("review desk: unexpected error", exc_info=error)
        return errors.error_text(error, place=errors.Place.REVIEW, language=self.language)

    def _show_queue_error(self, error: BaseException | None) -> None:
        text = self._error_text(error)
        self.queue.show_status(text, error=True)
        self.sig_error.emit(text)

"""The clerk's desk: card → person → matters → pre-filled forms → accept → printed paper.

Three states, one page:

* **waiting** — "place the ID card on the reader" (or type the number when the card is lost);
* **serving** — the person on the left; the matter picker and one tab per picked matter (form,
  materials checklist, rental-tax preview); Ctrl+Enter accepts the current matter;
* **done** — each submitted tab shows its outcome (case number large, documents and their print
  status); the rating row asks the applicant; F12 (next person) clears everything.

Nothing typed is lost: every change is saved as a draft (debounced) through the backend; when
the database cannot take it, the draft goes to a local file and the page says so; the next
start offers to resume it. All backend calls run through :func:`ui.tasks.run_task`.

The page's parts: :mod:`ui.clerk.matter_tab` (a matter's tab and its outcome view, built once
per matter and wiped between visits), :mod:`ui.clerk.desk_drafts` (what a draft holds, saving
and resuming it), :mod:`desktop.services.local_drafts` (the drafts kept on this computer, no
Qt), :mod:`ui.clerk.desk_backend` (the ports) and :mod:`ui.clerk.desk_errors` (error texts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseEvent
from desktop.domain.matters.materials import MaterialsDecision
from desktop.domain.matters.model import Matter
from desktop.domain.matters.suggestions import suggest_matters
from desktop.domain.permissions import Principal
from desktop.domain.visit import Outcome, Visit
from desktop.services.local_drafts import drop_local_draft_of
from ui.clerk.desk_backend import DeskBackend, PrintBackend
from ui.clerk.desk_drafts import (
    DraftPayload,
    MatterWork,
    SavedDraft,
    draft_payload,
    resumed,
    save_draft,
)
from ui.clerk.desk_errors import error_text
from ui.clerk.matter_picker import MatterPicker
from ui.clerk.matter_tab import MatterTab, OutcomeView
from ui.clerk.person_panel import CaseLine, PersonPanel
from ui.clerk.texts import pick
from ui.refcounts import keep_singletons_alive
from ui.tasks import run_task

# (the page's parts live beside it; these names stay importable from here)
__all__ = ["DeskBackend", "DeskPage", "MatterTab", "OutcomeView", "PrintBackend", "error_text"]

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800
#: How many matters' tabs are kept (wiped) for later visits, instead of being built again.
SPARE_TABS = 6


class _Relay(QObject):
    """Carries a print thread's result to the GUI thread (a queued signal)."""

    sig_done = Signal(object, object)


@dataclass
class _MatterState:
    matter: Matter
    tab: MatterTab
    outcome: Outcome | None = None


class DeskPage(QWidget):
    """See the module docstring."""

    sig_visit_opened = Signal(object)  # Visit
    sig_outcome = Signal(object)  # Outcome
    sig_draft_saved = Signal(str)  # draft id ("" when saved locally)
    sig_cleared = Signal()
    sig_error = Signal(str)
    sig_printed = Signal(str, str)  # document number, status text

    def __init__(
        self,
        backend: DeskBackend,
        *,
        printer: PrintBackend | None = None,
        language: str = "zh_CN",
        today: Callable[[], date] = date.today,
        local_draft_file: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deskPage")
        self.backend = backend
        self.printer = printer
        self.language = language
        self.today = today
        self.local_draft_file = local_draft_file
        self.principal: Principal | None = None
        self.visit: Visit | None = None
        self.draft_id: str | None = None
        self._states: dict[str, _MatterState] = {}
        #: Wiped tabs of earlier visits by matter code, the least recently used first.
        self._spare_tabs: dict[str, MatterTab] = {}
        self._busy = False
        #: Bumped whenever the page is cleared: a worker's answer for an earlier visit is dropped.
        self._visit_seq = 0
        self._relay = _Relay(self)
        self._relay.sig_done.connect(self._on_printed)

        # ---- left: the person
        self.person = PersonPanel(self, language=language)
        self.person.setMinimumWidth(300)

        # ---- waiting
        self.wait_page = QWidget(self)
        prompt = QLabel(self.tr("Place the ID card on the reader"), self.wait_page)
        prompt.setObjectName("waitPrompt")
        prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = prompt.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        prompt.setFont(font)
        self.number_edit = QLineEdit(self.wait_page)
        self.number_edit.setObjectName("typedIdNumber")
        self.number_edit.setPlaceholderText(self.tr("No card? Type the ID number and press Enter"))
        self.number_edit.setMinimumWidth(400)
        self.number_edit.setMaximumWidth(520)
        self.number_edit.returnPressed.connect(self._on_number_typed)
        wait_layout = QVBoxLayout(self.wait_page)
        wait_layout.addStretch(2)
        wait_layout.addWidget(prompt)
        wait_layout.addSpacing(18)
        wait_layout.addWidget(self.number_edit, 0, Qt.AlignmentFlag.AlignHCenter)
        wait_layout.addStretch(3)

        # ---- serving
        self.serve_page = QWidget(self)
        self.picker = MatterPicker(backend.matters, {}, self.serve_page, language=language)
        self.picker.setMinimumWidth(230)
        self.picker.setMaximumWidth(300)
        self.picker.sig_confirmed.connect(self._on_matters_confirmed)
        self.tabs = QTabWidget(self.serve_page)
        self.tabs.setObjectName("matterTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        self.accept_button = QPushButton(self.tr("Accept (Ctrl+Enter)"), self.serve_page)
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.clicked.connect(self.accept_current)
        self.refuse_button = QPushButton(self.tr("Refuse…"), self.serve_page)
        self.refuse_button.clicked.connect(self._on_refuse_clicked)
        self.next_button = QPushButton(self.tr("Next person (F12)"), self.serve_page)
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.next_person)
        self.status_label = QLabel(self.serve_page)
        self.status_label.setObjectName("deskStatus")
        self.status_label.setWordWrap(True)
        self.rating_row = QWidget(self.serve_page)
        rating_layout = QHBoxLayout(self.rating_row)
        rating_layout.setContentsMargins(0, 0, 0, 0)
        rating_layout.addWidget(QLabel(self.tr("Applicant's rating:"), self.rating_row))
        self.rating_buttons: list[QPushButton] = []
        for score, text in enumerate(
            (
                self.tr("1 Very satisfied"),
                self.tr("2 Satisfied"),
                self.tr("3 Fairly satisfied"),
                self.tr("4 Dissatisfied"),
                self.tr("5 Very dissatisfied"),
            ),
            start=1,
        ):
            button = QPushButton(text, self.rating_row)
            button.clicked.connect(lambda _=False, s=score: self.rate(s))
            rating_layout.addWidget(button)
            self.rating_buttons.append(button)
        rating_layout.addStretch(1)
        self.rating_row.hide()

        actions = QHBoxLayout()
        actions.addWidget(self.status_label, 1)
        actions.addWidget(self.refuse_button)
        actions.addWidget(self.accept_button)
        actions.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        right.addWidget(self.rating_row)
        right.addLayout(actions)
        serve_layout = QHBoxLayout(self.serve_page)
        serve_layout.setContentsMargins(0, 0, 0, 0)
        serve_layout.addWidget(self.picker)
        serve_layout.addLayout(right, 1)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.wait_page)
        self.pages.addWidget(self.serve_page)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.person)
        layout.addWidget(self.pages, 1)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft_now)

        for keys, slot in (
            ("Ctrl+Return", self.accept_current),
            ("Ctrl+Enter", self.accept_current),
            ("F12", self.next_person),
            ("Ctrl+F", self.picker.focus_search),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.pages.setCurrentWidget(self.wait_page)

    # ---- state -------------------------------------------------------------------------------

    def set_principal(self, principal: Principal | None) -> None:
        self.principal = principal
        run_task(self.backend.usage_counts, self._on_usage_counts)

    @property
    def busy(self) -> bool:
        return self._busy

    def matter_tab(self, code: str) -> MatterTab:
        return self._states[code].tab

    def matter_codes(self) -> list[str]:
        return list(self._states)

    # ---- the card ------------------------------------------------------------------------------

    @Slot(object)
    def on_card_read(self, card: Any, matter_codes: Sequence[str] = ()) -> None:
        """A card was read: start a visit (the previous one's work is already in its draft).

        ``matter_codes`` are matters already picked (a queue ticket's matter, a benchmark): they
        are pre-filled with the same look-up and their tabs open at once.
        """
        if self.principal is None:
            return
        if self.visit is not None and any(not s.tab.done for s in self._states.values()):
            self.save_draft_now()
        self._start_visit(card, None, tuple(matter_codes), None)

    @Slot()
    def _on_number_typed(self) -> None:
        number = self.number_edit.text().strip()
        if number and self.principal is not None:
            self._start_visit(None, number, (), None)

    def _start_visit(
        self,
        card: Any,
        number: str | None,
        codes: Sequence[str],
        saved: Mapping[str, Any] | None,
    ) -> None:
        principal = self.principal
        assert principal is not None
        self._clear(keep_status=False)
        self._busy = True
        self._show_status(self.tr("Looking the person up…"))
        backend = self.backend

        def work() -> tuple[Visit, Sequence[Any]]:
            visit = backend.open_visit(principal, card, id_number=number, matter_codes=codes)
            try:
                cases = backend.cases_of(principal, visit)
            except Exception:  # the person panel can go without the list
                log.exception("cannot list the person's cases")
                cases = ()
            return visit, cases

        self._run(work, lambda r, e: self._on_visit_opened(r, e, saved))

    def _on_visit_opened(
        self,
        result: tuple[Visit, Sequence[Any]] | None,
        error: BaseException | None,
        saved: Mapping[str, Any] | None,
    ) -> None:
        self._busy = False
        if error is not None or result is None:
            self._show_error(error)
            return
        visit, cases = result
        self.visit = visit
        card = visit.card
        photo = getattr(card, "photo_bmp", None) if card is not None else None
        self.person.show_person(
            card,
            visit.dossier,
            visit.findings,
            (photo, "card" if photo else "none"),
            [CaseLine(c.number, c.matter_name, c.state.value, c.received_at.date()) for c in cases],
        )
        suggestions: list[tuple[str, str]] = []
        if visit.dossier is not None:
            suggestions = [
                (cat, str(reason)) for cat, reason in suggest_matters(visit.dossier, self.today())
            ]
        self.picker.reset()
        self.picker.set_visit(suggestions, [m.matter.code for m in visit.matters])
        self._show_status("")
        for matter in visit.matters:
            self._add_tab(matter.matter.code, saved)
        if visit.matters:
            self.tabs.setCurrentIndex(0)
        # shown after the tabs are in: one show and one layout pass, not one per tab added
        self.pages.setCurrentWidget(self.serve_page)
        if visit.matters:
            self.matter_tab(visit.matters[0].matter.code).form.focus_first_field()
        else:
            self.picker.focus_search()
        self.sig_visit_opened.emit(visit)

    # ---- matters -------------------------------------------------------------------------------

    @Slot(list)
    def _on_matters_confirmed(self, codes: list[str]) -> None:
        self.set_matters(codes)

    def set_matters(self, codes: Sequence[str]) -> None:
        """Pre-fill these matters of the visit (no new registry look-up) and open their tabs."""
        visit = self.visit
        if visit is None:
            return
        wanted = [c for c in codes if c not in self._states]
        if not wanted:
            if codes:
                self.tabs.setCurrentWidget(self.matter_tab(codes[0]))
            return
        all_codes = [*self._states, *wanted]
        backend = self.backend
        self._run(
            lambda: backend.prefill(visit, all_codes),
            lambda v, e: self._on_prefilled(v, e, wanted),
        )

    def _on_prefilled(
        self, visit: Visit | None, error: BaseException | None, new: list[str]
    ) -> None:
        if error is not None or visit is None:
            self._show_error(error)
            return
        self.visit = visit
        for code in new:
            self._add_tab(code, None)
        self.picker.set_selected(list(self._states))
        tab = self.matter_tab(new[0])
        self.tabs.setCurrentWidget(tab)
        tab.form.focus_first_field()
        self._schedule_save()

    def _add_tab(self, code: str, saved: Mapping[str, Any] | None) -> None:
        assert self.visit is not None
        prefill = self.visit.for_matter(code)
        tab = self._tab_for(prefill.matter)
        saved_values = (saved or {}).get("forms", {}).get(code)
        tab.form.load(prefill.values, saved_values)
        tab.materials.set_held_certificates(prefill.held_certificates)
        tab.materials.set_values(tab.form.values())
        saved_marks = (saved or {}).get("materials", {}).get(code)
        if saved_marks:
            tab.materials.set_marked(saved_marks)
        self._states[code] = _MatterState(prefill.matter, tab)
        self.tabs.addTab(tab, pick(self.language, prefill.matter.short_zh, prefill.matter.name_en))
        self._update_fee(tab)

    def _tab_for(self, matter: Matter) -> MatterTab:
        """The matter's wiped tab of an earlier visit, or a new one (built once per matter)."""
        tab = self._spare_tabs.pop(matter.code, None)
        if tab is not None and tab.matter == matter:
            return tab
        if tab is not None:  # the matter's definition changed meanwhile
            tab.deleteLater()
        tab = MatterTab(matter, self.language, self.today)
        tab.form.sig_changed.connect(self._on_form_changed)
        tab.materials.sig_marked_changed.connect(lambda _m: self._schedule_save())
        tab.form.sig_last_field_done.connect(tab.materials.setFocus)
        tab.outcome_view.sig_print_again.connect(self.reprint)
        return tab

    def _park_tabs(self) -> None:
        """Wipe the visit's tabs and keep them for the next visits (a few matters' worth)."""
        for code, state in self._states.items():
            state.tab.wipe()
            self._spare_tabs.pop(code, None)
            self._spare_tabs[code] = state.tab
        while len(self._spare_tabs) > SPARE_TABS:
            oldest = next(iter(self._spare_tabs))
            self._spare_tabs.pop(oldest).deleteLater()

    @Slot(dict)
    def _on_form_changed(self, _values: dict[str, str]) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, MatterTab):
            self._update_fee(tab)
        self._schedule_save()

    def _update_fee(self, tab: MatterTab) -> None:
        values = tab.form.values()
        fee = tab.matter.fee
        if fee.kind == "fixed":
            tab.fee_label.setText(
                self.tr("Fee: {amount} yuan").format(amount=fee.amount_for(dict(values)))
            )
        if fee.kind == "rental_tax":
            try:
                tax = self.backend.tax_preview(values)
            except Exception as exc:
                tab.tax_label.setText(error_text(exc, self.language))
                return
            if tax is None:
                tab.tax_label.setText(self.tr("Tax: enter the rent and the months"))
                return
            lines = [
                f"{pick(self.language, ln.name_zh, ln.name_en)}: {ln.amount}"
                for ln in tax.term.lines
            ]
            tab.tax_label.setText(
                self.tr("Tax for the term: {total} yuan").format(total=tax.term.total)
                + "\n"
                + "\n".join(lines)
                + "\n"
                + pick(self.language, tax.rule_set.name_zh, tax.rule_set.name_en)
            )

    # ---- drafts ------------------------------------------------------------------------------

    def _schedule_save(self) -> None:
        if self.visit is not None:
            self._autosave.start()

    def draft_payload(self) -> tuple[list[str], dict[str, object], dict[str, str], str]:
        """(matter codes, form, materials, title) of the draft of the matters not yet done."""
        visit = self.visit
        assert visit is not None
        payload = self._payload(visit)
        return payload.codes, payload.form, payload.marks, payload.title

    def _payload(self, visit: Visit) -> DraftPayload:
        open_matters = {
            code: MatterWork(s.matter.short_zh, s.tab.form.values(), s.tab.materials.marked())
            for code, s in self._states.items()
            if not s.tab.done
        }
        return draft_payload(visit, open_matters)

    def save_draft_now(self) -> None:
        """Save what is typed (on the worker); a database failure falls back to a local file."""
        self._autosave.stop()
        visit, principal = self.visit, self.principal
        if visit is None or principal is None:
            return
        for state in self._states.values():
            state.tab.form.flush()
        payload = self._payload(visit)
        if not payload.codes:
            return
        backend, draft_id, local = self.backend, self.draft_id, self.local_draft_file
        self._run(
            lambda: save_draft(
                backend, principal, draft_id, payload, local=local, id_number=visit.id_number
            ),
            self._on_draft_saved,
        )

    def _on_draft_saved(self, saved: SavedDraft | None, error: BaseException | None) -> None:
        if error is not None or saved is None:  # neither the database nor this computer took it
            log.warning("draft not saved: %s", error)
            self._show_error(error)
            return
        if saved.draft_id is None:
            log.warning("draft not saved in the database, kept locally: %s", saved.db_error)
            self._show_status(error_text(saved.db_error, self.language), error=True)
            self.sig_draft_saved.emit("")
            return
        self.draft_id = saved.draft_id
        self.sig_draft_saved.emit(saved.draft_id)

    def _drop_local_draft(self) -> None:
        """Remove the draft kept on this computer when it is this visit's (it is submitted)."""
        if self.local_draft_file is not None and self.visit is not None:
            drop_local_draft_of(self.local_draft_file, self.visit.id_number)

    def resume(self, draft: Any) -> None:
        """Re-open a saved visit exactly: the same person, matters, values and marks."""
        card, number, codes, saved = resumed(draft)
        self._start_visit(card, number, codes, saved)
        self.draft_id = getattr(draft, "id", None) or None

    # ---- outcomes ------------------------------------------------------------------------------

    def current_tab(self) -> MatterTab | None:
        tab = self.tabs.currentWidget()
        return tab if isinstance(tab, MatterTab) else None

    @Slot()
    def accept_current(self) -> None:
        tab = self.current_tab()
        if tab is None or tab.done or self._busy or self.visit is None:
            return
        tab.form.flush()
        if tab.form.errors():
            path = tab.form.focus_first_error()
            self._show_status(
                self.tr("Check the form first: {field}").format(field=path or ""), error=True
            )
            return
        outcome = tab.materials.outcome()
        promise = False
        if outcome.decision is MaterialsDecision.ACCEPT_WITH_SHORTFALL:
            owed = "、".join(pick(self.language, m.name_zh, m.name_en) for m in outcome.owed)
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self,
                self.tr("Accept with materials owed"),
                self.tr(
                    "Only non-essential materials are missing: {owed}.\n\nHas the applicant "
                    "signed the promise to supply them? (No: a one-time notification is printed)"
                ).format(owed=owed),
                buttons.Yes | buttons.No | buttons.Cancel,
                buttons.Yes,
            )
            if answer not in (buttons.Yes, buttons.No):
                return  # cancelled, closed, or ended by the screen lock: nothing is submitted
            promise = answer == buttons.Yes
        self._submit(
            tab,
            lambda p, v: self.backend.submit(
                p,
                v,
                tab.matter.code,
                tab.form.values(),
                tab.materials.marked(),
                promise_signed=promise,
                draft_id=self.draft_id,
            ),
        )

    def refuse_current(self, reason: str) -> None:
        tab = self.current_tab()
        if tab is None or tab.done or self._busy or self.visit is None or not reason.strip():
            return
        self._submit(
            tab,
            lambda p, v: self.backend.refuse(
                p, v, tab.matter.code, tab.form.values(), reason, draft_id=self.draft_id
            ),
        )

    @Slot()
    def _on_refuse_clicked(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, self.tr("Refuse at the window"), self.tr("Reason (printed on the notice):")
        )
        if ok:
            self.refuse_current(reason)

    def _submit(self, tab: MatterTab, call: Callable[[Principal, Visit], Outcome]) -> None:
        principal, visit = self.principal, self.visit
        assert principal is not None and visit is not None
        self._autosave.stop()
        self._busy = True
        self.accept_button.setEnabled(False)
        self._show_status(self.tr("Saving the case and its documents…"))
        seq = self._visit_seq

        def done(outcome: Outcome | None, error: BaseException | None) -> None:
            if seq == self._visit_seq:
                self._on_submitted(tab, outcome, error)
            elif outcome is not None:  # the clerk moved on meanwhile: the papers still print
                log.info("case %s saved after the page moved on", outcome.number)
                if self.local_draft_file is not None:
                    drop_local_draft_of(self.local_draft_file, visit.id_number)
                self._print()

        run_task(lambda: call(principal, visit), done)

    def _update_actions(self) -> None:
        tab = self.current_tab()
        editable = tab is not None and not tab.done and not self._busy
        self.accept_button.setEnabled(editable)
        self.refuse_button.setEnabled(editable)

    def _on_submitted(
        self, tab: MatterTab, outcome: Outcome | None, error: BaseException | None
    ) -> None:
        self._busy = False
        self.accept_button.setEnabled(True)
        if error is not None or outcome is None:
            self._show_error(error)
            self._schedule_save()
            return
        self._states[tab.matter.code].outcome = outcome
        tab.show_outcome(outcome)
        self.draft_id = None  # the accepting transaction discarded it
        self._drop_local_draft()  # nor may a copy kept on this computer be offered again
        remaining = [s for s in self._states.values() if not s.tab.done]
        if remaining:
            self._schedule_save()  # the rest of the visit gets a new draft
            self._show_status(self.tr("Case {number} saved.").format(number=outcome.number))
        else:
            self._show_status(self.tr("Everything is done. Ask the applicant to rate the service."))
            self.rating_row.show()
        self._update_actions()
        self.sig_outcome.emit(outcome)
        self._print()

    def outcomes(self) -> list[Outcome]:
        return [s.outcome for s in self._states.values() if s.outcome is not None]

    # ---- printing ----------------------------------------------------------------------------

    def _print(self) -> None:
        if self.printer is None or self.principal is None:
            return
        future = self.printer.submit_pending(self.principal.station)
        relay = self._relay
        future.add_done_callback(
            lambda f: relay.sig_done.emit(
                f.result() if f.exception() is None else None, f.exception()
            )
        )

    @Slot(object, object)
    def _on_printed(self, jobs: list[Any] | None, error: BaseException | None) -> None:
        if error is not None:
            text = self.tr("Printing failed: {error}").format(
                error=error_text(error, self.language)
            )
            self._show_status(text, error=True)
            return
        for job in jobs or []:
            status = str(getattr(job, "status", ""))
            if status == "done":
                text = self.tr("printed")
            else:
                text = self.tr("print failed: {error} — kept in the queue").format(
                    error=getattr(job, "last_error", None) or status
                )
            for state in self._states.values():
                state.tab.outcome_view.set_print_status(job.document_number, text)
            self.sig_printed.emit(job.document_number, text)

    @Slot(str)
    def reprint(self, number: str) -> None:
        """Queue a duplicate (补打) of an issued document, then print it."""
        principal = self.principal
        if principal is None:
            return
        backend = self.backend

        def done(_job: int | None, error: BaseException | None) -> None:
            if error is not None:
                self._show_error(error)
                return
            for state in self._states.values():
                state.tab.outcome_view.set_print_status(number, self.tr("duplicate queued"))
            self._print()

        self._run(lambda: backend.reprint(principal, number), done)

    # ---- the end of a visit ------------------------------------------------------------------

    def rate(self, score: int) -> None:
        principal = self.principal
        if principal is None:
            return
        numbers = [o.number for o in self.outcomes() if o.event is not CaseEvent.NOTIFY_MISSING]
        backend = self.backend

        def work() -> None:
            for number in numbers:
                backend.rate(principal, number, score)

        self._run(work, lambda _r, e: self._on_rated(e))

    def _on_rated(self, error: BaseException | None) -> None:
        if error is not None:
            self._show_error(error)
            return
        self.next_person()

    @Slot()
    def next_person(self) -> None:
        """Clean screen for the next person; unfinished work stays in its draft."""
        if self.visit is not None and any(not s.tab.done for s in self._states.values()):
            self.save_draft_now()
        self._clear(keep_status=False)
        self.sig_cleared.emit()

    def _clear(self, *, keep_status: bool) -> None:
        self._visit_seq += 1  # answers still on their way belong to the visit being cleared
        self._busy = False
        self._autosave.stop()
        self.visit = None
        self.draft_id = None
        self.tabs.clear()  # (the tabs stay the stack's hidden children)
        self._park_tabs()
        self._states.clear()
        keep_singletons_alive()  # refilling widgets spends references of None (see there)
        self.person.clear()
        self.picker.reset()
        self.number_edit.clear()
        self.rating_row.hide()
        if not keep_status:
            self._show_status("")
        self.pages.setCurrentWidget(self.wait_page)

    def _run(
        self, work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]
    ) -> None:
        """``work`` on the worker; ``done`` with its answer only if the visit is still on screen."""
        seq = self._visit_seq

        def guarded(result: Any, error: BaseException | None) -> None:
            if seq == self._visit_seq:
                done(result, error)
            else:
                log.debug("dropped a worker answer for a visit no longer on screen")

        run_task(work, guarded)

    # ---- messages ----------------------------------------------------------------------------

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b91c1c;" if error else "")

    def _show_error(self, error: BaseException | None) -> None:
        text = error_text(error, self.language) if error is not None else self.tr("Unknown error")
        log.warning("desk: %s", error)
        self._show_status(text, error=True)
        self.sig_error.emit(text)

    @Slot(dict)
    def _on_usage_counts(self, counts: dict[str, int] | None, error: BaseException | None) -> None:
        if counts:
            self.picker.set_usage_counts(counts)

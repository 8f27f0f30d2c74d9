"""One matter of a visit on the desk: its tab (form, materials, fee) and then its outcome.

A tab is built once per matter and kept by the page between visits: :meth:`MatterTab.wipe`
forgets the person when the visit ends, and the next visit's :meth:`~ui.clerk.form_engine
.MatterForm.load` fills it again (building it was most of the time from a card to its form).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseEvent
from desktop.domain.matters.model import Matter
from desktop.domain.visit import DeskDocument, Outcome
from ui.clerk.desk_errors import error_text
from ui.clerk.form_engine import MatterForm
from ui.clerk.materials_panel import MaterialsChecklist
from ui.clerk.texts import pick
from ui.tasks import run_task

__all__ = ["MatterTab", "OutcomeView"]

log = logging.getLogger(__name__)


class MatterTab(QWidget):
    """One matter of the visit: its form and materials, then its outcome."""

    def __init__(self, matter: Matter, language: str, today: Callable[[], date]) -> None:
        super().__init__()
        self.matter = matter
        self.language = language
        self.form = MatterForm(matter, language, self, today=today)
        self.materials = MaterialsChecklist(matter, language, self)
        self.tax_label = QLabel(self)
        self.tax_label.setObjectName("taxPreview")
        self.tax_label.setWordWrap(True)
        self.tax_label.setVisible(matter.fee.kind == "rental_tax")
        self.fee_label = QLabel(self)
        self.fee_label.setWordWrap(True)
        self.fee_label.setVisible(matter.fee.kind == "fixed")

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.materials, 1)
        side_layout.addWidget(self.fee_label)
        side_layout.addWidget(self.tax_label)
        self.editing = QSplitter(Qt.Orientation.Horizontal, self)
        self.editing.addWidget(self.form)  # (the form scrolls itself)
        self.editing.addWidget(side)
        self.editing.setStretchFactor(0, 3)
        self.editing.setStretchFactor(1, 2)
        self.editing.setChildrenCollapsible(False)

        self.outcome_view = OutcomeView(language, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.editing)
        self.pages.addWidget(self.outcome_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.form.sig_changed.connect(self.materials.set_values)

    @property
    def done(self) -> bool:
        return self.pages.currentWidget() is self.outcome_view

    def show_outcome(self, outcome: Outcome) -> None:
        matter = pick(self.language, self.matter.name_zh, self.matter.name_en)
        self.outcome_view.show_outcome(outcome, matter_name=matter)
        self.pages.setCurrentWidget(self.outcome_view)

    def wipe(self) -> None:
        """Forget the person: form, materials, fee, outcome — ready to be filled for the next.

        Building a matter's tab is most of the time from a card to its painted form, so the
        page keeps the tab of each matter and wipes it when the visit ends (nothing of this
        person may stay in a widget, a tooltip or an undo history while it waits).
        """
        self.form.clear()
        self.materials.reset()
        self.tax_label.clear()
        self.fee_label.clear()
        self.outcome_view.clear()
        self.pages.setCurrentWidget(self.editing)


class OutcomeView(QWidget):
    """The outcome of one matter: the case number large, its documents and their print status."""

    sig_print_again = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.headline = QLabel(self)
        self.headline.setObjectName("outcomeHeadline")
        self.headline.setWordWrap(True)
        self.number_label = QLabel(self)
        self.number_label.setObjectName("caseNumber")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.number_label.setFont(font)
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.docs_label = QLabel(self)
        self.docs_label.setObjectName("outcomeDocuments")
        self.docs_label.setWordWrap(True)
        self.preview = QLabel(self)
        self.preview.setObjectName("documentPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        preview_scroll = QScrollArea(self)
        preview_scroll.setWidget(self.preview)
        preview_scroll.setWidgetResizable(True)
        left = QVBoxLayout()
        left.addWidget(self.headline)
        left.addWidget(self.number_label)
        left.addWidget(self.detail_label)
        left.addWidget(self.docs_label)
        self.reprint_button = QPushButton(self.tr("Reprint (补打)"), self)
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.setToolTip(
            self.tr("Print the documents again, marked as a duplicate (recorded in the audit log)")
        )
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.reprint_button.hide()
        left.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(preview_scroll, 3)
        self.outcome: Outcome | None = None
        self._print_status: dict[str, str] = {}

    def show_outcome(self, outcome: Outcome, *, matter_name: str = "") -> None:
        """The outcome; ``matter_name`` in the interface language (else the case's own)."""
        self.outcome = outcome
        case = outcome.case
        heads = {
            CaseEvent.ACCEPT: self.tr("Accepted"),
            CaseEvent.ACCEPT_WITH_SHORTFALL: self.tr("Accepted with materials owed (容缺)"),
            CaseEvent.NOTIFY_MISSING: self.tr(
                "Not accepted yet: one-time notification of everything missing"
            ),
            CaseEvent.REFUSE: self.tr("Refused at the window"),
        }
        state = case.state.value
        head = heads.get(outcome.event, state)
        if state == "issued":
            head += self.tr(" · issued at the window")
        self.headline.setText(head)
        self.number_label.setText(case.number)
        lines = [f"{matter_name or case.summary.matter_name} · {case.summary.applicant_name}"]
        if case.summary.promised_date and state != "issued":
            lines.append(
                self.tr("Promised by {date}").format(date=case.summary.promised_date.isoformat())
            )
        if outcome.tax is not None:
            lines.append(
                self.tr("Tax due: {total} yuan ({rules})").format(
                    total=outcome.tax.term.total,
                    rules=pick(
                        self.language, outcome.tax.rule_set.name_zh, outcome.tax.rule_set.name_en
                    ),
                )
            )
        for error in outcome.document_errors:
            lines.append(
                self.tr("A document could not be issued ({error}); the case is saved.").format(
                    error=error_text(error, self.language)
                )
            )
        self.detail_label.setText("\n".join(lines))
        self._print_status = {d.number: self.tr("queued for printing") for d in outcome.documents}
        self._render_docs()
        self.reprint_button.setVisible(bool(outcome.documents))
        if outcome.documents:
            self._show_preview(outcome.documents[0])

    def clear(self) -> None:
        """No outcome shown (a preview still being rendered for the last one is dropped)."""
        self.outcome = None
        self._print_status = {}
        for label in (self.headline, self.number_label, self.detail_label, self.docs_label):
            label.clear()
        self.preview.clear()
        self.reprint_button.hide()

    @Slot()
    def _on_reprint_clicked(self) -> None:
        if self.outcome is not None:
            for doc in self.outcome.documents:
                self.sig_print_again.emit(doc.number)

    def set_print_status(self, number: str, text: str) -> None:
        if number in self._print_status:
            self._print_status[number] = text
            self._render_docs()

    def print_status(self, number: str) -> str:
        return self._print_status.get(number, "")

    def _render_docs(self) -> None:
        if self.outcome is None:
            return
        rows = [
            f"• {pick(self.language, d.title_zh, d.title_en)} {d.number} — "
            f"{self._print_status.get(d.number, '')}"
            for d in self.outcome.documents
        ]
        self.docs_label.setText("\n".join(rows))

    def _show_preview(self, doc: DeskDocument) -> None:
        """The first page, rendered on the worker (pdfium may be busy with the print thread)."""
        from printing.dispatch import page_images

        outcome = self.outcome

        def shown(images: list[Any] | None, error: BaseException | None) -> None:
            if error is not None:  # a preview is a courtesy: the archive holds the document
                log.warning("no preview for %s: %s", doc.number, error)
            elif images and shiboken6.isValid(self) and self.outcome is outcome:
                self.preview.setPixmap(QPixmap.fromImage(images[0]))

        run_task(lambda: page_images(doc.pdf, 60.0, max_pages=1), shown)

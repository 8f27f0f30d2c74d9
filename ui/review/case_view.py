"""The case, as evidence (信息证据化): what the approver decides on.

A header (case number, matter, applicant, state, the clock) over four tabs: the application
(every form value with where it came from, the materials checklist with who checked them), the
steps (every step with handler, opinion and time), the departments (the parallel tasks and their
decisions, the clock's pauses, the documents issued) and the applicant's registry dossier — shown
only on request, after the approver has typed why (the purpose is recorded by the core).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseDetail, TaskStatus
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import Matter
from desktop.domain.registry import PersonDossier
from desktop.domain.review import CaseEvidence
from ui.clerk.texts import material_status_text, pick, source_description, source_tag_text
from ui.review import texts

__all__ = ["CaseView"]

#: The widest the field-label column starts (pixels); longer labels wrap.
LABEL_WIDTH = 150
#: The widest the source-tag column starts (pixels; the tag's tooltip says the exact source).
SOURCE_WIDTH = 80
#: Matter lookup by code (the hall's catalog); None for a code it does not know.
MatterLookup = Callable[[str], Matter | None]


def _time(value: datetime | None) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else ""


def _table(
    parent: QWidget, headers: Sequence[str], name: str, stretch: int | None = None
) -> QTableWidget:
    """A read-only table; column ``stretch`` takes the width left (else the last one)."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeRowsToContents()


class CaseView(QWidget):
    """See the module docstring."""

    #: The approver asks for the registry dossier, with this purpose.
    sig_dossier_requested = Signal(str)

    def __init__(
        self,
        *,
        language: str = "zh_CN",
        matter_of: MatterLookup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseEvidence")
        self.language = language
        self.matter_of: MatterLookup = matter_of or (lambda _code: None)
        self.evidence: CaseEvidence | None = None

        self.number_label = QLabel(self)
        self.number_label.setObjectName("evidenceNumber")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.number_label.setFont(font)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("evidenceSummary")
        self.summary_label.setWordWrap(True)
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("evidenceClock")

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("evidenceTabs")
        self.tabs.setDocumentMode(True)

        # ---- the application
        application = QWidget(self)
        self.form_table = _table(
            application,
            (self.tr("Field"), self.tr("Value"), self.tr("Source")),
            "evidenceForm",
            stretch=1,
        )
        for column in (0, 2):
            self.form_table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Interactive
            )
        self.materials_table = _table(
            application,
            (self.tr("Material"), self.tr("Status")),
            "evidenceMaterials",
            stretch=0,
        )
        self.application_split = QSplitter(Qt.Orientation.Horizontal, application)
        self.application_split.addWidget(self.form_table)
        self.application_split.addWidget(self.materials_table)
        self.application_split.setStretchFactor(0, 3)
        self.application_split.setStretchFactor(1, 2)
        self.application_split.setChildrenCollapsible(False)
        app_layout = QHBoxLayout(application)
        app_layout.setContentsMargins(0, 4, 0, 0)
        app_layout.addWidget(self.application_split)
        self.tabs.addTab(application, self.tr("Application"))

        # ---- the steps
        self.steps_table = _table(
            self,
            (
                self.tr("Step"),
                self.tr("Handler"),
                self.tr("Opinion"),
                self.tr("Time"),
            ),
            "evidenceSteps",
            stretch=2,
        )
        self.tabs.addTab(self.steps_table, self.tr("Steps"))

        # ---- the departments, the clock, the documents
        parallel = QWidget(self)
        self.tasks_table = _table(
            parallel,
            (
                self.tr("Department"),
                self.tr("Status"),
                self.tr("Approver"),
                self.tr("Opinion"),
            ),
            "evidenceTasks",
            stretch=3,
        )
        self.pauses_label = QLabel(parallel)
        self.pauses_label.setObjectName("evidencePauses")
        self.pauses_label.setWordWrap(True)
        self.documents_label = QLabel(parallel)
        self.documents_label.setObjectName("evidenceDocuments")
        self.documents_label.setWordWrap(True)
        parallel_layout = QVBoxLayout(parallel)
        parallel_layout.setContentsMargins(0, 4, 0, 0)
        parallel_layout.addWidget(self.tasks_table, 2)
        parallel_layout.addWidget(self.pauses_label)
        parallel_layout.addWidget(self.documents_label)
        self.tabs.addTab(parallel, self.tr("Departments"))

        # ---- the registry dossier, on request
        dossier = QWidget(self)
        self.dossier_button = QPushButton(
            self.tr("Show the applicant's registry dossier…"), dossier
        )
        self.dossier_button.setObjectName("dossierButton")
        self.dossier_button.setToolTip(
            self.tr("The registry look-up is recorded in the audit log with the purpose you type")
        )
        self.dossier_button.clicked.connect(self._on_dossier_clicked)
        self.dossier_label = QLabel(dossier)
        self.dossier_label.setObjectName("dossierText")
        self.dossier_label.setWordWrap(True)
        self.dossier_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dossier_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        dossier_layout = QVBoxLayout(dossier)
        dossier_layout.addWidget(self.dossier_button, 0, Qt.AlignmentFlag.AlignLeft)
        dossier_layout.addWidget(self.dossier_label, 1)
        self.tabs.addTab(dossier, self.tr("Registry dossier"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        head = QHBoxLayout()
        head.addWidget(self.number_label)
        head.addWidget(self.clock_label, 1, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(head)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)

    # ---- showing a case ---------------------------------------------------------------------

    def show_evidence(self, evidence: CaseEvidence) -> None:
        self.evidence = evidence
        case = evidence.case
        matter = self.matter_of(case.summary.matter_code)
        self._show_header(case)
        self.form_table.setRowCount(0)
        _fill(self.form_table, self._form_rows(evidence, matter))
        # The value's source where the core knows it (a column of dashes says nothing).
        self.form_table.setColumnHidden(2, not any(evidence.form_sources.values()))
        # Long labels wrap (English ones can be long): the values keep the width.
        self.form_table.setColumnWidth(0, min(self.form_table.sizeHintForColumn(0), LABEL_WIDTH))
        self.form_table.setColumnWidth(2, min(self.form_table.sizeHintForColumn(2), SOURCE_WIDTH))
        self.form_table.resizeRowsToContents()
        for r, path in enumerate(self._form_paths(evidence)):
            source = evidence.form_sources.get(path, "")
            item = self.form_table.item(r, 2)
            if item is not None and source and source not in ("typed", "default"):
                item.setToolTip(source_description(source))
        _fill(self.materials_table, self._material_rows(case))
        _fill(self.steps_table, self._step_rows(case))
        _fill(self.tasks_table, self._task_rows(case))
        self._show_pauses(case)
        self._show_documents(evidence)
        self.clear_dossier()

    def show_case(self, case: CaseDetail) -> None:
        """The case changed (a decision, a pause): the same evidence with the new case."""
        if self.evidence is None:
            return
        from dataclasses import replace

        self.show_evidence(replace(self.evidence, case=case))

    def _show_header(self, case: CaseDetail) -> None:
        s = case.summary
        self.number_label.setText(s.number)
        state = texts.state_text(s.state.value, self.language)
        matter = self.matter_of(s.matter_code)
        self.summary_label.setText(
            self.tr("{matter} · {applicant} ({id}) · {state} · accepted {when} by {clerk}").format(
                matter=pick(self.language, s.matter_name, matter.name_en)
                if matter
                else s.matter_name,
                applicant=s.applicant_name,
                id=s.applicant_id_masked,
                state=state,
                when=_time(case.accepted_at),
                clerk=case.accepted_by or "—",
            )
        )
        if s.promised_date is None:
            clock = self.tr("No time limit")
        elif s.paused:
            clock = self.tr("Promised by {date} · clock paused").format(
                date=s.promised_date.isoformat()
            )
        elif s.remaining_working_days is None:
            clock = self.tr("Promised by {date}").format(date=s.promised_date.isoformat())
        else:
            clock = self.tr("Promised by {date} · {clock}").format(
                date=s.promised_date.isoformat(),
                clock=texts.days_left_text(s.remaining_working_days, s.promised_date),
            )
        level = "paused" if s.paused else s.warning
        if s.remaining_working_days is not None and s.remaining_working_days < 0 and not s.paused:
            level = "overdue"
        background, colour = texts.CLOCK_COLOURS.get(level, ("", ""))
        self.clock_label.setText(clock)
        self.clock_label.setStyleSheet(
            f"background: {background}; color: {colour}; padding: 2px 8px; border-radius: 3px;"
            if background
            else ""
        )

    def _form_paths(self, evidence: CaseEvidence) -> list[str]:
        return [k for k in evidence.case.form_values if not k.startswith("__")]

    def _form_rows(self, evidence: CaseEvidence, matter: Matter | None) -> list[list[str]]:
        rows = []
        for path in self._form_paths(evidence):
            value = evidence.case.form_values.get(path)
            text = "" if value is None else str(value)
            label, shown = path, text
            if matter is not None:
                label, shown = self._label_and_value(matter, path, text)
            source = evidence.form_sources.get(path, "")
            rows.append([label, shown, self._source_text(source)])
        return rows

    def _label_and_value(self, matter: Matter, path: str, value: str) -> tuple[str, str]:
        parts = path.split(".")
        key = parts[-1]
        try:
            spec = matter.field(key)
        except KeyError:
            return path, value
        label = pick(self.language, spec.label_zh, spec.label_en)
        if len(parts) == 3 and parts[1].isdigit():
            try:
                section = matter.section(parts[0])
                title = pick(self.language, section.title_zh, section.title_en)
            except KeyError:
                title = parts[0]
            label = f"{title} {int(parts[1]) + 1} · {label}"
        option = spec.option(value) if spec.options else None
        if option is not None:
            value = pick(self.language, option.name_zh, option.name_en)
        return label, value

    def _source_text(self, source: str) -> str:
        if not source:
            return "—"
        if source == "typed":
            return self.tr("Typed at the window")
        if source == "default":
            return self.tr("The matter's default")
        return source_tag_text(source)

    def _material_rows(self, case: CaseDetail) -> list[list[str]]:
        rows = []
        for m in case.materials:
            try:
                status = material_status_text(MaterialStatus(m.status))
            except ValueError:
                status = m.status
            notes = []
            if m.certificate_number:
                notes.append(m.certificate_number)
            if m.due is not None:
                notes.append(self.tr("supply by {date}").format(date=m.due.isoformat()))
            if m.supplied_at is not None:
                notes.append(self.tr("supplied {when}").format(when=_time(m.supplied_at)))
            name = pick(self.language, m.name_zh, m.name_en)
            if m.essential:
                name += " *"
            rows.append([name, "\n".join([status, *notes])])
        return rows

    def _step_rows(self, case: CaseDetail) -> list[list[str]]:
        rows = []
        departments = {t.department_code: t.department_name for t in case.tasks}
        for step in case.steps:
            name = texts.step_text(step, self.language, departments)
            handler = step.handler + (f" ({step.station})" if step.station else "")
            rows.append([name, handler, step.opinion, _time(step.ended_at or step.started_at)])
        return rows

    def _task_rows(self, case: CaseDetail) -> list[list[str]]:
        rows = []
        for task in case.tasks:
            if task.status is TaskStatus.CLAIMED:  # who holds it: the next column
                status = self.tr("Being reviewed")
            else:
                status = texts.task_status_text(task.status, task.claimed_by, "")
            if task.round > 1:
                status += " · " + self.tr("round {n}").format(n=task.round)
            rows.append(
                [task.department_name, status, task.decided_by or task.claimed_by, task.opinion]
            )
        return rows

    def _show_pauses(self, case: CaseDetail) -> None:
        if not case.pauses:
            self.pauses_label.setText(self.tr("Clock pauses: none"))
            return
        lines = [self.tr("Clock pauses:")]
        for p in case.pauses:
            end = _time(p.ended_at) if p.ended_at else self.tr("still paused")
            lines.append(
                f"• {texts.pause_kind_text(p.kind)} — {p.reason} ({_time(p.started_at)} → {end})"
            )
        self.pauses_label.setText("\n".join(lines))

    def _show_documents(self, evidence: CaseEvidence) -> None:
        if not evidence.documents:
            self.documents_label.setText(self.tr("Documents issued: none"))
            return
        lines = [self.tr("Documents issued:")]
        for doc in evidence.documents:
            kind = texts.document_kind_text(str(getattr(doc, "kind", "")))
            number = str(getattr(doc, "number", ""))
            issued = getattr(doc, "issued_at", None)
            line = f"• {kind} {number} ({_time(issued if isinstance(issued, datetime) else None)})"
            if getattr(doc, "revoked", False):
                line += " — " + self.tr("revoked")
            lines.append(line)
        self.documents_label.setText("\n".join(lines))

    # ---- the dossier ------------------------------------------------------------------------

    @Slot()
    def _on_dossier_clicked(self) -> None:
        purpose, ok = QInputDialog.getText(
            self,
            self.tr("Registry dossier"),
            self.tr("Why do you need the applicant's registry dossier? (recorded)"),
        )
        if ok and purpose.strip():
            self.request_dossier(purpose.strip())

    def request_dossier(self, purpose: str) -> None:
        self.dossier_label.setText(self.tr("Looking the applicant up…"))
        self.sig_dossier_requested.emit(purpose)

    def clear_dossier(self) -> None:
        self.dossier_label.setText(
            self.tr("Not looked up. The dossier is shown only on request, with a purpose.")
        )

    def show_dossier(self, dossier: PersonDossier | None, purpose: str) -> None:
        if dossier is None:
            self.dossier_label.setText(self.tr("The applicant is not in the registry."))
            return
        p = dossier.person
        lines = [
            self.tr("Looked up for: {purpose}").format(purpose=purpose),
            "",
            f"{p.name} · {p.birth_date.isoformat()}",
            self.tr("Household address: {address}").format(address=p.household_address),
        ]
        if dossier.dwelling is not None:
            lines.append(self.tr("Lives at: {address}").format(address=dossier.dwelling.address))
        if dossier.employment is not None:
            lines.append(self.tr("Employer: {unit}").format(unit=dossier.employment.unit.name))
        for cert in dossier.certificates:
            state = self.tr("revoked") if cert.revoked else ""
            lines.append(
                f"• {cert.cert_type} {cert.cert_number} ({cert.issued_on.isoformat()}) {state}"
            )
        self.dossier_label.setText("\n".join(lines))

    def show_dossier_error(self, text: str) -> None:
        self.dossier_label.setText(text)

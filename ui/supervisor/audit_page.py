"""The supervisor's audit log viewer: search the log, read an event, export, see the chain.

- **Filter bar**: a person's ID number (masked as soon as it is entered: the field shows
  ``110105********002X`` and keeps the number only in memory, to hand to the core, which turns it
  into the keyed pseudonym), the staff member, the action, the station, a period.
- **Purpose first**: every search (and every export) asks why, and the core records the search
  with that purpose before it reads; a search without one is not run. Paging on through the
  same search keeps its purpose (each page is recorded too).
- **Results**: time, staff, station, action, subject (the person's pseudonym shortened, else the
  case or user), outcome; the selected event's every field in the detail pane; older / newer
  pages (the core's keyset pages, newest first).
- **Chain status**: the last verification this station knows (or its newest checkpoint), and
  "verify now", which runs the whole verification on the worker.
- **Export** of every result of the search as CSV or XLSX (``desktop.services.exports``),
  audited by the core like a search.

The page knows the hall only through :class:`~ui.supervisor.audit_ports.AuditViewerBackend`;
every call goes through ``ui.tasks.run_task``, tagged with a sequence number so that the answer
of a search that was replaced meanwhile (or of a page closed since) is dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.audit_log import (
    AuditChoices,
    AuditOutcome,
    AuditPage,
    AuditQuery,
    AuditRecord,
    ChainStatus,
    ChainStatusSource,
    ExportReport,
)
from desktop.domain.identity import mask_id_number, normalise_id_text
from desktop.domain.permissions import Principal
from ui.errors import error_text
from ui.refcounts import keep_singletons_alive
from ui.supervisor.audit_ports import AuditViewerBackend
from ui.tasks import run_task
from ui.widgets.records_model import RecordsModel

__all__ = ["COLUMNS", "AuditLogPage", "AuditTableModel", "MaskedNumberField", "outcome_text"]

# The table's columns, in display order.
COLUMNS = ("time", "staff", "station", "action", "subject", "outcome")
PAGE_SIZE = 50

# The status line's colours (background, text) when the chain is broken; contrast ≥ 4.5:1.
BROKEN_COLOURS = ("#fee2e2", "#991b1b")


def outcome_text(outcome: AuditOutcome) -> str:
    texts = {
        AuditOutcome.DONE: QCoreApplication.translate("AuditTexts", "Done"),
        AuditOutcome.NOT_FOUND: QCoreApplication.translate("AuditTexts", "Not found"),
        AuditOutcome.DENIED: QCoreApplication.translate("AuditTexts", "Refused"),
        AuditOutcome.FAILED: QCoreApplication.translate("AuditTexts", "Failed"),
    }
    return texts[outcome]


def subject_text(record: AuditRecord) -> str:
    """A person as the shortened pseudonym (never the masked number), anything else as is."""
    if record.person_key:
        return QCoreApplication.translate("AuditTexts", "person {key}…").format(
            key=record.person_key_short
        )
    return record.subject


class MaskedNumberField(QLineEdit):
    """An ID number field that shows the number masked as soon as it is entered.

    The number is kept in memory only (:meth:`number`) for the search; focusing the field again
    empties it for a new number rather than unmasking the old one.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._number = ""
        self._masked = False
        self.setClearButtonEnabled(True)
        self.editingFinished.connect(self.mask_entry)
        self.textEdited.connect(self._edited)

    def number(self) -> str:
        """The number entered ("" for none), normalised."""
        return self._number if self._masked else normalise_id_text(self.text())

    def is_masked(self) -> bool:
        return self._masked

    def mask_entry(self) -> None:
        typed = normalise_id_text(self.text())
        if self._masked or not typed:
            return
        self._number, self._masked = typed, True
        self.setText(mask_id_number(typed))  # (setText also forgets the undo history)
        self.setToolTip(self.tr("Entered and masked; click to type another number"))

    def wipe(self) -> None:
        self._number, self._masked = "", False
        self.clear()
        self.setToolTip("")

    def _edited(self, _text: str) -> None:
        if self._masked:  # a key or the clear button on the masked text: a new number
            self._number, self._masked = "", False
            self.setToolTip("")

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._masked:
            self.wipe()
        super().focusInEvent(event)


class AuditTableModel(RecordsModel[AuditRecord]):
    """One page of audit records, newest first."""

    columns = COLUMNS

    def __init__(self, tz: tzinfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return header_text(COLUMNS[section])

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        record = self.record(index.row())
        if record is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        key = COLUMNS[index.column()]
        if key == "time":
            return f"{_local(record.occurred_at, self._tz):%Y-%m-%d %H:%M:%S}"
        if key == "staff":
            return record.actor
        if key == "station":
            return record.station
        if key == "action":
            return record.action
        if key == "subject":
            return subject_text(record)
        return outcome_text(record.outcome)


def header_text(key: str) -> str:
    texts = {
        "seq": QCoreApplication.translate("AuditTexts", "No."),
        "time": QCoreApplication.translate("AuditTexts", "Time"),
        "staff": QCoreApplication.translate("AuditTexts", "Staff"),
        "station": QCoreApplication.translate("AuditTexts", "Station"),
        "action": QCoreApplication.translate("AuditTexts", "Action"),
        "subject": QCoreApplication.translate("AuditTexts", "Subject"),
        "person": QCoreApplication.translate("AuditTexts", "Person (pseudonym)"),
        "purpose": QCoreApplication.translate("AuditTexts", "Purpose"),
        "outcome": QCoreApplication.translate("AuditTexts", "Outcome"),
    }
    return texts[key]


# The export's columns (``desktop.services.audit_search.EXPORT_COLUMNS``), in its order.
EXPORT_HEADER_KEYS = (
    "seq",
    "time",
    "staff",
    "station",
    "action",
    "subject",
    "person",
    "purpose",
    "outcome",
)


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment


PurposePrompt = Callable[[str, str], str | None]
PathPrompt = Callable[[], str | None]


class AuditLogPage(QWidget):
    """The audit log viewer (see the module's docstring)."""

    # A page of results is on screen (after a search, or paging).
    sig_page_shown = Signal()
    # The chain's status line was (re)painted.
    sig_status_shown = Signal()
    # An export ended: the :class:`ExportReport`, or None when it failed.
    sig_export_done = Signal(object)
    # A search, page or export was refused or failed (the error is shown).
    sig_failed = Signal(object)

    def __init__(
        self,
        backend: AuditViewerBackend,
        principal: Principal | None = None,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
        ask_purpose: PurposePrompt | None = None,
        ask_export_path: PathPrompt | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._principal = principal
        self._tz = tz
        self._ask_purpose = ask_purpose or self._purpose_dialog
        self._ask_export_path = ask_export_path or self._export_dialog
        self._query: AuditQuery | None = None
        self._purpose = ""
        # ``before_seq`` of every page shown of the current search (page 1: None).
        self._cursors: list[int | None] = []
        self._page: AuditPage | None = None
        self._seq = 0  # tags search answers: only the newest request's answer is shown
        self._session = 0  # tags the lists' and status's answers: dropped after a sign-out
        self._closed = False
        self._build()

    # ---- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.person = MaskedNumberField()
        self.person.setPlaceholderText(self.tr("ID number"))
        self.staff = self._combo()
        self.action = self._combo()
        self.station = self._combo()
        self.period = QCheckBox(self.tr("Period"))
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.period.toggled.connect(self.since.setEnabled)
        self.period.toggled.connect(self.until.setEnabled)
        self.search_button = QPushButton(self.tr("Search…"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.person.returnPressed.connect(self.search)

        bar = QGridLayout()
        labels = (
            (self.tr("Person"), self.person),
            (self.tr("Staff"), self.staff),
            (self.tr("Action"), self.action),
            (self.tr("Station"), self.station),
        )
        for column, (text, widget) in enumerate(labels):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label, 0, column)
            bar.addWidget(widget, 1, column)
        period_row = QHBoxLayout()
        period_row.addWidget(self.since)
        period_row.addWidget(QLabel("–"))
        period_row.addWidget(self.until)
        bar.addWidget(self.period, 0, len(labels))
        bar.addLayout(period_row, 1, len(labels))
        bar.addWidget(self.search_button, 1, len(labels) + 1)

        self.model = AuditTableModel(self._tz, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("Select an event to read all of it."))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.newer_button = QPushButton(self.tr("◀ Newer"))
        self.older_button = QPushButton(self.tr("Older ▶"))
        self.newer_button.clicked.connect(self.newer)
        self.older_button.clicked.connect(self.older)
        self.page_label = QLabel()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.export)
        self.message = QLabel()
        self.message.setWordWrap(True)
        paging = QHBoxLayout()
        paging.addWidget(self.newer_button)
        paging.addWidget(self.page_label)
        paging.addWidget(self.older_button)
        paging.addWidget(self.message, 1)
        paging.addWidget(self.export_button)

        self.chain_label = QLabel(self.tr("Audit chain: …"))
        self.chain_label.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Verify now"))
        self.verify_button.clicked.connect(self.verify_now)
        chain_row = QHBoxLayout()
        chain_row.addWidget(self.chain_label, 1)
        chain_row.addWidget(self.verify_button)

        layout = QVBoxLayout(self)
        layout.addLayout(chain_row)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(paging)
        self._update_buttons()

    @staticmethod
    def _combo() -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)  # a name not in the list can be typed
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(10)
        combo.addItem("")
        return combo

    # ---- start and stop ----------------------------------------------------------------------

    def set_principal(self, principal: Principal | None) -> None:
        """Who is signed in (None: signed out): the screen is wiped, then filled for them."""
        self._seq += 1  # answers for the previous supervisor are dropped
        self._session += 1
        self._principal = principal
        self._query, self._purpose, self._page, self._cursors = None, "", None, []
        self.person.wipe()
        self.model.set_rows(())
        self.detail.clear()
        self.page_label.clear()
        self._say("")
        self._update_buttons()
        if principal is not None:
            self.start()

    def start(self) -> None:
        """Fill the filter lists and the chain's status line (on the worker)."""
        backend, principal = self._backend, self._principal
        if principal is None or self._closed:
            return
        session = self._session

        def choices_done(choices: AuditChoices | None, error: BaseException | None) -> None:
            if session == self._session:
                self._choices_done(choices, error)

        def status_done(status: ChainStatus | None, error: BaseException | None) -> None:
            if session == self._session:
                self._status_done(status, error)

        run_task(lambda: backend.choices(principal), choices_done)
        run_task(lambda: backend.chain_status(principal), status_done)

    def stop(self) -> None:
        """The page is closing: drop every answer still on its way, forget the number."""
        self._closed = True
        self.person.wipe()
        self.model.set_rows(())
        self.detail.clear()

    def _choices_done(self, choices: AuditChoices | None, error: BaseException | None) -> None:
        if self._closed or choices is None:
            return  # (the lists stay empty: names can still be typed)
        for combo, values in (
            (self.staff, choices.users),
            (self.action, choices.actions),
            (self.station, choices.stations),
        ):
            typed = combo.currentText()
            combo.clear()
            combo.addItem("")
            combo.addItems(list(values))
            combo.setEditText(typed)

    # ---- searching ---------------------------------------------------------------------------

    def query(self) -> AuditQuery:
        """The filters as they stand on screen (first page)."""
        self.person.mask_entry()
        since = until = None
        if self.period.isChecked():
            first, last = self.since.date().toPython(), self.until.date().toPython()
            assert isinstance(first, date) and isinstance(last, date)
            since = self._start_of(first)
            until = self._start_of(last + timedelta(days=1))
        return AuditQuery(
            person=self.person.number(),
            user=self.staff.currentText().strip(),
            action=self.action.currentText().strip(),
            station=self.station.currentText().strip(),
            since=since,
            until=until,
            limit=PAGE_SIZE,
        )

    def _start_of(self, day: date) -> datetime:
        start = datetime.combine(day, time())
        return start.replace(tzinfo=self._tz) if self._tz is not None else start.astimezone()

    def search(self) -> None:
        """A new search: ask its purpose, then read its first page."""
        if self._principal is None or self._closed:
            return
        query = self.query()
        purpose = self._ask_purpose(
            self.tr("Purpose of this search"),
            self._purpose,
        )
        if purpose is None or not purpose.strip():
            self._say(self.tr("Not searched: a search of the audit log needs a purpose."))
            return
        self._query, self._purpose = query, purpose.strip()
        self._cursors = [None]
        self._load()

    def older(self) -> None:
        if self._page is None or self._page.next_before is None:
            return
        self._cursors.append(self._page.next_before)
        self._load()

    def newer(self) -> None:
        if len(self._cursors) <= 1:
            return
        self._cursors.pop()
        self._load()

    def _load(self) -> None:
        assert self._query is not None
        self._seq += 1
        ticket = self._seq
        query = replace(self._query, before_seq=self._cursors[-1])
        backend, principal, purpose = self._backend, self._principal, self._purpose
        assert principal is not None
        self._say(self.tr("Searching…"))
        self.search_button.setEnabled(False)

        def done(page: AuditPage | None, error: BaseException | None) -> None:
            if self._closed or ticket != self._seq:
                return  # a newer search (or page) replaced this one
            self.search_button.setEnabled(True)
            if error is not None or page is None:
                if len(self._cursors) > 1:
                    self._cursors.pop()  # the page that failed is not the one on screen
                self._fail(error)
                return
            self._show_page(page)

        run_task(lambda: backend.search(principal, query, purpose), done)

    def _show_page(self, page: AuditPage) -> None:
        keep_singletons_alive()  # a supervisor pages a long while (see ui/refcounts.py)
        self._page = page
        self.model.set_rows(page.records)
        self.detail.clear()
        if page.records:
            self.table.selectRow(0)
        number = len(self._cursors)
        self.page_label.setText(self.tr("Page {n}").format(n=number))
        if page.records:
            self._say(self.tr("{count} events on this page.").format(count=len(page.records)))
        else:
            self._say(self.tr("No event matches."))
        self._update_buttons()
        self.sig_page_shown.emit()

    def _update_buttons(self) -> None:
        self.newer_button.setEnabled(len(self._cursors) > 1)
        self.older_button.setEnabled(self._page is not None and self._page.next_before is not None)
        self.export_button.setEnabled(self._query is not None)

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.model.record(current.row())
        if record is None:
            self.detail.clear()
            return
        lines = [
            self.tr("Event {seq}").format(seq=record.seq),
            self.tr("Time: {time}").format(
                time=f"{_local(record.occurred_at, self._tz):%Y-%m-%d %H:%M:%S %z}"
            ),
            self.tr("Staff: {user}").format(user=record.actor),
            self.tr("Station: {station}").format(station=record.station),
            self.tr("Action: {action}").format(action=record.action),
            self.tr("Subject: {subject}").format(subject=record.subject),
            self.tr("Purpose: {purpose}").format(purpose=record.purpose),
            self.tr("Outcome: {outcome}").format(outcome=outcome_text(record.outcome)),
        ]
        if record.person_key:
            lines.append(self.tr("Person (pseudonym): {key}").format(key=record.person_key))
        if not record.same_person:
            lines.append(
                self.tr(
                    "Found by the masked number only: this event keeps no pseudonym, so it may "
                    "concern another person with the same masked number."
                )
            )
        lines += ["", json.dumps(record.detail, ensure_ascii=False, indent=2, sort_keys=True)]
        self.detail.setPlainText("\n".join(lines))

    # ---- export ------------------------------------------------------------------------------

    def export(self) -> None:
        """Export every result of the current search (CSV or XLSX, by the file's suffix)."""
        if self._query is None or self._principal is None:
            return
        path = self._ask_export_path()
        if not path:
            return
        purpose = self._ask_purpose(self.tr("Purpose of this export"), self._purpose)
        if purpose is None or not purpose.strip():
            self._say(self.tr("Not exported: an export of the audit log needs a purpose."))
            return
        query, principal, backend = self._query, self._principal, self._backend
        headers = [header_text(k) for k in EXPORT_HEADER_KEYS]
        labels = {o: outcome_text(o) for o in AuditOutcome}
        self.export_button.setEnabled(False)
        self._say(self.tr("Exporting…"))

        def done(report: ExportReport | None, error: BaseException | None) -> None:
            if self._closed:
                return
            self.export_button.setEnabled(True)
            if error is not None or report is None:
                self._fail(error)
                self.sig_export_done.emit(None)
                return
            text = self.tr("Exported {rows} events to {path}.").format(
                rows=report.rows, path=report.path
            )
            if report.truncated:
                text += " " + self.tr("Only the newest were exported: narrow the search.")
            self._say(text)
            self.sig_export_done.emit(report)

        run_task(
            lambda: backend.export(principal, query, purpose.strip(), path, headers, labels),
            done,
        )

    # ---- the chain's status ------------------------------------------------------------------

    def verify_now(self) -> None:
        """Run the whole verification on the worker; the status line says when it is done."""
        backend, principal = self._backend, self._principal
        if principal is None or self._closed:
            return
        self.verify_button.setEnabled(False)
        self.chain_label.setText(self.tr("Audit chain: verifying… (this reads the whole log)"))
        run_task(lambda: backend.verify_now(principal), self._status_done)

    def _status_done(self, status: ChainStatus | None, error: BaseException | None) -> None:
        if self._closed:
            return
        self.verify_button.setEnabled(True)
        if error is not None or status is None:
            self.chain_label.setText(
                self.tr("Audit chain: status unknown ({error})").format(error=error_text(error))
            )
            self.chain_label.setStyleSheet("")
        else:
            self.show_status(status)
        self.sig_status_shown.emit()

    def show_status(self, status: ChainStatus) -> None:
        when = f"{_local(status.at, self._tz):%Y-%m-%d %H:%M}" if status.at else ""
        if status.source is ChainStatusSource.NONE:
            text = self.tr("Audit chain: not verified on this station yet.")
        elif not status.ok and status.broken_at is not None:
            text = self.tr("Audit chain BROKEN at event {seq} (verified {when}).").format(
                seq=status.broken_at, when=when
            )
        elif not status.ok:
            text = self.tr(
                "Audit chain NOT INTACT (verified {when}): a checkpoint no longer matches, or "
                "the chain is not keyed."
            ).format(when=when)
        elif status.source is ChainStatusSource.VERIFY:
            text = self.tr("Audit chain intact: verified {when}, events 1 to {seq}.").format(
                when=when, seq=status.verified_to
            )
        else:
            text = self.tr(
                "Audit chain: checkpoint {when} at event {seq} (station {station})."
            ).format(when=when, seq=status.verified_to, station=status.station)
        self.chain_label.setText(text)
        details = [status.problem, *status.checkpoint_problems]
        self.chain_label.setToolTip("\n".join(d for d in details if d))
        if status.ok or status.source is ChainStatusSource.NONE:
            self.chain_label.setStyleSheet("")
        else:
            background, colour = BROKEN_COLOURS
            self.chain_label.setStyleSheet(
                f"background: {background}; color: {colour}; font-weight: bold; padding: 4px;"
            )

    # ---- messages and prompts ----------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _fail(self, error: BaseException | None) -> None:
        self._say(error_text(error))
        self._update_buttons()
        self.sig_failed.emit(error)

    def _purpose_dialog(self, title: str, last: str) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            title,
            self.tr("Why do you search the audit log? The search is recorded with this purpose."),
            QLineEdit.EchoMode.Normal,
            last,
        )
        return text if ok else None

    def _export_dialog(self) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the search results"),
            "audit-log.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"),
        )
        return path or None

"""The supervisor's follow-ups of bad ratings (好差评整改): a page the supervisor's station
hosts.

A table of follow-ups as the core sorts them (late ones first, then by their last day), each
row coloured by its deadline and saying it in words too; a filter (open, late, appealed,
closed, all); beside it the chosen follow-up — the rating, the case, every step so far — and
the steps it may take now: assign, record the call-back, the rectification, the reply, close,
appeal as malicious, decide an appeal. A step the follow-up's table does not allow in its
state is not offered (the core refuses it anyway, with a code).

The page knows the core only through :class:`FollowUpBackend` (which
``desktop.services.ratings.RatingFollowUps`` provides) and the records of
:mod:`desktop.domain.ratings`. Every call runs on the worker (``ui.tasks.run_task``); an answer
for an older query, or for a follow-up no longer on screen, or after the page stopped, is
dropped. Keyboard: F5 refreshes, arrows move in the table, Enter goes to the text box, the
buttons have mnemonics.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import CodedError
from desktop.domain.permissions import Principal
from desktop.domain.ratings import (
    FOLLOWUP_MOVES,
    AppealDecision,
    FollowUpEvent,
    FollowUpRecord,
    FollowUpState,
)
from desktop.services.exports import Cell, export_table
from ui import errors
from ui.tasks import run_task, while_open
from ui.widgets.records_model import RecordsModel

log = logging.getLogger(__name__)

__all__ = [
    "COLUMNS",
    "DEADLINE_COLOURS",
    "FILTERS",
    "FollowUpBackend",
    "FollowUpModel",
    "FollowUpsPage",
    "deadline_level",
]


class FollowUpBackend(Protocol):
    """The follow-ups' use cases (``desktop.services.ratings.RatingFollowUps``)."""

    def followups(
        self,
        principal: Principal,
        *,
        state: FollowUpState | None = None,
        late_only: bool = False,
        open_only: bool = False,
    ) -> Sequence[FollowUpRecord]: ...

    def assign(
        self, principal: Principal, followup_id: int, assignee: str, *, expected_version: int
    ) -> FollowUpRecord: ...

    def record_callback(
        self, principal: Principal, followup_id: int, outcome: str, *, expected_version: int
    ) -> FollowUpRecord: ...

    def record_rectification(
        self, principal: Principal, followup_id: int, rectification: str, *, expected_version: int
    ) -> FollowUpRecord: ...

    def reply(
        self, principal: Principal, followup_id: int, reply: str, *, expected_version: int
    ) -> FollowUpRecord: ...

    def close(
        self, principal: Principal, followup_id: int, *, expected_version: int
    ) -> FollowUpRecord: ...

    def appeal(
        self, principal: Principal, followup_id: int, reason: str, *, expected_version: int
    ) -> FollowUpRecord: ...

    def decide_appeal(
        self,
        principal: Principal,
        followup_id: int,
        decision: AppealDecision,
        note: str,
        *,
        expected_version: int,
    ) -> FollowUpRecord: ...


#: Column keys, in display order.
COLUMNS: Final = ("case", "matter", "window", "score", "state", "due", "deadline", "assignee")
#: The filters, in the combo box's order: (key, state, late only, open only).
FILTERS: Final = (
    ("open", None, False, True),
    ("late", None, True, False),
    ("appealed", FollowUpState.APPEALED, False, False),
    ("closed", FollowUpState.CLOSED, False, False),
    ("all", None, False, False),
)
#: Row colours (background, text) per deadline level; each also said in words.
DEADLINE_COLOURS: Final[dict[str, tuple[str, str]]] = {
    "late": ("#fee2e2", "#991b1b"),
    "due_soon": ("#fef3c7", "#92400e"),
    "normal": ("", ""),
    "done": ("", "#6b7280"),
}
#: Hall working days left at which a follow-up turns yellow.
DUE_SOON_DAYS: Final = 3
#: The model's role carrying a row's follow-up id.
ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1


def deadline_level(f: FollowUpRecord) -> str:
    if not f.open:
        return "done"
    if f.late:
        return "late"
    return "due_soon" if f.days_left <= DUE_SOON_DAYS else "normal"


def state_text(state: FollowUpState) -> str:
    texts = {
        FollowUpState.OPEN: QCoreApplication.translate("FollowUps", "To assign"),
        FollowUpState.ASSIGNED: QCoreApplication.translate("FollowUps", "Assigned"),
        FollowUpState.CALLED_BACK: QCoreApplication.translate("FollowUps", "Called back"),
        FollowUpState.RECTIFIED: QCoreApplication.translate("FollowUps", "Rectified"),
        FollowUpState.REPLIED: QCoreApplication.translate("FollowUps", "Replied"),
        FollowUpState.CLOSED: QCoreApplication.translate("FollowUps", "Closed"),
        FollowUpState.APPEALED: QCoreApplication.translate("FollowUps", "Appealed"),
        FollowUpState.VOIDED: QCoreApplication.translate("FollowUps", "Appeal upheld"),
    }
    return texts[state]


def filter_text(key: str) -> str:
    texts = {
        "open": QCoreApplication.translate("FollowUps", "Open"),
        "late": QCoreApplication.translate("FollowUps", "Late"),
        "appealed": QCoreApplication.translate("FollowUps", "Appealed"),
        "closed": QCoreApplication.translate("FollowUps", "Closed"),
        "all": QCoreApplication.translate("FollowUps", "All"),
    }
    return texts[key]


def score_text(score: int) -> str:
    texts = {
        1: QCoreApplication.translate("FollowUps", "Very satisfied"),
        2: QCoreApplication.translate("FollowUps", "Satisfied"),
        3: QCoreApplication.translate("FollowUps", "Fairly satisfied"),
        4: QCoreApplication.translate("FollowUps", "Dissatisfied"),
        5: QCoreApplication.translate("FollowUps", "Very dissatisfied"),
    }
    return texts.get(score, str(score))


def deadline_text(f: FollowUpRecord) -> str:
    """The deadline in words (a colour never says it alone)."""
    if not f.open:
        return state_text(f.state)
    if f.late:
        late_by = str(max(1, -f.days_left))
        return QCoreApplication.translate("FollowUps", "Late: %1 working days").replace(
            "%1", late_by
        )
    if f.days_left == 0:
        return QCoreApplication.translate("FollowUps", "Due today")
    return QCoreApplication.translate("FollowUps", "%1 working days left").replace(
        "%1", str(f.days_left)
    )


class FollowUpModel(RecordsModel[FollowUpRecord]):
    """The follow-ups of one query, in the core's order."""

    columns = COLUMNS

    def row_of(self, followup_id: int) -> int:
        return next((i for i, f in enumerate(self._rows) if f.id == followup_id), -1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = {
            "case": QCoreApplication.translate("FollowUps", "Case"),
            "matter": QCoreApplication.translate("FollowUps", "Matter"),
            "window": QCoreApplication.translate("FollowUps", "Window"),
            "score": QCoreApplication.translate("FollowUps", "Rating"),
            "state": QCoreApplication.translate("FollowUps", "State"),
            "due": QCoreApplication.translate("FollowUps", "Last day"),
            "deadline": QCoreApplication.translate("FollowUps", "Deadline"),
            "assignee": QCoreApplication.translate("FollowUps", "Assignee"),
        }
        return headers[COLUMNS[section]]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        f = self.record(index.row())
        if f is None or not index.isValid():
            return None
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(f, key)
        if role == ID_ROLE:
            return f.id
        background, foreground = DEADLINE_COLOURS[deadline_level(f)]
        if role == Qt.ItemDataRole.BackgroundRole and background:
            return QBrush(QColor(background))
        if role == Qt.ItemDataRole.ForegroundRole and foreground:
            return QBrush(QColor(foreground))
        return None

    @staticmethod
    def _text(f: FollowUpRecord, key: str) -> str:
        values = {
            "case": f.case_number,
            "matter": f.matter_name,
            "window": f.window,
            "score": score_text(f.score),
            "state": state_text(f.state),
            "due": f.due.isoformat(),
            "deadline": deadline_text(f),
            "assignee": f.assignee or "—",
        }
        return values[key]


def _when(moment: datetime | date | None) -> str:
    if moment is None:
        return "—"
    if isinstance(moment, datetime):
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


class FollowUpsPage(QWidget):
    """The follow-ups list, the chosen one's detail and its steps."""

    #: The list was painted (after every query).
    sig_list_shown = Signal()
    #: A step was taken and the follow-up is shown as it now stands.
    sig_step_done = Signal(int)
    #: An error was shown (its translated text).
    sig_error = Signal(str)
    #: The list was exported (the file's path).
    sig_exported = Signal(str)

    def __init__(
        self, backend: FollowUpBackend, *, language: str = "zh_CN", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.language = language
        self.principal: Principal | None = None
        self.current: FollowUpRecord | None = None
        self.dropped = 0
        self._query_seq = 0
        self._shown_seq = 0
        self._busy = False
        self._stopped = False
        self._build()

    # ---- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter_label = QLabel(self.tr("&Show:"), self)
        self.filter = QComboBox(self)
        for key, *_ in FILTERS:
            self.filter.addItem(filter_text(key), key)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.export_button.clicked.connect(self.export)
        self.status = QLabel("", self)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        top.addWidget(self.status, 1)
        outer.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = FollowUpModel(self)
        self.table = QTableView(split)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(self.tr("Follow-ups of bad ratings"))
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.table.activated.connect(self._focus_text)

        side = QWidget(split)
        right = QVBoxLayout(side)
        self.detail = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("case", self.tr("Case")),
            ("rating", self.tr("Rating")),
            ("comment", self.tr("Citizen's comment")),
            ("window", self.tr("Window, channel")),
            ("state", self.tr("State")),
            ("due", self.tr("Last day")),
            ("assignee", self.tr("Assignee")),
            ("callback", self.tr("Call-back")),
            ("rectification", self.tr("Rectification")),
            ("reply", self.tr("Reply")),
            ("appeal", self.tr("Appeal")),
        ):
            value = QLabel("—", side)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            self.detail.addRow(label, value)
        right.addLayout(self.detail)

        assign_row = QHBoxLayout()
        self.assignee = QLineEdit(side)
        self.assignee.setPlaceholderText(self.tr("User name"))
        self.assignee_label = QLabel(self.tr("Assign &to:"), side)
        self.assignee_label.setBuddy(self.assignee)
        self.assign_button = QPushButton(self.tr("&Assign"), side)
        assign_row.addWidget(self.assignee_label)
        assign_row.addWidget(self.assignee, 1)
        assign_row.addWidget(self.assign_button)
        right.addLayout(assign_row)
        self.text_label = QLabel(
            self.tr("&Text (call-back outcome, rectification, reply, reason):"), side
        )
        self.text = QPlainTextEdit(side)
        self.text.setTabChangesFocus(True)
        self.text_label.setBuddy(self.text)
        right.addWidget(self.text_label)
        right.addWidget(self.text, 1)
        steps = QHBoxLayout()
        self.buttons: dict[FollowUpEvent, QPushButton] = {FollowUpEvent.ASSIGN: self.assign_button}
        for event, label in (
            (FollowUpEvent.CALLBACK, self.tr("&Call-back")),
            (FollowUpEvent.RECTIFY, self.tr("Recti&fied")),
            (FollowUpEvent.REPLY, self.tr("Re&ply")),
            (FollowUpEvent.CLOSE, self.tr("C&lose")),
            (FollowUpEvent.APPEAL, self.tr("Appeal as &malicious")),
            (FollowUpEvent.UPHOLD_APPEAL, self.tr("&Uphold appeal")),
            (FollowUpEvent.REJECT_APPEAL, self.tr("Re&ject appeal")),
        ):
            button = QPushButton(label, side)
            self.buttons[event] = button
            steps.addWidget(button)
        for event, button in self.buttons.items():
            button.clicked.connect(lambda _=False, e=event: self.take(e))
        right.addLayout(steps)
        self.message = QLabel("", side)
        self.message.setWordWrap(True)
        right.addWidget(self.message)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self._show(None)

    # ---- the list ----------------------------------------------------------------------------

    def set_principal(self, principal: Principal | None) -> None:
        self.principal = principal
        self.refresh()

    def stop(self) -> None:
        """The page is going away: answers still on their way are dropped."""
        self._stopped = True

    def filter_key(self) -> str:
        return str(self.filter.currentData())

    @Slot()
    def refresh(self) -> None:
        principal = self.principal
        if principal is None or self._stopped:
            return
        self._query_seq += 1
        seq = self._query_seq
        _key, state, late_only, open_only = next(f for f in FILTERS if f[0] == self.filter_key())
        backend = self.backend

        def done(rows: Sequence[FollowUpRecord] | None, error: BaseException | None) -> None:
            if seq != self._query_seq:
                self.dropped += 1
                return
            if error is not None or rows is None:
                self._error(error)
                return
            self._show_rows(rows)

        run_task(
            lambda: backend.followups(
                principal, state=state, late_only=late_only, open_only=open_only
            ),
            self._alive(done),
        )

    @Slot()
    def export(self) -> None:
        """The list as shown, as CSV or XLSX (the file's suffix says which), owner-only."""
        rows = self.model.rows()
        path = self.ask_path()
        if not path:
            return
        headers = [
            str(self.model.headerData(i, Qt.Orientation.Horizontal)) for i in range(len(COLUMNS))
        ]
        headers += [
            self.tr("Comment"),
            self.tr("Call-back"),
            self.tr("Rectification"),
            self.tr("Reply"),
        ]
        table: list[list[Cell]] = [
            [
                f.case_number,
                f.matter_name,
                f.window,
                f.score,
                state_text(f.state),
                f.due,
                deadline_text(f),
                f.assignee,
                f.comment,
                f.callback_outcome,
                f.rectification,
                f.reply,
            ]
            for f in rows
        ]

        def done(written: Path | None, error: BaseException | None) -> None:
            if error is not None or written is None:
                self._error(error)
                return
            self._say(self.tr("Exported to %1").replace("%1", str(written)))
            self.sig_exported.emit(str(written))

        run_task(
            lambda: export_table(path, headers, table, sheet_title="好差评整改"),
            self._alive(done),
        )

    def ask_path(self) -> str:
        """Where to export (a dialog; tests replace it)."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the follow-ups"),
            "followups.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        return path

    @Slot(object)
    def on_changes(self, topics: frozenset[str]) -> None:
        """The live feed: refresh when follow-ups changed (or everything did)."""
        if "ratings" in topics or "*" in topics:
            self.refresh()

    def _show_rows(self, rows: Sequence[FollowUpRecord]) -> None:
        keep = self.current.id if self.current is not None else None
        self.model.set_rows(rows)
        late = sum(1 for f in rows if f.late)
        self.status.setText(
            self.tr("%1 shown, %2 late").replace("%1", str(len(rows))).replace("%2", str(late))
        )
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self._show(self.model.record(row))
        else:
            self._show(None)
        self.sig_list_shown.emit()

    @Slot()
    def _focus_text(self) -> None:
        self.text.setFocus()

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.model.record(current.row())
        if record is not None and (self.current is None or record.id != self.current.id):
            self.message.setText("")
            self._show(record)

    # ---- the detail --------------------------------------------------------------------------

    def _show(self, f: FollowUpRecord | None) -> None:
        # Another follow-up on screen: answers about the one before are dropped. The same one
        # shown again (a refresh) keeps a step in flight.
        if f is None or self.current is None or f.id != self.current.id:
            self._shown_seq += 1
            self._busy = False
        self.current = f
        if f is None:
            for label in self.fields.values():
                label.setText("—")
            for button in self.buttons.values():
                button.setEnabled(False)
            return
        self.fields["case"].setText(f"{f.case_number} · {f.matter_name}")
        self.fields["rating"].setText(f"{f.score} · {score_text(f.score)} · {_when(f.rated_at)}")
        self.fields["comment"].setText(f.comment or "—")
        self.fields["window"].setText(f"{f.window} · {f.channel.value}")
        self.fields["state"].setText(state_text(f.state))
        self.fields["due"].setText(f"{f.due.isoformat()} · {deadline_text(f)}")
        self.fields["assignee"].setText(f.assignee or "—")
        self.fields["callback"].setText(
            f"{_when(f.callback_at)} · {f.callback_by} · {f.callback_outcome}"
            if f.callback_at
            else "—"
        )
        self.fields["rectification"].setText(f.rectification or "—")
        self.fields["reply"].setText(f.reply or "—")
        appeal = "—"
        if f.appealed_at is not None:
            appeal = f"{f.appealed_by}: {f.appeal_reason}"
            if f.appeal_decision is not None:
                decided = (
                    self.tr("upheld")
                    if f.appeal_decision is AppealDecision.UPHELD
                    else self.tr("rejected")
                )
                appeal += f" → {decided} ({f.appeal_decided_by}: {f.appeal_note})"
        self.fields["appeal"].setText(appeal)
        for event, button in self.buttons.items():
            allowed = (f.state, event) in FOLLOWUP_MOVES
            if event is FollowUpEvent.APPEAL and f.appeal_decision is not None:
                allowed = False  # once per follow-up
            button.setEnabled(allowed and not self._busy)

    # ---- the steps ---------------------------------------------------------------------------

    def take(self, event: FollowUpEvent) -> None:
        """Take a step on the follow-up on screen (the text box holds its words)."""
        principal, f = self.principal, self.current
        if principal is None or f is None or not self.buttons[event].isEnabled():
            return
        text = self.text.toPlainText().strip()
        needs_text = event not in (FollowUpEvent.ASSIGN, FollowUpEvent.CLOSE)
        if needs_text and not text:
            self._say(self.tr("Write the text for this step first."), error=True)
            self.text.setFocus()
            return
        who = self.assignee.text().strip()
        if event is FollowUpEvent.ASSIGN and not who:
            self._say(self.tr("Type the user name to assign it to."), error=True)
            self.assignee.setFocus()
            return
        work = self._work(principal, f, event, text, who)
        seq = self._shown_seq
        self._busy = True  # one step at a time
        for button in self.buttons.values():
            button.setEnabled(False)

        def done(record: FollowUpRecord | None, error: BaseException | None) -> None:
            if seq != self._shown_seq:
                self.dropped += 1
                return
            self._busy = False
            if error is not None or record is None:
                self._show(self.current)
                self._error(error)
                return
            self.text.clear()
            self._show(record)
            self._say(self.tr("Saved."))
            self.sig_step_done.emit(record.id)
            self.refresh()

        run_task(work, self._alive(done))

    def _work(
        self,
        principal: Principal,
        f: FollowUpRecord,
        event: FollowUpEvent,
        text: str,
        who: str,
    ) -> Callable[[], FollowUpRecord]:
        b, fid, v = self.backend, f.id, f.version
        steps: dict[FollowUpEvent, Callable[[], FollowUpRecord]] = {
            FollowUpEvent.ASSIGN: lambda: b.assign(principal, fid, who, expected_version=v),
            FollowUpEvent.CALLBACK: lambda: b.record_callback(
                principal, fid, text, expected_version=v
            ),
            FollowUpEvent.RECTIFY: lambda: b.record_rectification(
                principal, fid, text, expected_version=v
            ),
            FollowUpEvent.REPLY: lambda: b.reply(principal, fid, text, expected_version=v),
            FollowUpEvent.CLOSE: lambda: b.close(principal, fid, expected_version=v),
            FollowUpEvent.APPEAL: lambda: b.appeal(principal, fid, text, expected_version=v),
            FollowUpEvent.UPHOLD_APPEAL: lambda: b.decide_appeal(
                principal, fid, AppealDecision.UPHELD, text, expected_version=v
            ),
            FollowUpEvent.REJECT_APPEAL: lambda: b.decide_appeal(
                principal, fid, AppealDecision.REJECTED, text, expected_version=v
            ),
        }
        return steps[event]

    # ---- plumbing ----------------------------------------------------------------------------

    def _alive(
        self, done: Callable[[Any, BaseException | None], None]
    ) -> Callable[[Any, BaseException | None], None]:
        return while_open(self, lambda: not self._stopped, done, "a closed follow-ups page")

    def _error(self, error: BaseException | None) -> None:
        if error is not None and not isinstance(error, CodedError):
            log.error("follow-ups: unexpected error", exc_info=error)
        text = errors.error_text(error, language=self.language)
        self._say(text, error=True)
        self.sig_error.emit(text)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #991b1b;" if error else "")

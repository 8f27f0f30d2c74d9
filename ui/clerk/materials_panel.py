"""The materials checklist of one matter, with the window's live decision.

    checklist = MaterialsChecklist(matter, "zh_CN")
    checklist.set_held_certificates(prefill.held_certificates)  # certificate type → number
    form.sig_changed.connect(checklist.set_values)                # which materials apply
    checklist.sig_outcome_changed.connect(...)                    # MaterialsOutcome

One row per material that applies to the application (re-evaluated when the form's values
change). The clerk marks each as received, missing, or — where the matter allows it — replaced
by a signed promise. A material a certificate the hall already issued stands for is marked
"reused" and locked. The line at the bottom says what the window may do, from the core's
:func:`~desktop.domain.matters.materials.evaluate_materials`: accept; accept with items owed
(容缺) listing them; or a one-time notification listing everything missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.matters.materials import (
    MaterialLine,
    MaterialsDecision,
    MaterialsOutcome,
    MaterialStatus,
    applicable_materials,
    evaluate_materials,
)
from desktop.domain.matters.model import MaterialSpec, Matter
from ui.clerk.texts import DECISION_COLOURS, decision_text, material_status_text, pick
from ui.clerk.widgets import panel_scroll_area

__all__ = ["MaterialsChecklist"]

_CHOICES = (MaterialStatus.RECEIVED, MaterialStatus.MISSING, MaterialStatus.PROMISED)
_REUSED_STYLE = "color: #15803d; font-weight: bold;"
_NOTE_STYLE = "color: #6b7280;"


@dataclass(eq=False)
class _MaterialRow:
    spec: MaterialSpec
    frame: QFrame
    name: QLabel
    note: QLabel
    choices: QWidget
    buttons: dict[MaterialStatus, QRadioButton]
    group: QButtonGroup
    reused: QLabel


class MaterialsChecklist(QWidget):
    """See the module docstring."""

    #: The decision or its lists changed: the new :class:`MaterialsOutcome`.
    sig_outcome_changed = Signal(object)
    #: The clerk changed a mark: material code → status (for autosave).
    sig_marked_changed = Signal(dict)

    def __init__(
        self, matter: Matter, language: str = "zh_CN", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("materialsChecklist")
        self.matter = matter
        self._language = language
        self._values: dict[str, object] = {}
        self._held: dict[str, str] = {}
        self._marks: dict[str, MaterialStatus] = {}  # kept while a row does not apply
        self._rows: dict[str, _MaterialRow] = {}  # the rows shown, in order
        self._built: dict[str, _MaterialRow] = {}  # every row built so far, by material code
        self._outcome: MaterialsOutcome | None = None
        self._read_only = False
        self._updating = False

        self.title = QLabel(self.tr("Materials"), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.all_received_button = QPushButton(self.tr("All received"), self)
        self.all_received_button.setObjectName("allReceived")
        self.all_received_button.setToolTip(self.tr("Mark every material as received"))
        self.all_received_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.all_received_button.clicked.connect(self.mark_all_received)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.all_received_button)

        self._rows_widget = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_widget)
        self._rows_layout.setContentsMargins(0, 0, 6, 0)
        self._rows_layout.setSpacing(4)
        self._rows_layout.addStretch(1)
        self.scroll_area = panel_scroll_area(self._rows_widget, self, horizontal=False)

        self.outcome_label = QLabel(self)
        self.outcome_label.setObjectName("materialsOutcome")
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.outcome_label)
        self._rebuild()
        self._evaluate(emit=False)

    # ---- public ------------------------------------------------------------------------------

    def set_values(self, values: Mapping[str, object]) -> None:
        """The form's values changed: re-evaluate which materials apply."""
        self._values = dict(values)
        self._rebuild()
        self._evaluate()

    def set_held_certificates(self, held: Mapping[str, str]) -> None:
        """Certificates the hall already issued to the applicant (type → number)."""
        self._held = dict(held)
        self._rebuild()
        self._sync_buttons()  # which rows are locked (reused) follows the certificates
        self._evaluate()

    def reset(self) -> None:
        """Forget the applicant (values, certificates, marks): as freshly built, for the next."""
        self._values, self._held, self._marks = {}, {}, {}
        self._rebuild()
        self._sync_buttons()
        self._evaluate(emit=False)
        self.scroll_area.verticalScrollBar().setValue(0)

    def set_marked(self, marks: Mapping[str, MaterialStatus | str]) -> None:
        """Restore marks (e.g. from a draft); unknown codes and statuses are ignored."""
        for code, status in marks.items():
            try:
                self._marks[code] = MaterialStatus(status)
            except ValueError:
                continue
        self._sync_buttons()
        self._evaluate()

    def mark(self, code: str, status: MaterialStatus) -> None:
        """Mark one material as the clerk would (a locked, reused row does not change)."""
        self._marks[code] = status
        self._sync_buttons()
        self._evaluate()
        self.sig_marked_changed.emit(self.marked())

    def mark_all_received(self) -> None:
        for code in self._rows:
            self._marks[code] = MaterialStatus.RECEIVED
        self._sync_buttons()
        self._evaluate()
        self.sig_marked_changed.emit(self.marked())

    def marked(self) -> dict[str, MaterialStatus]:
        """Each applicable material's status as marked (reused where a certificate stands)."""
        out: dict[str, MaterialStatus] = {}
        for code, row in self._rows.items():
            if self._is_reused(row.spec):
                out[code] = MaterialStatus.REUSED
            else:
                out[code] = self._marks.get(code, MaterialStatus.MISSING)
        return out

    def outcome(self) -> MaterialsOutcome:
        if self._outcome is None:  # pragma: no cover - evaluated in __init__
            self._evaluate(emit=False)
        assert self._outcome is not None
        return self._outcome

    def row_codes(self) -> list[str]:
        return list(self._rows)

    def is_locked(self, code: str) -> bool:
        return self._is_reused(self._rows[code].spec)

    def button(self, code: str, status: MaterialStatus) -> QRadioButton | None:
        return self._rows[code].buttons.get(status)

    def outcome_text(self) -> str:
        return self.outcome_label.text()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.all_received_button.setVisible(not read_only)
        for row in self._rows.values():
            for b in row.buttons.values():
                b.setEnabled(not read_only)

    # ---- rows --------------------------------------------------------------------------------

    def _is_reused(self, spec: MaterialSpec) -> bool:
        return bool(spec.reusable_cert_type) and spec.reusable_cert_type in self._held

    def _rebuild(self) -> None:
        """Show the rows of the materials that apply now, in the matter's order.

        A material's row is built once and hidden while it does not apply (it holds nothing of
        an applicant but its marks, which :meth:`_sync_buttons` sets from ``_marks``).
        """
        specs = applicable_materials(self.matter, self._values)
        if tuple(s.code for s in specs) == tuple(self._rows):
            return
        for row in self._rows.values():
            self._rows_layout.removeWidget(row.frame)
            row.frame.hide()
        self._rows = {}
        for i, spec in enumerate(specs):
            built = self._built.get(spec.code)
            row = built if built is not None and built.spec == spec else self._build_row(spec)
            self._built[spec.code] = row
            self._rows_layout.insertWidget(i, row.frame)
            row.frame.show()
            self._rows[spec.code] = row
        self._sync_buttons()
        self.set_read_only(self._read_only)

    def _build_row(self, spec: MaterialSpec) -> _MaterialRow:
        frame = QFrame(self._rows_widget)
        frame.setObjectName("materialRow")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        name = QLabel(pick(self._language, spec.name_zh, spec.name_en), frame)
        name.setWordWrap(True)
        name.setToolTip(f"{spec.name_zh}\n{spec.name_en}")
        bits = [self.tr("Essential") if spec.essential else self.tr("May be owed (容缺)")]
        if spec.originals or spec.copies:
            bits.append(
                self.tr("originals {originals}, copies {copies}").format(
                    originals=spec.originals, copies=spec.copies
                )
            )
        if spec.issuer:
            bits.append(spec.issuer)
        note = QLabel(" · ".join(bits), frame)
        note.setWordWrap(True)
        note.setStyleSheet(_NOTE_STYLE)
        small = note.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 8.0))
        note.setFont(small)

        choices = QWidget(frame)
        h = QHBoxLayout(choices)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(10)
        group = QButtonGroup(frame)
        group.setExclusive(True)
        buttons: dict[MaterialStatus, QRadioButton] = {}
        for status in _CHOICES:
            if status is MaterialStatus.PROMISED and not spec.promise_allowed:
                continue
            shown = (
                MaterialStatus.OWED
                if status is MaterialStatus.MISSING and not spec.essential
                else status
            )
            b = QRadioButton(material_status_text(shown), choices)
            b.setObjectName(f"mark_{status.value}")
            b.toggled.connect(lambda on, code=spec.code, st=status: self._on_toggled(code, st, on))
            group.addButton(b)
            h.addWidget(b)
            buttons[status] = b
        h.addStretch(1)
        reused = QLabel(frame)
        reused.setStyleSheet(_REUSED_STYLE)
        reused.setWordWrap(True)
        v = QVBoxLayout(frame)
        v.setContentsMargins(6, 4, 6, 4)
        v.setSpacing(2)
        v.addWidget(name)
        v.addWidget(note)
        v.addWidget(choices)
        v.addWidget(reused)
        return _MaterialRow(spec, frame, name, note, choices, buttons, group, reused)

    def _sync_buttons(self) -> None:
        """Every row built (hidden ones too: none keeps an earlier applicant's marks)."""
        self._updating = True
        try:
            for code, row in self._built.items():
                locked = self._is_reused(row.spec)
                row.choices.setVisible(not locked)
                row.reused.setVisible(locked)
                if not locked:
                    row.reused.clear()  # no certificate number of an earlier applicant stays
                if locked:
                    row.reused.setText(
                        self.tr("Reused certificate: {certificate} {number}").format(
                            certificate=row.spec.reusable_cert_type,
                            number=self._held[row.spec.reusable_cert_type],
                        )
                    )
                    continue
                status = self._marks.get(code, MaterialStatus.MISSING)
                button = row.buttons.get(status) or row.buttons[MaterialStatus.MISSING]
                button.setChecked(True)
        finally:
            self._updating = False

    def _on_toggled(self, code: str, status: MaterialStatus, on: bool) -> None:
        if self._updating or not on:
            return
        self._marks[code] = status
        self._evaluate()
        self.sig_marked_changed.emit(self.marked())

    # ---- outcome -----------------------------------------------------------------------------

    def _evaluate(self, *, emit: bool = True) -> None:
        outcome = evaluate_materials(
            self.matter, self._values, self.marked(), held_certificates=self._held
        )
        changed = outcome != self._outcome
        self._outcome = outcome
        self._render_outcome(outcome)
        if changed and emit:
            self.sig_outcome_changed.emit(outcome)

    def _render_outcome(self, outcome: MaterialsOutcome) -> None:
        def names(lines: tuple[MaterialLine, ...]) -> str:
            return pick(self._language, "、", ", ").join(
                pick(self._language, ln.name_zh, ln.name_en) for ln in lines
            )

        text = decision_text(outcome.decision)
        if outcome.decision is MaterialsDecision.ACCEPT_WITH_SHORTFALL:
            text += "\n" + self.tr("Owed: {items}").format(items=names(outcome.owed))
        elif outcome.decision is MaterialsDecision.NOTIFY_MISSING:
            text += "\n" + self.tr("Missing: {items}").format(items=names(outcome.missing))
        self.outcome_label.setText(text)
        style = f"color: {DECISION_COLOURS[outcome.decision]}; font-weight: bold;"
        if self.outcome_label.styleSheet() != style:  # (setting it re-polishes the label)
            self.outcome_label.setStyleSheet(style)

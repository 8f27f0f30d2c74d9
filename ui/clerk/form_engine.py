"""A matter's application form, generated from its definition.

    form = MatterForm(matter, "zh_CN")
    form.load(matter_prefill.values, saved=None)   # path → FieldValue; path → text (a draft)
    form.sig_changed.connect(autosave)             # values, ~300 ms after the clerk stops typing
    form.values()                                  # path → text, as the core validates them
    form.errors()                                  # the core's validate_form on those values
    form.focus_first_error()

One widget per field type: line edits (with validators for numbers and money; dates accept
``YYYY-MM-DD`` and ``YYYYMMDD``), combo boxes of names (GB/T codes too), a check box, a multi-line
box. Sections are group boxes; a repeated section (the persons of a residence registration) has
a row per entry with "Remove" and an "Add" button up to its maximum. Each pre-filled field carries
a small tag naming its source (card, registry, default …, the exact source in its tooltip), which
turns into "Edited" when the clerk changes the value. Validation runs as the clerk types (pure
and fast, on the GUI thread, slightly debounced) and shows the core's message in the interface
language under the field. Enter moves to the next field (Tab from a multi-line box, where Enter
is a new line).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.matters.model import FieldSpec, FieldType, Matter, SectionSpec
from desktop.domain.matters.prefill import FieldValue
from desktop.domain.matters.validation import FieldError, validate_field, validate_form
from ui.clerk.form_fields import (
    ERROR_STYLE,
    TAG_COLOURS,
    FieldEditor,
    FormBlock,
    FormRow,
    is_wide,
    normalise_date,
    rows_named,
    tag_kind,
)
from ui.clerk.texts import edited_tag_text, pick, source_description, source_tag_text
from ui.clerk.widgets import Chip, SectionBox, panel_scroll_area

__all__ = ["MatterForm", "normalise_date"]

VALIDATE_DELAY_MS = 120
CHANGED_DELAY_MS = 300
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: What :meth:`MatterForm.eventFilter` looks at (the viewport's resize; an editor's focus, keys).
_FILTERED_EVENTS = frozenset(
    {QEvent.Type.Resize, QEvent.Type.FocusIn, QEvent.Type.FocusOut, QEvent.Type.KeyPress}
)


class MatterForm(QWidget):
    """See the module docstring."""

    #: The clerk changed something (debounced ~300 ms): the form's values (path → text).
    sig_changed = Signal(dict)
    #: Enter on the last field: the form is done, go on (e.g. to the materials).
    sig_last_field_done = Signal()

    def __init__(
        self,
        matter: Matter,
        language: str = "zh_CN",
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] | None = None,
        columns: int = 2,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("matterForm")
        self.matter = matter
        self._language = language
        self._today = today or date.today
        self._columns = max(1, min(columns, 2))
        self._columns_now = 1  # until the form knows its width
        fm = self.fontMetrics()
        longest = max(
            (
                fm.horizontalAdvance(pick(language, f.label_zh, f.label_en) + " *")
                for f in matter.fields
            ),
            default=0,
        )
        #: the label column: as wide as the longest label, within reason (long ones wrap)
        self._label_width = min(longest + 4, fm.horizontalAdvance("0") * 17)
        #: below this width the fields go one per line
        self._two_column_width = 2 * (self._label_width + fm.horizontalAdvance("0") * 26)
        self._blocks: list[FormBlock] = []
        self._editors: list[FieldEditor] = []
        self._loading = False
        self._read_only = False
        self._show_all = False
        self._pending: set[int] = set()  # ids of editors waiting for validation

        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self._validate_pending)
        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(CHANGED_DELAY_MS)
        self._changed_timer.timeout.connect(self._emit_changed)

        self._body = QWidget()
        self._body.setObjectName("matterFormBody")
        body = QVBoxLayout(self._body)
        body.setContentsMargins(2, 2, 8, 2)
        body.setSpacing(8)
        for section in matter.sections:
            block = self._build_block(section)
            body.addWidget(block.box)
        body.addStretch(1)

        self.scroll_area = panel_scroll_area(self._body, self)
        self.scroll_area.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self._update_tab_order()

    # ---- public ------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self._language

    @property
    def read_only(self) -> bool:
        return self._read_only

    def paths(self) -> list[str]:
        """Every field's path, in the form's order."""
        return [ed.path for ed in self._editors]

    def load(
        self,
        prefill: Mapping[str, FieldValue],
        saved: Mapping[str, str] | None = None,
    ) -> None:
        """Fill the form: ``saved`` values (a draft) win over pre-filled ones.

        Repeated sections get as many rows as the values name (at least their minimum).
        Pre-filled fields show their source; a saved value that differs shows "Edited".
        """
        self._loading = True
        try:
            self._show_all = False
            for block in self._blocks:
                if block.section.repeated:
                    wanted = max(
                        block.section.repeat_min,
                        rows_named(block.section, prefill),
                        rows_named(block.section, saved or {}),
                        1,
                    )
                    wanted = min(wanted, block.section.repeat_max)
                    while len(block.rows) > wanted:
                        self._remove_row(block, block.rows[-1], emit=False)
                    while len(block.rows) < wanted:
                        self._add_row(block)
            for ed in self._editors:
                path = ed.path
                ed.prefill = prefill.get(path)
                ed.touched = False
                value = ""
                if saved is not None and path in saved:
                    value = saved[path]
                elif ed.prefill is not None:
                    value = ed.prefill.value
                ed.set_value(value)
                self._render_tag(ed)
            self._pending = {id(ed) for ed in self._editors}
            self._validate_pending()
        finally:
            self._loading = False
        self._changed_timer.stop()
        self._update_add_buttons()
        self._update_tab_order()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.scroll_area.horizontalScrollBar().setValue(0)

    def clear(self) -> None:
        """Forget every value, source, finding and message: the form can serve the next person.

        What :meth:`load` then shows is what a freshly built form would show after the same
        load (a line edit's or text box's new text also clears its undo history).
        """
        self.load({})

    def values(self) -> dict[str, str]:
        """Every field's value (path → text; ISO dates, codes, ``true``/``false``)."""
        return {ed.path: ed.value() for ed in self._editors}

    def value(self, path: str) -> str:
        return self._editor(path).value()

    def set_value(self, path: str, text: str) -> None:
        """Set a value as if the clerk typed it (validation, tag and sig_changed follow)."""
        ed = self._editor(path)
        ed.set_value(text)
        self._on_edited(ed)

    def errors(self) -> tuple[FieldError, ...]:
        """What the core's validation says of the current values (every error)."""
        return validate_form(self.matter, self.values(), today=self._today())

    def shown_error(self, path: str) -> str:
        """The message shown under a field ("" when none)."""
        ed = self._editor(path)
        return ed.error.text() if ed.error.isVisibleTo(self) else ""

    def source_tag(self, path: str) -> str:
        """The tag beside a field ("" when it has none)."""
        ed = self._editor(path)
        return ed.tag.text() if ed.tag.isVisibleTo(self) else ""

    def source_tag_tooltip(self, path: str) -> str:
        return self._editor(path).tag.toolTip()

    def editor_widget(self, path: str) -> QWidget:
        return self._editor(path).widget

    def field_label(self, path: str) -> QLabel:
        return self._editor(path).label

    def row_count(self, section_key: str) -> int:
        return len(self._block(section_key).rows)

    def add_button(self, section_key: str) -> QPushButton | None:
        return self._block(section_key).add_button

    def remove_button(self, section_key: str, index: int) -> QPushButton | None:
        return self._block(section_key).rows[index].remove_button

    def add_row(self, section_key: str) -> bool:
        """Add an entry to a repeated section (its defaults filled); False at the maximum."""
        block = self._block(section_key)
        if (
            not block.section.repeated
            or len(block.rows) >= block.section.repeat_max
            or self._read_only
        ):
            return False
        row = self._add_row(block)
        self._update_add_buttons()
        self._update_tab_order()
        if row.editors:
            row.editors[0].widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._schedule_changed()
        return True

    def remove_row(self, section_key: str, index: int) -> bool:
        """Remove an entry; the following ones move up. False at the section's minimum."""
        block = self._block(section_key)
        if len(block.rows) <= max(block.section.repeat_min, 1) or self._read_only:
            return False
        self._remove_row(block, block.rows[index], emit=True)
        return True

    def focus_first_error(self) -> str | None:
        """Show every error (required fields left empty too) and focus the first; its path."""
        self._show_all = True
        self._pending = {id(ed) for ed in self._editors}
        self._validate_pending()
        for ed in self._editors:
            if ed.shown_error is not None:
                self._focus(ed)
                return ed.path
        return None

    def focus_first_field(self) -> None:
        first = next((ed for ed in self._editors if ed.widget.isEnabled()), None)
        if first is not None:
            self._focus(first)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for ed in self._editors:
            w = ed.widget
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.setReadOnly(read_only)
            else:
                w.setEnabled(not read_only)
        for block in self._blocks:
            for row in block.rows:
                if row.remove_button is not None:
                    row.remove_button.setVisible(not read_only)
            if block.add_button is not None:
                block.add_button.setVisible(not read_only)
        self._update_add_buttons()

    def flush(self) -> None:
        """Run pending validation and emit a pending sig_changed now (e.g. before saving)."""
        self._validate_pending()
        if self._changed_timer.isActive():
            self._changed_timer.stop()
            self._emit_changed()

    # ---- building ----------------------------------------------------------------------------

    def _build_block(self, section: SectionSpec) -> FormBlock:
        box = SectionBox(pick(self._language, section.title_zh, section.title_en), self._body)
        box.setObjectName(f"section_{section.key}")
        outer = QVBoxLayout(box)
        outer.setContentsMargins(8, 6, 8, 8)
        outer.setSpacing(6)
        rows_layout = QVBoxLayout()
        rows_layout.setSpacing(6)
        outer.addLayout(rows_layout)
        block = FormBlock(section, box, rows_layout)
        self._blocks.append(block)
        if section.repeated:
            title = pick(self._language, section.title_zh, section.title_en)
            add = QPushButton(self.tr("+ Add to {section}").format(section=title), box)
            add.setObjectName(f"add_{section.key}")
            add.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            add.clicked.connect(lambda: self.add_row(section.key))
            outer.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
            block.add_button = add
        for _ in range(max(section.repeat_min, 1)):
            self._add_row(block)
        self._update_add_buttons()
        return block

    def _add_row(self, block: FormBlock) -> FormRow:
        section = block.section
        frame = QFrame(block.box)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        row = FormRow(frame, grid)
        v = QVBoxLayout(frame)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        if section.repeated:
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            v.setContentsMargins(6, 4, 6, 6)
            head = QHBoxLayout()
            row.title = QLabel(frame)
            font = row.title.font()
            font.setBold(True)
            row.title.setFont(font)
            head.addWidget(row.title)
            head.addStretch(1)
            remove = QPushButton(self.tr("Remove"), frame)
            remove.setObjectName("removeRow")
            remove.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            remove.clicked.connect(lambda: self._on_remove_clicked(block, row))
            head.addWidget(remove)
            row.remove_button = remove
            v.addLayout(head)
        v.addLayout(grid)
        block.rows.append(row)

        for spec in section.fields:
            self._build_editor(spec, block, row, frame)
        self._place(row)
        block.rows_layout.addWidget(frame)
        frame.show()  # a layout would show it only later (queued)
        # the editors go into the form's order after the block's earlier rows
        after = [e for e in self._editors if e.block is block]
        anchor = after[-1] if after else self._last_editor_before(block)
        at = self._editors.index(anchor) + 1 if anchor is not None else 0
        self._editors[at:at] = row.editors
        if not self._loading:  # a row the clerk adds: the matter's defaults
            self._loading = True
            try:
                for ed in row.editors:
                    ed.prefill = FieldValue(ed.spec.default, "") if ed.spec.default else None
                    ed.set_value(ed.spec.default)
                    self._render_tag(ed)
            finally:
                self._loading = False
        self._renumber(block)
        if self._read_only:
            self.set_read_only(True)
        return row

    def _place(self, row: FormRow) -> None:
        """Lay a row's fields out in the current number of columns (long texts span them all)."""
        grid = row.grid
        while grid.count():
            grid.takeAt(0)
        for c in range(4):
            grid.setColumnStretch(c, 0)
        columns = self._columns_now
        for c in range(columns):
            grid.setColumnStretch(2 * c + 1, 1)
            grid.setColumnMinimumWidth(2 * c, self._label_width)
        for c in range(columns, 2):
            grid.setColumnMinimumWidth(2 * c, 0)
        r, c = 0, 0
        for ed in row.editors:
            wide = is_wide(ed.spec)
            if wide and c != 0:
                r, c = r + 1, 0
            grid.addWidget(ed.label, r, 2 * c, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(ed.cell, r, 2 * c + 1, 1, 2 * columns - 1 if wide else 1)
            c = 0 if wide else c + 1
            if c == 0 or c >= columns:
                r, c = r + 1, 0

    def _fit_columns(self) -> None:
        width = self.scroll_area.viewport().width()
        # a little hysteresis: a vertical scroll bar coming and going must not flip the layout
        threshold = self._two_column_width - (24 if self._columns_now > 1 else 0)
        wanted = self._columns if width >= threshold else 1
        if wanted != self._columns_now:
            self._columns_now = wanted
            for block in self._blocks:
                for row in block.rows:
                    self._place(row)

    def _last_editor_before(self, block: FormBlock) -> FieldEditor | None:
        index = self._blocks.index(block)
        for earlier in reversed(self._blocks[:index]):
            eds = [e for e in self._editors if e.block is earlier]
            if eds:
                return eds[-1]
        return None

    def _build_editor(
        self, spec: FieldSpec, block: FormBlock, row: FormRow, parent: QWidget
    ) -> FieldEditor:
        label_text = pick(self._language, spec.label_zh, spec.label_en)
        label = QLabel(label_text + (" *" if spec.required else ""), parent)
        label.setWordWrap(True)
        label.setFixedWidth(self._label_width)
        help_text = pick(self._language, spec.help_zh, spec.help_en)
        cell = QWidget(parent)
        widget = self._make_widget(spec, cell)
        widget.setObjectName(f"field_{spec.key}")
        widget.setAccessibleName(label_text)
        if help_text:
            widget.setToolTip(help_text)
            label.setToolTip(help_text)
        label.setBuddy(widget)
        tag = Chip("", *TAG_COLOURS["default"], cell)
        tag.setObjectName("sourceTag")
        small = tag.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 8.0))
        tag.setFont(small)
        tag.hide()
        error = QLabel(cell)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.setFont(small)
        error.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(widget, 1)
        top.addWidget(tag, 0, Qt.AlignmentFlag.AlignVCenter)
        v = QVBoxLayout(cell)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addLayout(top)
        v.addWidget(error)
        ed = FieldEditor(spec, block, row, widget, label, tag, error, cell)
        row.editors.append(ed)
        self._connect(ed)
        return ed

    def _make_widget(self, spec: FieldSpec, parent: QWidget) -> QWidget:
        t = spec.type
        if t is FieldType.CHOICE:
            combo = QComboBox(parent)
            combo.addItem("", "")
            for o in spec.options:
                name = pick(self._language, o.name_zh, o.name_en)
                shown = spec.national_codes and name != o.code  # never our own keys
                combo.addItem(f"{o.code} {name}" if shown else name, o.code)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            return combo
        if t is FieldType.BOOL:
            return QCheckBox(self.tr("Yes"), parent)
        if t is FieldType.LONG_TEXT:
            box = QPlainTextEdit(parent)
            box.setTabChangesFocus(True)
            box.setFixedHeight(int(self.fontMetrics().lineSpacing() * 3.6))
            box.setPlaceholderText(self.tr("Enter: new line · Tab: next field"))
            return box
        edit = QLineEdit(parent)
        if t is FieldType.DATE:
            edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
            edit.setValidator(
                QRegularExpressionValidator(QRegularExpression(r"^[0-9-]{0,10}$"), edit)
            )
        elif t is FieldType.INTEGER:
            edit.setValidator(
                QRegularExpressionValidator(QRegularExpression(r"^-?[0-9]{0,12}$"), edit)
            )
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        elif t is FieldType.MONEY:
            edit.setValidator(
                QRegularExpressionValidator(
                    QRegularExpression(r"^[0-9]{0,12}(\.[0-9]{0,2})?$"), edit
                )
            )
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText("0.00")
        elif t is FieldType.PHONE:
            edit.setPlaceholderText(self.tr("mobile or area code-number"))
        return edit

    def _connect(self, ed: FieldEditor) -> None:
        w = ed.widget
        if isinstance(w, QComboBox):
            w.currentIndexChanged.connect(lambda _i: self._on_edited(ed))
        elif isinstance(w, QCheckBox):
            w.toggled.connect(lambda _c: self._on_edited(ed))
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(lambda: self._on_edited(ed))
        elif isinstance(w, QLineEdit):
            w.textChanged.connect(lambda _t: self._on_edited(ed))
            if ed.spec.type is FieldType.DATE:
                w.editingFinished.connect(lambda: self._normalise_date(ed))
        w.installEventFilter(self)

    def _renumber(self, block: FormBlock) -> None:
        title = pick(self._language, block.section.title_zh, block.section.title_en)
        for i, row in enumerate(block.rows):
            if row.title is not None:
                row.title.setText(f"{title} {i + 1}")

    def _update_add_buttons(self) -> None:
        for block in self._blocks:
            section = block.section
            if block.add_button is not None:
                block.add_button.setEnabled(
                    len(block.rows) < section.repeat_max and not self._read_only
                )
                block.add_button.setToolTip(
                    self.tr("{count} of at most {max}").format(
                        count=len(block.rows), max=section.repeat_max
                    )
                )
            for row in block.rows:
                if row.remove_button is not None:
                    row.remove_button.setEnabled(
                        len(block.rows) > max(section.repeat_min, 1) and not self._read_only
                    )

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = []
        for block in self._blocks:
            for row in block.rows:
                chain.extend(ed.widget for ed in row.editors)
                if row.remove_button is not None:
                    chain.append(row.remove_button)
            if block.add_button is not None:
                chain.append(block.add_button)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _remove_row(self, block: FormBlock, row: FormRow, *, emit: bool) -> None:
        gone = {id(ed) for ed in row.editors}
        self._editors = [ed for ed in self._editors if id(ed) not in gone]
        self._pending -= gone
        block.rows.remove(row)
        block.rows_layout.removeWidget(row.frame)
        for ed in row.editors:
            ed.widget.removeEventFilter(self)
        row.frame.hide()
        row.frame.deleteLater()
        row.editors = []
        self._renumber(block)
        if emit:
            self._update_add_buttons()
            self._update_tab_order()
            remaining = [ed for ed in self._editors if ed.block is block]
            self._pending |= {id(ed) for ed in remaining}
            self._validate_timer.start()
            self._schedule_changed()

    def _on_remove_clicked(self, block: FormBlock, row: FormRow) -> None:
        if row in block.rows:
            index = block.rows.index(row)
            if self.remove_row(block.section.key, index):
                target = block.rows[min(index, len(block.rows) - 1)]
                if target.editors:
                    self._focus(target.editors[0])

    # ---- edits, tags, validation ---------------------------------------------------------------

    def _editor(self, path: str) -> FieldEditor:
        for ed in self._editors:
            if ed.path == path:
                return ed
        raise KeyError(path)

    def _block(self, section_key: str) -> FormBlock:
        for block in self._blocks:
            if block.section.key == section_key:
                return block
        raise KeyError(section_key)

    def _on_edited(self, ed: FieldEditor) -> None:
        if self._loading:
            return
        ed.touched = True
        self._render_tag(ed)
        self._pending.add(id(ed))
        # an ID type changes what a valid ID number is: check the numbers that depend on it
        for other in ed.row.editors:
            if other.spec.id_type_field == ed.spec.key:
                self._pending.add(id(other))
        self._validate_timer.start()
        self._schedule_changed()

    def _schedule_changed(self) -> None:
        if not self._loading:
            self._changed_timer.start()

    def _emit_changed(self) -> None:
        self.sig_changed.emit(self.values())

    def _normalise_date(self, ed: FieldEditor) -> None:
        w = ed.widget
        assert isinstance(w, QLineEdit)
        fixed = normalise_date(w.text())
        if fixed != w.text():
            w.setText(fixed)

    def _render_tag(self, ed: FieldEditor) -> None:
        pv = ed.prefill
        if pv is None:
            ed.tag.hide()
            ed.tag.setText("")
            ed.tag.setToolTip("")  # an earlier "Pre-filled: <value>" must not linger
            ed.tag.setProperty("edited", False)
            return
        if ed.value() == pv.value.strip():
            ed.tag.setText(source_tag_text(pv.source))
            ed.tag.set_colours(*TAG_COLOURS[tag_kind(pv.source)])
            ed.tag.setToolTip(source_description(pv.source))
            ed.tag.setProperty("edited", False)
        else:
            ed.tag.setText(edited_tag_text())
            ed.tag.set_colours(*TAG_COLOURS["edited"])
            ed.tag.setToolTip(
                self.tr("Changed by the clerk. Pre-filled: {value} ({source})").format(
                    value=pv.value or "—", source=source_description(pv.source)
                )
            )
            ed.tag.setProperty("edited", True)
        ed.tag.show()

    def _validate_pending(self) -> None:
        self._validate_timer.stop()
        if not self._pending:
            return
        pending, self._pending = self._pending, set()
        values: dict[str, str] | None = None
        today = self._today()
        for ed in self._editors:
            if id(ed) not in pending:
                continue
            value = ed.value()
            id_type = ""
            if ed.spec.id_type_field:
                if values is None:
                    values = self.values()
                id_type = values.get(ed.sibling_path(ed.spec.id_type_field), "")
            error = validate_field(ed.spec, value, path=ed.path, today=today, id_type=id_type)
            show = self._show_all or ed.touched or bool(value.strip())
            if ed.spec.type is FieldType.BOOL:
                show = True
            self._show_error(ed, error if show else None)

    def _show_error(self, ed: FieldEditor, error: FieldError | None) -> None:
        ed.shown_error = error
        if error is None:
            ed.error.clear()
            ed.error.setToolTip("")
            ed.error.hide()
            ed.widget.setProperty("invalid", False)
        else:
            ed.error.setText(pick(self._language, error.message_zh, error.message_en))
            ed.error.setToolTip(error.detail)
            ed.error.show()
            ed.widget.setProperty("invalid", True)

    # ---- keyboard and focus ------------------------------------------------------------------

    def _focus(self, ed: FieldEditor) -> None:
        ed.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(ed.cell, 16, 16)
        if isinstance(ed.widget, QLineEdit):
            ed.widget.selectAll()

    def _focus_next(self, ed: FieldEditor) -> None:
        order = [e for e in self._editors if e.widget.isEnabled()]
        if ed not in order:
            return
        at = order.index(ed)
        if at + 1 < len(order):
            self._focus(order[at + 1])
        else:
            self.sig_last_field_done.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        # every event of every editor passes here (≈ 140 a card: show, move, paint …): the
        # ones not looked at leave at once
        if etype not in _FILTERED_EVENTS or not hasattr(self, "scroll_area"):  # (being built)
            return False
        if watched is self.scroll_area.viewport():
            if etype == QEvent.Type.Resize:
                self._fit_columns()
            return False
        if etype == QEvent.Type.FocusIn:
            ed = self._editor_of(watched)
            if ed is not None:
                self.scroll_area.ensureWidgetVisible(ed.cell, 16, 16)
        elif etype == QEvent.Type.FocusOut:
            ed = self._editor_of(watched)
            # leaving a required field empty is worth saying as soon as it is left
            if (
                ed is not None
                and not self._loading
                and ed.spec.required
                and not ed.touched
                and not ed.value()
            ):
                ed.touched = True
                self._pending.add(id(ed))
                self._validate_timer.start()
        elif (
            etype == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
        ):
            ed = self._editor_of(watched)
            if ed is not None:
                if isinstance(ed.widget, QPlainTextEdit):
                    # Enter is a new line; Tab moves on; Ctrl+Enter stays the window's (accept)
                    return False
                if isinstance(ed.widget, QLineEdit) and ed.spec.type is FieldType.DATE:
                    self._normalise_date(ed)
                self._focus_next(ed)
                return True
        return super().eventFilter(watched, event)

    def _editor_of(self, watched: QObject) -> FieldEditor | None:
        return next((ed for ed in self._editors if ed.widget is watched), None)

"""The parts of a matter's form: a field's editor (its widget, label, source tag and message),
the rows and section blocks that hold them, and the small rules they follow.

:class:`~ui.clerk.form_engine.MatterForm` builds and drives them; a field's value goes in and
out of its widget here (:meth:`FieldEditor.value`, :meth:`FieldEditor.set_value`), as the text
the core validates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.matters.model import FieldSpec, FieldType, SectionSpec
from desktop.domain.matters.prefill import FieldValue, SourceKind
from desktop.domain.matters.validation import FieldError
from ui.clerk.widgets import Chip

__all__ = [
    "ERROR_STYLE",
    "TAG_COLOURS",
    "FieldEditor",
    "FormBlock",
    "FormRow",
    "is_wide",
    "normalise_date",
    "rows_named",
    "tag_kind",
]

#: Tag colours (background, text) by source kind; "edited" in amber.
TAG_COLOURS: dict[str, tuple[str, str]] = {
    "card": ("#dbeafe", "#1e40af"),
    "registry": ("#dcfce7", "#166534"),
    "certificate": ("#ede9fe", "#5b21b6"),
    "default": ("#f3f4f6", "#374151"),
    "edited": ("#fef3c7", "#92400e"),
}
ERROR_STYLE = "color: #b91c1c;"

_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def normalise_date(text: str) -> str:
    """``20260105`` → ``2026-01-05``; anything else unchanged (stripped)."""
    text = text.strip()
    m = _DATE_DIGITS.match(text)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else text


def tag_kind(source: str) -> str:
    head = source.split(".", 1)[0]
    if head == SourceKind.CARD:
        return "card"
    if head == SourceKind.CERTIFICATE:
        return "certificate"
    if not source or head == SourceKind.TODAY:
        return "default"
    return "registry"


@dataclass(eq=False)
class FormRow:
    """One entry of a section (the only one for a section that does not repeat)."""

    frame: QWidget
    grid: QGridLayout
    title: QLabel | None = None
    remove_button: QPushButton | None = None
    editors: list[FieldEditor] = field(default_factory=list)


@dataclass(eq=False)
class FormBlock:
    """A section: its group box, its rows, and for a repeated section the Add button."""

    section: SectionSpec
    box: QGroupBox
    rows_layout: QVBoxLayout
    rows: list[FormRow] = field(default_factory=list)
    add_button: QPushButton | None = None


@dataclass(eq=False)
class FieldEditor:
    spec: FieldSpec
    block: FormBlock
    row: FormRow
    widget: QWidget
    label: QLabel
    tag: Chip
    error: QLabel
    cell: QWidget
    prefill: FieldValue | None = None
    touched: bool = False
    shown_error: FieldError | None = None

    @property
    def path(self) -> str:
        section = self.block.section
        if not section.repeated:
            return self.spec.key
        return f"{section.key}.{self.block.rows.index(self.row)}.{self.spec.key}"

    def sibling_path(self, key: str) -> str:
        section = self.block.section
        if not section.repeated:
            return key
        return f"{section.key}.{self.block.rows.index(self.row)}.{key}"

    def value(self) -> str:
        w = self.widget
        if isinstance(w, QComboBox):
            data = w.currentData()
            return "" if data is None else str(data)
        if isinstance(w, QCheckBox):
            return "true" if w.isChecked() else "false"
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip()
        assert isinstance(w, QLineEdit)
        text = w.text().strip()
        return normalise_date(text) if self.spec.type is FieldType.DATE else text

    def set_value(self, text: str) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            # an earlier value that was not an option goes: its item would show it
            while w.count() > len(self.spec.options) + 1:
                w.removeItem(w.count() - 1)
            index = w.findData(text)
            if index < 0 and text:
                w.addItem(f"{text} ?", text)  # not an option: kept, and validation says so
                index = w.count() - 1
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(text == "true")
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(text)
        else:
            assert isinstance(w, QLineEdit)
            w.setText(text)
            w.setCursorPosition(0)


def is_wide(spec: FieldSpec) -> bool:
    """Fields that take a whole line: multi-line text, addresses and other long text, codes."""
    if spec.type in (FieldType.LONG_TEXT, FieldType.HOUSE_CODE):
        return True
    return spec.type is FieldType.TEXT and (spec.max_length or 0) >= 100


def rows_named(section: SectionSpec, values: Mapping[str, object]) -> int:
    """How many rows of a repeated section the keys of ``values`` name (highest index + 1)."""
    prefix = f"{section.key}."
    rows = 0
    for key in values:
        if key.startswith(prefix):
            idx = key[len(prefix) :].split(".", 1)[0]
            if idx.isdigit():
                rows = max(rows, int(idx) + 1)
    return rows

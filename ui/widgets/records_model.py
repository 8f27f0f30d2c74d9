"""A table model over one page of frozen records (a queue page, a follow-up list, an audit
page): the rows as the core ordered them, replaced whole on each load.

A subclass names its ``columns`` (keys, in their order) and provides ``headerData`` and
``data``; :meth:`RecordsModel.record` is the record of a row (None outside the page).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QWidget

__all__ = ["RecordsModel"]

R = TypeVar("R")


class RecordsModel(QAbstractTableModel, Generic[R]):
    """Rows of records ``R`` over the columns ``columns``."""

    #: The column keys, in their order.
    columns: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> tuple[R, ...]:
        return tuple(self._rows)

    def record(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

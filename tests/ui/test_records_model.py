"""The table model over a page of records (``ui.widgets.records_model.RecordsModel``) that the
review queue, the follow-ups and the audit log build on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex

from ui.widgets.records_model import RecordsModel


class Pairs(RecordsModel[tuple[str, int]]):
    columns = ("name", "count")


def test_rows_replace_whole_and_record_is_none_outside_the_page(qtbot: Any) -> None:
    model = Pairs()
    assert (model.rowCount(), model.columnCount(), model.rows()) == (0, 2, ())
    with qtbot.waitSignal(model.modelReset, timeout=1_000):
        model.set_rows(iter([("a", 1), ("b", 2)]))  # any iterable, taken once
    assert model.rowCount() == 2 and model.rows() == (("a", 1), ("b", 2))
    assert model.record(1) == ("b", 2)
    assert model.record(2) is None and model.record(-1) is None
    parent = model.index(0, 0)
    assert parent.isValid() and model.rowCount(parent) == 0 and model.columnCount(parent) == 0
    model.set_rows([])
    assert model.rowCount(QModelIndex()) == 0 and model.record(0) is None

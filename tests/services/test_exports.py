"""Tables exported as CSV and XLSX, read back by real readers (csv, openpyxl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat

import openpyxl
import pytest

from desktop.services.exports import ExportError, ExportFormat, export_table, table_bytes

HEADERS = ["受理编号", "事项", "件数", "日期"]
ROWS = [
    ["YC20261206-0001", "居住登记", 3, dt.date(2026, 12, 6)],
    ['=HYPERLINK("http://x")', "-1+2", 4.5, dt.datetime(2026, 12, 6, 9, 30)],
    [None, "@sum", 0, None],
]


def test_csv_has_bom_chinese_and_defused_formulas() -> None:
    data = table_bytes(HEADERS, ROWS, ExportFormat.CSV)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert rows[1] == ["YC20261206-0001", "居住登记", "3", "2026-12-06"]
    assert rows[2][0] == '\'=HYPERLINK("http://x")'
    assert rows[2][1] == "'-1+2"
    assert rows[2][3] == "2026-12-06 09:30:00"
    assert rows[3] == ["", "'@sum", "0", ""]


def test_xlsx_keeps_types_and_never_writes_a_formula(tmp_path) -> None:
    path = export_table(tmp_path / "board.xlsx", HEADERS, ROWS, sheet_title="期限看板")
    book = openpyxl.load_workbook(path)
    sheet = book["期限看板"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert values[1][2] == 3 and values[1][3] == dt.datetime(2026, 12, 6)
    formula_cell = sheet.cell(row=3, column=1)
    assert formula_cell.data_type == "s"
    assert formula_cell.value == '=HYPERLINK("http://x")'
    assert sheet.freeze_panes == "A2"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_export_is_owner_only(tmp_path) -> None:
    path = export_table(tmp_path / "t.csv", HEADERS, ROWS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_unknown_suffix_and_missing_folder_are_coded_errors(tmp_path) -> None:
    with pytest.raises(ExportError) as bad:
        export_table(tmp_path / "t.pdf", HEADERS, ROWS)
    assert bad.value.code == "export.bad_format"
    with pytest.raises(ExportError) as missing:
        export_table(tmp_path / "no" / "such" / "t.csv", HEADERS, ROWS)
    assert missing.value.code == "export.failed"
